//! Monthly library figures: one report per library per month, entered beside the previous
//! months (their review is [`super::review`]'s), completeness and the libraries missing.

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::ids::LibraryId;
use crate::ids::MonthlyReportId;
use crate::library::{Page, PageRequest};
use crate::monthly::{MonthlyFigures, MonthlyFilter, MonthlyInput, MonthlyReport, Period, ReportingDuty};
use crate::services::{Env, libraries, review};
use crate::user::Scope;
use crate::{Error, FieldError, Result};

pub fn get(env: &Env, actor: &Actor, id: MonthlyReportId) -> Result<MonthlyReport> {
    review::get(env, actor, id)
}

pub fn list(env: &Env, actor: &Actor, mut filter: MonthlyFilter, page: PageRequest) -> Result<Page<MonthlyReport>> {
    actor.narrow(&mut filter.region, &mut filter.library_id)?;
    env.store.list_monthly(&filter, page)
}

/// The library's report of a month, if it has one (the form for a month it already reported
/// leads to that report).
pub fn of_period(env: &Env, actor: &Actor, library_id: LibraryId, period: Period) -> Result<Option<MonthlyReport>> {
    libraries::get(env, actor, library_id)?;
    env.store.monthly_by_period(library_id, period)
}

/// The library's months before `period`, newest first, shown beside the form's fields.
pub fn previous(env: &Env, actor: &Actor, library_id: LibraryId, period: Period, n: i64) -> Result<Vec<MonthlyReport>> {
    libraries::get(env, actor, library_id)?;
    env.store.recent_monthly(library_id, period, n)
}

/// A figure to compare with the library's history: field, its names, how to read it.
type OutlierCheck = (&'static str, &'static str, &'static str, fn(&MonthlyFigures) -> i64);

/// Warnings: visitors or loans more than three times the median of the last 12 months.
pub fn warnings(env: &Env, library_id: LibraryId, period: Period, f: &MonthlyFigures) -> Result<Vec<FieldError>> {
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
    library_id: LibraryId,
    client_id: Option<&str>,
    input: &MonthlyInput,
) -> Result<(MonthlyReport, bool)> {
    review::create_once(env, actor, library_id, client_id, |lib, client_id| {
        let (period, figures) = input.validate(Period::of(env.today(lib.region_code.time_zone())))?;
        let taken =
            || Error::Conflict(format!("Laporan bulan {period} untuk perpustakaan ini sudah ada; ubah laporan itu."));
        if env.store.monthly_by_period(library_id, period)?.is_some() {
            return Err(taken());
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
        env.store.insert_monthly(lib, client_id, period, &figures, now, audit).map_err(|e| match e {
            Error::Duplicate { .. } => taken(),
            other => other,
        })
    })
}

pub fn update(
    env: &Env,
    actor: &Actor,
    id: MonthlyReportId,
    expected_version: i64,
    input: &MonthlyInput,
) -> Result<MonthlyReport> {
    let (before, lib) = review::editable::<MonthlyReport>(env, actor, id)?;
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
    env.store.update_monthly(id, expected_version, &figures, now, audit).map_err(review::stale_edit)
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
        .completeness(
            region.as_ref(),
            period,
            &ReportingDuty::until(period),
            crate::monthly::deadlines(period, deadline_day),
        )?
        .into_iter()
        .map(crate::monthly::CompletenessCounts::judged)
        .collect();
    let (expected, reported, on_time) =
        rows.iter().fold((0, 0, 0), |(e, r, o), c| (e + c.expected, r + c.reported, o + c.on_time));
    // Whom to call is for those who follow up: coordinators (UU 27/2022: only who needs it).
    let mut missing = env.store.missing_reports(region.as_ref(), period, &ReportingDuty::until(period), 500)?;
    if !actor.role.is_coordinator() {
        for m in &mut missing {
            m.manager_name = None;
            m.phone = None;
        }
    }
    Ok(CompletenessView { region, rows, expected, reported, on_time, missing })
}
