//! Stakeholders, advocacy activities and commitments: read within the owner's scope
//! ([`Owner::readable_by`]), changed by the owner's chain, contacts shown only to it; promises
//! kept, tallied for a place, a library or a stakeholder.

use crate::access::Actor;
use crate::advocacy::CommitmentFilter;
use crate::advocacy::{
    Advocacy, AdvocacyFilter, AdvocacyInput, Commitment, CommitmentInput, CommitmentKind, CommitmentStanding, Owner,
    PromisesKept, Stakeholder, StakeholderFilter, StakeholderInput, no_owner,
};
use crate::audit::{AuditAction, AuditRecord};
use crate::ids::LibraryId;
use crate::library::{Page, PageRequest};
use crate::region::{RegionCode, TimeZone};
use crate::services::{Env, libraries};
use crate::{Error, Result};

/// The owner a new record gets: a library the actor may change, or an office region the
/// actor coordinates (not a library's staff).
pub fn owner_for(env: &Env, actor: &Actor, library_id: Option<LibraryId>, region: Option<RegionCode>) -> Result<Owner> {
    let owner = match (library_id, region) {
        (Some(id), _) => {
            let lib = libraries::get(env, actor, id)?;
            Owner { library_id: Some(lib.id), library_name: Some(lib.name), region_code: lib.region_code }
        }
        (None, Some(region)) => Owner { library_id: None, library_name: None, region_code: region },
        (None, None) => return Err(no_owner()),
    };
    actor.require(owner.editable_by(actor))?;
    Ok(owner)
}

fn zone(owner: &Owner) -> TimeZone {
    owner.region_code.time_zone()
}

/// Whether the actor may read an owner's records: [`Owner::readable_by`], and a library's
/// staff also read the offices above their library (whom their advocacy meets).
pub(crate) fn readable(env: &Env, actor: &Actor, owner: &Owner) -> Result<bool> {
    if owner.readable_by(actor) {
        return Ok(true);
    }
    Ok(match (&actor.scope, owner.library_id) {
        (crate::user::Scope::Library { library_id }, None) => {
            owner.region_code.contains(&libraries::get(env, actor, *library_id)?.region_code)
        }
        _ => false,
    })
}

// ---- Stakeholders ----

pub fn stakeholder(env: &Env, actor: &Actor, id: i64) -> Result<Stakeholder> {
    let s = env.store.stakeholder(id)?.ok_or(Error::NotFound)?;
    if !readable(env, actor, &s.owner)? {
        return Err(Error::NotFound);
    }
    Ok(s.shown_to(actor))
}

pub fn stakeholders(
    env: &Env,
    actor: &Actor,
    mut f: StakeholderFilter,
    page: PageRequest,
) -> Result<Page<Stakeholder>> {
    actor.narrow(&mut f.region, &mut f.library_id)?;
    let mut p = env.store.list_stakeholders(&f, page)?;
    p.items = p.items.into_iter().map(|s| s.shown_to(actor)).collect();
    Ok(p)
}

/// Those an owner's advocacy may name: its own and its offices' (readable by whoever may
/// read the owner's records; contacts as [`Stakeholder::shown_to`] allows).
pub fn stakeholders_for(env: &Env, actor: &Actor, owner: &Owner) -> Result<Vec<Stakeholder>> {
    if !readable(env, actor, owner)? {
        return Err(Error::NotFound);
    }
    Ok(env
        .store
        .stakeholders_for(owner.library_id, &owner.region_code)?
        .into_iter()
        .map(|s| s.shown_to(actor))
        .collect())
}

pub fn create_stakeholder(env: &Env, actor: &Actor, owner: &Owner, input: &StakeholderInput) -> Result<Stakeholder> {
    actor.require(owner.editable_by(actor))?;
    let f = input.validate()?;
    let now = env.now();
    // Contacts stay out of the audit record's copy: it is read by more people.
    let audit = AuditRecord::new(actor, AuditAction::Create, "stakeholder", now)
        .region(Some(owner.region_code.clone()))
        .after(&serde_json::json!({"name": f.name, "kind": f.kind, "role": f.role}));
    env.store.insert_stakeholder(owner, &f, now, audit).map(|s| s.shown_to(actor))
}

