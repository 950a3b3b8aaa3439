//! Attendance per event day: the organiser's list to mark by hand, the day's check-in QR code
//! for the screen, the participant's phone check-in, and the video-conference report import.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::event::{Event, Registration, RegistrationFilter, RegistrationStatus, rate};
use lentera_core::services::events;
use lentera_core::time_fmt::calendar_date;
use lentera_core::{Error, FieldError};
use maud::{PreEscaped, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, error_summary, flash, notice, page};
use crate::http::error::PageError;
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

#[derive(Deserialize, Default)]
pub struct DayQuery {
    tanggal: Option<String>,
    pesan: Option<String>,
}

/// The day asked for, or today when the event runs today, or its first day.
fn day_of(e: &Event, asked: Option<&str>, today: time::Date) -> Result<time::Date, Error> {
    match asked.filter(|s| !s.is_empty()) {
        Some(s) => lentera_core::activity::parse_date(s)
            .filter(|d| *d >= e.fields.start_date && *d <= e.fields.end_date)
            .ok_or_else(|| Error::field("tanggal", "Tanggal di luar hari acara.", "Not one of the event's days.")),
        None => {
            Ok(if today >= e.fields.start_date && today <= e.fields.end_date { today } else { e.fields.start_date })
        }
    }
}

fn posted_day(form: &Form) -> Result<time::Date, Error> {
    lentera_core::activity::parse_date(form.get("tanggal"))
        .ok_or_else(|| Error::field("tanggal", "Tanggal tidak valid.", "Invalid date."))
}

