//! Work plans: creating one for a year (empty, from a payload, or from the library's Bimtek
//! follow-up plans), editing it while a draft, revising it after approval, recording what the
//! budget holders approved and what was spent, linking activity reports to it, and setting
//! plan beside actual. Review is [`super::review`]'s, with one level (see [`WorkPlan`]).

use crate::access::Actor;
use crate::activity::Activity;
use crate::audit::{AuditAction, AuditRecord};
use crate::ids::{ActivityId, LibraryId, WorkPlanId};
use crate::library::{Page, PageRequest};
use crate::region::RegionCode;
use crate::reporting::ReportStatus;
use crate::services::{Env, activities, libraries, review};
use crate::workplan::{
    BudgetLineInput, BudgetOutcome, FundingSource, PlanInput, PlanLink, PlanVsActual, RegionPlanSummary, WorkPlan,
    WorkPlanFilter, check_year, draft_from_follow_up,
};
use crate::{Error, Result, Unique};

pub fn get(env: &Env, actor: &Actor, id: WorkPlanId) -> Result<WorkPlan> {
    review::get(env, actor, id)
}

pub fn list(env: &Env, actor: &Actor, mut filter: WorkPlanFilter, page: PageRequest) -> Result<Page<WorkPlan>> {
    actor.narrow(&mut filter.region, &mut filter.library_id)?;
    env.store.list_work_plans(&filter, page)
}

/// Every revision of the library's plan for a year, the latest first.
pub fn revisions(env: &Env, actor: &Actor, library_id: LibraryId, year: i32) -> Result<Vec<WorkPlan>> {
    libraries::get(env, actor, library_id)?;
    env.store.work_plan_revisions(library_id, year)
}

/// The revision in force: the latest approved one.
fn in_force(env: &Env, library_id: LibraryId, year: i32) -> Result<Option<WorkPlan>> {
    Ok(env.store.work_plan_revisions(library_id, year)?.into_iter().find(|p| p.status == ReportStatus::Approved))
}

fn category_ids(env: &Env) -> Result<Vec<i64>> {
    Ok(activities::categories(env, false)?.into_iter().map(|c| c.id).collect())
}

/// How a new plan starts.
#[derive(Debug, Clone)]
pub enum Start {
    Empty,
    /// From the library's Bimtek follow-up plans (RTL).
    FollowUp,
    Content(PlanInput),
}

/// Creates the first revision of a library's plan for a year. A year that has a plan is
/// refused: a draft is changed, an approved plan revised.
pub fn create(
    env: &Env,
    actor: &Actor,
    library_id: LibraryId,
    client_id: Option<&str>,
    year: i32,
    start: Start,
) -> Result<(WorkPlan, bool)> {
    review::create_once(env, actor, library_id, client_id, |lib, client_id| {
        let year = check_year(year, env.year(lib.region_code.time_zone()))?;
        let taken = |existing: &WorkPlan| {
            Error::Conflict(if existing.status == ReportStatus::Approved {
                format!("Rencana kerja tahun {year} sudah disetujui dan terkunci. Buka rencana itu lalu buat revisi.")
            } else {
                format!("Rencana kerja tahun {year} sudah ada; ubah rencana itu.")
            })
        };
        if let Some(existing) = env.store.work_plan_revisions(library_id, year)?.first() {
            return Err(taken(existing));
        }
        let categories = category_ids(env)?;
        let input = match start {
            Start::Empty => PlanInput::default(),
            Start::Content(input) => input,
            Start::FollowUp => {
                let rtl: Vec<_> =
                    env.store.follow_ups_of_library(library_id)?.into_iter().map(|f| (f.plan, f.target_date)).collect();
                draft_from_follow_up(&rtl, year, categories.first().copied().unwrap_or(0))
            }
        };
        let mut input = input;
        let promised = unplanned_promises(env, library_id, year)?;
        expect_promises(&mut input, &promised);
        let content = input.validate(&categories)?;
        let now = env.now();
        let audit = AuditRecord::new(actor, AuditAction::Create, "work_plan", now)
            .region(Some(lib.region_code.clone()))
            .after(&serde_json::json!({"year": year, "revision": 1, "content": content}));
        let plan = env.store.insert_work_plan(lib, client_id, year, 1, &content, now, audit).map_err(|e| match e {
            Error::Duplicate(Unique::WorkPlanRevision) => match env.store.work_plan_revisions(library_id, year) {
                Ok(v) if !v.is_empty() => taken(&v[0]),
                _ => Error::Duplicate(Unique::WorkPlanRevision),
            },
            other => other,
        })?;
        // Each promise is now expected in the first line of its source.
        for c in promised {
            let line = plan.content.lines.iter().find(|l| Some(l.source) == c.source).map(|l| l.no);
            let audit = AuditRecord::new(actor, AuditAction::Update, "commitment", now)
                .id(c.id)
                .region(Some(lib.region_code.clone()))
                .after(&serde_json::json!({"line_no": line}));
            env.store.resolve_commitment(c.id, c.resolution, line, now, audit)?;
        }
        Ok(plan)
    })
}

