//! The figures the IPLM index is computed from, population and published values.

use crate::Result;
use crate::audit::AuditRecord;
use crate::iplm::{Group, GroupInputs};
use crate::library::LibraryType;
use crate::region::RegionCode;

/// The figures IPLM is computed from.
pub trait IplmStore {
    /// KTAK sums of active libraries per regency/city and library type for a year.
    fn ktak_by_regency(&self, year: i32) -> Result<Vec<(RegionCode, LibraryType, GroupInputs)>>;
    /// From the report aggregates per regency/city for a year: activities, participants,
    /// loans, ICT users, visitors.
    fn reports_by_regency(&self, year: i32) -> Result<Vec<(RegionCode, [i64; 5])>>;
    fn population(&self, year: i32) -> Result<Vec<(RegionCode, Group, i64)>>;
    /// Officially published values of a year.
    fn published_iplm(&self, year: i32) -> Result<Vec<(RegionCode, f64)>>;
    /// Saves published values (replacing the same region and year), all or none.
    fn save_published_iplm(&self, rows: &[(RegionCode, i32, f64)], audit: AuditRecord) -> Result<usize>;
    /// Saves population figures (replacing the same region, year and group), all or none.
    fn save_population(&self, rows: &[(RegionCode, i32, Group, i64)], audit: AuditRecord) -> Result<usize>;
}
