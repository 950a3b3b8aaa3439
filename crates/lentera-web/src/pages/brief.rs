//! The advocacy brief of a library (`/ringkasan/{library}`) and of a regency/city or
//! province (`/ringkasan/wilayah/{code}`): a light public page with an Open Graph preview to
//! share on WhatsApp, and its two-page PDF. Approved figures only, no personal
//! data; anyone with the link may read it, as budget holders will.

use axum::extract::{Path, Query, State};
use lentera_core::Error;
use lentera_core::brief::{Audience, Brief};
use lentera_core::i18n::Lang;
use lentera_core::ids::LibraryId;
use lentera_core::money::rupiah;
use lentera_core::services::brief;
use lentera_core::time_fmt::{calendar_date, number};
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page_with_head};
use crate::http::{PageResult, html_response, parse_id};

#[derive(Deserialize, Default)]
pub struct BriefQuery {
    untuk: Option<String>,
    tahun: Option<String>,
}

impl BriefQuery {
    fn parse(&self) -> Result<(Audience, Option<i32>), Error> {
        let audience = match self.untuk.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Audience::VillageHead,
            Some(a) => Audience::parse(a)
                .ok_or_else(|| Error::field("untuk", "Pembaca tidak dikenal.", "Unknown audience."))?,
        };
        let year = match self.tahun.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(y) => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (2018..=2100).contains(y))
                    .ok_or_else(|| Error::field("tahun", "Tahun tidak valid.", "Invalid year."))?,
            ),
        };
        Ok((audience, year))
    }
}

async fn gather(state: &AppState, id: LibraryId, q: &BriefQuery) -> Result<Brief, crate::http::PageError> {
    let (audience, year) = q.parse()?;
    let rules = state.kpi_rules();
    Ok(state.run(move |s| brief::of_library(s, &rules, id, audience, year)).await?)
}

fn query_of(audience: Audience, budget_year: i32) -> String {
    format!("untuk={}&tahun={budget_year}", audience.code())
}

/// The reader and budget year of a brief.
fn chooser(ctx: &Ctx, action: &str, audience: Audience, budget_year: i32) -> maud::Markup {
    let t = |id, en| ctx.t(id, en);
    html! {
        form.actions method="get" action=(action) {
            label for="untuk" { (t("Untuk", "For")) }
            select #untuk name="untuk" { @for a in Audience::ALL { option value=(a.code()) selected[*a == audience] { (a.label(ctx.lang)) } } }
            label for="tahun" { (t("Tahun anggaran", "Budget year")) }
            input #tahun name="tahun" type="number" min="2018" max="2100" inputmode="numeric" value=(budget_year);
            button.secondary type="submit" { (t("Tampilkan", "Show")) }
        }
    }
}

