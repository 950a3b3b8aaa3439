//! Indicator figures for a region and a span of months, from the aggregates of approved
//! reports: totals, the months, the categories, and the child regions to rank and drill into.

use crate::access::Actor;
use crate::indicators::{ActivityCounts, MonthlyCounts};
use crate::monthly::Period;
use crate::region::RegionCode;
use crate::services::Env;
use crate::{Error, Result};

/// The longest span asked for at once (ten years of months).
pub const MAX_MONTHS: i64 = 120;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    pub region: Option<RegionCode>,
    pub from: Period,
    pub to: Period,
    pub activities: ActivityCounts,
    pub by_month: Vec<(Period, ActivityCounts)>,
    pub by_category: Vec<(i64, ActivityCounts)>,
    pub monthly: MonthlyCounts,
    pub monthly_by_month: Vec<(Period, MonthlyCounts)>,
    /// Child regions with their activity and monthly totals (none below a village).
    pub children: Vec<(RegionCode, ActivityCounts, MonthlyCounts)>,
}

fn months_between(from: Period, to: Period) -> i64 {
    i64::from(to.year - from.year) * 12 + i64::from(to.month) - i64::from(from.month) + 1
}

/// Every month from `from` to `to`, in order.
pub fn months(from: Period, to: Period) -> Vec<Period> {
    let mut out = Vec::new();
    let mut p = from;
    while p <= to {
        out.push(p);
        p = p.next();
    }
    out
}

/// A region's figures for the months from `from` to `to` (both included), within the actor's
/// scope; library-scoped accounts see their library's own pages instead.
pub fn summary(env: &Env, actor: &Actor, region: Option<RegionCode>, from: Period, to: Period) -> Result<Summary> {
    summarise(env, actor, region, from, to, true)
}

/// [`summary`] without the child regions (for comparisons with other spans).
pub fn totals(env: &Env, actor: &Actor, region: Option<RegionCode>, from: Period, to: Period) -> Result<Summary> {
    summarise(env, actor, region, from, to, false)
}

/// Refuses region codes that are not in the official list.
fn check_region(env: &Env, region: Option<&RegionCode>) -> Result<()> {
    match region {
        Some(r) if env.store.region(r)?.is_none() => {
            Err(Error::field("region", "Kode wilayah tidak dikenal.", "Unknown region code."))
        }
        _ => Ok(()),
    }
}

fn summarise(
    env: &Env,
    actor: &Actor,
    region: Option<RegionCode>,
    from: Period,
    to: Period,
    with_children: bool,
) -> Result<Summary> {
    check_region(env, region.as_ref())?;
    let (mut region, mut library) = (region, None);
    actor.narrow(&mut region, &mut library)?;
    if library.is_some() {
        return Err(Error::Forbidden);
    }
    let span = months_between(from, to);
    if !(1..=MAX_MONTHS).contains(&span) {
        return Err(Error::field(
            "to",
            "Rentang bulan tidak valid (1–120 bulan, akhir tidak sebelum awal).",
            "Invalid span of months (1–120, the end not before the start).",
        ));
    }
    let cells = env.store.activity_cells(region.as_ref(), from, to)?;
    let mut activities = ActivityCounts::default();
    let mut by_month: Vec<(Period, ActivityCounts)> =
        months(from, to).into_iter().map(|p| (p, Default::default())).collect();
    let mut by_category: Vec<(i64, ActivityCounts)> = Vec::new();
    for c in &cells {
        activities += c.counts;
        if let Some((_, m)) = by_month.iter_mut().find(|(p, _)| *p == c.period) {
            *m += c.counts;
        }
        match by_category.iter_mut().find(|(id, _)| *id == c.category_id) {
            Some((_, t)) => *t += c.counts,
            None => by_category.push((c.category_id, c.counts)),
        }
    }
    by_category.sort_by_key(|(_, t)| -t.activities);
    let monthly_cells = env.store.monthly_cells(region.as_ref(), from, to)?;
    let mut monthly = MonthlyCounts::default();
    for (_, m) in &monthly_cells {
        monthly += *m;
    }
    let monthly_by_month = months(from, to)
        .into_iter()
        .map(|p| (p, monthly_cells.iter().find(|(q, _)| *q == p).map(|(_, m)| *m).unwrap_or_default()))
        .collect();
    let children = match region.as_ref().map(|r| r.level()) {
        _ if !with_children => Vec::new(),
        Some(crate::region::RegionLevel::Village) => Vec::new(),
        _ => {
            let acts = env.store.activity_by_child(region.as_ref(), from, to)?;
            let mons = env.store.monthly_by_child(region.as_ref(), from, to)?;
            let mut codes: Vec<RegionCode> =
                acts.iter().map(|(c, _)| c.clone()).chain(mons.iter().map(|(c, _)| c.clone())).collect();
            codes.sort_by(|a, b| a.as_str().cmp(b.as_str()));
            codes.dedup();
            codes
                .into_iter()
                .map(|c| {
                    let a = acts.iter().find(|(x, _)| *x == c).map(|(_, v)| *v).unwrap_or_default();
                    let m = mons.iter().find(|(x, _)| *x == c).map(|(_, v)| *v).unwrap_or_default();
                    (c, a, m)
                })
                .collect()
        }
    };
    Ok(Summary { region, from, to, activities, by_month, by_category, monthly, monthly_by_month, children })
}

