//! Personal data of programme participants under UU 27/2022 (Pelindungan Data Pribadi):
//! every opening of a person's record is logged, a person's data can be exported on request,
//! and a person can be anonymised — their registrations, attendance and certificates stay
//! as counts, their name and contacts go. Who may do each follows the one rule of
//! `events::in_scope`; exporting and anonymising are for coordinators (the controllers'
//! staff), not for library managers.

use serde::Serialize;

use crate::access::Actor;
use crate::audit::{AuditAction, AuditEntry, AuditFilter, AuditRecord};
use crate::event::Person;
use crate::event::TrainingRecord;
use crate::library::PageRequest;
use crate::services::Env;
use crate::services::events;
use crate::{Error, Result};

/// How long a participant's personal data is kept: until five years after the last event
/// they registered for, then anonymised on request of the office or by an administrator.
pub const RETENTION_YEARS: i32 = 5;

fn logged(env: &Env, actor: &Actor, action: AuditAction, p: &Person) -> AuditRecord {
    AuditRecord::new(actor, action, "person", env.now()).id(p.id).region(Some(p.fields.region_code.clone()))
}

/// A person's record for someone allowed to see it; the opening is logged.
pub fn open(env: &Env, actor: &Actor, id: i64) -> Result<(Person, Vec<TrainingRecord>)> {
    let (p, history) = events::person(env, actor, id)?;
    env.store.record_access(logged(env, actor, AuditAction::View, &p))?;
    Ok((p, history))
}

/// Everything Lentera holds about a person, for their request to see it.
#[derive(Debug, Serialize)]
pub struct PersonExport {
    pub exported_at: i64,
    pub person: Person,
    pub training_history: Vec<TrainingRecord>,
    /// Changes to the record and who opened or exported it.
    pub log: Vec<AuditEntry>,
    pub retention: String,
}

fn may_handle(actor: &Actor, p: &Person) -> Result<()> {
    actor.require(actor.role.is_coordinator() && events::in_scope(actor, p))
}

pub fn export(env: &Env, actor: &Actor, id: i64) -> Result<PersonExport> {
    let (person, training_history) = events::person(env, actor, id)?;
    may_handle(actor, &person)?;
    env.store.record_access(logged(env, actor, AuditAction::Export, &person))?;
    let filter = AuditFilter { entity: Some("person".into()), entity_id: Some(id), ..Default::default() };
    let log = env.store.list_audit(&filter, PageRequest::new(None, Some(PageRequest::MAX_PER_PAGE)))?.items;
    Ok(PersonExport {
        exported_at: env.now(),
        person,
        training_history,
        log,
        retention: format!(
            "Data pribadi peserta disimpan sampai {RETENTION_YEARS} tahun setelah acara terakhirnya, lalu dianonimkan."
        ),
    })
}

/// The label an anonymised person carries instead of their name.
pub fn anonymous_label(id: i64) -> String {
    format!("Anonim #{id}")
}

/// Removes a person's name and contacts for good; counts of their participation remain.
pub fn anonymise(env: &Env, actor: &Actor, id: i64) -> Result<()> {
    let (p, _) = events::person(env, actor, id)?;
    may_handle(actor, &p)?;
    if p.fields.full_name == anonymous_label(id) {
        return Err(Error::Conflict("Orang ini sudah dianonimkan.".into()));
    }
    let audit = logged(env, actor, AuditAction::Anonymise, &p);
    env.store.anonymise_person(id, &anonymous_label(id), env.now(), audit)
}