/// The library's promises of money for the year that wait for a plan line: made before the
/// year's plan existed, not given up.
fn unplanned_promises(env: &Env, library_id: LibraryId, year: i32) -> Result<Vec<crate::advocacy::Commitment>> {
    let f = crate::advocacy::CommitmentFilter { library_id: Some(library_id), year: Some(year), ..Default::default() };
    Ok(env
        .store
        .commitments(&f, 200)?
        .into_iter()
        .filter(|c| {
            c.kind == crate::advocacy::CommitmentKind::Money
                && c.line_no.is_none()
                && c.resolution.is_none()
                && c.source.is_some()
                && c.amount.is_some()
        })
        .collect())
}

/// A promise of money becomes an expected budget line of a new plan: a line of its own
/// unless the plan already asks its source.
fn expect_promises(input: &mut PlanInput, promised: &[crate::advocacy::Commitment]) {
    for c in promised {
        let (Some(source), Some(amount)) = (c.source, c.amount) else { continue };
        if input.lines.iter().any(|l| FundingSource::read(&l.source) == Some(source)) {
            continue;
        }
        input.lines.push(BudgetLineInput {
            source: source.code().to_string(),
            description: format!("{} (janji {})", c.description, c.stakeholder_name)
                .chars()
                .take(crate::workplan::MAX_TEXT)
                .collect(),
            proposed: amount.to_string(),
            ..Default::default()
        });
    }
}

/// Replaces a draft's content. A line with amounts already recorded cannot be removed.
pub fn update(env: &Env, actor: &Actor, id: WorkPlanId, expected_version: i64, input: &PlanInput) -> Result<WorkPlan> {
    let (before, _) = review::editable::<WorkPlan>(env, actor, id)?;
    replace(env, actor, &before, expected_version, input)
}

/// Replaces the content of a draft already read as editable.
fn replace(env: &Env, actor: &Actor, before: &WorkPlan, expected_version: i64, input: &PlanInput) -> Result<WorkPlan> {
    let id = before.id;
    let content = input.validate(&category_ids(env)?)?;
    if let Some(kept) = before
        .content
        .lines
        .iter()
        .find(|l| (l.approved.is_some() || l.realised.is_some()) && content.line(l.no).is_none())
    {
        return Err(Error::Conflict(format!(
            "Baris anggaran \"{}\" sudah punya jumlah yang disetujui atau direalisasikan; kosongkan jumlah itu dulu sebelum menghapus barisnya.",
            kept.description
        )));
    }
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "work_plan", now)
        .id(id)
        .region(Some(before.region_code.clone()))
        .before(&before.content)
        .after(&content);
    env.store.update_work_plan(id, expected_version, &content, now, audit).map_err(review::stale_edit)
}

/// Changes the plan through one edit of its content (a page adds or removes one row).
pub fn edit(
    env: &Env,
    actor: &Actor,
    id: WorkPlanId,
    expected_version: i64,
    change: impl FnOnce(&mut PlanInput),
) -> Result<WorkPlan> {
    let (plan, _) = review::editable::<WorkPlan>(env, actor, id)?;
    let mut input = plan.content.to_input();
    change(&mut input);
    replace(env, actor, &plan, expected_version, &input)
}

