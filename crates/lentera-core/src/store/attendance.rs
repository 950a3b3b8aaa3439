//! Attendance per event day.

use crate::Result;
use crate::audit::AuditRecord;
use crate::event::AttendanceMark;

/// Attendance marks per event day.
pub trait AttendanceStore {
    fn attendance(&self, event_id: i64) -> Result<Vec<AttendanceMark>>;
    /// Records marks (replacing the same person's mark for the same day), all or none.
    fn save_attendance(&self, marks: &[AttendanceMark], now: i64, audit: AuditRecord) -> Result<()>;
}
