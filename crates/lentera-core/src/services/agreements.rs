//! Regulations, partnerships and documents: read within the owner's scope, changed by the
//! owner's chain (the same rules as advocacy: [`super::advocacy::readable`],
//! [`Owner::editable_by`]); documents follow the record they belong to.

use crate::access::Actor;
use crate::advocacy::{AdvocacyFilter, Owner};
use crate::agreements::{
    AgreementFilter, Document, DocumentOwner, NewDocument, Partnership, PartnershipInput, Regulation, RegulationInput,
};
use crate::audit::{AuditAction, AuditRecord};
use crate::library::{Page, PageRequest};
use crate::services::advocacy::stale;
use crate::services::{Env, advocacy};
use crate::{Error, Result};

fn check_read(env: &Env, actor: &Actor, owner: &Owner) -> Result<()> {
    if advocacy::readable(env, actor, owner)? { Ok(()) } else { Err(Error::NotFound) }
}

/// The owner's own advocacy activities (those a regulation may name).
fn advocacy_of(env: &Env, owner: &Owner) -> Result<Vec<i64>> {
    let f = AdvocacyFilter {
        library_id: owner.library_id,
        region: owner.library_id.is_none().then(|| owner.region_code.clone()),
        ..Default::default()
    };
    Ok(env
        .store
        .list_advocacy(&f, PageRequest::new(None, Some(PageRequest::MAX_PER_PAGE)))?
        .items
        .into_iter()
        .filter(|a| a.owner == *owner)
        .map(|a| a.id)
        .collect())
}

// ---- Regulations ----

pub fn regulation(env: &Env, actor: &Actor, id: i64) -> Result<Regulation> {
    let r = env.store.regulation(id)?.ok_or(Error::NotFound)?;
    check_read(env, actor, &r.owner)?;
    Ok(r)
}

pub fn regulations(env: &Env, actor: &Actor, mut f: AgreementFilter, page: PageRequest) -> Result<Page<Regulation>> {
    actor.narrow(&mut f.region, &mut f.library_id)?;
    env.store.list_regulations(&f, page)
}

pub fn create_regulation(env: &Env, actor: &Actor, owner: &Owner, input: &RegulationInput) -> Result<Regulation> {
    actor.require(owner.editable_by(actor))?;
    let f = input.validate(&advocacy_of(env, owner)?, None, env.today(owner.region_code.time_zone()))?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Create, "regulation", now)
        .region(Some(owner.region_code.clone()))
        .after(&f);
    env.store.insert_regulation(owner, &f, now, audit)
}

pub fn update_regulation(
    env: &Env,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    input: &RegulationInput,
) -> Result<Regulation> {
    let before = regulation(env, actor, id)?;
    actor.require(before.owner.editable_by(actor))?;
    let today = env.today(before.owner.region_code.time_zone());
    let f = input.validate(&advocacy_of(env, &before.owner)?, Some(before.status), today)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "regulation", now)
        .id(id)
        .region(Some(before.owner.region_code.clone()))
        .before(&serde_json::json!({"status": before.status, "number": before.number}))
        .after(&f);
    env.store.update_regulation(id, expected_version, &f, now, audit).map_err(stale)
}

// ---- Partnerships ----

pub fn partnership(env: &Env, actor: &Actor, id: i64) -> Result<Partnership> {
    let p = env.store.partnership(id)?.ok_or(Error::NotFound)?;
    check_read(env, actor, &p.owner)?;
    Ok(p)
}

pub fn partnerships(env: &Env, actor: &Actor, mut f: AgreementFilter, page: PageRequest) -> Result<Page<Partnership>> {
    actor.narrow(&mut f.region, &mut f.library_id)?;
    env.store.list_partnerships(&f, page)
}

fn stakeholders_of(env: &Env, actor: &Actor, owner: &Owner) -> Result<Vec<i64>> {
    Ok(advocacy::stakeholders_for(env, actor, owner)?.into_iter().map(|s| s.id).collect())
}

pub fn create_partnership(env: &Env, actor: &Actor, owner: &Owner, input: &PartnershipInput) -> Result<Partnership> {
    actor.require(owner.editable_by(actor))?;
    let f = input.validate(&stakeholders_of(env, actor, owner)?)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Create, "partnership", now)
        .region(Some(owner.region_code.clone()))
        .after(&f);
    env.store.insert_partnership(owner, &f, now, audit)
}

