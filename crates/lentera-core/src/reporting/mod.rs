//! One review workflow for every kind of report.
//!
//! A report (an activity, a month's figures; work plans and survey batches next) goes from
//! the library up the hierarchy: draft → submitted → verified by the regency or city →
//! approved by the province, or returned with a note at any level, and reopened with a
//! reason after approval. This module owns that path once for all kinds:
//!
//! - [`workflow`]: the statuses, the transitions, the levels that take them, and which
//!   statuses lock a report or count in the figures;
//! - [`policy`]: who may take which transition on which report, and what waits for whom;
//! - [`kind`]: what a kind of report must provide ([`Report`]) and what a status change
//!   writes ([`StatusChange`]): the store applies it with its audit record, the aggregate
//!   change and the derived figures in one transaction.
//!
//! The review service (`services::review`) and the web handlers are generic over [`Report`];
//! adding a kind means a type, its store port and its trait implementation.

pub mod kind;
pub mod policy;
pub mod workflow;

pub use kind::{AggregateDelta, Report, ReportKind, ReviewFilter, StatusChange, valid_client_id};
pub use policy::ReviewPolicy;
pub use workflow::{Level, ReportStatus, Transition, Workflow};
