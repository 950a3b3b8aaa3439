//! The audit log: who changed what, when, with the record before and after.

use serde::Serialize;
use serde_json::Value;

use crate::access::Actor;
use crate::region::RegionCode;

crate::vocabulary! {
    AuditAction {
        Create = "create", "Buat", "Create";
        Update = "update", "Ubah", "Update";
        Delete = "delete", "Hapus", "Delete";
        View = "view", "Lihat", "View";
        Export = "export", "Ekspor", "Export";
        Anonymise = "anonymise", "Anonimkan", "Anonymise";
    }
}

/// A change about to be recorded, written in the same transaction as the change itself.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub action: AuditAction,
    /// What kind of thing changed: `library`, `library_ktak`, `user`, `api_token`…
    pub entity: &'static str,
    /// Filled in by the store for creations when the id is only known after the insert.
    pub entity_id: Option<i64>,
    /// Where the thing lies, so coordinators see the entries of their scope.
    pub region_code: Option<RegionCode>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl AuditRecord {
    pub fn new(actor: &Actor, action: AuditAction, entity: &'static str, at: i64) -> Self {
        AuditRecord {
            at,
            actor_user_id: actor.user_id,
            actor_name: actor.name.clone(),
            action,
            entity,
            entity_id: None,
            region_code: None,
            before: None,
            after: None,
        }
    }
    pub fn id(mut self, id: impl Into<i64>) -> Self {
        self.entity_id = Some(id.into());
        self
    }
    pub fn region(mut self, region: Option<RegionCode>) -> Self {
        self.region_code = region;
        self
    }
    pub fn before<T: Serialize>(mut self, v: &T) -> Self {
        self.before = serde_json::to_value(v).ok();
        self
    }
    pub fn after<T: Serialize>(mut self, v: &T) -> Self {
        self.after = serde_json::to_value(v).ok();
        self
    }
}

/// A recorded change as listed.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub action: AuditAction,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub region_code: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl AuditEntry {
    /// The names of the fields that differ between before and after.
    pub fn changed_fields(&self) -> Vec<String> {
        match (&self.before, &self.after) {
            (Some(Value::Object(b)), Some(Value::Object(a))) => {
                a.iter().filter(|(k, v)| b.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect()
            }
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub region: Option<RegionCode>,
    /// With a region: also the entries this user made, wherever they landed.
    pub or_made_by: Option<i64>,
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub actor: Option<String>,
}
