//! Monthly library figures: the form (with the previous months beside each field), the
//! list, and review.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::library::PageRequest;
use lentera_core::monthly::{MonthlyFigures, MonthlyFilter, MonthlyInput, MonthlyReport, Period};
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::services::{libraries, monthly, review};
use lentera_core::time_fmt::number;
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, error_summary, field_errors, flash, page, pager, urlencode};
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    periode: Option<String>,
    status: Option<String>,
    region: Option<String>,
    perpustakaan: Option<String>,
    page: Option<String>,
    pesan: Option<String>,
}

/// The list's filters from its query string (also used by the export).
pub(super) fn filter_of(q: &ListQuery) -> Result<MonthlyFilter, Error> {
    let blank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let mut filter = MonthlyFilter { query: blank(&q.q), ..Default::default() };
    if let Some(p) = blank(&q.periode) {
        filter.period = Some(lentera_core::monthly::require_period(&p)?);
    }
    if let Some(s) = blank(&q.status) {
        filter.status = Some(
            ReportStatus::parse(&s)
                .ok_or_else(|| Error::field("status", "Status tidak dikenal.", "Unknown status."))?,
        );
    }
    if let Some(r) = blank(&q.region) {
        filter.region = Some(RegionCode::parse(&r)?);
    }
    filter.library_id = blank(&q.perpustakaan).and_then(|s| s.parse().ok());
    Ok(filter)
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let filter = filter_of(&q)?;
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok());
    let a = actor.clone();
    let reports = state.run(move |s| monthly::list(s, &a, filter, PageRequest::new(page_no, Some(50)))).await?;
    let base: String = [
        ("q", &q.q),
        ("periode", &q.periode),
        ("status", &q.status),
        ("region", &q.region),
        ("perpustakaan", &q.perpustakaan),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_deref().filter(|s| !s.is_empty()).map(|v| format!("{k}={}", urlencode(v))))
    .collect::<Vec<_>>()
    .join("&");
    let body = html! {
        h1 { (t("Laporan bulanan", "Monthly reports")) }
        (flash(q.pesan.as_deref(), lang))
        div.actions {
            @if let lentera_core::user::Scope::Library { library_id } = &actor.scope {
                a.button href={ "/laporan-bulanan/baru?perpustakaan=" (library_id) } { (t("Isi laporan bulan ini", "Report this month")) }
            }
            @if actor.can_report() { a.button.secondary href="/laporan-bulanan/impor" { (t("Impor CSV/XLSX", "Import CSV/XLSX")) } }
            a.button.secondary href={ "/laporan-bulanan/ekspor.csv?" (base) } { (t("Ekspor CSV", "Export CSV")) }
            a.button.secondary href={ "/laporan-bulanan/ekspor.xlsx?" (base) } { (t("Ekspor XLSX", "Export XLSX")) }
        }
        form.filters method="get" action="/laporan-bulanan" role="search" {
            div.field { label for="q" { (t("Cari nama perpustakaan", "Search library name")) } input #q name="q" type="search" value=(q.q.clone().unwrap_or_default()); }
            div.field {
                label for="region" { (t("Kode wilayah", "Region code")) }
                input #region name="region" value=(q.region.clone().unwrap_or_default()) list="region-list" data-region-suggest="" autocomplete="off" placeholder="35.07";
                datalist #region-list {}
            }
            div.field { label for="periode" { (t("Bulan", "Month")) } input #periode name="periode" type="month" value=(q.periode.clone().unwrap_or_default()); }
            div.field { label for="status" { (t("Status", "Status")) }
                select #status name="status" {
                    option value="" { (t("Semua", "All")) }
                    @for s in ReportStatus::ALL { option value=(s.code()) selected[q.status.as_deref() == Some(s.code())] { (s.label(lang)) } }
                } }
            div.field { button type="submit" { (t("Terapkan", "Apply")) } }
        }
        @if reports.items.is_empty() { p.empty { (t("Belum ada laporan bulanan yang cocok.", "No matching monthly reports.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Bulan", "Month")) } th scope="col" { (t("Perpustakaan", "Library")) }
                    th.num scope="col" { (t("Pengunjung", "Visitors")) } th.num scope="col" { (t("Peminjaman", "Loans")) } th scope="col" { (t("Status", "Status")) } } }
                tbody { @for r in &reports.items { tr {
                    td { a href={ "/laporan-bulanan/" (r.id) } { (r.period.label(lang)) } }
                    td { (r.library_name) }
                    td.num { (number(r.figures.visitors(), lang)) }
                    td.num { (number(r.figures.loans, lang)) }
                    td { span.badge { (r.status.label(lang)) } }
                } } }
            } }
            (pager(&reports, &base, lang))
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Laporan bulanan", "Monthly reports"), body)))
}

