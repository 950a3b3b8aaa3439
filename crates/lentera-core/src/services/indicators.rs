//! Indicator figures for a region and a span of months, from the aggregates of approved
//! reports: totals, the months, the categories, and the child regions to rank and drill into.

use crate::access::Actor;
use crate::indicators::{ActivityCounts, MonthlyCounts};
use crate::monthly::Period;
use crate::region::RegionCode;
use crate::store::Store;
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
pub fn summary(
    store: &dyn Store,
    actor: &Actor,
    region: Option<RegionCode>,
    from: Period,
    to: Period,
) -> Result<Summary> {
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
    let cells = store.activity_cells(region.as_ref(), from, to)?;
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
    let monthly_cells = store.monthly_cells(region.as_ref(), from, to)?;
    let mut monthly = MonthlyCounts::default();
    for (_, m) in &monthly_cells {
        monthly += *m;
    }
    let monthly_by_month = months(from, to)
        .into_iter()
        .map(|p| (p, monthly_cells.iter().find(|(q, _)| *q == p).map(|(_, m)| *m).unwrap_or_default()))
        .collect();
    let children = match region.as_ref().map(|r| r.level()) {
        Some(crate::region::RegionLevel::Village) => Vec::new(),
        _ => {
            let acts = store.activity_by_child(region.as_ref(), from, to)?;
            let mons = store.monthly_by_child(region.as_ref(), from, to)?;
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
