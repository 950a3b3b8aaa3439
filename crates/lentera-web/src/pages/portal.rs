//! The participant's page of an event (`/ikut/{event}`), on their phone and without an
//! account: they type their registration code, then take the pre- and post-test, fill in the
//! evaluation, write their library's follow-up plan and download their certificate. Every
//! form carries the code again (never in the address, which ends up in logs and history).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::event::rate;
use lentera_core::ids::EventId;
use lentera_core::services::training::{self, Portal};
use lentera_core::training::{EvaluationFields, TestKind};
use lentera_core::{Error, FieldError};
use maud::{Markup, html};

use super::training::print_of;
use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, error_summary, notice, page};
use crate::http::download;
use crate::http::{Form, PageResult, parse_id};
use crate::pdf;

fn code_field(ctx: &Ctx, code: &str) -> Markup {
    html! {
        input type="hidden" name="_csrf" value=(ctx.csrf);
        input type="hidden" name="code" value=(code);
    }
}

fn sign_in(ctx: &Ctx, event_id: EventId, name: &str, errors: &[FieldError]) -> axum::response::Response {
    let t = |id, en| ctx.t(id, en);
    let body = html! {
        h1 { (name) }
        p { (t("Halaman peserta: pra-tes, pasca-tes, evaluasi, rencana tindak lanjut dan sertifikat.", "Participant page: pre-test, post-test, evaluation, follow-up plan and certificate.")) }
        (error_summary(errors, ctx.lang))
        form method="post" action={ "/ikut/" (event_id) } novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            div.field { label for="code" { (t("Kode pendaftaran Anda", "Your registration code")) }
                input #code name="code" autocomplete="off" autocapitalize="characters" maxlength="12" required; }
            div.actions { button type="submit" { (t("Masuk", "Continue")) } }
        }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    (status, page(Layout::from(ctx), name, body)).into_response()
}

pub async fn start(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    let e = state.run(move |s| training::portal_event(s, id)).await?;
    Ok(sign_in(&ctx, id, &e.fields.name, &[]))
}

fn portal_page(ctx: &Ctx, p: &Portal, code: &str, message: Option<&str>) -> axum::response::Response {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let e = &p.event;
    let r = &p.registration;
    let days = e.fields.days().len() as i64;
    let action = |path: &str| format!("/ikut/{}/{path}", e.id);
    let body = html! {
        h1 { (e.fields.name) }
        @if let Some(m) = message { (notice("good", m)) }
        p { (t("Halo, ", "Hello, ")) strong #nama-peserta { (r.person.fields.full_name) } " · " (r.person.institution_label()) }
        p { (t("Kehadiran: ", "Attendance: ")) (r.days_present) "/" (days) " " (t("hari", "days")) " (" (rate(r.days_present, days)) "%)" }
        h2 { (t("Tes", "Tests")) }
        ul { @for (kind, open, attempt) in &p.tests { li {
            (kind.label(lang)) ": "
            @match attempt.as_ref().filter(|a| a.submitted_at.is_some()) {
                Some(a) => { strong { (a.score.unwrap_or(0)) "/" (a.total.unwrap_or(0)) } " (" (a.percent().unwrap_or(0)) "%)" }
                None => {
                    @if *open {
                        form.inline method="post" action=(action(&format!("tes/{}", kind.code()))) {
                            (code_field(ctx, code))
                            button type="submit" { (t("Kerjakan ", "Take the ")) (kind.label(lang).to_lowercase()) }
                        }
                    } @else { (t("belum dibuka", "not open yet")) }
                }
            }
        } } }
        h2 { (t("Evaluasi acara", "Event evaluation")) }
        @if p.evaluated { p { (t("Terima kasih, evaluasi Anda sudah terkirim.", "Thank you, your evaluation was sent.")) } }
        @else if !p.evaluation_open {
            p { (t("Evaluasi dibuka pada hari terakhir acara, ", "The evaluation opens on the event's last day, ")) (lentera_core::time_fmt::calendar_date(e.fields.end_date, lang)) "." }
        }
        @else {
            form method="post" action=(action("evaluasi")) {
                (code_field(ctx, code))
                @for (name, id_label, en_label) in [("content", "Materi", "Content"), ("trainers", "Pelatih", "Trainers"), ("organisation", "Penyelenggaraan", "Organisation")] {
                    fieldset { legend { (lang.t(id_label, en_label)) " (1 = " (t("kurang", "poor")) ", 5 = " (t("sangat baik", "excellent")) ")" }
                        @for v in 1..=5 { label { input type="radio" name=(name) value=(v) required; " " (v) } " " } }
                }
                div.field { label for="comments" { (t("Saran dan komentar", "Suggestions and comments")) } textarea #comments name="comments" rows="3" {} }
                div.actions { button type="submit" { (t("Kirim evaluasi", "Send evaluation")) } }
            }
        }
        @if r.person.fields.library_id.is_some() {
            h2 { (t("Rencana tindak lanjut perpustakaan", "Your library's follow-up plan")) }
            form method="post" action=(action("tindak-lanjut")) {
                (code_field(ctx, code))
                div.field { label for="plan" { (t("Apa yang akan dilakukan perpustakaan Anda setelah acara ini?", "What will your library do after this event?")) }
                    textarea #plan name="plan" rows="5" required { (p.follow_up.as_ref().map(|f| f.plan.as_str()).unwrap_or("")) } }
                div.field { label for="target_date" { (t("Target selesai", "Target date")) }
                    input #target_date name="target_date" type="date" value=(p.follow_up.as_ref().and_then(|f| f.target_date).map(|d| d.to_string()).unwrap_or_default()); }
                div.actions { button type="submit" { (t("Simpan rencana", "Save the plan")) } }
            }
        }
        h2 { (t("Sertifikat", "Certificate")) }
        @match &p.certificate {
            Some(c) => {
                p { (t("Nomor: ", "Number: ")) code { (c.certificate.number) } }
                form method="post" action=(action("sertifikat")) {
                    (code_field(ctx, code))
                    button type="submit" { (t("Unduh sertifikat (PDF)", "Download the certificate (PDF)")) }
                }
            }
            None => { p { (t("Sertifikat terbit setelah acara untuk peserta yang hadir minimal ", "Certificates are issued after the event to those present at least ")) (e.fields.attendance_threshold) "%." } }
        }
    };
    page(Layout::from(ctx), &e.fields.name, body).into_response()
}

async fn show_portal(state: &AppState, ctx: &Ctx, id: EventId, code: String, message: Option<&str>) -> PageResult {
    let client = ctx.client.clone();
    let c = code.clone();
    match state.run(move |s| training::portal(s, id, &c, &client)).await {
        Ok(p) => Ok(portal_page(ctx, &p, &code, message)),
        Err(Error::Validation(errs)) => {
            let e = state.run(move |s| training::portal_event(s, id)).await?;
            Ok(sign_in(ctx, id, &e.fields.name, &errs))
        }
        Err(e) => Err(e.into()),
    }
}

/// What every participant form sends: the CSRF token, the event in the path and the
/// registration code (normalised as printed).
fn entry(ctx: &Ctx, id: &str, form: &Form) -> Result<(EventId, String), crate::http::error::PageError> {
    ctx.check_csrf(form)?;
    Ok((parse_id(id)?, form.get("code").trim().to_ascii_uppercase()))
}

fn kind_of(kind: &str) -> Result<TestKind, Error> {
    TestKind::parse(kind).ok_or(Error::NotFound)
}

pub async fn enter(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    let (id, code) = entry(&ctx, &id, &form)?;
    show_portal(&state, &ctx, id, code, None).await
}

pub async fn take_test(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    let (id, code) = entry(&ctx, &id, &form)?;
    let kind = kind_of(&kind)?;
    let (c, client) = (code.clone(), ctx.client.clone());
    let (questions, _, ends) = state.run(move |s| training::start_test(s, id, &c, kind, &client)).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let now = state.env.now();
    let body = html! {
        h1 { (kind.label(lang)) }
        @if let Some(end) = ends {
            p #sisa-waktu data-remaining=(end - now) { (t("Batas waktu sampai ", "Time limit until ")) (lentera_core::time_fmt::date_time(end, lentera_core::region::TimeZone::Wib, lang)) ". " (t("Jawaban terkirim otomatis saat waktu habis.", "Answers are sent automatically when time is up.")) }
        }
        form #form-tes method="post" action={ "/ikut/" (id) "/tes/" (kind.code()) "/kirim" } {
            (code_field(&ctx, &code))
            @for (i, q) in questions.iter().enumerate() {
                fieldset {
                    legend { (i + 1) ". " (q.fields.text) }
                    @for (j, o) in q.fields.options.iter().enumerate() {
                        label { input type="radio" name={ "a_" (i) } value=(j); " " (o) }
                    }
                }
            }
            div.actions { button type="submit" { (t("Kirim jawaban", "Send answers")) } }
        }
    };
    Ok(page(Layout::from(&ctx), kind.label(lang), body).into_response())
}

pub async fn submit_test(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    let (id, code) = entry(&ctx, &id, &form)?;
    let kind = kind_of(&kind)?;
    let answers: Vec<Option<usize>> = (0..100).map(|i| form.get(&format!("a_{i}")).parse().ok()).collect();
    let (c, client) = (code.clone(), ctx.client.clone());
    let a = state.run(move |s| training::submit_test(s, id, &c, kind, &answers, &client)).await?;
    let msg = format!(
        "{} {}: {}/{} ({}%).",
        ctx.t("Nilai", "Score"),
        kind.label(ctx.lang),
        a.score.unwrap_or(0),
        a.total.unwrap_or(0),
        a.percent().unwrap_or(0)
    );
    show_portal(&state, &ctx, id, code, Some(&msg)).await
}

pub async fn evaluate(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    let (id, code) = entry(&ctx, &id, &form)?;
    let fields = EvaluationFields::parse(
        form.get("content"),
        form.get("trainers"),
        form.get("organisation"),
        form.opt("comments").as_deref(),
    )?;
    let (c, client) = (code.clone(), ctx.client.clone());
    state.run(move |s| training::evaluate(s, id, &c, &fields, &client)).await?;
    show_portal(&state, &ctx, id, code, Some(ctx.t("Evaluasi terkirim. Terima kasih!", "Evaluation sent. Thank you!")))
        .await
}

pub async fn follow_up(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    let (id, code) = entry(&ctx, &id, &form)?;
    let (plan, date) = (form.get("plan").to_string(), form.opt("target_date"));
    let (c, client) = (code.clone(), ctx.client.clone());
    state.run(move |s| training::participant_follow_up(s, id, &c, &plan, date.as_deref(), &client)).await?;
    show_portal(&state, &ctx, id, code, Some(ctx.t("Rencana tindak lanjut tersimpan.", "Follow-up plan saved."))).await
}

pub async fn certificate(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    let (id, code) = entry(&ctx, &id, &form)?;
    let client = ctx.client.clone();
    let p = state.run(move |s| training::portal(s, id, &code, &client)).await?;
    let c = p.certificate.as_ref().ok_or(Error::NotFound)?;
    let print = print_of(&state, &p.event, c);
    let name = format!("sertifikat-{}.pdf", c.certificate.number);
    let pdf = tokio::task::spawn_blocking(move || pdf::certificates(&[print])).await.map_err(Error::unexpected)??;
    Ok(download(pdf, &name))
}
