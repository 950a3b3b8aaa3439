//! Values read from paths and forms the same way by pages and the API.

use lentera_core::Error;
use lentera_core::reporting::Transition;

use super::error::PageError;

/// Parses a numeric path id on a page; anything else is simply not found.
pub fn parse_id(s: &str) -> Result<i64, PageError> {
    s.parse().map_err(|_| PageError(Error::NotFound))
}

/// The workflow step a form or payload names.
pub fn parse_transition(code: &str) -> Result<Transition, Error> {
    Transition::parse(code).ok_or_else(|| Error::field("transition", "Tindakan tidak dikenal.", "Unknown action."))
}
