//! The audit log as each actor may read it (their scope, and what they did themselves).

use crate::Result;
use crate::access::Actor;
use crate::audit::{AuditEntry, AuditFilter};
use crate::library::{Page, PageRequest};
use crate::services::Env;
use crate::user::Scope;

/// The audit log for the actor's scope; a wider region filter is narrowed to the scope. What
/// the actor did themselves is always theirs to see, wherever the entry landed.
pub fn list(env: &Env, actor: &Actor, mut filter: AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
    actor.audit_region()?;
    actor.narrow(&mut filter.region, &mut None)?;
    if matches!(&actor.scope, Scope::Region { code } if filter.region.as_ref() == Some(code)) {
        filter.or_made_by = actor.user_id;
    }
    env.store.list_audit(&filter, page)
}
