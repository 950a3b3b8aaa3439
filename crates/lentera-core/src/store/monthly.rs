//! Monthly library figures, completeness and the libraries still missing.

use crate::Result;
use crate::audit::AuditRecord;
use crate::ids::LibraryId;
use crate::ids::MonthlyReportId;
use crate::library::{Library, Page, PageRequest};
use crate::monthly::{
    CompletenessCounts, MissingReport, MonthlyFigures, MonthlyFilter, MonthlyReport, Period, ReportingDuty,
};
use crate::region::RegionCode;

pub trait MonthlyStore {
    fn monthly_report(&self, id: MonthlyReportId) -> Result<Option<MonthlyReport>>;
    fn monthly_by_period(&self, library_id: LibraryId, period: Period) -> Result<Option<MonthlyReport>>;
    fn monthly_by_client_id(&self, client_id: &str) -> Result<Option<MonthlyReport>>;
    fn list_monthly(&self, filter: &MonthlyFilter, page: PageRequest) -> Result<Page<MonthlyReport>>;
    /// Calls `f` for every matching report, newest month first (for exports).
    fn each_monthly(&self, filter: &MonthlyFilter, f: &mut dyn FnMut(&MonthlyReport) -> Result<()>) -> Result<()>;
    /// The library's reports for the `n` months before `before`, newest first.
    fn recent_monthly(&self, library_id: LibraryId, before: Period, n: i64) -> Result<Vec<MonthlyReport>>;
    fn insert_monthly(
        &self,
        library: &Library,
        client_id: Option<&str>,
        period: Period,
        figures: &MonthlyFigures,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport>;
    /// Refused with `Error::Stale` when the stored version is not `expected_version` or the
    /// report is no longer in one of [`ReportStatus::EDITABLE`].
    fn update_monthly(
        &self,
        id: MonthlyReportId,
        expected_version: i64,
        figures: &MonthlyFigures,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport>;
    /// Completeness for `period` of the children of `parent` (`None`: the provinces): the
    /// libraries owing it under `duty`, those that sent it, and those that sent it by the
    /// deadline in WIB, WITA and WIT each.
    fn completeness(
        &self,
        parent: Option<&RegionCode>,
        period: Period,
        duty: &ReportingDuty,
        deadlines: [i64; 3],
    ) -> Result<Vec<CompletenessCounts>>;
    /// Libraries in a region owing `period` under `duty` that have not sent it, with their
    /// managers.
    fn missing_reports(
        &self,
        region: Option<&RegionCode>,
        period: Period,
        duty: &ReportingDuty,
        limit: i64,
    ) -> Result<Vec<MissingReport>>;
}
