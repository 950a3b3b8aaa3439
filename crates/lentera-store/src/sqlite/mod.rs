//! The SQLite adapter: one database file in WAL mode, a small connection pool, versioned
//! migrations run on open, and the official regions loaded on first start.

mod accounts;
mod activities;
pub(crate) mod advocacy;
mod aggregates;
mod agreements;
mod attendance;
mod audit;
mod bulk;
mod calendar;
mod catalogue;
mod equipment;
mod events;
mod iplm;
mod kpi;
mod libraries;
mod lists;
mod monthly;
mod people;
mod registrations;
mod review;

mod regions;
mod search;
mod training;
mod workplans;

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::pool::Pool;
use lentera_core::audit::AuditRecord;
use lentera_core::library::ProgrammeLibraries;
use lentera_core::{Error, Result, Unique};

/// Migrations, in order. Version numbers are shared with any other backend's set.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../../migrations/sqlite/0002_region_counts.sql")),
    (3, include_str!("../../migrations/sqlite/0003_equipment.sql")),
    (4, include_str!("../../migrations/sqlite/0004_activities.sql")),
    (5, include_str!("../../migrations/sqlite/0005_activity_photos.sql")),
    (6, include_str!("../../migrations/sqlite/0006_monthly_reports.sql")),
    (7, include_str!("../../migrations/sqlite/0007_ktak_source.sql")),
    (8, include_str!("../../migrations/sqlite/0008_events.sql")),
    (9, include_str!("../../migrations/sqlite/0009_event_outcomes.sql")),
    (10, include_str!("../../migrations/sqlite/0010_aggregates.sql")),
    (11, include_str!("../../migrations/sqlite/0011_population.sql")),
    (12, include_str!("../../migrations/sqlite/0012_iplm_published.sql")),
    (13, include_str!("../../migrations/sqlite/0013_indicator_catalogue.sql")),
    (14, include_str!("../../migrations/sqlite/0014_reporting_index.sql")),
    (15, include_str!("../../migrations/sqlite/0015_hardening.sql")),
    (16, include_str!("../../migrations/sqlite/0016_aggregates_by_own_level.sql")),
    (17, include_str!("../../migrations/sqlite/0017_work_plans.sql")),
    (18, include_str!("../../migrations/sqlite/0018_advocacy.sql")),
    (19, include_str!("../../migrations/sqlite/0019_budget_calendar.sql")),
    (20, include_str!("../../migrations/sqlite/0020_agreements.sql")),
    (21, include_str!("../../migrations/sqlite/0021_advocacy_indicators.sql")),
    (22, include_str!("../../migrations/sqlite/0022_activity_partners.sql")),
    (23, include_str!("../../migrations/sqlite/0023_search.sql")),
];

/// The versions this build embeds, in order.
#[cfg(test)]
pub(crate) fn migration_versions() -> Vec<i64> {
    MIGRATIONS.iter().map(|m| m.0).collect()
}

/// Migrations after which every aggregate is computed again from the reports.
const REBUILD_AGGREGATES_AFTER: [i64; 2] = [10, 16];

pub struct SqliteStore {
    pool: Pool,
}

/// What happened while opening the store.
#[derive(Debug, Clone)]
pub struct StartupReport {
    pub migrations_applied: Vec<i64>,
    pub regions_loaded: usize,
    pub regions_load_time: Duration,
}

/// The one rendering of the core's [`ProgrammeLibraries`] over `libraries l`: `status_param`
/// and `year_param` name the placeholders its status code and joining year are bound to (the
/// year only when the selection has one).
pub(crate) fn programme_libraries(f: &ProgrammeLibraries, status_param: &str, year_param: &str) -> String {
    match f.joined_by {
        Some(_) => {
            format!("(l.programme_year IS NOT NULL AND l.programme_year <= {year_param} AND l.status = {status_param})")
        }
        None => format!("(l.programme_year IS NOT NULL AND l.status = {status_param})"),
    }
}

/// Libraries of a region subtree given as a code range; `+` keeps SQLite on the programme
/// index rather than the region index where both apply.
pub(crate) fn in_subtree(lo_param: &str, hi_param: &str) -> String {
    format!("+l.region_code >= {lo_param} AND +l.region_code < {hi_param}")
}

/// The store's errors in the core's terms: a foreign key still pointing here is `InUse`, a
/// unique key taken is `Duplicate` naming which one; anything else is unexpected (its text
/// goes to the logs only).
pub(crate) fn db_err(e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, Some(m)) = &e
        && f.code == rusqlite::ErrorCode::ConstraintViolation
    {
        if m.starts_with("FOREIGN KEY") {
            return Error::InUse;
        }
        if let Some(columns) = m.strip_prefix("UNIQUE constraint failed: ") {
            return Error::Duplicate(unique_key(columns));
        }
    }
    Error::unexpected(e)
}

