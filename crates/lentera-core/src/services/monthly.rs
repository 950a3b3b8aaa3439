//! Monthly library figures: one report per library per month, entered beside the previous
//! months, reviewed level by level like activity reports.

use crate::access::Actor;
use crate::activity::{ActivityStatus, TransitionKind, Workflow};
use crate::audit::{AuditAction, AuditRecord};
use crate::library::{Page, PageRequest};
use crate::monthly::{MonthlyFigures, MonthlyFilter, MonthlyInput, MonthlyReport, Period};
use crate::services::Env;
use crate::services::{activities, libraries};
use crate::user::Scope;
use crate::{Error, FieldError, Result};

pub fn get(env: &Env, actor: &Actor, id: i64) -> Result<MonthlyReport> {
    let r = env.store.monthly_report(id)?.ok_or(Error::NotFound)?;
    libraries::get(env, actor, r.library_id).map_err(|_| Error::NotFound)?;
    Ok(r)
}

pub fn list(env: &Env, actor: &Actor, mut filter: MonthlyFilter, page: PageRequest) -> Result<Page<MonthlyReport>> {
    actor.narrow(&mut filter.region, &mut filter.library_id)?;
    env.store.list_monthly(&filter, page)
}

/// The library's months before `period`, newest first, shown beside the form's fields.
pub fn previous(env: &Env, actor: &Actor, library_id: i64, period: Period, n: i64) -> Result<Vec<MonthlyReport>> {
    libraries::get(env, actor, library_id)?;
    env.store.recent_monthly(library_id, period, n)
}

