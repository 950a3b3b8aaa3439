//! Monthly library figures: rows, edits, completeness per region and the libraries missing,
//! the KTAK figures derived from the counted months (status changes go through `review.rs`).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use super::{SqliteStore, bad, db_err, id_at, subtree, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::ids::{LibraryId, MonthlyReportId};
use lentera_core::library::{Library, Page, PageRequest};
use lentera_core::monthly::{MonthlyFigures, MonthlyFilter, MonthlyReport, Period, ReportingDuty};
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::store::MonthlyStore;
use lentera_core::{Error, Result};

const FIGURES: [&str; 11] = [
    "visitors_male",
    "visitors_female",
    "new_members",
    "total_members",
    "loans",
    "onsite_reading",
    "ict_users",
    "collection_titles",
    "collection_copies",
    "staff_librarians",
    "staff_other",
];

fn columns() -> String {
    format!(
        "m.id, m.client_id, m.library_id, l.name, m.region_code, m.period, m.status, m.review_comment, m.submitted_at,
         m.created_at, m.updated_at, m.version, {}",
        FIGURES.map(|f| format!("m.{f}")).join(", ")
    )
}
const FROM: &str = "monthly_reports m JOIN libraries l ON l.id = m.library_id";

fn row(r: &Row) -> rusqlite::Result<MonthlyReport> {
    let region: String = r.get(4)?;
    let period: String = r.get(5)?;
    let status: String = r.get(6)?;
    let v = |i: usize| r.get::<_, i64>(12 + i);
    Ok(MonthlyReport {
        id: id_at(r, 0)?,
        client_id: r.get(1)?,
        library_id: id_at(r, 2)?,
        library_name: r.get(3)?,
        region_code: RegionCode::parse(&region).map_err(|_| bad(4))?,
        period: Period::parse(&period).ok_or_else(|| bad(5))?,
        status: ReportStatus::parse(&status).ok_or_else(|| bad(6))?,
        review_comment: r.get(7)?,
        submitted_at: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        version: r.get(11)?,
        figures: MonthlyFigures {
            visitors_male: v(0)?,
            visitors_female: v(1)?,
            new_members: v(2)?,
            total_members: v(3)?,
            loans: v(4)?,
            onsite_reading: v(5)?,
            ict_users: v(6)?,
            collection_titles: v(7)?,
            collection_copies: v(8)?,
            staff_librarians: v(9)?,
            staff_other: v(10)?,
        },
    })
}

fn one(c: &rusqlite::Connection, cond: &str, p: &[Value]) -> Result<Option<MonthlyReport>> {
    c.prepare_cached(&format!("SELECT {} FROM {FROM} WHERE {cond}", columns()))
        .map_err(db_err)?
        .query_row(params_from_iter(p), row)
        .optional()
        .map_err(db_err)
}

/// Derives a library's KTAK figures for a year again from its counted months (the rule is
/// the core's [`lentera_core::monthly::ktak_of_year`]); when none is left, figures derived
/// earlier are withdrawn and figures entered by hand stay.
pub(crate) fn refresh_ktak(tx: &Transaction, library_id: LibraryId, year: i32) -> Result<()> {
    let library_id = library_id.get();
    let months = tx
        .prepare_cached(&format!(
            "SELECT {} FROM {FROM} WHERE m.library_id = ? AND m.period >= ? AND m.period <= ? AND m.status = ?",
            columns()
        ))
        .map_err(db_err)?
        .query_map(
            params![library_id, format!("{year:04}-01"), format!("{year:04}-12"), ReportStatus::COUNTED.code()],
            row,
        )
        .map_err(db_err)?
        .map(|r| r.map(|m| (m.period, m.figures)))
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(db_err)?;
    match lentera_core::monthly::ktak_of_year(year, &months) {
        None => {
            tx.execute(
                "DELETE FROM library_ktak WHERE library_id = ? AND year = ? AND from_monthly = 1",
                params![library_id, year],
            )
            .map_err(db_err)?;
        }
        Some(k) => {
            tx.execute(
                "INSERT INTO library_ktak (library_id, year, collection_titles, collection_copies, staff_librarians,
                   staff_other, members, visits, from_monthly) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
                 ON CONFLICT (library_id, year) DO UPDATE SET collection_titles = excluded.collection_titles,
                   collection_copies = excluded.collection_copies, staff_librarians = excluded.staff_librarians,
                   staff_other = excluded.staff_other, members = excluded.members, visits = excluded.visits,
                   from_monthly = 1",
                params![
                    library_id,
                    year,
                    k.collection_titles,
                    k.collection_copies,
                    k.staff_librarians,
                    k.staff_other,
                    k.members,
                    k.visits
                ],
            )
            .map_err(db_err)?;
        }
    }
    Ok(())
}

