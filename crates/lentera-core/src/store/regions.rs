//! Official regions: the tree, names and library counts under each.

use crate::Result;
use crate::region::{Region, RegionCode, RegionLevel, RegionWithCount};

pub trait RegionStore {
    /// How many regions of each level are stored.
    fn region_counts(&self) -> Result<Vec<(RegionLevel, i64)>>;
    fn region(&self, code: &RegionCode) -> Result<Option<Region>>;
    /// The children of a region (`None`: the provinces), each with its library count.
    fn region_children(&self, parent: Option<&RegionCode>) -> Result<Vec<RegionWithCount>>;
    /// Regions whose folded name contains the folded query, best matches first.
    fn search_regions(
        &self,
        folded_query: &str,
        level: Option<RegionLevel>,
        within: Option<&RegionCode>,
        limit: i64,
    ) -> Result<Vec<Region>>;
    /// Number of libraries in a region's subtree (`None`: the nation).
    fn library_count_in(&self, region: Option<&RegionCode>) -> Result<i64>;
}
