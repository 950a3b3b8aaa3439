//! What waits for the signed-in person (`/kotak-masuk`): every kind of report at their level
//! to review, and their own reports sent back to correct.

use axum::extract::State;
use lentera_core::activity::Activity;
use lentera_core::library::{Page, PageRequest};
use lentera_core::monthly::MonthlyReport;
use lentera_core::services::review;
use lentera_core::workplan::WorkPlan;
use maud::{Markup, html};

use super::review::ReviewPages;
use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page};
use crate::http::{PageResult, html_response};

/// One kind's part of a list: its label and rows, nothing when it has none.
fn part<R: ReviewPages>(ctx: &Ctx, page: &Page<R>) -> Option<Markup> {
    (!page.items.is_empty()).then(|| {
        html! {
            h3 { (R::KIND.label(ctx.lang)) " (" (page.total) ")" }
            (R::rows(ctx, &page.items))
        }
    })
}

/// The inbox page: every kind's reports waiting at the person's level, then their own sent
/// back. A new kind of report adds its inbox to the two lists.
pub async fn show(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let actor = ctx.actor()?;
    let policy = state.review_policy();
    let (activities, monthly, plans, missing) = state
        .run(move |s| {
            let page = PageRequest::new(None, Some(50));
            // Coordinators also see next year's plans not yet sent (libraries have no such list).
            let missing = match lentera_core::services::calendar::missing_plans(s, &actor, None, None, 0) {
                Ok(m) => Some(m),
                Err(lentera_core::Error::Forbidden) => None,
                Err(e) => return Err(e),
            };
            Ok((
                review::inbox::<Activity>(s, &actor, policy, page)?,
                review::inbox::<MonthlyReport>(s, &actor, policy, page)?,
                review::inbox::<WorkPlan>(s, &actor, policy, page)?,
                (missing, lentera_core::services::agreements::renewals_due(s, &actor)?),
            ))
        })
        .await?;
    let (missing, renewals) = missing;
    let today = state.env.today(lentera_core::region::TimeZone::Wib);
    let waiting = [part(&ctx, &activities.waiting), part(&ctx, &monthly.waiting), part(&ctx, &plans.waiting)];
    let returned = [part(&ctx, &activities.returned), part(&ctx, &monthly.returned), part(&ctx, &plans.returned)];
    let waiting_total = activities.waiting.total + monthly.waiting.total + plans.waiting.total;
    let returned_total = activities.returned.total + monthly.returned.total + plans.returned.total;
    let t = |id, en| ctx.t(id, en);
    let body = html! {
        h1 { (t("Kotak masuk", "Inbox")) }
        h2 { (t("Menunggu verifikasi saya", "Waiting for my review")) " (" (waiting_total) ")" }
        @if waiting_total == 0 { p.empty { (t("Tidak ada laporan yang menunggu Anda.", "Nothing is waiting for you.")) } }
        @for p in waiting.iter().flatten() { (p) }
        h2 { (t("Dikembalikan kepada saya", "Returned to me")) " (" (returned_total) ")" }
        @if returned_total == 0 { p.empty { (t("Tidak ada laporan yang dikembalikan.", "No returned reports.")) } }
        @for p in returned.iter().flatten() { (p) }
        @if let Some(m) = &missing { (super::calendar::inbox_notice(&ctx, m, today)) }
        @if !renewals.is_empty() {
            h2 { (t("Kemitraan perlu diperpanjang", "Partnerships due for renewal")) " (" (renewals.len()) ")" }
            ul { @for p in &renewals { li {
                a href={ "/kemitraan/" (p.id) } { (p.title) } " · " (p.partner)
                @if let Some(end) = p.ends_on { " · " (t("berakhir ", "ends ")) (lentera_core::time_fmt::calendar_date(end, ctx.lang)) }
            } } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Kotak masuk", "Inbox"), body)))
}