fn figures_form(
    ctx: &Ctx,
    action: &str,
    period: Period,
    v: &Form,
    version: Option<i64>,
    previous: &[MonthlyReport],
    errors: &[FieldError],
) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    html! {
        (error_summary(errors, lang))
        form method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            input type="hidden" name="client_id" value=(v.get("client_id"));
            input type="hidden" name="period" value=(period.to_string());
            @if let Some(ver) = version { input type="hidden" name="version" value=(ver); }
            @for (i, (field, id, en)) in MonthlyFigures::FIELDS.iter().enumerate() {
                div.field {
                    label for=(field) { (lang.t(id, en)) @if i < 2 { " *" } }
                    input id=(field) name=(field) type="number" min="0" inputmode="numeric" value=(v.get(field))
                        aria-invalid=[errors.iter().any(|e| e.field == *field).then_some("true")];
                    @if !previous.is_empty() {
                        small { (t("Sebelumnya: ", "Before: "))
                            @for (j, r) in previous.iter().enumerate() { @if j > 0 { " · " } (r.period.label(lang)) " " strong { (number(r.figures.values()[i], lang)) } } }
                    }
                    (field_errors(errors, field, lang))
                }
            }
            div.field {
                label for="visitors_total" { (t("Total pengunjung (pemeriksa)", "Total visitors (check)")) }
                input #visitors_total name="visitors_total" type="number" min="0" value=(v.get("visitors_total"));
                small { (t("Boleh dikosongkan; bila diisi harus sama dengan laki-laki + perempuan.", "Optional; must equal men + women.")) }
                (field_errors(errors, "visitors_total", lang))
            }
            @if errors.iter().any(|e| e.kind == lentera_core::error::FieldErrorKind::Warning) {
                div.notice.bad { label { input type="checkbox" name="confirm_warnings" value="1"; " " (t("Saya sudah memeriksa; angka ini benar.", "I have checked; these figures are right.")) } }
            }
            div.actions { button type="submit" { (t("Simpan draf", "Save draft")) } }
        }
    }
}

fn input_of(form: &Form) -> MonthlyInput {
    MonthlyInput {
        period: form.get("period").into(),
        values: MonthlyFigures::FIELDS.iter().map(|(f, _, _)| (f.to_string(), form.get(f).to_string())).collect(),
        visitors_total: form.opt("visitors_total"),
        confirm_warnings: form.get("confirm_warnings") == "1",
    }
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    perpustakaan: Option<String>,
    periode: Option<String>,
}

