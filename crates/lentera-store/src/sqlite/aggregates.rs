//! Report aggregates per region level and month (migration 0010): changed by the deltas the
//! core computes on approval and reopening, inside the same transaction; read by region code
//! (own rows) or by depth and code range (children).

use lentera_core::reporting::{AggregateDelta, ReportStatus};
use rusqlite::types::Value;
use rusqlite::{Row, Transaction, params, params_from_iter};

use super::{SqliteStore, db_err, period_at, region_at, subtree};
use lentera_core::Result;
use lentera_core::activity::Participants;
use lentera_core::indicators::{ActivityCell, ActivityCounts, MonthlyCounts};
use lentera_core::monthly::Period;
use lentera_core::region::{RegionCode, RegionLevel};
use lentera_core::store::AggregateStore;

/// The columns of `agg_activities` summed per row: the activities, the participants'
/// breakdown (its columns named as the core names its parts), stories and income.
fn activity_sums() -> Vec<&'static str> {
    let mut out = vec!["activities"];
    out.extend(Participants::FIELDS.map(|f| f.0));
    out.extend(["stories", "income_rupiah"]);
    out
}

const MONTHLY_SUMS: [&str; 8] = [
    "reports",
    "visitors_male",
    "visitors_female",
    "new_members",
    "total_members",
    "loans",
    "onsite_reading",
    "ict_users",
];

/// Adds a report's aggregate change (computed in the core) to its region's rows and those of
/// every region above it, up to the nation (`''`).
pub(crate) fn apply(tx: &Transaction, delta: &AggregateDelta) -> Result<()> {
    let (table, key, region, period, extra_key, counts): (&str, &str, &RegionCode, Period, Option<i64>, Vec<i64>) =
        match delta {
            AggregateDelta::Activity { region, period, category_id, counts: c } => (
                "agg_activities",
                "region, period, category_id",
                region,
                *period,
                Some(*category_id),
                [vec![c.activities], c.people.values().to_vec(), vec![c.stories, c.income_rupiah]].concat(),
            ),
            AggregateDelta::Monthly { region, period, counts: c } => (
                "agg_monthly",
                "region, period",
                region,
                *period,
                None,
                vec![
                    c.reports,
                    c.visitors_male,
                    c.visitors_female,
                    c.new_members,
                    c.total_members,
                    c.loans,
                    c.onsite_reading,
                    c.ict_users,
                ],
            ),
        };
    let sums: Vec<&str> = if extra_key.is_some() { activity_sums() } else { MONTHLY_SUMS.to_vec() };
    let updates = sums.iter().map(|c| format!("{c} = {c} + excluded.{c}")).collect::<Vec<_>>().join(", ");
    let keys = if extra_key.is_some() { "region, depth, period, category_id" } else { "region, depth, period" };
    let marks = vec!["?"; keys.split(", ").count() + sums.len()].join(", ");
    let mut stmt = tx
        .prepare_cached(&format!(
            "INSERT INTO {table} ({keys}, {}) VALUES ({marks}) ON CONFLICT ({key}) DO UPDATE SET {updates}",
            sums.join(", ")
        ))
        .map_err(db_err)?;
    let levels = std::iter::once((String::new(), 0)).chain(region.ancestry().into_iter().map(|c| {
        let depth = c.level().depth();
        (c.as_str().to_string(), depth)
    }));
    for (code, depth) in levels {
        let mut values: Vec<Value> = vec![code.into(), depth.into(), period.to_string().into()];
        values.extend(extra_key.map(Value::Integer));
        values.extend(counts.iter().map(|n| Value::Integer(*n)));
        stmt.execute(params_from_iter(values)).map_err(db_err)?;
    }
    Ok(())
}

/// Reads the columns of [`activity_sums`] starting at column `o`.
fn activity_counts(r: &Row, o: usize) -> rusqlite::Result<ActivityCounts> {
    let mut people = [0; 7];
    for (i, v) in people.iter_mut().enumerate() {
        *v = r.get(o + 1 + i)?;
    }
    Ok(ActivityCounts {
        activities: r.get(o)?,
        people: Participants::from_values(people),
        stories: r.get(o + 8)?,
        income_rupiah: r.get(o + 9)?,
    })
}

fn monthly_counts(r: &Row, o: usize) -> rusqlite::Result<MonthlyCounts> {
    Ok(MonthlyCounts {
        reports: r.get(o)?,
        visitors_male: r.get(o + 1)?,
        visitors_female: r.get(o + 2)?,
        new_members: r.get(o + 3)?,
        total_members: r.get(o + 4)?,
        loans: r.get(o + 5)?,
        onsite_reading: r.get(o + 6)?,
        ict_users: r.get(o + 7)?,
    })
}

