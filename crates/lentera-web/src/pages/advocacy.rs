//! Stakeholders (`/pemangku-kepentingan`) and advocacy (`/advokasi`) on pages: lists, forms,
//! one stakeholder with the promises they made, one advocacy activity with its commitments.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::advocacy::CommitmentFilter;
use lentera_core::advocacy::{
    Advocacy, AdvocacyFilter, AdvocacyInput, AdvocacyKind, Commitment, CommitmentInput, CommitmentKind,
    CommitmentStanding, Owner, PromisesKept, Stakeholder, StakeholderFilter, StakeholderInput, StakeholderKind,
    StakeholderRole,
};
use lentera_core::i18n::Lang;
use lentera_core::ids::LibraryId;
use lentera_core::library::PageRequest;
use lentera_core::money::rupiah;
use lentera_core::services::advocacy as svc;
use lentera_core::time_fmt::{calendar_date, number};
use lentera_core::workplan::FundingSource;
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, error_summary, field_errors, flash, page, pager, urlencode, whatsapp};

use super::owners::{OwnerQuery, add_link, blank, form_page, office_region_field, owner_label, owner_of, owner_query};
use crate::http::{Form, PageResult, parse_id, see_other};

const PEOPLE: &str = "/pemangku-kepentingan";
const ADVOCACY: &str = "/advokasi";

fn standing_badge(c: &Commitment, today: time::Date, lang: Lang) -> Markup {
    let s = c.standing(today);
    let class = match s {
        CommitmentStanding::KeptFully => "badge good",
        CommitmentStanding::KeptPartly => "badge",
        CommitmentStanding::Lapsed => "badge bad",
        CommitmentStanding::Open => "badge",
    };
    html! { span class=(class) { (s.label(lang)) } }
}

fn promises(ctx: &Ctx, p: &PromisesKept) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    html! {
        dl.facts #janji-ditepati {
            dt { (t("Janji dibuat", "Promises made")) } dd { (number(p.made, lang)) }
            dt { (t("Ditepati (penuh/sebagian)", "Kept (fully/partly)")) } dd { (number(p.kept, lang)) " / " (number(p.kept_partly, lang))
                @if let Some(pc) = p.percent_kept() { " (" (pc) "%)" } }
            dt { (t("Tidak ditepati", "Lapsed")) } dd { (number(p.lapsed, lang)) }
            dt { (t("Dana dijanjikan / tercatat", "Money promised / recorded")) } dd { (rupiah(p.rupiah_promised, lang)) " / " (rupiah(p.rupiah_kept, lang)) }
        }
    }
}

fn commitments_table(ctx: &Ctx, items: &[Commitment], today: time::Date, resolve: bool) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    html! {
        @if items.is_empty() { p.empty { (t("Belum ada janji tercatat.", "No promises recorded.")) } }
        @else { div.table-wrap { table {
            thead { tr { th scope="col" { (t("Janji", "Promise")) } th scope="col" { (t("Tahun", "Year")) } th scope="col" { (t("Status", "Standing")) } } }
            tbody { @for c in items { tr {
                td { (c.description) br; small { (c.stakeholder_name) " · " (c.kind.label(lang))
                    @if let (Some(s), Some(a)) = (c.source, c.amount) { " · " (s.abbreviation()) " " (rupiah(a, lang)) }
                    @if let Some(d) = c.due { " · " (t("paling lambat ", "by ")) (calendar_date(d, lang)) }
                    @if let Some(n) = c.line_no { " · " (t("baris anggaran #", "budget line #")) (n) } } }
                td { (c.year) }
                td { (standing_badge(c, today, lang))
                    @if c.kind == CommitmentKind::Money && c.kept_amount() > 0 { br; small { (rupiah(c.kept_amount(), lang)) } }
                    @if resolve && c.kind != CommitmentKind::Money && c.resolution.is_none() {
                        form.inline method="post" action={ "/janji/" (c.id) } {
                            input type="hidden" name="_csrf" value=(ctx.csrf);
                            button.link type="submit" name="resolution" value="kept" { (t("Ditepati", "Kept")) }
                            " · "
                            button.link type="submit" name="resolution" value="lapsed" { (t("Tidak ditepati", "Lapsed")) }
                        }
                    }
                }
            } } }
        } } }
    }
}

// ---- Stakeholders ----

#[derive(Deserialize, Default)]
pub struct PeopleQuery {
    q: Option<String>,
    jenis: Option<String>,
    page: Option<String>,
    pesan: Option<String>,
}