pub fn update_partnership(
    env: &Env,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    input: &PartnershipInput,
) -> Result<Partnership> {
    let before = partnership(env, actor, id)?;
    actor.require(before.owner.editable_by(actor))?;
    let f = input.validate(&stakeholders_of(env, actor, &before.owner)?)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "partnership", now)
        .id(id)
        .region(Some(before.owner.region_code.clone()))
        .after(&f);
    env.store.update_partnership(id, expected_version, &f, now, audit).map_err(stale)
}

/// Partnerships in the actor's scope whose renewal is due now (ending within
/// [`crate::agreements::RENEWAL_NOTICE_DAYS`]), ending soonest first.
pub fn renewals_due(env: &Env, actor: &Actor) -> Result<Vec<Partnership>> {
    let today = env.today(crate::region::TimeZone::Wib);
    let mut due = Vec::new();
    for page in 1.. {
        let p = partnerships(
            env,
            actor,
            AgreementFilter::default(),
            PageRequest::new(Some(page), Some(PageRequest::MAX_PER_PAGE)),
        )?;
        let last = p.items.len() < p.per_page as usize;
        // Listed by end date: once one ends after the notice window, the rest do too.
        let mut past_window = false;
        for m in p.items {
            match m.term(today) {
                crate::agreements::Term::RenewalDue(_) => due.push(m),
                crate::agreements::Term::Active | crate::agreements::Term::NotStarted if m.ends_on.is_some() => {
                    past_window = true
                }
                _ => {}
            }
        }
        if last || past_window {
            break;
        }
    }
    Ok(due)
}

// ---- Documents ----

/// The owner of the record a document belongs to, after the read check.
fn owner_of(env: &Env, actor: &Actor, kind: DocumentOwner, id: i64) -> Result<Owner> {
    Ok(match kind {
        DocumentOwner::Advocacy => advocacy::advocacy(env, actor, id)?.owner,
        DocumentOwner::Regulation => regulation(env, actor, id)?.owner,
        DocumentOwner::Partnership => partnership(env, actor, id)?.owner,
    })
}

/// The most documents one record holds.
pub const MAX_DOCUMENTS: usize = 20;

/// Checks, before any file is read, that the actor may add a document to this record now.
pub fn check_upload(env: &Env, actor: &Actor, kind: DocumentOwner, id: i64) -> Result<Owner> {
    let owner = owner_of(env, actor, kind, id)?;
    actor.require(owner.editable_by(actor))?;
    if env.store.documents_of(kind, id)?.len() >= MAX_DOCUMENTS {
        return Err(Error::Conflict(format!("Paling banyak {MAX_DOCUMENTS} dokumen; hapus yang tidak diperlukan.")));
    }
    Ok(owner)
}

pub fn add_document(env: &Env, actor: &Actor, doc: &NewDocument) -> Result<Document> {
    let owner = check_upload(env, actor, doc.owner, doc.owner_id)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Create, "document", now)
        .region(Some(owner.region_code))
        .after(&serde_json::json!({"owner": doc.owner, "owner_id": doc.owner_id, "filename": doc.filename, "bytes": doc.bytes}));
    env.store.insert_document(doc, now, audit)
}

pub fn documents(env: &Env, actor: &Actor, kind: DocumentOwner, id: i64) -> Result<Vec<Document>> {
    owner_of(env, actor, kind, id)?;
    env.store.documents_of(kind, id)
}

/// A document the actor may read (its record's rule); otherwise it looks missing.
pub fn document(env: &Env, actor: &Actor, name: &str) -> Result<Document> {
    let d = env.store.document(name)?.ok_or(Error::NotFound)?;
    owner_of(env, actor, d.owner, d.owner_id).map_err(|_| Error::NotFound)?;
    Ok(d)
}

pub fn delete_document(env: &Env, actor: &Actor, name: &str) -> Result<Document> {
    let d = document(env, actor, name)?;
    let owner = owner_of(env, actor, d.owner, d.owner_id)?;
    actor.require(owner.editable_by(actor))?;
    let audit = AuditRecord::new(actor, AuditAction::Delete, "document", env.now())
        .id(d.id)
        .region(Some(owner.region_code))
        .before(&serde_json::json!({"filename": d.filename}));
    env.store.delete_document(d.id, audit)?;
    Ok(d)
}
