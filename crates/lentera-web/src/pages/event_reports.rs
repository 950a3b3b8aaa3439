//! Event reports: the year's events with participants by province, institution type and
//! gender, attendance, knowledge gain and evaluation (page and XLSX); an event's workbook
//! with its participants; and the printable attendance list (PDF).

use axum::extract::{Path, Query, State};
use lentera_core::Error;
use lentera_core::event::{RegistrationFilter, RegistrationStatus, rate};
use lentera_core::i18n::Lang;
use lentera_core::lists::ManagedList;
use lentera_core::services::event_reports::{self, Breakdown, EventLine};
use lentera_core::services::{lists, training};
use lentera_core::time_fmt::{calendar_date, number};
use lentera_core::training::{TestKind, decimal_x10};
use maud::{Markup, html};
use serde::Deserialize;

use super::events::date_range;
use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page};
use crate::http::download;
use crate::http::{PageResult, html_response, parse_id};
use crate::tabular::{Sheet, write_xlsx_sheets};

#[derive(Deserialize, Default)]
pub struct YearQuery {
    tahun: Option<String>,
    jenis: Option<String>,
}

fn year_of(q: &YearQuery, this_year: i32) -> Result<(i32, Option<i64>), Error> {
    let year = match q.tahun.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => this_year,
        Some(y) => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2018..=2100).contains(y))
            .ok_or_else(|| Error::field("tahun", "Tahun 2018–2100.", "Year 2018–2100."))?,
    };
    let type_id = q.jenis.as_deref().filter(|s| !s.is_empty()).and_then(|s| s.parse().ok());
    Ok((year, type_id))
}

fn pct(v: Option<i64>) -> String {
    v.map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())
}

fn avg(v: Option<i64>, lang: Lang) -> String {
    v.map(|v| decimal_x10(v, lang)).unwrap_or_else(|| "—".into())
}

pub fn breakdown_tables(b: &Breakdown, lang: Lang) -> Markup {
    let t = |id, en| lang.t(id, en);
    let total = b.total();
    html! {
        p { (t("Laki-laki ", "Men ")) (number(b.male, lang)) " · " (t("perempuan ", "women ")) (number(b.female, lang)) " (" (rate(b.female, total)) "%)" }
        div.table-wrap { table {
            caption { (t("Peserta per provinsi asal", "Participants by home province")) }
            thead { tr { th scope="col" { (t("Provinsi", "Province")) } th.num scope="col" { (t("Peserta", "Participants")) } } }
            tbody { @for (_, name, n) in &b.by_province { tr { td { (name) } td.num { (number(*n, lang)) } } } }
        } }
        div.table-wrap { table {
            caption { (t("Peserta per jenis lembaga", "Participants by institution type")) }
            thead { tr { th scope="col" { (t("Jenis", "Type")) } th.num scope="col" { (t("Peserta", "Participants")) } } }
            tbody { @for (ty, n) in &b.by_institution { tr {
                td { (ty.map(|t| t.label(lang)).unwrap_or(t("Lembaga lain", "Other institution"))) }
                td.num { (number(*n, lang)) }
            } } }
        } }
    }
}

