//! Programme events: the list (with a month-by-month calendar), the event page with its
//! agenda, trainers and quotas, and the organiser's forms.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::event::{Event, EventFilter, EventInput, EventMode, format_time};
use lentera_core::library::{LibraryType, PageRequest};
use lentera_core::lists::ManagedList;
use lentera_core::region::RegionCode;
use lentera_core::services::{events, lists, regions};
use lentera_core::time_fmt::{calendar_date, number};
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{FieldSpec, Layout, error_summary, field_errors, flash, page, pager, urlencode};
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    tahun: Option<String>,
    provinsi: Option<String>,
    jenis: Option<String>,
    gelombang: Option<String>,
    /// Only the events the signed-in trainer teaches.
    saya: Option<String>,
    /// The calendar's month, `YYYY-MM`.
    bulan: Option<String>,
    page: Option<String>,
    pesan: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn filter_of(q: &ListQuery, user_id: Option<i64>) -> Result<EventFilter, Error> {
    let num = |v: &Option<String>, field: &str| -> Result<Option<i64>, Error> {
        blank(v)
            .map(|s| s.parse::<i64>().map_err(|_| Error::field(field, "Harus berupa angka.", "Must be a number.")))
            .transpose()
    };
    Ok(EventFilter {
        year: num(&q.tahun, "tahun")?.map(|y| y as i32),
        province: blank(&q.provinsi).map(RegionCode::parse).transpose()?,
        type_id: num(&q.jenis, "jenis")?,
        batch: num(&q.gelombang, "gelombang")?,
        query: blank(&q.q).map(str::to_string),
        trainer_user_id: if blank(&q.saya).is_some() { user_id } else { None },
        overlapping: None,
    })
}

