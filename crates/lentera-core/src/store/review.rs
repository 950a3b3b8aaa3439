//! The one port every kind of report's review goes through.

use crate::Result;
use crate::audit::AuditRecord;
use crate::reporting::StatusChange;

pub trait ReviewStore {
    /// Moves one report from `change.from` to `change.to`, keeping the note and the first
    /// submission time it carries, applying its aggregate change and deriving the library's
    /// KTAK figures again when asked, and writing `audit` — all in one transaction.
    /// Refused with `Error::Stale` (nothing written) when the report is no longer in
    /// `change.from`: another reviewer acted first.
    fn change_status(&self, change: &StatusChange, audit: AuditRecord) -> Result<()>;
}
