//! Attendance per event day.

use crate::Result;
use crate::audit::AuditRecord;
use crate::event::AttendanceMark;
use crate::ids::EventId;

/// Attendance marks per event day.
pub trait AttendanceStore {
    fn attendance(&self, event_id: EventId) -> Result<Vec<AttendanceMark>>;
    /// Records marks (replacing the same person's mark for the same day), all or none.
    fn save_attendance(&self, marks: &[AttendanceMark], now: i64, audit: AuditRecord) -> Result<()>;
}
