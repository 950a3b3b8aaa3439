//! Regulations, partnerships and the documents of advocacy, regulations and partnerships.

use crate::Result;
use crate::advocacy::Owner;
use crate::agreements::{
    AgreementFilter, Document, DocumentOwner, NewDocument, Partnership, PartnershipFields, Regulation, RegulationFields,
};
use crate::audit::AuditRecord;
use crate::library::{Page, PageRequest};

pub trait AgreementStore {
    fn regulation(&self, id: i64) -> Result<Option<Regulation>>;
    /// Newest change first.
    fn list_regulations(&self, filter: &AgreementFilter, page: PageRequest) -> Result<Page<Regulation>>;
    fn insert_regulation(
        &self,
        owner: &Owner,
        fields: &RegulationFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Regulation>;
    /// Refused with `Error::Stale` when the stored version is not `expected_version`.
    fn update_regulation(
        &self,
        id: i64,
        expected_version: i64,
        fields: &RegulationFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Regulation>;

    fn partnership(&self, id: i64) -> Result<Option<Partnership>>;
    /// Those ending soonest first (open-ended last).
    fn list_partnerships(&self, filter: &AgreementFilter, page: PageRequest) -> Result<Page<Partnership>>;
    fn insert_partnership(
        &self,
        owner: &Owner,
        fields: &PartnershipFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Partnership>;
    /// Refused with `Error::Stale` when the stored version is not `expected_version`.
    fn update_partnership(
        &self,
        id: i64,
        expected_version: i64,
        fields: &PartnershipFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Partnership>;

    fn documents_of(&self, owner: DocumentOwner, owner_id: i64) -> Result<Vec<Document>>;
    fn document(&self, name: &str) -> Result<Option<Document>>;
    fn insert_document(&self, doc: &NewDocument, now: i64, audit: AuditRecord) -> Result<Document>;
    fn delete_document(&self, id: i64, audit: AuditRecord) -> Result<()>;
}
