//! Indicators: every catalogue indicator for a region and span (`/indikator`, with CSV/XLSX),
//! one indicator broken down by sub-region, month and category (`/indikator/{code}`), and
//! the catalogue itself for national admins (`/katalog-indikator`).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::catalogue::{Indicator, IndicatorInput, Measure, Unit, format_change, format_value};
use lentera_core::i18n::Lang;
use lentera_core::library::ProgrammeTier;
use lentera_core::lists::{ListItem, ManagedList};
use lentera_core::monthly::Period;
use lentera_core::services::catalogue::{self, Compared, IndicatorView};
use lentera_core::services::{indicators, lists, regions};
use lentera_core::user::Role;
use lentera_core::{Error, FieldError};
use maud::{Markup, html};

use super::dashboard::DashboardQuery;
use crate::AppState;
use crate::charts;
use crate::ctx::Ctx;
use crate::html::{FieldSpec, Layout, error_summary, field_errors, flash, input, page, select, urlencode};
use crate::http::{Form, PageResult, html_response, parse_id, see_other, table_download};

/// A value for files: digits only (one decimal for rates), empty when undefined.
fn raw(v: Option<f64>, unit: Unit) -> String {
    match (v, unit) {
        (None, _) => String::new(),
        (Some(v), Unit::Count | Unit::Rupiah) => format!("{}", v.round() as i64),
        // One decimal, without a trailing ".0": a spreadsheet reads 100.0 back as 100, so the
        // CSV and the XLSX agree.
        (Some(v), _) => {
            let s = format!("{v:.1}");
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        }
    }
}

fn span_label(from: Period, to: Period, lang: Lang) -> String {
    if from == to { from.label(lang) } else { format!("{} – {}", from.label(lang), to.label(lang)) }
}