/// A new month's row: who, when, what, in which state. Returns the new id.
pub(super) struct NewMonth<'a> {
    pub(super) client_id: Option<&'a str>,
    pub(super) library_id: LibraryId,
    pub(super) region: &'a RegionCode,
    pub(super) period: Period,
    pub(super) figures: &'a MonthlyFigures,
    pub(super) status: ReportStatus,
    pub(super) submitted_at: Option<i64>,
}

pub(super) fn insert_month(tx: &Transaction, m: NewMonth, now: i64) -> Result<i64> {
    let sql = format!(
        "INSERT INTO monthly_reports (client_id, library_id, region_code, period, status, submitted_at, created_at, updated_at, {})
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, {})",
        FIGURES.join(", "),
        vec!["?"; FIGURES.len()].join(", ")
    );
    let mut values: Vec<Value> = vec![
        m.client_id.map(|c| Value::Text(c.into())).unwrap_or(Value::Null),
        m.library_id.get().into(),
        m.region.to_string().into(),
        m.period.to_string().into(),
        m.status.code().to_string().into(),
        m.submitted_at.map(Value::Integer).unwrap_or(Value::Null),
        now.into(),
        now.into(),
    ];
    values.extend(m.figures.values().map(Value::Integer));
    tx.prepare_cached(&sql).map_err(db_err)?.execute(params_from_iter(values)).map_err(db_err)?;
    Ok(tx.last_insert_rowid())
}

/// A library's (`l`) manager to follow up: the first active manager's name, and their phone
/// or else the library's.
pub(super) const MANAGER_COLUMNS: &str =
    "(SELECT u.full_name FROM users u WHERE u.scope_kind = 'library' AND u.scope_library_id = l.id AND u.active = 1 ORDER BY u.id LIMIT 1),
     COALESCE((SELECT u.phone FROM users u WHERE u.scope_kind = 'library' AND u.scope_library_id = l.id AND u.active = 1
               AND u.phone IS NOT NULL ORDER BY u.id LIMIT 1), l.phone)";

/// Libraries owing reports under a duty in the subtree `?2`..`?3` (`?1` binds the joining
/// year, `status_param` the status).
fn owing_in_subtree(duty: &ReportingDuty, status_param: &str) -> String {
    format!("{} AND {}", super::programme_libraries(&duty.libraries, status_param, "?1"), super::in_subtree("?2", "?3"))
}

fn where_clause(f: &MonthlyFilter) -> (String, Vec<Value>) {
    let mut cond = vec!["1 = 1".to_string()];
    let mut p: Vec<Value> = Vec::new();
    if let Some(r) = &f.region {
        let (lo, hi) = subtree(r.as_str());
        cond.push("m.region_code >= ? AND m.region_code < ?".into());
        p.push(lo.into());
        p.push(hi.into());
    }
    if let Some(id) = f.library_id {
        cond.push("m.library_id = ?".into());
        p.push(id.get().into());
    }
    if let Some(period) = f.period {
        cond.push("m.period = ?".into());
        p.push(period.to_string().into());
    }
    if let Some(s) = f.status {
        cond.push("m.status = ?".into());
        p.push(s.code().to_string().into());
    }
    if let Some(q) = f.query.as_deref().map(lentera_core::text::fold).filter(|q| !q.is_empty()) {
        // Folded text holds only [a-z0-9 ], so it needs no LIKE escaping.
        cond.push("m.library_id IN (SELECT id FROM libraries WHERE search_name LIKE ?)".into());
        p.push(format!("%{q}%").into());
    }
    (cond.join(" AND "), p)
}