/// `4–8 Mei 2026` style date range.
pub fn date_range(e: &Event, lang: lentera_core::i18n::Lang) -> String {
    let (s, en) = (e.fields.start_date, e.fields.end_date);
    if s == en { calendar_date(s, lang) } else { format!("{} – {}", calendar_date(s, lang), calendar_date(en, lang)) }
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let filter = filter_of(&q, actor.user_id)?;
    let page_no = blank(&q.page).and_then(|p| p.parse().ok());
    let a = actor.clone();
    let (evs, types, provinces) = state
        .run(move |s| {
            Ok((
                events::list(s, &a, filter, PageRequest::new(page_no, Some(50)))?,
                lists::items(s, ManagedList::EventType, true)?,
                regions::children(s, None)?,
            ))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let base: String =
        [("q", &q.q), ("tahun", &q.tahun), ("provinsi", &q.provinsi), ("jenis", &q.jenis), ("gelombang", &q.gelombang)]
            .iter()
            .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", urlencode(v))))
            .collect::<Vec<_>>()
            .join("&");
    // The calendar: events grouped by the month they start in (the list is newest first).
    let mut months: Vec<(String, Vec<&Event>)> = Vec::new();
    for e in &evs.items {
        let label = lentera_core::monthly::Period::of(e.fields.start_date).label(lang);
        match months.last_mut() {
            Some((m, list)) if *m == label => list.push(e),
            _ => months.push((label, vec![e])),
        }
    }
    let body = html! {
        h1 { (t("Acara program", "Programme events")) }
        (flash(q.pesan.as_deref(), lang))
        div.actions {
            @if actor.role.is_coordinator() { a.button href="/acara/baru" { (t("Buat acara", "New event")) } }
            @if actor.can_report() { a.button.secondary href="/orang" { (t("Orang & riwayat pelatihan", "People & training history")) } }
            @if actor.role.is_coordinator() || actor.role == lentera_core::user::Role::Trainer { a.button.secondary href="/bank-soal" { (t("Bank soal", "Question bank")) } }
            a.button.secondary href={ "/acara/laporan?tahun=" (blank(&q.tahun).unwrap_or("")) } { (t("Laporan tahunan", "Yearly report")) }
        }
        form.filters method="get" action="/acara" role="search" {
            div.field { label for="q" { (t("Cari nama acara", "Search event name")) } input #q name="q" type="search" value=(blank(&q.q).unwrap_or("")); }
            div.field { label for="tahun" { (t("Tahun", "Year")) } input #tahun name="tahun" type="number" min="2018" max="2100" value=(blank(&q.tahun).unwrap_or("")); }
            div.field { label for="provinsi" { (t("Provinsi", "Province")) }
                select #provinsi name="provinsi" {
                    option value="" { (t("Semua", "All")) }
                    @for p in &provinces { option value=(p.region.code.as_str()) selected[blank(&q.provinsi) == Some(p.region.code.as_str())] { (p.region.name) } }
                } }
            div.field { label for="jenis" { (t("Jenis", "Type")) }
                select #jenis name="jenis" {
                    option value="" { (t("Semua", "All")) }
                    @for ty in &types { option value=(ty.id) selected[blank(&q.jenis) == Some(ty.id.to_string().as_str())] { (ty.name) } }
                } }
            div.field { label for="gelombang" { (t("Gelombang", "Batch")) } input #gelombang name="gelombang" type="number" min="1" max="99" value=(blank(&q.gelombang).unwrap_or("")); }
            @if actor.role == lentera_core::user::Role::Trainer {
                div.field { label { input type="checkbox" name="saya" value="1" checked[blank(&q.saya).is_some()]; " " (t("Hanya acara yang saya latih", "Only events I teach")) } }
            }
            div.field { button type="submit" { (t("Terapkan", "Apply")) } }
        }
        p { a href={ "/acara/kalender?" (base) } { (t("Lihat sebagai kalender", "Show as a calendar")) } }
        @if evs.items.is_empty() { p.empty { (t("Belum ada acara yang cocok. Ubah saringan, atau buat acara baru.", "No matching events. Change the filters, or create one.")) } }
        @for (month, list) in &months {
            h2 { (month) }
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Tanggal", "Dates")) } th scope="col" { (t("Acara", "Event")) } th scope="col" { (t("Jenis", "Type")) }
                    th scope="col" { (t("Moda", "Mode")) } th.num scope="col" { (t("Peserta", "Participants")) } } }
                tbody { @for e in list { tr {
                    td { (date_range(e, lang)) }
                    td { a href={ "/acara/" (e.id) } { (e.fields.name) } @if let Some(b) = e.fields.batch { " · " (t("gelombang", "batch")) " " (b) } }
                    td { (e.type_name) }
                    td { (e.fields.mode.label(lang)) }
                    td.num { (number(e.registered, lang)) }
                } } }
            } }
        }
        (pager(&evs, &base, lang))
    };
    Ok(html_response(page(Layout::from(&ctx), t("Acara program", "Programme events"), body)))
}

