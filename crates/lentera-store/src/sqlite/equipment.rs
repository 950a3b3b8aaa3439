//! Equipment a library received through the programme, and its condition.

use rusqlite::{OptionalExtension, Row, params};

use super::{SqliteStore, bad, db_err, id_at, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::ids::LibraryId;
use lentera_core::library::{Equipment, EquipmentCondition, EquipmentFields, EquipmentItem};
use lentera_core::{Error, Result};

const COLUMNS: &str =
    "id, library_id, item, description, quantity, year_received, source, condition, in_use, updated_at";

fn equipment_row(r: &Row) -> rusqlite::Result<Equipment> {
    let item: String = r.get(2)?;
    let condition: String = r.get(7)?;
    Ok(Equipment {
        id: r.get(0)?,
        library_id: id_at(r, 1)?,
        item: EquipmentItem::parse(&item).ok_or_else(|| bad(2))?,
        description: r.get(3)?,
        quantity: r.get(4)?,
        year_received: r.get(5)?,
        source: r.get(6)?,
        condition: EquipmentCondition::parse(&condition).ok_or_else(|| bad(7))?,
        in_use: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

impl SqliteStore {
    pub(crate) fn equipment_list(&self, library_id: i64) -> Result<Vec<Equipment>> {
        self.read(|c| {
            let mut stmt = c
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM library_equipment WHERE library_id = ? ORDER BY item, id"
                ))
                .map_err(db_err)?;
            stmt.query_map([library_id], equipment_row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }

    pub(crate) fn equipment_save(
        &self,
        library_id: i64,
        id: Option<i64>,
        f: &EquipmentFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Equipment> {
        self.write(|tx| {
            let id = match id {
                None => insert(tx, LibraryId::new(library_id), f, now)?,
                Some(id) => {
                    let n = tx
                        .execute(
                            "UPDATE library_equipment SET item=?, description=?, quantity=?, year_received=?, source=?,
                               condition=?, in_use=?, updated_at=? WHERE id=? AND library_id=?",
                            params![
                                f.item.code(),
                                f.description,
                                f.quantity,
                                f.year_received,
                                f.source,
                                f.condition.code(),
                                f.in_use,
                                now,
                                id,
                                library_id
                            ],
                        )
                        .map_err(db_err)?;
                    if n == 0 {
                        return Err(Error::NotFound);
                    }
                    id
                }
            };
            write_audit(tx, &audit, Some(id))?;
            tx.query_row(&format!("SELECT {COLUMNS} FROM library_equipment WHERE id = ?"), [id], equipment_row)
                .optional()
                .map_err(db_err)?
                .ok_or(Error::NotFound)
        })
    }

    pub(crate) fn equipment_delete(&self, library_id: i64, id: i64, audit: AuditRecord) -> Result<()> {
        self.write(|tx| {
            let n = tx
                .execute("DELETE FROM library_equipment WHERE id = ? AND library_id = ?", params![id, library_id])
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::NotFound);
            }
            write_audit(tx, &audit, Some(id))
        })
    }
}

pub(super) fn insert(tx: &rusqlite::Transaction, library_id: LibraryId, f: &EquipmentFields, now: i64) -> Result<i64> {
    let library_id = library_id.get();
    tx.prepare_cached(
        "INSERT INTO library_equipment (library_id, item, description, quantity, year_received, source, condition, in_use, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .map_err(db_err)?
    .execute(params![
        library_id,
        f.item.code(),
        f.description,
        f.quantity,
        f.year_received,
        f.source,
        f.condition.code(),
        f.in_use,
        now
    ])
    .map_err(db_err)?;
    Ok(tx.last_insert_rowid())
}