pub async fn year(State(state): State<AppState>, ctx: Ctx, Query(q): Query<YearQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let (year, type_id) = year_of(&q, state.env.year(lentera_core::region::TimeZone::Wib))?;
    let (r, types) = state
        .run(move |s| {
            Ok((event_reports::year(s, &actor, year, type_id)?, lists::items(s, ManagedList::EventType, true)?))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let query = format!("tahun={year}{}", type_id.map(|t| format!("&jenis={t}")).unwrap_or_default());
    let body = html! {
        p.crumbs { a href="/acara" { (t("Acara", "Events")) } }
        h1 { (t("Laporan acara ", "Event report ")) (year) }
        form.filters method="get" {
            div.field { label for="tahun" { (t("Tahun", "Year")) } input #tahun name="tahun" type="number" min="2018" max="2100" value=(year); }
            div.field { label for="jenis" { (t("Jenis", "Type")) }
                select #jenis name="jenis" { option value="" { (t("Semua", "All")) } @for ty in &types { option value=(ty.id) selected[type_id == Some(ty.id)] { (ty.name) } } } }
            div.field { button type="submit" { (t("Tampilkan", "Show")) } }
        }
        div.actions { a.button.secondary href={ "/acara/laporan.xlsx?" (query) } { (t("Unduh XLSX", "Download XLSX")) } }
        dl.facts {
            dt { (t("Acara", "Events")) } dd #jumlah-acara { (r.events.len()) }
            dt { (t("Peserta (pendaftaran)", "Participants (registrations)")) } dd { (number(r.breakdown.total(), lang)) }
            dt { (t("Orang berbeda yang dilatih", "Different people trained")) } dd #orang-dilatih { (number(r.people, lang)) }
            dt { (t("Tingkat kehadiran", "Attendance rate")) } dd { (r.attendance_rate) "%" }
            dt { (t("Rata-rata pra-tes → pasca-tes", "Average pre → post")) } dd { (pct(r.gain.pre)) " → " (pct(r.gain.post)) }
        }
        @if r.events.is_empty() { p.empty { (t("Tidak ada acara pada tahun ini.", "No events in this year.")) } }
        @else {
            div.table-wrap { table {
                caption { (t("Acara", "Events")) }
                thead { tr { th scope="col" { (t("Acara", "Event")) } th scope="col" { (t("Tanggal", "Dates")) } th.num scope="col" { (t("Peserta", "Participants")) }
                    th.num scope="col" { (t("Perempuan", "Women")) } th.num scope="col" { (t("Hadir", "Attendance")) } th.num scope="col" { (t("Pra → pasca", "Pre → post")) } th.num scope="col" { (t("Evaluasi materi", "Content score")) } } }
                tbody { @for l in &r.events { tr {
                    td { a href={ "/acara/" (l.event.id) } { (l.event.fields.name) } }
                    td { (date_range(&l.event, lang)) }
                    td.num { (number(l.registered, lang)) }
                    td.num { (number(l.female, lang)) }
                    td.num { (l.attendance_rate) "%" }
                    td.num { (pct(l.gain.pre)) " → " (pct(l.gain.post)) }
                    td.num { (avg(l.evaluation.content_x10, lang)) }
                } } }
            } }
            (breakdown_tables(&r.breakdown, lang))
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Laporan acara", "Event report"), body)))
}

fn event_row(l: &EventLine, lang: Lang) -> Vec<String> {
    let o = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let e = &l.event;
    vec![
        e.fields.name.clone(),
        e.type_name.clone(),
        e.fields.province_code.to_string(),
        e.fields.batch.map(|b| b.to_string()).unwrap_or_default(),
        e.fields.start_date.to_string(),
        e.fields.end_date.to_string(),
        e.fields.mode.label(lang).to_string(),
        l.registered.to_string(),
        l.female.to_string(),
        l.attendance_rate.to_string(),
        o(l.gain.pre),
        o(l.gain.post),
        l.evaluation.content_x10.map(|v| decimal_x10(v, Lang::En)).unwrap_or_default(),
        l.evaluation.trainers_x10.map(|v| decimal_x10(v, Lang::En)).unwrap_or_default(),
        l.evaluation.organisation_x10.map(|v| decimal_x10(v, Lang::En)).unwrap_or_default(),
    ]
}

const EVENT_HEADERS: [&str; 15] = [
    "acara",
    "jenis",
    "provinsi_tuan_rumah",
    "gelombang",
    "mulai",
    "selesai",
    "moda",
    "peserta",
    "perempuan",
    "kehadiran_persen",
    "pra_tes_persen",
    "pasca_tes_persen",
    "evaluasi_materi",
    "evaluasi_pelatih",
    "evaluasi_penyelenggaraan",
];

fn breakdown_sheets(b: &Breakdown, lang: Lang) -> [Sheet<'static>; 2] {
    [
        Sheet {
            name: "Provinsi",
            headers: vec!["kode".into(), "provinsi".into(), "peserta".into()],
            rows: b.by_province.iter().map(|(c, n, v)| vec![c.clone(), n.clone(), v.to_string()]).collect(),
            numeric: vec![2],
        },
        Sheet {
            name: "Jenis lembaga",
            headers: vec!["jenis".into(), "peserta".into()],
            rows: b
                .by_institution
                .iter()
                .map(|(t, n)| {
                    vec![t.map(|t| t.label(lang).to_string()).unwrap_or_else(|| "Lembaga lain".into()), n.to_string()]
                })
                .collect(),
            numeric: vec![1],
        },
    ]
}

pub async fn year_xlsx(State(state): State<AppState>, ctx: Ctx, Query(q): Query<YearQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let (year, type_id) = year_of(&q, state.env.year(lentera_core::region::TimeZone::Wib))?;
    let lang = ctx.lang;
    let bytes = state
        .run(move |s| {
            let r = event_reports::year(s, &actor, year, type_id)?;
            let [prov, types] = breakdown_sheets(&r.breakdown, lang);
            let summary = Sheet {
                name: "Ringkasan",
                headers: vec!["ukuran".into(), "nilai".into()],
                rows: vec![
                    vec!["tahun".into(), year.to_string()],
                    vec!["acara".into(), r.events.len().to_string()],
                    vec!["peserta".into(), r.breakdown.total().to_string()],
                    vec!["laki_laki".into(), r.breakdown.male.to_string()],
                    vec!["perempuan".into(), r.breakdown.female.to_string()],
                    vec!["orang_berbeda".into(), r.people.to_string()],
                    vec!["kehadiran_persen".into(), r.attendance_rate.to_string()],
                ],
                numeric: vec![1],
            };
            let events = Sheet {
                name: "Acara",
                headers: EVENT_HEADERS.iter().map(|h| h.to_string()).collect(),
                rows: r.events.iter().map(|l| event_row(l, lang)).collect(),
                numeric: vec![7, 8, 9, 10, 11],
            };
            write_xlsx_sheets(&[summary, events, prov, types])
        })
        .await?;
    Ok(download(bytes, &format!("laporan-acara-{year}.xlsx")))
}

/// The event's workbook: summary, breakdowns and the participants (organisers and trainers).
pub async fn event_xlsx(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let lang = ctx.lang;
    let bytes = state
        .run(move |s| {
            let results = training::results(s, &actor, id)?;
            let report = event_reports::event(s, &actor, id)?;
            let (_, certs) = training::certificates(s, &actor, id).unwrap_or((results.event.clone(), Vec::new()));
            let days = results.event.fields.days().len() as i64;
            let score = |rid: i64, k: TestKind| {
                results
                    .attempts
                    .iter()
                    .find(|a| a.registration_id == rid && a.kind == k && a.submitted_at.is_some())
                    .and_then(|a| a.percent())
                    .map(|p| p.to_string())
                    .unwrap_or_default()
            };
            let participants = Sheet {
                name: "Peserta",
                headers: [
                    "nama",
                    "jenis_kelamin",
                    "jabatan",
                    "lembaga",
                    "jenis_lembaga",
                    "kode_wilayah",
                    "status",
                    "hari_hadir",
                    "kehadiran_persen",
                    "pra_tes_persen",
                    "pasca_tes_persen",
                    "nomor_sertifikat",
                ]
                .iter()
                .map(|h| h.to_string())
                .collect(),
                rows: results
                    .registrations
                    .iter()
                    .map(|r| {
                        vec![
                            r.person.fields.full_name.clone(),
                            r.person.fields.gender.label(lang).to_string(),
                            r.person.fields.position.clone().unwrap_or_default(),
                            r.person.institution_label().to_string(),
                            r.person.library_type.map(|t| t.label(lang).to_string()).unwrap_or_default(),
                            r.person.fields.region_code.to_string(),
                            r.status.label(lang).to_string(),
                            r.days_present.to_string(),
                            rate(r.days_present, days).to_string(),
                            score(r.id, TestKind::Pre),
                            score(r.id, TestKind::Post),
                            certs
                                .iter()
                                .find(|c| c.certificate.registration_id == r.id && c.certificate.revoked_at.is_none())
                                .map(|c| c.certificate.number.clone())
                                .unwrap_or_default(),
                        ]
                    })
                    .collect(),
                numeric: vec![7, 8, 9, 10],
            };
            let days_sheet = Sheet {
                name: "Presensi",
                headers: vec!["tanggal".into(), "hadir".into(), "terdaftar".into()],
                rows: report
                    .days
                    .iter()
                    .map(|(d, n)| vec![d.to_string(), n.to_string(), report.line.registered.to_string()])
                    .collect(),
                numeric: vec![1, 2],
            };
            let summary = Sheet {
                name: "Ringkasan",
                headers: EVENT_HEADERS.iter().map(|h| h.to_string()).collect(),
                rows: vec![event_row(&report.line, lang)],
                numeric: vec![7, 8, 9, 10, 11],
            };
            let [prov, types] = breakdown_sheets(&report.breakdown, lang);
            write_xlsx_sheets(&[summary, participants, days_sheet, prov, types])
        })
        .await?;
    Ok(download(bytes, &format!("laporan-acara-{id}.xlsx")))
}

/// The printable attendance list (organisers and trainers).
pub async fn attendance_pdf(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let lang = ctx.lang;
    let sheet = state
        .run(move |s| {
            let (e, marks) = lentera_core::services::events::attendance(s, &actor, id)?;
            let filter = RegistrationFilter { status: Some(RegistrationStatus::Registered), ..Default::default() };
            let regs = lentera_core::services::events::registrations(s, &actor, id, filter)?;
            let days = e.fields.days();
            let today = s.today(e.fields.time_zone());
            let subtitle = format!(
                "{} · {} · {}",
                date_range(&e, lang),
                e.fields.venue.clone().unwrap_or_else(|| "Daring".into()),
                calendar_date(today, lang)
            );
            Ok(crate::pdf::AttendanceSheet {
                rows: regs
                    .iter()
                    .map(|r| {
                        let present = days
                            .iter()
                            .map(|d| marks.iter().any(|m| m.registration_id == r.id && m.day == *d && m.present))
                            .collect();
                        (r.person.fields.full_name.clone(), r.person.institution_label().to_string(), present)
                    })
                    .collect(),
                event_name: e.fields.name,
                subtitle,
                days,
            })
        })
        .await?;
    let pdf =
        tokio::task::spawn_blocking(move || crate::pdf::attendance_list(&sheet)).await.map_err(Error::unexpected)??;
    Ok(download(pdf, &format!("daftar-hadir-acara-{id}.pdf")))
}