fn registered(regs: Vec<Registration>) -> Vec<Registration> {
    regs.into_iter().filter(|r| r.status == RegistrationStatus::Registered).collect()
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<DayQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let (e, marks, regs) = state
        .run(move |s| {
            let (e, marks) = events::attendance(s, &actor, id)?;
            let regs = events::registrations(s, &actor, id, RegistrationFilter::default())?;
            Ok((e, marks, registered(regs)))
        })
        .await?;
    let day = day_of(&e, q.tanggal.as_deref(), state.env.today(e.fields.time_zone()))?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let days = e.fields.days();
    let present_on = |d: time::Date| marks.iter().filter(|m| m.day == d && m.present).count() as i64;
    let mark_of = |rid: i64| marks.iter().find(|m| m.registration_id == rid && m.day == day);
    let needed = super::participants::days_needed(&e);
    let n = regs.len() as i64;
    let body = html! {
        p.crumbs { a href="/acara" { (t("Acara", "Events")) } a href={ "/acara/" (e.id) } { (e.fields.name) } }
        h1 { (t("Presensi", "Attendance")) }
        (flash(q.pesan.as_deref(), lang))
        div.table-wrap { table {
            caption { (t("Kehadiran per hari", "Attendance per day")) }
            thead { tr { th scope="col" { (t("Hari", "Day")) } th.num scope="col" { (t("Hadir", "Present")) } th.num scope="col" { (t("Tingkat", "Rate")) } } }
            tbody { @for (i, d) in days.iter().enumerate() { tr {
                td { a href={ "?tanggal=" (d) } aria-current=[(*d == day).then_some("true")] { (t("Hari ", "Day ")) (i + 1) " — " (calendar_date(*d, lang)) } }
                td.num { (present_on(*d)) "/" (n) }
                td.num { (rate(present_on(*d), n)) "%" }
            } } }
        } }
        p { (t("Sertifikat untuk peserta yang hadir minimal ", "Certificates for those present at least ")) (needed) " " (t("dari", "of")) " " (days.len()) " " (t("hari", "days")) " (" (e.fields.attendance_threshold) "%)." }
        h2 { (calendar_date(day, lang)) }
        div.actions {
            a.button href={ "/acara/" (e.id) "/presensi/qr?tanggal=" (day) } { (t("Tampilkan QR presensi", "Show the check-in QR")) }
            a.button.secondary href={ "/acara/" (e.id) "/daftar-hadir.pdf" } { (t("Daftar hadir (PDF)", "Attendance list (PDF)")) }
            a.button.secondary href={ "/acara/" (e.id) "/daftar-hadir.pdf" } { (t("Daftar hadir (PDF)", "Attendance list (PDF)")) }
            @if e.fields.has_online_part() { a.button.secondary href={ "/acara/" (e.id) "/presensi/zoom?tanggal=" (day) } { (t("Impor laporan Zoom", "Import a Zoom report")) } }
        }
        @if regs.is_empty() { p.empty { (t("Belum ada peserta terdaftar.", "Nobody registered yet.")) } }
        @else {
            form method="post" action={ "/acara/" (e.id) "/presensi" } {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                input type="hidden" name="tanggal" value=(day);
                div.table-wrap { table {
                    thead { tr { th scope="col" { (t("Hadir", "Present")) } th scope="col" { (t("Nama", "Name")) } th scope="col" { (t("Lembaga", "Institution")) } th scope="col" { (t("Sumber", "Source")) } th.num scope="col" { (t("Total hari", "Days")) } } }
                    tbody { @for r in &regs { tr {
                        td { input type="hidden" name={ "listed_" (r.id) } value="1";
                             input type="checkbox" id={ "hadir-" (r.id) } name={ "present_" (r.id) } value="1" checked[mark_of(r.id).is_some_and(|m| m.present)]; }
                        td { label for={ "hadir-" (r.id) } { (r.person.fields.full_name) } }
                        td { (r.person.institution_label()) }
                        td { @if let Some(m) = mark_of(r.id) { (m.source.label(lang)) @if let Some(min) = m.minutes { " · " (min) " " (t("menit", "min")) } } }
                        td.num { (r.days_present) "/" (days.len()) }
                    } } }
                } }
                div.actions { button type="submit" { (t("Simpan presensi hari ini", "Save this day's attendance")) } }
            }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Presensi", "Attendance"), body)))
}

pub async fn save(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let day = posted_day(&form)?;
    let marks: Vec<(i64, bool)> = form
        .0
        .keys()
        .filter_map(|k| k.strip_prefix("listed_").and_then(|r| r.parse::<i64>().ok()))
        .map(|rid| (rid, form.get(&format!("present_{rid}")) == "1"))
        .collect();
    state.run(move |s| events::mark(s, &actor, id, day, &marks)).await?;
    Ok(see_other(&format!("/acara/{id}/presensi?tanggal={day}&pesan=tersimpan")))
}

/// The check-in QR code for one day, large, for a projector or a phone held up in the room.
pub async fn qr(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<DayQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let a = actor.clone();
    let e = state.run(move |s| events::get(s, &a, id)).await?;
    let day = day_of(&e, q.tanggal.as_deref(), state.env.today(e.fields.time_zone()))?;
    let token = state.run(move |s| events::checkin_token_for(s, &actor, id, day)).await?;
    let url = format!("{}/hadir/{token}", crate::proxy::public_base(&state));
    let svg = qrcode::QrCode::new(url.as_bytes())
        .map_err(Error::unexpected)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .build();
    let svg = svg.split_once("?>").map(|(_, rest)| rest.to_string()).unwrap_or(svg);
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let is_today = day == state.env.today(e.fields.time_zone());
    let body = html! {
        p.crumbs { a href={ "/acara/" (e.id) } { (e.fields.name) } a href={ "/acara/" (e.id) "/presensi?tanggal=" (day) } { (t("Presensi", "Attendance")) } }
        h1 { (t("Presensi ", "Check-in ")) (calendar_date(day, lang)) }
        @if !is_today { (notice("bad", t("Kode ini hanya berlaku pada tanggalnya (zona waktu provinsi tuan rumah).", "This code works only on its own date (the host province's time zone)."))) }
        p { (t("Pindai dengan kamera HP, lalu ketik kode pendaftaran Anda.", "Scan with your phone's camera, then type your registration code.")) }
        div.qr role="img" aria-label=(t("Kode QR presensi", "Check-in QR code")) { (PreEscaped(svg)) }
        p { (t("Tanpa kamera? Buka: ", "No camera? Open: ")) code #tautan-presensi { (url) } }
        p { small { (t("Kode berganti setiap hari.", "The code changes every day.")) } }
    };
    Ok(html_response(page(Layout::from(&ctx), t("QR presensi", "Check-in QR"), body)))
}

async fn checkin_page(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    errors: &[FieldError],
    done: Option<String>,
) -> PageResult {
    let tk = token.to_string();
    let e = state.run(move |s| events::checkin_token_event(s, &tk)).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        h1 { (t("Presensi: ", "Check-in: ")) (e.fields.name) }
        p { (calendar_date(state.env.today(e.fields.time_zone()), lang)) }
        @if let Some(msg) = &done { (notice("good", msg)) }
        @else {
            (error_summary(errors, lang))
            form method="post" novalidate {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                div.field { label for="code" { (t("Kode pendaftaran Anda", "Your registration code")) }
                    input #code name="code" autocomplete="off" autocapitalize="characters" inputmode="text" maxlength="12" required;
                    small { (t("6 huruf/angka, tampil saat Anda mendaftar (dan di WhatsApp bila Anda menyimpannya); panitia juga dapat melihatnya.", "6 letters/digits, shown when you registered (and in WhatsApp if you kept it there); the organisers can also look it up.")) } }
                div.actions { button type="submit" { (t("Saya hadir", "I am here")) } }
            }
        }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), t("Presensi", "Check-in"), body)).into_response())
}