fn sums(columns: &[&str]) -> String {
    columns.iter().map(|c| format!("sum({c})")).collect::<Vec<_>>().join(", ")
}

/// The depth of a region's children and the code range they lie in; a village has none,
/// and its range is empty.
fn children_of(parent: Option<&RegionCode>) -> (i64, String, String) {
    match parent {
        None => (1, String::new(), "\u{10FFFF}".into()),
        Some(p) if p.level() == RegionLevel::Village => (5, String::new(), String::new()),
        Some(p) => {
            let (lo, hi) = subtree(p.as_str());
            (p.level().depth() + 1, lo, hi)
        }
    }
}

impl AggregateStore for SqliteStore {
    fn activity_cells(&self, region: Option<&RegionCode>, from: Period, to: Period) -> Result<Vec<ActivityCell>> {
        let code = region.map(|r| r.as_str().to_string()).unwrap_or_default();
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT period, category_id, {} FROM agg_activities
                 WHERE region = ? AND period >= ? AND period <= ? ORDER BY period, category_id",
                activity_sums().join(", ")
            ))
            .map_err(db_err)?
            .query_map(params![code, from.to_string(), to.to_string()], |r| {
                Ok(ActivityCell { period: period_at(r, 0)?, category_id: r.get(1)?, counts: activity_counts(r, 2)? })
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn activity_by_child(
        &self,
        parent: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(RegionCode, ActivityCounts)>> {
        let (depth, lo, hi) = children_of(parent);
        let args: Vec<Value> = vec![depth.into(), from.to_string().into(), to.to_string().into(), lo.into(), hi.into()];
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT region, {} FROM agg_activities WHERE depth = ? AND period >= ? AND period <= ?
                 AND region >= ? AND region < ? GROUP BY region ORDER BY region",
                sums(&activity_sums())
            ))
            .map_err(db_err)?
            .query_map(params_from_iter(args.iter()), |r| Ok((region_at(r, 0)?, activity_counts(r, 1)?)))
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn activity_cells_by_child(
        &self,
        parent: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(RegionCode, ActivityCell)>> {
        let (depth, lo, hi) = children_of(parent);
        let args: Vec<Value> = vec![depth.into(), lo.into(), hi.into(), from.to_string().into(), to.to_string().into()];
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT region, period, category_id, {} FROM agg_activities
                 WHERE depth = ? AND region >= ? AND region < ? AND period >= ? AND period <= ?",
                activity_sums().join(", ")
            ))
            .map_err(db_err)?
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((
                    region_at(r, 0)?,
                    ActivityCell { period: period_at(r, 1)?, category_id: r.get(2)?, counts: activity_counts(r, 3)? },
                ))
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn monthly_cells(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(Period, MonthlyCounts)>> {
        let code = region.map(|r| r.as_str().to_string()).unwrap_or_default();
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT period, {} FROM agg_monthly WHERE region = ? AND period >= ? AND period <= ?
                 ORDER BY period",
                MONTHLY_SUMS.join(", ")
            ))
            .map_err(db_err)?
            .query_map(params![code, from.to_string(), to.to_string()], |r| {
                Ok((period_at(r, 0)?, monthly_counts(r, 1)?))
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn monthly_by_child(
        &self,
        parent: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(RegionCode, MonthlyCounts)>> {
        let (depth, lo, hi) = children_of(parent);
        let args: Vec<Value> = vec![depth.into(), from.to_string().into(), to.to_string().into(), lo.into(), hi.into()];
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT region, {} FROM agg_monthly WHERE depth = ? AND period >= ? AND period <= ?
                 AND region >= ? AND region < ? GROUP BY region ORDER BY region",
                sums(&MONTHLY_SUMS)
            ))
            .map_err(db_err)?
            .query_map(params_from_iter(args.iter()), |r| Ok((region_at(r, 0)?, monthly_counts(r, 1)?)))
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn rebuild_aggregates(&self) -> Result<()> {
        self.write(|tx| {
            // The status that counts is the core's (a fixed code, never input).
            let sql = include_str!("../../sql/rebuild_aggregates.sql")
                .replace(":counted", &format!("'{}'", ReportStatus::COUNTED.code()));
            tx.execute_batch(&sql).map_err(db_err)
        })
    }
}
