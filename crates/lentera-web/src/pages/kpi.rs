//! KPI colours of a month per region, drilling down to the libraries, with a CSV export.

use axum::extract::{Query, State};
use lentera_core::kpi::{Colour, ColourCount, LibraryKpi, colour_filter};
use lentera_core::library::Page;
use lentera_core::monthly::Completeness;
use lentera_core::monthly::region_and_month;
use lentera_core::services::kpi;
use lentera_core::time_fmt::number;
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, kpi_badge, page, pager};
use crate::http::PageResult;

#[derive(Deserialize, Default)]
pub struct KpiQuery {
    periode: Option<String>,
    region: Option<String>,
    warna: Option<String>,
    page: Option<String>,
}

const PER_PAGE: i64 = 50;

fn counts_cells(c: &ColourCount, lang: lentera_core::i18n::Lang) -> Markup {
    let pct = |n| Completeness::percent(n, c.total());
    html! {
        td.num { (number(c.green, lang)) " (" (pct(c.green)) "%)" }
        td.num { (number(c.yellow, lang)) " (" (pct(c.yellow)) "%)" }
        td.num { (number(c.red, lang)) " (" (pct(c.red)) "%)" }
    }
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Query(q): Query<KpiQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let (region, period) = region_and_month(
        state.env.today(lentera_core::region::TimeZone::Wib),
        q.region.as_deref(),
        q.periode.as_deref(),
    )?;
    let colour = colour_filter(q.warna.as_deref())?;
    let page_no = q.page.as_deref().and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
    let rules = state.kpi_rules();
    let (view, chain) = state
        .run(move |s| {
            let view = kpi::region(s, &actor, &rules, region, period)?;
            let chain = match &view.region {
                Some(r) => lentera_core::services::regions::ancestry(s, r)?,
                None => Vec::new(),
            };
            Ok((view, chain))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let here = view.region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let link = |region: &str, warna: Option<Colour>| {
        format!("/kinerja?periode={period}&region={region}{}", warna.map(|c| format!("&warna={c}")).unwrap_or_default())
    };
    let shown: Vec<&LibraryKpi> = view.libraries_of(colour).collect();
    let start = ((page_no - 1) * PER_PAGE) as usize;
    let listed = Page {
        items: shown.iter().skip(start).take(PER_PAGE as usize).copied().collect::<Vec<_>>(),
        total: shown.len() as i64,
        page: page_no,
        per_page: PER_PAGE,
    };
    let base = format!("periode={period}&region={here}{}", colour.map(|c| format!("&warna={c}")).unwrap_or_default());
    let th = rules.thresholds;
    let body = html! {
        h1 { (t("Skor kinerja (KPI) perpustakaan", "Library KPI colours")) }
        nav.crumbs { a href=(link("", colour)) { "Indonesia" }
            @for r in &chain { a href=(link(r.code.as_str(), colour)) { (r.name) } } }
        form.actions method="get" action="/kinerja" {
            input type="hidden" name="region" value=(here);
            label for="periode" { (t("Bulan", "Month")) }
            input #periode name="periode" type="month" value=(period.to_string());
            label for="warna" { (t("Warna", "Colour")) }
            select #warna name="warna" {
                option value="" { (t("Semua", "All")) }
                @for c in Colour::ALL { option value=(c.code()) selected[Some(*c) == colour] { (c.label(lang)) } }
            }
            button type="submit" { (t("Tampilkan", "Show")) }
        }
        details {
            summary { (t("Cara skor dihitung", "How the score works")) }
            ul {
                li { (t("Kegiatan disetujui yang dimulai bulan ini: hijau ≥ ", "Approved activities that started this month: green ≥ ")) (th.activities_green) ", " (t("kuning ≥ ", "yellow ≥ ")) (th.activities_yellow) "." }
                li { (t("Peserta kegiatan tersebut: hijau ≥ ", "Participants in them: green ≥ ")) (th.participants_green) ", " (t("kuning ≥ ", "yellow ≥ ")) (th.participants_yellow) "." }
                li { (t("Laporan bulanan: hijau bila diajukan sebelum batas waktu (tanggal ", "Monthly figures: green when submitted by the deadline (day ")) (state.config.deadline_day) (t(" bulan berikutnya), kuning bila terlambat, merah bila belum ada.", " of the next month), yellow when late, red when missing.")) }
                li { (t("Hijau = 2 poin, kuning = 1, merah = 0. Total 5–6 poin: hijau; 3–4: kuning; di bawahnya: merah. Hanya perpustakaan program yang aktif yang dinilai.", "Green = 2 points, yellow = 1, red = 0. 5–6 points: green; 3–4: yellow; below: red. Only active programme libraries are scored.")) }
            }
        }
        p { (period.label(lang)) }
        dl.facts {
            dt { (kpi_badge(Colour::Green, lang)) } dd { (number(view.total.green, lang)) " (" (Completeness::percent(view.total.green, view.total.total())) "%)" }
            dt { (kpi_badge(Colour::Yellow, lang)) } dd { (number(view.total.yellow, lang)) " (" (Completeness::percent(view.total.yellow, view.total.total())) "%)" }
            dt { (kpi_badge(Colour::Red, lang)) } dd { (number(view.total.red, lang)) " (" (Completeness::percent(view.total.red, view.total.total())) "%)" }
        }
        @if view.rows.is_empty() { p.empty { (t("Tidak ada perpustakaan program di wilayah ini.", "No programme libraries in this region.")) } }
        @else {
            div.table-wrap { table #kpi-wilayah {
                thead { tr { th scope="col" { (t("Wilayah", "Region")) } th.num scope="col" { (t("Hijau", "Green")) }
                    th.num scope="col" { (t("Kuning", "Yellow")) } th.num scope="col" { (t("Merah", "Red")) } } }
                tbody { @for c in &view.rows { tr {
                    td { @if c.code.len() < 13 { a href=(link(&c.code, colour)) { (c.name) } } @else { (c.name) } }
                    (counts_cells(c, lang))
                } } }
            } }
        }
        h2 { (t("Perpustakaan", "Libraries")) @if let Some(c) = colour { " · " (c.label(lang)) } }
        @if listed.items.is_empty() {
            p.empty { (t("Tidak ada perpustakaan dengan warna ini.", "No library has this colour.")) }
        } @else {
            p { a.button.secondary href={ "/kinerja.csv?" (base) } { (t("Unduh CSV", "Download CSV")) } }
            div.table-wrap { table #kpi-perpustakaan {
                thead { tr { th scope="col" { (t("Perpustakaan", "Library")) } th scope="col" { (t("Skor", "Score")) }
                    th.num scope="col" { (t("Kegiatan", "Activities")) } th.num scope="col" { (t("Peserta", "Participants")) }
                    th scope="col" { (t("Laporan bulanan", "Monthly figures")) } } }
                tbody { @for l in &listed.items { @if let Some(s) = l.score { tr {
                    td { a href={ "/perpustakaan/" (l.facts.library_id) } { (l.facts.library_name) } br; small { code { (l.facts.region_code) } } }
                    td { (kpi_badge(s.overall, lang)) }
                    td.num { (l.facts.activities) " " (kpi_badge(s.activities, lang)) }
                    td.num { (number(l.facts.participants, lang)) " " (kpi_badge(s.participants, lang)) }
                    td { (monthly_word(s.monthly, lang)) }
                } } } }
            } }
            (pager(&listed, &base, lang))
        }
    };
    Ok(crate::http::html_response(page(Layout::from(&ctx), t("Skor kinerja", "KPI colours"), body)))
}

