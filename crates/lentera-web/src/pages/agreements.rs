//! Regulations (`/regulasi`), partnerships and MoUs (`/kemitraan`), and the documents of
//! advocacy, regulations and partnerships (`/dokumen/…`).

use axum::extract::{Path, Query, State};
use lentera_core::agreements::{
    AgreementFilter, Contribution, DocumentOwner, Partnership, PartnershipInput, Regulation, RegulationInput,
    RegulationLevel, RegulationStatus, Term,
};
use lentera_core::library::PageRequest;
use lentera_core::money::rupiah;
use lentera_core::services::agreements as svc;
use lentera_core::time_fmt::calendar_date;
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use super::documents::documents_section;
use super::owners::{OwnerQuery, add_link, form_page, office_region_field, owner_cell, owner_label, owner_of};
use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, error_summary, field_errors, flash, page, pager};
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

const REGULATIONS: &str = "/regulasi";
const PARTNERSHIPS: &str = "/kemitraan";

fn id_of(s: &str) -> Result<i64, crate::http::PageError> {
    Ok(parse_id::<lentera_core::ids::LibraryId>(s)?.get())
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    page: Option<String>,
    pesan: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

// ---- Regulations ----

pub async fn regulations(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok());
    let list = state
        .run(move |s| svc::regulations(s, &actor, AgreementFilter::default(), PageRequest::new(page_no, Some(50))))
        .await?;
    let body = html! {
        h1 { (t("Regulasi", "Regulations")) }
        (flash(q.pesan.as_deref(), lang))
        p { (t("Perdes, Perkades, Perbup/Perwal, Perda dan SK yang didorong perpustakaan: dari rancangan, dibahas, sampai ditetapkan dengan nomor dan tanggalnya.",
               "Regulations a library promotes: from draft to discussed to enacted, with number and date.")) }
        div.actions { (add_link(&ctx, REGULATIONS, t("Catat regulasi", "Record a regulation")))
            a.button.secondary href={ (REGULATIONS) "/ekspor.csv" } { (t("Ekspor CSV", "Export CSV")) }
            a.button.secondary href={ (REGULATIONS) "/ekspor.xlsx" } { (t("Ekspor XLSX", "Export XLSX")) } }
        @if list.items.is_empty() { p.empty { (t("Belum ada regulasi tercatat.", "No regulations recorded.")) } }
        ul { @for r in &list.items { li {
            a href={ (REGULATIONS) "/" (r.id) } { (r.title) } " " span.badge { (r.status.label(lang)) }
            br; small { (r.level.label(lang)) " · " (owner_label(&ctx, &r.owner))
                @if let (Some(n), Some(d)) = (&r.number, r.enacted_on) { " · No. " (n) ", " (calendar_date(d, lang)) } }
        } } }
        (pager(&list, "", lang))
    };
    Ok(html_response(page(Layout::from(&ctx), t("Regulasi", "Regulations"), body)))
}