/// Opens a new draft revision of an approved plan, with the same content; the approved one
/// stays in force until the revision is approved. An open revision is answered as it is
/// (`false`: nothing created).
pub fn revise(env: &Env, actor: &Actor, id: WorkPlanId) -> Result<(WorkPlan, bool)> {
    let plan = get(env, actor, id)?;
    let lib = libraries::get(env, actor, plan.library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    let latest =
        env.store.work_plan_revisions(plan.library_id, plan.year)?.into_iter().next().ok_or(Error::NotFound)?;
    if latest.status != ReportStatus::Approved {
        return Ok((latest, false));
    }
    let now = env.now();
    let revision = latest.revision + 1;
    let audit = AuditRecord::new(actor, AuditAction::Create, "work_plan", now)
        .region(Some(lib.region_code.clone()))
        .after(&serde_json::json!({"year": plan.year, "revision": revision, "revises": latest.id}));
    let revised = env.store.insert_work_plan(&lib, None, plan.year, revision, &latest.content, now, audit).map_err(
        |e| match e {
            Error::Duplicate(Unique::WorkPlanRevision) => {
                Error::Conflict("Revisi rencana ini baru saja dibuat orang lain; muat ulang halaman.".into())
            }
            other => other,
        },
    )?;
    Ok((revised, true))
}

/// Records what the budget holder approved and what was spent for a line of the plan in
/// force. Only the library's chain records it, only on the approved revision in force.
pub fn record_outcome(
    env: &Env,
    actor: &Actor,
    id: WorkPlanId,
    line_no: i32,
    approved: Option<&str>,
    realised: Option<&str>,
) -> Result<WorkPlan> {
    let plan = get(env, actor, id)?;
    let lib = libraries::get(env, actor, plan.library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    let in_force = in_force(env, plan.library_id, plan.year)?;
    if in_force.as_ref().map(|p| p.id) != Some(plan.id) {
        return Err(Error::Conflict(
            "Jumlah disetujui dan realisasi dicatat pada rencana kerja yang sudah disetujui dan berlaku.".into(),
        ));
    }
    let line = plan.content.line(line_no).ok_or_else(|| {
        Error::field("line_no", "Baris anggaran tidak ada di rencana ini.", "No such budget line in this plan.")
    })?;
    let outcome = BudgetOutcome::parse(approved, realised)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "budget_line", now)
        .id(id)
        .region(Some(plan.region_code.clone()))
        .before(&serde_json::json!({"line": line_no, "approved": line.approved, "realised": line.realised}))
        .after(&serde_json::json!({"line": line_no, "approved": outcome.approved, "realised": outcome.realised}));
    env.store.record_budget_outcome(plan.library_id, plan.year, line_no, outcome, now, audit)?;
    get(env, actor, id)
}

/// The plan beside the approved activity reports of its library and year.
pub fn plan_vs_actual(env: &Env, actor: &Actor, id: WorkPlanId) -> Result<PlanVsActual> {
    let plan = get(env, actor, id)?;
    let actual = env.store.actual_activities(plan.library_id, plan.year)?;
    Ok(PlanVsActual::of(&plan.content, &actual))
}

/// An activity report's link to its library's plan for the activity's year, with the plan in
/// force (`None` when the year has no approved plan).
pub fn activity_link(env: &Env, actor: &Actor, activity_id: ActivityId) -> Result<(PlanLink, Option<WorkPlan>)> {
    let a = activities::get(env, actor, activity_id)?;
    let link = env.store.activity_plan_link(activity_id)?;
    Ok((link, in_force(env, a.library_id, a.fields.start_date.year())?))
}

/// The most lines one activity draws on.
const MAX_DRAWS: usize = 20;

/// Links an activity report to a planned activity and the budget lines that paid for it,
/// while the report can be changed. Every number must be in the plan in force for the
/// activity's year; amounts are whole rupiah above zero, one per line.
pub fn link_activity(env: &Env, actor: &Actor, activity_id: ActivityId, link: PlanLink) -> Result<PlanLink> {
    let (a, lib) = review::editable::<Activity>(env, actor, activity_id)?;
    let year = a.fields.start_date.year();
    let empty = link.planned_no.is_none() && link.draws.is_empty();
    if !empty {
        let plan = in_force(env, a.library_id, year)?.ok_or_else(|| {
            Error::Conflict(format!(
                "Belum ada rencana kerja tahun {year} yang disetujui untuk perpustakaan ini; kegiatan belum bisa dikaitkan."
            ))
        })?;
        let mut e = crate::error::Errors::default();
        if link.planned_no.is_some_and(|n| plan.content.activity(n).is_none()) {
            e.add("planned_no", "Pilih kegiatan yang ada di rencana kerja.", "Choose an activity of the work plan.");
        }
        if link.draws.len() > MAX_DRAWS {
            e.add("draws", "Paling banyak 20 sumber dana per kegiatan.", "At most 20 funding lines per activity.");
        }
        for (i, (no, amount)) in link.draws.iter().enumerate() {
            if plan.content.line(*no).is_none() || link.draws[..i].iter().any(|(n, _)| n == no) {
                e.add(
                    &format!("draws[{i}].line_no"),
                    "Pilih baris anggaran rencana kerja, sekali per baris.",
                    "Choose a budget line of the plan, once each.",
                );
            }
            if !(1..=crate::money::MAX_RUPIAH).contains(amount) {
                e.add(&format!("draws[{i}].amount"), "Isi rupiah lebih dari 0.", "Rupiah above 0.");
            }
        }
        e.finish()?;
    }
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "activity_plan_link", now)
        .id(activity_id)
        .region(Some(lib.region_code.clone()))
        .before(&env.store.activity_plan_link(activity_id)?)
        .after(&link);
    env.store.set_activity_plan_link(activity_id, &link, audit)?;
    Ok(link)
}

/// A region's plans for a year: the actor's own region when none is asked (a library's
/// staff see their library's region).
pub fn region_summary(env: &Env, actor: &Actor, region: Option<RegionCode>, year: i32) -> Result<RegionPlanSummary> {
    let mut region = region;
    let mut library = None;
    actor.narrow(&mut region, &mut library)?;
    if let Some(lib) = library {
        region = Some(libraries::get(env, actor, lib)?.region_code);
    }
    env.store.region_plan_summary(region.as_ref(), year)
}
