//! Values read from paths and forms the same way by pages and the API.

use lentera_core::Error;
use lentera_core::reporting::Transition;

use super::error::PageError;

/// Reads a record's id from a path (a plain number or a typed [`lentera_core::ids::Id`]):
/// anything but a positive whole number cannot name a record, so it is not found.
pub fn id_in_path<I: From<i64>>(s: &str) -> Result<I, Error> {
    s.parse::<i64>().ok().filter(|&n| n > 0).map(I::from).ok_or(Error::NotFound)
}

/// [`id_in_path`] on a page.
pub fn parse_id<I: From<i64>>(s: &str) -> Result<I, PageError> {
    id_in_path(s).map_err(PageError)
}

/// The workflow step a form or payload names.
pub fn parse_transition(code: &str) -> Result<Transition, Error> {
    Transition::parse(code).ok_or_else(|| Error::field("transition", "Tindakan tidak dikenal.", "Unknown action."))
}
