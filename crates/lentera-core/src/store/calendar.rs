//! The deployment's budget calendar: the steps it moved from their legal dates.

use crate::Result;
use crate::audit::AuditRecord;
use crate::calendar::{BudgetStep, Calendar};

pub trait CalendarStore {
    fn budget_calendar(&self) -> Result<Calendar>;
    /// Moves a step to `(month, day)`, or back to its legal date with `None`.
    fn save_budget_step(&self, step: BudgetStep, date: Option<(u8, u8)>, audit: AuditRecord) -> Result<()>;
}
