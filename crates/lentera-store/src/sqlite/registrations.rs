//! Registrations within capacity and quotas, the waiting list.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};

use super::events::*;
use super::{SqliteStore, db_err, subtree, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::event::{Registration, RegistrationFilter, RegistrationStatus};
use lentera_core::store::RegistrationStore;
use lentera_core::text::fold;
use lentera_core::{Error, Result};

impl RegistrationStore for SqliteStore {
    fn registration(&self, id: i64) -> Result<Option<Registration>> {
        self.read(|c| get_registration(c, id))
    }

    fn registration_by_code(&self, event_id: i64, code: &str) -> Result<Option<Registration>> {
        self.read(|c| {
            c.prepare_cached(&registration_select("WHERE r.event_id = ? AND r.code = ?"))
                .map_err(db_err)?
                .query_row(params![event_id, code], registration_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn registrations(&self, event_id: i64, filter: &RegistrationFilter) -> Result<Vec<Registration>> {
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
            args.push(l.into());
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
        event_id: i64,
        person_id: i64,
        code: &str,
        wanted: RegistrationStatus,
        self_registered: bool,
        nominated_by: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Registration> {
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

    fn promote_waitlisted(&self, event_id: i64, now: i64, audit: AuditRecord) -> Result<Vec<Registration>> {
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
