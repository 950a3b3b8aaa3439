//! Participants: the event's registrations (approve, reject, withdraw), nominating people
//! within one's scope, the public self-registration form, and people with their training
//! history and likely duplicates.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::access::Actor;
use lentera_core::event::{Event, Gender, PersonInput, Registration, RegistrationFilter, RegistrationStatus, rate};
use lentera_core::ids::EventId;
use lentera_core::library::{LibraryFilter, LibrarySummary, PageRequest};
use lentera_core::services::{events, libraries, personal_data};
use lentera_core::time_fmt::{calendar_date, number};
use lentera_core::user::Scope;
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use super::events::date_range;
use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{FieldSpec, Layout, error_summary, field_errors, flash, notice, page, pager, urlencode};
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
    q: Option<String>,
    pesan: Option<String>,
}

fn status_badge(s: RegistrationStatus, lang: lentera_core::i18n::Lang) -> Markup {
    html! { span class={ "badge reg-" (s.code()) } { (s.label(lang)) } }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let status = q.status.as_deref().filter(|s| !s.is_empty()).map(|s| {
        RegistrationStatus::parse(s).ok_or_else(|| Error::field("status", "Status tidak dikenal.", "Unknown status."))
    });
    let status = status.transpose()?;
    let filter = RegistrationFilter { status, query: q.q.clone(), ..Default::default() };
    let a = actor.clone();
    let (e, regs) =
        state.run(move |s| Ok((events::get(s, &a, id)?, events::registrations(s, &a, id, filter)?))).await?;
    let manages = events::can_manage(&actor, e.fields.organiser_region.as_ref());
    let days = e.fields.days().len() as i64;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let count = |s: RegistrationStatus| regs.iter().filter(|r| r.status == s).count();
    let body = html! {
        p.crumbs { a href="/acara" { (t("Acara", "Events")) } a href={ "/acara/" (e.id) } { (e.fields.name) } }
        h1 { (t("Peserta", "Participants")) }
        (flash(q.pesan.as_deref(), lang))
        p { (date_range(&e, lang)) " · " (t("Terdaftar", "Registered")) ": " strong { (number(e.registered, lang)) }
            @if !manages { " " small { (t("(yang tampil hanya peserta dari cakupan Anda)", "(only people of your scope are shown)")) } } }
        div.actions {
            @if actor.can_report() { a.button href={ "/acara/" (e.id) "/peserta/baru" } { (t("Daftarkan peserta", "Nominate a participant")) } }
        }
        form.filters method="get" role="search" {
            div.field { label for="q" { (t("Cari nama", "Search name")) } input #q name="q" type="search" value=(q.q.clone().unwrap_or_default()); }
            div.field { label for="status" { (t("Status", "Status")) }
                select #status name="status" {
                    option value="" { (t("Semua", "All")) }
                    @for s in RegistrationStatus::ALL { option value=(s.code()) selected[status == Some(*s)] { (s.label(lang)) " (" (count(*s)) ")" } }
                } }
            div.field { button type="submit" { (t("Terapkan", "Apply")) } }
        }
        @if regs.is_empty() { p.empty { (t("Belum ada peserta yang cocok.", "No matching participants.")) } }
        @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (t("Nama", "Name")) } th scope="col" { (t("L/P", "M/F")) } th scope="col" { (t("Lembaga", "Institution")) }
                    th scope="col" { (t("Kontak", "Contact")) } th scope="col" { (t("Kode", "Code")) } th scope="col" { (t("Status", "Status")) }
                    th.num scope="col" { (t("Hadir", "Present")) } th scope="col" { "" }
                } }
                tbody { @for r in &regs { tr {
                    td { a href={ "/orang/" (r.person.id) } { (r.person.fields.full_name) } @if let Some(p) = &r.person.fields.position { br; small { (p) } } }
                    td { (r.person.fields.gender.code().to_uppercase()) }
                    td { (r.person.institution_label()) }
                    td { (r.person.fields.phone.as_deref().unwrap_or("")) @if let Some(m) = &r.person.fields.email { br; (m) } }
                    td { code { (r.code) } }
                    td { (status_badge(r.status, lang)) @if r.self_registered { br; small { (t("daftar mandiri", "self-registered")) } } }
                    td.num { (r.days_present) "/" (days) " (" (rate(r.days_present, days)) "%)" }
                    td { (status_forms(&ctx, &actor, &e, r, manages)) }
                } } }
            } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Peserta", "Participants"), body)))
}

