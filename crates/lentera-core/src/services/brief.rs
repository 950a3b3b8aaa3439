//! Gathers the advocacy briefs, of a library and of a regency/city or province, from
//! approved figures only. A library's: the plan in force (needs,
//! asks), approved activities of the last twelve months, money approved for its plans,
//! partners, the KPI colour of the last complete month, the regency's average. Public by
//! design (it is shared with budget holders and behind a QR code): it holds no personal data.

use crate::activity::ActivityFilter;
use crate::brief::{Audience, Brief, Reach, ask, default_message};
use crate::library::{PageRequest, ProgrammeLibraries};
use crate::monthly::{Period, ReportingDuty};
use crate::region::RegionCode;
use crate::reporting::ReportStatus;
use crate::services::kpi::Rules;
use crate::services::{Env, indicators};
use crate::workplan::{FundingSource, WorkPlan, WorkPlanFilter};
use crate::{Error, Result};

/// The twelve complete months before `today`.
fn last_twelve_months(today: time::Date) -> (Period, Period) {
    let to = Period::of(today).previous();
    let mut from = to;
    for _ in 0..11 {
        from = from.previous();
    }
    (from, to)
}

/// Approved activities per programme library of a region (the nation for `None`).
fn per_library(env: &Env, region: Option<&RegionCode>, from: Period, to: Period) -> Result<Option<f64>> {
    let members: i64 =
        env.store.programme_counts(region, ProgrammeLibraries::members(), false)?.iter().map(|c| c.libraries).sum();
    let activities = indicators::open_summary(env, region.cloned(), from, to)?.activities.activities;
    Ok((members > 0).then(|| activities as f64 / members as f64))
}

/// The brief of a regency/city or a province for an audience and a budget year (default:
/// next year).
pub fn of_region(
    env: &Env,
    rules: &Rules,
    code: &RegionCode,
    audience: Audience,
    budget_year: Option<i32>,
) -> Result<crate::brief::RegionBrief> {
    use crate::region::RegionLevel;
    let store = env.store.as_ref();
    let region = store.region(code)?.ok_or(Error::NotFound)?;
    if !matches!(region.level, RegionLevel::Province | RegionLevel::Regency) {
        return Err(Error::NotFound);
    }
    let today = env.today(region.time_zone());
    let (from, to) = last_twelve_months(today);
    let budget_year = budget_year.unwrap_or(today.year() + 1);
    let parent = code.parent();
    let parent_name = match &parent {
        Some(p) => store.region(p)?.map(|r| r.name),
        None => None,
    };

    let summary = indicators::open_summary(env, Some(code.clone()), from, to)?;
    let a = &summary.activities;
    let reach =
        Reach { activities: a.activities, male: a.people.male, female: a.people.female, disabled: a.people.disabled };
    let trend = summary.by_month.iter().map(|(p, c)| (*p, c.activities, c.participants())).collect();

    let recent = store.advocacy_facts(Some(code), from, to, ProgrammeLibraries::members())?;
    let promises = crate::advocacy::PromisesKept::of(recent.commitments.iter().map(|(_, _, c)| c), today);
    let years = store.advocacy_facts(
        Some(code),
        Period { year: 2018, month: 1 },
        Period { year: budget_year, month: 12 },
        ProgrammeLibraries::expected_to_report(budget_year),
    )?;
    let mut leveraged: Vec<(FundingSource, i64)> = Vec::new();
    for b in &years.budget_approved {
        match leveraged.iter_mut().find(|(s, _)| *s == b.source) {
            Some((_, sum)) => *sum += b.rupiah,
            None => leveraged.push((b.source, b.rupiah)),
        }
    }
    leveraged.sort_by_key(|(s, _)| FundingSource::ALL.iter().position(|x| x == s));
    let libraries = years.plans.len() as i64;

    let public = crate::access::Actor { name: "ringkasan".into(), user_id: None, ..crate::access::Actor::operator() };
    let kpi = crate::services::kpi::region(env, &public, rules, Some(code.clone()), to)?.total;
    let plans = store.region_plan_summary(Some(code), budget_year)?;
    let calendar = store.budget_calendar()?;
    Ok(crate::brief::RegionBrief {
        message: crate::brief::region_message(&region.name, libraries),
        parent_name,
        audience,
        budget_year,
        from,
        to,
        libraries,
        plans_approved: years.plans.iter().filter(|(_, approved)| *approved).count() as i64,
        reach,
        trend,
        advocacy: recent.advocacy.len() as i64,
        promises,
        regulations_enacted: recent.regulations_enacted.len() as i64,
        partnerships_active: recent.partnerships_active.len() as i64,
        leveraged,
        kpi: (kpi.green, kpi.yellow, kpi.red),
        average: per_library(env, Some(code), from, to)?,
        parent_average: per_library(env, parent.as_ref(), from, to)?,
        ask: crate::brief::region_ask(&plans.by_source, audience, &calendar, budget_year, today),
        region,
    })
}

