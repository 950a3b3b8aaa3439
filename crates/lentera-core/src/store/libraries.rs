//! The library registry: libraries, their yearly KTAK figures and equipment.

use crate::Result;
use crate::audit::AuditRecord;
use crate::ids::LibraryId;
use crate::library::{
    Equipment, EquipmentFields, KtakFigures, Library, LibraryFields, LibraryFilter, LibrarySummary, Page, PageRequest,
};
use crate::region::RegionCode;

pub trait LibraryStore {
    fn library(&self, id: LibraryId) -> Result<Option<Library>>;
    fn library_by_npp(&self, npp: &str) -> Result<Option<Library>>;
    fn list_libraries(&self, filter: &LibraryFilter, page: PageRequest) -> Result<Page<LibrarySummary>>;
    /// Calls `f` for every library matching the filter, in the filter's order (for exports).
    fn each_library(&self, filter: &LibraryFilter, f: &mut dyn FnMut(&Library) -> Result<()>) -> Result<()>;
    fn insert_library(&self, fields: &LibraryFields, now: i64, audit: AuditRecord) -> Result<Library>;
    /// Refused with `Error::Stale` when the stored version is not `expected_version`.
    fn update_library(
        &self,
        id: LibraryId,
        expected_version: i64,
        fields: &LibraryFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Library>;
    fn delete_library(&self, id: LibraryId, audit: AuditRecord) -> Result<()>;
    /// The ids and region codes of libraries matching a filter, by id, up to `limit`.
    fn library_refs(&self, filter: &LibraryFilter, limit: i64) -> Result<Vec<(LibraryId, RegionCode)>>;
    fn ktak(&self, library_id: LibraryId) -> Result<Vec<KtakFigures>>;
    fn save_ktak(&self, library_id: LibraryId, figures: &KtakFigures, audit: AuditRecord) -> Result<()>;
    fn equipment(&self, library_id: LibraryId) -> Result<Vec<Equipment>>;
    /// Inserts (`id: None`) or updates one item of the library's equipment.
    fn save_equipment(
        &self,
        library_id: LibraryId,
        id: Option<i64>,
        fields: &EquipmentFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Equipment>;
    fn delete_equipment(&self, library_id: LibraryId, id: i64, audit: AuditRecord) -> Result<()>;
}
