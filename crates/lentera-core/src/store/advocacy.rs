//! Stakeholders, advocacy activities and the commitments they produced.

use crate::Result;
use crate::advocacy::{
    Advocacy, AdvocacyFields, AdvocacyFilter, Commitment, CommitmentFields, CommitmentFilter, CommitmentStanding,
    Owner, Stakeholder, StakeholderFields, StakeholderFilter,
};
use crate::audit::AuditRecord;
use crate::ids::{ActivityId, LibraryId};
use crate::library::{Page, PageRequest};
use crate::partners::{Target, UnlinkedText};
use crate::region::RegionCode;

pub trait AdvocacyStore {
    fn stakeholder(&self, id: i64) -> Result<Option<Stakeholder>>;
    /// Name order.
    fn list_stakeholders(&self, filter: &StakeholderFilter, page: PageRequest) -> Result<Page<Stakeholder>>;
    /// The stakeholders a library's (or an office's) advocacy may name: its own, and those
    /// of the offices whose region contains it.
    fn stakeholders_for(&self, library_id: Option<LibraryId>, region: &RegionCode) -> Result<Vec<Stakeholder>>;
    fn insert_stakeholder(
        &self,
        owner: &Owner,
        fields: &StakeholderFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Stakeholder>;
    /// Refused with `Error::Stale` when the stored version is not `expected_version`.
    fn update_stakeholder(
        &self,
        id: i64,
        expected_version: i64,
        fields: &StakeholderFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Stakeholder>;

    fn advocacy(&self, id: i64) -> Result<Option<Advocacy>>;
    fn advocacy_by_client_id(&self, client_id: &str) -> Result<Option<Advocacy>>;
    /// Newest first.
    fn list_advocacy(&self, filter: &AdvocacyFilter, page: PageRequest) -> Result<Page<Advocacy>>;
    #[allow(clippy::too_many_arguments)]
    fn insert_advocacy(
        &self,
        owner: &Owner,
        client_id: Option<&str>,
        fields: &AdvocacyFields,
        created_by: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Advocacy>;
    /// Refused with `Error::Stale` when the stored version is not `expected_version`.
    fn update_advocacy(
        &self,
        id: i64,
        expected_version: i64,
        fields: &AdvocacyFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Advocacy>;

    fn insert_commitment(
        &self,
        advocacy_id: i64,
        fields: &CommitmentFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Commitment>;
    fn commitment(&self, id: i64) -> Result<Option<Commitment>>;
    /// Sets a promise's hand-made resolution and the plan line it is expected in.
    fn resolve_commitment(
        &self,
        id: i64,
        resolution: Option<CommitmentStanding>,
        line_no: Option<i32>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()>;
    /// At most `limit`, newest budget year first; each with what is recorded for its line.
    fn commitments(&self, filter: &CommitmentFilter, limit: i64) -> Result<Vec<Commitment>>;

    /// The stakeholders linked to an activity as its partners, by name.
    fn activity_partners(&self, activity_id: ActivityId) -> Result<Vec<(i64, String)>>;
    /// Replaces each activity's partners with its targets, making the new stakeholders (owned
    /// by `owner`, kind "other", role "partner") first: all or nothing. `audit` is copied
    /// for each activity and each new stakeholder. Returns how many stakeholders were made.
    fn link_activity_partners(
        &self,
        owner: &Owner,
        links: &[(ActivityId, Vec<Target>)],
        now: i64,
        audit: AuditRecord,
    ) -> Result<usize>;
    /// A library's activities whose report names partners in text and links none, newest
    /// first, at most `limit`; and how many there are.
    fn unlinked_partner_texts(&self, library_id: LibraryId, limit: i64) -> Result<(i64, Vec<UnlinkedText>)>;
}