/// A month as a calendar grid (Monday first), each day listing the events running then.
pub async fn calendar(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let mut filter = filter_of(&q, actor.user_id)?;
    let today = state.env.today(lentera_core::region::TimeZone::Wib);
    let month = match blank(&q.bulan) {
        Some(m) => lentera_core::monthly::require_period(m)?,
        None => match filter.year {
            Some(y) if y != today.year() => lentera_core::monthly::Period { year: y, month: 5 },
            _ => lentera_core::monthly::Period::of(today),
        },
    };
    let (first, last) = (month.first_day(), month.last_day());
    filter.year = None;
    filter.overlapping = Some((first, last));
    let a = actor.clone();
    let evs = state
        .run(move |s| events::list(s, &a, filter, PageRequest::new(None, Some(PageRequest::MAX_PER_PAGE))))
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let keep: String = [("provinsi", &q.provinsi), ("jenis", &q.jenis), ("gelombang", &q.gelombang), ("saya", &q.saya)]
        .iter()
        .filter_map(|(k, v)| blank(v).map(|v| format!("&{k}={}", urlencode(v))))
        .collect();
    // Weeks from the Monday on or before the 1st to the Sunday on or after the last day.
    let start = first - time::Duration::days(i64::from(first.weekday().number_days_from_monday()));
    let mut weeks: Vec<Vec<time::Date>> = Vec::new();
    let mut d = start;
    while d <= last || d.weekday() != time::Weekday::Monday {
        if d.weekday() == time::Weekday::Monday {
            weeks.push(Vec::new());
        }
        if let Some(w) = weeks.last_mut() {
            w.push(d);
        }
        d = d.next_day().unwrap_or(d);
        if weeks.len() > 6 {
            break;
        }
    }
    let on = |day: time::Date| evs.items.iter().filter(move |e| e.fields.start_date <= day && e.fields.end_date >= day);
    let days_short = if lang == lentera_core::i18n::Lang::En {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    } else {
        ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]
    };
    let body = html! {
        p.crumbs { a href="/acara" { (t("Acara", "Events")) } }
        h1 { (t("Kalender acara", "Event calendar")) ": " (month.label(lang)) }
        nav.actions aria-label=(t("Bulan", "Month")) {
            a.button.secondary href={ "?bulan=" (month.previous()) (keep) } rel="prev" { "‹ " (month.previous().label(lang)) }
            a.button.secondary href={ "?bulan=" (month.next()) (keep) } rel="next" { (month.next().label(lang)) " ›" }
        }
        @if evs.items.is_empty() { p.empty { (t("Tidak ada acara pada bulan ini.", "No events in this month.")) } }
        div.table-wrap { table.calendar {
            thead { tr { @for d in days_short { th scope="col" { (d) } } } }
            tbody { @for w in &weeks { tr { @for d in w {
                td class=[(d.month() != first.month()).then_some("other-month")] {
                    span.day { (d.day()) }
                    @for e in on(*d) { a href={ "/acara/" (e.id) } { (e.fields.name) } }
                }
            } } } }
        } }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Kalender acara", "Event calendar"), body)))
}

/// The event form's choices.
struct Choices {
    types: Vec<lentera_core::lists::ListItem>,
    provinces: Vec<lentera_core::region::RegionWithCount>,
    trainers: Vec<lentera_core::user::User>,
}

async fn choices(state: &AppState) -> Result<Choices, Error> {
    state
        .run(|s| {
            Ok(Choices {
                types: lists::items(s, ManagedList::EventType, false)?,
                provinces: regions::children(s, None)?,
                trainers: events::trainer_users(s)?,
            })
        })
        .await
}

