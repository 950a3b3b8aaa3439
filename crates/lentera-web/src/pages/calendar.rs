//! The budget calendar (`/kalender-anggaran`: the dates, moved by national administrators)
//! and the libraries that have not sent next year's plan (`/rencana-kerja/belum`, with a CSV
//! for WhatsApp follow-up, and a line in the coordinator's inbox).

use axum::extract::{Query, State};
use lentera_core::Error;
use lentera_core::calendar::{BudgetStep, time_left};
use lentera_core::region::RegionCode;
use lentera_core::services::calendar::{self, MissingPlans};
use lentera_core::time_fmt::{calendar_date, number};
use lentera_core::user::Role;
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, flash, page, whatsapp};
use crate::http::{Form, PageResult, html_response, see_other};

#[derive(Deserialize, Default)]
pub struct CalendarQuery {
    tahun: Option<String>,
    pesan: Option<String>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Query(q): Query<CalendarQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let today = state.env.today(lentera_core::region::TimeZone::Wib);
    let year = q
        .tahun
        .as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (2018..=2100).contains(y))
        .unwrap_or(today.year() + 1);
    let cal = state.run(calendar::calendar).await?;
    let admin = actor.role == Role::NationalAdmin;
    let body = html! {
        h1 { (t("Kalender anggaran", "Budget calendar")) }
        (flash(q.pesan.as_deref(), lang))
        p { (t("Perpustakaan yang ingin mendapat dana tahun ", "A library that wants money in ")) (year)
            (t(" harus masuk musrenbang desa paling lambat Februari dan RKPDes paling lambat September tahun sebelumnya.",
               " must be in the village musrenbang by February and in the RKPDes by September of the year before.")) }
        form.actions method="get" action="/kalender-anggaran" {
            label for="tahun" { (t("Tahun anggaran", "Budget year")) }
            input #tahun name="tahun" type="number" min="2018" max="2100" inputmode="numeric" value=(year);
            button.secondary type="submit" { (t("Tampilkan", "Show")) }
        }
        div.table-wrap { table {
            thead { tr { th scope="col" { (t("Langkah", "Step")) } th scope="col" { (t("Batas", "Deadline")) } } }
            tbody { @for d in cal.for_budget_year(year) { tr {
                td { (d.step.label(lang)) @if !d.step.village() { br; small { (t("anggaran kabupaten/kota/provinsi", "regency/province budget")) } } }
                td { (calendar_date(d.date, lang)) br; small { (time_left((d.date - today).whole_days(), lang))
                    @if d.moved { " · " (t("diubah untuk deployment ini", "moved for this deployment")) } } }
            } } }
        } }
        @if admin {
            h2 { (t("Ubah tanggal", "Move a step")) }
            p { small { (t("Beberapa daerah menggeser jadwalnya. Tanggal berlaku untuk semua wilayah; kosongkan untuk kembali ke tanggal menurut peraturan.",
                           "Some regions shift dates. A date applies to every region; leave it empty to return to the legal date.")) } }
            form method="post" action="/kalender-anggaran" {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                div.field { label for="step" { (t("Langkah", "Step")) }
                    select #step name="step" { @for s in BudgetStep::ALL { option value=(s.code()) { (s.label(lang)) } } } }
                div.field { label for="date" { (t("Tanggal (tahun diabaikan)", "Date (the year is ignored)")) } input #date name="date" type="date"; }
                button type="submit" { (t("Simpan", "Save")) }
            }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Kalender anggaran", "Budget calendar"), body)))
}

pub async fn save(State(state): State<AppState>, ctx: Ctx, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let step = BudgetStep::parse(form.get("step"))
        .ok_or_else(|| Error::field("step", "Langkah tidak dikenal.", "Unknown step."))?;
    let date = match form.opt("date") {
        None => None,
        Some(d) => {
            let d = lentera_core::activity::parse_date(&d)
                .ok_or_else(|| Error::field("date", "Tanggal tidak valid.", "Invalid date."))?;
            Some((u8::from(d.month()), d.day()))
        }
    };
    state.run(move |s| calendar::save_step(s, &actor, step, date)).await?;
    Ok(see_other("/kalender-anggaran?pesan=tersimpan"))
}

#[derive(Deserialize, Default)]
pub struct MissingQuery {
    tahun: Option<String>,
    region: Option<String>,
}

async fn missing(
    state: &AppState,
    ctx: &Ctx,
    q: &MissingQuery,
    limit: i64,
) -> Result<MissingPlans, crate::http::PageError> {
    let actor = ctx.actor()?;
    let region = q.region.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(RegionCode::parse).transpose()?;
    let year = q
        .tahun
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|y| {
            y.parse::<i32>()
                .ok()
                .filter(|y| (2018..=2100).contains(y))
                .ok_or_else(|| Error::field("tahun", "Tahun tidak valid.", "Invalid year."))
        })
        .transpose()?;
    Ok(state.run(move |s| calendar::missing_plans(s, &actor, region, year, limit)).await?)
}

/// The line a coordinator's inbox shows: how many libraries lack next year's plan, and the
/// next step that needs it.
pub fn inbox_notice(ctx: &Ctx, m: &MissingPlans, today: time::Date) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    html! {
        h2 { (t("Rencana kerja ", "Work plans ")) (m.budget_year) (t(" belum diajukan", " not yet submitted")) " (" (number(m.total, lang)) ")" }
        @if let Some(n) = m.next {
            p { (t("Langkah berikutnya: ", "Next step: ")) strong { (n.step.label(lang)) } ", " (calendar_date(n.date, lang)) " — " (time_left((n.date - today).whole_days(), lang)) }
        }
        @if m.total > 0 { p { a href={ "/rencana-kerja/belum?tahun=" (m.budget_year) } { (t("Lihat perpustakaan yang belum mengajukan", "See the libraries that have not submitted")) } } }
    }
}

pub async fn missing_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<MissingQuery>) -> PageResult {
    let m = missing(&state, &ctx, &q, 500).await?;
    let t = |id, en| ctx.t(id, en);
    let today = state.env.today(lentera_core::region::TimeZone::Wib);
    let region = q.region.clone().unwrap_or_default();
    let body = html! {
        h1 { (t("Rencana kerja yang belum diajukan", "Work plans not yet submitted")) }
        (inbox_notice(&ctx, &m, today))
        @if !m.libraries.is_empty() {
            p { a.button.secondary href={ "/rencana-kerja/belum.csv?tahun=" (m.budget_year) "&region=" (region) } { (t("Unduh daftar (CSV) untuk ditindaklanjuti", "Download the list (CSV) to follow up")) } }
            ul { @for l in m.libraries.iter().take(200) { li {
                a href={ "/perpustakaan/" (l.library_id) } { (l.library_name) }
                @if let Some(n) = &l.manager_name { " · " (n) }
                @if let Some(p) = &l.phone { " · " a href={ "https://wa.me/" (whatsapp(p)) } rel="noopener" { (p) } }
            } } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Rencana kerja belum diajukan", "Plans not submitted"), body)))
}

pub async fn missing_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<MissingQuery>) -> PageResult {
    let m = missing(&state, &ctx, &q, 100_000).await?;
    let next = m.next.map(|n| format!("{} {}", n.step.code(), n.date)).unwrap_or_default();
    let rows: Vec<Vec<String>> = m
        .libraries
        .iter()
        .map(|l| {
            vec![
                l.library_name.clone(),
                l.region_code.to_string(),
                l.manager_name.clone().unwrap_or_default(),
                l.phone.clone().unwrap_or_default(),
                m.budget_year.to_string(),
                next.clone(),
            ]
        })
        .collect();
    let bytes = crate::tabular::write_csv(
        &["perpustakaan", "kode_wilayah", "pengelola", "telepon", "tahun_anggaran", "langkah_berikutnya"],
        rows,
    )?;
    Ok(crate::http::download(bytes, &format!("rencana-kerja-belum-{}.csv", m.budget_year)))
}
