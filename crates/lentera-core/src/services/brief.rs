//! Gathers a library's advocacy brief from approved figures only: the plan in force (needs,
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
    let to = Period::of(today).previous();
    let from = {
        let mut p = to;
        for _ in 0..11 {
            p = p.previous();
        }
        p
    };

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
            story = Some((a.fields.title.clone(), s.clone()));
        }
        Ok(())
    })?;

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
        Some(r) => {
            let name = store.region(r)?.map(|x| x.name);
            let members: i64 = store
                .programme_counts(Some(r), ProgrammeLibraries::members(), false)?
                .iter()
                .map(|c| c.libraries)
                .sum();
            let activities = indicators::open_summary(env, Some(r.clone()), from, to)?.activities.activities;
            (name, (members > 0).then(|| activities as f64 / members as f64))
        }
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
        leveraged,
        partners,
        kpi,
        regency_average,
    })
}
