//! Managed lists (activity categories, event types, curriculum modules).

use rusqlite::params;

use super::{SqliteStore, db_err, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::lists::{ListItem, ManagedList};
use lentera_core::store::ListStore;
use lentera_core::{Error, Result};

/// Each managed list is its own small table of the same shape (id, name, retired), so
/// foreign keys from the records that use an item stay plain.
fn table(list: ManagedList) -> &'static str {
    match list {
        ManagedList::ActivityCategory => "activity_categories",
        ManagedList::EventType => "event_types",
        ManagedList::Module => "curriculum_modules",
    }
}

impl ListStore for SqliteStore {
    fn list_items(&self, list: ManagedList, include_retired: bool) -> Result<Vec<ListItem>> {
        self.read(|c| {
            let sql =
                format!("SELECT id, name, retired FROM {} WHERE ?1 OR retired = 0 ORDER BY retired, name", table(list));
            let mut stmt = c.prepare_cached(&sql).map_err(db_err)?;
            stmt.query_map([include_retired], |r| Ok(ListItem { id: r.get(0)?, name: r.get(1)?, retired: r.get(2)? }))
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }

    fn save_list_item(
        &self,
        list: ManagedList,
        id: Option<i64>,
        name: &str,
        retired: bool,
        audit: AuditRecord,
    ) -> Result<ListItem> {
        let t = table(list);
        self.write(|tx| {
            let id = match id {
                None => {
                    tx.execute(&format!("INSERT INTO {t} (name, retired) VALUES (?, ?)"), params![name, retired])
                        .map_err(db_err)?;
                    tx.last_insert_rowid()
                }
                Some(id) => {
                    let n = tx
                        .execute(
                            &format!("UPDATE {t} SET name = ?, retired = ? WHERE id = ?"),
                            params![name, retired, id],
                        )
                        .map_err(db_err)?;
                    if n == 0 {
                        return Err(Error::NotFound);
                    }
                    id
                }
            };
            write_audit(tx, &audit, Some(id))?;
            Ok(ListItem { id, name: name.to_string(), retired })
        })
    }
}
