//! A library's year month by month: its monthly figures, its activities with photos and
//! stories, and the month's KPI colour.

use time::Date;

use crate::access::Actor;
use crate::activity::{Activity, ActivityFilter, Photo};
use crate::ids::LibraryId;
use crate::kpi::LibraryKpi;
use crate::library::PageRequest;
use crate::monthly::{MonthlyFilter, MonthlyReport, Period, ReportingDuty};
use crate::services::Env;
use crate::services::{activities, kpi, libraries, monthly};
use crate::{Error, Result};

pub struct TimelineMonth {
    pub period: Period,
    pub monthly: Option<MonthlyReport>,
    pub activities: Vec<(Activity, Vec<Photo>)>,
    pub kpi: Option<LibraryKpi>,
}

/// The months of `year` up to the current one, newest first, leaving out months with
/// nothing to show.
pub fn year(
    env: &Env,
    actor: &Actor,
    rules: &kpi::Rules,
    library_id: LibraryId,
    year: i32,
) -> Result<Vec<TimelineMonth>> {
    let lib = libraries::get(env, actor, library_id)?;
    let now = Period::of(env.today(lib.region_code.time_zone()));
    if !(2000..=now.year).contains(&year) {
        return Err(Error::field("tahun", "Tahun di luar jangkauan.", "Year out of range."));
    }
    let first = Date::from_calendar_date(year, time::Month::January, 1).map_err(Error::unexpected)?;
    let last = Date::from_calendar_date(year, time::Month::December, 31).map_err(Error::unexpected)?;
    let filter =
        ActivityFilter { library_id: Some(library_id), from: Some(first), to: Some(last), ..Default::default() };
    // A library holds at most a few hundred activities a year; take them in pages.
    let mut acts = Vec::new();
    for page in 1.. {
        let p = activities::list(
            env,
            actor,
            filter.clone(),
            PageRequest::new(Some(page), Some(PageRequest::MAX_PER_PAGE)),
        )?;
        let done = p.items.len() < PageRequest::MAX_PER_PAGE as usize;
        acts.extend(p.items);
        if done {
            break;
        }
    }
    let reports = monthly::list(
        env,
        actor,
        MonthlyFilter { library_id: Some(library_id), ..Default::default() },
        PageRequest::new(None, Some(PageRequest::MAX_PER_PAGE)),
    )?
    .items;
    let mut months = Vec::new();
    let mut period = if year == now.year { now } else { Period { year, month: 12 } };
    while period.year == year {
        let mut these: Vec<(Activity, Vec<Photo>)> = Vec::new();
        for a in acts.iter().filter(|a| Period::of(a.fields.start_date) == period) {
            these.push((a.clone(), env.store.photos(a.id)?));
        }
        let report = reports.iter().find(|r| r.period == period).cloned();
        let kpi = env
            .store
            .kpi_facts_of(&[library_id], period, &ReportingDuty::until(period))?
            .into_iter()
            .next()
            .map(|f| rules.judge(f, env.now()));
        if report.is_some() || !these.is_empty() || kpi.as_ref().is_some_and(|k| k.score.is_some()) {
            months.push(TimelineMonth { period, monthly: report, activities: these, kpi });
        }
        period = period.previous();
    }
    Ok(months)
}
