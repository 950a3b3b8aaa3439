//! The facts KPI colours are scored from.

use crate::Result;
use crate::ids::LibraryId;
use crate::kpi::KpiFacts;
use crate::monthly::{Period, ReportingDuty};
use crate::region::RegionCode;

/// The facts KPI colours are computed from (see [`crate::kpi`]): per library, its counted
/// activities of the month and their participants, and when the month's figures were sent.
pub trait KpiStore {
    /// Facts of a month for every library owing reports under `duty` in a region's subtree
    /// (the whole country when `None`).
    fn kpi_facts_in(&self, region: Option<&RegionCode>, period: Period, duty: &ReportingDuty) -> Result<Vec<KpiFacts>>;
    /// Facts of a month for the given libraries, owing reports or not (`expected` tells).
    fn kpi_facts_of(&self, library_ids: &[LibraryId], period: Period, duty: &ReportingDuty) -> Result<Vec<KpiFacts>>;
}