fn span_form(ctx: &Ctx, q: &DashboardQuery, region: &str) -> Markup {
    let t = |id, en| ctx.t(id, en);
    html! {
        form.filters method="get" {
            input type="hidden" name="region" value=(region);
            div.field { label for="periode" { (t("Periode", "Period")) } input #periode name="periode" placeholder="2024, 2024-Q2, 2024-05" value=(q.periode.clone().unwrap_or_default()); }
            div.field { label for="dari" { (t("Dari bulan", "From month")) } input #dari name="dari" type="month" value=(q.dari.clone().unwrap_or_default()); }
            div.field { label for="sampai" { (t("Sampai bulan", "To month")) } input #sampai name="sampai" type="month" value=(q.sampai.clone().unwrap_or_default()); }
            div.field { button type="submit" { (t("Tampilkan", "Show")) } }
        }
    }
}

async fn all_values(
    state: &AppState,
    ctx: &Ctx,
    q: &DashboardQuery,
) -> Result<(indicators::Summary, Vec<Compared>, String), crate::http::error::PageError> {
    let actor = ctx.actor()?;
    let (region, from, to) = q.region_and_span(state.env.today(lentera_core::region::TimeZone::Wib))?;
    let rules = state.kpi_rules();
    let (s, rows, place) = state
        .run(move |st| {
            let list = catalogue::list(st, false)?;
            let (s, rows) = catalogue::compared(st, &actor, &rules, region, from, to, list)?;
            let place = match &s.region {
                Some(r) => regions::ancestry(st, r)?.last().map(|r| r.name.clone()),
                None => None,
            };
            Ok((s, rows, place))
        })
        .await?;
    let place = place.unwrap_or_else(|| ctx.t("Nasional", "National").to_string());
    Ok((s, rows, place))
}

/// Every active indicator for a region and span, against the span before and a year before.
pub async fn index(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DashboardQuery>) -> PageResult {
    let (s, rows, place) = all_values(&state, &ctx, &q).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let region_q = s.region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let span_q = format!("dari={}&sampai={}", s.from, s.to);
    let admin = ctx.user.as_ref().is_some_and(|u| u.role == Role::NationalAdmin);
    let one_comparison = indicators::one_comparison(s.from, s.to);
    let body = html! {
        h1 { (t("Indikator program: ", "Programme indicators: ")) (place) }
        p { (span_label(s.from, s.to, lang)) " · " a href={ "/dasbor?region=" (region_q) "&" (span_q) } { (t("Dasbor", "Dashboard")) }
            @if admin { " · " a href="/katalog-indikator" { (t("Kelola katalog indikator", "Manage the indicator catalogue")) } } }
        (span_form(&ctx, &q, &region_q))
        p { a href={ "/indikator.csv?region=" (region_q) "&" (span_q) } download { (t("Unduh CSV", "Download CSV")) } " · "
            a href={ "/indikator.xlsx?region=" (region_q) "&" (span_q) } download { (t("Unduh XLSX", "Download XLSX")) } }
        div.table-wrap { table #indikator {
            thead { tr { th scope="col" { (t("Indikator", "Indicator")) } th.num scope="col" { (span_label(s.from, s.to, lang)) }
                @if one_comparison {
                    th.num scope="col" { (t("vs 12 bulan sebelumnya", "vs the 12 months before")) }
                } @else {
                    th.num scope="col" { (t("vs periode sebelumnya", "vs previous period")) } th.num scope="col" { (t("vs tahun lalu", "vs a year before")) }
                } } }
            tbody { @for r in &rows { tr {
                th scope="row" { a href={ "/indikator/" (r.indicator.code) "?region=" (region_q) "&" (span_q) } { (r.indicator.title(lang)) }
                    br; small { (r.indicator.definition) } }
                td.num { strong { (format_value(r.value, r.indicator.unit(), lang)) } }
                td.num { (format_change(r.value, r.previous, r.indicator.unit(), lang)) }
                @if !one_comparison { td.num { (format_change(r.value, r.year_before, r.indicator.unit(), lang)) } }
            } } }
        } }
        p { small { (t("Persentase dibandingkan dalam poin; jumlah dalam persen perubahan. Angka KPI dan kelengkapan dihitung langsung dari data saat ini.",
            "Rates are compared in points, counts as a percentage change. KPI and completeness figures are computed live from current data.")) } }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Indikator", "Indicators"), body)))
}

fn index_table(rows: &[Compared], s: &indicators::Summary, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = vec![
        lang.t("Kode", "Code").to_string(),
        lang.t("Indikator", "Indicator").to_string(),
        lang.t("Wilayah", "Region").to_string(),
        lang.t("Dari", "From").to_string(),
        lang.t("Sampai", "To").to_string(),
        lang.t("Nilai", "Value").to_string(),
        lang.t("Periode sebelumnya", "Previous period").to_string(),
        lang.t("Tahun lalu", "A year before").to_string(),
    ];
    let region = s.region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let body = rows
        .iter()
        .map(|r| {
            let u = r.indicator.unit();
            vec![
                r.indicator.code.clone(),
                r.indicator.title(lang).to_string(),
                region.clone(),
                s.from.to_string(),
                s.to.to_string(),
                raw(r.value, u),
                raw(r.previous, u),
                raw(r.year_before, u),
            ]
        })
        .collect();
    (headers, body)
}

async fn index_file(state: &AppState, ctx: &Ctx, q: &DashboardQuery, xlsx: bool) -> PageResult {
    let (s, rows, _) = all_values(state, ctx, q).await?;
    let (headers, body) = index_table(&rows, &s, ctx.lang);
    table_download(xlsx, &format!("indikator-{}-{}", s.from, s.to), headers, body, vec![5, 6, 7])
}

pub async fn index_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DashboardQuery>) -> PageResult {
    index_file(&state, &ctx, &q, false).await
}

pub async fn index_xlsx(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DashboardQuery>) -> PageResult {
    index_file(&state, &ctx, &q, true).await
}

struct Detail {
    view: IndicatorView,
    names: Vec<(String, String)>,
    chain: Vec<lentera_core::region::Region>,
    categories: Vec<ListItem>,
    event_types: Vec<ListItem>,
}

async fn detail(
    state: &AppState,
    ctx: &Ctx,
    code: String,
    q: &DashboardQuery,
) -> Result<Detail, crate::http::error::PageError> {
    let actor = ctx.actor()?;
    let (region, from, to) = q.region_and_span(state.env.today(lentera_core::region::TimeZone::Wib))?;
    let rules = state.kpi_rules();
    Ok(state
        .run(move |st| {
            let view = catalogue::breakdown(st, &actor, &rules, region, from, to, &code)?;
            let names = regions::children(st, view.region.as_ref().map(|r| r.as_str()))?
                .into_iter()
                .map(|c| (c.region.code.to_string(), c.region.name))
                .collect();
            let chain = match &view.region {
                Some(r) => regions::ancestry(st, r)?,
                None => Vec::new(),
            };
            let categories = lists::items(st, ManagedList::ActivityCategory, true)?;
            let event_types = lists::items(st, ManagedList::EventType, true)?;
            Ok(Detail { view, names, chain, categories, event_types })
        })
        .await?)
}

fn item_name(items: &[ListItem], id: i64) -> String {
    items.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_else(|| id.to_string())
}

/// What narrows the indicator, in words ("" without filters).
fn filter_text(ind: &Indicator, d: &Detail, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !ind.filter.categories.is_empty() {
        let names: Vec<String> = ind.filter.categories.iter().map(|c| item_name(&d.categories, *c)).collect();
        parts.push(format!("{}: {}", lang.t("Kategori", "Categories"), names.join(", ")));
    }
    if let Some(t) = ind.filter.tier {
        parts.push(format!("{}: {}", lang.t("Dukungan", "Tier"), t.label(lang)));
    }
    if let Some(e) = ind.filter.event_type {
        parts.push(format!("{}: {}", lang.t("Jenis acara", "Event type"), item_name(&d.event_types, e)));
    }
    parts.join(" · ")
}

/// One indicator: its definition, total, months, categories and sub-regions (drill down).
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    let d = detail(&state, &ctx, code, &q).await?;
    let v = &d.view;
    let ind = &v.indicator;
    let (lang, unit) = (ctx.lang, ind.unit());
    let t = |id, en| ctx.t(id, en);
    let fmt = |x: Option<f64>| format_value(x, unit, lang);
    let region_q = v.region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let span_q = format!("dari={}&sampai={}", v.from, v.to);
    let here = d.chain.last().map(|r| r.name.clone()).unwrap_or_else(|| t("Nasional", "National").to_string());
    let name_of = |code: &str| {
        d.names.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()).unwrap_or_else(|| code.to_string())
    };
    let chartable = |x: Option<f64>| x.map(|x| x.round() as i64).unwrap_or(0);
    let trend: Vec<(String, i64)> =
        v.by_month.iter().map(|(p, x)| (format!("{:02}/{}", p.month, p.year % 100), chartable(*x))).collect();
    let cats: Vec<(String, i64)> =
        v.by_category.iter().map(|(c, x)| (item_name(&d.categories, *c), chartable(*x))).collect();
    let filters = filter_text(ind, &d, lang);
    let base = format!("/indikator/{}", urlencode(&ind.code));
    let body = html! {
        p.crumbs {
            a href={ (base) "?" (span_q) } { (t("Nasional", "National")) }
            @for r in &d.chain { a href={ (base) "?region=" (r.code.as_str()) "&" (span_q) } { (r.name) } }
        }
        h1 { (ind.title(lang)) ": " (here) }
        p.headline { (span_label(v.from, v.to, lang)) ": " strong #nilai { (fmt(v.total)) } }
        p { (ind.definition) }
        dl.facts {
            dt { (t("Yang dihitung", "What is counted")) } dd { (ind.measure.label(lang)) ". " (ind.measure.explain(lang)) }
            @if !filters.is_empty() { dt { (t("Saringan", "Filters")) } dd { (filters) } }
            dt { (t("Kode", "Code")) } dd { code { (ind.code) } }
        }
        (span_form(&ctx, &q, &region_q))
        p { a href={ (base) "/tabel.csv?region=" (region_q) "&" (span_q) } download { (t("Unduh CSV", "Download CSV")) } " · "
            a href={ (base) "/tabel.xlsx?region=" (region_q) "&" (span_q) } download { (t("Unduh XLSX", "Download XLSX")) } " · "
            a href={ "/indikator?region=" (region_q) "&" (span_q) } { (t("Semua indikator", "All indicators")) } }
        @if !v.by_month.is_empty() {
            h2 { (t("Per bulan", "By month")) }
            (charts::line(ind.title(lang), &span_label(v.from, v.to, lang), &trend))
            details { summary { (t("Tabel", "Table")) }
                div.table-wrap { table #per-bulan {
                    thead { tr { th scope="col" { (t("Bulan", "Month")) } th.num scope="col" { (t("Nilai", "Value")) } } }
                    tbody { @for (p, x) in &v.by_month { tr { td { (p.label(lang)) } td.num { (fmt(*x)) } } } }
                } }
            }
        }
        @if !cats.is_empty() {
            h2 { (t("Per kategori kegiatan", "By activity category")) }
            (charts::bars(ind.title(lang), t("Per kategori kegiatan", "By activity category"), &cats))
        }
        @if !v.by_child.is_empty() {
            h2 { (t("Wilayah di bawahnya", "Sub-regions")) }
            div.table-wrap { table #per-wilayah {
                thead { tr { th scope="col" { (t("Wilayah", "Region")) } th.num scope="col" { (t("Nilai", "Value")) } } }
                tbody { @for (c, x) in &v.by_child { tr {
                    td { a href={ (base) "?region=" (c.as_str()) "&" (span_q) } { (name_of(c.as_str())) } }
                    td.num { (fmt(*x)) }
                } } }
            } }
        } @else if v.region.as_ref().is_some_and(|r| r.level() == lentera_core::region::RegionLevel::Village) {
            p { a href={ "/perpustakaan?region=" (region_q) } { (t("Perpustakaan di desa ini", "Libraries in this village")) } }
        } @else {
            p.empty { (t("Belum ada data untuk wilayah di bawahnya pada periode ini.", "No data for the sub-regions in this period.")) }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), ind.title(lang), body)))
}

