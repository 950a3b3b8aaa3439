//! Storage adapters for Lentera. SQL lives here and nowhere else.
//!
//! [`SqliteStore`] is the embedded default. A PostgreSQL adapter would sit beside it,
//! implementing the same ports from `lentera_core::store` with its own migrations carrying
//! the same version numbers.
#![forbid(unsafe_code)]

pub mod migrations;
mod pool;
pub mod regions_data;
mod sqlite;

pub use sqlite::{SqliteStore, StartupReport};
