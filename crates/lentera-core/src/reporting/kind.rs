//! What every kind of report provides to the one review path, and what a status change
//! writes.

use crate::Result;
use crate::access::Actor;
use crate::ids::Id;
use crate::ids::LibraryId;
use crate::indicators::{ActivityCounts, MonthlyCounts};
use crate::library::{Page, PageRequest};
use crate::monthly::Period;
use crate::region::RegionCode;
use crate::store::Store;

use super::workflow::{ReportStatus, Workflow};

crate::vocabulary! {
    /// The kinds of report that go through review.
    ReportKind {
        Activity = "activity", "Laporan kegiatan", "Activity report";
        Monthly = "monthly_report", "Laporan bulanan", "Monthly report";
        WorkPlan = "work_plan", "Rencana kerja", "Work plan";
    }
}

impl ReportKind {
    /// The entity its status changes are recorded under in the audit log.
    pub fn status_entity(self) -> &'static str {
        match self {
            ReportKind::Activity => "activity_status",
            ReportKind::Monthly => "monthly_report_status",
            ReportKind::WorkPlan => "work_plan_status",
        }
    }
}

/// A list of reports of one kind for the review path (the inbox): by place and status.
#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    pub region: Option<RegionCode>,
    pub library_id: Option<LibraryId>,
    pub status: Option<ReportStatus>,
}

/// What a counted report adds to the aggregates kept per region level and month; negative
/// counts take it away again. Computed here, applied by the store to the report's region
/// and every region above it.
#[derive(Debug, Clone, PartialEq)]
pub enum AggregateDelta {
    Activity { region: RegionCode, period: Period, category_id: i64, counts: ActivityCounts },
    Monthly { region: RegionCode, period: Period, counts: MonthlyCounts },
}

impl AggregateDelta {
    /// The same change with its counts multiplied by `sign` (1 adds, -1 takes away).
    pub fn signed(self, sign: i64) -> Self {
        match self {
            AggregateDelta::Activity { region, period, category_id, counts } => {
                AggregateDelta::Activity { region, period, category_id, counts: counts.scaled(sign) }
            }
            AggregateDelta::Monthly { region, period, counts } => {
                AggregateDelta::Monthly { region, period, counts: counts.scaled(sign) }
            }
        }
    }
}

/// One status change as the store writes it, in one transaction with its audit record.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub kind: ReportKind,
    pub id: i64,
    /// The status the change was decided from; the store refuses it (`Error::Stale`) when
    /// another reviewer moved the report meanwhile.
    pub from: ReportStatus,
    pub to: ReportStatus,
    /// The reviewer's note, kept as the report's latest (`None` keeps the previous one).
    pub note: Option<String>,
    /// The first-submission time to record, when this change is the first submission.
    pub first_submitted_at: Option<i64>,
    pub at: i64,
    /// What the change adds to or takes from the aggregates (starting or stopping to count).
    pub aggregate: Option<AggregateDelta>,
    /// The library and year whose KTAK figures are derived again from the approved months
    /// (see [`crate::monthly::ktak_of_year`]).
    pub ktak: Option<(LibraryId, i32)>,
}

impl StatusChange {
    /// Moving `report` to `to` at `at`: a report that starts counting adds its aggregates and
    /// derives its KTAK year again, one that stops counting takes them away; the first
    /// submission's time is kept where the kind keeps it.
    pub fn of<R: Report>(report: &R, to: ReportStatus, note: Option<String>, at: i64) -> StatusChange {
        let from = report.status();
        let aggregate = match (from.counted(), to.counted()) {
            (false, true) => report.aggregate(),
            (true, false) => report.aggregate().map(|a| a.signed(-1)),
            _ => None,
        };
        // Counting starts or stops whether or not the kind keeps aggregates.
        let counting_changes = from.counted() != to.counted();
        let first_submission =
            R::KEEPS_SUBMISSION_TIME && to == ReportStatus::Submitted && report.first_submitted_at().is_none();
        StatusChange {
            kind: R::KIND,
            id: report.id().get(),
            from,
            to,
            note,
            first_submitted_at: first_submission.then_some(at),
            at,
            ktak: if counting_changes { report.ktak_year() } else { None },
            aggregate,
        }
    }
}

/// A kind of report that goes through review. The review service and the web handlers are
/// generic over it.
pub trait Report: Clone + Send + Sync + Sized + 'static {
    const KIND: ReportKind;

    fn id(&self) -> Id<Self>;
    fn library_id(&self) -> LibraryId;
    fn region_code(&self) -> &RegionCode;
    fn status(&self) -> ReportStatus;

    /// When the report was first submitted, where its kind keeps it (timeliness).
    fn first_submitted_at(&self) -> Option<i64> {
        None
    }
    /// Whether its kind keeps the first-submission time.
    const KEEPS_SUBMISSION_TIME: bool = false;

    /// The review path of the kind, given the deployment's (reports use the deployment's;
    /// a kind reviewed by fewer levels answers its own).
    fn workflow(deployment: Workflow) -> Workflow {
        deployment
    }

    /// What the report adds to the aggregates while it counts (kinds without aggregates keep
    /// the default).
    fn aggregate(&self) -> Option<AggregateDelta> {
        None
    }

    /// The library-year whose derived KTAK figures depend on this report counting.
    fn ktak_year(&self) -> Option<(LibraryId, i32)> {
        None
    }

    /// The report as this actor may see it (a story without consent is withheld outside the
    /// library's chain).
    fn shown_to(self, _actor: &Actor) -> Self {
        self
    }

    /// Its port: one report, a retried submission, a list for the review path.
    fn load(store: &dyn Store, id: Id<Self>) -> Result<Option<Self>>;
    fn by_client_id(store: &dyn Store, client_id: &str) -> Result<Option<Self>>;
    fn list_for_review(store: &dyn Store, filter: &ReviewFilter, page: PageRequest) -> Result<Page<Self>>;
}

/// Whether a client id is a UUID (any version), as offline clients generate: the key that
/// makes a retried submission find the report stored the first time.
pub fn valid_client_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter()
            .enumerate()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { *c == b'-' } else { c.is_ascii_hexdigit() })
}
