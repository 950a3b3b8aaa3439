//! The budget calendar's overrides.

use rusqlite::params;

use super::{SqliteStore, bad, db_err, write_audit};
use lentera_core::Result;
use lentera_core::audit::AuditRecord;
use lentera_core::calendar::{BudgetStep, Calendar};
use lentera_core::store::CalendarStore;

impl CalendarStore for SqliteStore {
    fn budget_calendar(&self) -> Result<Calendar> {
        self.read(|c| {
            let overrides = c
                .prepare_cached("SELECT step, month, day FROM budget_calendar ORDER BY step")
                .map_err(db_err)?
                .query_map([], |r| {
                    let step: String = r.get(0)?;
                    Ok((BudgetStep::parse(&step).ok_or_else(|| bad(0))?, r.get(1)?, r.get(2)?))
                })
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(Calendar { overrides })
        })
    }

    fn save_budget_step(&self, step: BudgetStep, date: Option<(u8, u8)>, audit: AuditRecord) -> Result<()> {
        self.write(|tx| {
            match date {
                Some((month, day)) => tx.execute(
                    "INSERT INTO budget_calendar (step, month, day) VALUES (?, ?, ?)
                     ON CONFLICT (step) DO UPDATE SET month = excluded.month, day = excluded.day",
                    params![step.code(), month, day],
                ),
                None => tx.execute("DELETE FROM budget_calendar WHERE step = ?", [step.code()]),
            }
            .map_err(db_err)?;
            write_audit(tx, &audit, None)
        })
    }
}
