//! Dev-only support for Lentera's tests.
//!
//! - [`app`]: [`TestApp`], a running Lentera on port 0 with a temporary database, and the
//!   HTTP helpers the integration tests share;
//! - [`conformance`]: the store conformance suite, written against the ports of
//!   `lentera_core::store` (never against one database), which every backend runs through
//!   [`conformance_tests!`].
#![forbid(unsafe_code)]

pub mod app;
pub mod conformance;

pub use app::*;