/// What the monthly indicator's colour means, in words.
pub fn monthly_word(c: Colour, lang: lentera_core::i18n::Lang) -> Markup {
    let word = match c {
        Colour::Green => lang.t("Tepat waktu", "On time"),
        Colour::Yellow => lang.t("Terlambat", "Late"),
        Colour::Red => lang.t("Belum ada", "Missing"),
    };
    html! { (kpi_badge(c, lang)) " " (word) }
}

pub async fn csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<KpiQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let (region, period) = region_and_month(
        state.env.today(lentera_core::region::TimeZone::Wib),
        q.region.as_deref(),
        q.periode.as_deref(),
    )?;
    let colour = colour_filter(q.warna.as_deref())?;
    let rules = state.kpi_rules();
    let lang = ctx.lang;
    let bytes = state
        .run(move |s| {
            let view = kpi::region(s, &actor, &rules, region, period)?;
            let rows = view
                .libraries_of(colour)
                .filter_map(|l| l.score.map(|s| (l, s)))
                .map(|(l, s)| {
                    vec![
                        l.facts.library_name.clone(),
                        l.facts.region_code.to_string(),
                        period.to_string(),
                        s.overall.label(lang).to_string(),
                        l.facts.activities.to_string(),
                        l.facts.participants.to_string(),
                        s.monthly.label(lang).to_string(),
                    ]
                })
                .collect::<Vec<_>>();
            crate::tabular::write_csv(
                &["perpustakaan", "kode_wilayah", "bulan", "skor", "kegiatan", "peserta", "laporan_bulanan"],
                rows,
            )
        })
        .await?;
    Ok(crate::http::download(bytes, &format!("kinerja-{period}.csv")))
}
