//! People who take part in events: duplicates, merging, anonymising, training history.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::{SqliteStore, bad, date_at, db_err, id_at, opt_text, region_at, subtree, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::event::TrainingRecord;
use lentera_core::event::{Gender, Person, PersonFields, RegistrationStatus, normalise_email, normalise_phone};
use lentera_core::ids::LibraryId;
use lentera_core::library::{LibraryType, Page, PageRequest};
use lentera_core::region::RegionCode;
use lentera_core::store::PersonStore;
use lentera_core::text::fold;
use lentera_core::{Error, Result};

pub(super) const PERSON_COLUMNS: &str =
    "p.id, p.full_name, p.gender, p.position, p.library_id, p.institution, p.region_code,
    p.phone, p.email, p.created_at, l.name, l.library_type";
const PERSON_FROM: &str = "people p LEFT JOIN libraries l ON l.id = p.library_id";

/// Reads a person from `PERSON_COLUMNS` starting at column `o`.
pub(super) fn person_at(r: &Row, o: usize) -> rusqlite::Result<Person> {
    let gender: String = r.get(o + 2)?;
    let lib_type: Option<String> = r.get(o + 11)?;
    Ok(Person {
        id: r.get(o)?,
        fields: PersonFields {
            full_name: r.get(o + 1)?,
            gender: Gender::parse(&gender).ok_or_else(|| bad(o + 2))?,
            position: r.get(o + 3)?,
            library_id: r.get::<_, Option<i64>>(o + 4)?.map(LibraryId::new),
            institution: r.get(o + 5)?,
            region_code: region_at(r, o + 6)?,
            phone: r.get(o + 7)?,
            email: r.get(o + 8)?,
        },
        created_at: r.get(o + 9)?,
        library_name: r.get(o + 10)?,
        library_type: lib_type.and_then(|t| LibraryType::parse(&t)),
    })
}

fn person_row(r: &Row) -> rusqlite::Result<Person> {
    person_at(r, 0)
}

fn get_person(c: &Connection, id: i64) -> Result<Option<Person>> {
    c.prepare_cached(&format!("SELECT {PERSON_COLUMNS} FROM {PERSON_FROM} WHERE p.id = ?"))
        .map_err(db_err)?
        .query_row([id], person_row)
        .optional()
        .map_err(db_err)
}

fn person_values(f: &PersonFields) -> Vec<Value> {
    vec![
        f.full_name.clone().into(),
        fold(&f.full_name).into(),
        f.gender.code().to_string().into(),
        opt_text(&f.position),
        f.library_id.map(|l| Value::Integer(l.get())).unwrap_or(Value::Null),
        opt_text(&f.institution),
        f.region_code.as_str().to_string().into(),
        opt_text(&f.phone),
        opt_text(&f.phone.as_deref().and_then(normalise_phone)),
        opt_text(&f.email),
        opt_text(&f.email.as_deref().and_then(normalise_email)),
    ]
}

const PERSON_FIELD_COLUMNS: [&str; 11] = [
    "full_name",
    "search_name",
    "gender",
    "position",
    "library_id",
    "institution",
    "region_code",
    "phone",
    "phone_norm",
    "email",
    "email_norm",
];

impl PersonStore for SqliteStore {
    fn person(&self, id: i64) -> Result<Option<Person>> {
        self.read(|c| get_person(c, id))
    }

