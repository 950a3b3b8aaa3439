//! The one review path of every kind of report: read within scope, the transitions an actor
//! may take, taking one (with its audit record, aggregate change and derived figures), what
//! waits for whom, and the idempotent create by client id. Generic over
//! [`Report`]; the kinds' own services add only what differs (validation, warnings, photos).

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::ids::Id;
use crate::ids::LibraryId;
use crate::library::{Library, Page, PageRequest};
use crate::reporting::policy::Standing;
use crate::reporting::{Report, ReportStatus, ReviewFilter, ReviewPolicy, StatusChange, Transition, valid_client_id};
use crate::services::{Env, libraries};
use crate::{Error, Result};

/// A report the actor may read (its library's rule), as the actor may see it; otherwise it
/// looks missing.
pub fn get<R: Report>(env: &Env, actor: &Actor, id: Id<R>) -> Result<R> {
    Ok(load::<R>(env, actor, id)?.0.shown_to(actor))
}

/// The report as stored with its library, after the read check (for decisions, never for
/// showing).
fn load<R: Report>(env: &Env, actor: &Actor, id: Id<R>) -> Result<(R, Library)> {
    let r = R::load(env.store.as_ref(), id)?.ok_or(Error::NotFound)?;
    let lib = libraries::get(env, actor, r.library_id()).map_err(|_| Error::NotFound)?;
    Ok((r, lib))
}

fn standing<R: Report>(actor: &Actor, r: &R, lib: &Library) -> Standing {
    Standing {
        status: r.status(),
        edits_library: actor.can_edit_library(lib),
        covers_region: actor.covers_region(r.region_code()),
    }
}

/// The deployment's policy as it applies to a kind (work plans have one level of review).
fn policy_of<R: Report>(deployment: ReviewPolicy) -> ReviewPolicy {
    ReviewPolicy::new(R::workflow(deployment.workflow))
}

/// The transitions the actor may take on this report now.
pub fn available<R: Report>(env: &Env, actor: &Actor, policy: ReviewPolicy, r: &R) -> Result<Vec<Transition>> {
    let policy = policy_of::<R>(policy);
    let lib = libraries::get(env, actor, r.library_id())?;
    Ok(policy.allowed(actor, standing(actor, r, &lib)))
}

/// Takes a transition: checked by the policy, then written with its audit record; a report
/// that starts or stops counting (approval, reopening) changes the aggregates and the
/// derived figures in the same transaction.
pub fn transition<R: Report>(
    env: &Env,
    actor: &Actor,
    policy: ReviewPolicy,
    id: Id<R>,
    t: Transition,
    note: Option<&str>,
) -> Result<R> {
    let (r, lib) = load::<R>(env, actor, id)?;
    let policy = policy_of::<R>(policy);
    let (next, note) = policy.check(actor, standing(actor, &r, &lib), t, note)?;
    let at = env.now();
    let change = StatusChange::of(&r, next, note.clone(), at);
    let audit = AuditRecord::new(actor, AuditAction::Update, R::KIND.status_entity(), at)
        .id(id)
        .region(Some(r.region_code().clone()))
        .before(&serde_json::json!({"status": r.status()}))
        .after(&serde_json::json!({"status": next, "transition": t, "comment": note}));
    env.store.change_status(&change, audit).map_err(|e| match e {
        Error::Stale => Error::Conflict("Status laporan sudah berubah; muat ulang halaman.".into()),
        other => other,
    })?;
    // Read again for the new status and version; the read check above still holds.
    Ok(R::load(env.store.as_ref(), id)?.ok_or(Error::NotFound)?.shown_to(actor))
}

/// Reports of a kind in the actor's scope with a status, as the actor may see them.
fn in_scope<R: Report>(env: &Env, actor: &Actor, status: ReportStatus, page: PageRequest) -> Result<Page<R>> {
    let mut f = ReviewFilter { status: Some(status), ..Default::default() };
    actor.narrow(&mut f.region, &mut f.library_id)?;
    let mut p = R::list_for_review(env.store.as_ref(), &f, page)?;
    p.items = p.items.into_iter().map(|r| r.shown_to(actor)).collect();
    Ok(p)
}

/// What waits for the actor: reports at their level to review ("menunggu verifikasi saya"),
/// and their own reports sent back to correct ("dikembalikan kepada saya").
pub struct Inbox<R> {
    pub waiting: Page<R>,
    pub returned: Page<R>,
}

pub fn inbox<R: Report>(env: &Env, actor: &Actor, policy: ReviewPolicy, page: PageRequest) -> Result<Inbox<R>> {
    let policy = policy_of::<R>(policy);
    let empty = || Page { items: Vec::new(), total: 0, page: 1, per_page: page.per_page };
    let of = |s: Option<ReportStatus>| match s {
        Some(s) => in_scope(env, actor, s, page),
        None => Ok(empty()),
    };
    Ok(Inbox { waiting: of(policy.waiting_for(actor))?, returned: of(policy.returned_to(actor))? })
}

/// A report the actor may change now, with its library: the library's staff or a
/// coordinator above it, while the report is a draft or returned.
pub fn editable<R: Report>(env: &Env, actor: &Actor, id: Id<R>) -> Result<(R, Library)> {
    let (r, lib) = load::<R>(env, actor, id)?;
    let r = r.shown_to(actor);
    actor.require(actor.can_edit_library(&lib))?;
    if !r.status().editable() {
        return Err(Error::Conflict(
            "Laporan ini sedang ditinjau atau sudah disetujui sehingga terkunci. Minta peninjau mengembalikan atau membuka kembali.".into(),
        ));
    }
    Ok((r, lib))
}

/// What a stored editable report's update refused with `Stale` means to the person.
pub fn stale_edit(e: Error) -> Error {
    match e {
        Error::Stale => Error::Conflict(
            "Laporan ini sudah diubah orang lain atau sedang ditinjau. Muat ulang lalu ulangi perubahan.".into(),
        ),
        other => other,
    }
}

/// Creates a report once per client id. The actor must be able to change the library. A
/// retry of the same submission (the same library's client id) answers with the report
/// stored the first time (`false` = not newly created), also when a concurrent retry won the
/// race meanwhile; another library's client id is refused without revealing that report.
pub fn create_once<R: Report>(
    env: &Env,
    actor: &Actor,
    library_id: LibraryId,
    client_id: Option<&str>,
    insert: impl FnOnce(&Library, Option<&str>) -> Result<R>,
) -> Result<(R, bool)> {
    let lib = libraries::get(env, actor, library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    let client_id = client_id.map(|c| c.trim().to_ascii_lowercase()).filter(|c| !c.is_empty());
    let retried = |c: &str| -> Result<Option<R>> {
        match R::by_client_id(env.store.as_ref(), c)? {
            Some(r) if r.library_id() == library_id => Ok(Some(r.shown_to(actor))),
            Some(_) => Err(Error::Conflict("client_id sudah dipakai.".into())),
            None => Ok(None),
        }
    };
    if let Some(c) = &client_id {
        if !valid_client_id(c) {
            return Err(Error::field("client_id", "client_id harus UUID.", "client_id must be a UUID."));
        }
        if let Some(existing) = retried(c)? {
            return Ok((existing, false));
        }
    }
    match insert(&lib, client_id.as_deref()) {
        Ok(r) => Ok((r.shown_to(actor), true)),
        // A concurrent retry of the same submission was stored meanwhile (its insert won, or
        // it now looks like a duplicate of itself): answer with the stored report.
        Err(e) => match client_id.as_deref() {
            Some(c) => retried(c)?.map(|r| (r, false)).ok_or(e),
            None => Err(e),
        },
    }
}
