//! Programme events with their agenda, trainers and quotas.

use crate::Result;
use crate::audit::AuditRecord;
use crate::event::{AgendaSession, Event, EventFields, EventFilter, Quota, SessionFields, Trainer};
use crate::ids::EventId;
use crate::library::{Page, PageRequest};

pub trait EventStore {
    fn event(&self, id: EventId) -> Result<Option<Event>>;
    fn event_by_registration_code(&self, code: &str) -> Result<Option<Event>>;
    fn list_events(&self, filter: &EventFilter, page: PageRequest) -> Result<Page<Event>>;
    fn insert_event(&self, new: &NewEvent, now: i64, audit: AuditRecord) -> Result<Event>;
    /// Refused with `Error::Stale` when the stored version is not `expected_version`.
    fn update_event(
        &self,
        id: EventId,
        expected_version: i64,
        fields: &EventFields,
        trainers: &[Trainer],
        now: i64,
        audit: AuditRecord,
    ) -> Result<Event>;
    /// Refused with `Error::InUse` while anyone is registered.
    fn delete_event(&self, id: EventId, audit: AuditRecord) -> Result<()>;
    fn save_quotas(&self, event_id: EventId, quotas: &[Quota], audit: AuditRecord) -> Result<()>;
    fn agenda(&self, event_id: EventId) -> Result<Vec<AgendaSession>>;
    fn insert_agenda_session(
        &self,
        event_id: EventId,
        fields: &SessionFields,
        audit: AuditRecord,
    ) -> Result<AgendaSession>;
    fn delete_agenda_session(&self, event_id: EventId, id: i64, audit: AuditRecord) -> Result<()>;
}

/// What creating an event writes.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub fields: EventFields,
    pub trainers: Vec<Trainer>,
    pub quotas: Vec<Quota>,
    pub registration_code: String,
    pub checkin_secret: String,
}
