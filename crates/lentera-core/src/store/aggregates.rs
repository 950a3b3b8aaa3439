//! Aggregates of approved reports per region level and month.

use crate::Result;
use crate::indicators::{ActivityCell, ActivityCounts, MonthlyCounts};
use crate::monthly::Period;
use crate::region::RegionCode;

/// Aggregates of approved reports per region (every level) and month, kept up to date as
/// reports are approved or reopened.
pub trait AggregateStore {
    /// The region's own rows (`None`: the nation) for the months from `from` to `to`.
    fn activity_cells(&self, region: Option<&RegionCode>, from: Period, to: Period) -> Result<Vec<ActivityCell>>;
    /// Totals per child region of `parent` (`None`: the provinces) over the months.
    fn activity_by_child(
        &self,
        parent: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(RegionCode, ActivityCounts)>>;
    /// The month × category rows of every child region of `parent` (for pivots).
    fn activity_cells_by_child(
        &self,
        parent: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(RegionCode, ActivityCell)>>;
    fn monthly_cells(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(Period, MonthlyCounts)>>;
    fn monthly_by_child(
        &self,
        parent: Option<&RegionCode>,
        from: Period,
        to: Period,
    ) -> Result<Vec<(RegionCode, MonthlyCounts)>>;
    /// Recomputes every aggregate from the reports (after bulk loads).
    fn rebuild_aggregates(&self) -> Result<()>;
}