/// The indicator's breakdowns as one table: a row per sub-region, then per month.
fn detail_table(d: &Detail, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let v = &d.view;
    let unit = v.indicator.unit();
    let headers = vec![
        lang.t("Rincian", "Breakdown").to_string(),
        lang.t("Kode", "Code").to_string(),
        lang.t("Nama", "Name").to_string(),
        lang.t("Nilai", "Value").to_string(),
    ];
    let name = |code: &str| d.names.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()).unwrap_or_default();
    let mut rows = vec![vec![
        lang.t("total", "total").to_string(),
        v.region.as_ref().map(|r| r.to_string()).unwrap_or_default(),
        d.chain.last().map(|r| r.name.clone()).unwrap_or_else(|| lang.t("Nasional", "National").to_string()),
        raw(v.total, unit),
    ]];
    rows.extend(
        v.by_child
            .iter()
            .map(|(c, x)| vec![lang.t("wilayah", "region").into(), c.to_string(), name(c.as_str()), raw(*x, unit)]),
    );
    rows.extend(
        v.by_month
            .iter()
            .map(|(p, x)| vec![lang.t("bulan", "month").into(), p.to_string(), p.label(lang), raw(*x, unit)]),
    );
    rows.extend(v.by_category.iter().map(|(c, x)| {
        vec![lang.t("kategori", "category").into(), c.to_string(), item_name(&d.categories, *c), raw(*x, unit)]
    }));
    (headers, rows)
}