/// The library's brief for an audience and a budget year (default: next year when it has an
/// approved plan for it, else this year).
pub fn of_library(
    env: &Env,
    rules: &Rules,
    library_id: crate::ids::LibraryId,
    audience: Audience,
    budget_year: Option<i32>,
) -> Result<Brief> {
    let store = env.store.as_ref();
    let library = store.library(library_id)?.ok_or(Error::NotFound)?;
    let today = env.today(library.region_code.time_zone());
    let (from, to) = last_twelve_months(today);

    // Approved plans, the latest approved revision of each year.
    let approved = store
        .list_work_plans(
            &WorkPlanFilter {
                library_id: Some(library_id),
                status: Some(ReportStatus::Approved),
                ..Default::default()
            },
            PageRequest::new(None, Some(PageRequest::MAX_PER_PAGE)),
        )?
        .items;
    let mut in_force: Vec<WorkPlan> = Vec::new();
    for p in approved {
        if !in_force.iter().any(|q| q.year == p.year) {
            in_force.push(p); // listed newest revision first within a year
        }
    }
    let budget_year = budget_year.unwrap_or_else(|| {
        if in_force.iter().any(|p| p.year == today.year() + 1) { today.year() + 1 } else { today.year() }
    });
    let plan = in_force.iter().find(|p| p.year == budget_year);

    let mut leveraged: Vec<(FundingSource, i64)> = Vec::new();
    for line in in_force.iter().flat_map(|p| &p.content.lines) {
        if let Some(a) = line.approved.filter(|a| *a > 0) {
            match leveraged.iter_mut().find(|(s, _)| *s == line.source) {
                Some((_, sum)) => *sum += a,
                None => leveraged.push((line.source, a)),
            }
        }
    }
    leveraged.sort_by_key(|(s, _)| FundingSource::ALL.iter().position(|x| x == s));

    // Approved activities of the twelve months.
    let mut reach = Reach::default();
    let mut trend: Vec<(Period, i64, i64)> = indicators::months(from, to).into_iter().map(|p| (p, 0, 0)).collect();
    let mut story = None;
    let filter = ActivityFilter {
        library_id: Some(library_id),
        status: Some(ReportStatus::COUNTED),
        from: Some(from.first_day()),
        to: Some(to.last_day()),
        ..Default::default()
    };
    store.each_activity(&filter, &mut |a| {
        let p = &a.fields.participants;
        reach.activities += 1;
        reach.male += p.male;
        reach.female += p.female;
        reach.disabled += p.disabled;
        if let Some(m) = trend.iter_mut().find(|m| m.0 == Period::of(a.fields.start_date)) {
            m.1 += 1;
            m.2 += p.total();
        }
        if story.is_none()
            && a.fields.story_consent
            && let Some(s) = &a.fields.story
        {
            story = Some((a.id, a.fields.title.clone(), s.clone()));
        }
        Ok(())
    })?;

    let story_photo = match &story {
        Some((id, _, _)) => store.photos(*id)?.into_iter().next().map(|p| p.name),
        None => None,
    };
    let story = story.map(|(_, title, text)| (title, text));

    let mut partners: Vec<String> = store
        .stakeholders_for(Some(library_id), &library.region_code)?
        .into_iter()
        .filter(|s| s.owner.library_id == Some(library_id) && s.role == crate::advocacy::StakeholderRole::Partner)
        .map(|s| s.position.unwrap_or_else(|| s.kind.label(crate::i18n::Lang::Id).to_string()))
        .collect();
    partners.sort();
    partners.dedup();
    partners.truncate(6);

    let kpi = store
        .kpi_facts_of(&[library_id], to, &ReportingDuty::until(to))?
        .into_iter()
        .next()
        .and_then(|f| rules.judge(f, env.now()).score);

    let regency = library.region_code.as_str().get(..5).and_then(|c| RegionCode::parse(c).ok());
    let (regency_name, regency_average) = match &regency {
        Some(r) => (store.region(r)?.map(|x| x.name), per_library(env, Some(r), from, to)?),
        None => (None, None),
    };

    let calendar = env.store.budget_calendar()?;
    Ok(Brief {
        message: plan.and_then(|p| p.content.summary.clone()).unwrap_or_else(|| default_message(&library.name)),
        needs: plan.map(|p| p.content.needs.iter().take(3).cloned().collect()).unwrap_or_default(),
        ask: plan.and_then(|p| ask(&p.content, audience, &calendar, budget_year, today)),
        plan_approved: plan.is_some(),
        library,
        regency_name,
        audience,
        budget_year,
        from,
        to,
        reach,
        trend,
        story,
        story_photo,
        leveraged,
        partners,
        kpi,
        regency_average,
    })
}
