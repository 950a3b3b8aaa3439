//! The review policy: the one answer to "may this actor take this transition on this report
//! here?" and "what waits for this actor?", for every kind of report.

use crate::access::Actor;
use crate::i18n::Lang;
use crate::text::clean_opt;
use crate::user::Role;
use crate::{Error, Result};

use super::workflow::{Level, ReportStatus, Transition, Workflow};

/// Where an actor stands towards one report.
#[derive(Debug, Clone, Copy)]
pub struct Standing {
    pub status: ReportStatus,
    /// The actor may change the report's library (its staff, or a coordinator above it).
    pub edits_library: bool,
    /// The report's region lies inside the actor's region scope.
    pub covers_region: bool,
}

/// The review rules of a deployment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewPolicy {
    pub workflow: Workflow,
}

/// The longest note a reviewer can leave.
pub const MAX_NOTE_CHARS: usize = 2000;

impl ReviewPolicy {
    pub fn new(workflow: Workflow) -> Self {
        ReviewPolicy { workflow }
    }

    /// The highest level an actor acts at; trainers and viewers only read.
    pub fn level_of(actor: &Actor) -> Option<Level> {
        match actor.role {
            Role::LibraryManager => Some(Level::Library),
            Role::RegencyCoordinator => Some(Level::Regency),
            Role::ProvinceCoordinator | Role::NationalAdmin => Some(Level::Province),
            Role::Trainer | Role::Viewer => None,
        }
    }

    /// Whether `actor` may take `t` on a report standing as `s` (that the transition applies
    /// to the status is [`Workflow::next`]'s question). The library submits its own reports;
    /// reviewers act at their level or below, within their region.
    fn may(&self, actor: &Actor, s: Standing, t: Transition) -> bool {
        let Some(mine) = Self::level_of(actor) else { return false };
        match self.workflow.level_of(s.status, t) {
            Level::Library => s.edits_library,
            needed => mine >= needed && s.covers_region,
        }
    }

    /// The transitions the actor may take now, for showing buttons.
    pub fn allowed(&self, actor: &Actor, s: Standing) -> Vec<Transition> {
        Transition::ALL
            .iter()
            .copied()
            .filter(|t| self.workflow.next(s.status, *t).is_some() && self.may(actor, s, *t))
            .collect()
    }

    /// Checks one transition and returns the status it leads to with the cleaned note: the
    /// transition must apply to the current status (`Conflict`), be the actor's to take
    /// (`Forbidden`), and carry a note when it sends the report back (a field error).
    pub fn check(
        &self,
        actor: &Actor,
        s: Standing,
        t: Transition,
        note: Option<&str>,
    ) -> Result<(ReportStatus, Option<String>)> {
        let Some(next) = self.workflow.next(s.status, t) else {
            return Err(Error::Conflict(format!(
                "Laporan berstatus '{}' tidak dapat di-{}.",
                s.status.label(Lang::Id),
                t.label(Lang::Id).to_lowercase()
            )));
        };
        if !self.may(actor, s, t) {
            return Err(Error::Forbidden);
        }
        Ok((next, check_note(t, note)?))
    }

    /// The status of reports waiting for this actor's review, if the actor reviews at all.
    pub fn waiting_for(&self, actor: &Actor) -> Option<ReportStatus> {
        Self::level_of(actor).and_then(|l| self.workflow.waiting_at(l))
    }

    /// The status of reports sent back to this actor to correct: a library's own.
    pub fn returned_to(&self, actor: &Actor) -> Option<ReportStatus> {
        (Self::level_of(actor) == Some(Level::Library)).then_some(ReportStatus::Returned)
    }
}

/// A reviewer's note: required when sending a report back, bounded in length.
pub fn check_note(t: Transition, note: Option<&str>) -> Result<Option<String>> {
    let c = clean_opt(note);
    if t.needs_note() && c.is_none() {
        return Err(Error::field(
            "comment",
            "Tuliskan alasan atau catatan untuk perpustakaan.",
            "Write a reason or note for the library.",
        ));
    }
    if c.as_ref().is_some_and(|c| c.chars().count() > MAX_NOTE_CHARS) {
        return Err(Error::field(
            "comment",
            "Catatan terlalu panjang (maks. 2000 karakter).",
            "Note too long (max 2000 characters).",
        ));
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::Scope;
    use ReportStatus::*;
    use Transition::*;

    fn actor(role: Role) -> Actor {
        Actor { user_id: Some(1), name: "t".into(), role, scope: Scope::Nation, scope_region: None }
    }
    fn at(status: ReportStatus) -> Standing {
        Standing { status, edits_library: true, covers_region: true }
    }

    #[test]
    fn each_level_takes_its_own_steps() {
        let p = ReviewPolicy::default();
        let (manager, regency, province) =
            (actor(Role::LibraryManager), actor(Role::RegencyCoordinator), actor(Role::ProvinceCoordinator));
        assert_eq!(p.allowed(&manager, at(Draft)), [Submit]);
        assert!(p.allowed(&manager, at(Submitted)).is_empty());
        assert_eq!(p.allowed(&regency, at(Submitted)), [Verify, Return]);
        assert!(p.allowed(&regency, at(Verified)).is_empty(), "the province answers for verified reports");
        assert_eq!(p.allowed(&province, at(Verified)), [Approve, Return]);
        assert_eq!(p.allowed(&province, at(Approved)), [Reopen]);
        assert!(p.allowed(&actor(Role::Viewer), at(Submitted)).is_empty());
        let elsewhere = Standing { covers_region: false, ..at(Submitted) };
        assert!(p.allowed(&regency, elsewhere).is_empty(), "outside the region");
        assert!(matches!(p.check(&regency, at(Verified), Approve, None), Err(Error::Forbidden)));
        assert!(matches!(p.check(&province, at(Draft), Approve, None), Err(Error::Conflict(_))));
        assert!(matches!(p.check(&province, at(Verified), Return, Some(" ")), Err(Error::Validation(_))));
        assert_eq!(
            p.check(&province, at(Verified), Return, Some(" Kurang foto ")).unwrap(),
            (Returned, Some("Kurang foto".into()))
        );
    }

    #[test]
    fn one_level_lets_the_regency_approve() {
        let p = ReviewPolicy::new(Workflow { levels: 1 });
        assert_eq!(p.allowed(&actor(Role::RegencyCoordinator), at(Submitted)), [Approve, Return]);
        assert_eq!(p.allowed(&actor(Role::RegencyCoordinator), at(Approved)), [Reopen]);
        assert_eq!(p.waiting_for(&actor(Role::ProvinceCoordinator)), Some(Submitted));
    }

    #[test]
    fn what_waits_for_whom() {
        let p = ReviewPolicy::default();
        assert_eq!(p.waiting_for(&actor(Role::RegencyCoordinator)), Some(Submitted));
        assert_eq!(p.waiting_for(&actor(Role::NationalAdmin)), Some(Verified));
        assert_eq!(p.waiting_for(&actor(Role::LibraryManager)), None);
        assert_eq!(p.returned_to(&actor(Role::LibraryManager)), Some(Returned));
        assert_eq!(p.returned_to(&actor(Role::RegencyCoordinator)), None);
    }
}
