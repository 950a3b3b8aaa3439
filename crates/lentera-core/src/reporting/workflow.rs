//! The statuses a report passes through, the transitions between them, and the level of
//! the hierarchy that takes each transition.

use serde::{Deserialize, Serialize};

crate::vocabulary! {
    /// Where a report stands in its review.
    ReportStatus {
        Draft = "draft", "Draf", "Draft";
        Submitted = "submitted", "Diajukan", "Submitted";
        Verified = "verified", "Diverifikasi", "Verified";
        Approved = "approved", "Disetujui", "Approved";
        Returned = "returned", "Dikembalikan", "Returned";
    }
}

crate::vocabulary! {
    /// What the library or a reviewer does to a report.
    Transition {
        Submit = "submit", "Ajukan", "Submit";
        Verify = "verify", "Verifikasi", "Verify";
        Approve = "approve", "Setujui", "Approve";
        Return = "return", "Kembalikan", "Return";
        Reopen = "reopen", "Buka kembali", "Reopen";
    }
}

impl ReportStatus {
    /// The statuses in which the library may still change a report; the rest are locked.
    pub const EDITABLE: [ReportStatus; 2] = [ReportStatus::Draft, ReportStatus::Returned];

    /// Only approved reports count in figures, aggregates, KPI colours and KTAK.
    pub const COUNTED: ReportStatus = ReportStatus::Approved;

    /// A report not yet sent up: every other status counts as reported (for completeness and
    /// timeliness), even when it was later returned.
    pub const UNSENT: ReportStatus = ReportStatus::Draft;

    pub fn editable(self) -> bool {
        Self::EDITABLE.contains(&self)
    }

    pub fn counted(self) -> bool {
        self == Self::COUNTED
    }
}

impl Transition {
    /// Sending a report back (returning or reopening it) needs a note for the library.
    pub fn needs_note(self) -> bool {
        matches!(self, Transition::Return | Transition::Reopen)
    }
}

/// A level of the hierarchy, lowest first: who acts on a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The library's own staff.
    Library,
    /// The regency or city office (and anyone above it).
    Regency,
    /// The province office (and the national administrators).
    Province,
}

/// How many review levels a deployment uses: 2 = regency verifies, province approves;
/// 1 = the regency's verification is the approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workflow {
    pub levels: u8,
}

impl Default for Workflow {
    fn default() -> Self {
        Workflow { levels: 2 }
    }
}

impl Workflow {
    fn two_levels(self) -> bool {
        self.levels >= 2
    }

    /// The level that approves (and so reopens).
    pub fn approver(self) -> Level {
        if self.two_levels() { Level::Province } else { Level::Regency }
    }

    /// The status a transition leads to from `from`, if the transition applies at all.
    pub fn next(self, from: ReportStatus, t: Transition) -> Option<ReportStatus> {
        use ReportStatus::*;
        use Transition::*;
        match (from, t) {
            (Draft | Returned, Submit) => Some(Submitted),
            (Submitted, Verify) if self.two_levels() => Some(Verified),
            (Submitted, Approve) if !self.two_levels() => Some(Approved),
            (Verified, Approve) if self.two_levels() => Some(Approved),
            (Submitted, Return) => Some(Returned),
            (Verified, Return) if self.two_levels() => Some(Returned),
            (Approved, Reopen) => Some(Returned),
            _ => None,
        }
    }

    /// The level that takes `t` on a report in `from`: whoever reviews at the current
    /// level also sends it back.
    pub fn level_of(self, from: ReportStatus, t: Transition) -> Level {
        match t {
            Transition::Submit => Level::Library,
            Transition::Verify => Level::Regency,
            Transition::Approve | Transition::Reopen => self.approver(),
            Transition::Return if from == ReportStatus::Verified => Level::Province,
            Transition::Return => Level::Regency,
        }
    }

    /// The status of reports waiting for a level's review.
    pub fn waiting_at(self, level: Level) -> Option<ReportStatus> {
        match level {
            Level::Library => None,
            Level::Regency => Some(ReportStatus::Submitted),
            Level::Province if self.two_levels() => Some(ReportStatus::Verified),
            Level::Province => Some(ReportStatus::Submitted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportStatus::*;
    use Transition::*;

    #[test]
    fn two_levels() {
        let w = Workflow::default();
        assert_eq!(w.next(Draft, Submit), Some(Submitted));
        assert_eq!(w.next(Submitted, Verify), Some(Verified));
        assert_eq!(w.next(Submitted, Approve), None, "the province approves only verified reports");
        assert_eq!(w.next(Verified, Approve), Some(Approved));
        assert_eq!(w.next(Approved, Reopen), Some(Returned));
        assert_eq!(w.next(Returned, Submit), Some(Submitted));
        assert_eq!(w.next(Approved, Submit), None);
        assert_eq!(w.level_of(Verified, Return), Level::Province);
        assert_eq!(w.level_of(Submitted, Return), Level::Regency);
        assert_eq!(w.waiting_at(Level::Province), Some(Verified));
    }

    #[test]
    fn one_level() {
        let w = Workflow { levels: 1 };
        assert_eq!(w.next(Submitted, Approve), Some(Approved));
        assert_eq!(w.next(Submitted, Verify), None);
        assert_eq!(w.level_of(Submitted, Approve), Level::Regency);
        assert_eq!(w.waiting_at(Level::Province), Some(Submitted));
    }

    #[test]
    fn what_locks_and_what_counts() {
        assert!(Draft.editable() && Returned.editable());
        assert!(!Submitted.editable() && !Verified.editable() && !Approved.editable());
        assert!(Approved.counted() && !Verified.counted());
        assert!(Return.needs_note() && Reopen.needs_note() && !Approve.needs_note());
    }
}
