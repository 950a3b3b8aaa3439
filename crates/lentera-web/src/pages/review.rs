//! The review path of every kind of report on pages: one handler for a workflow step and the
//! review buttons. A kind of report appears here through [`ReviewPages`]; what waits for
//! whom is the inbox's ([`super::inbox`]).

use axum::extract::{Path, State};
use lentera_core::reporting::{Report, Transition};
use lentera_core::services::review;
use maud::{Markup, html};

use crate::AppState;
use crate::ctx::Ctx;
use crate::http::{Form, PageResult, parse_id, see_other};

/// A kind of report as its pages show it; each kind implements it beside its own pages.
pub trait ReviewPages: Report {
    /// Where its pages live: `{BASE}/{id}` shows one, `{BASE}/{id}/status` takes a step.
    const BASE: &'static str;

    /// Reports of the kind as the inbox lists them.
    fn rows(ctx: &Ctx, items: &[Self]) -> Markup;
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
    let step = crate::http::parse_transition(form.get("transition"))?;
    let note = form.opt("comment");
    let policy = state.review_policy();
    state.run(move |s| review::transition::<R>(s, &actor, policy, id, step, note.as_deref())).await?;
    // Say what happened and who acts next, not just "saved".
    let said = match step {
        Transition::Submit => "diajukan",
        Transition::Verify => "diverifikasi",
        Transition::Approve => "disetujui",
        Transition::Return => "dikembalikan",
        Transition::Reopen => "dibuka",
    };
    Ok(see_other(&format!("{}/{id}?pesan={said}", R::BASE)))
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
