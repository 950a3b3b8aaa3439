//! Use cases: each checks the caller's rights, validates, and calls the store.
//! Pages, the JSON API and the CLI call these and nothing below them.

pub mod accounts;
pub mod activities;
pub mod advocacy;
pub mod agreements;
pub mod audit;
pub mod brief;
pub mod calendar;
pub mod catalogue;
pub mod event_reports;
pub mod events;
pub mod indicators;
pub mod iplm;
pub mod kpi;
pub mod libraries;
pub mod lists;
pub mod monthly;
pub mod partners;
pub mod personal_data;
pub mod regions;
pub mod report_import;
pub mod review;
pub mod timeline;
pub mod training;
pub mod workplans;

use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::region::TimeZone;
use crate::store::Store;

/// What every service runs with: the store and the clock. Cheap to clone and share.
#[derive(Clone)]
pub struct Env {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
}

impl Env {
    /// Services over `store` on the machine's clock.
    pub fn new(store: Arc<dyn Store>) -> Env {
        Env { store, clock: Arc::new(SystemClock) }
    }

    pub fn with_clock(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Env {
        Env { store, clock }
    }

    /// Unix seconds now.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Today's date at a place.
    pub fn today(&self, tz: TimeZone) -> time::Date {
        self.clock.today(tz)
    }

    /// This year at a place.
    pub fn year(&self, tz: TimeZone) -> i32 {
        self.clock.year(tz)
    }
}