async fn show_file(state: &AppState, ctx: &Ctx, code: String, q: &DashboardQuery, xlsx: bool) -> PageResult {
    let d = detail(state, ctx, code, q).await?;
    let (headers, rows) = detail_table(&d, ctx.lang);
    let stem = format!("{}-{}-{}", d.view.indicator.code, d.view.from, d.view.to);
    table_download(xlsx, &stem, headers, rows, vec![3])
}

pub async fn show_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    show_file(&state, &ctx, code, &q, false).await
}

pub async fn show_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    show_file(&state, &ctx, code, &q, true).await
}

// ---- The catalogue (national admins) ----

fn require_admin(ctx: &Ctx) -> Result<lentera_core::access::Actor, crate::http::error::PageError> {
    let actor = ctx.actor()?;
    actor.require(actor.role == Role::NationalAdmin)?;
    Ok(actor)
}

/// The whole catalogue, inactive indicators included, with a link to add one.
pub async fn catalogue_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<super::lists::Pesan>,
) -> PageResult {
    require_admin(&ctx)?;
    let all = state.run(|s| catalogue::list(s, true)).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        h1 { (t("Katalog indikator", "Indicator catalogue")) }
        (flash(p.pesan.as_deref(), lang))
        p { (t("Indikator menentukan apa yang ditampilkan di dasbor, halaman indikator, API dan ekspor. Tambahkan indikator baru dengan memilih apa yang dihitung dan saringannya; indikator bawaan dapat diganti nama, disembunyikan atau dijadikan angka utama.",
            "Indicators decide what dashboards, the indicator page, the API and exports show. Add one by choosing what it counts and its filters; built-in ones can be renamed, hidden or made headline numbers.")) }
        p { a.button href="/katalog-indikator/baru" { (t("Tambah indikator", "Add an indicator")) } }
        div.table-wrap { table #katalog {
            thead { tr { th scope="col" { (t("Urutan", "Position")) } th scope="col" { (t("Indikator", "Indicator")) } th scope="col" { (t("Yang dihitung", "Counts")) }
                th scope="col" { (t("Angka utama", "Headline")) } th scope="col" { (t("Status", "Status")) } } }
            tbody { @for i in &all { tr {
                td.num { (i.position) }
                td { a href={ "/katalog-indikator/" (i.id) } { (i.title(lang)) } br; small { code { (i.code) } @if i.built_in { " · " (t("bawaan", "built in")) } } }
                td { (i.measure.label(lang)) }
                td { @if i.headline { (t("ya", "yes")) } @else { "—" } }
                td { @if i.active { (t("aktif", "active")) } @else { (t("disembunyikan", "hidden")) } }
            } } }
        } }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Katalog indikator", "Indicator catalogue"), body)))
}