pub fn update_stakeholder(
    env: &Env,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    input: &StakeholderInput,
) -> Result<Stakeholder> {
    let before = stakeholder(env, actor, id)?;
    actor.require(before.owner.editable_by(actor))?;
    let f = input.validate()?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "stakeholder", now)
        .id(id)
        .region(Some(before.owner.region_code.clone()))
        .before(&serde_json::json!({"name": before.name, "kind": before.kind, "role": before.role}))
        .after(&serde_json::json!({"name": f.name, "kind": f.kind, "role": f.role}));
    env.store.update_stakeholder(id, expected_version, &f, now, audit).map_err(stale).map(|s| s.shown_to(actor))
}

/// What a stale edit of an owned record means to the person.
pub(crate) fn stale(e: Error) -> Error {
    match e {
        Error::Stale => Error::Conflict("Data ini sudah diubah orang lain. Muat ulang lalu ulangi perubahan.".into()),
        other => other,
    }
}

// ---- Advocacy ----

pub fn advocacy(env: &Env, actor: &Actor, id: i64) -> Result<Advocacy> {
    let a = env.store.advocacy(id)?.ok_or(Error::NotFound)?;
    if !readable(env, actor, &a.owner)? {
        return Err(Error::NotFound);
    }
    Ok(a)
}

pub fn list(env: &Env, actor: &Actor, mut f: AdvocacyFilter, page: PageRequest) -> Result<Page<Advocacy>> {
    actor.narrow(&mut f.region, &mut f.library_id)?;
    env.store.list_advocacy(&f, page)
}

fn known(env: &Env, actor: &Actor, owner: &Owner) -> Result<Vec<i64>> {
    Ok(stakeholders_for(env, actor, owner)?.into_iter().map(|s| s.id).collect())
}

/// Records an advocacy activity once per client id (a retry answers the first, `false`).
pub fn create(
    env: &Env,
    actor: &Actor,
    owner: &Owner,
    client_id: Option<&str>,
    input: &AdvocacyInput,
) -> Result<(Advocacy, bool)> {
    actor.require(owner.editable_by(actor))?;
    let client_id = client_id.map(|c| c.trim().to_ascii_lowercase()).filter(|c| !c.is_empty());
    if let Some(c) = &client_id {
        if !crate::reporting::valid_client_id(c) {
            return Err(Error::field("client_id", "client_id harus UUID.", "client_id must be a UUID."));
        }
        if let Some(a) = env.store.advocacy_by_client_id(c)? {
            return if a.owner == *owner {
                Ok((a, false))
            } else {
                Err(Error::Conflict("client_id sudah dipakai.".into()))
            };
        }
    }
    let f = input.validate(env.today(zone(owner)), &known(env, actor, owner)?)?;
    let now = env.now();
    let audit =
        AuditRecord::new(actor, AuditAction::Create, "advocacy", now).region(Some(owner.region_code.clone())).after(&f);
    Ok((env.store.insert_advocacy(owner, client_id.as_deref(), &f, actor.user_id, now, audit)?, true))
}

pub fn update(env: &Env, actor: &Actor, id: i64, expected_version: i64, input: &AdvocacyInput) -> Result<Advocacy> {
    let before = advocacy(env, actor, id)?;
    actor.require(before.owner.editable_by(actor))?;
    let f = input.validate(env.today(zone(&before.owner)), &known(env, actor, &before.owner)?)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "advocacy", now)
        .id(id)
        .region(Some(before.owner.region_code.clone()))
        .after(&f);
    env.store.update_advocacy(id, expected_version, &f, now, audit).map_err(stale)
}

// ---- Commitments ----

