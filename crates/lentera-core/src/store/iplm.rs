//! The figures the IPLM index is computed from, population and published values.

use crate::Result;
use crate::audit::AuditRecord;
use crate::indicators::{ActivityCounts, MonthlyCounts};
use crate::iplm::{Group, GroupInputs};
use crate::library::{LibraryStatus, LibraryType};
use crate::region::RegionCode;

/// The figures IPLM is computed from.
pub trait IplmStore {
    /// KTAK sums of the libraries in `status` per regency/city and library type for a year.
    fn ktak_by_regency(&self, year: i32, status: LibraryStatus) -> Result<Vec<(RegionCode, LibraryType, GroupInputs)>>;
    /// The report aggregates of each regency/city over a year.
    fn reports_by_regency(&self, year: i32) -> Result<Vec<(RegionCode, ActivityCounts, MonthlyCounts)>>;
    fn population(&self, year: i32) -> Result<Vec<(RegionCode, Group, i64)>>;
    /// Officially published values of a year.
    fn published_iplm(&self, year: i32) -> Result<Vec<(RegionCode, f64)>>;
    /// Saves published values (replacing the same region and year), all or none.
    fn save_published_iplm(&self, rows: &[(RegionCode, i32, f64)], audit: AuditRecord) -> Result<usize>;
    /// Saves population figures (replacing the same region, year and group), all or none.
    fn save_population(&self, rows: &[(RegionCode, i32, Group, i64)], audit: AuditRecord) -> Result<usize>;
}