/// A figure to compare with the library's history: field, its names, how to read it.
type OutlierCheck = (&'static str, &'static str, &'static str, fn(&MonthlyFigures) -> i64);

/// Warnings: visitors or loans more than three times the median of the last 12 months.
pub fn warnings(env: &Env, library_id: i64, period: Period, f: &MonthlyFigures) -> Result<Vec<FieldError>> {
    let past = env.store.recent_monthly(library_id, period, 12)?;
    let mut out = Vec::new();
    if past.len() < 3 {
        return Ok(out);
    }
    let checks: [OutlierCheck; 2] = [
        ("visitors_male", "pengunjung", "visitors", MonthlyFigures::visitors),
        ("loans", "peminjaman", "loans", |f| f.loans),
    ];
    for (field, id, en, value) in checks {
        let mut v: Vec<i64> = past.iter().map(|r| value(&r.figures)).collect();
        v.sort_unstable();
        let median = v[v.len() / 2];
        let now = value(f);
        if median > 0 && now > 3 * median {
            out.push(FieldError::warning(
                field,
                &format!(
                    "Jumlah {id} {now} jauh di atas biasanya (median 12 bulan terakhir: {median}). Periksa kembali."
                ),
                &format!("{now} {en} is far above usual (median of the last 12 months: {median}). Please check."),
            ));
        }
    }
    Ok(out)
}

/// Creates the draft report of a month. A retry with the same client id returns the first
/// one (`false`); a second report for the same month is a conflict.
pub fn create(
    env: &Env,
    actor: &Actor,
    library_id: i64,
    client_id: Option<&str>,
    input: &MonthlyInput,
) -> Result<(MonthlyReport, bool)> {
    let lib = libraries::get(env, actor, library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    let client_id = client_id.map(|c| c.trim().to_ascii_lowercase()).filter(|c| !c.is_empty());
    if let Some(c) = &client_id {
        if !activities::valid_client_id(c) {
            return Err(Error::field("client_id", "client_id harus UUID.", "client_id must be a UUID."));
        }
        if let Some(existing) = activities::retried(env.store.monthly_by_client_id(c)?, library_id, |m| m.library_id)? {
            return Ok((existing, false));
        }
    }
    let stored = || -> Result<MonthlyReport> {
        let (period, figures) = input.validate(Period::of(env.today(lib.region_code.time_zone())))?;
        if env.store.monthly_by_period(library_id, period)?.is_some() {
            return Err(Error::Conflict(format!(
                "Laporan bulan {period} untuk perpustakaan ini sudah ada; ubah laporan itu."
            )));
        }
        if !input.confirm_warnings {
            let w = warnings(env, library_id, period, &figures)?;
            if !w.is_empty() {
                return Err(Error::Validation(w));
            }
        }
        let now = env.now();
        let audit = AuditRecord::new(actor, AuditAction::Create, "monthly_report", now)
            .region(Some(lib.region_code.clone()))
            .after(&serde_json::json!({"period": period, "figures": figures}));
        env.store.insert_monthly(&lib, client_id.as_deref(), period, &figures, now, audit)
    };
    match stored() {
        Ok(m) => Ok((m, true)),
        // A concurrent retry of the same submission was stored meanwhile: answer with it.
        Err(e) => match client_id.as_deref() {
            Some(c) => activities::retried(env.store.monthly_by_client_id(c)?, library_id, |m| m.library_id)?
                .map(|m| (m, false))
                .ok_or(e),
            None => Err(e),
        },
    }
}

pub fn update(env: &Env, actor: &Actor, id: i64, expected_version: i64, input: &MonthlyInput) -> Result<MonthlyReport> {
    let before = get(env, actor, id)?;
    let lib = libraries::get(env, actor, before.library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    if !before.status.editable() {
        return Err(Error::Conflict("Laporan ini terkunci selama ditinjau atau setelah disetujui.".into()));
    }
    let input = MonthlyInput { period: before.period.to_string(), ..input.clone() };
    let (period, figures) = input.validate(Period::of(env.today(lib.region_code.time_zone())))?;
    if !input.confirm_warnings {
        let w = warnings(env, before.library_id, period, &figures)?;
        if !w.is_empty() {
            return Err(Error::Validation(w));
        }
    }
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "monthly_report", now)
        .id(id)
        .region(Some(before.region_code.clone()))
        .before(&before.figures)
        .after(&figures);
    env.store.update_monthly(id, expected_version, &figures, now, audit)
}

pub fn available(env: &Env, actor: &Actor, workflow: Workflow, r: &MonthlyReport) -> Result<Vec<TransitionKind>> {
    let lib = libraries::get(env, actor, r.library_id)?;
    Ok(workflow.available(actor, r.status, actor.can_edit_library(&lib), actor.covers_region(&r.region_code)))
}

pub fn transition(
    env: &Env,
    actor: &Actor,
    workflow: Workflow,
    id: i64,
    kind: TransitionKind,
    comment: Option<&str>,
) -> Result<MonthlyReport> {
    let r = get(env, actor, id)?;
    let allowed = available(env, actor, workflow, &r)?;
    let (next, comment, audit) = activities::plan_transition(
        env,
        actor,
        workflow,
        "monthly_report_status",
        id,
        &r.region_code,
        r.status,
        kind,
        &allowed,
        comment,
    )?;
    let now = audit.at;
    env.store.set_monthly_status(id, r.status, next, comment.as_deref(), now, audit)
}

/// Every report matching the filter within the actor's scope (for exports).
pub fn each(
    env: &Env,
    actor: &Actor,
    mut filter: MonthlyFilter,
    f: &mut dyn FnMut(&MonthlyReport) -> Result<()>,
) -> Result<()> {
    actor.narrow(&mut filter.region, &mut filter.library_id)?;
    env.store.each_monthly(&filter, f)
}

/// Monthly reports waiting for the actor's level.
pub fn waiting(env: &Env, actor: &Actor, status: ActivityStatus, page: PageRequest) -> Result<Page<MonthlyReport>> {
    list(env, actor, MonthlyFilter { status: Some(status), ..Default::default() }, page)
}

/// Completeness and timeliness of a month for a region's children, the region's own totals,
/// and the libraries still missing (names and phones of managers for coordinators only).
pub struct CompletenessView {
    pub region: Option<crate::region::RegionCode>,
    pub rows: Vec<crate::monthly::Completeness>,
    pub expected: i64,
    pub reported: i64,
    pub on_time: i64,
    pub missing: Vec<crate::monthly::MissingReport>,
}

pub fn completeness(
    env: &Env,
    actor: &Actor,
    region: Option<crate::region::RegionCode>,
    period: Period,
    deadline_day: u8,
) -> Result<CompletenessView> {
    if matches!(actor.scope, Scope::Library { .. }) {
        return Err(Error::Forbidden);
    }
    let mut region = region;
    actor.narrow(&mut region, &mut None)?;
    let rows: Vec<_> = env
        .store
        .completeness(region.as_ref(), period, crate::monthly::deadlines(period, deadline_day))?
        .into_iter()
        .map(crate::monthly::CompletenessCounts::judged)
        .collect();
    let (expected, reported, on_time) =
        rows.iter().fold((0, 0, 0), |(e, r, o), c| (e + c.expected, r + c.reported, o + c.on_time));
    // Whom to call is for those who follow up: coordinators (UU 27/2022: only who needs it).
    let mut missing = env.store.missing_reports(region.as_ref(), period, 500)?;
    if !actor.role.is_coordinator() {
        for m in &mut missing {
            m.manager_name = None;
            m.phone = None;
        }
    }
    Ok(CompletenessView { region, rows, expected, reported, on_time, missing })
}