pub async fn people(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PeopleQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let kind = match blank(&q.jenis) {
        Some(k) => Some(
            StakeholderKind::parse(k).ok_or_else(|| Error::field("jenis", "Jenis tidak dikenal.", "Unknown type."))?,
        ),
        None => None,
    };
    let filter = StakeholderFilter { query: blank(&q.q).map(str::to_string), kind, ..Default::default() };
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok());
    let list = state.run(move |s| svc::stakeholders(s, &actor, filter, PageRequest::new(page_no, Some(50)))).await?;
    let base: String = [("q", &q.q), ("jenis", &q.jenis)]
        .iter()
        .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", urlencode(v))))
        .collect::<Vec<_>>()
        .join("&");
    let body = html! {
        h1 { (t("Pemangku kepentingan", "Stakeholders")) }
        (flash(q.pesan.as_deref(), lang))
        p { (t("Orang dan lembaga yang diajak bekerja sama atau diadvokasi: kepala desa, BPD, Bappeda, perusahaan, media… Kontak hanya terlihat oleh jajaran pemiliknya.",
               "People and institutions a library works with or advocates to. Contacts are seen only by the owner's chain.")) }
        div.actions { (add_link(&ctx, PEOPLE, t("Tambah pemangku kepentingan", "Add a stakeholder"))) a.button.secondary href=(ADVOCACY) { (t("Advokasi", "Advocacy")) }
            a.button.secondary href={ (PEOPLE) "/ekspor.csv?" (base) } { (t("Ekspor CSV", "Export CSV")) }
            a.button.secondary href={ (PEOPLE) "/ekspor.xlsx?" (base) } { (t("Ekspor XLSX", "Export XLSX")) } }
        form.filters method="get" action=(PEOPLE) role="search" {
            div.field { label for="q" { (t("Cari nama", "Search name")) } input #q name="q" type="search" value=(q.q.clone().unwrap_or_default()); }
            div.field { label for="jenis" { (t("Jenis", "Type")) }
                select #jenis name="jenis" { option value="" { (t("Semua", "All")) }
                    @for k in StakeholderKind::ALL { option value=(k.code()) selected[q.jenis.as_deref() == Some(k.code())] { (k.label(lang)) } } } }
            div.field { button type="submit" { (t("Terapkan", "Apply")) } }
        }
        @if list.items.is_empty() { p.empty { (t("Belum ada pemangku kepentingan yang cocok.", "No matching stakeholders.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Nama", "Name")) } th scope="col" { (t("Jenis dan peran", "Type and role")) } } }
                tbody { @for s in &list.items { tr {
                    td { a href={ (PEOPLE) "/" (s.id) } { (s.name) } br; small { (owner_label(&ctx, &s.owner)) } }
                    td { (s.kind.label(lang)) br; small { (s.role.label(lang)) } }
                } } }
            } }
            (pager(&list, &base, lang))
        }
    };
    Ok(crate::http::html_response(page(Layout::from(&ctx), t("Pemangku kepentingan", "Stakeholders"), body)))
}

fn stakeholder_form(ctx: &Ctx, action: &str, v: &Form, version: Option<i64>, errors: &[FieldError]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let text = |name: &str, label: &str, kind: &str, help: Option<&str>| {
        let bad = errors.iter().any(|e| e.field == name);
        html! { div.field {
            label for=(name) { (label) @if name == "name" { " *" } }
            input id=(name) name=(name) type=(kind) value=(v.get(name)) aria-invalid=[bad.then_some("true")];
            @if let Some(h) = help { small { (h) } }
            (field_errors(errors, name, lang))
        } }
    };
    html! {
        (error_summary(errors, lang))
        form method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            @if let Some(ver) = version { input type="hidden" name="version" value=(ver); }
            (text("name", t("Nama orang atau lembaga", "Name of the person or institution"), "text", None))
            div.field { label for="kind" { (t("Jenis", "Type")) " *" }
                select #kind name="kind" { @for k in StakeholderKind::ALL { option value=(k.code()) selected[v.get("kind") == k.code()] { (k.label(lang)) } } }
                (field_errors(errors, "kind", lang)) }
            (text("position", t("Jabatan atau lembaga", "Position or institution"), "text", None))
            div.field { label for="role" { (t("Peran terhadap perpustakaan", "Role towards the library")) " *" }
                select #role name="role" { @for r in StakeholderRole::ALL { option value=(r.code()) selected[v.get("role") == r.code()] { (r.label(lang)) } } }
                (field_errors(errors, "role", lang)) }
            (text("phone", t("Telepon/WhatsApp", "Phone/WhatsApp"), "tel", Some(t("Data pribadi: hanya terlihat oleh jajaran perpustakaan/kantor ini.", "Personal data: seen only by this library's or office's chain."))))
            (text("email", "Email", "email", None))
            (text("since", t("Sejak", "Since"), "date", None))
            (text("until", t("Sampai", "Until"), "date", Some(t("Kosongkan bila masih berlangsung.", "Leave empty while it lasts."))))
            div.field { label for="notes" { (t("Catatan", "Notes")) } textarea #notes name="notes" rows="3" maxlength="2000" { (v.get("notes")) } }
            div.actions { button type="submit" { (t("Simpan", "Save")) } }
        }
    }
}

