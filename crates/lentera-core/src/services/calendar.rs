//! The budget calendar: the deployment's dates (national administrators move a step), each
//! plan's reminders, and the libraries that have not sent next year's plan before the step
//! that needs it.

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::calendar::{BudgetStep, Calendar, Deadline, PlanReminder, check_date, reminders};
use crate::library::ProgrammeLibraries;
use crate::monthly::MissingReport;
use crate::region::{RegionCode, TimeZone};
use crate::services::{Env, workplans};
use crate::user::{Role, Scope};
use crate::{Error, Result};

pub fn calendar(env: &Env) -> Result<Calendar> {
    env.store.budget_calendar()
}

/// Moves a step (`None`: back to its legal date). National administrators only: the dates
/// apply to every region of the deployment.
pub fn save_step(env: &Env, actor: &Actor, step: BudgetStep, date: Option<(u8, u8)>) -> Result<Calendar> {
    actor.require(actor.role == Role::NationalAdmin)?;
    let date = date.map(|(m, d)| check_date(m, d)).transpose()?;
    let before = env.store.budget_calendar()?.deadline_of(step).0;
    let audit = AuditRecord::new(actor, AuditAction::Update, "budget_calendar", env.now())
        .before(&serde_json::json!({"step": step, "month": before.0, "day": before.1}))
        .after(&serde_json::json!({"step": step, "date": date}));
    env.store.save_budget_step(step, date, audit)?;
    env.store.budget_calendar()
}

/// A plan's reminders: every step for money in its year, with the days left at the
/// library's place and the village asks not yet approved.
pub fn plan_reminders(env: &Env, actor: &Actor, plan_id: crate::ids::WorkPlanId) -> Result<Vec<PlanReminder>> {
    let plan = workplans::get(env, actor, plan_id)?;
    let today = env.today(plan.region_code.time_zone());
    Ok(reminders(&calendar(env)?, plan.year, Some(&plan.content), today))
}

/// Next year's plans not yet sent in a coordinator's region: the next step that needs them,
/// how many libraries lack one, the first `limit` of them with their managers.
pub struct MissingPlans {
    pub budget_year: i32,
    pub next: Option<Deadline>,
    pub total: i64,
    pub libraries: Vec<MissingReport>,
}

pub fn missing_plans(
    env: &Env,
    actor: &Actor,
    region: Option<RegionCode>,
    budget_year: Option<i32>,
    limit: i64,
) -> Result<MissingPlans> {
    if matches!(actor.scope, Scope::Library { .. }) || !actor.can_report() {
        return Err(Error::Forbidden);
    }
    let mut region = region;
    actor.narrow(&mut region, &mut None)?;
    let today = env.today(region.as_ref().map(|r| r.time_zone()).unwrap_or(TimeZone::Wib));
    let budget_year = budget_year.unwrap_or(today.year() + 1);
    let (total, libraries) =
        env.store.libraries_without_plan(region.as_ref(), budget_year, &ProgrammeLibraries::members(), limit)?;
    Ok(MissingPlans { budget_year, next: calendar(env)?.next(budget_year, today), total, libraries })
}
