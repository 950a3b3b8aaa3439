//! People who take part in events.

use crate::Result;
use crate::audit::AuditRecord;
use crate::event::{Person, PersonFields, TrainingRecord};
use crate::ids::LibraryId;
use crate::library::{Page, PageRequest};
use crate::region::RegionCode;

/// People: participants reused across events, with their training history and personal-data duties.
pub trait PersonStore {
    fn person(&self, id: i64) -> Result<Option<Person>>;
    /// Unmerged people sharing the phone or email, or with the same folded name at the library.
    fn people_like(
        &self,
        phone_norm: Option<&str>,
        email_norm: Option<&str>,
        folded_name: &str,
        library_id: Option<LibraryId>,
    ) -> Result<Vec<Person>>;
    fn list_people(
        &self,
        region: Option<&RegionCode>,
        library_id: Option<LibraryId>,
        folded_query: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Person>>;
    fn insert_person(&self, fields: &PersonFields, now: i64, audit: AuditRecord) -> Result<Person>;
    fn update_person(&self, id: i64, fields: &PersonFields, now: i64, audit: AuditRecord) -> Result<Person>;
    /// Pairs of unmerged people in a region that share a phone or an email, or a folded name
    /// at the same library: likely one person entered twice.
    fn duplicate_people(&self, region: Option<&RegionCode>, limit: i64) -> Result<Vec<(Person, Person)>>;
    /// Moves `merge`'s registrations to `keep` (where `keep` is not already registered) and
    /// marks `merge` as merged; `Error::Stale` when `merge` was merged already.
    fn merge_people(&self, keep: i64, merge: i64, now: i64, audit: AuditRecord) -> Result<()>;
    /// Replaces the person's name and contacts with an anonymous label and drops the
    /// personal data kept in their audit entries; registrations, attendance and
    /// certificates stay, so counts do not change.
    fn anonymise_person(&self, id: i64, label: &str, now: i64, audit: AuditRecord) -> Result<()>;
    /// Records that someone read or exported personal data (UU 27/2022).
    fn record_access(&self, audit: AuditRecord) -> Result<()>;
    fn training_history(&self, person_id: i64) -> Result<Vec<TrainingRecord>>;
}
