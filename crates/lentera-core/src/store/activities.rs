//! Activity reports and their photos.

use crate::Result;
use crate::activity::{Activity, ActivityFields, ActivityFilter, NewPhoto, Photo};
use crate::audit::AuditRecord;
use crate::ids::ActivityId;
use crate::library::{Library, Page, PageRequest};

pub trait ActivityStore {
    fn activity(&self, id: ActivityId) -> Result<Option<Activity>>;
    fn activity_by_client_id(&self, client_id: &str) -> Result<Option<Activity>>;
    fn list_activities(&self, filter: &ActivityFilter, page: PageRequest) -> Result<Page<Activity>>;
    /// Calls `f` for every matching report, newest first (for exports).
    fn each_activity(&self, filter: &ActivityFilter, f: &mut dyn FnMut(&Activity) -> Result<()>) -> Result<()>;
    fn insert_activity(
        &self,
        library: &Library,
        client_id: Option<&str>,
        fields: &ActivityFields,
        created_by: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Activity>;
    /// Refused with `Error::Stale` when the stored version is not `expected_version` or the
    /// report is no longer in one of [`ReportStatus::EDITABLE`].
    fn update_activity(
        &self,
        id: ActivityId,
        expected_version: i64,
        fields: &ActivityFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Activity>;
    fn photos(&self, activity_id: ActivityId) -> Result<Vec<Photo>>;
    fn photo_by_name(&self, name: &str) -> Result<Option<Photo>>;
    fn insert_photo(&self, activity_id: ActivityId, photo: &NewPhoto, now: i64, audit: AuditRecord) -> Result<Photo>;
    fn delete_photo(&self, id: i64, audit: AuditRecord) -> Result<()>;
}
