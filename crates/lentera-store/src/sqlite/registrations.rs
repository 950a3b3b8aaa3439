//! Registrations within capacity and quotas, the waiting list.

use lentera_core::ids::EventId;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::people::{PERSON_COLUMNS, person_at};
use super::{SqliteStore, bad, db_err, id_at, subtree, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::event::{Registration, RegistrationFilter, RegistrationStatus, SeatFacts};
use lentera_core::store::RegistrationStore;
use lentera_core::text::fold;
use lentera_core::{Error, Result};

const REGISTRATION_COLUMNS: &str = "r.id, r.event_id, r.status, r.code, r.self_registered, r.created_at,
    (SELECT count(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1)";

fn registration_row(r: &Row) -> rusqlite::Result<Registration> {
    let status: String = r.get(2)?;
    Ok(Registration {
        id: r.get(0)?,
        event_id: id_at(r, 1)?,
        status: RegistrationStatus::parse(&status).ok_or_else(|| bad(2))?,
        code: r.get(3)?,
        self_registered: r.get(4)?,
        created_at: r.get(5)?,
        days_present: r.get(6)?,
        person: person_at(r, 7)?,
    })
}

fn registration_select(filter_sql: &str) -> String {
    format!(
        "SELECT {REGISTRATION_COLUMNS}, {PERSON_COLUMNS} FROM registrations r JOIN people p ON p.id = r.person_id
         LEFT JOIN libraries l ON l.id = p.library_id {filter_sql}"
    )
}

fn get_registration(c: &Connection, id: i64) -> Result<Option<Registration>> {
    c.prepare_cached(&registration_select("WHERE r.id = ?"))
        .map_err(db_err)?
        .query_row([id], registration_row)
        .optional()
        .map_err(db_err)
}

/// Whether a seat is free for this person at this event: the facts read here, the rule the
/// core's ([`SeatFacts::seat_free`]).
fn seat_free(c: &Connection, event_id: i64, person_id: i64) -> Result<bool> {
    let registered = RegistrationStatus::Registered.code();
    let count = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<i64> {
        c.prepare_cached(sql).map_err(db_err)?.query_row(p, |r| r.get(0)).map_err(db_err)
    };
    let capacity: Option<i64> =
        c.query_row("SELECT capacity FROM events WHERE id = ?", [event_id], |r| r.get(0)).map_err(db_err)?;
    let taken =
        count("SELECT count(*) FROM registrations WHERE event_id = ? AND status = ?", &[&event_id, &registered])?;
    let quota: Option<(i64, i64)> = c
        .prepare_cached(
            "SELECT q.per_institution, p.library_id FROM people p JOIN libraries l ON l.id = p.library_id
             JOIN event_quotas q ON q.event_id = ? AND q.library_type = l.library_type WHERE p.id = ?",
        )
        .map_err(db_err)?
        .query_row(params![event_id, person_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(db_err)?;
    let quota = match quota {
        None => None,
        Some((per_institution, library_id)) => {
            let same_library = count(
                "SELECT count(*) FROM registrations r JOIN people p ON p.id = r.person_id
                 WHERE r.event_id = ? AND r.status = ? AND p.library_id = ?",
                &[&event_id, &registered, &library_id],
            )?;
            Some((per_institution, same_library))
        }
    };
    Ok(SeatFacts { capacity, registered: taken, quota }.seat_free())
}

impl RegistrationStore for SqliteStore {
    fn registration(&self, id: i64) -> Result<Option<Registration>> {
        self.read(|c| get_registration(c, id))
    }

    fn registration_by_code(&self, event_id: EventId, code: &str) -> Result<Option<Registration>> {
        let event_id = event_id.get();
        self.read(|c| {
            c.prepare_cached(&registration_select("WHERE r.event_id = ? AND r.code = ?"))
                .map_err(db_err)?
                .query_row(params![event_id, code], registration_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn registrations(&self, event_id: EventId, filter: &RegistrationFilter) -> Result<Vec<Registration>> {
        let event_id = event_id.get();
        let mut clauses = vec!["r.event_id = ?"];
        let mut args: Vec<Value> = vec![event_id.into()];
        if let Some(s) = filter.status {
            clauses.push("r.status = ?");
            args.push(s.code().to_string().into());
        }
        if let Some(r) = &filter.region {
            let (lo, hi) = subtree(r.as_str());
            clauses.push("p.region_code >= ? AND p.region_code < ?");
            args.extend([lo.into(), hi.into()]);
        }
        if let Some(l) = filter.library_id {
            clauses.push("p.library_id = ?");
            args.push(l.get().into());
        }
        if let Some(q) = filter.query.as_deref().map(fold).filter(|q| !q.is_empty()) {
            clauses.push("p.search_name LIKE ?");
            args.push(format!("%{q}%").into());
        }
        let sql = registration_select(&format!("WHERE {} ORDER BY p.search_name, r.id", clauses.join(" AND ")));
        self.read(|c| {
            c.prepare_cached(&sql)
                .map_err(db_err)?
                .query_map(params_from_iter(args.iter()), registration_row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }

    fn insert_registration(
        &self,
        event_id: EventId,
        person_id: i64,
        code: &str,
        wanted: RegistrationStatus,
        self_registered: bool,
        nominated_by: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Registration> {
        let event_id = event_id.get();
        let id = self.write(|tx| {
            let status = if wanted == RegistrationStatus::Registered && !seat_free(tx, event_id, person_id)? {
                RegistrationStatus::Waitlisted
            } else {
                wanted
            };
            tx.execute(
                "INSERT INTO registrations (event_id, person_id, status, code, self_registered, nominated_by, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                params![event_id, person_id, status.code(), code, self_registered, nominated_by, now, now],
            )
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.registration(id)?.ok_or(Error::NotFound)
    }

    fn set_registration_status(
        &self,
        id: i64,
        from: RegistrationStatus,
        to: RegistrationStatus,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Registration> {
        self.write(|tx| {
            let (event_id, person_id): (i64, i64) = tx
                .query_row("SELECT event_id, person_id FROM registrations WHERE id = ?", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()
                .map_err(db_err)?
                .ok_or(Error::NotFound)?;
            let to = if to == RegistrationStatus::Registered && !seat_free(tx, event_id, person_id)? {
                RegistrationStatus::Waitlisted
            } else {
                to
            };
            let n = tx
                .execute(
                    "UPDATE registrations SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                    params![to.code(), now, id, from.code()],
                )
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_audit(tx, &audit, Some(id))
        })?;
        self.registration(id)?.ok_or(Error::NotFound)
    }

    fn promote_waitlisted(&self, event_id: EventId, now: i64, audit: AuditRecord) -> Result<Vec<Registration>> {
        let event_id = event_id.get();
        let moved = self.write(|tx| {
            let waiting: Vec<(i64, i64)> = tx
                .prepare_cached(
                    "SELECT id, person_id FROM registrations WHERE event_id = ? AND status = ?
                     ORDER BY created_at, id",
                )
                .map_err(db_err)?
                .query_map(params![event_id, RegistrationStatus::Waitlisted.code()], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            let mut moved = Vec::new();
            for (id, person_id) in waiting {
                if seat_free(tx, event_id, person_id)? {
                    tx.execute(
                        "UPDATE registrations SET status = ?, updated_at = ? WHERE id = ?",
                        params![RegistrationStatus::Registered.code(), now, id],
                    )
                    .map_err(db_err)?;
                    write_audit(tx, &audit, Some(id))?;
                    moved.push(id);
                }
            }
            Ok(moved)
        })?;
        moved.into_iter().filter_map(|id| self.registration(id).transpose()).collect()
    }
}