/// The unique key SQLite names as `table.column, …`.
fn unique_key(columns: &str) -> Unique {
    match columns {
        "users.username" => Unique::Username,
        "libraries.npp" => Unique::LibraryNpp,
        "activities.client_id"
        | "monthly_reports.client_id"
        | "work_plans.client_id"
        | "advocacy_activities.client_id" => Unique::ClientId,
        "work_plans.library_id, work_plans.year, work_plans.revision" => Unique::WorkPlanRevision,
        "monthly_reports.library_id, monthly_reports.period" => Unique::MonthlyPeriod,
        "registrations.event_id, registrations.code" | "events.registration_code" => Unique::RegistrationCode,
        "registrations.event_id, registrations.person_id" => Unique::Registration,
        "evaluations.event_id, evaluations.registration_id" => Unique::Evaluation,
        "indicators.code" => Unique::IndicatorCode,
        "activity_categories.name" | "event_types.name" | "curriculum_modules.name" => Unique::ListItemName,
        "certificates.number" | "certificates.registration_id" => Unique::CertificateNumber,
        _ => Unique::Other,
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10)).map_err(db_err)?;
    conn.execute_batch(
        // synchronous = FULL: with WAL, NORMAL may roll back the last acknowledged reports
        // after a power cut or an OS crash; FULL syncs the log at every commit.
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16000;",
    )
    .map_err(db_err)
}

impl SqliteStore {
    /// Opens (creating if needed) `lentera.db` in `data_dir`, migrates it and loads the
    /// regions when the table is empty.
    pub fn open(data_dir: &Path) -> Result<(Self, StartupReport)> {
        let path = data_dir.join("lentera.db");
        let first =
            Connection::open(&path).map_err(|e| Error::unexpected(format!("opening {}: {e}", path.display())))?;
        first.pragma_update(None, "journal_mode", "WAL").map_err(db_err)?;
        configure(&first)?;
        let mut conns = vec![first];
        for _ in 0..5 {
            let c =
                Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                    .map_err(db_err)?;
            configure(&c)?;
            conns.push(c);
        }
        let store = SqliteStore { pool: Pool::new(conns) };
        let migrations_applied = store.migrate()?;
        let started = Instant::now();
        let regions_loaded = store.load_regions_if_empty()?;
        Ok((store, StartupReport { migrations_applied, regions_loaded, regions_load_time: started.elapsed() }))
    }

    /// Applies the migrations not yet recorded; returns their versions.
    pub fn migrate(&self) -> Result<Vec<i64>> {
        let mut conn = self.pool.get();
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
        )
        .map_err(db_err)?;
        let mut applied = Vec::new();
        for (version, sql) in MIGRATIONS {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db_err)?;
            let done: bool = tx
                .query_row("SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = ?)", [version], |r| r.get(0))
                .map_err(db_err)?;
            if !done {
                tx.execute_batch(sql).map_err(|e| Error::unexpected(format!("migration {version}: {e}")))?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    [*version, lentera_core::clock::Clock::now(&lentera_core::clock::SystemClock)],
                )
                .map_err(db_err)?;
                applied.push(*version);
            }
            tx.commit().map_err(db_err)?;
        }
        drop(conn);
        if applied.iter().any(|v| REBUILD_AGGREGATES_AFTER.contains(v)) {
            lentera_core::store::AggregateStore::rebuild_aggregates(self)?;
        }
        Ok(applied)
    }

    /// The newest migration version this build knows, and the one the database has.
    pub fn schema_versions(&self) -> Result<(i64, i64)> {
        let conn = self.pool.get();
        let have: i64 = conn
            .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))
            .map_err(db_err)?;
        Ok((MIGRATIONS.last().map(|m| m.0).unwrap_or(0), have))
    }

    /// SQLite's own integrity and foreign-key checks; returns the problems found.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let conn = self.pool.get();
        let mut out = Vec::new();
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(db_err)?;
        if ok != "ok" {
            out.push(format!("quick_check: {ok}"));
        }
        let mut stmt = conn.prepare("PRAGMA foreign_key_check").map_err(db_err)?;
        let n = stmt.query_map([], |_| Ok(())).map_err(db_err)?.count();
        if n > 0 {
            out.push(format!("{n} foreign key violations"));
        }
        Ok(out)
    }

    /// Writes a consistent copy of the database to `path` (safe while the server runs).
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        if path.exists() {
            // The CLI says so first; never overwrite a copy.
            return Err(Error::unexpected(format!("backup target {} exists", path.display())));
        }
        let conn = self.pool.get();
        conn.execute("VACUUM INTO ?", [path.to_string_lossy()]).map_err(db_err)?;
        Ok(())
    }

    /// Runs `f` inside an immediate (write-locking) transaction, committing only on success.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.pool.get();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db_err)?;
        let out = f(&tx)?;
        tx.commit().map_err(db_err)?;
        Ok(out)
    }

    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.pool.get();
        f(&conn)
    }
}