fn status_forms(ctx: &Ctx, actor: &Actor, e: &Event, r: &Registration, manages: bool) -> Markup {
    use RegistrationStatus::*;
    let t = |id, en| ctx.t(id, en);
    let mut moves: Vec<(RegistrationStatus, &str)> = Vec::new();
    if manages && matches!(r.status, Pending | Waitlisted | Rejected) {
        moves.push((Registered, t("Setujui", "Approve")));
    }
    if manages && matches!(r.status, Pending | Waitlisted) {
        moves.push((Rejected, t("Tolak", "Reject")));
    }
    if (manages || events::in_scope(actor, &r.person)) && matches!(r.status, Pending | Registered | Waitlisted) {
        moves.push((Withdrawn, t("Batalkan", "Withdraw")));
    }
    html! {
        @for (to, label) in moves {
            form.inline method="post" action={ "/acara/" (e.id) "/peserta/" (r.id) "/status" }
                data-confirm=[(to == Withdrawn).then(|| t("Batalkan pendaftaran ini?", "Withdraw this registration?"))] {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                input type="hidden" name="to" value=(to.code());
                button.link type="submit" { (label) }
            }
        }
    }
}

pub async fn set_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, rid)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let (id, rid) = (parse_id(&id)?, parse_id(&rid)?);
    let to = RegistrationStatus::parse(form.get("to"))
        .ok_or_else(|| Error::field("to", "Status tidak dikenal.", "Unknown status."))?;
    let r = state.run(move |s| events::set_status(s, &actor, id, rid, to)).await?;
    let msg = if to == RegistrationStatus::Registered && r.status == RegistrationStatus::Waitlisted {
        "penuh"
    } else {
        "tersimpan"
    };
    Ok(see_other(&format!("/acara/{id}/peserta?pesan={msg}")))
}

/// The person fields, shared by the nomination and public registration forms. `libraries`
/// are the search results to choose from (empty: only "other institution").
fn person_fields(ctx: &Ctx, v: &Form, libraries: &[(i64, String)], errors: &[FieldError]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let text = |name: &str, label: &str, kind: &str, help: Option<&str>| {
        let spec = FieldSpec { name, label, value: v.get(name), kind, required: false, help };
        crate::html::input(spec, errors, lang)
    };
    html! {
        (text("full_name", t("Nama lengkap *", "Full name *"), "text", Some(t("Seperti akan tercetak di sertifikat.", "As it will be printed on the certificate."))))
        div.field { label for="gender" { (t("Jenis kelamin *", "Gender *")) }
            select #gender name="gender" { option value="" { (t("— pilih —", "— choose —")) } @for g in Gender::ALL { option value=(g.code()) selected[v.get("gender") == g.code()] { (g.label(lang)) } } }
            (field_errors(errors, "gender", lang)) }
        (text("position", t("Jabatan", "Position"), "text", Some(t("Mis. pengelola perpustakaan desa, kepala bidang.", "E.g. village library manager, head of division."))))
        div.field { label for="library_id" { (t("Perpustakaan", "Library")) }
            select #library_id name="library_id" {
                option value="" { (t("— lembaga lain (isi di bawah) —", "— another institution (below) —")) }
                @for (id, name) in libraries { option value=(id) selected[v.get("library_id") == id.to_string()] { (name) } }
            }
            (field_errors(errors, "library_id", lang)) }
        (text("institution", t("Lembaga lain", "Other institution"), "text", Some(t("Bila bukan perpustakaan: mis. Pemerintah Desa Sukamaju.", "If not a library: e.g. the village government."))))
        (text("region_code", t("Kode wilayah lembaga lain", "Region code of the other institution"), "text", None))
        (text("phone", t("Nomor HP/WhatsApp", "Phone/WhatsApp"), "tel", None))
        (text("email", t("Email", "Email"), "email", Some(t("Dipakai untuk mencocokkan laporan peserta rapat daring.", "Used to match online meeting reports."))))
    }
}

