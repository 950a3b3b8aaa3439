//! Managed lists (activity categories, event types, curriculum modules).

use crate::Result;
use crate::audit::AuditRecord;
use crate::lists::{ListItem, ManagedList};

pub trait ListStore {
    fn list_items(&self, list: ManagedList, include_retired: bool) -> Result<Vec<ListItem>>;
    /// Adds (`id: None`) or renames/retires an item.
    fn save_list_item(
        &self,
        list: ManagedList,
        id: Option<i64>,
        name: &str,
        retired: bool,
        audit: AuditRecord,
    ) -> Result<ListItem>;
}
