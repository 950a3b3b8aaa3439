use crate::Result;
use crate::access::Actor;
use crate::audit::{AuditEntry, AuditFilter};
use crate::library::{Page, PageRequest};
use crate::store::Store;

/// The audit log for the actor's scope; a wider region filter is narrowed to the scope.
pub fn list(store: &dyn Store, actor: &Actor, mut filter: AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
    actor.audit_region()?;
    actor.narrow(&mut filter.region, &mut None)?;
    store.list_audit(&filter, page)
}