fn event_form(ctx: &Ctx, action: &str, v: &Form, version: Option<i64>, c: &Choices, errors: &[FieldError]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let text = |name: &str, label: &str, kind: &str, help: Option<&str>| {
        let spec = FieldSpec { name, label, value: v.get(name), kind, required: false, help };
        crate::html::input(spec, errors, lang)
    };
    html! {
        (error_summary(errors, lang))
        form method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            @if let Some(ver) = version { input type="hidden" name="version" value=(ver); }
            (text("name", t("Nama acara *", "Event name *"), "text", Some(t("Mis. Bimtek SPP-TIK Provinsi Jawa Timur 2026", "E.g. Bimtek SPP-TIK East Java 2026"))))
            div.field { label for="type_id" { (t("Jenis acara *", "Event type *")) }
                select #type_id name="type_id" {
                    option value="" { (t("— pilih —", "— choose —")) }
                    @for ty in &c.types { option value=(ty.id) selected[v.get("type_id") == ty.id.to_string()] { (ty.name) } }
                }
                (field_errors(errors, "type_id", lang)) }
            (text("year", t("Tahun *", "Year *"), "number", None))
            (text("batch", t("Gelombang", "Batch"), "number", Some(t("Kosongkan bila tidak bergelombang.", "Leave empty if not in batches."))))
            div.field { label for="province_code" { (t("Provinsi tuan rumah *", "Host province *")) }
                select #province_code name="province_code" {
                    option value="" { (t("— pilih —", "— choose —")) }
                    @for p in &c.provinces { option value=(p.region.code.as_str()) selected[v.get("province_code") == p.region.code.as_str()] { (p.region.name) " (" (p.region.code.time_zone().abbrev()) ")" } }
                }
                small { (t("Tanggal dan jam mengikuti zona waktu provinsi ini.", "Dates and times follow this province's time zone.")) }
                (field_errors(errors, "province_code", lang)) }
            (text("organiser_region", t("Penyelenggara (kode wilayah dinas)", "Organiser (office region code)"), "text", Some(t("Kosongkan bila Perpusnas; isi kode provinsi/kabupaten bila dinas daerah.", "Empty for Perpusnas; a province/regency code for a regional office."))))
            div.field { label for="mode" { (t("Moda *", "Mode *")) }
                select #mode name="mode" { @for m in EventMode::ALL { option value=(m.code()) selected[v.get("mode") == m.code()] { (m.label(lang)) } } }
                (field_errors(errors, "mode", lang)) }
            (text("venue", t("Tempat", "Venue"), "text", Some(t("Wajib untuk luring dan hibrida.", "Required in person and hybrid."))))
            (text("meeting_link", t("Tautan rapat daring", "Online meeting link"), "url", Some(t("Wajib untuk daring dan hibrida.", "Required online and hybrid."))))
            (text("start_date", t("Tanggal mulai *", "Start date *"), "date", None))
            (text("end_date", t("Tanggal selesai *", "End date *"), "date", None))
            (text("daily_start", t("Jam mulai harian *", "Daily start *"), "time", None))
            (text("daily_end", t("Jam selesai harian *", "Daily end *"), "time", None))
            (text("lesson_hours", t("Jam pelajaran (JP) *", "Lesson hours (JP) *"), "number", Some(t("Tercetak di sertifikat.", "Printed on certificates."))))
            (text("capacity", t("Kapasitas peserta", "Capacity"), "number", Some(t("Kosongkan bila hanya kuota per lembaga yang membatasi.", "Empty if only per-institution quotas limit."))))
            (text("attendance_threshold", t("Ambang kehadiran untuk sertifikat (%)", "Attendance needed for a certificate (%)"), "number", Some(t("Bawaan 80%.", "Default 80%."))))
            (text("online_min_share", t("Batas hadir daring (% waktu sesi)", "Online presence (% of the day's time)"), "number", Some(t("Peserta daring dihitung hadir bila berada di rapat minimal selama ini. Bawaan 75%.", "Online participants count as present above this share. Default 75%."))))
            (text("signatory_name", t("Nama penanda tangan sertifikat", "Certificate signatory"), "text", None))
            (text("signatory_title", t("Jabatan penanda tangan", "Signatory's title"), "text", None))
            fieldset {
                legend { (t("Pelatih", "Trainers")) }
                @if c.trainers.is_empty() { p { small { (t("Belum ada akun berperan pelatih.", "No trainer accounts yet.")) } } }
                @for u in &c.trainers {
                    label { input type="checkbox" name={ "trainer_" (u.id) } value="1" checked[v.get(&format!("trainer_{}", u.id)) == "1"]; " " (u.full_name) } br;
                }
                div.field { label for="outside_trainers" { (t("Pelatih dari luar (satu nama per baris)", "Outside trainers (one per line)")) }
                    textarea #outside_trainers name="outside_trainers" rows="3" { (v.get("outside_trainers")) }
                    (field_errors(errors, "outside_trainers", lang)) }
            }
            div.field { label for="description" { (t("Keterangan", "Description")) } textarea #description name="description" rows="3" { (v.get("description")) } }
            div.field { label { input type="checkbox" name="registration_open" value="1" checked[v.get("registration_open") == "1"]; " " (t("Buka pendaftaran mandiri lewat tautan publik", "Open self-registration through the public link")) } }
            div.actions { button type="submit" { (t("Simpan", "Save")) } }
        }
    }
}

