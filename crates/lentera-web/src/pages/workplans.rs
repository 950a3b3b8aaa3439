//! Work plans on pages (`/rencana-kerja`): the list with a region's plan-vs-actual sums, a
//! new plan (empty or from the Bimtek follow-up plans), one plan with its needs, planned
//! activities and budget lines — each added or removed one row at a time so a phone never
//! holds a long form — its review, revisions, recorded amounts and plan vs actual; and the
//! link of an activity report to the plan.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::activity::Category;
use lentera_core::ids::{LibraryId, WorkPlanId};
use lentera_core::library::PageRequest;
use lentera_core::money::rupiah;
use lentera_core::region::RegionCode;
use lentera_core::reporting::{ReportStatus, Transition};
use lentera_core::services::workplans::{self, Start};
use lentera_core::services::{activities, libraries, review};
use lentera_core::time_fmt::{calendar_date, number};
use lentera_core::workplan::{
    BudgetLineInput, FundingSource, NeedInput, NeedSource, PlanVsActual, PlannedActivityInput, RegionPlanSummary,
    SourceSums, WorkPlan, WorkPlanFilter,
};
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, error_summary, field_errors, flash, page, pager, urlencode};
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

const BASE: &str = "/rencana-kerja";

#[derive(Deserialize, Default)]
pub struct ListQuery {
    tahun: Option<String>,
    status: Option<String>,
    region: Option<String>,
    perpustakaan: Option<String>,
    page: Option<String>,
    pesan: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let this_year = state.env.year(lentera_core::region::TimeZone::Wib);
    let year = match blank(&q.tahun) {
        Some(y) => Some(
            y.parse::<i32>()
                .ok()
                .filter(|y| (2018..=this_year + 2).contains(y))
                .ok_or_else(|| Error::field("tahun", "Tahun tidak valid.", "Invalid year."))?,
        ),
        None => None,
    };
    let status = match blank(&q.status) {
        Some(s) => Some(
            ReportStatus::parse(s).ok_or_else(|| Error::field("status", "Status tidak dikenal.", "Unknown status."))?,
        ),
        None => None,
    };
    let region = blank(&q.region).map(RegionCode::parse).transpose()?;
    let library_id = blank(&q.perpustakaan).and_then(|s| s.parse::<i64>().ok()).map(LibraryId::new);
    let filter = WorkPlanFilter { year, status, region: region.clone(), library_id };
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok());
    let a = actor.clone();
    let summary_year = year.unwrap_or(this_year);
    let (plans, summary) = state
        .run(move |s| {
            Ok((
                workplans::list(s, &a, filter, PageRequest::new(page_no, Some(50)))?,
                workplans::region_summary(s, &a, region, summary_year)?,
            ))
        })
        .await?;
    let base: String =
        [("tahun", &q.tahun), ("status", &q.status), ("region", &q.region), ("perpustakaan", &q.perpustakaan)]
            .iter()
            .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", urlencode(v))))
            .collect::<Vec<_>>()
            .join("&");
    let body = html! {
        h1 { (t("Rencana kerja", "Work plans")) }
        (flash(q.pesan.as_deref(), lang))
        p { (t("Rencana kerja tahunan perpustakaan: dari masalah dan kebutuhan masyarakat ke kegiatan dan anggaran menurut sumber dana. Kabupaten/kota menyetujui; sesudah itu rencana terkunci dan perubahan dibuat sebagai revisi.",
               "A library's yearly plan: from the community's problems and needs to activities and budget lines by funding source. The regency approves; after that the plan is locked and changes are revisions.")) }
        div.actions {
            @if let lentera_core::user::Scope::Library { library_id } = &actor.scope {
                a.button href={ (BASE) "/baru?perpustakaan=" (library_id) } { (t("Buat rencana kerja", "New work plan")) }
            }
            a.button.secondary href={ (BASE) "/ekspor.csv?" (base) } { (t("Ekspor CSV", "Export CSV")) }
            a.button.secondary href={ (BASE) "/ekspor.xlsx?" (base) } { (t("Ekspor XLSX", "Export XLSX")) }
            a.button.secondary href={ (BASE) "/templat.xlsx" } { (t("Templat matriks RKPDes", "RKPDes matrix template")) }
        }
        form.filters method="get" action=(BASE) role="search" {
            div.field { label for="tahun" { (t("Tahun", "Year")) } input #tahun name="tahun" type="number" min="2018" max=(this_year + 2) inputmode="numeric" value=(q.tahun.clone().unwrap_or_default()); }
            @if !matches!(actor.scope, lentera_core::user::Scope::Library { .. }) {
                div.field {
                    label for="region" { (t("Kode wilayah", "Region code")) }
                    input #region name="region" value=(q.region.clone().unwrap_or_default()) list="region-list" data-region-suggest="" autocomplete="off" placeholder="35.07";
                    datalist #region-list {}
                }
            }
            div.field { label for="status" { (t("Status", "Status")) }
                select #status name="status" {
                    option value="" { (t("Semua", "All")) }
                    @for s in ReportStatus::ALL { option value=(s.code()) selected[q.status.as_deref() == Some(s.code())] { (s.label(lang)) } }
                } }
            div.field { button type="submit" { (t("Terapkan", "Apply")) } }
        }
        h2 { (t("Rencana vs realisasi ", "Plan vs actual ")) (summary_year) }
        (summary_section(&ctx, &summary))
        h2 { (t("Daftar rencana", "Plans")) }
        @if plans.items.is_empty() { p.empty { (t("Belum ada rencana kerja yang cocok.", "No matching work plans.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Tahun", "Year")) } th scope="col" { (t("Perpustakaan", "Library")) }
                    th.num scope="col" { (t("Usulan", "Proposed")) } th scope="col" { (t("Status", "Status")) } } }
                tbody { @for p in &plans.items { tr {
                    td { a href={ (BASE) "/" (p.id) } { (p.year) @if p.revision > 1 { " (" (t("revisi ", "revision ")) (p.revision) ")" } } }
                    td { (p.library_name) }
                    td.num { (rupiah(p.content.proposed_total(), lang)) }
                    td { span.badge { (p.status.label(lang)) } }
                } } }
            } }
            (pager(&plans, &base, lang))
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Rencana kerja", "Work plans"), body)))
}