impl MonthlyStore for SqliteStore {
    fn completeness(
        &self,
        parent: Option<&RegionCode>,
        period: Period,
        duty: &ReportingDuty,
        d: [i64; 3],
    ) -> Result<Vec<lentera_core::monthly::CompletenessCounts>> {
        let child_len = lentera_core::region::child_code_len(parent) as i64;
        let (lo, hi) = parent.map(|p| subtree(p.as_str())).unwrap_or(("".into(), "~".into()));
        self.read(|c| {
            let expected = owing_in_subtree(duty, "?9");
            let sql = format!(
                "SELECT r.code, r.name, count(*), count(m.id),
                        coalesce(sum(m.submitted_at <= ?6), 0), coalesce(sum(m.submitted_at <= ?7), 0),
                        coalesce(sum(m.submitted_at <= ?8), 0)
                 FROM libraries l
                 JOIN regions r ON r.code = substr(l.region_code, 1, ?4)
                 LEFT JOIN monthly_reports m ON m.library_id = l.id AND m.period = ?5 AND m.status <> ?10
                 WHERE {expected}
                 GROUP BY r.code ORDER BY r.code"
            );
            let mut stmt = c.prepare_cached(&sql).map_err(db_err)?;
            let p = params![
                duty.libraries.joined_by,
                lo,
                hi,
                child_len,
                period.to_string(),
                d[0],
                d[1],
                d[2],
                duty.libraries.status.code(),
                duty.unsent.code()
            ];
            stmt.query_map(p, |r| {
                let code: String = r.get(0)?;
                Ok(lentera_core::monthly::CompletenessCounts {
                    code: RegionCode::parse(&code).map_err(|_| bad(0))?,
                    name: r.get(1)?,
                    expected: r.get(2)?,
                    reported: r.get(3)?,
                    on_time_by_zone: [r.get(4)?, r.get(5)?, r.get(6)?],
                })
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn missing_reports(
        &self,
        region: Option<&RegionCode>,
        period: Period,
        duty: &ReportingDuty,
        limit: i64,
    ) -> Result<Vec<lentera_core::monthly::MissingReport>> {
        let (lo, hi) = region.map(|p| subtree(p.as_str())).unwrap_or(("".into(), "~".into()));
        self.read(|c| {
            let expected = owing_in_subtree(duty, "?7");
            let sql = format!(
                "SELECT l.id, l.name, l.region_code, {MANAGER_COLUMNS}
                 FROM libraries l
                 WHERE {expected} AND NOT EXISTS (SELECT 1 FROM monthly_reports m WHERE m.library_id = l.id AND m.period = ?4 AND m.status <> ?6)
                 ORDER BY l.region_code, l.name LIMIT ?5"
            );
            let mut stmt = c.prepare_cached(&sql).map_err(db_err)?;
            let p = params![
                duty.libraries.joined_by,
                lo,
                hi,
                period.to_string(),
                limit,
                duty.unsent.code(),
                duty.libraries.status.code()
            ];
            stmt.query_map(p, |r| {
                let code: String = r.get(2)?;
                Ok(lentera_core::monthly::MissingReport {
                    library_id: id_at(r, 0)?,
                    library_name: r.get(1)?,
                    region_code: RegionCode::parse(&code).map_err(|_| bad(2))?,
                    manager_name: r.get(3)?,
                    phone: r.get(4)?,
                })
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn monthly_report(&self, id: MonthlyReportId) -> Result<Option<MonthlyReport>> {
        self.read(|c| one(c, "m.id = ?", &[id.get().into()]))
    }

    fn monthly_by_period(&self, library_id: LibraryId, period: Period) -> Result<Option<MonthlyReport>> {
        let library_id = library_id.get();
        self.read(|c| one(c, "m.library_id = ? AND m.period = ?", &[library_id.into(), period.to_string().into()]))
    }

    fn monthly_by_client_id(&self, client_id: &str) -> Result<Option<MonthlyReport>> {
        self.read(|c| one(c, "m.client_id = ?", &[client_id.to_string().into()]))
    }

    fn each_monthly(&self, f: &MonthlyFilter, out: &mut dyn FnMut(&MonthlyReport) -> Result<()>) -> Result<()> {
        let (w, p) = where_clause(f);
        self.read(|c| {
            let mut stmt = c
                .prepare(&format!("SELECT {} FROM {FROM} WHERE {w} ORDER BY m.period DESC, l.name, m.id", columns()))
                .map_err(db_err)?;
            let mut rows = stmt.query(params_from_iter(p)).map_err(db_err)?;
            while let Some(r) = rows.next().map_err(db_err)? {
                out(&row(r).map_err(db_err)?)?;
            }
            Ok(())
        })
    }

    fn list_monthly(&self, f: &MonthlyFilter, page: PageRequest) -> Result<Page<MonthlyReport>> {
        let (w, p) = where_clause(f);
        self.read(|c| {
            let total: i64 = c
                .prepare_cached(&format!("SELECT count(*) FROM monthly_reports m WHERE {w}"))
                .map_err(db_err)?
                .query_row(params_from_iter(p.iter()), |r| r.get(0))
                .map_err(db_err)?;
            let mut lp = p.clone();
            lp.push(page.per_page.into());
            lp.push(page.offset().into());
            let items = c
                .prepare_cached(&format!(
                    "SELECT {} FROM {FROM} WHERE {w} ORDER BY m.period DESC, l.name, m.id LIMIT ? OFFSET ?",
                    columns()
                ))
                .map_err(db_err)?
                .query_map(params_from_iter(lp), row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(Page { items, total, page: page.page, per_page: page.per_page })
        })
    }

    fn recent_monthly(&self, library_id: LibraryId, before: Period, n: i64) -> Result<Vec<MonthlyReport>> {
        let library_id = library_id.get();
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {} FROM {FROM} WHERE m.library_id = ? AND m.period < ? ORDER BY m.period DESC LIMIT ?",
                columns()
            ))
            .map_err(db_err)?
            .query_map(params![library_id, before.to_string(), n], row)
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn insert_monthly(
        &self,
        lib: &Library,
        client_id: Option<&str>,
        period: Period,
        f: &MonthlyFigures,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport> {
        self.write(|tx| {
            let m = NewMonth {
                client_id,
                library_id: lib.id,
                region: &lib.region_code,
                period,
                figures: f,
                status: ReportStatus::Draft,
                submitted_at: None,
            };
            let id = insert_month(tx, m, now)?;
            write_audit(tx, &audit, Some(id))?;
            one(tx, "m.id = ?", &[id.into()])?.ok_or(Error::NotFound)
        })
    }

    fn update_monthly(
        &self,
        id: MonthlyReportId,
        expected_version: i64,
        f: &MonthlyFigures,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport> {
        let id = id.get();
        self.write(|tx| {
            let sets = FIGURES.map(|c| format!("{c} = ?")).join(", ");
            let mut values: Vec<Value> = f.values().map(Value::Integer).to_vec();
            values.extend([now.into(), id.into(), expected_version.into()]);
            values.extend(ReportStatus::EDITABLE.map(|s| Value::from(s.code().to_string())));
            let n = tx
                .execute(
                    &format!(
                        "UPDATE monthly_reports SET {sets}, updated_at = ?, version = version + 1
                         WHERE id = ? AND version = ? AND status IN (?, ?)"
                    ),
                    params_from_iter(values),
                )
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_audit(tx, &audit, Some(id))?;
            one(tx, "m.id = ?", &[id.into()])?.ok_or(Error::NotFound)
        })
    }
}
