//! The official region list: loading it once, counts, children and search.

use rusqlite::{OptionalExtension, Row, params};

use super::{SqliteStore, db_err, subtree};
use crate::regions_data;
use lentera_core::region::{Region, RegionCode, RegionKind, RegionLevel, RegionWithCount};
use lentera_core::store::RegionStore;
use lentera_core::text::fold;
use lentera_core::{Error, Result};

fn region_row(r: &Row) -> rusqlite::Result<Region> {
    let code: String = r.get(0)?;
    let kind: Option<String> = r.get(3)?;
    Ok(Region {
        code: RegionCode::parse(&code)
            .map_err(|_| rusqlite::Error::InvalidColumnType(0, "code".into(), rusqlite::types::Type::Text))?,
        name: r.get(1)?,
        level: RegionLevel::from_depth(r.get(2)?),
        kind: kind.as_deref().and_then(RegionKind::parse),
    })
}

impl SqliteStore {
    /// Loads the shipped region list when no region is stored yet; returns how many rows.
    pub fn load_regions_if_empty(&self) -> Result<usize> {
        let have: i64 = self.read(|c| c.query_row("SELECT count(*) FROM regions", [], |r| r.get(0)).map_err(db_err))?;
        if have > 0 {
            return Ok(0);
        }
        let rows = regions_data::rows()?;
        self.write(|tx| {
            let mut stmt = tx
                .prepare(
                    "INSERT INTO regions (code, parent_code, level, name, search_name, kind) VALUES (?, ?, ?, ?, ?, ?)",
                )
                .map_err(db_err)?;
            for r in &rows {
                let level = r.code.matches('.').count() as i64 + 1;
                stmt.execute(params![r.code, r.parent, level, r.name, fold(&r.name), r.kind.map(RegionKind::as_str)])
                    .map_err(db_err)?;
            }
            Ok(())
        })?;
        Ok(rows.len())
    }
}

impl RegionStore for SqliteStore {
    fn region_counts(&self) -> Result<Vec<(RegionLevel, i64)>> {
        self.read(|c| {
            let mut stmt =
                c.prepare("SELECT level, count(*) FROM regions GROUP BY level ORDER BY level").map_err(db_err)?;
            let rows = stmt
                .query_map([], |r| Ok((RegionLevel::from_depth(r.get(0)?), r.get(1)?)))
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(rows)
        })
    }

    fn region(&self, code: &RegionCode) -> Result<Option<Region>> {
        self.read(|c| {
            c.query_row("SELECT code, name, level, kind FROM regions WHERE code = ?", [code.as_str()], region_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn region_children(&self, parent: Option<&RegionCode>) -> Result<Vec<RegionWithCount>> {
        self.read(|c| {
            let mut stmt = c
                .prepare_cached(
                    "SELECT r.code, r.name, r.level, r.kind, COALESCE(k.n, 0)
                     FROM regions r LEFT JOIN region_library_counts k ON k.code = r.code
                     WHERE r.parent_code IS ?1 ORDER BY r.code",
                )
                .map_err(db_err)?;
            let rows = stmt
                .query_map(params![parent.map(|p| p.as_str())], |r| {
                    Ok(RegionWithCount { region: region_row(r)?, library_count: r.get(4)? })
                })
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(rows)
        })
    }

    fn search_regions(
        &self,
        q: &str,
        level: Option<RegionLevel>,
        within: Option<&RegionCode>,
        limit: i64,
    ) -> Result<Vec<Region>> {
        // Folded text holds only [a-z0-9 ]; anything else would be a LIKE pattern.
        if !q.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ') {
            return Err(Error::unexpected("region search text is not folded"));
        }
        self.read(|c| {
            let (lo, hi) = within.map(|w| subtree(w.as_str())).unwrap_or(("".into(), "~".into()));
            let mut stmt = c
                .prepare_cached(
                    "SELECT code, name, level, kind FROM regions
                     WHERE search_name LIKE '%' || ?1 || '%' AND (?2 IS NULL OR level = ?2) AND code >= ?3 AND code < ?4
                     ORDER BY (search_name = ?1) DESC, (search_name LIKE ?1 || '%') DESC, level, search_name, code
                     LIMIT ?5",
                )
                .map_err(db_err)?;
            let rows = stmt
                .query_map(params![q, level.map(RegionLevel::depth), lo, hi, limit], region_row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(rows)
        })
    }

    fn library_count_in(&self, region: Option<&RegionCode>) -> Result<i64> {
        let code = region.map(|r| r.as_str()).unwrap_or("");
        self.read(|c| {
            c.query_row("SELECT COALESCE((SELECT n FROM region_library_counts WHERE code = ?), 0)", [code], |r| {
                r.get(0)
            })
            .map_err(db_err)
        })
    }
}