fn person_input(form: &Form) -> PersonInput {
    PersonInput {
        full_name: form.get("full_name").into(),
        gender: form.get("gender").into(),
        position: form.opt("position"),
        library_id: form.opt("library_id"),
        institution: form.opt("institution"),
        region_code: form.opt("region_code"),
        phone: form.opt("phone"),
        email: form.opt("email"),
    }
}

/// Libraries to choose from: the actor's own (library scope), or a name search in scope.
fn library_choices(
    s: &lentera_core::services::Env,
    actor: &Actor,
    query: Option<&str>,
) -> Result<Vec<(i64, String)>, Error> {
    let query = query.map(str::trim).filter(|q| q.chars().count() >= 2);
    if query.is_none() && !matches!(actor.scope, Scope::Library { .. }) {
        return Ok(Vec::new());
    }
    let filter = LibraryFilter { query: query.map(str::to_string), ..Default::default() };
    Ok(options(libraries::list(s, actor, filter, PageRequest::new(None, Some(30)))?.items))
}

fn options(libs: Vec<LibrarySummary>) -> Vec<(i64, String)> {
    libs.into_iter().map(|l| (l.id.get(), format!("{} — {}", l.name, l.region_name))).collect()
}

#[derive(Deserialize, Default)]
pub struct NominateQuery {
    /// Search among known people.
    orang: Option<String>,
    /// Search for the library.
    perpustakaan: Option<String>,
}

async fn nominate_page(
    state: &AppState,
    ctx: &Ctx,
    id: EventId,
    q: &NominateQuery,
    v: &Form,
    errors: &[FieldError],
) -> PageResult {
    let actor = ctx.actor()?;
    let (pq, lq) = (q.orang.clone(), q.perpustakaan.clone().or_else(|| v.opt("library_query")));
    let (e, people, libs) = state
        .run(move |s| {
            let e = events::get(s, &actor, id)?;
            let people = match pq.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                Some(q) => events::people(s, &actor, Some(q), PageRequest::new(None, Some(20)))?.items,
                None => Vec::new(),
            };
            Ok((e, people, library_choices(s, &actor, lq.as_deref())?))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let warned = errors.iter().any(|e| e.kind == lentera_core::error::FieldErrorKind::Warning);
    let body = html! {
        p.crumbs { a href="/acara" { (t("Acara", "Events")) } a href={ "/acara/" (e.id) } { (e.fields.name) } a href={ "/acara/" (e.id) "/peserta" } { (t("Peserta", "Participants")) } }
        h1 { (t("Daftarkan peserta", "Nominate a participant")) }
        p { (t("Bila kuota lembaganya penuh, peserta masuk daftar tunggu dan naik otomatis saat ada kursi kosong.", "When the institution's seats are taken, the person goes on the waiting list and moves up when a seat frees.")) }
        h2 { (t("Orang yang sudah dikenal", "Someone already known")) }
        form.filters method="get" role="search" {
            div.field { label for="orang" { (t("Cari nama", "Search name")) } input #orang name="orang" type="search" value=(q.orang.clone().unwrap_or_default()); }
            div.field { button type="submit" { (t("Cari", "Search")) } }
        }
        @if q.orang.is_some() && people.is_empty() { p.empty { (t("Tidak ditemukan di cakupan Anda; isi data baru di bawah.", "Not found in your scope; enter new details below.")) } }
        @if !people.is_empty() {
            ul { @for p in &people { li {
                form.inline method="post" action={ "/acara/" (e.id) "/peserta/baru" } {
                    input type="hidden" name="_csrf" value=(ctx.csrf);
                    input type="hidden" name="person_id" value=(p.id);
                    (p.fields.full_name) " — " (p.institution_label()) " "
                    button.link type="submit" { (t("Daftarkan", "Nominate")) }
                }
            } } }
        }
        h2 { (t("Orang baru", "Someone new")) }
        form.filters method="get" role="search" {
            div.field { label for="perpustakaan" { (t("Cari perpustakaan", "Find the library")) } input #perpustakaan name="perpustakaan" type="search" value=(q.perpustakaan.clone().unwrap_or_default()); }
            div.field { button.secondary type="submit" { (t("Cari", "Search")) } }
        }
        (error_summary(errors, lang))
        form method="post" action={ "/acara/" (e.id) "/peserta/baru" } novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            input type="hidden" name="library_query" value=(q.perpustakaan.clone().unwrap_or_else(|| v.get("library_query").to_string()));
            (person_fields(ctx, v, &libs, errors))
            @if warned {
                div.notice.bad { label { input type="checkbox" name="confirm_warnings" value="1"; " " (t("Ini orang yang berbeda; tetap daftarkan.", "This is a different person; nominate anyway.")) } }
            }
            div.actions { button type="submit" { (t("Daftarkan", "Nominate")) } }
        }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), t("Daftarkan peserta", "Nominate a participant"), body)).into_response())
}

