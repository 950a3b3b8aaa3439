//! The review path of every kind of report on pages: one handler for a workflow step, the
//! review buttons, and the inbox. A kind of report appears here through [`ReviewPages`].

use axum::extract::{Path, State};
use lentera_core::Error;
use lentera_core::activity::Activity;
use lentera_core::library::PageRequest;
use lentera_core::monthly::MonthlyReport;
use lentera_core::reporting::{Report, Transition};
use lentera_core::services::review;
use maud::{Markup, html};

use super::{Form, PageResult, html_response, parse_id, see_other};
use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page};

/// A kind of report as its pages show it.
pub trait ReviewPages: Report {
    /// Where its pages live: `{BASE}/{id}` shows one, `{BASE}/{id}/status` takes a step.
    const BASE: &'static str;
}

impl ReviewPages for Activity {
    const BASE: &'static str = "/kegiatan";
}

impl ReviewPages for MonthlyReport {
    const BASE: &'static str = "/laporan-bulanan";
}

/// The workflow step a form or payload names.
pub fn parse_transition(code: &str) -> Result<Transition, Error> {
    Transition::parse(code).ok_or_else(|| Error::field("transition", "Tindakan tidak dikenal.", "Unknown action."))
}

/// Takes one workflow step on a report of any kind (`POST {BASE}/{id}/status`).
pub async fn transition<R: ReviewPages>(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let step = parse_transition(form.get("transition"))?;
    let note = form.opt("comment");
    let policy = state.review_policy();
    state.run(move |s| review::transition::<R>(s, &actor, policy, id, step, note.as_deref())).await?;
    Ok(see_other(&format!("{}/{id}?pesan=tersimpan", R::BASE)))
}

/// One form per workflow step the viewer may take on a report; sending back needs a note.
pub fn review_forms<R: ReviewPages>(ctx: &Ctx, report: &R, steps: &[Transition]) -> Markup {
    let action = format!("{}/{}/status", R::BASE, report.id());
    html! {
        @for m in steps {
            form.actions method="post" action=(action) {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                input type="hidden" name="transition" value=(m.code());
                @if m.needs_note() {
                    label for={ "comment-" (m.code()) } { (ctx.t("Alasan/catatan untuk perpustakaan", "Reason/note for the library")) }
                    textarea id={ "comment-" (m.code()) } name="comment" rows="2" required {}
                }
                button type="submit" class=(if m.needs_note() { "secondary" } else { "" }) { (m.label(ctx.lang)) }
            }
        }
    }
}

/// What waits for the signed-in person, every kind of report (`/kotak-masuk`).
pub async fn inbox(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let actor = ctx.actor()?;
    let policy = state.review_policy();
    let (activities, monthly) = state
        .run(move |s| {
            let page = PageRequest::new(None, Some(50));
            Ok((
                review::inbox::<Activity>(s, &actor, policy, page)?,
                review::inbox::<MonthlyReport>(s, &actor, policy, page)?,
            ))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let body = html! {
        h1 { (t("Kotak masuk", "Inbox")) }
        h2 { (t("Menunggu verifikasi saya", "Waiting for my review")) " (" (activities.waiting.total) ")" }
        @if activities.waiting.items.is_empty() { p.empty { (t("Tidak ada laporan yang menunggu Anda.", "Nothing is waiting for you.")) } }
        @else { (super::activities::activity_rows(&ctx, &activities.waiting.items)) }
        h2 { (t("Dikembalikan kepada saya", "Returned to me")) " (" (activities.returned.total) ")" }
        @if activities.returned.items.is_empty() { p.empty { (t("Tidak ada laporan yang dikembalikan.", "No returned reports.")) } }
        @else { (super::activities::activity_rows(&ctx, &activities.returned.items)) }
        @if !monthly.waiting.items.is_empty() || !monthly.returned.items.is_empty() {
            h2 { (t("Laporan bulanan", "Monthly reports")) }
            ul { @for r in monthly.waiting.items.iter().chain(monthly.returned.items.iter()) { li {
                a href={ (MonthlyReport::BASE) "/" (r.id) } { (r.period.label(ctx.lang)) " · " (r.library_name) } " " span.badge { (r.status.label(ctx.lang)) }
            } } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Kotak masuk", "Inbox"), body)))
}