fn regulation_form(
    ctx: &Ctx,
    action: &str,
    v: &Form,
    version: Option<i64>,
    advocacy: &[(i64, String)],
    errors: &[FieldError],
) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    html! {
        (error_summary(errors, lang))
        form method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            @if let Some(ver) = version { input type="hidden" name="version" value=(ver); }
            div.field { label for="title" { (t("Judul", "Title")) " *" } input #title name="title" maxlength="300" value=(v.get("title")); (field_errors(errors, "title", lang)) }
            div.field { label for="level" { (t("Jenis", "Kind")) }
                select #level name="level" { @for l in RegulationLevel::ALL { option value=(l.code()) selected[v.get("level") == l.code()] { (l.label(lang)) } } } }
            div.field { label for="status" { (t("Status", "Status")) }
                select #status name="status" { @for s in RegulationStatus::ALL { option value=(s.code()) selected[v.get("status") == s.code()] { (s.label(lang)) } } }
                (field_errors(errors, "status", lang)) }
            div.field { label for="number" { (t("Nomor (bila ditetapkan)", "Number (once enacted)")) } input #number name="number" value=(v.get("number")); (field_errors(errors, "number", lang)) }
            div.field { label for="enacted_on" { (t("Tanggal penetapan", "Date enacted")) } input #enacted_on name="enacted_on" type="date" value=(v.get("enacted_on")); (field_errors(errors, "enacted_on", lang)) }
            @if !advocacy.is_empty() {
                fieldset { legend { (t("Advokasi yang mendorongnya", "The advocacy behind it")) }
                    @for (id, label) in advocacy { label { input type="checkbox" name={ "adv_" (id) } value="1" checked[v.get(&format!("adv_{id}")) == "1"]; " " (label) } } }
            }
            div.field { label for="notes" { (t("Catatan", "Notes")) } textarea #notes name="notes" rows="3" maxlength="2000" { (v.get("notes")) } }
            div.actions { button type="submit" { (t("Simpan", "Save")) } }
        }
    }
}

fn regulation_input(f: &Form) -> RegulationInput {
    let mut ids: Vec<String> =
        f.0.iter().filter(|(k, v)| k.starts_with("adv_") && *v == "1").map(|(k, _)| k[4..].to_string()).collect();
    ids.sort();
    RegulationInput {
        title: f.get("title").into(),
        level: f.get("level").into(),
        status: f.get("status").into(),
        number: f.opt("number"),
        enacted_on: f.opt("enacted_on"),
        advocacy_ids: ids,
        notes: f.opt("notes"),
    }
}

async fn advocacy_choices(
    state: &AppState,
    ctx: &Ctx,
    owner: &lentera_core::advocacy::Owner,
) -> Result<Vec<(i64, String)>, crate::http::PageError> {
    let actor = ctx.actor()?;
    let f = lentera_core::advocacy::AdvocacyFilter {
        library_id: owner.library_id,
        region: owner.library_id.is_none().then(|| owner.region_code.clone()),
        ..Default::default()
    };
    let o = owner.clone();
    let lang = ctx.lang;
    let items = state
        .run(move |s| lentera_core::services::advocacy::list(s, &actor, f, PageRequest::new(None, Some(100))))
        .await?;
    Ok(items
        .items
        .into_iter()
        .filter(|a| a.owner == o)
        .map(|a| (a.id, format!("{} · {}", calendar_date(a.date, lang), a.kind.label(lang))))
        .collect())
}

pub async fn new_regulation(State(state): State<AppState>, ctx: Ctx, Query(q): Query<OwnerQuery>) -> PageResult {
    let title = ctx.t("Catat regulasi", "Record a regulation");
    let owner = match owner_of(&state, &ctx, &q).await {
        Ok(o) => o,
        Err(crate::http::PageError(Error::Validation(_))) => {
            return form_page(&ctx, title, office_region_field(&ctx, &q, REGULATIONS), false);
        }
        Err(e) => return Err(e),
    };
    let choices = advocacy_choices(&state, &ctx, &owner).await?;
    let v = Form([("status".to_string(), "draft".to_string())].into_iter().collect());
    let body = html! { p { (owner_label(&ctx, &owner)) } (regulation_form(&ctx, &format!("{REGULATIONS}/baru?{}", q.query()), &v, None, &choices, &[])) };
    form_page(&ctx, title, body, false)
}

pub async fn create_regulation(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OwnerQuery>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let owner = owner_of(&state, &ctx, &q).await?;
    let actor = ctx.actor()?;
    let (input, o) = (regulation_input(&form), owner.clone());
    match state.run(move |s| svc::create_regulation(s, &actor, &o, &input)).await {
        Ok(r) => Ok(see_other(&format!("{REGULATIONS}/{}?pesan=dibuat", r.id))),
        Err(Error::Validation(errs)) => {
            let choices = advocacy_choices(&state, &ctx, &owner).await?;
            let body = html! { p { (owner_label(&ctx, &owner)) } (regulation_form(&ctx, &format!("{REGULATIONS}/baru?{}", q.query()), &form, None, &choices, &errs)) };
            form_page(&ctx, ctx.t("Catat regulasi", "Record a regulation"), body, true)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn regulation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<Pesan>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = id_of(&id)?;
    let (r, docs, editable) = state
        .run(move |s| {
            let r = svc::regulation(s, &actor, id)?;
            let docs = svc::documents(s, &actor, DocumentOwner::Regulation, id)?;
            let editable = r.owner.editable_by(&actor);
            Ok((r, docs, editable))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        p.crumbs { a href=(REGULATIONS) { (t("Regulasi", "Regulations")) } }
        h1 { (r.title) }
        (flash(p.pesan.as_deref(), lang))
        p { span.badge { (r.status.label(lang)) } }
        dl.facts {
            dt { (t("Jenis", "Kind")) } dd { (r.level.label(lang)) }
            dt { (t("Oleh", "By")) } dd { (owner_label(&ctx, &r.owner)) }
            @if let Some(n) = &r.number { dt { (t("Nomor", "Number")) } dd { (n) } }
            @if let Some(d) = r.enacted_on { dt { (t("Ditetapkan", "Enacted")) } dd { (calendar_date(d, lang)) } }
            dt { (t("Advokasi", "Advocacy")) } dd { @if r.advocacy_ids.is_empty() { "—" } @for (i, a) in r.advocacy_ids.iter().enumerate() { @if i > 0 { ", " } a href={ "/advokasi/" (a) } { "#" (a) } } }
            @if let Some(n) = &r.notes { dt { (t("Catatan", "Notes")) } dd { (n) } }
        }
        @if editable { div.actions { a.button.secondary href={ (REGULATIONS) "/" (r.id) "/ubah" } { (t("Ubah atau perbarui status", "Edit or update the status")) } } }
        (documents_section(&ctx, DocumentOwner::Regulation, r.id, &docs, editable))
    };
    Ok(html_response(page(Layout::from(&ctx), &r.title, body)))
}

fn regulation_form_of(r: &Regulation) -> Form {
    let mut f: std::collections::HashMap<String, String> = [
        ("title", r.title.clone()),
        ("level", r.level.code().into()),
        ("status", r.status.code().into()),
        ("number", r.number.clone().unwrap_or_default()),
        ("enacted_on", r.enacted_on.map(|d| d.to_string()).unwrap_or_default()),
        ("notes", r.notes.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for a in &r.advocacy_ids {
        f.insert(format!("adv_{a}"), "1".into());
    }
    Form(f)
}

pub async fn edit_regulation(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = id_of(&id)?;
    let r = state.run(move |s| svc::regulation(s, &actor, id)).await?;
    let choices = advocacy_choices(&state, &ctx, &r.owner).await?;
    let body = regulation_form(
        &ctx,
        &format!("{REGULATIONS}/{id}/ubah"),
        &regulation_form_of(&r),
        Some(r.version),
        &choices,
        &[],
    );
    form_page(&ctx, &r.title, body, false)
}

pub async fn update_regulation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = id_of(&id)?;
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let input = regulation_input(&form);
    let a = actor.clone();
    match state.run(move |s| svc::update_regulation(s, &a, id, version, &input)).await {
        Ok(_) => Ok(see_other(&format!("{REGULATIONS}/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => {
            let r = state.run(move |s| svc::regulation(s, &actor, id)).await?;
            let choices = advocacy_choices(&state, &ctx, &r.owner).await?;
            form_page(
                &ctx,
                &r.title,
                regulation_form(&ctx, &format!("{REGULATIONS}/{id}/ubah"), &form, Some(version), &choices, &errs),
                true,
            )
        }
        Err(e) => Err(e.into()),
    }
}

// ---- Partnerships ----

fn term_label(term: Term, lang: lentera_core::i18n::Lang) -> &'static str {
    match term {
        Term::NotStarted => lang.t("Belum mulai", "Not started"),
        Term::Active => lang.t("Berjalan", "Active"),
        Term::RenewalDue(_) => lang.t("Perlu diperpanjang", "Renewal due"),
        Term::Ended => lang.t("Berakhir", "Ended"),
    }
}

fn term_badge(ctx: &Ctx, p: &Partnership, today: time::Date) -> Markup {
    let t = |id, en| ctx.t(id, en);
    html! {
        @match p.term(today) {
            Term::RenewalDue(d) => span class="badge warn" { (t("Perlu diperpanjang: ", "Renewal due: ")) (d) (t(" hari lagi", " days left")) },
            term => span.badge { (term_label(term, ctx.lang)) },
        }
    }
}

pub async fn partnerships(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok());
    let today = state.env.today(lentera_core::region::TimeZone::Wib);
    let list = state
        .run(move |s| svc::partnerships(s, &actor, AgreementFilter::default(), PageRequest::new(page_no, Some(50))))
        .await?;
    let body = html! {
        h1 { (t("Kemitraan dan MoU", "Partnerships and MoUs")) }
        (flash(q.pesan.as_deref(), lang))
        div.actions { (add_link(&ctx, PARTNERSHIPS, t("Catat kemitraan", "Record a partnership")))
            a.button.secondary href={ (PARTNERSHIPS) "/ekspor.csv" } { (t("Ekspor CSV", "Export CSV")) }
            a.button.secondary href={ (PARTNERSHIPS) "/ekspor.xlsx" } { (t("Ekspor XLSX", "Export XLSX")) } }
        @if list.items.is_empty() { p.empty { (t("Belum ada kemitraan tercatat.", "No partnerships recorded.")) } }
        ul { @for p in &list.items { li {
            a href={ (PARTNERSHIPS) "/" (p.id) } { (p.title) } " " (term_badge(&ctx, p, today))
            br; small { (p.partner) " · " (owner_label(&ctx, &p.owner))
                @if let Some(v) = p.value { " · " (rupiah(v, lang)) }
                @if let Some(e) = p.ends_on { " · " (t("sampai ", "until ")) (calendar_date(e, lang)) } }
        } } }
        (pager(&list, "", lang))
    };
    Ok(html_response(page(Layout::from(&ctx), t("Kemitraan", "Partnerships"), body)))
}

fn partnership_form(ctx: &Ctx, action: &str, v: &Form, version: Option<i64>, errors: &[FieldError]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let brings = |prefix: &str, legend: &str| {
        html! {
            fieldset { legend { (legend) }
                @for c in Contribution::ALL { label { input type="checkbox" name={ (prefix) (c.code()) } value="1" checked[v.get(&format!("{prefix}{}", c.code())) == "1"]; " " (c.label(lang)) } } }
        }
    };
    html! {
        (error_summary(errors, lang))
        form method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            @if let Some(ver) = version { input type="hidden" name="version" value=(ver); }
            div.field { label for="title" { (t("Judul kerja sama", "Title")) " *" } input #title name="title" maxlength="300" value=(v.get("title")); (field_errors(errors, "title", lang)) }
            div.field { label for="partner" { (t("Mitra (lembaga)", "Partner (institution)")) " *" } input #partner name="partner" maxlength="200" value=(v.get("partner")); (field_errors(errors, "partner", lang)) }
            div.field { label for="starts_on" { (t("Mulai", "Starts")) " *" } input #starts_on name="starts_on" type="date" value=(v.get("starts_on")); (field_errors(errors, "starts_on", lang)) }
            div.field { label for="ends_on" { (t("Berakhir", "Ends")) } input #ends_on name="ends_on" type="date" value=(v.get("ends_on"));
                small { (t("Pengingat perpanjangan muncul 60 hari sebelumnya.", "A renewal reminder shows 60 days before.")) } (field_errors(errors, "ends_on", lang)) }
            (brings("lib_", t("Yang dibawa perpustakaan", "What the library brings")))
            (brings("mitra_", t("Yang dibawa mitra", "What the partner brings")))
            div.field { label for="value" { (t("Nilai kontribusi mitra (Rp)", "Value of the partner's contribution (Rp)")) } input #value name="value" inputmode="numeric" value=(v.get("value")); (field_errors(errors, "value", lang)) }
            div.field { label for="description" { (t("Uraian", "Description")) } textarea #description name="description" rows="3" maxlength="2000" { (v.get("description")) } }
            div.actions { button type="submit" { (t("Simpan", "Save")) } }
        }
    }
}

fn partnership_input(f: &Form) -> PartnershipInput {
    let picked = |prefix: &str| -> Vec<String> {
        Contribution::ALL
            .iter()
            .filter(|c| f.get(&format!("{prefix}{}", c.code())) == "1")
            .map(|c| c.code().to_string())
            .collect()
    };
    PartnershipInput {
        title: f.get("title").into(),
        partner: f.get("partner").into(),
        stakeholder_id: f.opt("stakeholder_id"),
        starts_on: f.get("starts_on").into(),
        ends_on: f.opt("ends_on"),
        library_brings: picked("lib_"),
        partner_brings: picked("mitra_"),
        description: f.opt("description"),
        value: f.opt("value"),
    }
}

pub async fn new_partnership(State(state): State<AppState>, ctx: Ctx, Query(q): Query<OwnerQuery>) -> PageResult {
    let title = ctx.t("Catat kemitraan", "Record a partnership");
    let owner = match owner_of(&state, &ctx, &q).await {
        Ok(o) => o,
        Err(crate::http::PageError(Error::Validation(_))) => {
            return form_page(&ctx, title, office_region_field(&ctx, &q, PARTNERSHIPS), false);
        }
        Err(e) => return Err(e),
    };
    let body = html! { p { (owner_label(&ctx, &owner)) } (partnership_form(&ctx, &format!("{PARTNERSHIPS}/baru?{}", q.query()), &Form::default(), None, &[])) };
    form_page(&ctx, title, body, false)
}

pub async fn create_partnership(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OwnerQuery>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let owner = owner_of(&state, &ctx, &q).await?;
    let actor = ctx.actor()?;
    let (input, o) = (partnership_input(&form), owner.clone());
    match state.run(move |s| svc::create_partnership(s, &actor, &o, &input)).await {
        Ok(p) => Ok(see_other(&format!("{PARTNERSHIPS}/{}?pesan=dibuat", p.id))),
        Err(Error::Validation(errs)) => {
            let body = html! { p { (owner_label(&ctx, &owner)) } (partnership_form(&ctx, &format!("{PARTNERSHIPS}/baru?{}", q.query()), &form, None, &errs)) };
            form_page(&ctx, ctx.t("Catat kemitraan", "Record a partnership"), body, true)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn partnership(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<Pesan>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = id_of(&id)?;
    let (m, docs, editable) = state
        .run(move |s| {
            let m = svc::partnership(s, &actor, id)?;
            let docs = svc::documents(s, &actor, DocumentOwner::Partnership, id)?;
            let editable = m.owner.editable_by(&actor);
            Ok((m, docs, editable))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let today = state.env.today(m.owner.region_code.time_zone());
    let list = |v: &[Contribution]| v.iter().map(|c| c.label(lang)).collect::<Vec<_>>().join(", ");
    let body = html! {
        p.crumbs { a href=(PARTNERSHIPS) { (t("Kemitraan", "Partnerships")) } }
        h1 { (m.title) }
        (flash(p.pesan.as_deref(), lang))
        p { (term_badge(&ctx, &m, today)) }
        dl.facts {
            dt { (t("Mitra", "Partner")) } dd { (m.partner) }
            dt { (t("Oleh", "By")) } dd { (owner_label(&ctx, &m.owner)) }
            dt { (t("Masa berlaku", "Period")) } dd { (calendar_date(m.starts_on, lang)) " – " (m.ends_on.map(|d| calendar_date(d, lang)).unwrap_or_else(|| t("tanpa batas", "open-ended").into())) }
            dt { (t("Perpustakaan membawa", "The library brings")) } dd { (list(&m.library_brings)) }
            dt { (t("Mitra membawa", "The partner brings")) } dd { (list(&m.partner_brings)) }
            dt { (t("Nilai", "Value")) } dd { (m.value.map(|v| rupiah(v, lang)).unwrap_or_else(|| "—".into())) }
            @if let Some(d) = &m.description { dt { (t("Uraian", "Description")) } dd { (d) } }
        }
        @if editable { div.actions { a.button.secondary href={ (PARTNERSHIPS) "/" (m.id) "/ubah" } { (t("Ubah", "Edit")) } } }
        (documents_section(&ctx, DocumentOwner::Partnership, m.id, &docs, editable))
    };
    Ok(html_response(page(Layout::from(&ctx), &m.title, body)))
}

fn partnership_form_of(p: &Partnership) -> Form {
    let mut f: std::collections::HashMap<String, String> = [
        ("title", p.title.clone()),
        ("partner", p.partner.clone()),
        ("starts_on", p.starts_on.to_string()),
        ("ends_on", p.ends_on.map(|d| d.to_string()).unwrap_or_default()),
        ("value", p.value.map(|v| v.to_string()).unwrap_or_default()),
        ("description", p.description.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (prefix, list) in [("lib_", &p.library_brings), ("mitra_", &p.partner_brings)] {
        for c in list {
            f.insert(format!("{prefix}{}", c.code()), "1".into());
        }
    }
    Form(f)
}

pub async fn edit_partnership(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = id_of(&id)?;
    let p = state.run(move |s| svc::partnership(s, &actor, id)).await?;
    form_page(
        &ctx,
        &p.title,
        partnership_form(&ctx, &format!("{PARTNERSHIPS}/{id}/ubah"), &partnership_form_of(&p), Some(p.version), &[]),
        false,
    )
}

pub async fn update_partnership(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = id_of(&id)?;
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let input = partnership_input(&form);
    match state.run(move |s| svc::update_partnership(s, &actor, id, version, &input)).await {
        Ok(_) => Ok(see_other(&format!("{PARTNERSHIPS}/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => form_page(
            &ctx,
            ctx.t("Ubah kemitraan", "Edit partnership"),
            partnership_form(&ctx, &format!("{PARTNERSHIPS}/{id}/ubah"), &form, Some(version), &errs),
            true,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---- Exports ----

/// The regulations of the actor's scope as a table.
async fn export_regulations(state: AppState, ctx: Ctx, xlsx: bool) -> PageResult {
    let actor = ctx.actor()?;
    let lang = ctx.lang;
    let items = state
        .run(move |s| {
            lentera_core::library::every_page(50_000, |page| {
                svc::regulations(s, &actor, AgreementFilter::default(), page)
            })
        })
        .await?;
    let headers = ["judul", "tingkat", "status", "nomor", "tanggal_ditetapkan", "oleh", "kode_wilayah", "catatan"]
        .map(String::from)
        .to_vec();
    let rows = items
        .iter()
        .map(|r| {
            vec![
                r.title.clone(),
                r.level.label(lang).to_string(),
                r.status.label(lang).to_string(),
                r.number.clone().unwrap_or_default(),
                r.enacted_on.map(|d| d.to_string()).unwrap_or_default(),
                owner_cell(&r.owner),
                r.owner.region_code.to_string(),
                r.notes.clone().unwrap_or_default(),
            ]
        })
        .collect();
    crate::http::table_download(xlsx, "regulasi", headers, rows, vec![])
}

pub async fn regulations_csv(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    export_regulations(state, ctx, false).await
}

pub async fn regulations_xlsx(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    export_regulations(state, ctx, true).await
}

/// The partnerships of the actor's scope as a table, with where each stands today.
async fn export_partnerships(state: AppState, ctx: Ctx, xlsx: bool) -> PageResult {
    let actor = ctx.actor()?;
    let lang = ctx.lang;
    let today = state.env.today(lentera_core::region::TimeZone::Wib);
    let items = state
        .run(move |s| {
            lentera_core::library::every_page(50_000, |page| {
                svc::partnerships(s, &actor, AgreementFilter::default(), page)
            })
        })
        .await?;
    let headers = [
        "judul",
        "mitra",
        "mulai",
        "berakhir",
        "status",
        "perpustakaan_memberi",
        "mitra_memberi",
        "nilai_rp",
        "oleh",
        "kode_wilayah",
    ]
    .map(String::from)
    .to_vec();
    let brings = |c: &[Contribution]| c.iter().map(|c| c.label(lang)).collect::<Vec<_>>().join("; ");
    let rows = items
        .iter()
        .map(|p| {
            vec![
                p.title.clone(),
                p.partner.clone(),
                p.starts_on.to_string(),
                p.ends_on.map(|d| d.to_string()).unwrap_or_default(),
                term_label(p.term(today), lang).to_string(),
                brings(&p.library_brings),
                brings(&p.partner_brings),
                p.value.map(|v| v.to_string()).unwrap_or_default(),
                owner_cell(&p.owner),
                p.owner.region_code.to_string(),
            ]
        })
        .collect();
    crate::http::table_download(xlsx, "kemitraan", headers, rows, vec![7])
}

pub async fn partnerships_csv(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    export_partnerships(state, ctx, false).await
}

pub async fn partnerships_xlsx(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    export_partnerships(state, ctx, true).await
}