/// The Open Graph preview of a brief.
fn og(title: &str, summary: &str, url: &str) -> maud::Markup {
    html! {
        meta property="og:type" content="article";
        meta property="og:title" content={ "Ringkasan advokasi — " (title) };
        meta property="og:description" content=(summary);
        meta property="og:url" content=(url);
        meta name="description" content=(summary);
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<BriefQuery>,
) -> PageResult {
    let id: LibraryId = parse_id(&id)?;
    let b = gather(&state, id, &q).await?;
    let lang = ctx.lang;
    let t = |id, en| ctx.t(id, en);
    let url = format!("{}/ringkasan/{id}?{}", crate::proxy::public_base(&state), query_of(b.audience, b.budget_year));
    let r = &b.reach;
    let summary = format!(
        "{} kegiatan, {} peserta dalam 12 bulan; dana diperoleh {}.",
        number(r.activities, Lang::Id),
        number(r.participants(), Lang::Id),
        rupiah(b.leveraged_total(), Lang::Id)
    );
    let head = og(&b.library.name, &summary, &url);
    let body = html! {
        p { small { (t("Ringkasan advokasi", "Advocacy brief")) " · " (b.audience.label(lang)) } }
        h1 { (b.library.name) }
        p { (b.library.region_code) @if let Some(rn) = &b.regency_name { " · " (rn) } }
        (chooser(&ctx, &format!("/ringkasan/{id}"), b.audience, b.budget_year))
        p { a.button href={ "/ringkasan/" (id) "/pdf?" (query_of(b.audience, b.budget_year)) } { (t("Unduh PDF (2 halaman)", "Download PDF (2 pages)")) } }
        h2 { (t("Pesan utama", "Key message")) }
        p { (b.message) }
        @if !b.needs.is_empty() {
            h2 { (t("Kebutuhan masyarakat", "Community needs")) }
            ul { @for n in &b.needs { li { (n.problem) ": " (n.need) } } }
        }
        h2 { (t("Yang sudah dilakukan", "What the library did")) }
        p { (b.from.label(lang)) " – " (b.to.label(lang)) }
        dl.facts #capaian {
            dt { (t("Kegiatan disetujui", "Approved activities")) } dd { (number(r.activities, lang)) }
            dt { (t("Peserta", "Participants")) } dd { (number(r.participants(), lang)) " (" (t("P ", "F ")) (number(r.female, lang)) " · " (t("L ", "M ")) (number(r.male, lang)) ")" }
            dt { (t("Penyandang disabilitas", "People with disabilities")) } dd { (number(r.disabled, lang)) }
            @if let Some(avg) = b.regency_average { dt { (t("Rata-rata kabupaten/kota", "Regency average")) } dd { (lentera_core::time_fmt::one_decimal(avg, lang)) " " (t("kegiatan", "activities")) } }
            @if let Some(k) = b.kpi { dt { (t("Warna kinerja", "KPI colour")) } dd { (crate::html::kpi_badge(k.overall, lang)) } }
        }
        @if let Some((title, story)) = &b.story { h2 { (t("Kisah perubahan", "A story of change")) } blockquote { (story) } p { small { (title) } } }
        h2 { (t("Dana yang sudah diperoleh", "Money leveraged")) }
        @if b.leveraged.is_empty() { p.empty { (t("Belum ada anggaran tercatat disetujui.", "No approved budget recorded yet.")) } }
        ul { @for (src, a) in &b.leveraged { li { (src.full_label(lang)) ": " strong { (rupiah(*a, lang)) } } } }
        @if !b.partners.is_empty() { p { (t("Mitra: ", "Partners: ")) (b.partners.join(", ")) } }
        h2 { (t("Permintaan ", "The ask for ")) (b.budget_year) }
        @match &b.ask {
            Some(a) => {
                p { strong { (rupiah(a.amount, lang)) } }
                ul { @for (src, d, amount) in &a.lines { li { (d) " — " (rupiah(*amount, lang)) " (" (src.abbreviation()) ")" } } }
                @if let Some(s) = a.step { p { (s.step.label(lang)) ": " (calendar_date(s.date, lang)) } }
            }
            None => p.empty { (t("Tidak ada permintaan terbuka untuk pembaca ini.", "No open ask for this reader.")) }
        }
        p { small { (t("Angka dari laporan yang sudah disetujui. Tanpa data pribadi.", "Figures from approved reports. No personal data.")) } }
    };
    Ok(html_response(page_with_head(Layout::from(&ctx), &format!("Ringkasan — {}", b.library.name), head, body)))
}

pub async fn pdf(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<BriefQuery>) -> PageResult {
    let id: LibraryId = parse_id(&id)?;
    let b = gather(&state, id, &q).await?;
    let url = format!("{}/ringkasan/{id}?{}", crate::proxy::public_base(&state), query_of(b.audience, b.budget_year));
    let name = lentera_core::text::fold(&b.library.name).replace(' ', "-");
    let files = state.config.files_dir.clone();
    let bytes = state
        .run(move |_| {
            // The story's photo, from our own files (at most the stored web size).
            let photo = b.story_photo.as_deref().filter(|n| crate::photos::valid_name(n)).and_then(|n| {
                let bytes = std::fs::read(crate::photos::path_of(&files, n, false)).ok()?;
                (bytes.len() <= lentera_core::activity::MAX_PHOTO_BYTES).then_some(bytes)
            });
            crate::brief_pdf::brief(&b, &url, photo)
        })
        .await?;
    Ok(crate::http::download(bytes, &format!("ringkasan-{name}.pdf")))
}

async fn gather_region(
    state: &AppState,
    code: &str,
    q: &BriefQuery,
) -> Result<lentera_core::brief::RegionBrief, crate::http::PageError> {
    let (audience, year) = q.parse()?;
    let code = lentera_core::region::RegionCode::parse(code).map_err(|_| Error::NotFound)?;
    let rules = state.kpi_rules();
    Ok(state.run(move |s| brief::of_region(s, &rules, &code, audience, year)).await?)
}

