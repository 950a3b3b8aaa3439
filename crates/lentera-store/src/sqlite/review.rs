//! The review port: one status change of any kind of report, with its note, first-submission
//! time, aggregate change, derived KTAK figures and audit record, in one transaction.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::{SqliteStore, db_err, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::reporting::{ReportKind, StatusChange};
use lentera_core::store::ReviewStore;
use lentera_core::{Error, Result};

/// Where a kind's reports live, and whether the table keeps the first-submission time.
fn table_of(kind: ReportKind) -> (&'static str, bool) {
    match kind {
        ReportKind::Activity => ("activities", false),
        ReportKind::Monthly => ("monthly_reports", true),
        ReportKind::WorkPlan => ("work_plans", false),
    }
}

impl ReviewStore for SqliteStore {
    fn change_status(&self, c: &StatusChange, audit: AuditRecord) -> Result<()> {
        let (table, keeps_submission) = table_of(c.kind);
        let mut sets = vec!["status = ?", "review_comment = COALESCE(?, review_comment)", "updated_at = ?"];
        let mut values: Vec<Value> =
            vec![c.to.code().to_string().into(), c.note.clone().map(Value::Text).unwrap_or(Value::Null), c.at.into()];
        if let (true, Some(t)) = (keeps_submission, c.first_submitted_at) {
            sets.push("submitted_at = ?");
            values.push(t.into());
        }
        values.extend([Value::from(c.id), c.from.code().to_string().into()]);
        self.write(|tx| {
            let n = tx
                .prepare_cached(&format!(
                    "UPDATE {table} SET {}, version = version + 1 WHERE id = ? AND status = ?",
                    sets.join(", ")
                ))
                .map_err(db_err)?
                .execute(params_from_iter(values))
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            if let Some(delta) = &c.aggregate {
                super::aggregates::apply(tx, delta)?;
            }
            if let Some((library_id, year)) = c.ktak {
                super::monthly::refresh_ktak(tx, library_id, year)?;
            }
            write_audit(tx, &audit, Some(c.id))
        })
    }
}