/// A pivot table of a region's approved activities for the months: rows by child region,
/// month, quarter, year or category; columns and values as the spec says.
pub fn pivot(
    env: &Env,
    actor: &Actor,
    region: Option<RegionCode>,
    from: Period,
    to: Period,
    spec: &crate::pivot::PivotSpec,
    lang: crate::i18n::Lang,
) -> Result<(Option<RegionCode>, crate::pivot::Pivot)> {
    use crate::pivot::{Counts, Fact, RowDim, pivot};
    spec.check()?;
    check_region(env, region.as_ref())?;
    let (mut region, mut library) = (region, None);
    actor.narrow(&mut region, &mut library)?;
    if library.is_some() {
        return Err(Error::Forbidden);
    }
    if !(1..=MAX_MONTHS).contains(&months_between(from, to)) {
        return Err(Error::field("to", "Rentang bulan tidak valid (1–120 bulan).", "Invalid span of months (1–120)."));
    }
    if spec.rows == RowDim::Region && region.as_ref().is_some_and(|r| r.level() == crate::region::RegionLevel::Village)
    {
        return Err(Error::field("baris", "Desa tidak memiliki wilayah di bawahnya.", "A village has no sub-regions."));
    }
    let names: Vec<(String, String)> = crate::services::regions::children(env, region.as_ref().map(|r| r.as_str()))?
        .into_iter()
        .map(|c| (c.region.code.to_string(), c.region.name))
        .collect();
    let name =
        |code: &str| names.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()).unwrap_or_else(|| code.to_string());
    if spec.measure.source() == crate::catalogue::Source::Advocacy {
        let amounts = advocacy_amounts(env, region.as_ref(), from, to, spec, lang)?;
        let facts: Vec<Fact> = amounts
            .iter()
            .map(|(r, period, source, v)| Fact {
                region: r,
                period: *period,
                category: source,
                counts: Counts::Amount(*v),
            })
            .collect();
        return Ok((region.clone(), pivot(spec, &facts, &name, lang)?));
    }
    let categories = crate::services::lists::items(env, crate::lists::ManagedList::ActivityCategory, true)?;
    let category = |id: i64| categories.iter().find(|c| c.id == id).map(|c| c.name.as_str()).unwrap_or("?");
    let cells: Vec<(String, crate::indicators::ActivityCell)> = if spec.rows == RowDim::Region {
        env.store
            .activity_cells_by_child(region.as_ref(), from, to)?
            .into_iter()
            .map(|(r, c)| (r.to_string(), c))
            .collect()
    } else {
        let own = region.as_ref().map(|r| r.to_string()).unwrap_or_default();
        env.store.activity_cells(region.as_ref(), from, to)?.into_iter().map(|c| (own.clone(), c)).collect()
    };
    let facts: Vec<Fact> = cells
        .iter()
        .map(|(r, c)| Fact {
            region: r,
            period: c.period,
            category: category(c.category_id),
            counts: Counts::Activities(&c.counts),
        })
        .collect();
    Ok((region.clone(), pivot(spec, &facts, &name, lang)?))
}

