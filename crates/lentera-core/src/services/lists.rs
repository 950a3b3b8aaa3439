//! Managed lists (activity categories, event types, curriculum modules): read by everyone
//! signed in, changed by national administrators.

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::lists::{ListItem, ManagedList};
use crate::services::Env;
use crate::user::Role;
use crate::{Error, Result};

pub fn items(env: &Env, list: ManagedList, include_retired: bool) -> Result<Vec<ListItem>> {
    env.store.list_items(list, include_retired)
}

/// Whether `id` is a current (not retired) item of the list.
pub fn require_current(env: &Env, list: ManagedList, id: i64, field: &str) -> Result<ListItem> {
    env.store.list_items(list, false)?.into_iter().find(|c| c.id == id).ok_or_else(|| {
        Error::field(field, "Pilihan tidak dikenal atau sudah tidak dipakai.", "Unknown or retired choice.")
    })
}

/// Adds (`id: None`) or renames/retires an item; names are unique within the list.
pub fn save(
    env: &Env,
    actor: &Actor,
    list: ManagedList,
    id: Option<i64>,
    name: &str,
    retired: bool,
) -> Result<ListItem> {
    actor.require(actor.role == Role::NationalAdmin)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::field("name", "Nama wajib diisi (maks. 100 karakter).", "Name is required (max 100)."));
    }
    if env.store.list_items(list, true)?.iter().any(|c| c.name.eq_ignore_ascii_case(name) && Some(c.id) != id) {
        return Err(Error::taken("name", "Nama ini sudah ada di daftar.", "This name is already on the list."));
    }
    let action = if id.is_some() { AuditAction::Update } else { AuditAction::Create };
    let audit = AuditRecord::new(actor, action, list.entity(), env.now())
        .after(&serde_json::json!({"name": name, "retired": retired}));
    let audit = match id {
        Some(id) => audit.id(id),
        None => audit,
    };
    env.store.save_list_item(list, id, name, retired, audit)
}
