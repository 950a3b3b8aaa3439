//! The inputs of the IPLM index per regency (KTAK figures, approved reports, population) and
//! the officially published values.

use rusqlite::params;

use super::{SqliteStore, bad, db_err, region_at, write_audit};
use lentera_core::Result;
use lentera_core::activity::Participants;
use lentera_core::audit::AuditRecord;
use lentera_core::indicators::{ActivityCounts, MonthlyCounts};
use lentera_core::iplm::{Group, GroupInputs};
use lentera_core::library::{LibraryStatus, LibraryType};
use lentera_core::region::RegionCode;
use lentera_core::store::IplmStore;

impl IplmStore for SqliteStore {
    fn ktak_by_regency(&self, year: i32, status: LibraryStatus) -> Result<Vec<(RegionCode, LibraryType, GroupInputs)>> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT substr(l.region_code, 1, 5), l.library_type, count(*),
                        COALESCE(sum(k.collection_copies), 0), count(k.collection_copies),
                        COALESCE(sum(COALESCE(k.staff_librarians, 0) + COALESCE(k.staff_other, 0)), 0),
                        count(CASE WHEN k.staff_librarians IS NOT NULL OR k.staff_other IS NOT NULL THEN 1 END),
                        COALESCE(sum(k.members), 0), count(k.members), COALESCE(sum(k.visits), 0), count(k.visits)
                 FROM libraries l LEFT JOIN library_ktak k ON k.library_id = l.id AND k.year = ?1
                 WHERE l.status = ?2 GROUP BY 1, 2",
            )
            .map_err(db_err)?
            .query_map(params![year, status.code()], |r| {
                let t: String = r.get(1)?;
                Ok((
                    region_at(r, 0)?,
                    LibraryType::parse(&t).ok_or_else(|| bad(1))?,
                    GroupInputs {
                        libraries: r.get(2)?,
                        copies: r.get(3)?,
                        copies_given: r.get(4)?,
                        staff: r.get(5)?,
                        staff_given: r.get(6)?,
                        members: r.get(7)?,
                        members_given: r.get(8)?,
                        visits: r.get(9)?,
                        visits_given: r.get(10)?,
                    },
                ))
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn reports_by_regency(&self, year: i32) -> Result<Vec<(RegionCode, ActivityCounts, MonthlyCounts)>> {
        let (from, to) = (format!("{year:04}-01"), format!("{year:04}-12"));
        self.read(|c| {
            c.prepare_cached(
                "SELECT region, sum(a), sum(m), sum(f), sum(l), sum(i), sum(vm), sum(vf) FROM (
                   SELECT region, activities AS a, male AS m, female AS f, 0 AS l, 0 AS i, 0 AS vm, 0 AS vf
                     FROM agg_activities WHERE depth = 2 AND period >= ?1 AND period <= ?2
                   UNION ALL
                   SELECT region, 0, 0, 0, loans, ict_users, visitors_male, visitors_female
                     FROM agg_monthly WHERE depth = 2 AND period >= ?1 AND period <= ?2)
                 GROUP BY region",
            )
            .map_err(db_err)?
            .query_map(params![from, to], |r| {
                let people = Participants { male: r.get(2)?, female: r.get(3)?, ..Default::default() };
                let a = ActivityCounts { activities: r.get(1)?, people, ..Default::default() };
                let m = MonthlyCounts {
                    loans: r.get(4)?,
                    ict_users: r.get(5)?,
                    visitors_male: r.get(6)?,
                    visitors_female: r.get(7)?,
                    ..Default::default()
                };
                Ok((region_at(r, 0)?, a, m))
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn population(&self, year: i32) -> Result<Vec<(RegionCode, Group, i64)>> {
        self.read(|c| {
            c.prepare_cached("SELECT region_code, grp, people FROM population WHERE year = ? ORDER BY region_code")
                .map_err(db_err)?
                .query_map([year], |r| {
                    let g: String = r.get(1)?;
                    Ok((region_at(r, 0)?, Group::parse(&g).ok_or_else(|| bad(1))?, r.get(2)?))
                })
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }

    fn published_iplm(&self, year: i32) -> Result<Vec<(RegionCode, f64)>> {
        self.read(|c| {
            c.prepare_cached("SELECT region_code, value FROM iplm_published WHERE year = ?")
                .map_err(db_err)?
                .query_map([year], |r| Ok((region_at(r, 0)?, r.get(1)?)))
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }

    fn save_published_iplm(&self, rows: &[(RegionCode, i32, f64)], audit: AuditRecord) -> Result<usize> {
        self.write(|tx| {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO iplm_published (region_code, year, value) VALUES (?, ?, ?)
                     ON CONFLICT (region_code, year) DO UPDATE SET value = excluded.value",
                )
                .map_err(db_err)?;
            for (r, y, v) in rows {
                stmt.execute(params![r.as_str(), y, v]).map_err(db_err)?;
            }
            write_audit(tx, &audit, None)?;
            Ok(rows.len())
        })
    }

    fn save_population(&self, rows: &[(RegionCode, i32, Group, i64)], audit: AuditRecord) -> Result<usize> {
        self.write(|tx| {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO population (region_code, year, grp, people) VALUES (?, ?, ?, ?)
                     ON CONFLICT (region_code, year, grp) DO UPDATE SET people = excluded.people",
                )
                .map_err(db_err)?;
            for (r, y, g, n) in rows {
                stmt.execute(params![r.as_str(), y, g.code(), n]).map_err(db_err)?;
            }
            write_audit(tx, &audit, None)?;
            Ok(rows.len())
        })
    }
}