/// The plan line a promise of money is expected in: the chosen one, else the first line of
/// the same source in the library's latest plan for the year (`None` when there is none).
fn expected_line(
    env: &Env,
    owner: &Owner,
    year: i32,
    source: Option<crate::workplan::FundingSource>,
    chosen: Option<i32>,
) -> Result<Option<i32>> {
    let Some(lib) = owner.library_id else { return Ok(None) };
    let Some(plan) = env.store.work_plan_revisions(lib, year)?.into_iter().next() else {
        return match chosen {
            Some(_) => Err(Error::field(
                "line_no",
                "Perpustakaan belum punya rencana kerja untuk tahun itu.",
                "The library has no work plan for that year.",
            )),
            None => Ok(None),
        };
    };
    match chosen {
        Some(no) if plan.content.line(no).is_some() => Ok(Some(no)),
        Some(_) => {
            Err(Error::field("line_no", "Pilih baris anggaran rencana kerja.", "Choose a budget line of the plan."))
        }
        None => Ok(plan.content.lines.iter().find(|l| Some(l.source) == source).map(|l| l.no)),
    }
}

/// Records a promise made in an advocacy activity by one of those met.
pub fn add_commitment(env: &Env, actor: &Actor, advocacy_id: i64, input: &CommitmentInput) -> Result<Commitment> {
    let a = advocacy(env, actor, advocacy_id)?;
    actor.require(a.owner.editable_by(actor))?;
    let met: Vec<i64> = a.met.iter().map(|(id, _)| *id).collect();
    let mut f = input.validate(&met, env.year(zone(&a.owner)))?;
    if f.kind == CommitmentKind::Money {
        f.line_no = expected_line(env, &a.owner, f.year, f.source, f.line_no)?;
    }
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Create, "commitment", now)
        .region(Some(a.owner.region_code.clone()))
        .after(&f);
    env.store.insert_commitment(advocacy_id, &f, now, audit)
}

/// Marks a promise that is not money kept or lapsed (`None` reopens it), or moves a promise
/// of money to another line of the plan.
pub fn resolve_commitment(
    env: &Env,
    actor: &Actor,
    id: i64,
    resolution: Option<CommitmentStanding>,
    line_no: Option<i32>,
) -> Result<Commitment> {
    let c = env.store.commitment(id)?.ok_or(Error::NotFound)?;
    if !c.owner.readable_by(actor) {
        return Err(Error::NotFound);
    }
    actor.require(c.owner.editable_by(actor))?;
    let (resolution, line_no) = match c.kind {
        CommitmentKind::Money => {
            if resolution.is_some_and(|r| r != CommitmentStanding::Lapsed) {
                return Err(Error::field(
                    "resolution",
                    "Janji dana ditepati bila anggarannya tercatat di rencana kerja; catat di baris anggarannya.",
                    "A promise of money is kept when its budget is recorded in the plan; record it on its line.",
                ));
            }
            (resolution, expected_line(env, &c.owner, c.year, c.source, line_no)?)
        }
        _ => (resolution, None),
    };
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "commitment", now)
        .id(id)
        .region(Some(c.owner.region_code.clone()))
        .before(&serde_json::json!({"resolution": c.resolution, "line_no": c.line_no}))
        .after(&serde_json::json!({"resolution": resolution, "line_no": line_no}));
    env.store.resolve_commitment(id, resolution, line_no, now, audit)?;
    env.store.commitment(id)?.ok_or(Error::NotFound)
}

/// The most commitments tallied at once; more shows as a partial count.
pub const MAX_TALLIED: i64 = 20_000;

/// Commitments in the actor's scope matching the filter, newest year first.
pub fn commitments(env: &Env, actor: &Actor, mut f: CommitmentFilter, limit: i64) -> Result<Vec<Commitment>> {
    actor.narrow(&mut f.region, &mut f.library_id)?;
    Ok(env.store.commitments(&f, limit)?.into_iter().filter(|c| c.owner.readable_by(actor)).collect())
}

/// Promises made and kept in the actor's scope (a place, a library, a stakeholder, a year).
pub fn promises_kept(env: &Env, actor: &Actor, f: CommitmentFilter) -> Result<PromisesKept> {
    let items = commitments(env, actor, f, MAX_TALLIED)?;
    Ok(PromisesKept::of(&items, env.today(TimeZone::Wib)))
}

/// A library's editable check for its pages (whether to show forms).
pub fn may_edit(actor: &Actor, owner: &Owner) -> bool {
    owner.editable_by(actor)
}
