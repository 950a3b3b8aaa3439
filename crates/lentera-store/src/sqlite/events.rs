//! Programme events with their trainers, agenda and seat quotas.

use lentera_core::ids::EventId;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};

use super::{SqliteStore, bad, date_at, db_err, id_at, opt_text, region_at, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::event::{
    AgendaSession, Event, EventFields, EventFilter, EventMode, Quota, RegistrationStatus, SessionFields, Trainer,
    parse_time,
};
use lentera_core::library::{LibraryType, Page, PageRequest};
use lentera_core::region::RegionCode;
use lentera_core::store::{EventStore, NewEvent};
use lentera_core::text::fold;
use lentera_core::{Error, Result};

/// An event's columns, with how many people hold a seat (the core's registered status).
fn event_columns() -> String {
    format!(
        "e.id, e.name, e.type_id, t.name, e.year, e.batch, e.province_code, e.organiser_region,
    e.mode, e.venue, e.meeting_link, e.start_date, e.end_date, e.daily_start, e.daily_end, e.lesson_hours,
    e.capacity, e.attendance_threshold, e.online_min_share, e.signatory_name, e.signatory_title, e.description,
    e.registration_open, e.registration_code, e.checkin_secret, e.created_at, e.updated_at, e.version,
    (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = '{}')",
        RegistrationStatus::Registered.code()
    )
}
const EVENT_FROM: &str = "events e JOIN event_types t ON t.id = e.type_id";

fn time_at(r: &Row, i: usize) -> rusqlite::Result<time::Time> {
    let s: String = r.get(i)?;
    parse_time(&s).ok_or_else(|| bad(i))
}

fn event_row(r: &Row) -> rusqlite::Result<Event> {
    let mode: String = r.get(8)?;
    let organiser: Option<String> = r.get(7)?;
    Ok(Event {
        id: id_at(r, 0)?,
        type_name: r.get(3)?,
        fields: EventFields {
            name: r.get(1)?,
            type_id: r.get(2)?,
            year: r.get(4)?,
            batch: r.get(5)?,
            province_code: region_at(r, 6)?,
            organiser_region: organiser.map(|o| RegionCode::parse(&o).map_err(|_| bad(7))).transpose()?,
            mode: EventMode::parse(&mode).ok_or_else(|| bad(8))?,
            venue: r.get(9)?,
            meeting_link: r.get(10)?,
            start_date: date_at(r, 11)?,
            end_date: date_at(r, 12)?,
            daily_start: time_at(r, 13)?,
            daily_end: time_at(r, 14)?,
            lesson_hours: r.get(15)?,
            capacity: r.get(16)?,
            attendance_threshold: r.get(17)?,
            online_min_share: r.get(18)?,
            signatory_name: r.get(19)?,
            signatory_title: r.get(20)?,
            description: r.get(21)?,
            registration_open: r.get(22)?,
        },
        registration_code: r.get(23)?,
        checkin_secret: r.get(24)?,
        created_at: r.get(25)?,
        updated_at: r.get(26)?,
        version: r.get(27)?,
        registered: r.get(28)?,
        trainers: Vec::new(),
        quotas: Vec::new(),
    })
}

/// Fills in an event's trainers and quotas.
fn complete(c: &Connection, mut e: Event) -> Result<Event> {
    e.trainers = c
        .prepare_cached("SELECT user_id, name FROM event_trainers WHERE event_id = ? ORDER BY id")
        .map_err(db_err)?
        .query_map([e.id.get()], |r| Ok(Trainer { user_id: r.get(0)?, name: r.get(1)? }))
        .map_err(db_err)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(db_err)?;
    e.quotas = c
        .prepare_cached(
            "SELECT library_type, per_institution FROM event_quotas WHERE event_id = ? ORDER BY library_type",
        )
        .map_err(db_err)?
        .query_map([e.id.get()], |r| {
            let t: String = r.get(0)?;
            Ok(Quota { library_type: LibraryType::parse(&t).ok_or_else(|| bad(0))?, per_institution: r.get(1)? })
        })
        .map_err(db_err)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(db_err)?;
    Ok(e)
}

fn get_event(c: &Connection, id: i64) -> Result<Option<Event>> {
    let e = c
        .prepare_cached(&format!("SELECT {} FROM {EVENT_FROM} WHERE e.id = ?", event_columns()))
        .map_err(db_err)?
        .query_row([id], event_row)
        .optional()
        .map_err(db_err)?;
    e.map(|e| complete(c, e)).transpose()
}

fn event_values(f: &EventFields) -> Vec<Value> {
    vec![
        f.name.clone().into(),
        fold(&f.name).into(),
        f.type_id.into(),
        i64::from(f.year).into(),
        f.batch.map(Value::Integer).unwrap_or(Value::Null),
        f.province_code.as_str().to_string().into(),
        f.organiser_region.as_ref().map(|r| Value::Text(r.as_str().into())).unwrap_or(Value::Null),
        f.mode.code().to_string().into(),
        opt_text(&f.venue),
        opt_text(&f.meeting_link),
        f.start_date.to_string().into(),
        f.end_date.to_string().into(),
        lentera_core::event::format_time(f.daily_start).into(),
        lentera_core::event::format_time(f.daily_end).into(),
        f.lesson_hours.into(),
        f.capacity.map(Value::Integer).unwrap_or(Value::Null),
        f.attendance_threshold.into(),
        f.online_min_share.into(),
        opt_text(&f.signatory_name),
        opt_text(&f.signatory_title),
        opt_text(&f.description),
        i64::from(f.registration_open).into(),
    ]
}

const EVENT_FIELD_COLUMNS: [&str; 22] = [
    "name",
    "search_name",
    "type_id",
    "year",
    "batch",
    "province_code",
    "organiser_region",
    "mode",
    "venue",
    "meeting_link",
    "start_date",
    "end_date",
    "daily_start",
    "daily_end",
    "lesson_hours",
    "capacity",
    "attendance_threshold",
    "online_min_share",
    "signatory_name",
    "signatory_title",
    "description",
    "registration_open",
];

fn write_trainers(tx: &Transaction, event_id: i64, trainers: &[Trainer]) -> Result<()> {
    tx.execute("DELETE FROM event_trainers WHERE event_id = ?", [event_id]).map_err(db_err)?;
    for t in trainers {
        tx.execute(
            "INSERT INTO event_trainers (event_id, user_id, name) VALUES (?, ?, ?)",
            params![event_id, t.user_id, t.name],
        )
        .map_err(db_err)?;
    }
    Ok(())
}

fn write_quotas(tx: &Transaction, event_id: i64, quotas: &[Quota]) -> Result<()> {
    tx.execute("DELETE FROM event_quotas WHERE event_id = ?", [event_id]).map_err(db_err)?;
    for q in quotas {
        tx.execute(
            "INSERT INTO event_quotas (event_id, library_type, per_institution) VALUES (?, ?, ?)",
            params![event_id, q.library_type.code(), q.per_institution],
        )
        .map_err(db_err)?;
    }
    Ok(())
}

impl EventStore for SqliteStore {
    fn event(&self, id: EventId) -> Result<Option<Event>> {
        let id = id.get();
        self.read(|c| get_event(c, id))
    }

    fn event_by_registration_code(&self, code: &str) -> Result<Option<Event>> {
        self.read(|c| {
            let id: Option<i64> = c
                .query_row("SELECT id FROM events WHERE registration_code = ?", [code], |r| r.get(0))
                .optional()
                .map_err(db_err)?;
            id.map(|id| get_event(c, id)).transpose().map(Option::flatten)
        })
    }

    fn list_events(&self, filter: &EventFilter, page: PageRequest) -> Result<Page<Event>> {
        let mut clauses = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(y) = filter.year {
            clauses.push("e.year = ?");
            args.push(i64::from(y).into());
        }
        if let Some(p) = &filter.province {
            clauses.push("e.province_code = ?");
            args.push(p.province().as_str().to_string().into());
        }
        if let Some(t) = filter.type_id {
            clauses.push("e.type_id = ?");
            args.push(t.into());
        }
        if let Some(b) = filter.batch {
            clauses.push("e.batch = ?");
            args.push(b.into());
        }
        if let Some(q) = filter.query.as_deref().map(fold).filter(|q| !q.is_empty()) {
            clauses.push("e.search_name LIKE ?");
            args.push(format!("%{q}%").into());
        }
        if let Some((from, to)) = filter.overlapping {
            clauses.push("e.start_date <= ? AND e.end_date >= ?");
            args.extend([to.to_string().into(), from.to_string().into()]);
        }
        if let Some(u) = filter.trainer_user_id {
            clauses.push("EXISTS (SELECT 1 FROM event_trainers et WHERE et.event_id = e.id AND et.user_id = ?)");
            args.push(u.into());
        }
        let where_sql = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
        self.read(|c| {
            let total: i64 = c
                .prepare_cached(&format!("SELECT count(*) FROM events e {where_sql}"))
                .map_err(db_err)?
                .query_row(params_from_iter(args.iter()), |r| r.get(0))
                .map_err(db_err)?;
            let mut all = args.clone();
            all.push(page.per_page.into());
            all.push(page.offset().into());
            let items = c
                .prepare_cached(&format!(
                    "SELECT {} FROM {EVENT_FROM} {where_sql}
                     ORDER BY e.start_date DESC, e.province_code, e.id DESC LIMIT ? OFFSET ?",
                    event_columns()
                ))
                .map_err(db_err)?
                .query_map(params_from_iter(all.iter()), event_row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?
                .into_iter()
                .map(|e| complete(c, e))
                .collect::<Result<Vec<_>>>()?;
            Ok(Page { items, total, page: page.page, per_page: page.per_page })
        })
    }

    fn insert_event(&self, new: &NewEvent, now: i64, audit: AuditRecord) -> Result<Event> {
        let id = self.write(|tx| {
            let mut values = event_values(&new.fields);
            values.extend([
                new.registration_code.clone().into(),
                new.checkin_secret.clone().into(),
                now.into(),
                now.into(),
            ]);
            let cols = EVENT_FIELD_COLUMNS.join(", ");
            let marks = vec!["?"; values.len()].join(", ");
            tx.execute(
                &format!(
                    "INSERT INTO events ({cols}, registration_code, checkin_secret, created_at, updated_at) VALUES ({marks})"
                ),
                params_from_iter(values.iter()),
            )
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_trainers(tx, id, &new.trainers)?;
            write_quotas(tx, id, &new.quotas)?;
            write_audit(tx, &audit, Some(id))?;
            Ok(EventId::new(id))
        })?;
        self.event(id)?.ok_or(Error::NotFound)
    }

    fn update_event(
        &self,
        id: EventId,
        expected_version: i64,
        fields: &EventFields,
        trainers: &[Trainer],
        now: i64,
        audit: AuditRecord,
    ) -> Result<Event> {
        let event_id = id;
        let id = id.get();
        self.write(|tx| {
            let sets = EVENT_FIELD_COLUMNS.iter().map(|c| format!("{c} = ?")).collect::<Vec<_>>().join(", ");
            let mut values = event_values(fields);
            values.extend([now.into(), id.into(), expected_version.into()]);
            let n = tx
                .execute(
                    &format!(
                        "UPDATE events SET {sets}, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?"
                    ),
                    params_from_iter(values.iter()),
                )
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_trainers(tx, id, trainers)?;
            write_audit(tx, &audit, Some(id))
        })?;
        self.event(event_id)?.ok_or(Error::NotFound)
    }

    fn delete_event(&self, id: EventId, audit: AuditRecord) -> Result<()> {
        let id = id.get();
        self.write(|tx| {
            // Registrations would go with the event (ON DELETE CASCADE): refuse instead.
            let registered: bool = tx
                .query_row("SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = ?)", [id], |r| r.get(0))
                .map_err(db_err)?;
            if registered {
                return Err(Error::InUse);
            }
            if tx.execute("DELETE FROM events WHERE id = ?", [id]).map_err(db_err)? == 0 {
                return Err(Error::NotFound);
            }
            write_audit(tx, &audit, Some(id))
        })
    }

    fn save_quotas(&self, event_id: EventId, quotas: &[Quota], audit: AuditRecord) -> Result<()> {
        let event_id = event_id.get();
        self.write(|tx| {
            write_quotas(tx, event_id, quotas)?;
            write_audit(tx, &audit, Some(event_id))
        })
    }

    fn agenda(&self, event_id: EventId) -> Result<Vec<AgendaSession>> {
        let event_id = event_id.get();
        self.read(|c| {
            c.prepare_cached(
                "SELECT s.id, s.event_id, s.day, s.start_time, s.end_time, s.title, s.module_id, m.name, s.trainer
                 FROM event_sessions s LEFT JOIN curriculum_modules m ON m.id = s.module_id
                 WHERE s.event_id = ? ORDER BY s.day, s.start_time, s.id",
            )
            .map_err(db_err)?
            .query_map([event_id], |r| {
                Ok(AgendaSession {
                    id: r.get(0)?,
                    event_id: id_at(r, 1)?,
                    day: date_at(r, 2)?,
                    start_time: time_at(r, 3)?,
                    end_time: time_at(r, 4)?,
                    title: r.get(5)?,
                    module_id: r.get(6)?,
                    module_name: r.get(7)?,
                    trainer: r.get(8)?,
                })
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn insert_agenda_session(&self, event_id: EventId, f: &SessionFields, audit: AuditRecord) -> Result<AgendaSession> {
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO event_sessions (event_id, day, start_time, end_time, title, module_id, trainer)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
                params![
                    event_id.get(),
                    f.day.to_string(),
                    lentera_core::event::format_time(f.start_time),
                    lentera_core::event::format_time(f.end_time),
                    f.title,
                    f.module_id,
                    f.trainer
                ],
            )
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.agenda(event_id)?.into_iter().find(|s| s.id == id).ok_or(Error::NotFound)
    }

    fn delete_agenda_session(&self, event_id: EventId, id: i64, audit: AuditRecord) -> Result<()> {
        let event_id = event_id.get();
        self.write(|tx| {
            if tx.execute("DELETE FROM event_sessions WHERE id = ? AND event_id = ?", [id, event_id]).map_err(db_err)?
                == 0
            {
                return Err(Error::NotFound);
            }
            write_audit(tx, &audit, Some(id))
        })
    }
}