fn stakeholder_input(f: &Form) -> StakeholderInput {
    StakeholderInput {
        name: f.get("name").into(),
        kind: f.get("kind").into(),
        position: f.opt("position"),
        phone: f.opt("phone"),
        email: f.opt("email"),
        role: f.get("role").into(),
        since: f.opt("since"),
        until: f.opt("until"),
        notes: f.opt("notes"),
    }
}

pub async fn new_person(State(state): State<AppState>, ctx: Ctx, Query(q): Query<OwnerQuery>) -> PageResult {
    let title = ctx.t("Pemangku kepentingan baru", "New stakeholder");
    let owner = match owner_of(&state, &ctx, &q).await {
        Ok(o) => o,
        Err(crate::http::PageError(Error::Validation(_))) => {
            return form_page(&ctx, title, office_region_field(&ctx, &q, PEOPLE), false);
        }
        Err(e) => return Err(e),
    };
    let body = html! {
        p { (owner_label(&ctx, &owner)) }
        (stakeholder_form(&ctx, &format!("{PEOPLE}/baru?{}", q.query()), &Form::default(), None, &[]))
    };
    form_page(&ctx, title, body, false)
}

pub async fn create_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OwnerQuery>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let owner = owner_of(&state, &ctx, &q).await?;
    let actor = ctx.actor()?;
    let input = stakeholder_input(&form);
    let o = owner.clone();
    match state.run(move |s| svc::create_stakeholder(s, &actor, &o, &input)).await {
        Ok(s) => Ok(see_other(&format!("{PEOPLE}/{}?pesan=dibuat", s.id))),
        Err(Error::Validation(errs)) => {
            let body = html! { p { (owner_label(&ctx, &owner)) } (stakeholder_form(&ctx, &format!("{PEOPLE}/baru?{}", q.query()), &form, None, &errs)) };
            form_page(&ctx, ctx.t("Pemangku kepentingan baru", "New stakeholder"), body, true)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

pub async fn person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<Pesan>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: i64 = parse_id::<LibraryId>(&id)?.get();
    let today = state.env.today(lentera_core::region::TimeZone::Wib);
    let (s, promised, met, editable, contacts) = state
        .run(move |st| {
            let s = svc::stakeholder(st, &actor, id)?;
            let contacts = s.owner.sees_contacts(&actor);
            let f = CommitmentFilter { stakeholder_id: Some(id), ..Default::default() };
            let promised = svc::commitments(st, &actor, f, 200)?;
            let met = svc::list(
                st,
                &actor,
                AdvocacyFilter { stakeholder_id: Some(id), ..Default::default() },
                PageRequest::new(None, Some(20)),
            )?;
            let editable = svc::may_edit(&actor, &s.owner);
            Ok((s, promised, met, editable, contacts))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let tally = PromisesKept::of(&promised, today);
    let body = html! {
        p.crumbs { a href=(PEOPLE) { (t("Pemangku kepentingan", "Stakeholders")) } }
        h1 { (s.name) }
        (flash(p.pesan.as_deref(), lang))
        dl.facts {
            dt { (t("Jenis", "Type")) } dd { (s.kind.label(lang)) }
            dt { (t("Jabatan/lembaga", "Position")) } dd { (s.position.clone().unwrap_or_else(|| "—".into())) }
            dt { (t("Peran", "Role")) } dd { (s.role.label(lang))
                @if let Some(d) = s.since { " · " (t("sejak ", "since ")) (calendar_date(d, lang)) }
                @if let Some(d) = s.until { " · " (t("sampai ", "until ")) (calendar_date(d, lang)) } }
            dt { (t("Milik", "Belongs to")) } dd { (owner_label(&ctx, &s.owner)) }
            @if contacts {
                dt { (t("Telepon", "Phone")) } dd { @match &s.phone { Some(ph) => { a href={ "https://wa.me/" (whatsapp(ph)) } rel="noopener" { (ph) } }, None => { "—" } } }
                dt { "Email" } dd { (s.email.clone().unwrap_or_else(|| "—".into())) }
            }
            @if let Some(n) = &s.notes { dt { (t("Catatan", "Notes")) } dd { (n) } }
        }
        @if editable { div.actions {
            a.button.secondary href={ (PEOPLE) "/" (s.id) "/ubah" } { (t("Ubah", "Edit")) }
            @let q = match s.owner.library_id { Some(l) => format!("perpustakaan={l}"), None => format!("kantor={}", s.owner.region_code) };
            a.button.secondary href={ (ADVOCACY) "/baru?" (q) } { (t("Catat advokasi", "Record advocacy")) }
        } }
        h2 { (t("Janji yang ditepati", "Promises kept")) }
        (promises(&ctx, &tally))
        (commitments_table(&ctx, &promised, today, false))
        h2 { (t("Advokasi", "Advocacy")) " (" (met.total) ")" }
        @if met.items.is_empty() { p.empty { (t("Belum pernah ditemui dalam advokasi.", "Not met in any advocacy yet.")) } }
        ul { @for a in &met.items { li { a href={ (ADVOCACY) "/" (a.id) } { (calendar_date(a.date, lang)) " · " (a.kind.label(lang)) } } } }
    };
    Ok(crate::http::html_response(page(Layout::from(&ctx), &s.name, body)))
}

fn form_of(s: &Stakeholder) -> Form {
    let d = |v: Option<time::Date>| v.map(|d| d.to_string()).unwrap_or_default();
    Form(
        [
            ("name", s.name.clone()),
            ("kind", s.kind.code().into()),
            ("position", s.position.clone().unwrap_or_default()),
            ("role", s.role.code().into()),
            ("phone", s.phone.clone().unwrap_or_default()),
            ("email", s.email.clone().unwrap_or_default()),
            ("since", d(s.since)),
            ("until", d(s.until)),
            ("notes", s.notes.clone().unwrap_or_default()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect(),
    )
}

pub async fn edit_person(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id: i64 = parse_id::<LibraryId>(&id)?.get();
    let s = state.run(move |st| svc::stakeholder(st, &actor, id)).await?;
    let body = stakeholder_form(&ctx, &format!("{PEOPLE}/{id}/ubah"), &form_of(&s), Some(s.version), &[]);
    form_page(&ctx, &s.name, body, false)
}

pub async fn update_person(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: i64 = parse_id::<LibraryId>(&id)?.get();
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let input = stakeholder_input(&form);
    match state.run(move |s| svc::update_stakeholder(s, &actor, id, version, &input)).await {
        Ok(_) => Ok(see_other(&format!("{PEOPLE}/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => form_page(
            &ctx,
            ctx.t("Ubah pemangku kepentingan", "Edit stakeholder"),
            stakeholder_form(&ctx, &format!("{PEOPLE}/{id}/ubah"), &form, Some(version), &errs),
            true,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---- Advocacy ----

#[derive(Deserialize, Default)]
pub struct AdvocacyQuery {
    tahun: Option<String>,
    jenis: Option<String>,
    page: Option<String>,
    pesan: Option<String>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<AdvocacyQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let year = blank(&q.tahun)
        .map(|y| {
            y.parse::<i32>()
                .ok()
                .filter(|y| (2018..=2100).contains(y))
                .ok_or_else(|| Error::field("tahun", "Tahun tidak valid.", "Invalid year."))
        })
        .transpose()?;
    let kind = blank(&q.jenis)
        .map(|k| AdvocacyKind::parse(k).ok_or_else(|| Error::field("jenis", "Jenis tidak dikenal.", "Unknown kind.")))
        .transpose()?;
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok());
    let today = state.env.today(lentera_core::region::TimeZone::Wib);
    let (items, tally) = state
        .run(move |s| {
            let items = svc::list(
                s,
                &actor,
                AdvocacyFilter { year, kind, ..Default::default() },
                PageRequest::new(page_no, Some(30)),
            )?;
            let tally = svc::promises_kept(s, &actor, CommitmentFilter { year, ..Default::default() })?;
            Ok((items, tally))
        })
        .await?;
    let base: String = [("tahun", &q.tahun), ("jenis", &q.jenis)]
        .iter()
        .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", urlencode(v))))
        .collect::<Vec<_>>()
        .join("&");
    let body = html! {
        h1 { (t("Advokasi", "Advocacy")) }
        (flash(q.pesan.as_deref(), lang))
        div.actions { (add_link(&ctx, ADVOCACY, t("Catat advokasi", "Record advocacy"))) a.button.secondary href=(PEOPLE) { (t("Pemangku kepentingan", "Stakeholders")) }
            a.button.secondary href={ (ADVOCACY) "/ekspor.csv?" (base) } { (t("Ekspor CSV", "Export CSV")) }
            a.button.secondary href={ (ADVOCACY) "/ekspor.xlsx?" (base) } { (t("Ekspor XLSX", "Export XLSX")) }
            a.button.secondary href="/regulasi" { (t("Regulasi", "Regulations")) } a.button.secondary href="/kemitraan" { (t("Kemitraan", "Partnerships")) } }
        form.filters method="get" action=(ADVOCACY) role="search" {
            div.field { label for="tahun" { (t("Tahun", "Year")) } input #tahun name="tahun" type="number" min="2018" max="2100" inputmode="numeric" value=(q.tahun.clone().unwrap_or_default()); }
            div.field { label for="jenis" { (t("Jenis", "Kind")) }
                select #jenis name="jenis" { option value="" { (t("Semua", "All")) }
                    @for k in AdvocacyKind::ALL { option value=(k.code()) selected[q.jenis.as_deref() == Some(k.code())] { (k.label(lang)) } } } }
            div.field { button type="submit" { (t("Terapkan", "Apply")) } }
        }
        h2 { (t("Janji yang ditepati", "Promises kept")) @if let Some(y) = year { " · " (t("anggaran ", "budget ")) (y) } }
        (promises(&ctx, &tally))
        h2 { (t("Kegiatan advokasi", "Advocacy activities")) " (" (number(items.total, lang)) ")" }
        @if items.items.is_empty() { p.empty { (t("Belum ada advokasi yang cocok.", "No matching advocacy.")) } }
        ul { @for a in &items.items { li {
            a href={ (ADVOCACY) "/" (a.id) } { (calendar_date(a.date, lang)) " · " (a.kind.label(lang)) }
            br; small { (owner_label(&ctx, &a.owner)) " · " (a.met.iter().map(|m| m.1.as_str()).collect::<Vec<_>>().join(", "))
                @if !a.commitments.is_empty() { " · " (a.commitments.len()) " " (t("janji", "promises")) } }
            @for c in a.commitments.iter().take(3) { br; small { (standing_badge(c, today, lang)) " " (c.description) } }
        } } }
        (pager(&items, &base, lang))
    };
    Ok(crate::http::html_response(page(Layout::from(&ctx), t("Advokasi", "Advocacy"), body)))
}

fn advocacy_form(
    ctx: &Ctx,
    action: &str,
    v: &Form,
    version: Option<i64>,
    known: &[Stakeholder],
    q: &str,
    errors: &[FieldError],
) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    html! {
        (error_summary(errors, lang))
        @if known.is_empty() {
            div.notice { (t("Belum ada pemangku kepentingan. ", "No stakeholders yet. ")) a href={ (PEOPLE) "/baru?" (q) } { (t("Tambahkan dulu siapa yang ditemui.", "Add who was met first.")) } }
        } @else {
            form method="post" action=(action) novalidate {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                input type="hidden" name="client_id" value=(v.get("client_id"));
                @if let Some(ver) = version { input type="hidden" name="version" value=(ver); }
                div.field { label for="date" { (t("Tanggal", "Date")) " *" } input #date name="date" type="date" value=(v.get("date")); (field_errors(errors, "date", lang)) }
                div.field { label for="kind" { (t("Jenis", "Kind")) " *" }
                    select #kind name="kind" { @for k in AdvocacyKind::ALL { option value=(k.code()) selected[v.get("kind") == k.code()] { (k.label(lang)) } } } }
                fieldset {
                    legend { (t("Yang ditemui", "Who was met")) " *" }
                    @for s in known { label { input type="checkbox" name={ "met_" (s.id) } value="1" checked[v.get(&format!("met_{}", s.id)) == "1"]; " " (s.name) " (" (s.kind.label(lang)) ")" } }
                    (field_errors(errors, "stakeholder_ids", lang))
                    small { a href={ (PEOPLE) "/baru?" (q) } { (t("Tambah pemangku kepentingan baru", "Add a new stakeholder")) } }
                }
                div.field { label for="message" { (t("Pesan yang disampaikan", "The message")) " *" } textarea #message name="message" rows="3" maxlength="2000" { (v.get("message")) } (field_errors(errors, "message", lang)) }
                div.field { label for="outcome" { (t("Hasil", "Outcome")) } textarea #outcome name="outcome" rows="2" maxlength="2000" { (v.get("outcome")) }
                    small { (t("Janji (dana, barang, regulasi, tenaga) dicatat sesudah disimpan, di halaman advokasinya.", "Promises (money, goods, regulation, staff time) are recorded after saving, on the advocacy's page.")) } }
                div.actions { button type="submit" { (t("Simpan", "Save")) } }
            }
        }
    }
}

fn advocacy_input(f: &Form) -> AdvocacyInput {
    let mut ids: Vec<String> =
        f.0.iter()
            .filter(|(k, v)| k.starts_with("met_") && *v == "1")
            .map(|(k, _)| k["met_".len()..].to_string())
            .collect();
    ids.sort();
    AdvocacyInput {
        date: f.get("date").into(),
        kind: f.get("kind").into(),
        message: f.get("message").into(),
        outcome: f.opt("outcome"),
        stakeholder_ids: ids,
    }
}

async fn known_for(state: &AppState, ctx: &Ctx, owner: &Owner) -> Result<Vec<Stakeholder>, crate::http::PageError> {
    let actor = ctx.actor()?;
    let o = owner.clone();
    Ok(state.run(move |s| svc::stakeholders_for(s, &actor, &o)).await?)
}

pub async fn new_advocacy(State(state): State<AppState>, ctx: Ctx, Query(q): Query<OwnerQuery>) -> PageResult {
    let title = ctx.t("Catat advokasi", "Record advocacy");
    let owner = match owner_of(&state, &ctx, &q).await {
        Ok(o) => o,
        Err(crate::http::PageError(Error::Validation(_))) => {
            return form_page(&ctx, title, office_region_field(&ctx, &q, ADVOCACY), false);
        }
        Err(e) => return Err(e),
    };
    let known = known_for(&state, &ctx, &owner).await?;
    let today = state.env.today(owner.region_code.time_zone());
    let v = Form(
        [("client_id".to_string(), super::activities::new_uuid()), ("date".to_string(), today.to_string())]
            .into_iter()
            .collect(),
    );
    let body = html! { p { (owner_label(&ctx, &owner)) } (advocacy_form(&ctx, &format!("{ADVOCACY}/baru?{}", q.query()), &v, None, &known, &q.query(), &[])) };
    form_page(&ctx, title, body, false)
}

pub async fn create_advocacy(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OwnerQuery>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let owner = owner_of(&state, &ctx, &q).await?;
    let actor = ctx.actor()?;
    let input = advocacy_input(&form);
    let (o, client_id) = (owner.clone(), form.opt("client_id"));
    match state.run(move |s| svc::create(s, &actor, &o, client_id.as_deref(), &input)).await {
        Ok((a, _)) => Ok(see_other(&format!("{ADVOCACY}/{}?pesan=dibuat", a.id))),
        Err(Error::Validation(errs)) => {
            let known = known_for(&state, &ctx, &owner).await?;
            let body = html! { p { (owner_label(&ctx, &owner)) } (advocacy_form(&ctx, &format!("{ADVOCACY}/baru?{}", q.query()), &form, None, &known, &q.query(), &errs)) };
            form_page(&ctx, ctx.t("Catat advokasi", "Record advocacy"), body, true)
        }
        Err(e) => Err(e.into()),
    }
}

fn commitment_form(ctx: &Ctx, a: &Advocacy, v: &Form, this_year: i32, errors: &[FieldError]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let year = if v.get("year").is_empty() { (this_year + 1).to_string() } else { v.get("year").to_string() };
    html! {
        details open[!errors.is_empty()] {
            summary { (t("Catat janji", "Record a promise")) }
            (error_summary(errors, lang))
            form method="post" action={ (ADVOCACY) "/" (a.id) "/janji" } novalidate {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                div.field { label for="stakeholder_id" { (t("Yang berjanji", "Who promised")) " *" }
                    select #stakeholder_id name="stakeholder_id" { @for (id, name) in &a.met { option value=(id) selected[v.get("stakeholder_id") == id.to_string()] { (name) } } } }
                div.field { label for="c_kind" { (t("Jenis janji", "What was promised")) " *" }
                    select #c_kind name="kind" { @for k in CommitmentKind::ALL { option value=(k.code()) selected[v.get("kind") == k.code()] { (k.label(lang)) } } } }
                div.field { label for="description" { (t("Isi janji", "The promise")) " *" } input #description name="description" maxlength="500" value=(v.get("description")); (field_errors(errors, "description", lang)) }
                div.field { label for="source" { (t("Sumber dana (janji dana)", "Funding source (money)")) }
                    select #source name="source" { option value="" { "—" } @for s in FundingSource::ALL { option value=(s.code()) selected[v.get("source") == s.code()] { (s.full_label(lang)) } } }
                    (field_errors(errors, "source", lang)) }
                div.field { label for="amount" { (t("Jumlah (Rp)", "Amount (Rp)")) } input #amount name="amount" inputmode="numeric" placeholder="15.000.000" value=(v.get("amount")); (field_errors(errors, "amount", lang)) }
                div.field { label for="year" { (t("Tahun anggaran", "Budget year")) " *" } input #year name="year" type="number" inputmode="numeric" value=(year); (field_errors(errors, "year", lang)) }
                div.field { label for="due" { (t("Paling lambat", "By")) } input #due name="due" type="date" value=(v.get("due")); (field_errors(errors, "due", lang)) }
                div.field { label for="line_no" { (t("Baris anggaran rencana kerja (nomor)", "Work-plan budget line (number)")) } input #line_no name="line_no" inputmode="numeric" value=(v.get("line_no"));
                    small { (t("Kosongkan: dipakai baris pertama dengan sumber dana yang sama di rencana kerja tahun itu.", "Empty: the first line of the same source in that year's plan.")) }
                    (field_errors(errors, "line_no", lang)) }
                button type="submit" { (t("Simpan janji", "Save promise")) }
            }
        }
    }
}

async fn show_advocacy(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    pesan: Option<String>,
    v: &Form,
    errors: &[FieldError],
) -> PageResult {
    let actor = ctx.actor()?;
    let (a, docs) = state
        .run(move |s| {
            let a = svc::advocacy(s, &actor, id)?;
            let docs = lentera_core::services::agreements::documents(
                s,
                &actor,
                lentera_core::agreements::DocumentOwner::Advocacy,
                id,
            )?;
            Ok((a, docs))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let editable = svc::may_edit(&ctx.actor()?, &a.owner);
    let today = state.env.today(a.owner.region_code.time_zone());
    let body = html! {
        p.crumbs { a href=(ADVOCACY) { (t("Advokasi", "Advocacy")) } }
        h1 { (a.kind.label(lang)) " · " (calendar_date(a.date, lang)) }
        (flash(pesan.as_deref(), lang))
        dl.facts {
            dt { (t("Oleh", "By")) } dd { (owner_label(ctx, &a.owner)) }
            dt { (t("Yang ditemui", "Met")) } dd { @for (i, (sid, name)) in a.met.iter().enumerate() { @if i > 0 { ", " } a href={ (PEOPLE) "/" (sid) } { (name) } } }
            dt { (t("Pesan", "Message")) } dd { (a.message) }
            dt { (t("Hasil", "Outcome")) } dd { (a.outcome.clone().unwrap_or_else(|| "—".into())) }
        }
        @if editable { div.actions { a.button.secondary href={ (ADVOCACY) "/" (a.id) "/ubah" } { (t("Ubah", "Edit")) } } }
        h2 #janji { (t("Janji", "Promises")) }
        (commitments_table(ctx, &a.commitments, today, editable))
        @if editable { (commitment_form(ctx, &a, v, today.year(), errors)) }
        (super::documents::documents_section(ctx, lentera_core::agreements::DocumentOwner::Advocacy, a.id, &docs, editable))
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), a.kind.label(lang), body)).into_response())
}

pub async fn advocacy(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<Pesan>,
) -> PageResult {
    let id: i64 = parse_id::<LibraryId>(&id)?.get();
    show_advocacy(&state, &ctx, id, p.pesan, &Form::default(), &[]).await
}

pub async fn add_commitment(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: i64 = parse_id::<LibraryId>(&id)?.get();
    let input = CommitmentInput {
        stakeholder_id: form.get("stakeholder_id").into(),
        kind: form.get("kind").into(),
        description: form.get("description").into(),
        source: form.opt("source"),
        amount: form.opt("amount"),
        year: form.get("year").into(),
        due: form.opt("due"),
        line_no: form.opt("line_no"),
    };
    match state.run(move |s| svc::add_commitment(s, &actor, id, &input)).await {
        Ok(_) => Ok(see_other(&format!("{ADVOCACY}/{id}?pesan=tersimpan#janji"))),
        Err(Error::Validation(errs)) => show_advocacy(&state, &ctx, id, None, &form, &errs).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn resolve_commitment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: i64 = parse_id::<LibraryId>(&id)?.get();
    let resolution = match form.get("resolution") {
        "" => None,
        r => Some(
            CommitmentStanding::parse(r)
                .ok_or_else(|| Error::field("resolution", "Pilihan tidak dikenal.", "Unknown choice."))?,
        ),
    };
    let c = state.run(move |s| svc::resolve_commitment(s, &actor, id, resolution, None)).await?;
    Ok(see_other(&format!("{ADVOCACY}/{}?pesan=tersimpan#janji", c.advocacy_id)))
}

fn advocacy_form_of(a: &Advocacy) -> Form {
    let mut f: std::collections::HashMap<String, String> = [
        ("date".to_string(), a.date.to_string()),
        ("kind".to_string(), a.kind.code().to_string()),
        ("message".to_string(), a.message.clone()),
        ("outcome".to_string(), a.outcome.clone().unwrap_or_default()),
    ]
    .into_iter()
    .collect();
    for (id, _) in &a.met {
        f.insert(format!("met_{id}"), "1".into());
    }
    Form(f)
}

pub async fn edit_advocacy(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id: i64 = parse_id::<LibraryId>(&id)?.get();
    let a = state.run(move |s| svc::advocacy(s, &actor, id)).await?;
    let known = known_for(&state, &ctx, &a.owner).await?;
    let body = advocacy_form(
        &ctx,
        &format!("{ADVOCACY}/{id}/ubah"),
        &advocacy_form_of(&a),
        Some(a.version),
        &known,
        &owner_query(&a.owner),
        &[],
    );
    form_page(&ctx, ctx.t("Ubah advokasi", "Edit advocacy"), body, false)
}

pub async fn update_advocacy(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: i64 = parse_id::<LibraryId>(&id)?.get();
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let input = advocacy_input(&form);
    let a2 = actor.clone();
    match state.run(move |s| svc::update(s, &a2, id, version, &input)).await {
        Ok(_) => Ok(see_other(&format!("{ADVOCACY}/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => {
            let a = state.run(move |s| svc::advocacy(s, &actor, id)).await?;
            let known = known_for(&state, &ctx, &a.owner).await?;
            let body = advocacy_form(
                &ctx,
                &format!("{ADVOCACY}/{id}/ubah"),
                &form,
                Some(version),
                &known,
                &owner_query(&a.owner),
                &errs,
            );
            form_page(&ctx, ctx.t("Ubah advokasi", "Edit advocacy"), body, true)
        }
        Err(e) => Err(e.into()),
    }
}

/// The advocacy of the actor's scope (year and kind as on the list) as a table: one row per
/// activity with who was met and its promises.
async fn export(state: AppState, ctx: Ctx, q: AdvocacyQuery, xlsx: bool) -> PageResult {
    let actor = ctx.actor()?;
    let lang = ctx.lang;
    let year = blank(&q.tahun).and_then(|y| y.parse::<i32>().ok()).filter(|y| (2018..=2100).contains(y));
    let kind = blank(&q.jenis).and_then(AdvocacyKind::parse);
    let items = state
        .run(move |s| {
            lentera_core::library::every_page(50_000, |page| {
                svc::list(s, &actor, AdvocacyFilter { year, kind, ..Default::default() }, page)
            })
        })
        .await?;
    let headers =
        ["tanggal", "jenis", "oleh", "kode_wilayah", "yang_ditemui", "pesan", "hasil", "janji", "janji_dana_rp"]
            .map(String::from)
            .to_vec();
    let rows = items
        .iter()
        .map(|a| {
            vec![
                a.date.to_string(),
                a.kind.label(lang).to_string(),
                super::owners::owner_cell(&a.owner),
                a.owner.region_code.to_string(),
                a.met.iter().map(|m| m.1.as_str()).collect::<Vec<_>>().join("; "),
                a.message.clone(),
                a.outcome.clone().unwrap_or_default(),
                a.commitments.iter().map(|c| c.description.as_str()).collect::<Vec<_>>().join("; "),
                a.commitments.iter().filter_map(|c| c.amount).sum::<i64>().to_string(),
            ]
        })
        .collect();
    crate::http::table_download(xlsx, "advokasi", headers, rows, vec![8])
}

pub async fn export_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<AdvocacyQuery>) -> PageResult {
    export(state, ctx, q, false).await
}

pub async fn export_xlsx(State(state): State<AppState>, ctx: Ctx, Query(q): Query<AdvocacyQuery>) -> PageResult {
    export(state, ctx, q, true).await
}

/// The stakeholders of the actor's scope as a table; contacts only where the actor sees them.
async fn export_people(state: AppState, ctx: Ctx, q: PeopleQuery, xlsx: bool) -> PageResult {
    let actor = ctx.actor()?;
    let lang = ctx.lang;
    let kind = blank(&q.jenis).and_then(StakeholderKind::parse);
    let query = blank(&q.q).map(str::to_string);
    let items = state
        .run(move |s| {
            lentera_core::library::every_page(50_000, |page| {
                let f = StakeholderFilter { query: query.clone(), kind, ..Default::default() };
                svc::stakeholders(s, &actor, f, page)
            })
        })
        .await?;
    let headers = ["nama", "jenis", "jabatan", "peran", "sejak", "sampai", "milik", "kode_wilayah", "telepon", "email"]
        .map(String::from)
        .to_vec();
    let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let rows = items
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.kind.label(lang).to_string(),
                p.position.clone().unwrap_or_default(),
                p.role.label(lang).to_string(),
                date(p.since),
                date(p.until),
                owner_label(&ctx, &p.owner),
                p.owner.region_code.to_string(),
                p.phone.clone().unwrap_or_default(),
                p.email.clone().unwrap_or_default(),
            ]
        })
        .collect();
    crate::http::table_download(xlsx, "pemangku-kepentingan", headers, rows, vec![])
}

pub async fn people_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PeopleQuery>) -> PageResult {
    export_people(state, ctx, q, false).await
}

pub async fn people_xlsx(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PeopleQuery>) -> PageResult {
    export_people(state, ctx, q, true).await
}