pub async fn nominate_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<NominateQuery>,
) -> PageResult {
    let id = parse_id(&id)?;
    nominate_page(&state, &ctx, id, &q, &Form(Default::default()), &[]).await
}

pub async fn nominate(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let n = events::Nomination {
        person_id: form.opt("person_id").and_then(|p| p.parse().ok()),
        person: person_input(&form),
        confirmed: form.get("confirm_warnings") == "1",
    };
    match state.run(move |s| events::nominate(s, &actor, id, &n)).await {
        Ok(r) => {
            let msg = match (r.registration.status, r.reused_person) {
                (RegistrationStatus::Waitlisted, _) => "penuh",
                (_, true) => "dikenal",
                _ => "dibuat",
            };
            Ok(see_other(&format!("/acara/{id}/peserta?pesan={msg}")))
        }
        Err(Error::Validation(errs)) => nominate_page(&state, &ctx, id, &NominateQuery::default(), &form, &errs).await,
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// Public self-registration

#[derive(Deserialize, Default)]
pub struct PublicQuery {
    perpustakaan: Option<String>,
}

async fn public_page(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
    lq: Option<String>,
    v: &Form,
    errors: &[FieldError],
    done: Option<&Registration>,
) -> PageResult {
    let c = code.to_string();
    let (e, libs) = state
        .run(move |s| {
            let e = events::open_event(s, &c)?;
            let libs = match lq.as_deref().map(str::trim).filter(|q| q.chars().count() >= 2) {
                // Library names and places are public registry facts.
                Some(q) => {
                    let filter = LibraryFilter {
                        query: Some(q.to_string()),
                        region: Some(e.fields.province_code.clone()),
                        ..Default::default()
                    };
                    options(libraries::list(s, &Actor::operator(), filter, PageRequest::new(None, Some(30)))?.items)
                }
                None => Vec::new(),
            };
            Ok((e, libs))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        h1 { (t("Pendaftaran: ", "Registration: ")) (e.fields.name) }
        p { (date_range(&e, lang)) " · " (e.fields.mode.label(lang)) @if let Some(v) = &e.fields.venue { " · " (v) } }
        @if let Some(r) = done {
            (notice("good", t("Pendaftaran Anda terkirim dan menunggu persetujuan panitia.", "Your registration was sent and awaits the organisers' approval.")))
            p { (t("Kode pendaftaran Anda (simpan; dipakai untuk presensi):", "Your registration code (keep it; you need it to check in):")) }
            p.big-code { code #kode-pendaftaran { (r.code) } }
            // No message is sent by the system: the participant keeps the code in their own chat.
            @let message = format!("Kode pendaftaran saya untuk {}: {}", e.fields.name, r.code);
            p { a.button.secondary href={ "https://wa.me/?text=" (crate::html::urlencode(&message)) } rel="noopener" {
                (t("Simpan kode ke WhatsApp", "Keep the code in WhatsApp")) } }
            p { small { (t("Atau tangkap layar halaman ini. Panitia juga dapat melihat kode Anda.", "Or take a screenshot of this page. The organisers can also look up your code.")) } }
        } @else {
            p { (t("Data Anda dipakai hanya untuk penyelenggaraan acara ini dan riwayat pelatihan program (UU 27/2022 tentang Pelindungan Data Pribadi).", "Your data is used only to run this event and the programme's training records (Personal Data Protection Law 27/2022).")) }
            form.filters method="get" role="search" data-refresh="library_id" {
                div.field { label for="perpustakaan" { (t("Cari perpustakaan Anda", "Find your library")) } input #perpustakaan name="perpustakaan" type="search" value=(v.get("library_query")); }
                div.field { button.secondary type="submit" { (t("Cari", "Search")) } }
            }
            (error_summary(errors, lang))
            form method="post" novalidate {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                input type="hidden" name="library_query" value=(v.get("library_query"));
                (person_fields(ctx, v, &libs, errors))
                div.actions { button type="submit" { (t("Daftar", "Register")) } }
            }
        }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), t("Pendaftaran acara", "Event registration"), body)).into_response())
}

pub async fn public_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<PublicQuery>,
) -> PageResult {
    let v = Form([("library_query".to_string(), q.perpustakaan.clone().unwrap_or_default())].into_iter().collect());
    public_page(&state, &ctx, &code, q.perpustakaan, &v, &[], None).await
}

pub async fn public_register(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let input = person_input(&form);
    let c = code.clone();
    let client = ctx.client.clone();
    match state.run(move |s| events::self_register(s, &c, &input, &client)).await {
        Ok(r) => public_page(&state, &ctx, &code, None, &form, &[], Some(&r.registration)).await,
        Err(Error::Validation(errs)) => {
            public_page(&state, &ctx, &code, form.opt("library_query"), &form, &errs, None).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// People

#[derive(Deserialize, Default)]
pub struct PeopleQuery {
    q: Option<String>,
    page: Option<String>,
    pesan: Option<String>,
}

pub async fn people(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PeopleQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok());
    let query = q.q.clone();
    let a = actor.clone();
    let list = state.run(move |s| events::people(s, &a, query.as_deref(), PageRequest::new(page_no, Some(50)))).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let base = q.q.as_deref().filter(|s| !s.is_empty()).map(|s| format!("q={}", urlencode(s))).unwrap_or_default();
    let body = html! {
        h1 { (t("Orang dan riwayat pelatihan", "People and training history")) }
        (flash(q.pesan.as_deref(), lang))
        @if actor.role.is_coordinator() { div.actions { a.button.secondary href="/orang/duplikat" { (t("Kemungkinan duplikat", "Likely duplicates")) } } }
        form.filters method="get" role="search" {
            div.field { label for="q" { (t("Cari nama", "Search name")) } input #q name="q" type="search" value=(q.q.clone().unwrap_or_default()); }
            div.field { button type="submit" { (t("Cari", "Search")) } }
        }
        @if list.items.is_empty() { p.empty { (t("Belum ada orang di cakupan Anda. Orang tercatat saat didaftarkan ke acara.", "Nobody in your scope yet. People are recorded when nominated for an event.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Nama", "Name")) } th scope="col" { (t("Lembaga", "Institution")) } th scope="col" { (t("Jabatan", "Position")) } } }
                tbody { @for p in &list.items { tr {
                    td { a href={ "/orang/" (p.id) } { (p.fields.full_name) } }
                    td { (p.institution_label()) }
                    td { (p.fields.position.as_deref().unwrap_or("")) }
                } } }
            } }
            (pager(&list, &base, lang))
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Orang", "People"), body)))
}

pub async fn person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<PeopleQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let a = actor.clone();
    let (p, history) = state.run(move |s| personal_data::open(s, &a, id)).await?;
    person_page(&ctx, &p, &history, &form_of(&p), &[], q.pesan.as_deref())
}

/// Everything held about a person, as JSON, for their request to see it (UU 27/2022).
pub async fn export_person(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let data = state.run(move |s| personal_data::export(s, &actor, id)).await?;
    let bytes = serde_json::to_vec_pretty(&data).map_err(Error::unexpected)?;
    Ok(crate::http::download(bytes, &format!("data-pribadi-{id}.json")))
}

/// Removes a person's name and contacts for good; their participation stays as counts.
pub async fn anonymise_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    state.run(move |s| personal_data::anonymise(s, &actor, id)).await?;
    Ok(see_other(&format!("/orang/{id}?pesan=dianonimkan")))
}

