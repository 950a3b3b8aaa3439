//! The organiser's side of an event's outcomes: the question bank, setting up the pre- and
//! post-tests, results (knowledge gain, evaluation, follow-up plans), certificates, and the
//! public certificate check.

use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use lentera_core::Error;
use lentera_core::event::{Event, rate};
use lentera_core::lists::ManagedList;
use lentera_core::services::{lists, training};
use lentera_core::training::CertificateRecord;
use lentera_core::training::{Gain, QuestionFields, TestKind, decimal_x10};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, flash, notice, page};
use crate::http::error::PageError;
use crate::http::{Form, PageResult, html_response, parse_id, see_other};
use crate::pdf::{self, CertificatePrint};

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
    modul: Option<String>,
}

fn kind_of(s: &str) -> Result<TestKind, PageError> {
    TestKind::parse(s).ok_or(PageError(Error::NotFound))
}

// ---------------------------------------------------------------------------------------
// Question bank

pub async fn bank(State(state): State<AppState>, ctx: Ctx, Query(q): Query<Pesan>) -> PageResult {
    let module = q.modul.as_deref().and_then(|m| m.parse::<i64>().ok());
    bank_page(&state, &ctx, module, q.pesan.as_deref(), &Form(Default::default()), &[]).await
}

/// The bank with the new-question form, refilled with `v` and its `errors` after a refusal.
async fn bank_page(
    state: &AppState,
    ctx: &Ctx,
    module: Option<i64>,
    pesan: Option<&str>,
    v: &Form,
    errors: &[lentera_core::FieldError],
) -> PageResult {
    let actor = ctx.actor()?;
    let (questions, modules) = state
        .run(move |s| Ok((training::questions(s, &actor, module)?, lists::items(s, ManagedList::Module, false)?)))
        .await?;
    let t = |id, en| ctx.t(id, en);
    let body = html! {
        h1 { (t("Bank soal", "Question bank")) }
        (flash(pesan, ctx.lang))
        p { (t("Soal pilihan ganda per modul kurikulum, dengan satu jawaban benar. Pra-tes dan pasca-tes setiap acara disusun dari sini.", "Multiple-choice questions per curriculum module, one correct answer. Each event's pre- and post-test is assembled from here.")) }
        form.filters method="get" {
            div.field { label for="modul" { (t("Modul", "Module")) }
                select #modul name="modul" { option value="" { (t("Semua", "All")) } @for m in &modules { option value=(m.id) selected[module == Some(m.id)] { (m.name) } } } }
            div.field { button type="submit" { (t("Tampilkan", "Show")) } }
        }
        @if questions.is_empty() { p.empty { (t("Belum ada soal. Tambahkan di bawah.", "No questions yet. Add one below.")) } }
        ol { @for qn in &questions { li {
            strong { (qn.fields.text) } " " small { "(" (qn.module_name) ")" @if qn.retired { " · " (t("dihentikan", "retired")) } }
            ol type="A" { @for (i, o) in qn.fields.options.iter().enumerate() { li { (o) @if i == qn.fields.correct { " ✓" } } } }
            @if let Some(x) = &qn.fields.explanation { p { small { (x) } } }
            form.inline method="post" action={ "/bank-soal/" (qn.id) "/status" } {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                input type="hidden" name="retired" value=(if qn.retired { "0" } else { "1" });
                button.link type="submit" { @if qn.retired { (t("Pakai lagi", "Restore")) } @else { (t("Hentikan", "Retire")) } }
            }
        } } }
        h2 #tambah { (t("Tambah soal", "Add a question")) }
        (crate::html::error_summary(errors, ctx.lang))
        form method="post" action="/bank-soal" {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            div.field { label for="module_id" { (t("Modul", "Module")) }
                select #module_id name="module_id" { @for m in &modules { option value=(m.id) selected[module == Some(m.id) || v.get("module_id") == m.id.to_string()] { (m.name) } } } }
            div.field { label for="text" { (t("Pertanyaan", "Question")) } textarea #text name="text" rows="2" required { (v.get("text")) } }
            div.field { label for="options" { (t("Pilihan jawaban (satu per baris, 2–6)", "Answer options (one per line, 2–6)")) } textarea #options name="options" rows="4" required { (v.get("options")) } }
            div.field { label for="correct" { (t("Nomor jawaban benar (1 = baris pertama)", "Number of the correct answer (1 = first line)")) } input #correct name="correct" type="number" min="1" max="6" value=(v.get("correct")) required; }
            div.field { label for="explanation" { (t("Pembahasan (opsional)", "Explanation (optional)")) } textarea #explanation name="explanation" rows="2" { (v.get("explanation")) } }
            div.actions { button type="submit" { (t("Simpan soal", "Save question")) } }
        }
    };
    let status =
        if errors.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), t("Bank soal", "Question bank"), body)).into_response())
}

pub async fn add_question(State(state): State<AppState>, ctx: Ctx, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let parsed = QuestionFields::parse(
        form.get("module_id"),
        form.get("text"),
        form.get("options"),
        form.get("correct"),
        form.opt("explanation").as_deref(),
    );
    let saved = match parsed {
        Ok(fields) => state.run(move |s| training::save_question(s, &actor, None, &fields, false)).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(q) => Ok(see_other(&format!("/bank-soal?modul={}&pesan=dibuat", q.module_id))),
        Err(Error::Validation(errs)) => bank_page(&state, &ctx, None, None, &form, &errs).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn question_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let retired = form.get("retired") == "1";
    state.run(move |s| training::set_retired(s, &actor, id, retired)).await?;
    Ok(see_other("/bank-soal?pesan=tersimpan"))
}

// ---------------------------------------------------------------------------------------
// An event's tests

pub async fn test_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind)): Path<(String, String)>,
    Query(q): Query<Pesan>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let kind = kind_of(&kind)?;
    let a = actor.clone();
    let (e, (test, _), bank) = state
        .run(move |s| {
            Ok((
                lentera_core::services::events::get(s, &a, id)?,
                training::test(s, &a, id, kind)?,
                training::questions(s, &a, None)?,
            ))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        p.crumbs { a href="/acara" { (t("Acara", "Events")) } a href={ "/acara/" (e.id) } { (e.fields.name) } }
        h1 { (kind.label(lang)) }
        (flash(q.pesan.as_deref(), lang))
        p { (t("Peserta mengerjakan tes lewat halaman peserta: ", "Participants take the test on the participant page: ")) code { "/ikut/" (e.id) } }
        @if bank.is_empty() { p.empty { (t("Bank soal masih kosong. ", "The question bank is empty. ")) a href="/bank-soal" { (t("Tambah soal", "Add questions")) } } }
        form method="post" {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            fieldset {
                legend { (t("Soal", "Questions")) " (" (test.question_ids.len()) ")" }
                @for qn in bank.iter().filter(|qn| !qn.retired || test.question_ids.contains(&qn.id)) {
                    label { input type="checkbox" name={ "q_" (qn.id) } value="1" checked[test.question_ids.contains(&qn.id)]; " " (qn.fields.text) " " small { "(" (qn.module_name) ")" } } br;
                }
            }
            div.field { label for="time_limit" { (t("Batas waktu (menit, kosong = tanpa batas)", "Time limit (minutes, empty = none)")) }
                input #time_limit name="time_limit" type="number" min="1" max="240" value=(test.time_limit_minutes.map(|m| m.to_string()).unwrap_or_default()); }
            div.field { label { input type="checkbox" name="open" value="1" checked[test.open]; " " (t("Buka tes untuk peserta", "Open the test to participants")) } }
            div.actions { button type="submit" { (t("Simpan", "Save")) } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), kind.label(lang), body)))
}

pub async fn save_test(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind_s)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let kind = kind_of(&kind_s)?;
    let mut ids: Vec<i64> = form
        .0
        .iter()
        .filter(|(_, v)| v.as_str() == "1")
        .filter_map(|(k, _)| k.strip_prefix("q_").and_then(|n| n.parse().ok()))
        .collect();
    ids.sort_unstable();
    let limit = match form.opt("time_limit") {
        None => None,
        Some(v) => Some(v.parse::<i64>().map_err(|_| {
            Error::field("time_limit_minutes", "Batas waktu harus angka.", "The time limit must be a number.")
        })?),
    };
    let open = form.get("open") == "1";
    state.run(move |s| training::set_test(s, &actor, id, kind, &ids, limit, open)).await?;
    Ok(see_other(&format!("/acara/{id}/tes/{kind_s}?pesan=tersimpan")))
}

