//! An activity report's link to its library's work plan, as its page shows it: the planned
//! activity it carried out and the budget lines that paid for it, with a form while the
//! report can be changed (saved by `activities::link_activity`).

use lentera_core::FieldError;
use lentera_core::activity::Activity;
use lentera_core::money::rupiah;
use lentera_core::workplan::{PlanLink, WorkPlan};
use maud::{Markup, html};

use crate::ctx::Ctx;
use crate::html::{error_summary, field_errors};

/// The activity page's section: the planned activity it carried out and what it drew from
/// the plan's budget lines; a form while the report can be changed.
pub fn activity_link_section(
    ctx: &Ctx,
    a: &Activity,
    link: &PlanLink,
    plan: Option<&WorkPlan>,
    editable: bool,
    errors: &[FieldError],
) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let year = a.fields.start_date.year();
    html! {
        h2 #rencana { (t("Rencana kerja dan anggaran", "Work plan and budget")) }
        @match plan {
            None => p.empty { (t("Belum ada rencana kerja tahun ", "No approved work plan for ")) (year) (t(" yang disetujui; kegiatan ini belum bisa dikaitkan.", " yet; this activity cannot be linked.")) }
            Some(plan) => {
                @let planned = link.planned_no.and_then(|n| plan.content.activity(n));
                p { (t("Rencana: ", "Plan: ")) a href={ "/rencana-kerja" "/" (plan.id) } { (t("Rencana kerja ", "Work plan ")) (plan.year) }
                    " · " (t("kegiatan: ", "activity: ")) @match planned { Some(p) => { (p.title) }, None => { (t("di luar rencana", "outside the plan")) } } }
                @if !link.draws.is_empty() {
                    ul { @for (no, amount) in &link.draws { li {
                        @if let Some(l) = plan.content.line(*no) { (l.source.full_label(lang)) " — " (l.description) ": " } @else { "#" (no) ": " }
                        strong { (rupiah(*amount, lang)) }
                    } } }
                }
                @if editable {
                    details open[!errors.is_empty()] {
                        summary { (t("Kaitkan dengan rencana dan sumber dana", "Link to the plan and funding")) }
                        (error_summary(errors, lang))
                        form method="post" action={ "/kegiatan/" (a.id) "/rencana" } novalidate {
                            input type="hidden" name="_csrf" value=(ctx.csrf);
                            div.field { label for="planned_no" { (t("Kegiatan dalam rencana", "Planned activity")) }
                                select #planned_no name="planned_no" { option value="" { (t("Di luar rencana", "Outside the plan")) }
                                    @for p in &plan.content.activities { option value=(p.no) selected[link.planned_no == Some(p.no)] { (crate::html::month_short(p.month, lang)) " · " (p.title) } } } }
                            @for l in &plan.content.lines {
                                @let name = format!("draw_{}", l.no);
                                @let current = link.draws.iter().find(|(n, _)| *n == l.no).map(|(_, a)| a.to_string()).unwrap_or_default();
                                div.field { label for=(name) { (l.source.full_label(lang)) " — " (l.description) " (Rp)" }
                                    input id=(name) name=(name) inputmode="numeric" value=(current);
                                    (field_errors(errors, &name, lang)) }
                            }
                            small { (t("Isi berapa rupiah dari tiap baris yang membiayai kegiatan ini; kosongkan yang tidak.", "Enter how many rupiah each line paid for this activity; leave the others blank.")) }
                            button type="submit" { (t("Simpan kaitan", "Save link")) }
                        }
                    }
                }
            }
        }
    }
}