fn input_of(form: &Form) -> EventInput {
    let o = |k: &str| form.opt(k);
    EventInput {
        name: form.get("name").into(),
        type_id: form.get("type_id").into(),
        year: form.get("year").into(),
        batch: o("batch"),
        province_code: form.get("province_code").into(),
        organiser_region: o("organiser_region"),
        mode: form.get("mode").into(),
        venue: o("venue"),
        meeting_link: o("meeting_link"),
        start_date: form.get("start_date").into(),
        end_date: form.get("end_date").into(),
        daily_start: form.get("daily_start").into(),
        daily_end: form.get("daily_end").into(),
        lesson_hours: form.get("lesson_hours").into(),
        capacity: o("capacity"),
        attendance_threshold: o("attendance_threshold"),
        online_min_share: o("online_min_share"),
        signatory_name: o("signatory_name"),
        signatory_title: o("signatory_title"),
        description: o("description"),
        registration_open: form.get("registration_open") == "1",
        outside_trainers: o("outside_trainers"),
        trainer_user_ids: form
            .0
            .iter()
            .filter(|(k, v)| k.starts_with("trainer_") && v.as_str() == "1")
            .filter_map(|(k, _)| k["trainer_".len()..].parse().ok())
            .collect(),
    }
}

fn form_of(e: &Event) -> Form {
    let f = &e.fields;
    let mut m: Vec<(String, String)> = vec![
        ("name".into(), f.name.clone()),
        ("type_id".into(), f.type_id.to_string()),
        ("year".into(), f.year.to_string()),
        ("batch".into(), f.batch.map(|b| b.to_string()).unwrap_or_default()),
        ("province_code".into(), f.province_code.to_string()),
        ("organiser_region".into(), f.organiser_region.as_ref().map(|r| r.to_string()).unwrap_or_default()),
        ("mode".into(), f.mode.code().into()),
        ("venue".into(), f.venue.clone().unwrap_or_default()),
        ("meeting_link".into(), f.meeting_link.clone().unwrap_or_default()),
        ("start_date".into(), f.start_date.to_string()),
        ("end_date".into(), f.end_date.to_string()),
        ("daily_start".into(), format_time(f.daily_start)),
        ("daily_end".into(), format_time(f.daily_end)),
        ("lesson_hours".into(), f.lesson_hours.to_string()),
        ("capacity".into(), f.capacity.map(|b| b.to_string()).unwrap_or_default()),
        ("attendance_threshold".into(), f.attendance_threshold.to_string()),
        ("online_min_share".into(), f.online_min_share.to_string()),
        ("signatory_name".into(), f.signatory_name.clone().unwrap_or_default()),
        ("signatory_title".into(), f.signatory_title.clone().unwrap_or_default()),
        ("description".into(), f.description.clone().unwrap_or_default()),
        ("registration_open".into(), if f.registration_open { "1" } else { "" }.into()),
        (
            "outside_trainers".into(),
            e.trainers.iter().filter(|t| t.user_id.is_none()).map(|t| t.name.as_str()).collect::<Vec<_>>().join("\n"),
        ),
    ];
    m.extend(e.trainers.iter().filter_map(|t| t.user_id).map(|id| (format!("trainer_{id}"), "1".to_string())));
    Form(m.into_iter().collect())
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    title: &str,
    action: &str,
    v: &Form,
    version: Option<i64>,
    errors: &[FieldError],
) -> PageResult {
    let c = choices(state).await?;
    let body = html! { h1 { (title) } (event_form(ctx, action, v, version, &c, errors)) };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), title, body)).into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let actor = ctx.actor()?;
    actor.require(actor.role.is_coordinator())?;
    let year = state.env.year(lentera_core::region::TimeZone::Wib);
    let organiser = actor.scope_region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let province = actor.scope_region.as_ref().map(|r| r.province().to_string()).unwrap_or_default();
    let v = Form(
        [
            ("year", year.to_string()),
            ("mode", "luring".to_string()),
            ("daily_start", "08:00".to_string()),
            ("daily_end", "16:00".to_string()),
            ("lesson_hours", "40".to_string()),
            ("attendance_threshold", "80".to_string()),
            ("online_min_share", "75".to_string()),
            ("organiser_region", organiser),
            ("province_code", province),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect(),
    );
    form_page(&state, &ctx, ctx.t("Buat acara", "New event"), "/acara/baru", &v, None, &[]).await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let input = input_of(&form);
    match state.run(move |s| events::create(s, &actor, &input)).await {
        Ok(e) => Ok(see_other(&format!("/acara/{}?pesan=dibuat", e.id))),
        Err(Error::Validation(errs)) => {
            form_page(&state, &ctx, ctx.t("Buat acara", "New event"), "/acara/baru", &form, None, &errs).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let e = state.run(move |s| events::get_managed(s, &actor, id)).await?;
    let title = format!("{}: {}", ctx.t("Ubah acara", "Edit event"), e.fields.name);
    form_page(&state, &ctx, &title, &format!("/acara/{id}/ubah"), &form_of(&e), Some(e.version), &[]).await
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let version = form.get("version").parse().unwrap_or(0);
    let input = input_of(&form);
    match state.run(move |s| events::update(s, &actor, id, version, &input)).await {
        Ok(_) => Ok(see_other(&format!("/acara/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => {
            let title = ctx.t("Ubah acara", "Edit event");
            form_page(&state, &ctx, title, &format!("/acara/{id}/ubah"), &form, Some(version), &errs).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    state.run(move |s| events::delete(s, &actor, id)).await?;
    Ok(see_other("/acara?pesan=dihapus"))
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
    let a = actor.clone();
    let (e, agenda, modules) = state
        .run(move |s| {
            Ok((events::get(s, &a, id)?, events::agenda(s, &a, id)?, lists::items(s, ManagedList::Module, false)?))
        })
        .await?;
    let manages = events::can_manage(&actor, e.fields.organiser_region.as_ref());
    let sees_people = events::sees_participants(&actor, &e);
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let f = &e.fields;
    let tz = f.time_zone().abbrev();
    let base = crate::proxy::public_base(&state);
    let register_link = format!("{base}/daftar/{}", e.registration_code);
    let is_trainer = e.trainers.iter().any(|tr| tr.user_id.is_some() && tr.user_id == actor.user_id);
    let body = html! {
        p.crumbs { a href="/acara" { (t("Acara", "Events")) } span { (f.year) } }
        h1 { (f.name) }
        (flash(p.pesan.as_deref(), lang))
        dl.facts {
            dt { (t("Jenis", "Type")) } dd { (e.type_name) @if let Some(b) = f.batch { " · " (t("gelombang", "batch")) " " (b) } }
            dt { (t("Tanggal", "Dates")) } dd { (date_range(&e, lang)) ", " (format_time(f.daily_start)) "–" (format_time(f.daily_end)) " " (tz) " (" (f.days().len()) " " (t("hari", "days")) ")" }
            dt { (t("Moda", "Mode")) } dd { (f.mode.label(lang)) }
            @if let Some(v) = &f.venue { dt { (t("Tempat", "Venue")) } dd { (v) } }
            @if let Some(l) = &f.meeting_link { dt { (t("Tautan rapat", "Meeting link")) } dd { a href=(l) rel="noopener" { (l) } } }
            dt { (t("Penyelenggara", "Organiser")) } dd { (f.organiser_region.as_ref().map(|r| r.to_string()).unwrap_or_else(|| "Perpusnas".into())) }
            dt { (t("Jam pelajaran", "Lesson hours")) } dd { (f.lesson_hours) " JP" }
            dt { (t("Pelatih", "Trainers")) } dd { @if e.trainers.is_empty() { "—" } @for (i, tr) in e.trainers.iter().enumerate() { @if i > 0 { ", " } (tr.name) } }
            dt { (t("Peserta terdaftar", "Registered")) } dd { (number(e.registered, lang)) @if let Some(c) = f.capacity { " / " (number(c, lang)) } }
            dt { (t("Sertifikat", "Certificates")) } dd { (t("hadir minimal ", "attendance at least ")) (f.attendance_threshold) "%" }
            @if let Some(d) = &f.description { dt { (t("Keterangan", "Description")) } dd { (d) } }
        }
        div.actions {
            @if sees_people { a.button href={ "/acara/" (e.id) "/peserta" } { (t("Peserta", "Participants")) } }
            @if manages || is_trainer {
                a.button.secondary href={ "/acara/" (e.id) "/presensi" } { (t("Presensi", "Attendance")) }
            }
            @if manages || is_trainer {
                a.button.secondary href={ "/acara/" (e.id) "/hasil" } { (t("Hasil", "Results")) }
            }
            @if manages {
                a.button.secondary href={ "/acara/" (e.id) "/tes/pre" } { (t("Pra-tes", "Pre-test")) }
                a.button.secondary href={ "/acara/" (e.id) "/tes/post" } { (t("Pasca-tes", "Post-test")) }
                a.button.secondary href={ "/acara/" (e.id) "/sertifikat" } { (t("Sertifikat", "Certificates")) }
                a.button.secondary href={ "/acara/" (e.id) "/ubah" } { (t("Ubah", "Edit")) }
            }
        }
        @if manages || is_trainer {
            p { (t("Halaman peserta (tes, evaluasi, rencana tindak lanjut, sertifikat): ", "Participant page (tests, evaluation, follow-up plan, certificate): ")) code { (base) "/ikut/" (e.id) } }
        }
        @if manages {
            h2 { (t("Pendaftaran mandiri", "Self-registration")) }
            @if f.registration_open {
                p { (t("Bagikan tautan ini; pendaftar menunggu persetujuan Anda:", "Share this link; registrations await your approval:")) " " code { (register_link) } }
            } @else {
                p { (t("Pendaftaran mandiri ditutup. Buka lewat \"Ubah\".", "Self-registration is closed. Open it under \"Edit\".")) }
            }
            h2 { (t("Kuota per lembaga", "Seats per institution")) }
            form method="post" action={ "/acara/" (e.id) "/kuota" } {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                p { small { (t("Jumlah kursi untuk setiap perpustakaan dari jenis ini (0 = tanpa batas per lembaga). Bila penuh, pendaftar masuk daftar tunggu.", "Seats for each library of this type (0 = no per-institution limit). When full, people go on the waiting list.")) } }
                @for ty in [LibraryType::Province, LibraryType::RegencyCity, LibraryType::District, LibraryType::Village, LibraryType::Tbm] {
                    div.field { label for={ "quota_" (ty.code()) } { (ty.label(lang)) }
                        input id={ "quota_" (ty.code()) } name={ "quota_" (ty.code()) } type="number" min="0" max="100" value=(e.quota_for(ty).unwrap_or(0)); }
                }
                div.actions { button type="submit" { (t("Simpan kuota", "Save quotas")) } }
            }
        } @else if !e.quotas.is_empty() {
            h2 { (t("Kuota per lembaga", "Seats per institution")) }
            ul { @for q in &e.quotas { li { (q.library_type.label(lang)) ": " (q.per_institution) } } }
        }
        h2 { (t("Agenda", "Agenda")) }
        @if agenda.is_empty() { p.empty { (t("Agenda belum disusun.", "No agenda yet.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Hari", "Day")) } th scope="col" { (t("Jam", "Time")) } th scope="col" { (t("Sesi", "Session")) } th scope="col" { (t("Modul", "Module")) } th scope="col" { (t("Pelatih", "Trainer")) } @if manages { th scope="col" { "" } } } }
                tbody { @for s in &agenda { tr {
                    td { (calendar_date(s.day, lang)) }
                    td { (format_time(s.start_time)) "–" (format_time(s.end_time)) }
                    td { (s.title) }
                    td { (s.module_name.as_deref().unwrap_or("—")) }
                    td { (s.trainer.as_deref().unwrap_or("—")) }
                    @if manages { td { form.inline method="post" action={ "/acara/" (e.id) "/sesi/" (s.id) "/hapus" } {
                        input type="hidden" name="_csrf" value=(ctx.csrf);
                        button.link type="submit" { (t("Hapus", "Delete")) } } } }
                } } }
            } }
        }
        @if manages {
            h3 { (t("Tambah sesi", "Add a session")) }
            form method="post" action={ "/acara/" (e.id) "/sesi" } {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                div.field { label for="day" { (t("Hari", "Day")) }
                    select #day name="day" { @for (i, d) in f.days().iter().enumerate() { option value=(d.to_string()) { (t("Hari ", "Day ")) (i + 1) " — " (calendar_date(*d, lang)) } } } }
                div.field { label for="start" { (t("Mulai", "Start")) } input #start name="start" type="time" value=(format_time(f.daily_start)); }
                div.field { label for="end" { (t("Selesai", "End")) } input #end name="end" type="time"; }
                div.field { label for="title" { (t("Judul sesi", "Session title")) } input #title name="title"; }
                div.field { label for="module_id" { (t("Modul kurikulum", "Curriculum module")) }
                    select #module_id name="module_id" { option value="" { "—" } @for m in &modules { option value=(m.id) { (m.name) } } } }
                div.field { label for="trainer" { (t("Pelatih/narasumber", "Trainer/speaker")) } input #trainer name="trainer"; }
                div.actions { button type="submit" { (t("Tambah sesi", "Add session")) } }
            }
            h2 { (t("Hapus acara", "Delete the event")) }
            form method="post" action={ "/acara/" (e.id) "/hapus" } data-confirm=(t("Hapus acara ini?", "Delete this event?")) {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                p { small { (t("Hanya bisa selama belum ada pendaftar.", "Only while nobody is registered.")) } }
                button.danger type="submit" { (t("Hapus acara", "Delete event")) }
            }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), &e.fields.name, body)))
}

pub async fn save_quotas(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let pairs: Vec<(String, String)> =
        form.0.iter().filter_map(|(k, v)| k.strip_prefix("quota_").map(|t| (t.to_string(), v.clone()))).collect();
    state.run(move |s| events::save_quotas(s, &actor, id, &pairs)).await?;
    Ok(see_other(&format!("/acara/{id}?pesan=tersimpan")))
}

pub async fn add_session(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    state
        .run(move |s| {
            let (module_id, trainer) = (form.opt("module_id"), form.opt("trainer"));
            let input = events::SessionInput {
                day: form.get("day"),
                start: form.get("start"),
                end: form.get("end"),
                title: form.get("title"),
                module_id: module_id.as_deref(),
                trainer: trainer.as_deref(),
            };
            events::add_session(s, &actor, id, &input)
        })
        .await?;
    Ok(see_other(&format!("/acara/{id}?pesan=tersimpan")))
}

pub async fn delete_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let (id, sid) = (parse_id(&id)?, parse_id(&sid)?);
    state.run(move |s| events::delete_session(s, &actor, id, sid)).await?;
    Ok(see_other(&format!("/acara/{id}?pesan=dihapus")))
}