// ---------------------------------------------------------------------------------------
// Results

fn pct(v: Option<i64>) -> String {
    v.map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())
}

fn gain_cells(g: &Gain) -> Markup {
    html! {
        td.num { (pct(g.pre)) } td.num { (pct(g.post)) }
        td.num { @match g.points() { Some(p) => { (if p > 0 { "+" } else { "" }) (p) }, None => { "—" } } }
    }
}

pub async fn results(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let a = actor.clone();
    let (r, plans, report) = state
        .run(move |s| {
            Ok((
                training::results(s, &a, id)?,
                training::follow_ups_of_event(s, &a, id)?,
                lentera_core::services::event_reports::event(s, &a, id)?,
            ))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let days = r.event.fields.days().len() as i64;
    let registered: Vec<_> =
        r.registrations.iter().filter(|x| x.status == lentera_core::event::RegistrationStatus::Registered).collect();
    let present_days: i64 = registered.iter().map(|x| x.days_present).sum();
    let women = registered.iter().filter(|x| x.person.fields.gender == lentera_core::event::Gender::Female).count();
    let name_of = |rid: i64| {
        r.registrations.iter().find(|x| x.id == rid).map(|x| x.person.fields.full_name.as_str()).unwrap_or("—")
    };
    let ev = &r.evaluation;
    let avg = |v: Option<i64>| v.map(|v| decimal_x10(v, lang)).unwrap_or_else(|| "—".into());
    let body = html! {
        p.crumbs { a href="/acara" { (t("Acara", "Events")) } a href={ "/acara/" (r.event.id) } { (r.event.fields.name) } }
        h1 { (t("Hasil acara", "Event results")) }
        dl.facts {
            dt { (t("Peserta terdaftar", "Registered")) } dd { (registered.len()) " (" (t("perempuan", "women")) " " (women) ")" }
            dt { (t("Tingkat kehadiran", "Attendance rate")) } dd { (rate(present_days, registered.len() as i64 * days)) "%" }
            dt { (t("Rata-rata pra-tes / pasca-tes", "Average pre / post")) } dd { (pct(r.gain.overall.pre)) " → " (pct(r.gain.overall.post)) }
            dt { (t("Evaluasi (1–5)", "Evaluation (1–5)")) } dd {
                (t("materi ", "content ")) (avg(ev.content_x10)) " · " (t("pelatih ", "trainers ")) (avg(ev.trainers_x10)) " · "
                (t("penyelenggaraan ", "organisation ")) (avg(ev.organisation_x10)) " (" (ev.answers) " " (t("jawaban", "answers")) ")" }
        }
        div.actions { a.button.secondary href={ "/acara/" (r.event.id) "/laporan.xlsx" } { (t("Unduh laporan XLSX", "Download the XLSX report")) } }
        h2 { (t("Siapa yang ikut", "Who took part")) }
        (super::event_reports::breakdown_tables(&report.breakdown, lang))
        div.table-wrap { table {
            caption { (t("Kehadiran per hari", "Attendance per day")) }
            thead { tr { th scope="col" { (t("Tanggal", "Date")) } th.num scope="col" { (t("Hadir", "Present")) } } }
            tbody { @for (d, n) in &report.days { tr { td { (lentera_core::time_fmt::calendar_date(*d, lang)) } td.num { (n) "/" (registered.len()) } } } }
        } }
        h2 { (t("Peningkatan pengetahuan per modul", "Knowledge gain per module")) }
        @if r.gain.by_module.is_empty() { p.empty { (t("Belum ada tes yang dikerjakan.", "No tests taken yet.")) } }
        @else { div.table-wrap { table {
            thead { tr { th scope="col" { (t("Modul", "Module")) } th.num scope="col" { (t("Pra", "Pre")) } th.num scope="col" { (t("Pasca", "Post")) } th.num scope="col" { (t("Selisih (poin)", "Gain (points)")) } } }
            tbody { @for (m, g) in &r.gain.by_module { tr { td { (m) } (gain_cells(g)) } } }
        } } }
        h2 { (t("Per peserta", "Per participant")) }
        @if !r.gain.by_registration.is_empty() { div.table-wrap { table {
            thead { tr { th scope="col" { (t("Nama", "Name")) } th.num scope="col" { (t("Pra", "Pre")) } th.num scope="col" { (t("Pasca", "Post")) } th.num scope="col" { (t("Selisih", "Gain")) } } }
            tbody { @for (rid, g) in &r.gain.by_registration { tr { td { (name_of(*rid)) } (gain_cells(g)) } } }
        } } }
        @if !r.comments.is_empty() {
            h2 { (t("Saran dan komentar", "Comments")) }
            ul { @for c in &r.comments { li { (c) } } }
        }
        h2 { (t("Rencana tindak lanjut", "Follow-up plans")) }
        @if plans.is_empty() { p.empty { (t("Belum ada rencana tindak lanjut.", "No follow-up plans yet.")) } }
        @for p in &plans {
            h3 { a href={ "/perpustakaan/" (p.library_id) } { (p.library_name) } }
            p { (p.plan) @if let Some(d) = p.target_date { " " small { "(" (t("target ", "target ")) (lentera_core::time_fmt::calendar_date(d, lang)) ")" } } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Hasil acara", "Event results"), body)))
}

// ---------------------------------------------------------------------------------------
// Certificates

/// What a certificate prints, from its record and event.
pub fn print_of(state: &AppState, e: &Event, c: &CertificateRecord) -> CertificatePrint {
    CertificatePrint {
        number: c.certificate.number.clone(),
        person_name: c.person_name.clone(),
        event_name: e.fields.name.clone(),
        start_date: e.fields.start_date,
        end_date: e.fields.end_date,
        place: e.fields.venue.clone().unwrap_or_else(|| "Daring".into()),
        lesson_hours: e.fields.lesson_hours,
        signatory_name: e.fields.signatory_name.clone(),
        signatory_title: e.fields.signatory_title.clone(),
        verify_url: format!("{}/verifikasi/{}", crate::proxy::public_base(state), c.certificate.number),
    }
}

pub async fn certificates(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<Pesan>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let a = actor.clone();
    let (e, certs, regs) = state
        .run(move |s| {
            let (e, certs) = training::certificates(s, &a, id)?;
            let regs = lentera_core::services::events::registrations(s, &a, id, Default::default())?;
            Ok((e, certs, regs))
        })
        .await?;
    let eligible = training::eligible(&e, &regs);
    let waiting = eligible.iter().filter(|rid| !certs.iter().any(|c| c.certificate.registration_id == **rid)).count();
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        p.crumbs { a href="/acara" { (t("Acara", "Events")) } a href={ "/acara/" (e.id) } { (e.fields.name) } }
        h1 { (t("Sertifikat", "Certificates")) }
        (flash(q.pesan.as_deref(), lang))
        p { (t("Untuk peserta yang hadir minimal ", "For participants present at least ")) (e.fields.attendance_threshold) "% " (t("hari acara.", "of the days.")) " "
            (eligible.len()) " " (t("memenuhi syarat", "eligible")) ", " (waiting) " " (t("belum diterbitkan.", "not issued yet.")) }
        div.actions {
            @if waiting > 0 { form.inline method="post" action={ "/acara/" (e.id) "/sertifikat/terbitkan" } {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                button type="submit" { (t("Terbitkan sertifikat", "Issue certificates")) } } }
            @if !certs.is_empty() { a.button.secondary href={ "/acara/" (e.id) "/sertifikat/semua.zip" } { (t("Unduh semua (ZIP)", "Download all (ZIP)")) } }
        }
        @if certs.is_empty() { p.empty { (t("Belum ada sertifikat.", "No certificates yet.")) } }
        @else { div.table-wrap { table {
            thead { tr { th scope="col" { (t("Nama", "Name")) } th scope="col" { (t("Nomor", "Number")) } th scope="col" { (t("Status", "Status")) } th scope="col" { "" } } }
            tbody { @for c in &certs { tr {
                td { (c.person_name) }
                td { a href={ "/verifikasi/" (c.certificate.number) } { (c.certificate.number) } }
                td { @if let Some(r) = &c.certificate.revoked_reason { span.badge.reg-batal { (t("Dicabut", "Revoked")) } " " small { (r) } } @else { span.badge.reg-terdaftar { (t("Berlaku", "Valid")) } } }
                td {
                    a href={ "/acara/" (e.id) "/sertifikat/" (c.certificate.id) ".pdf" } { "PDF" }
                    @if c.certificate.revoked_at.is_none() {
                        form.inline method="post" action={ "/acara/" (e.id) "/sertifikat/" (c.certificate.id) "/cabut" } data-confirm=(t("Cabut sertifikat ini?", "Revoke this certificate?")) {
                            input type="hidden" name="_csrf" value=(ctx.csrf);
                            " " label.skip for={ "alasan-" (c.certificate.id) } { (t("Alasan", "Reason")) }
                            input id={ "alasan-" (c.certificate.id) } name="reason" placeholder=(t("alasan pencabutan", "reason")) required;
                            button.link type="submit" { (t("Cabut", "Revoke")) }
                        }
                    }
                }
            } } }
        } } }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Sertifikat", "Certificates"), body)))
}

pub async fn issue(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    state.run(move |s| training::issue(s, &actor, id)).await?;
    Ok(see_other(&format!("/acara/{id}/sertifikat?pesan=dibuat")))
}

pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let (id, cid) = (parse_id(&id)?, parse_id(&cid)?);
    let reason = form.get("reason").to_string();
    state.run(move |s| training::revoke(s, &actor, id, cid, &reason)).await?;
    Ok(see_other(&format!("/acara/{id}/sertifikat?pesan=tersimpan")))
}

/// `/acara/{id}/sertifikat/{cid}.pdf` (one) or `/acara/{id}/sertifikat/semua.zip` (all valid).
pub async fn certificate_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, file)): Path<(String, String)>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let (e, certs) = state.run(move |s| training::certificates(s, &actor, id)).await?;
    let valid = certs.iter().filter(|c| c.certificate.revoked_at.is_none());
    if file == "semua.zip" {
        let prints: Vec<CertificatePrint> = valid.map(|c| print_of(&state, &e, c)).collect();
        let zip = tokio::task::spawn_blocking(move || pdf::zip_all(&prints)).await.map_err(Error::unexpected)??;
        return Ok(crate::http::download(zip, &format!("sertifikat-acara-{id}.zip")));
    }
    let cid: i64 = parse_id(file.strip_suffix(".pdf").unwrap_or(""))?;
    let c = certs.iter().find(|c| c.certificate.id == cid).ok_or(PageError(Error::NotFound))?;
    let print = print_of(&state, &e, c);
    let name = format!("sertifikat-{}.pdf", c.certificate.number);
    let pdf = tokio::task::spawn_blocking(move || pdf::certificates(&[print])).await.map_err(Error::unexpected)??;
    Ok(crate::http::download(pdf, &name))
}

#[derive(Deserialize, Default)]
pub struct VerifyQuery {
    nomor: Option<String>,
}

pub async fn verify_form(ctx: Ctx, Query(q): Query<VerifyQuery>) -> PageResult {
    if let Some(n) = q.nomor.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        return Ok(see_other(&format!("/verifikasi/{}", crate::html::urlencode(n))));
    }
    let t = |id, en| ctx.t(id, en);
    let body = html! {
        h1 { (t("Periksa sertifikat", "Check a certificate")) }
        form method="get" {
            div.field { label for="nomor" { (t("Nomor sertifikat", "Certificate number")) } input #nomor name="nomor" required; }
            div.actions { button type="submit" { (t("Periksa", "Check")) } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Periksa sertifikat", "Check a certificate"), body)))
}

/// The public check: genuine or not, with the name and the event only.
pub async fn verify(State(state): State<AppState>, ctx: Ctx, Path(number): Path<String>) -> PageResult {
    let n = number.clone();
    let found = state.run(move |s| training::verify(s, &n)).await;
    let t = |id, en| ctx.t(id, en);
    let (status, body) = match found {
        Ok(v) => (
            axum::http::StatusCode::OK,
            html! {
                h1 { (t("Periksa sertifikat", "Check a certificate")) }
                @if v.revoked {
                    (notice("bad", t("Sertifikat ini pernah diterbitkan tetapi sudah DICABUT.", "This certificate was issued but has been REVOKED.")))
                } @else {
                    (notice("good", t("Sertifikat ini ASLI, diterbitkan melalui Lentera.", "This certificate is GENUINE, issued through Lentera.")))
                }
                dl.facts {
                    dt { (t("Nomor", "Number")) } dd { (v.number) }
                    dt { (t("Nama", "Name")) } dd #nama-pemegang { (v.person_name) }
                    dt { (t("Acara", "Event")) } dd { (v.event_name) }
                }
            },
        ),
        Err(Error::NotFound) => (
            axum::http::StatusCode::NOT_FOUND,
            html! {
                h1 { (t("Periksa sertifikat", "Check a certificate")) }
                (notice("bad", t("Nomor sertifikat ini tidak terdaftar. Periksa kembali penulisannya.", "This certificate number is not on record. Check how it is written.")))
            },
        ),
        Err(e) => return Err(e.into()),
    };
    Ok((status, page(Layout::from(&ctx), t("Periksa sertifikat", "Check a certificate"), body)).into_response())
}
