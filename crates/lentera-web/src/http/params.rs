//! Values read from paths and forms the same way by pages and the API.

use lentera_core::Error;
use lentera_core::reporting::Transition;

use super::error::PageError;

/// Parses a numeric path id on a page (a plain number or a typed [`lentera_core::ids::Id`]);
/// anything else is simply not found.
pub fn parse_id<I: From<i64>>(s: &str) -> Result<I, PageError> {
    s.parse::<i64>().map(I::from).map_err(|_| PageError(Error::NotFound))
}

/// The workflow step a form or payload names.
pub fn parse_transition(code: &str) -> Result<Transition, Error> {
    Transition::parse(code).ok_or_else(|| Error::field("transition", "Tindakan tidak dikenal.", "Unknown action."))
}
