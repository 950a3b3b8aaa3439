//! Work plans: revisions with their needs, planned activities and budget lines; the amounts
//! recorded against approved lines; activity reports' links to a plan.

use crate::Result;
use crate::audit::AuditRecord;
use crate::ids::{ActivityId, LibraryId, WorkPlanId};
use crate::library::{Library, Page, PageRequest};
use crate::region::RegionCode;
use crate::workplan::{
    ActualActivity, BudgetOutcome, PlanContent, PlanLink, RegionPlanSummary, WorkPlan, WorkPlanFilter,
};

pub trait WorkPlanStore {
    /// One revision with its rows; lines carry the amounts recorded for their library-year.
    fn work_plan(&self, id: WorkPlanId) -> Result<Option<WorkPlan>>;
    fn work_plan_by_client_id(&self, client_id: &str) -> Result<Option<WorkPlan>>;
    /// Every revision of a library's plan for a year, the latest first.
    fn work_plan_revisions(&self, library_id: LibraryId, year: i32) -> Result<Vec<WorkPlan>>;
    /// Newest year first, then library name.
    fn list_work_plans(&self, filter: &WorkPlanFilter, page: PageRequest) -> Result<Page<WorkPlan>>;
    /// A new draft revision. Refused with `Duplicate(Unique::WorkPlanRevision)` when the
    /// library already has that revision for the year.
    #[allow(clippy::too_many_arguments)]
    fn insert_work_plan(
        &self,
        library: &Library,
        client_id: Option<&str>,
        year: i32,
        revision: i32,
        content: &PlanContent,
        now: i64,
        audit: AuditRecord,
    ) -> Result<WorkPlan>;
    /// Replaces the plan's content. Refused with `Error::Stale` when the stored version is
    /// not `expected_version` or the plan is no longer in one of [`ReportStatus::EDITABLE`].
    fn update_work_plan(
        &self,
        id: WorkPlanId,
        expected_version: i64,
        content: &PlanContent,
        now: i64,
        audit: AuditRecord,
    ) -> Result<WorkPlan>;
    /// Records the approved and realised amounts of a library-year's line (`None` clears).
    fn record_budget_outcome(
        &self,
        library_id: LibraryId,
        year: i32,
        line_no: i32,
        outcome: BudgetOutcome,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()>;
    /// The library's approved activity reports starting in `year`, with their links.
    fn actual_activities(&self, library_id: LibraryId, year: i32) -> Result<Vec<ActualActivity>>;
    fn activity_plan_link(&self, activity_id: ActivityId) -> Result<PlanLink>;
    /// Replaces an activity's link (an empty link removes it).
    fn set_activity_plan_link(&self, activity_id: ActivityId, link: &PlanLink, audit: AuditRecord) -> Result<()>;
    /// Libraries of `libraries` in a region (`None`: the nation) that have not sent a plan for
    /// `year` (none, or only a draft): how many, and the first `limit` with their managers.
    fn libraries_without_plan(
        &self,
        region: Option<&RegionCode>,
        year: i32,
        libraries: &crate::library::ProgrammeLibraries,
        limit: i64,
    ) -> Result<(i64, Vec<crate::monthly::MissingReport>)>;
    /// A region's (`None`: the nation's) plans for a year, over each library's latest
    /// approved revision.
    fn region_plan_summary(&self, region: Option<&RegionCode>, year: i32) -> Result<RegionPlanSummary>;
}
