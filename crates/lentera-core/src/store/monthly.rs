//! Monthly library figures, completeness and the libraries still missing.

use crate::Result;
use crate::activity::ActivityStatus;
use crate::audit::AuditRecord;
use crate::library::{Library, Page, PageRequest};
use crate::monthly::{CompletenessCounts, MissingReport, MonthlyFigures, MonthlyFilter, MonthlyReport, Period};
use crate::region::RegionCode;

/// A month's figures read from an import file, checked and ready to write.
#[derive(Debug, Clone)]
pub struct ImportedMonthly {
    pub library_id: i64,
    pub region_code: RegionCode,
    pub period: Period,
    pub figures: MonthlyFigures,
}

pub trait MonthlyStore {
    fn monthly_report(&self, id: i64) -> Result<Option<MonthlyReport>>;
    fn monthly_by_period(&self, library_id: i64, period: Period) -> Result<Option<MonthlyReport>>;
    fn monthly_by_client_id(&self, client_id: &str) -> Result<Option<MonthlyReport>>;
    fn list_monthly(&self, filter: &MonthlyFilter, page: PageRequest) -> Result<Page<MonthlyReport>>;
    /// The library's reports for the `n` months before `before`, newest first.
    /// Calls `f` for every matching report, newest month first (for exports).
    fn each_monthly(&self, filter: &MonthlyFilter, f: &mut dyn FnMut(&MonthlyReport) -> Result<()>) -> Result<()>;
    fn recent_monthly(&self, library_id: i64, before: Period, n: i64) -> Result<Vec<MonthlyReport>>;
    fn insert_monthly(
        &self,
        library: &Library,
        client_id: Option<&str>,
        period: Period,
        figures: &MonthlyFigures,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport>;
    fn update_monthly(
        &self,
        id: i64,
        expected_version: i64,
        figures: &MonthlyFigures,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport>;
    /// Completeness for `period` of the children of `parent` (`None`: the provinces), counted
    /// against the deadline in WIB, WITA and WIT each.
    fn completeness(
        &self,
        parent: Option<&RegionCode>,
        period: Period,
        deadlines: [i64; 3],
    ) -> Result<Vec<CompletenessCounts>>;
    /// Programme libraries in a region that have not reported `period`, with their managers.
    fn missing_reports(&self, region: Option<&RegionCode>, period: Period, limit: i64) -> Result<Vec<MissingReport>>;
    /// Moves a report from `from` to `status`; on approval the library's KTAK figures for the
    /// year are recomputed from its approved months in the same transaction.
    /// Writes imported months in one transaction, all or none, with an audit entry each.
    fn insert_imported_monthly(
        &self,
        rows: &[ImportedMonthly],
        status: ActivityStatus,
        now: i64,
        audit: &AuditRecord,
    ) -> Result<usize>;
    fn set_monthly_status(
        &self,
        id: i64,
        from: ActivityStatus,
        status: ActivityStatus,
        comment: Option<&str>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<MonthlyReport>;
}
