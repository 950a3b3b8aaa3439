//! Many records in one transaction: imports from files (all or nothing, each row with its own
//! audit entry, prepared by the service) and the demo generator's loads (no audit entries).

use crate::Result;
use crate::activity::ActivityFields;
use crate::audit::AuditRecord;
use crate::ids::LibraryId;
use crate::library::{EquipmentFields, KtakFigures, LibraryFields};
use crate::monthly::{MonthlyFigures, Period};
use crate::region::RegionCode;
use crate::reporting::ReportStatus;

/// An activity report read from an import file, checked and ready to write.
#[derive(Debug, Clone)]
pub struct ImportedActivity {
    pub library_id: LibraryId,
    pub region_code: RegionCode,
    /// Given in the file or derived from library, date and title: a second import of the
    /// same row finds the first.
    pub client_id: String,
    pub fields: ActivityFields,
    /// Its audit entry (the store fills in the new id).
    pub audit: AuditRecord,
}

/// A month's figures read from an import file, checked and ready to write.
#[derive(Debug, Clone)]
pub struct ImportedMonthly {
    pub library_id: LibraryId,
    pub region_code: RegionCode,
    pub period: Period,
    pub figures: MonthlyFigures,
    /// When it counts as submitted (imported straight into review), for timeliness.
    pub submitted_at: Option<i64>,
    /// Its audit entry (the store fills in the new id).
    pub audit: AuditRecord,
}

/// A generated activity report (demo data).
#[derive(Debug, Clone)]
pub struct LoadedActivity {
    pub library_id: LibraryId,
    pub region_code: RegionCode,
    pub fields: ActivityFields,
    pub status: ReportStatus,
}

/// A generated month's figures (demo data).
#[derive(Debug, Clone)]
pub struct LoadedMonth {
    pub library_id: LibraryId,
    pub region_code: RegionCode,
    pub period: Period,
    pub figures: MonthlyFigures,
    pub status: ReportStatus,
    pub submitted_at: Option<i64>,
}

pub trait BulkStore {
    /// Imported libraries with their audit entries, all or none; returns their ids in order.
    fn import_libraries(&self, rows: &[(LibraryFields, AuditRecord)], now: i64) -> Result<Vec<LibraryId>>;
    /// Imported activity reports in `status`, all or none.
    fn import_activities(
        &self,
        rows: &[ImportedActivity],
        status: ReportStatus,
        created_by: Option<i64>,
        now: i64,
    ) -> Result<usize>;
    /// Imported months in `status`, all or none.
    fn import_monthly(&self, rows: &[ImportedMonthly], status: ReportStatus, now: i64) -> Result<usize>;

    /// Generated libraries; returns their ids in order.
    fn load_libraries(&self, rows: &[LibraryFields], now: i64) -> Result<Vec<LibraryId>>;
    fn load_ktak(&self, rows: &[(LibraryId, KtakFigures)]) -> Result<()>;
    fn load_equipment(&self, rows: &[(LibraryId, EquipmentFields)], now: i64) -> Result<()>;
    /// Generated reports; the aggregates are rebuilt afterwards (`AggregateStore`).
    fn load_activities(&self, rows: &[LoadedActivity], now: i64) -> Result<()>;
    /// Generated months; the KTAK figures of every library-year with counted months are
    /// derived as an approval would.
    fn load_monthly(&self, rows: &[LoadedMonth], now: i64) -> Result<()>;
}
