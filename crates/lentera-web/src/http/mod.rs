//! Request plumbing shared by pages and the API: the one error mapping, form and parameter
//! reading, redirects that stay on this site, downloads. No HTML and no JSON schemas live
//! here; everything else in the crate may use it, and it uses nothing of theirs.

pub mod error;
pub mod form;
pub mod params;
pub mod redirect;
pub mod respond;

pub use error::{ApiError, PageError};
pub use form::Form;
pub use params::{parse_id, parse_transition};
pub use redirect::see_other;
pub use respond::{PageResult, download, html_response, table_download};
