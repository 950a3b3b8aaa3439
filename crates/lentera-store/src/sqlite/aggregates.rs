//! Report aggregates per region level and month (migration 0010): kept in step with approvals
//! inside the same transaction, read by region code (own rows) or by depth and code range
//! (children).

use rusqlite::types::Value;
use rusqlite::{Row, Transaction, params, params_from_iter};

use super::{SqliteStore, db_err, subtree};
use lentera_core::indicators::{ActivityCell, ActivityCounts, MonthlyCounts};
use lentera_core::monthly::Period;
use lentera_core::region::RegionCode;
use lentera_core::store::AggregateStore;
use lentera_core::{Error, Result};

/// Region code lengths of the levels: nation, province, regency, district, village.
const LEVELS: &str = "WITH levels(depth, len) AS (VALUES (0, 0), (1, 2), (2, 5), (3, 8), (4, 13))";

const ACTIVITY_SUMS: &str =
    "activities, male, female, children, teens, adults, elderly, disabled, stories, income_rupiah";

/// Adds (`sign` 1) or removes (-1) an activity report from the aggregates of its village and
/// every region above it.
pub(crate) fn apply_activity(tx: &Transaction, id: i64, sign: i64) -> Result<()> {
    let updates = ACTIVITY_SUMS.split(", ").map(|c| format!("{c} = {c} + excluded.{c}")).collect::<Vec<_>>().join(", ");
    tx.prepare_cached(&format!(
        "{LEVELS} INSERT INTO agg_activities (region, depth, period, category_id, {ACTIVITY_SUMS})
         SELECT substr(a.region_code, 1, l.len), l.depth, substr(a.start_date, 1, 7), a.category_id, ?1,
                ?1 * a.male, ?1 * a.female, ?1 * a.children, ?1 * a.teens, ?1 * a.adults, ?1 * a.elderly,
                ?1 * a.disabled, ?1 * (a.story IS NOT NULL), ?1 * COALESCE(a.income_rupiah, 0)
         FROM activities a CROSS JOIN levels l WHERE a.id = ?2
         ON CONFLICT (region, period, category_id) DO UPDATE SET {updates}"
    ))
    .map_err(db_err)?
    .execute(params![sign, id])
    .map_err(db_err)?;
    Ok(())
}

const MONTHLY_SUMS: &str =
    "reports, visitors_male, visitors_female, new_members, total_members, loans, onsite_reading, ict_users";

/// Adds or removes a month's figures from the aggregates of its village and the regions above.
pub(crate) fn apply_monthly(tx: &Transaction, id: i64, sign: i64) -> Result<()> {
    let updates = MONTHLY_SUMS.split(", ").map(|c| format!("{c} = {c} + excluded.{c}")).collect::<Vec<_>>().join(", ");
    tx.prepare_cached(&format!(
        "{LEVELS} INSERT INTO agg_monthly (region, depth, period, {MONTHLY_SUMS})
         SELECT substr(m.region_code, 1, l.len), l.depth, m.period, ?1, ?1 * m.visitors_male,
                ?1 * m.visitors_female, ?1 * m.new_members, ?1 * m.total_members, ?1 * m.loans,
                ?1 * m.onsite_reading, ?1 * m.ict_users
         FROM monthly_reports m CROSS JOIN levels l WHERE m.id = ?2
         ON CONFLICT (region, period) DO UPDATE SET {updates}"
    ))
    .map_err(db_err)?
    .execute(params![sign, id])
    .map_err(db_err)?;
    Ok(())
}

fn activity_counts(r: &Row, o: usize) -> rusqlite::Result<ActivityCounts> {
    Ok(ActivityCounts {
        activities: r.get(o)?,
        male: r.get(o + 1)?,
        female: r.get(o + 2)?,
        children: r.get(o + 3)?,
        teens: r.get(o + 4)?,
        adults: r.get(o + 5)?,
        elderly: r.get(o + 6)?,
        disabled: r.get(o + 7)?,
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

fn bad(i: usize) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(i, "aggregate".into(), rusqlite::types::Type::Text)
}

fn period_at(r: &Row, i: usize) -> rusqlite::Result<Period> {
    let s: String = r.get(i)?;
    Period::parse(&s).ok_or_else(|| bad(i))
}

fn code_at(r: &Row, i: usize) -> rusqlite::Result<RegionCode> {
    let s: String = r.get(i)?;
    RegionCode::parse(&s).map_err(|_| bad(i))
}

fn sums(columns: &str) -> String {
    columns.split(", ").map(|c| format!("sum({c})")).collect::<Vec<_>>().join(", ")
}

/// The depth of a region's children and the code range they lie in.
fn children_of(parent: Option<&RegionCode>) -> Result<(i64, String, String)> {
    Ok(match parent {
        None => (1, String::new(), "\u{10FFFF}".into()),
        Some(p) => {
            let depth = p.level().depth() + 1;
            if depth > 4 {
                return Err(Error::field(
                    "region",
                    "Desa tidak memiliki wilayah di bawahnya.",
                    "A village has no sub-regions.",
                ));
            }
            let (lo, hi) = subtree(p.as_str());
            (depth, lo, hi)
        }
    })
}

impl AggregateStore for SqliteStore {
    fn activity_cells(&self, region: Option<&RegionCode>, from: Period, to: Period) -> Result<Vec<ActivityCell>> {
        let code = region.map(|r| r.as_str().to_string()).unwrap_or_default();
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT period, category_id, {ACTIVITY_SUMS} FROM agg_activities
                 WHERE region = ? AND period >= ? AND period <= ? ORDER BY period, category_id"
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
        let (depth, lo, hi) = children_of(parent)?;
        let args: Vec<Value> = vec![depth.into(), from.to_string().into(), to.to_string().into(), lo.into(), hi.into()];
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT region, {} FROM agg_activities WHERE depth = ? AND period >= ? AND period <= ?
                 AND region >= ? AND region < ? GROUP BY region ORDER BY region",
                sums(ACTIVITY_SUMS)
            ))
            .map_err(db_err)?
            .query_map(params_from_iter(args.iter()), |r| Ok((code_at(r, 0)?, activity_counts(r, 1)?)))
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
        let (depth, lo, hi) = children_of(parent)?;
        let args: Vec<Value> = vec![depth.into(), lo.into(), hi.into(), from.to_string().into(), to.to_string().into()];
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT region, period, category_id, {ACTIVITY_SUMS} FROM agg_activities
                 WHERE depth = ? AND region >= ? AND region < ? AND period >= ? AND period <= ?"
            ))
            .map_err(db_err)?
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((
                    code_at(r, 0)?,
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
                "SELECT period, {MONTHLY_SUMS} FROM agg_monthly WHERE region = ? AND period >= ? AND period <= ?
                 ORDER BY period"
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
        let (depth, lo, hi) = children_of(parent)?;
        let args: Vec<Value> = vec![depth.into(), from.to_string().into(), to.to_string().into(), lo.into(), hi.into()];
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT region, {} FROM agg_monthly WHERE depth = ? AND period >= ? AND period <= ?
                 AND region >= ? AND region < ? GROUP BY region ORDER BY region",
                sums(MONTHLY_SUMS)
            ))
            .map_err(db_err)?
            .query_map(params_from_iter(args.iter()), |r| Ok((code_at(r, 0)?, monthly_counts(r, 1)?)))
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn rebuild_aggregates(&self) -> Result<()> {
        self.write(|tx| tx.execute_batch(include_str!("../../sql/rebuild_aggregates.sql")).map_err(db_err))
    }
}