pub async fn checkin_form(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> PageResult {
    checkin_page(&state, &ctx, &token, &[], None).await
}

pub async fn checkin(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let (tk, code, client) = (token.clone(), form.get("code").to_string(), ctx.client.clone());
    match state.run(move |s| events::check_in(s, &tk, &code, &client)).await {
        Ok(c) => {
            let msg = format!(
                "{} {}. {} {} {}.",
                ctx.t("Terima kasih,", "Thank you,"),
                c.name,
                ctx.t("Kehadiran hari ke-", "Attendance for day"),
                c.day_number,
                ctx.t("tercatat", "recorded")
            );
            checkin_page(&state, &ctx, &token, &[], Some(msg)).await
        }
        Err(Error::Validation(errs)) => checkin_page(&state, &ctx, &token, &errs, None).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn zoom_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<DayQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let e = state.run(move |s| events::attendance(s, &actor, id).map(|(e, _)| e)).await?;
    let day = day_of(&e, q.tanggal.as_deref(), state.env.today(e.fields.time_zone()))?;
    Ok(html_response(zoom_upload_page(&ctx, &e, day, &[])))
}

fn zoom_upload_page(ctx: &Ctx, e: &Event, day: time::Date, errors: &[FieldError]) -> maud::Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        p.crumbs { a href={ "/acara/" (e.id) } { (e.fields.name) } a href={ "/acara/" (e.id) "/presensi?tanggal=" (day) } { (t("Presensi", "Attendance")) } }
        h1 { (t("Impor laporan peserta Zoom", "Import a Zoom participants report")) }
        p { (t("Unduh laporan peserta rapat (CSV) dari Zoom: Reports → Usage → Participants → Export. Peserta dicocokkan dengan email, lalu nama. Yang berada di rapat minimal ", "Download the meeting's participants report (CSV) from Zoom: Reports → Usage → Participants → Export. People are matched by email, then by name. Those in the meeting at least "))
            (e.fields.online_min_share) "% " (t("dari ", "of ")) (e.fields.day_minutes()) " " (t("menit dihitung hadir.", "minutes count as present.")) }
        (error_summary(errors, lang))
        form method="post" enctype="multipart/form-data" {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            div.field { label for="tanggal" { (t("Hari", "Day")) }
                select #tanggal name="tanggal" { @for d in e.fields.days() { option value=(d) selected[d == day] { (calendar_date(d, lang)) } } } }
            div.field { label for="file" { (t("Berkas CSV", "CSV file")) } input #file name="file" type="file" accept=".csv,text/csv" required; }
            div.actions { button type="submit" { (t("Impor", "Import")) } }
        }
    };
    page(Layout::from(ctx), t("Impor laporan Zoom", "Import a Zoom report"), body)
}

pub async fn zoom_import(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let (mut csrf, mut day, mut file) = (String::new(), String::new(), Vec::new());
    let broken =
        || PageError(Error::field("file", "Unggahan terputus atau terlalu besar.", "Upload interrupted or too large."));
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        match field.name().unwrap_or("") {
            "_csrf" => csrf = field.text().await.map_err(|_| broken())?,
            "tanggal" => day = field.text().await.map_err(|_| broken())?,
            "file" => file = field.bytes().await.map_err(|_| broken())?.to_vec(),
            _ => {}
        }
    }
    ctx.check_csrf(&Form([("_csrf".to_string(), csrf)].into_iter().collect()))?;
    let a = actor.clone();
    let e = state.run(move |s| events::attendance(s, &a, id).map(|(e, _)| e)).await?;
    let day = day_of(&e, Some(&day), state.env.today(e.fields.time_zone()))?;
    let rows = match crate::conference::read(&file) {
        Ok(rows) => rows,
        Err(Error::Validation(errs)) => {
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, zoom_upload_page(&ctx, &e, day, &errs)).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let a = actor.clone();
    let (result, regs) = state
        .run(move |s| {
            let result = events::import_conference(s, &a, id, day, &rows, &[], true)?;
            let regs = events::registrations(s, &a, id, RegistrationFilter::default())?;
            Ok((result, registered(regs)))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let unmatched_regs: Vec<&Registration> =
        regs.iter().filter(|r| !result.matched.minutes.iter().any(|(id, _)| *id == r.id)).collect();
    let body = html! {
        p.crumbs { a href={ "/acara/" (e.id) } { (e.fields.name) } a href={ "/acara/" (e.id) "/presensi?tanggal=" (day) } { (t("Presensi", "Attendance")) } }
        h1 { (t("Hasil impor laporan Zoom", "Zoom report imported")) }
        (notice("good", &format!("{} {}, {} {}.", result.present, t("peserta dihitung hadir", "participants counted present"), result.too_short, t("terlalu singkat", "too short"))))
        @if result.matched.unmatched.is_empty() {
            p { (t("Semua baris laporan cocok dengan peserta.", "Every row of the report matched a participant.")) }
        } @else {
            h2 { (t("Tidak cocok", "Unmatched")) " (" (result.matched.unmatched.len()) ")" }
            p { (t("Pilih peserta yang sesuai untuk setiap nama, atau biarkan kosong (mis. panitia, tamu).", "Pick the matching participant for each name, or leave it empty (organisers, guests).")) }
            form method="post" action={ "/acara/" (e.id) "/presensi/zoom/cocokkan" } {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                input type="hidden" name="tanggal" value=(day);
                div.table-wrap { table {
                    thead { tr { th scope="col" { (t("Nama di Zoom", "Name in Zoom")) } th scope="col" { "Email" } th.num scope="col" { (t("Menit", "Minutes")) } th scope="col" { (t("Peserta", "Participant")) } } }
                    tbody { @for (i, u) in result.matched.unmatched.iter().enumerate() { tr {
                        td { label for={ "assign_" (i) } { (u.name) } }
                        td { (u.email.as_deref().unwrap_or("")) }
                        td.num { (u.minutes) input type="hidden" name={ "minutes_" (i) } value=(u.minutes); }
                        td { select id={ "assign_" (i) } name={ "assign_" (i) } {
                            option value="" { (t("— bukan peserta —", "— not a participant —")) }
                            @for r in &unmatched_regs { option value=(r.id) { (r.person.fields.full_name) " — " (r.person.institution_label()) } }
                        } }
                    } } }
                } }
                div.actions { button type="submit" { (t("Simpan pencocokan", "Save matches")) } }
            }
        }
        p { a href={ "/acara/" (e.id) "/presensi?tanggal=" (day) } { (t("Kembali ke presensi", "Back to attendance")) } }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Impor laporan Zoom", "Import a Zoom report"), body)))
}

pub async fn zoom_assign(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let day = posted_day(&form)?;
    let assigned: Vec<(i64, i64)> = form
        .0
        .iter()
        .filter_map(|(k, v)| {
            let i = k.strip_prefix("assign_")?;
            let rid = v.parse::<i64>().ok()?;
            let minutes = form.get(&format!("minutes_{i}")).parse::<i64>().ok()?;
            Some((rid, minutes.clamp(0, 24 * 60)))
        })
        .collect();
    state.run(move |s| events::import_conference(s, &actor, id, day, &[], &assigned, true)).await?;
    Ok(see_other(&format!("/acara/{id}/presensi?tanggal={day}&pesan=tersimpan")))
}