fn sums_table(ctx: &Ctx, rows: &[(FundingSource, SourceSums)]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let mut total = SourceSums::default();
    for (_, s) in rows {
        total += *s;
    }
    html! {
        div.table-wrap { table {
            caption { (t("Rupiah menurut sumber dana", "Rupiah by funding source")) }
            thead { tr { th scope="col" { (t("Sumber dana", "Funding source")) } th.num scope="col" { (t("Diusulkan", "Proposed")) }
                th.num scope="col" { (t("Disetujui", "Approved")) } th.num scope="col" { (t("Realisasi", "Spent")) }
                th.num scope="col" { (t("Dipakai kegiatan", "Drawn by activities")) } } }
            tbody { @for (src, s) in rows { tr {
                th scope="row" { abbr title=(src.full_label(lang)) { (src.abbreviation()) } }
                td.num { (rupiah(s.proposed, lang)) } td.num { (rupiah(s.approved, lang)) }
                td.num { (rupiah(s.realised, lang)) } td.num { (rupiah(s.drawn, lang)) }
            } } }
            tfoot { tr { th scope="row" { (t("Jumlah", "Total")) }
                td.num { (rupiah(total.proposed, lang)) } td.num { (rupiah(total.approved, lang)) }
                td.num { (rupiah(total.realised, lang)) } td.num { (rupiah(total.drawn, lang)) } } }
        } }
    }
}

fn summary_section(ctx: &Ctx, s: &RegionPlanSummary) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    html! {
        dl.facts {
            dt { (t("Rencana disetujui", "Plans approved")) } dd #rencana-disetujui { (number(s.plans_approved, lang)) }
            dt { (t("Rencana belum disetujui", "Plans not yet approved")) } dd { (number(s.plans_open, lang)) }
            dt { (t("Kegiatan direncanakan / terlaksana", "Activities planned / done")) } dd { (number(s.planned_activities, lang)) " / " (number(s.reported_activities, lang)) }
            dt { (t("Sasaran peserta / peserta hadir", "Target / actual participants")) } dd { (number(s.planned_participants, lang)) " / " (number(s.reported_participants, lang)) }
        }
        @if s.by_source.is_empty() { p.empty { (t("Belum ada rencana yang disetujui untuk tahun ini.", "No approved plan for this year yet.")) } }
        @else { (sums_table(ctx, &s.by_source)) }
    }
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    perpustakaan: Option<String>,
}

fn new_form_page(
    ctx: &Ctx,
    lib: &lentera_core::library::Library,
    rtl: usize,
    year: i32,
    form: &Form,
    errors: &[FieldError],
) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let from_rtl = form.get("mulai") != "kosong" && rtl > 0;
    html! {
        p.crumbs { a href=(BASE) { (t("Rencana kerja", "Work plans")) } a href={ "/perpustakaan/" (lib.id) } { (lib.name) } }
        h1 { (t("Rencana kerja baru", "New work plan")) }
        p { (lib.name) }
        (error_summary(errors, lang))
        form method="post" action={ (BASE) "/baru?perpustakaan=" (lib.id) } novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            input type="hidden" name="client_id" value=(form.get("client_id"));
            div.field {
                label for="year" { (t("Tahun rencana", "Plan year")) " *" }
                input #year name="year" type="number" inputmode="numeric" min="2018" max=(year + 2) required value=(if form.get("year").is_empty() { year.to_string() } else { form.get("year").to_string() });
                small { (t("Untuk masuk APBDes tahun depan, rencana perlu siap sebelum musrenbang desa (Februari) dan RKPDes (September).",
                           "To be in next year's village budget, the plan must be ready before the village musrenbang (February) and the RKPDes (September).")) }
                (field_errors(errors, "year", lang))
            }
            fieldset {
                legend { (t("Mulai dari", "Start from")) }
                label { input type="radio" name="mulai" value="rtl" checked[from_rtl] disabled[rtl == 0];
                    " " (t("Rencana tindak lanjut (RTL) Bimtek", "The Bimtek follow-up plan (RTL)")) " (" (rtl) ")" }
                label { input type="radio" name="mulai" value="kosong" checked[!from_rtl]; " " (t("Rencana kosong", "An empty plan")) }
                @if rtl == 0 { small { (t("Perpustakaan ini belum punya RTL dari Bimtek.", "This library has no Bimtek follow-up plan yet.")) } }
            }
            div.actions { button type="submit" { (t("Buat draf", "Create draft")) } }
        }
    }
}

