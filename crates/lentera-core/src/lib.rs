//! Lentera's domain: types, rules and services for the TPBIS programme.
//!
//! This crate owns *what* the system means and *who may do what*. It depends on neither the
//! web framework nor the database driver: storage is reached only through the traits in
//! [`store`], and every read or write by a person goes through a service in [`services`] that
//! checks the [`access`] policy first. Pages, the JSON API and the CLI all call these services.
#![forbid(unsafe_code)]

pub mod vocab;

pub mod access;
pub mod activity;
pub mod advocacy;
pub mod agreements;
pub mod audit;
pub mod brief;
pub mod calendar;
pub mod catalogue;
pub mod clock;
pub mod dhis2;
pub mod error;
pub mod event;
pub mod i18n;
pub mod ids;
pub mod indicators;
pub mod iplm;
pub mod kpi;
pub mod library;
pub mod lists;
pub mod money;
pub mod monthly;
pub mod partners;
pub mod password;
pub mod pivot;
pub mod region;
pub mod reporting;
pub mod services;
pub mod store;
pub mod text;
pub mod time_fmt;
pub mod training;
pub mod user;
pub mod workplan;

pub use error::{Error, FieldError, Result, Unique};