/// One advocacy measure's amounts as (region row, period, funding source's name, amount):
/// the region is the child region holding the owner when rows are regions; budgets count
/// in January of their year.
fn advocacy_amounts(
    env: &Env,
    region: Option<&RegionCode>,
    from: Period,
    to: Period,
    spec: &crate::pivot::PivotSpec,
    lang: crate::i18n::Lang,
) -> Result<Vec<(String, Period, String, i64)>> {
    use crate::catalogue::Measure;
    let members = crate::library::ProgrammeLibraries::expected_to_report(to.year);
    let f = env.store.advocacy_facts(region, from, to, members)?;
    let child_len = crate::region::child_code_len(region);
    let own = region.map(|r| r.to_string()).unwrap_or_default();
    let row_of = |r: &RegionCode| match spec.rows {
        crate::pivot::RowDim::Region => r.as_str().get(..child_len).unwrap_or(r.as_str()).to_string(),
        _ => own.clone(),
    };
    let today = env.today(crate::region::TimeZone::Wib);
    let source_name =
        |s: Option<crate::workplan::FundingSource>| s.map(|s| s.label(lang).to_string()).unwrap_or_default();
    let one = |(r, p): &(RegionCode, Period)| (row_of(r), *p, String::new(), 1);
    Ok(match spec.measure {
        Measure::Advocacy => f.advocacy.iter().map(one).collect(),
        Measure::RegulationsEnacted => f.regulations_enacted.iter().map(one).collect(),
        Measure::CommitmentsMade => f.commitments.iter().map(|(r, p, _)| (row_of(r), *p, String::new(), 1)).collect(),
        Measure::CommitmentsKept => f
            .commitments
            .iter()
            .filter(|(_, _, c)| c.is_kept(today))
            .map(|(r, p, _)| (row_of(r), *p, String::new(), 1))
            .collect(),
        Measure::CommitmentsKeptRupiah => f
            .commitments
            .iter()
            .filter(|(_, _, c)| c.kept_amount() > 0)
            .map(|(r, p, c)| (row_of(r), *p, source_name(c.source), c.kept_amount()))
            .collect(),
        _ => f
            .budget_approved
            .iter()
            .map(|b| (row_of(&b.region), Period { year: b.year, month: 1 }, source_name(Some(b.source)), b.rupiah))
            .collect(),
    })
}

/// The region's months as DHIS2 data values (the region narrowed to the actor's scope).
pub fn dhis2(
    env: &Env,
    actor: &Actor,
    mapping: &crate::dhis2::Mapping,
    region: Option<RegionCode>,
    from: Period,
    to: Period,
) -> Result<crate::dhis2::DataValueSet> {
    let s = totals(env, actor, region, from, to)?;
    let months: Vec<_> = s.by_month.iter().zip(&s.monthly_by_month).map(|((p, a), (_, m))| (*p, *a, *m)).collect();
    let code = s.region.as_ref().map(|r| r.to_string()).unwrap_or_default();
    let members = crate::library::ProgrammeLibraries::expected_to_report(to.year);
    let facts = env.store.advocacy_facts(s.region.as_ref(), from, to, members)?;
    let advocacy = crate::dhis2::advocacy_values(&facts, env.today(crate::region::TimeZone::Wib));
    Ok(crate::dhis2::DataValueSet { data_values: crate::dhis2::data_values(mapping, &code, &months, &advocacy) })
}

/// Counts below this are published as "<5": small numbers in a small place can point at a
/// person (UU 27/2022).
pub const SUPPRESS_BELOW: i64 = 5;

/// A published count: the number, or suppressed when small (but not zero).
pub fn open_count(n: i64) -> Option<i64> {
    (n == 0 || n >= SUPPRESS_BELOW).then_some(n)
}

/// Aggregates for the public open-data page: no scope (aggregates only), no names.
pub fn open_summary(env: &Env, region: Option<RegionCode>, from: Period, to: Period) -> Result<Summary> {
    let public = Actor { name: "data-terbuka".into(), user_id: None, ..Actor::operator() };
    summary(env, &public, region, from, to)
}

/// Advocacy figures for the public open-data page: per child region and for the region
/// itself (aggregates only, like [`open_summary`]).
pub fn open_advocacy(
    env: &Env,
    region: Option<&RegionCode>,
    from: Period,
    to: Period,
) -> Result<(std::collections::BTreeMap<String, crate::advocacy::AdvocacyTotals>, crate::advocacy::AdvocacyTotals)> {
    use crate::advocacy::AdvocacyTotals;
    check_region(env, region)?;
    let members = crate::library::ProgrammeLibraries::expected_to_report(to.year);
    let facts = env.store.advocacy_facts(region, from, to, members)?;
    let total = AdvocacyTotals::by_region(&facts, 0).remove("").unwrap_or_default();
    Ok((AdvocacyTotals::by_region(&facts, crate::region::child_code_len(region)), total))
}