fn form_of(p: &lentera_core::event::Person) -> Form {
    let f = &p.fields;
    let pairs = [
        ("full_name", Some(f.full_name.clone())),
        ("gender", Some(f.gender.code().to_string())),
        ("position", f.position.clone()),
        ("library_id", f.library_id.map(|l| l.to_string())),
        ("institution", f.institution.clone()),
        ("region_code", Some(f.region_code.to_string())),
        ("phone", f.phone.clone()),
        ("email", f.email.clone()),
    ];
    Form(pairs.into_iter().map(|(k, v)| (k.to_string(), v.unwrap_or_default())).collect())
}

fn person_page(
    ctx: &Ctx,
    p: &lentera_core::event::Person,
    history: &[lentera_core::event::TrainingRecord],
    v: &Form,
    errors: &[FieldError],
    pesan: Option<&str>,
) -> PageResult {
    let libs: Vec<(i64, String)> =
        p.fields.library_id.into_iter().map(|id| (id.get(), p.library_name.clone().unwrap_or_default())).collect();
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        p.crumbs { a href="/orang" { (t("Orang", "People")) } }
        h1 { (p.fields.full_name) }
        (flash(pesan, lang))
        p { (p.institution_label()) @if let Some(pos) = &p.fields.position { " · " (pos) } }
        h2 { (t("Riwayat pelatihan", "Training history")) }
        @if history.is_empty() { p.empty { (t("Belum pernah terdaftar di acara.", "Not registered for any event yet.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Acara", "Event")) } th scope="col" { (t("Tanggal", "Dates")) } th scope="col" { (t("Status", "Status")) } th.num scope="col" { (t("Hari hadir", "Days present")) } } }
                tbody { @for h in history { tr {
                    td { a href={ "/acara/" (h.event_id) } { (h.event_name) } }
                    td { (calendar_date(h.start_date, lang)) }
                    td { (status_badge(h.status, lang)) }
                    td.num { (h.days_present) }
                } } }
            } }
        }
        h2 { (t("Ubah data", "Edit details")) }
        (error_summary(errors, lang))
        form method="post" action={ "/orang/" (p.id) } novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            (person_fields(ctx, v, &libs, errors))
            div.actions { button type="submit" { (t("Simpan", "Save")) } }
        }
        @if ctx.user.as_ref().is_some_and(|u| u.role.is_coordinator()) {
            h2 { (t("Data pribadi (UU 27/2022)", "Personal data (UU 27/2022)")) }
            p { small { (t("Setiap pembukaan halaman ini dicatat di log audit. Data pribadi peserta disimpan sampai 5 tahun setelah acara terakhirnya.",
                "Every opening of this page is recorded in the audit log. A participant's personal data is kept until 5 years after their last event.")) } }
            p { a.button.secondary href={ "/orang/" (p.id) "/data.json" } download { (t("Unduh semua data orang ini (JSON)", "Download all data on this person (JSON)")) } }
            form method="post" action={ "/orang/" (p.id) "/anonimkan" } data-confirm=(t("Hapus nama dan kontak orang ini untuk selamanya? Kehadiran dan sertifikatnya tetap dihitung. Tindakan ini tidak dapat dibatalkan.", "Remove this person's name and contacts for good? Their attendance and certificates still count. This cannot be undone.")) {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                button.danger type="submit" { (t("Anonimkan orang ini", "Anonymise this person")) }
            }
        }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), &p.fields.full_name, body)).into_response())
}

