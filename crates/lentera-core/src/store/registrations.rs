//! Registrations for events.

use crate::Result;
use crate::audit::AuditRecord;
use crate::event::{Registration, RegistrationFilter, RegistrationStatus};
use crate::ids::EventId;

/// Registrations of people for events, within capacity and quotas.
pub trait RegistrationStore {
    fn registration(&self, id: i64) -> Result<Option<Registration>>;
    fn registration_by_code(&self, event_id: EventId, code: &str) -> Result<Option<Registration>>;
    fn registrations(&self, event_id: EventId, filter: &RegistrationFilter) -> Result<Vec<Registration>>;
    /// Registers a person. A `Registered` request becomes `Waitlisted` when no seat is free:
    /// the event's capacity, or the quota for the person's library type counted over the
    /// people of the same library. Checked inside the write, so two coordinators cannot both
    /// take the last seat.
    #[allow(clippy::too_many_arguments)]
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
    ) -> Result<Registration>;
    /// Moves a registration from `from` to `to` (refused with `Error::Stale` if it moved
    /// meanwhile); moving into `Registered` lands on the waiting list when no seat is free.
    fn set_registration_status(
        &self,
        id: i64,
        from: RegistrationStatus,
        to: RegistrationStatus,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Registration>;
    /// Registers waiting people, longest waiting first, for whom a seat is free now.
    fn promote_waitlisted(&self, event_id: EventId, now: i64, audit: AuditRecord) -> Result<Vec<Registration>>;
}
