use crate::access::Actor;
use crate::audit::{AuditEntry, AuditFilter};
use crate::library::{Page, PageRequest};
use crate::store::Store;
use crate::{Error, Result};

/// The audit log for the actor's scope; a wider region filter is narrowed to the scope.
pub fn list(store: &dyn Store, actor: &Actor, mut filter: AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
    let scope = actor.audit_region()?;
    match (&scope, &filter.region) {
        (None, _) => {}
        (Some(mine), None) => filter.region = Some(mine.clone()),
        (Some(mine), Some(wanted)) if mine.contains(wanted) => {}
        (Some(mine), Some(wanted)) if wanted.contains(mine) => filter.region = Some(mine.clone()),
        _ => return Err(Error::Forbidden),
    }
    store.list_audit(&filter, page)
}