    fn people_like(
        &self,
        phone_norm: Option<&str>,
        email_norm: Option<&str>,
        folded_name: &str,
        library_id: Option<LibraryId>,
    ) -> Result<Vec<Person>> {
        let library_id = library_id.map(|l| l.get());
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM {PERSON_FROM} WHERE p.merged_into IS NULL AND (
                    p.phone_norm = ?1 OR p.email_norm = ?2 OR (p.search_name = ?3 AND p.library_id = ?4))
                 ORDER BY p.id LIMIT 20"
            ))
            .map_err(db_err)?
            .query_map(params![phone_norm, email_norm, folded_name, library_id], person_row)
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn list_people(
        &self,
        region: Option<&RegionCode>,
        library_id: Option<LibraryId>,
        folded_query: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Person>> {
        let library_id = library_id.map(|l| l.get());
        let mut clauses: Vec<String> = vec!["p.merged_into IS NULL".into()];
        let mut args: Vec<Value> = Vec::new();
        if let Some(r) = region {
            let (lo, hi) = subtree(r.as_str());
            clauses.push("p.region_code >= ? AND p.region_code < ?".into());
            args.extend([lo.into(), hi.into()]);
        }
        if let Some(l) = library_id {
            clauses.push("p.library_id = ?".into());
            args.push(l.into());
        }
        if let Some(q) = folded_query {
            let (c, v) = super::search::contains(super::search::Index::People, "p.id", "p.search_name", q);
            clauses.push(c);
            args.push(v);
        }
        let where_sql = clauses.join(" AND ");
        self.read(|c| {
            let total: i64 = c
                .prepare_cached(&format!("SELECT count(*) FROM people p WHERE {where_sql}"))
                .map_err(db_err)?
                .query_row(params_from_iter(args.iter()), |r| r.get(0))
                .map_err(db_err)?;
            let mut all = args.clone();
            all.extend([page.per_page.into(), page.offset().into()]);
            let items = c
                .prepare_cached(&format!(
                    "SELECT {PERSON_COLUMNS} FROM {PERSON_FROM} WHERE {where_sql} ORDER BY p.search_name, p.id LIMIT ? OFFSET ?"
                ))
                .map_err(db_err)?
                .query_map(params_from_iter(all.iter()), person_row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(Page { items, total, page: page.page, per_page: page.per_page })
        })
    }

    fn insert_person(&self, fields: &PersonFields, now: i64, audit: AuditRecord) -> Result<Person> {
        let id = self.write(|tx| {
            let mut values = person_values(fields);
            values.extend([now.into(), now.into()]);
            let marks = vec!["?"; values.len()].join(", ");
            tx.execute(
                &format!(
                    "INSERT INTO people ({}, created_at, updated_at) VALUES ({marks})",
                    PERSON_FIELD_COLUMNS.join(", ")
                ),
                params_from_iter(values.iter()),
            )
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            super::search::add(tx, super::search::Index::People, id, &fold(&fields.full_name))?;
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.person(id)?.ok_or(Error::NotFound)
    }

    fn update_person(&self, id: i64, fields: &PersonFields, now: i64, audit: AuditRecord) -> Result<Person> {
        self.write(|tx| {
            let sets = PERSON_FIELD_COLUMNS.iter().map(|c| format!("{c} = ?")).collect::<Vec<_>>().join(", ");
            let mut values = person_values(fields);
            values.extend([now.into(), id.into()]);
            if tx
                .execute(
                    &format!("UPDATE people SET {sets}, updated_at = ? WHERE id = ?"),
                    params_from_iter(values.iter()),
                )
                .map_err(db_err)?
                == 0
            {
                return Err(Error::NotFound);
            }
            super::search::put(tx, super::search::Index::People, id, &fold(&fields.full_name))?;
            write_audit(tx, &audit, Some(id))
        })?;
        self.person(id)?.ok_or(Error::NotFound)
    }

    fn duplicate_people(&self, region: Option<&RegionCode>, limit: i64) -> Result<Vec<(Person, Person)>> {
        let (lo, hi) = region.map(|r| subtree(r.as_str())).unwrap_or_else(|| (String::new(), "\u{10FFFF}".into()));
        self.read(|c| {
            let pairs: Vec<(i64, i64)> = c
                .prepare_cached(
                    "SELECT DISTINCT a.id, b.id FROM people a JOIN people b ON b.id > a.id AND b.merged_into IS NULL
                       AND (b.phone_norm = a.phone_norm OR b.email_norm = a.email_norm
                            OR (b.search_name = a.search_name AND b.library_id = a.library_id))
                     WHERE a.merged_into IS NULL AND a.region_code >= ?1 AND a.region_code < ?2
                       AND b.region_code >= ?1 AND b.region_code < ?2
                     ORDER BY a.id, b.id LIMIT ?3",
                )
                .map_err(db_err)?
                .query_map(params![lo, hi, limit], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            pairs
                .into_iter()
                .map(|(a, b)| {
                    Ok((get_person(c, a)?.ok_or(Error::NotFound)?, get_person(c, b)?.ok_or(Error::NotFound)?))
                })
                .collect()
        })
    }

    fn merge_people(&self, keep: i64, merge: i64, now: i64, audit: AuditRecord) -> Result<()> {
        self.write(|tx| {
            // Registrations for events `keep` is not in move over; the rest go with `merge`.
            tx.execute(
                "UPDATE registrations SET person_id = ?1, updated_at = ?3 WHERE person_id = ?2
                   AND event_id NOT IN (SELECT event_id FROM registrations WHERE person_id = ?1)",
                params![keep, merge, now],
            )
            .map_err(db_err)?;
            let n = tx
                .execute(
                    "UPDATE people SET merged_into = ?, updated_at = ? WHERE id = ? AND merged_into IS NULL",
                    params![keep, now, merge],
                )
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_audit(tx, &audit, Some(merge))
        })
    }

    fn anonymise_person(&self, id: i64, label: &str, now: i64, audit: AuditRecord) -> Result<()> {
        self.write(|tx| {
            let n = tx
                .execute(
                    "UPDATE people SET full_name = ?1, search_name = lower(?1), position = NULL, institution = NULL,
                            phone = NULL, phone_norm = NULL, email = NULL, email_norm = NULL, updated_at = ?2
                     WHERE id = ?3",
                    params![label, now, id],
                )
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::NotFound);
            }
            super::search::put(tx, super::search::Index::People, id, &label.to_lowercase())?;
            tx.execute(
                "UPDATE audit_log SET before_json = NULL, after_json = NULL WHERE entity = 'person' AND entity_id = ?",
                [id],
            )
            .map_err(db_err)?;
            write_audit(tx, &audit, Some(id))
        })
    }

    fn record_access(&self, audit: AuditRecord) -> Result<()> {
        self.write(|tx| write_audit(tx, &audit, audit.entity_id))
    }

    fn training_history(&self, person_id: i64) -> Result<Vec<TrainingRecord>> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT r.id, e.id, e.name, e.start_date, e.end_date, r.status,
                        (SELECT count(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1)
                 FROM registrations r JOIN events e ON e.id = r.event_id
                 WHERE r.person_id = ? ORDER BY e.start_date DESC",
            )
            .map_err(db_err)?
            .query_map([person_id], |r| {
                let status: String = r.get(5)?;
                Ok(TrainingRecord {
                    registration_id: r.get(0)?,
                    event_id: id_at(r, 1)?,
                    event_name: r.get(2)?,
                    start_date: date_at(r, 3)?,
                    end_date: date_at(r, 4)?,
                    status: RegistrationStatus::parse(&status).ok_or_else(|| bad(5))?,
                    days_present: r.get(6)?,
                })
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }
}
