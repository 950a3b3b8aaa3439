//! Reading the audit log (every port writes its own entries).

use crate::Result;
use crate::audit::{AuditEntry, AuditFilter};
use crate::library::{Page, PageRequest};

pub trait AuditStore {
    fn list_audit(&self, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>>;
}
