//! The facts KPI colours are scored from.

use crate::Result;
use crate::kpi::KpiFacts;
use crate::monthly::Period;
use crate::region::RegionCode;

/// The facts KPI colours are computed from (see [`crate::kpi`]).
pub trait KpiStore {
    /// Facts of a month for every library expected to report in a region's subtree (the
    /// whole country when `None`).
    fn kpi_facts_in(&self, region: Option<&RegionCode>, period: Period) -> Result<Vec<KpiFacts>>;
    /// Facts of a month for the given libraries, expected to report or not.
    fn kpi_facts_of(&self, library_ids: &[i64], period: Period) -> Result<Vec<KpiFacts>>;
}