async fn new_page(
    state: &AppState,
    ctx: &Ctx,
    library_id: lentera_core::ids::LibraryId,
    period: Period,
    form: &Form,
    errors: &[FieldError],
) -> PageResult {
    let actor = ctx.actor()?;
    let (lib, previous) = state
        .run(move |s| {
            Ok((libraries::get(s, &actor, library_id)?, monthly::previous(s, &actor, library_id, period, 3)?))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let body = html! {
        h1 { (t("Laporan bulanan", "Monthly report")) ": " (period.label(ctx.lang)) }
        p { (lib.name) }
        form.actions method="get" action="/laporan-bulanan/baru" {
            input type="hidden" name="perpustakaan" value=(library_id);
            label for="ganti-periode" { (t("Bulan lain", "Another month")) }
            input #ganti-periode name="periode" type="month" value=(period.to_string());
            button.secondary type="submit" { (t("Ganti", "Change")) }
        }
        (figures_form(ctx, &format!("/laporan-bulanan/baru?perpustakaan={library_id}"), period, form, None, &previous, errors))
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), t("Laporan bulanan", "Monthly report"), body)).into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let library_id = parse_id(q.perpustakaan.as_deref().unwrap_or(""))?;
    let lib = {
        let a = actor.clone();
        state.run(move |s| libraries::get(s, &a, library_id)).await?
    };
    actor.require(actor.can_edit_library(&lib))?;
    // Default: last month, the one usually due.
    let period = match q.periode.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => lentera_core::monthly::require_period(p)?,
        None => Period::of(state.env.today(lib.region_code.time_zone())).previous(),
    };
    let a = actor.clone();
    if let Some(existing) = state.run(move |s| monthly::of_period(s, &a, library_id, period)).await? {
        return Ok(see_other(&format!("/laporan-bulanan/{}", existing.id)));
    }
    let client_id = super::activities::new_uuid();
    new_page(&state, &ctx, library_id, period, &Form([("client_id".to_string(), client_id)].into_iter().collect()), &[])
        .await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let library_id = parse_id(q.perpustakaan.as_deref().unwrap_or(""))?;
    let input = input_of(&form);
    let client_id = form.opt("client_id");
    match state.run(move |s| monthly::create(s, &actor, library_id, client_id.as_deref(), &input)).await {
        Ok((r, _)) => Ok(see_other(&format!("/laporan-bulanan/{}?pesan=tersimpan", r.id))),
        Err(Error::Validation(errs)) => {
            let period = Period::parse(form.get("period")).ok_or_else(|| Error::Validation(errs.clone()))?;
            new_page(&state, &ctx, library_id, period, &form, &errs).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<Pesan>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let policy = state.review_policy();
    let a = actor.clone();
    let (r, moves, previous, can_edit) = state
        .run(move |s| {
            let r = monthly::get(s, &a, id)?;
            let moves = review::available(s, &a, policy, &r)?;
            let previous = monthly::previous(s, &a, r.library_id, r.period, 3)?;
            let lib = libraries::get(s, &a, r.library_id)?;
            Ok((r, moves, previous, a.can_edit_library(&lib)))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        p.crumbs { a href="/laporan-bulanan" { (t("Laporan bulanan", "Monthly reports")) } a href={ "/perpustakaan/" (r.library_id) } { (r.library_name) } }
        h1 { (r.period.label(lang)) }
        (flash(p.pesan.as_deref(), lang))
        p { span.badge { (r.status.label(lang)) } }
        @if let (ReportStatus::Returned, Some(c)) = (r.status, &r.review_comment) {
            div.notice.bad { strong { (t("Catatan peninjau: ", "Reviewer's note: ")) } (c) }
        }
        div.table-wrap { table {
            thead { tr { th scope="col" { "" } th.num scope="col" { (r.period.label(lang)) } @for pr in &previous { th.num scope="col" { (pr.period.label(lang)) } } } }
            tbody { @for (i, (_, id, en)) in MonthlyFigures::FIELDS.iter().enumerate() { tr {
                th scope="row" { (lang.t(id, en)) }
                td.num { strong { (number(r.figures.values()[i], lang)) } }
                @for pr in &previous { td.num { (number(pr.figures.values()[i], lang)) } }
            } } }
        } }
        @if r.status.editable() && can_edit {
            div.actions { a.button.secondary href={ "/laporan-bulanan/" (r.id) "/ubah" } { (t("Ubah angka", "Edit figures")) } }
        }
        (super::review::review_forms(&ctx, &r, &moves))
    };
    Ok(html_response(page(Layout::from(&ctx), &r.period.label(lang), body)))
}

fn form_of(r: &MonthlyReport) -> Form {
    Form(
        MonthlyFigures::FIELDS
            .iter()
            .zip(r.figures.values())
            .map(|((f, _, _), v)| (f.to_string(), v.to_string()))
            .collect(),
    )
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let (r, previous) = state
        .run(move |s| {
            let r = monthly::get(s, &actor, id)?;
            let previous = monthly::previous(s, &actor, r.library_id, r.period, 3)?;
            Ok((r, previous))
        })
        .await?;
    let body = html! {
        h1 { (ctx.t("Ubah laporan bulanan", "Edit monthly report")) ": " (r.period.label(ctx.lang)) }
        (figures_form(&ctx, &format!("/laporan-bulanan/{id}/ubah"), r.period, &form_of(&r), Some(r.version), &previous, &[]))
    };
    Ok(html_response(page(Layout::from(&ctx), &r.period.label(ctx.lang), body)))
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let input = input_of(&form);
    let a = actor.clone();
    match state.run(move |s| monthly::update(s, &a, id, version, &input)).await {
        Ok(_) => Ok(see_other(&format!("/laporan-bulanan/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => {
            let (r, previous) = state
                .run(move |s| {
                    let r = monthly::get(s, &actor, id)?;
                    let previous = monthly::previous(s, &actor, r.library_id, r.period, 3)?;
                    Ok((r, previous))
                })
                .await?;
            let body = html! {
                h1 { (ctx.t("Ubah laporan bulanan", "Edit monthly report")) }
                (figures_form(&ctx, &format!("/laporan-bulanan/{id}/ubah"), r.period, &form, Some(version), &previous, &errs))
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page(Layout::from(&ctx), &r.period.label(ctx.lang), body))
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct CompletenessQuery {
    periode: Option<String>,
    region: Option<String>,
}

fn completeness_params(state: &AppState, q: &CompletenessQuery) -> Result<(Option<RegionCode>, Period, u8), Error> {
    let (region, period) = lentera_core::monthly::region_and_month(
        state.env.today(lentera_core::region::TimeZone::Wib),
        q.region.as_deref(),
        q.periode.as_deref(),
    )?;
    Ok((region, period, state.config.deadline_day))
}

/// Completeness and timeliness of a month, per child region, with the libraries to follow up.
pub async fn completeness(State(state): State<AppState>, ctx: Ctx, Query(q): Query<CompletenessQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let (region, period, day) = completeness_params(&state, &q)?;
    let r2 = region.clone();
    let (view, chain) = state
        .run(move |s| {
            let view = monthly::completeness(s, &actor, r2, period, day)?;
            let chain = match &view.region {
                Some(r) => lentera_core::services::regions::ancestry(s, r)?,
                None => Vec::new(),
            };
            Ok((view, chain))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let pct = lentera_core::monthly::Completeness::percent;
    let here = view.region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let body = html! {
        h1 { (t("Kelengkapan laporan bulanan", "Monthly reporting completeness")) }
        nav.crumbs { a href={ "/kelengkapan?periode=" (period) } { "Indonesia" }
            @for r in &chain { a href={ "/kelengkapan?periode=" (period) "&region=" (r.code) } { (r.name) } } }
        form.actions method="get" action="/kelengkapan" {
            input type="hidden" name="region" value=(here);
            label for="periode" { (t("Bulan", "Month")) }
            input #periode name="periode" type="month" value=(period.to_string());
            button type="submit" { (t("Tampilkan", "Show")) }
        }
        p { (period.label(lang)) " · " (t("batas waktu tanggal ", "due by day ")) (day) " " (t("bulan berikutnya", "of the next month")) }
        dl.facts {
            dt { (t("Perpustakaan wajib lapor", "Libraries expected")) } dd { (number(view.expected, lang)) }
            dt { (t("Sudah lapor", "Reported")) } dd #sudah-lapor data-n=(view.reported) { (number(view.reported, lang)) " (" (pct(view.reported, view.expected)) "%)" }
            dt { (t("Tepat waktu", "On time")) } dd { (number(view.on_time, lang)) " (" (pct(view.on_time, view.expected)) "%)" }
        }
        @if view.rows.is_empty() { p.empty { (t("Tidak ada perpustakaan program di wilayah ini.", "No programme libraries in this region.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Wilayah", "Region")) } th.num scope="col" { (t("Wajib", "Expected")) }
                    th.num scope="col" { (t("Lapor", "Reported")) } th.num scope="col" { (t("Tepat waktu", "On time")) } } }
                tbody { @for c in &view.rows { tr {
                    td { @if c.code.level() != lentera_core::region::RegionLevel::Village {
                            a href={ "/kelengkapan?periode=" (period) "&region=" (c.code) } { (c.name) }
                        } @else { (c.name) } }
                    td.num { (number(c.expected, lang)) }
                    td.num { (number(c.reported, lang)) " (" (pct(c.reported, c.expected)) "%)" }
                    td.num { (number(c.on_time, lang)) " (" (pct(c.on_time, c.expected)) "%)" }
                } } }
            } }
        }
        h2 { (t("Belum lapor", "Not reported yet")) " (" (view.missing.len()) @if view.missing.len() >= 500 { "+" } ")" }
        @if !view.missing.is_empty() {
            p { a.button.secondary href={ "/kelengkapan/belum-lapor.csv?periode=" (period) "&region=" (here) } { (t("Unduh daftar (CSV) untuk ditindaklanjuti", "Download the list (CSV) to follow up")) } }
            ul { @for m in view.missing.iter().take(100) { li {
                a href={ "/perpustakaan/" (m.library_id) } { (m.library_name) }
                @if let Some(n) = &m.manager_name { " · " (n) }
                @if let Some(p) = &m.phone { " · " a href={ "https://wa.me/" (crate::html::whatsapp(p)) } rel="noopener" { (p) } }
            } } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Kelengkapan laporan", "Reporting completeness"), body)))
}

pub async fn missing_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<CompletenessQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let (region, period, day) = completeness_params(&state, &q)?;
    let bytes = state
        .run(move |s| {
            let view = monthly::completeness(s, &actor, region, period, day)?;
            let rows = view.missing.iter().map(|m| {
                vec![
                    m.library_name.clone(),
                    m.region_code.to_string(),
                    m.manager_name.clone().unwrap_or_default(),
                    m.phone.clone().unwrap_or_default(),
                    period.to_string(),
                ]
            });
            crate::tabular::write_csv(
                &["perpustakaan", "kode_wilayah", "pengelola", "telepon", "bulan"],
                rows.collect::<Vec<_>>(),
            )
        })
        .await?;
    Ok(crate::http::download(bytes, &format!("belum-lapor-{period}.csv")))
}

impl super::review::ReviewPages for MonthlyReport {
    const BASE: &'static str = "/laporan-bulanan";

    fn rows(ctx: &Ctx, items: &[Self]) -> Markup {
        html! {
            ul { @for r in items { li {
                a href={ "/laporan-bulanan/" (r.id) } { (r.period.label(ctx.lang)) " · " (r.library_name) } " " span.badge { (r.status.label(ctx.lang)) }
            } } }
        }
    }
}
