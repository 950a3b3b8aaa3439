//! The time services run at. Services never read the system clock themselves: they ask the
//! [`Clock`] they are given, so a test can set the day (a deadline passing, a check-in on the
//! wrong day) and the demo can write history.

use std::sync::atomic::{AtomicI64, Ordering};

use crate::region::TimeZone;
use crate::time_fmt::{in_zone, system_now};

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    /// Unix seconds.
    fn now(&self) -> i64;

    /// Today's date at a place.
    fn today(&self, tz: TimeZone) -> time::Date {
        in_zone(self.now(), tz).date()
    }

    /// This year at a place.
    fn year(&self, tz: TimeZone) -> i32 {
        in_zone(self.now(), tz).year()
    }
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        system_now()
    }
}

/// A clock that stands still until moved (tests).
#[derive(Debug, Default)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn at(unix: i64) -> FixedClock {
        FixedClock(AtomicI64::new(unix))
    }
    /// Moves the clock to `unix`.
    pub fn set(&self, unix: i64) {
        self.0.store(unix, Ordering::SeqCst);
    }
    /// Moves the clock on by `secs`.
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_depends_on_the_zone() {
        // 2026-12-31 16:30 UTC: still the 31st in WIB (23:30), already 1 January in WITA and WIT.
        let c = FixedClock::at(1_798_734_600);
        assert_eq!(c.today(TimeZone::Wib).to_string(), "2026-12-31");
        assert_eq!(c.today(TimeZone::Wita).to_string(), "2027-01-01");
        assert_eq!(c.year(TimeZone::Wit), 2027);
        c.advance(-3600);
        assert_eq!(c.today(TimeZone::Wita).to_string(), "2026-12-31");
    }
}
