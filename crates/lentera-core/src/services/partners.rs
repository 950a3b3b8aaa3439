//! The partners of activity reports as stakeholders: read with the activity, linked by the
//! library's reporting chain to stakeholders the library may name (its own and its offices'),
//! and the matching helper that turns the partner text of earlier reports into links once a
//! person confirms each match. Linking does not change a report's reviewed figures, so it is
//! allowed on approved reports too.

use crate::access::Actor;
use crate::advocacy::{Owner, Stakeholder};
use crate::audit::{AuditAction, AuditRecord};
use crate::ids::{ActivityId, LibraryId};
use crate::partners::{MAX_PARTNERS, Suggestion, Target};
use crate::services::{Env, activities, advocacy, libraries};
use crate::{Error, Result};

/// The most activities confirmed at once.
pub const PAGE: i64 = 50;
/// The activities the helper proposes at once: each name offers every stakeholder the
/// library may name, so a phone page stays light with a few reports at a time.
pub const SHOWN: i64 = 10;

/// The partners linked to an activity, for whoever may read the activity.
pub fn of_activity(env: &Env, actor: &Actor, activity_id: ActivityId) -> Result<Vec<(i64, String)>> {
    activities::get(env, actor, activity_id)?;
    env.store.activity_partners(activity_id)
}

/// The library as the owner of what its chain links, checked for change.
fn library_owner(env: &Env, actor: &Actor, library_id: LibraryId) -> Result<Owner> {
    advocacy::owner_for(env, actor, Some(library_id), None)
}

/// The stakeholders the library's reports may name as partners.
pub fn candidates(env: &Env, actor: &Actor, library_id: LibraryId) -> Result<Vec<Stakeholder>> {
    let owner = library_owner(env, actor, library_id)?;
    advocacy::stakeholders_for(env, actor, &owner)
}

/// Checks each activity is the library's and each stakeholder one it may name; new names
/// are trimmed and bounded.
fn check(env: &Env, library_id: LibraryId, links: &[(ActivityId, Vec<Target>)], allowed: &[Stakeholder]) -> Result<()> {
    let mut e = crate::error::Errors::default();
    for (i, (activity, targets)) in links.iter().enumerate() {
        let a = env.store.activity(*activity)?.ok_or(Error::NotFound)?;
        if a.library_id != library_id {
            return Err(Error::NotFound);
        }
        if targets.len() > MAX_PARTNERS {
            e.add(&format!("links[{i}]"), "Paling banyak 20 mitra per kegiatan.", "At most 20 partners per activity.");
        }
        for (j, t) in targets.iter().enumerate() {
            let ok = match t {
                Target::Existing { stakeholder_id } => allowed.iter().any(|s| s.id == *stakeholder_id),
                Target::New { name } => !name.trim().is_empty() && name.chars().count() <= 120,
            };
            if !ok {
                e.add(
                    &format!("links[{i}].targets[{j}]"),
                    "Pilih pemangku kepentingan perpustakaan ini, atau nama baru (maks. 120 karakter).",
                    "Choose a stakeholder of this library, or a new name (at most 120 characters).",
                );
            }
        }
    }
    e.finish()
}

fn link(env: &Env, actor: &Actor, library_id: LibraryId, mut links: Vec<(ActivityId, Vec<Target>)>) -> Result<usize> {
    let owner = library_owner(env, actor, library_id)?;
    let allowed = advocacy::stakeholders_for(env, actor, &owner)?;
    for (_, targets) in &mut links {
        for t in targets.iter_mut() {
            if let Target::New { name } = t {
                *name = name.trim().to_string();
            }
        }
    }
    check(env, library_id, &links, &allowed)?;
    let now = env.now();
    let audit =
        AuditRecord::new(actor, AuditAction::Update, "activity_partners", now).region(Some(owner.region_code.clone()));
    env.store.link_activity_partners(&owner, &links, now, audit)
}

/// Replaces an activity's partners with stakeholders its library may name.
pub fn set(env: &Env, actor: &Actor, activity_id: ActivityId, stakeholder_ids: Vec<i64>) -> Result<Vec<(i64, String)>> {
    let a = activities::get(env, actor, activity_id)?;
    let targets = stakeholder_ids.into_iter().map(|stakeholder_id| Target::Existing { stakeholder_id }).collect();
    link(env, actor, a.library_id, vec![(activity_id, targets)])?;
    env.store.activity_partners(activity_id)
}

/// The library's reports that name partners in text and link none, with a proposed
/// stakeholder for each name; and how many such reports there are.
pub fn suggestions(env: &Env, actor: &Actor, library_id: LibraryId) -> Result<(i64, Vec<Suggestion>)> {
    let known = candidates(env, actor, library_id)?;
    let (total, texts) = env.store.unlinked_partner_texts(library_id, SHOWN)?;
    Ok((total, texts.into_iter().map(|t| Suggestion::of(t, &known)).collect()))
}

/// What confirming the helper did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub activities: usize,
    pub new_stakeholders: usize,
}

/// Applies the matches a person confirmed, all or nothing: each activity gets its targets
/// (an activity with none is left as it was, its text still waiting); at most [`PAGE`].
pub fn apply(
    env: &Env,
    actor: &Actor,
    library_id: LibraryId,
    links: Vec<(ActivityId, Vec<Target>)>,
) -> Result<Applied> {
    libraries::get(env, actor, library_id)?;
    let links: Vec<_> = links.into_iter().filter(|(_, t)| !t.is_empty()).collect();
    if links.len() > PAGE as usize {
        return Err(Error::field(
            "links",
            "Paling banyak 50 kegiatan sekali simpan.",
            "At most 50 activities at once.",
        ));
    }
    let activities = links.len();
    let new_stakeholders = link(env, actor, library_id, links)?;
    Ok(Applied { activities, new_stakeholders })
}