async fn library_and_rtl(
    state: &AppState,
    ctx: &Ctx,
    library_id: LibraryId,
) -> Result<(lentera_core::library::Library, usize), crate::http::PageError> {
    let actor = ctx.actor()?;
    Ok(state
        .run(move |s| {
            let lib = libraries::get(s, &actor, library_id)?;
            actor.require(actor.can_edit_library(&lib))?;
            let rtl = lentera_core::services::training::follow_ups_of_library(s, &actor, library_id)?.len();
            Ok((lib, rtl))
        })
        .await?)
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>) -> PageResult {
    let library_id = parse_id(q.perpustakaan.as_deref().unwrap_or(""))?;
    let (lib, rtl) = library_and_rtl(&state, &ctx, library_id).await?;
    let year = state.env.year(lib.region_code.time_zone());
    let form = Form([("client_id".to_string(), super::activities::new_uuid())].into_iter().collect());
    let body = new_form_page(&ctx, &lib, rtl, year, &form, &[]);
    Ok(html_response(page(Layout::from(&ctx), ctx.t("Rencana kerja baru", "New work plan"), body)))
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let library_id = parse_id(q.perpustakaan.as_deref().unwrap_or(""))?;
    let year = form.get("year").trim().parse::<i32>().unwrap_or(0);
    let start = if form.get("mulai") == "rtl" { Start::FollowUp } else { Start::Empty };
    let client_id = form.opt("client_id");
    match state.run(move |s| workplans::create(s, &actor, library_id, client_id.as_deref(), year, start)).await {
        Ok((p, _)) => Ok(see_other(&format!("{BASE}/{}?pesan=dibuat", p.id))),
        Err(Error::Validation(errs)) => {
            let (lib, rtl) = library_and_rtl(&state, &ctx, library_id).await?;
            let this_year = state.env.year(lib.region_code.time_zone());
            let body = new_form_page(&ctx, &lib, rtl, this_year, &form, &errs);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(Layout::from(&ctx), ctx.t("Rencana kerja baru", "New work plan"), body),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

/// What a plan page shows besides the plan: a message, and a failed form with its errors.
#[derive(Default)]
struct Shown {
    pesan: Option<String>,
    /// The section whose form failed (`needs`, `activities`, `lines`, `outcome-N`) and what was typed.
    failed: Option<(String, Form)>,
    errors: Vec<FieldError>,
}

struct PlanView {
    plan: WorkPlan,
    moves: Vec<Transition>,
    can_edit: bool,
    in_force: bool,
    latest: bool,
    revisions: Vec<WorkPlan>,
    categories: Vec<Category>,
    actual: Option<PlanVsActual>,
    /// Promises made for the plan's library and year (advocacy).
    promises: Vec<lentera_core::advocacy::Commitment>,
    today: time::Date,
    reminders: Vec<lentera_core::calendar::PlanReminder>,
}

async fn plan_view(state: &AppState, ctx: &Ctx, id: WorkPlanId) -> Result<PlanView, crate::http::PageError> {
    let actor = ctx.actor()?;
    let policy = state.review_policy();
    Ok(state
        .run(move |s| {
            let plan = workplans::get(s, &actor, id)?;
            let moves = review::available(s, &actor, policy, &plan)?;
            let lib = libraries::get(s, &actor, plan.library_id)?;
            let revisions = workplans::revisions(s, &actor, plan.library_id, plan.year)?;
            let in_force = revisions.iter().find(|p| p.status == ReportStatus::Approved).map(|p| p.id) == Some(plan.id);
            let latest = revisions.first().map(|p| p.id) == Some(plan.id);
            let promises = lentera_core::services::advocacy::commitments(
                s,
                &actor,
                lentera_core::advocacy::CommitmentFilter {
                    library_id: Some(plan.library_id),
                    year: Some(plan.year),
                    ..Default::default()
                },
                100,
            )?;
            let actual = if plan.status == ReportStatus::Approved {
                Some(workplans::plan_vs_actual(s, &actor, id)?)
            } else {
                None
            };
            Ok(PlanView {
                can_edit: actor.can_edit_library(&lib),
                moves,
                in_force,
                latest,
                revisions,
                categories: activities::categories(s, false)?,
                actual,
                promises,
                today: s.today(lib.region_code.time_zone()),
                reminders: lentera_core::services::calendar::plan_reminders(s, &actor, id)?,
                plan,
            })
        })
        .await?)
}

/// The errors of the failed row form, renamed to the form's own field names.
fn row_errors(errors: &[FieldError], section: &str) -> Vec<FieldError> {
    errors
        .iter()
        .map(|e| {
            let mut e = e.clone();
            if let Some(rest) =
                e.field.strip_prefix(section).and_then(|r| r.split_once("].")).map(|(_, f)| f.to_string())
            {
                e.field = match (section, rest.as_str()) {
                    ("needs[", "source") => "need_source".into(),
                    ("lines[", "source") => "line_source".into(),
                    _ => rest,
                };
            }
            e
        })
        .collect()
}

fn text_field(ctx: &Ctx, name: &str, label: (&str, &str), v: &Form, errors: &[FieldError], required: bool) -> Markup {
    let bad = errors.iter().any(|e| e.field == name);
    html! {
        div.field {
            label for=(name) { (ctx.t(label.0, label.1)) @if required { " *" } }
            input id=(name) name=(name) value=(v.get(name)) maxlength="500" required[required]
                aria-invalid=[bad.then_some("true")] aria-describedby=[bad.then(|| format!("err-{name}"))];
            (field_errors(errors, name, ctx.lang))
        }
    }
}

fn remove_button(ctx: &Ctx, plan: &WorkPlan, section: &str, no: i32) -> Markup {
    html! {
        form.inline method="post" action={ (BASE) "/" (plan.id) "/hapus" } {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            input type="hidden" name="version" value=(plan.version);
            input type="hidden" name="bagian" value=(section);
            input type="hidden" name="no" value=(no);
            button.link type="submit" { (ctx.t("Hapus", "Remove")) }
        }
    }
}

fn show_page(ctx: &Ctx, v: &PlanView, shown: &Shown) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let p = &v.plan;
    let c = &p.content;
    let editable = v.can_edit && p.status.editable();
    let empty = Form::default();
    let (failed, values) = match &shown.failed {
        Some((s, f)) => (s.as_str(), f),
        None => ("", &empty),
    };
    let errs_of =
        |section: &str, prefix: &str| if failed == section { row_errors(&shown.errors, prefix) } else { Vec::new() };
    let need_errs = errs_of("needs", "needs[");
    let act_errs = errs_of("activities", "activities[");
    let line_errs = errs_of("lines", "lines[");
    let category = |id: i64| v.categories.iter().find(|c| c.id == id).map(|c| c.name.as_str()).unwrap_or("—");
    let hidden = |section: &str| {
        html! {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            input type="hidden" name="version" value=(p.version);
            input type="hidden" name="bagian" value=(section);
        }
    };
    html! {
        p.crumbs { a href=(BASE) { (t("Rencana kerja", "Work plans")) } a href={ "/perpustakaan/" (p.library_id) } { (p.library_name) } }
        h1 { (t("Rencana kerja ", "Work plan ")) (p.year) @if p.revision > 1 { " · " (t("revisi ", "revision ")) (p.revision) } }
        (flash(shown.pesan.as_deref(), lang))
        @if failed.is_empty() || failed == "summary" { (error_summary(&shown.errors, lang)) }
        p { span.badge { (p.status.label(lang)) } " " (p.library_name) }
        @if let (ReportStatus::Returned, Some(note)) = (p.status, &p.review_comment) {
            div.notice.bad role="status" { strong { (t("Catatan peninjau: ", "Reviewer's note: ")) } (note) }
        }
        @if p.status == ReportStatus::Approved && !v.in_force {
            div.notice { (t("Revisi ini sudah diganti oleh revisi yang lebih baru.", "A newer revision replaced this one.")) }
        }
        @if editable {
            p { small { (t("Tambahkan kebutuhan, kegiatan dan baris anggaran satu per satu; setiap baris langsung tersimpan. Setelah lengkap, ajukan ke kabupaten/kota.",
                           "Add needs, activities and budget lines one at a time; each row is saved at once. When complete, submit it to the regency.")) } }
            form method="post" action={ (BASE) "/" (p.id) "/baris" } {
                (hidden("summary"))
                div.field {
                    label for="summary" { (t("Pesan utama rencana", "The plan's key message")) }
                    textarea #summary name="summary" rows="3" maxlength="2000" { (if failed == "summary" { values.get("summary").to_string() } else { c.summary.clone().unwrap_or_default() }) }
                }
                button.secondary type="submit" { (t("Simpan pesan", "Save message")) }
            }
        } @else if let Some(s) = &c.summary { p { (s) } }

        h2 #kebutuhan { (t("Masalah dan kebutuhan masyarakat", "Community problems and needs")) " (" (c.needs.len()) ")" }
        @if c.needs.is_empty() { p.empty { (t("Belum ada kebutuhan dicatat.", "No needs recorded yet.")) } }
        @else { div.table-wrap { table {
            thead { tr { th scope="col" { "#" } th scope="col" { (t("Masalah", "Problem")) } th scope="col" { (t("Kebutuhan", "Need")) }
                th scope="col" { (t("Kelompok", "Group")) } th scope="col" { (t("Sumber", "Source")) } @if editable { th { "" } } } }
            tbody { @for n in &c.needs { tr {
                td { (n.no) } td { (n.problem) } td { (n.need) } td { (n.group) } td { (n.source.label(lang)) }
                @if editable { td { (remove_button(ctx, p, "needs", n.no)) } }
            } } }
        } } }
        @if editable {
            details open[failed == "needs"] {
                summary { (t("Tambah kebutuhan", "Add a need")) }
                (error_summary(&need_errs, lang))
                form method="post" action={ (BASE) "/" (p.id) "/baris" } novalidate {
                    (hidden("needs"))
                    (text_field(ctx, "problem", ("Masalah", "Problem"), values, &need_errs, true))
                    (text_field(ctx, "need", ("Kebutuhan", "Need"), values, &need_errs, true))
                    (text_field(ctx, "group", ("Kelompok masyarakat", "Community group"), values, &need_errs, false))
                    div.field { label for="need_source" { (t("Sumber", "Source")) }
                        select #need_source name="need_source" { @for s in NeedSource::ALL { option value=(s.code()) selected[values.get("need_source") == s.code()] { (s.label(lang)) } } } }
                    button type="submit" { (t("Tambah", "Add")) }
                }
            }
        }

        h2 #kegiatan { (t("Kegiatan yang direncanakan", "Planned activities")) " (" (c.activities.len()) ")" }
        @if c.activities.is_empty() { p.empty { (t("Belum ada kegiatan direncanakan.", "No activities planned yet.")) } }
        @else { div.table-wrap { table {
            thead { tr { th scope="col" { "#" } th scope="col" { (t("Bulan", "Month")) } th scope="col" { (t("Kegiatan", "Activity")) }
                th scope="col" { (t("Sasaran", "Target")) } @if editable { th { "" } } } }
            tbody { @for a in &c.activities { tr {
                td { (a.no) } td { (crate::html::month_short(a.month, lang)) }
                td { (a.title) br; small { (category(a.category_id))
                    @if let Some(n) = a.need_no { " · " (t("kebutuhan #", "need #")) (n) }
                    @if let Some(r) = &a.expected_result { " · " (r) } } }
                td { (a.target_group) @if a.target_participants > 0 { " (" (a.target_participants) ")" } }
                @if editable { td { (remove_button(ctx, p, "activities", a.no)) } }
            } } }
        } } }
        @if editable {
            details open[failed == "activities"] {
                summary { (t("Tambah kegiatan", "Add an activity")) }
                (error_summary(&act_errs, lang))
                form method="post" action={ (BASE) "/" (p.id) "/baris" } novalidate {
                    (hidden("activities"))
                    (text_field(ctx, "title", ("Nama kegiatan", "Activity"), values, &act_errs, true))
                    div.field { label for="category_id" { (t("Kategori", "Category")) " *" }
                        select #category_id name="category_id" { @for k in &v.categories { option value=(k.id) selected[values.get("category_id") == k.id.to_string()] { (k.name) } } }
                        (field_errors(&act_errs, "category_id", lang)) }
                    div.field { label for="month" { (t("Bulan", "Month")) " *" }
                        select #month name="month" { @for m in 1..=12u8 { option value=(m) selected[values.get("month") == m.to_string()] { (crate::html::month_short(m, lang)) " " (p.year) } } }
                        (field_errors(&act_errs, "month", lang)) }
                    (text_field(ctx, "target_group", ("Kelompok sasaran", "Target group"), values, &act_errs, false))
                    div.field { label for="target_participants" { (t("Target peserta", "Target participants")) }
                        input #target_participants name="target_participants" type="number" min="0" inputmode="numeric" value=(values.get("target_participants"));
                        (field_errors(&act_errs, "target_participants", lang)) }
                    (text_field(ctx, "expected_result", ("Hasil yang diharapkan", "Expected result"), values, &act_errs, false))
                    @if !c.needs.is_empty() {
                        div.field { label for="need_no" { (t("Menjawab kebutuhan", "Answers need")) }
                            select #need_no name="need_no" { option value="" { "—" } @for n in &c.needs { option value=(n.no) selected[values.get("need_no") == n.no.to_string()] { "#" (n.no) " " (n.need) } } } }
                    }
                    button type="submit" { (t("Tambah", "Add")) }
                }
            }
        }

        h2 #anggaran { (t("Anggaran menurut sumber dana", "Budget by funding source")) }
        @if c.lines.is_empty() { p.empty { (t("Belum ada baris anggaran.", "No budget lines yet.")) } }
        @else { div.table-wrap { table {
            thead { tr { th scope="col" { "#" } th scope="col" { (t("Sumber dan uraian", "Source and item")) }
                th.num scope="col" { (t("Usulan · disetujui · realisasi", "Proposed · approved · spent")) }
                @if editable || (v.in_force && v.can_edit) { th { "" } } } }
            tbody { @for l in &c.lines { tr {
                td { (l.no) }
                td { (l.source.full_label(lang)) br; small { (l.description) @if let Some(a) = l.activity_no { " · " (t("kegiatan #", "activity #")) (a) } } }
                td.num { (rupiah(l.proposed, lang)) br;
                    small { (t("disetujui ", "approved ")) (l.approved.map(|n| rupiah(n, lang)).unwrap_or_else(|| "—".into())) br;
                        (t("realisasi ", "spent ")) (l.realised.map(|n| rupiah(n, lang)).unwrap_or_else(|| "—".into())) } }
                @if editable { td { (remove_button(ctx, p, "lines", l.no)) } }
                @else if v.in_force && v.can_edit { td {
                    @let key = format!("outcome-{}", l.no);
                    @let errs = if failed == key { shown.errors.clone() } else { Vec::new() };
                    @let val = |f: &str, stored: Option<i64>| if failed == key { values.get(f).to_string() } else { stored.map(|n| n.to_string()).unwrap_or_default() };
                    details open[failed == key] {
                        summary { (t("Catat", "Record")) }
                        (error_summary(&errs, lang))
                        form method="post" action={ (BASE) "/" (p.id) "/realisasi" } novalidate {
                            input type="hidden" name="_csrf" value=(ctx.csrf);
                            input type="hidden" name="line_no" value=(l.no);
                            div.field { label for={ "approved-" (l.no) } { (t("Disetujui (APBDes/APBD/hibah), Rp", "Approved, Rp")) }
                                input id={ "approved-" (l.no) } name="approved" inputmode="numeric" value=(val("approved", l.approved)); (field_errors(&errs, "approved", lang)) }
                            div.field { label for={ "realised-" (l.no) } { (t("Realisasi, Rp", "Spent, Rp")) }
                                input id={ "realised-" (l.no) } name="realised" inputmode="numeric" value=(val("realised", l.realised)); (field_errors(&errs, "realised", lang)) }
                            button type="submit" { (t("Simpan", "Save")) }
                        }
                    }
                } }
            } } }
            tfoot { tr { td {} th scope="row" { (t("Jumlah diusulkan", "Total proposed")) } td.num { strong { (rupiah(c.proposed_total(), lang)) } } } }
        } } }
        @if editable {
            details open[failed == "lines"] {
                summary { (t("Tambah baris anggaran", "Add a budget line")) }
                (error_summary(&line_errs, lang))
                form method="post" action={ (BASE) "/" (p.id) "/baris" } novalidate {
                    (hidden("lines"))
                    div.field { label for="line_source" { (t("Sumber dana", "Funding source")) " *" }
                        select #line_source name="line_source" { @for s in FundingSource::ALL { option value=(s.code()) selected[values.get("line_source") == s.code()] { (s.full_label(lang)) } } }
                        (field_errors(&line_errs, "line_source", lang)) }
                    (text_field(ctx, "description", ("Uraian", "Item"), values, &line_errs, true))
                    @if !c.activities.is_empty() {
                        div.field { label for="activity_no" { (t("Untuk kegiatan", "For activity")) }
                            select #activity_no name="activity_no" { option value="" { "—" } @for a in &c.activities { option value=(a.no) selected[values.get("activity_no") == a.no.to_string()] { "#" (a.no) " " (a.title) } } } }
                    }
                    div.field { label for="proposed" { (t("Jumlah diusulkan (Rp)", "Amount proposed (Rp)")) " *" }
                        input #proposed name="proposed" inputmode="numeric" placeholder="15.000.000" value=(values.get("proposed")) aria-invalid=[line_errs.iter().any(|e| e.field == "proposed").then_some("true")];
                        small { (t("Rupiah tanpa sen, mis. 15.000.000.", "Whole rupiah, e.g. 15.000.000.")) }
                        (field_errors(&line_errs, "proposed", lang)) }
                    button type="submit" { (t("Tambah", "Add")) }
                }
            }
        }

        @if !v.promises.is_empty() {
            h3 #janji { (t("Janji dana dan dukungan untuk tahun ini", "Promises for this year")) }
            ul { @for c in &v.promises { li {
                (c.description) " — " (c.stakeholder_name)
                @if let (Some(src), Some(a)) = (c.source, c.amount) { " · " (src.abbreviation()) " " (rupiah(a, lang)) }
                @if let Some(n) = c.line_no { " · " (t("baris #", "line #")) (n) }
                " " span.badge { (c.standing(v.today).label(lang)) }
                " " a href={ "/advokasi/" (c.advocacy_id) } { (t("advokasi", "advocacy")) }
            } } }
        }
        @if editable {
            details open[failed == "import"] {
                summary { (t("Impor kegiatan dan anggaran dari XLSX (matriks RKPDes)", "Import activities and budget from XLSX (RKPDes matrix)")) }
                @if failed == "import" { (error_summary(&shown.errors, lang)) }
                form method="post" action={ (BASE) "/" (p.id) "/impor" } enctype="multipart/form-data" {
                    input type="hidden" name="_csrf" value=(ctx.csrf);
                    input type="hidden" name="version" value=(p.version);
                    div.field { label for="file" { (t("Berkas XLSX atau CSV", "XLSX or CSV file")) } input #file name="file" type="file" accept=".xlsx,.csv"; }
                    small { a href={ (BASE) "/templat.xlsx" } { (t("Unduh templat", "Download the template")) } " · " (t("Semua baris atau tidak sama sekali.", "All rows or none.")) }
                    button.secondary type="submit" { (t("Impor", "Import")) }
                }
            }
        }
        p { a href={ (BASE) "/" (p.id) "/rkpdes.xlsx" } { (t("Unduh rencana ini sebagai matriks RKPDes (XLSX)", "Download this plan as an RKPDes matrix (XLSX)")) } }
        (calendar_section(ctx, p, &v.reminders))
        @if let Some(actual) = &v.actual {
            h2 #realisasi { (t("Rencana vs realisasi", "Plan vs actual")) }
            @if !actual.activities.is_empty() {
                div.table-wrap { table {
                    thead { tr { th scope="col" { (t("Kegiatan", "Activity")) } th.num scope="col" { (t("Target", "Target")) }
                        th.num scope="col" { (t("Laporan disetujui", "Approved reports")) } th.num scope="col" { (t("Peserta", "Participants")) } } }
                    tbody { @for a in &actual.activities { tr {
                        td { (crate::html::month_short(a.month, lang)) " · " (a.title) } td.num { (a.target_participants) }
                        td.num { (a.reported) } td.num { (a.participants) }
                    } } }
                } }
            }
            p { (t("Kegiatan disetujui di luar rencana: ", "Approved activities outside the plan: ")) strong { (actual.unplanned) } }
            @if !actual.by_source.is_empty() { (sums_table(ctx, &actual.by_source)) }
        }

        (super::review::review_forms(ctx, p, &v.moves))
        @if p.status == ReportStatus::Approved {
            p { a.button.secondary href={ "/ringkasan/" (p.library_id) "?tahun=" (p.year) } { (t("Ringkasan advokasi (PDF, untuk dibagikan)", "Advocacy brief (PDF, to share)")) } }
        }
        @if p.status == ReportStatus::Approved && v.latest && v.can_edit {
            form.actions method="post" action={ (BASE) "/" (p.id) "/revisi" } {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                button.secondary type="submit" { (t("Buat revisi", "Start a revision")) }
                small { (t("Rencana ini tetap berlaku sampai revisinya disetujui.", "This plan stays in force until the revision is approved.")) }
            }
        }
        @if v.revisions.len() > 1 {
            h2 { (t("Revisi", "Revisions")) }
            ul { @for r in &v.revisions { li {
                @if r.id == p.id { strong { (t("Revisi ", "Revision ")) (r.revision) } } @else { a href={ (BASE) "/" (r.id) } { (t("Revisi ", "Revision ")) (r.revision) } }
                " " span.badge { (r.status.label(lang)) }
            } } }
        }
    }
}

/// The budget calendar for the plan's money: each step with its date and the time left; the
/// next open step names the village asks not yet approved.
fn calendar_section(ctx: &Ctx, p: &WorkPlan, reminders: &[lentera_core::calendar::PlanReminder]) -> Markup {
    use lentera_core::calendar::time_left;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let next = reminders.iter().position(|r| r.days_left >= 0);
    html! {
        h2 #kalender { (t("Kalender anggaran ", "Budget calendar ")) (p.year) }
        p { small { (t("Dana untuk tahun ", "Money for ")) (p.year) (t(" diputuskan pada tahun sebelumnya. ", " is decided the year before. "))
            a href="/kalender-anggaran" { (t("Tentang kalender", "About the calendar")) } } }
        ol.calendar { @for (i, r) in reminders.iter().enumerate() {
            li class=(if r.days_left < 0 { "past" } else { "" }) {
                @if Some(i) == next { strong { (r.deadline.step.label(lang)) } } @else { (r.deadline.step.label(lang)) }
                ": " (calendar_date(r.deadline.date, lang)) " — " (time_left(r.days_left, lang))
                @if Some(i) == next && !r.unapproved_village_asks.is_empty() {
                    br; span.warn { (t("Permintaan ", "Asks for ")) (r.unapproved_village_asks.iter().map(|s| s.abbreviation()).collect::<Vec<_>>().join(", "))
                        (t(" belum tercatat disetujui; pastikan masuk langkah ini.", " are not recorded as approved yet; make sure they are in this step.")) }
                }
            }
        } }
    }
}

async fn render(state: &AppState, ctx: &Ctx, id: WorkPlanId, shown: Shown) -> PageResult {
    let v = plan_view(state, ctx, id).await?;
    let status = if shown.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = format!("{} {}", ctx.t("Rencana kerja", "Work plan"), v.plan.year);
    Ok((status, page(Layout::from(ctx), &title, show_page(ctx, &v, &shown))).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<Pesan>,
) -> PageResult {
    let id = parse_id(&id)?;
    render(&state, &ctx, id, Shown { pesan: p.pesan, ..Default::default() }).await
}

/// Adds one row (or saves the key message) and checks the whole plan.
pub async fn add_row(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: WorkPlanId = parse_id(&id)?;
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let section = form.get("bagian").to_string();
    let f = form.clone();
    let s2 = section.clone();
    let result = state
        .run(move |s| {
            workplans::edit(s, &actor, id, version, |input| match s2.as_str() {
                "needs" => input.needs.push(NeedInput {
                    no: None,
                    problem: f.get("problem").into(),
                    need: f.get("need").into(),
                    group: f.get("group").into(),
                    source: f.get("need_source").into(),
                }),
                "activities" => input.activities.push(PlannedActivityInput {
                    no: None,
                    title: f.get("title").into(),
                    category_id: f.get("category_id").into(),
                    month: f.get("month").into(),
                    target_group: f.get("target_group").into(),
                    target_participants: f.get("target_participants").into(),
                    expected_result: f.opt("expected_result"),
                    need_no: f.opt("need_no"),
                }),
                "lines" => input.lines.push(BudgetLineInput {
                    no: None,
                    source: f.get("line_source").into(),
                    description: f.get("description").into(),
                    activity_no: f.opt("activity_no"),
                    proposed: f.get("proposed").into(),
                }),
                _ => input.summary = f.opt("summary"),
            })
        })
        .await;
    let anchor = match section.as_str() {
        "needs" => "#kebutuhan",
        "activities" => "#kegiatan",
        "lines" => "#anggaran",
        _ => "",
    };
    match result {
        Ok(_) => Ok(see_other(&format!("{BASE}/{id}?pesan=tersimpan{anchor}"))),
        Err(Error::Validation(errors)) => {
            render(&state, &ctx, id, Shown { failed: Some((section, form)), errors, pesan: None }).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn remove_row(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: WorkPlanId = parse_id(&id)?;
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let no: Option<i32> = form.get("no").parse().ok();
    let section = form.get("bagian").to_string();
    let result = state
        .run(move |s| {
            workplans::edit(s, &actor, id, version, |input| match section.as_str() {
                "needs" => input.needs.retain(|n| n.no != no),
                "activities" => input.activities.retain(|a| a.no != no),
                _ => input.lines.retain(|l| l.no != no),
            })
        })
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!("{BASE}/{id}?pesan=dihapus"))),
        // A row another row points at: the plan no longer checks; say why on the page.
        Err(Error::Validation(errors)) => render(&state, &ctx, id, Shown { errors, ..Default::default() }).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn record_outcome(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: WorkPlanId = parse_id(&id)?;
    let line_no: i32 = form.get("line_no").parse().unwrap_or(0);
    let (approved, realised) = (form.opt("approved"), form.opt("realised"));
    let result = state
        .run(move |s| workplans::record_outcome(s, &actor, id, line_no, approved.as_deref(), realised.as_deref()))
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!("{BASE}/{id}?pesan=tersimpan#anggaran"))),
        Err(Error::Validation(errors)) => {
            render(&state, &ctx, id, Shown { failed: Some((format!("outcome-{line_no}"), form)), errors, pesan: None })
                .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revise(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: WorkPlanId = parse_id(&id)?;
    let (plan, _) = state.run(move |s| workplans::revise(s, &actor, id)).await?;
    Ok(see_other(&format!("{BASE}/{}?pesan=dibuat", plan.id)))
}

impl super::review::ReviewPages for WorkPlan {
    const BASE: &'static str = BASE;

    fn rows(ctx: &Ctx, items: &[Self]) -> Markup {
        html! {
            ul { @for p in items { li {
                a href={ (BASE) "/" (p.id) } { (ctx.t("Rencana kerja ", "Work plan ")) (p.year) " · " (p.library_name) } " " span.badge { (p.status.label(ctx.lang)) }
            } } }
        }
    }
}

// ---- Spreadsheets ----

pub async fn template(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    ctx.actor()?;
    let bytes = state.run(|s| crate::workplan_io::workbook(None, &activities::categories(s, false)?)).await?;
    Ok(crate::http::download(bytes, "templat-rencana-kerja-rkpdes.xlsx"))
}

pub async fn export_plan(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id: WorkPlanId = parse_id(&id)?;
    let (bytes, year) = state
        .run(move |s| {
            let plan = workplans::get(s, &actor, id)?;
            Ok((crate::workplan_io::workbook(Some(&plan), &activities::categories(s, true)?)?, plan.year))
        })
        .await?;
    Ok(crate::http::download(bytes, &format!("rencana-kerja-{year}-{id}.xlsx")))
}

async fn export_list(state: AppState, ctx: Ctx, q: ListQuery, xlsx: bool) -> PageResult {
    let actor = ctx.actor()?;
    let this_year = state.env.year(lentera_core::region::TimeZone::Wib);
    let year = blank(&q.tahun).and_then(|y| y.parse::<i32>().ok()).filter(|y| (2018..=this_year + 2).contains(y));
    let status = blank(&q.status).and_then(ReportStatus::parse);
    let region = blank(&q.region).map(RegionCode::parse).transpose()?;
    let library_id = blank(&q.perpustakaan).and_then(|s| s.parse::<i64>().ok()).map(LibraryId::new);
    let filter = WorkPlanFilter { year, status, region, library_id };
    let lang = ctx.lang;
    let plans = state
        .run(move |s| {
            lentera_core::library::every_page(50_000, |page| workplans::list(s, &actor, filter.clone(), page))
        })
        .await?;
    let (headers, rows) = crate::workplan_io::list_table(&plans, lang);
    crate::http::table_download(xlsx, "rencana-kerja", headers, rows, vec![0, 3, 5, 6, 7, 8, 9])
}

pub async fn export_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    export_list(state, ctx, q, false).await
}

pub async fn export_xlsx(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    export_list(state, ctx, q, true).await
}

/// Imports rows of the RKPDes matrix into a draft plan: all rows or none.
pub async fn import(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: WorkPlanId = parse_id(&id)?;
    let cut = || {
        Error::field("file", "Berkas terlalu besar atau unggahan terputus.", "File too large or the upload was cut.")
    };
    let mut form = Form::default();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| cut())? {
        match field.name().unwrap_or("") {
            "file" => {
                let name = field.file_name().unwrap_or("rencana.xlsx").to_string();
                file = Some((name, field.bytes().await.map_err(|_| cut())?.to_vec()));
            }
            name => {
                let name = name.to_string();
                let value = field.text().await.map_err(|_| cut())?;
                form.0.insert(name, value);
            }
        }
    }
    ctx.check_csrf(&form)?;
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let Some((name, bytes)) = file.filter(|f| !f.1.is_empty()) else {
        return Err(Error::field("file", "Pilih berkas XLSX atau CSV.", "Choose an XLSX or CSV file.").into());
    };
    let result = state
        .run(move |s| {
            let plan = workplans::get(s, &actor, id)?;
            let table = crate::tabular::read_table(&name, &bytes)?;
            let next = plan.content.activities.iter().map(|a| a.no).max().unwrap_or(0);
            let rows = crate::workplan_io::rows_to_input(&table, &activities::categories(s, false)?, next)?;
            let existing = plan.content.activities.len();
            workplans::edit(s, &actor, id, version, |input| crate::workplan_io::append(input, rows)).map_err(
                |e| match e {
                    Error::Validation(v) => Error::Validation(crate::workplan_io::name_rows(v, existing)),
                    other => other,
                },
            )
        })
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!("{BASE}/{id}?pesan=tersimpan#kegiatan"))),
        Err(Error::Validation(errors)) => {
            render(&state, &ctx, id, Shown { failed: Some(("import".into(), Form::default())), errors, pesan: None })
                .await
        }
        Err(e) => Err(e.into()),
    }
}