/// A span of months from the dashboard's inputs: `periode` as `2024` (the year),
/// `2024-Q2` (a quarter) or `2024-05` (a month), or `dari`/`sampai` as `YYYY-MM`; by
/// default the twelve months up to the last one.
fn blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

pub fn parse_span(
    periode: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    today: time::Date,
) -> Result<(Period, Period)> {
    let bad = || {
        Error::field(
            "periode",
            "Periode tidak dikenal (mis. 2024, 2024-Q2, 2024-05).",
            "Unknown period (e.g. 2024, 2024-Q2, 2024-05).",
        )
    };
    if let Some(p) = blank(periode) {
        if let Some(month) = Period::parse(p) {
            return Ok((month, month));
        }
        if let Some((y, q)) = p.split_once(['-', ' ']).filter(|(_, q)| q.starts_with(['Q', 'q'])) {
            let year: i32 = y.parse().map_err(|_| bad())?;
            let q: u8 = q[1..].parse().ok().filter(|q| (1..=4).contains(q)).ok_or_else(bad)?;
            return Ok((Period { year, month: q * 3 - 2 }, Period { year, month: q * 3 }));
        }
        let year: i32 = p.parse().ok().filter(|y| (2000..=2200).contains(y)).ok_or_else(bad)?;
        return Ok((Period { year, month: 1 }, Period { year, month: 12 }));
    }
    let last = Period::of(today).previous();
    let parse = |s: &str| crate::monthly::require_period(s);
    let to = blank(to).map(parse).transpose()?.unwrap_or(last);
    let from = match blank(from) {
        Some(f) => parse(f)?,
        None => {
            let mut p = to;
            for _ in 0..11 {
                p = p.previous();
            }
            p
        }
    };
    Ok((from, to))
}

/// A region (blank: the nation) and a span from the inputs pages and the API share, the
/// default span ending the month before `today`.
pub fn region_and_span(
    today: time::Date,
    region: Option<&str>,
    periode: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<RegionCode>, Period, Period)> {
    let (from, to) = parse_span(periode, from, to, today)?;
    let region = blank(region).map(RegionCode::parse).transpose()?;
    Ok((region, from, to))
}

/// The span of the same length just before.
pub fn previous_span(from: Period, to: Period) -> (Period, Period) {
    let n = months_between(from, to);
    let mut p = from;
    for _ in 0..n {
        p = p.previous();
    }
    (p, from.previous())
}

/// The same span a year earlier.
/// Whether the span before and the same span a year before are one and the same (a span of
/// twelve months): pages then show a single comparison instead of two identical columns.
pub fn one_comparison(from: Period, to: Period) -> bool {
    previous_span(from, to) == year_before(from, to)
}

pub fn year_before(from: Period, to: Period) -> (Period, Period) {
    (Period { year: from.year - 1, ..from }, Period { year: to.year - 1, ..to })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans() {
        let today = time::macros::date!(2026 - 11 - 21);
        let p = |y, m| Period { year: y, month: m };
        assert_eq!(parse_span(Some("2024"), None, None, today).unwrap(), (p(2024, 1), p(2024, 12)));
        assert_eq!(parse_span(Some("2024-Q2"), None, None, today).unwrap(), (p(2024, 4), p(2024, 6)));
        assert_eq!(parse_span(Some("2024-05"), None, None, today).unwrap(), (p(2024, 5), p(2024, 5)));
        assert_eq!(parse_span(None, None, None, today).unwrap(), (p(2025, 11), p(2026, 10)));
        assert_eq!(parse_span(None, Some("2026-01"), Some("2026-03"), today).unwrap(), (p(2026, 1), p(2026, 3)));
        assert!(parse_span(Some("2024-Q5"), None, None, today).is_err());
        assert!(parse_span(Some("kemarin"), None, None, today).is_err());
        assert_eq!(previous_span(p(2026, 1), p(2026, 3)), (p(2025, 10), p(2025, 12)));
        assert_eq!(year_before(p(2026, 1), p(2026, 3)), (p(2025, 1), p(2025, 3)));
        assert_eq!(months(p(2025, 11), p(2026, 2)).len(), 4);
    }
}
