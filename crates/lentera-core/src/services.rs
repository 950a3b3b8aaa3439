//! Use cases: each checks the caller's rights, validates, and calls the store.
//! Pages, the JSON API and the CLI call these and nothing below them.

pub mod accounts;
pub mod activities;
pub mod audit;
pub mod catalogue;
pub mod event_reports;
pub mod events;
pub mod indicators;
pub mod iplm;
pub mod kpi;
pub mod libraries;
pub mod lists;
pub mod monthly;
pub mod personal_data;
pub mod regions;
pub mod report_import;
pub mod timeline;
pub mod training;