/// Appends an audit entry inside the caller's transaction.
pub(crate) fn write_audit(tx: &Transaction, a: &AuditRecord, entity_id: Option<i64>) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, actor_user_id, actor_name, action, entity, entity_id, region_code, before_json, after_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rusqlite::params![
            a.at,
            a.actor_user_id,
            a.actor_name,
            a.action.code(),
            a.entity,
            entity_id.or(a.entity_id),
            a.region_code.as_ref().map(|c| c.as_str()),
            a.before.as_ref().map(|v| v.to_string()),
            a.after.as_ref().map(|v| v.to_string()),
        ],
    )
    .map_err(db_err)?;
    Ok(())
}

/// A stored value that does not read back as its type (a damaged row): an unexpected error.
pub(crate) fn bad(i: usize) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(i, "stored value".into(), rusqlite::types::Type::Text)
}

/// Column `i` as an identifier.
pub(crate) fn id_at<T>(r: &rusqlite::Row, i: usize) -> rusqlite::Result<lentera_core::ids::Id<T>> {
    Ok(lentera_core::ids::Id::new(r.get(i)?))
}

/// Column `i` as a region code.
pub(crate) fn region_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<lentera_core::region::RegionCode> {
    let s: String = r.get(i)?;
    lentera_core::region::RegionCode::parse(&s).map_err(|_| bad(i))
}

/// Column `i` as a month (`YYYY-MM`).
pub(crate) fn period_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<lentera_core::monthly::Period> {
    let s: String = r.get(i)?;
    lentera_core::monthly::Period::parse(&s).ok_or_else(|| bad(i))
}

/// Column `i` as a date (`YYYY-MM-DD`).
pub(crate) fn date_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<time::Date> {
    let s: String = r.get(i)?;
    lentera_core::activity::parse_date(&s).ok_or_else(|| bad(i))
}

/// Collects mapped rows, turning a row error into the store's error.
pub(crate) fn collect<T>(rows: impl Iterator<Item = rusqlite::Result<T>>) -> Result<Vec<T>> {
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
}

/// Column `i` as an optional date (`YYYY-MM-DD`).
pub(crate) fn opt_date_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<time::Date>> {
    let s: Option<String> = r.get(i)?;
    s.map(|s| lentera_core::activity::parse_date(&s).ok_or_else(|| bad(i))).transpose()
}

/// An owner (advocacy, regulations, partnerships) from `library_id, library name,
/// region_code` at columns `i`..`i + 2`.
pub(crate) fn owner_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<lentera_core::advocacy::Owner> {
    Ok(lentera_core::advocacy::Owner {
        library_id: r.get::<_, Option<i64>>(i)?.map(lentera_core::ids::LibraryId::new),
        library_name: r.get(i + 1)?,
        region_code: region_at(r, i + 2)?,
    })
}

/// An owner as the values of its `library_id, region_code` columns.
pub(crate) fn owner_values(o: &lentera_core::advocacy::Owner) -> [rusqlite::types::Value; 2] {
    use rusqlite::types::Value;
    [o.library_id.map(|l| Value::Integer(l.get())).unwrap_or(Value::Null), o.region_code.to_string().into()]
}

/// An optional text as a value to bind (`NULL` when absent).
pub(crate) fn opt_text(v: &Option<String>) -> rusqlite::types::Value {
    v.clone().map(rusqlite::types::Value::Text).unwrap_or(rusqlite::types::Value::Null)
}

/// The bounds of a region's subtree as a half-open code range.
pub(crate) fn subtree(code: &str) -> (String, String) {
    (code.to_string(), format!("{code}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finding 8: an acknowledged report must survive a power cut, on every connection.
    #[test]
    fn every_connection_syncs_each_commit() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = SqliteStore::open(dir.path()).unwrap();
        for _ in 0..8 {
            let level: i64 =
                store.read(|c| c.query_row("PRAGMA synchronous", [], |r| r.get(0)).map_err(db_err)).unwrap();
            assert_eq!(level, 2, "FULL");
        }
    }
}