pub async fn update_person(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let input = person_input(&form);
    let a = actor.clone();
    match state.run(move |s| events::update_person(s, &a, id, &input)).await {
        Ok(_) => Ok(see_other(&format!("/orang/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => {
            let (p, history) = state.run(move |s| events::person(s, &actor, id)).await?;
            person_page(&ctx, &p, &history, &form, &errs, None)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn duplicates(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PeopleQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let pairs = state.run(move |s| events::duplicates(s, &actor)).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let who = |p: &lentera_core::event::Person| {
        html! {
            a href={ "/orang/" (p.id) } { (p.fields.full_name) } br;
            small { (p.institution_label()) " · " (p.fields.phone.as_deref().unwrap_or("—")) " · " (p.fields.email.as_deref().unwrap_or("—")) }
        }
    };
    let body = html! {
        p.crumbs { a href="/orang" { (t("Orang", "People")) } }
        h1 { (t("Kemungkinan duplikat", "Likely duplicates")) }
        (flash(q.pesan.as_deref(), lang))
        p { (t("Pasangan dengan nomor HP atau email yang sama, atau nama sama di perpustakaan yang sama. Gabungkan bila orangnya sama: riwayat pelatihan pindah ke data yang dipertahankan.", "Pairs sharing a phone or email, or the same name at the same library. Merge when it is one person: the training history moves to the record kept.")) }
        @if pairs.is_empty() { p.empty { (t("Tidak ada kemungkinan duplikat di cakupan Anda.", "No likely duplicates in your scope.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Dipertahankan", "Kept")) } th scope="col" { (t("Digabungkan", "Merged")) } th scope="col" { "" } } }
                tbody { @for (a, b) in &pairs { tr {
                    td { (who(a)) } td { (who(b)) }
                    td { form.inline method="post" action="/orang/gabung" data-confirm=(t("Gabungkan kedua data ini?", "Merge these two records?")) {
                        input type="hidden" name="_csrf" value=(ctx.csrf);
                        input type="hidden" name="keep" value=(a.id);
                        input type="hidden" name="merge" value=(b.id);
                        button.link type="submit" { (t("Gabungkan", "Merge")) }
                    } }
                } } }
            } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Kemungkinan duplikat", "Likely duplicates"), body)))
}

pub async fn merge(State(state): State<AppState>, ctx: Ctx, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let keep = parse_id(form.get("keep"))?;
    let merge = parse_id(form.get("merge"))?;
    state.run(move |s| events::merge(s, &actor, keep, merge)).await?;
    Ok(see_other("/orang/duplikat?pesan=digabung"))
}

/// Days someone must attend for a certificate, for display.
pub fn days_needed(e: &Event) -> i64 {
    let days = e.fields.days().len() as i64;
    (days * e.fields.attendance_threshold + 99) / 100
}
