//! Attendance marks per event day.

use lentera_core::ids::EventId;
use rusqlite::params;

use super::{SqliteStore, bad, date_at, db_err, write_audit};
use lentera_core::Result;
use lentera_core::audit::AuditRecord;
use lentera_core::event::{AttendanceMark, AttendanceSource};
use lentera_core::store::AttendanceStore;

impl AttendanceStore for SqliteStore {
    fn attendance(&self, event_id: EventId) -> Result<Vec<AttendanceMark>> {
        let event_id = event_id.get();
        self.read(|c| {
            c.prepare_cached(
                "SELECT a.registration_id, a.day, a.present, a.source, a.minutes FROM attendance a
                 JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = ? ORDER BY a.day, a.registration_id",
            )
            .map_err(db_err)?
            .query_map([event_id], |r| {
                let source: String = r.get(3)?;
                Ok(AttendanceMark {
                    registration_id: r.get(0)?,
                    day: date_at(r, 1)?,
                    present: r.get(2)?,
                    source: AttendanceSource::parse(&source).ok_or_else(|| bad(3))?,
                    minutes: r.get(4)?,
                })
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn save_attendance(&self, marks: &[AttendanceMark], now: i64, audit: AuditRecord) -> Result<()> {
        self.write(|tx| {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO attendance (registration_id, day, present, source, minutes, recorded_at)
                     VALUES (?, ?, ?, ?, ?, ?)
                     ON CONFLICT (registration_id, day) DO UPDATE SET present = excluded.present,
                       source = excluded.source, minutes = excluded.minutes, recorded_at = excluded.recorded_at",
                )
                .map_err(db_err)?;
            for m in marks {
                stmt.execute(params![m.registration_id, m.day.to_string(), m.present, m.source.code(), m.minutes, now])
                    .map_err(db_err)?;
            }
            write_audit(tx, &audit, None)
        })
    }
}
