//! What waits for the signed-in person (`/kotak-masuk`): every kind of report at their level
//! to review, and their own reports sent back to correct.

use axum::extract::State;
use lentera_core::activity::Activity;
use lentera_core::library::PageRequest;
use lentera_core::monthly::MonthlyReport;
use lentera_core::services::review;
use maud::html;

use super::review::ReviewPages;
use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page};
use crate::http::{PageResult, html_response};

/// The inbox page.
pub async fn show(State(state): State<AppState>, ctx: Ctx) -> PageResult {
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
