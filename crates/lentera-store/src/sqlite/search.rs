//! Substring search without scanning: the folded text of activities, libraries and people
//! (event participants) also sits
//! in FTS5 tables with the trigram tokenizer (migration 0023), written here in the same
//! transaction as the row.

use rusqlite::Transaction;
use rusqlite::types::Value;

use super::db_err;
use lentera_core::Result;

/// A search index and the column of the row it mirrors.
#[derive(Clone, Copy)]
pub(super) enum Index {
    /// `activities.search_title`.
    Activities,
    /// `libraries.search_name`.
    Libraries,
    /// `people.search_name` (event participants).
    People,
}

impl Index {
    fn table(self) -> &'static str {
        match self {
            Index::Activities => "activities_fts",
            Index::Libraries => "libraries_fts",
            Index::People => "people_fts",
        }
    }
}

/// Indexes a new row's folded text.
pub(super) fn add(tx: &Transaction, index: Index, rowid: i64, folded: &str) -> Result<()> {
    tx.prepare_cached(&format!("INSERT INTO {} (rowid, text) VALUES (?, ?)", index.table()))
        .map_err(db_err)?
        .execute(rusqlite::params![rowid, folded])
        .map_err(db_err)?;
    Ok(())
}

/// Replaces a changed row's folded text in the index.
pub(super) fn put(tx: &Transaction, index: Index, rowid: i64, folded: &str) -> Result<()> {
    remove(tx, index, rowid)?;
    add(tx, index, rowid, folded)
}

pub(super) fn remove(tx: &Transaction, index: Index, rowid: i64) -> Result<()> {
    tx.prepare_cached(&format!("DELETE FROM {} WHERE rowid = ?", index.table()))
        .map_err(db_err)?
        .execute([rowid])
        .map_err(db_err)?;
    Ok(())
}

/// The condition for rows (`id_column`, with their folded text in `text_column`) whose text
/// contains `folded`: through the index from three characters (one trigram), else by
/// scanning the column. Folded text holds only `[a-z0-9 ]`, so it needs no escaping.
pub(super) fn contains(index: Index, id_column: &str, text_column: &str, folded: &str) -> (String, Value) {
    if folded.len() >= 3 {
        (
            format!("{id_column} IN (SELECT rowid FROM {} WHERE text MATCH ?)", index.table()),
            format!("\"{folded}\"").into(),
        )
    } else {
        (format!("{text_column} LIKE ?"), format!("%{folded}%").into())
    }
}