/// The form's values: from the indicator being edited, or from what was typed.
fn input_of(form: &Form) -> IndicatorInput {
    let categories =
        form.0.iter().filter_map(|(k, v)| (v == "1").then(|| k.strip_prefix("kategori_")?.parse().ok())?).collect();
    IndicatorInput {
        code: form.get("code").into(),
        name: form.get("name").into(),
        name_en: form.opt("name_en"),
        definition: form.get("definition").into(),
        measure: form.get("measure").into(),
        categories,
        tier: form.opt("tier"),
        event_type: form.opt("event_type").and_then(|s| s.parse().ok()),
        headline: form.get("headline") == "1",
        position: form.opt("position").and_then(|s| s.parse().ok()),
        active: form.get("active") == "1",
    }
}

fn form_of(i: &Indicator) -> Form {
    let mut f = Form(Default::default());
    let mut set = |k: &str, v: String| {
        f.0.insert(k.to_string(), v);
    };
    set("code", i.code.clone());
    set("name", i.name.clone());
    set("name_en", i.name_en.clone().unwrap_or_default());
    set("definition", i.definition.clone());
    set("measure", i.measure.code().into());
    set("tier", i.filter.tier.map(|t| t.code().to_string()).unwrap_or_default());
    set("event_type", i.filter.event_type.map(|t| t.to_string()).unwrap_or_default());
    set("headline", if i.headline { "1".into() } else { String::new() });
    set("active", if i.active { "1".into() } else { String::new() });
    set("position", i.position.to_string());
    set("version", i.version.to_string());
    for c in &i.filter.categories {
        set(&format!("kategori_{c}"), "1".into());
    }
    f
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    existing: Option<Indicator>,
    v: &Form,
    errors: &[FieldError],
) -> PageResult {
    let (categories, event_types) = state
        .run(|s| {
            Ok((
                lists::items(s, ManagedList::ActivityCategory, false)?,
                lists::items(s, ManagedList::EventType, false)?,
            ))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let built_in = existing.as_ref().is_some_and(|i| i.built_in);
    let action = match &existing {
        Some(i) => format!("/katalog-indikator/{}", i.id),
        None => "/katalog-indikator".into(),
    };
    let title = match &existing {
        Some(i) => format!("{}: {}", t("Ubah indikator", "Edit indicator"), i.title(lang)),
        None => t("Tambah indikator", "Add an indicator").to_string(),
    };
    let measures: Vec<(String, String)> =
        Measure::ALL.iter().map(|m| (m.code().to_string(), m.label(lang).to_string())).collect();
    let tiers: Vec<(String, String)> =
        ProgrammeTier::ALL.iter().map(|t| (t.code().to_string(), t.label(lang).to_string())).collect();
    let types: Vec<(String, String)> = event_types.iter().map(|e| (e.id.to_string(), e.name.clone())).collect();
    let field = |name, label, kind, required, help| {
        input(FieldSpec { name, label, value: v.get(name), kind, required, help }, errors, lang)
    };
    let body = html! {
        h1 { (title) }
        (error_summary(errors, lang))
        form method="post" action=(action) {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            input type="hidden" name="version" value=(v.get("version"));
            @if built_in {
                input type="hidden" name="code" value=(v.get("code"));
                input type="hidden" name="measure" value=(v.get("measure"));
                p { (t("Indikator bawaan: kode dan yang dihitung tetap.", "A built-in indicator: its code and measure stay.")) " " code { (v.get("code")) } }
            } @else {
                (field("code", t("Kode", "Code"), "text", true, Some(t("Huruf kecil, angka, garis bawah; dipakai di tautan, API dan ekspor.", "Lower-case letters, digits, underscores; used in links, the API and exports."))))
                (select("measure", t("Yang dihitung", "What it counts"), &measures, v.get("measure"), Some(t("— pilih —", "— choose —")), errors, lang))
            }
            (field("name", t("Nama", "Name"), "text", true, None))
            (field("name_en", t("Nama (bahasa Inggris)", "Name (English)"), "text", false, None))
            div.field {
                label for="definition" { (t("Definisi", "Definition")) " *" }
                textarea #definition name="definition" rows="3" required { (v.get("definition")) }
                small { (t("Apa yang dihitung dan mengapa penting; tampil di halaman indikator.", "What is counted and why it matters; shown on the indicator page.")) }
                (field_errors(errors, "definition", lang))
            }
            fieldset {
                legend { (t("Saringan kategori kegiatan (untuk ukuran dari laporan kegiatan)", "Activity category filter (for measures from activity reports)")) }
                @for c in &categories {
                    label { input type="checkbox" name={ "kategori_" (c.id) } value="1" checked[v.get(&format!("kategori_{}", c.id)) == "1"]; " " (c.name) }
                }
                (field_errors(errors, "categories", lang))
            }
            (select("tier", t("Jenis dukungan (untuk jumlah perpustakaan program)", "Programme tier (for programme library counts)"), &tiers, v.get("tier"), Some(t("semua", "all")), errors, lang))
            (select("event_type", t("Jenis acara (untuk ukuran pelatihan)", "Event type (for training measures)"), &types, v.get("event_type"), Some(t("semua", "all")), errors, lang))
            (field("position", t("Urutan", "Position"), "number", false, Some(t("Kecil tampil lebih dulu.", "Smaller comes first."))))
            div.field { label { input type="checkbox" name="headline" value="1" checked[v.get("headline") == "1"]; " " (t("Tampilkan sebagai angka utama di dasbor", "Show among the dashboard's headline numbers")) } }
            div.field { label { input type="checkbox" name="active" value="1" checked[v.get("active") == "1"]; " " (t("Aktif (tampil di halaman indikator, API dan ekspor)", "Active (shown on the indicator page, the API and exports)")) } }
            button type="submit" { (t("Simpan", "Save")) }
            " " a href="/katalog-indikator" { (t("Batal", "Cancel")) }
        }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), &title, body)).into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    require_admin(&ctx)?;
    let mut f = Form(Default::default());
    f.0.insert("active".into(), "1".into());
    edit_page(&state, &ctx, None, &f, &[]).await
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    require_admin(&ctx)?;
    let id: i64 = parse_id(&id)?;
    let existing =
        state.run(move |s| catalogue::list(s, true)?.into_iter().find(|i| i.id == id).ok_or(Error::NotFound)).await?;
    let f = form_of(&existing);
    edit_page(&state, &ctx, Some(existing), &f, &[]).await
}

async fn save_form(state: &AppState, ctx: &Ctx, id: Option<i64>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = require_admin(ctx)?;
    let input = input_of(&form);
    let version = form.opt("version").and_then(|v| v.parse().ok());
    let saved = state.run(move |s| catalogue::save(s, &actor, id, &input, version)).await;
    match saved {
        Ok(_) => Ok(see_other("/katalog-indikator?pesan=tersimpan")),
        Err(Error::Validation(errs)) => {
            let existing = match id {
                Some(id) => Some(
                    state
                        .run(move |s| catalogue::list(s, true)?.into_iter().find(|i| i.id == id).ok_or(Error::NotFound))
                        .await?,
                ),
                None => None,
            };
            edit_page(state, ctx, existing, &form, &errs).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, form: Form) -> PageResult {
    save_form(&state, &ctx, None, form).await
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    let id = parse_id(&id)?;
    save_form(&state, &ctx, Some(id), form).await
}