pub async fn show_region(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<BriefQuery>,
) -> PageResult {
    let b = gather_region(&state, &code, &q).await?;
    let lang = ctx.lang;
    let t = |id, en| ctx.t(id, en);
    let code = b.region.code.to_string();
    let query = query_of(b.audience, b.budget_year);
    let url = format!("{}/ringkasan/wilayah/{code}?{query}", crate::proxy::public_base(&state));
    let r = &b.reach;
    let summary = format!(
        "{} perpustakaan program, {} kegiatan, {} peserta dalam 12 bulan; anggaran diperoleh {}.",
        number(b.libraries, Lang::Id),
        number(r.activities, Lang::Id),
        number(r.participants(), Lang::Id),
        rupiah(b.leveraged_total(), Lang::Id)
    );
    let p = &b.promises;
    let body = html! {
        p { small { (t("Ringkasan advokasi daerah", "Regional advocacy brief")) " · " (b.audience.label(lang)) } }
        h1 { (b.region.name) }
        p { (code) @if let Some(pn) = &b.parent_name { " · " (pn) } }
        (chooser(&ctx, &format!("/ringkasan/wilayah/{code}"), b.audience, b.budget_year))
        p { a.button href={ "/ringkasan/wilayah/" (code) "/pdf?" (query) } { (t("Unduh PDF (2 halaman)", "Download PDF (2 pages)")) } }
        h2 { (t("Pesan utama", "Key message")) }
        p { (b.message) }
        h2 { (t("Yang sudah dilakukan", "What the libraries did")) }
        p { (b.from.label(lang)) " – " (b.to.label(lang)) }
        dl.facts #capaian {
            dt { (t("Perpustakaan program", "Programme libraries")) } dd { (number(b.libraries, lang)) }
            dt { (t("Kegiatan disetujui", "Approved activities")) } dd { (number(r.activities, lang)) }
            dt { (t("Peserta", "Participants")) } dd { (number(r.participants(), lang)) " (" (t("P ", "F ")) (number(r.female, lang)) " · " (t("L ", "M ")) (number(r.male, lang)) ")" }
            dt { (t("Penyandang disabilitas", "People with disabilities")) } dd { (number(r.disabled, lang)) }
            @if let Some(avg) = b.average { dt { (t("Kegiatan per perpustakaan", "Activities per library")) } dd { (lentera_core::time_fmt::one_decimal(avg, lang))
                @if let Some(pa) = b.parent_average { " (" (b.parent_name.as_deref().unwrap_or(t("nasional", "national"))) ": " (lentera_core::time_fmt::one_decimal(pa, lang)) ")" } } }
            dt { (t("Warna kinerja", "KPI colours")) } dd { (b.kpi.0) " " (t("hijau", "green")) " · " (b.kpi.1) " " (t("kuning", "yellow")) " · " (b.kpi.2) " " (t("merah", "red")) }
        }
        h2 { (t("Advokasi dan hasilnya", "Advocacy and its results")) }
        dl.facts #advokasi {
            dt { (t("Kegiatan advokasi", "Advocacy activities")) } dd { (number(b.advocacy, lang)) }
            dt { (t("Janji ditepati", "Promises kept")) } dd { (number(p.kept + p.kept_partly, lang)) " / " (number(p.made, lang)) " · " (rupiah(p.rupiah_kept, lang)) }
            dt { (t("Regulasi ditetapkan", "Regulations enacted")) } dd { (number(b.regulations_enacted, lang)) }
            dt { (t("Kemitraan berjalan", "Active partnerships")) } dd { (number(b.partnerships_active, lang)) }
            dt { (t("Rencana kerja disetujui ", "Approved work plans ")) (b.budget_year) } dd { (number(b.plans_approved, lang)) " / " (number(b.libraries, lang)) }
        }
        h2 { (t("Anggaran yang sudah diperoleh", "Money leveraged")) }
        @if b.leveraged.is_empty() { p.empty { (t("Belum ada anggaran tercatat disetujui.", "No approved budget recorded yet.")) } }
        ul { @for (src, a) in &b.leveraged { li { (src.full_label(lang)) ": " strong { (rupiah(*a, lang)) } } } }
        h2 { (t("Permintaan ", "The ask for ")) (b.budget_year) }
        @match &b.ask {
            Some(a) => {
                p { strong { (rupiah(a.amount, lang)) } }
                ul { @for (src, _, amount) in &a.lines { li { (src.full_label(lang)) " — " (rupiah(*amount, lang)) } } }
                @if let Some(s) = a.step { p { (s.step.label(lang)) ": " (calendar_date(s.date, lang)) } }
            }
            None => p.empty { (t("Tidak ada usulan terbuka untuk pembaca ini.", "No open ask for this reader.")) }
        }
        p { small { (t("Angka agregat dari laporan yang sudah disetujui. Tanpa data pribadi.", "Aggregates of approved reports. No personal data.")) } }
    };
    let head = og(&b.region.name, &summary, &url);
    Ok(html_response(page_with_head(Layout::from(&ctx), &format!("Ringkasan — {}", b.region.name), head, body)))
}

pub async fn pdf_region(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<BriefQuery>,
) -> PageResult {
    let b = gather_region(&state, &code, &q).await?;
    let code = b.region.code.to_string();
    let url = format!(
        "{}/ringkasan/wilayah/{code}?{}",
        crate::proxy::public_base(&state),
        query_of(b.audience, b.budget_year)
    );
    let name = lentera_core::text::fold(&b.region.name).replace(' ', "-");
    let bytes = state.run(move |_| crate::brief_pdf::region_brief(&b, &url)).await?;
    Ok(crate::http::download(bytes, &format!("ringkasan-{name}.pdf")))
}
