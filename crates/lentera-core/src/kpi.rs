//! KPI colours: a red / yellow / green score per programme library per month, from three
//! indicators with thresholds set per deployment.
//!
//! - activities held (approved activity reports that started in the month);
//! - participants in those activities;
//! - the monthly figures: submitted by the deadline (green), late (yellow), missing (red).
//!
//! Each indicator scores green 2, yellow 1, red 0. The library is green with 5 or 6 points
//! (at most one indicator short of green), yellow with 3 or 4, red below 3. The page shows
//! every indicator beside the overall colour, so a library sees what to improve.

use serde::{Deserialize, Serialize};

use crate::ids::LibraryId;
use crate::monthly::{Period, deadlines};
use crate::region::RegionCode;
use crate::{Error, Result};

crate::vocabulary! {
    /// A KPI colour. Pages always print the word beside the colour (not colour alone).
    Colour {
        Red = "red", "Merah", "Red";
        Yellow = "yellow", "Kuning", "Yellow";
        Green = "green", "Hijau", "Green";
    }
}

impl Colour {
    fn points(self) -> u8 {
        match self {
            Colour::Red => 0,
            Colour::Yellow => 1,
            Colour::Green => 2,
        }
    }
}

/// The deployment's thresholds (`[kpi]` in the configuration file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Approved activities in the month for green.
    pub activities_green: i64,
    /// … and for yellow.
    pub activities_yellow: i64,
    /// Participants in those activities for green.
    pub participants_green: i64,
    /// … and for yellow.
    pub participants_yellow: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { activities_green: 2, activities_yellow: 1, participants_green: 40, participants_yellow: 15 }
    }
}

impl Thresholds {
    pub fn check(&self) -> std::result::Result<(), String> {
        if self.activities_yellow < 1 || self.activities_green < self.activities_yellow {
            return Err("kpi: need 1 <= activities_yellow <= activities_green".into());
        }
        if self.participants_yellow < 1 || self.participants_green < self.participants_yellow {
            return Err("kpi: need 1 <= participants_yellow <= participants_green".into());
        }
        Ok(())
    }

    fn grade(value: i64, yellow: i64, green: i64) -> Colour {
        if value >= green {
            Colour::Green
        } else if value >= yellow {
            Colour::Yellow
        } else {
            Colour::Red
        }
    }

    /// When a library-month's figures are due, in the library's own time zone.
    pub fn due(f: &KpiFacts, deadline_day: u8) -> i64 {
        deadlines(f.period, deadline_day)[f.region_code.time_zone().index()]
    }

    /// Scores one library-month.
    pub fn score(&self, f: &KpiFacts, deadline_day: u8) -> KpiScore {
        self.score_due(f, Self::due(f, deadline_day))
    }

    /// Scores one library-month whose figures were due at `due` (see [`Thresholds::due`]).
    pub fn score_due(&self, f: &KpiFacts, due: i64) -> KpiScore {
        let activities = Self::grade(f.activities, self.activities_yellow, self.activities_green);
        let participants = Self::grade(f.participants, self.participants_yellow, self.participants_green);
        let monthly = match f.monthly_submitted_at {
            None => Colour::Red,
            Some(at) if at <= due => Colour::Green,
            Some(_) => Colour::Yellow,
        };
        let points = activities.points() + participants.points() + monthly.points();
        let overall = match points {
            5.. => Colour::Green,
            3..=4 => Colour::Yellow,
            _ => Colour::Red,
        };
        KpiScore { activities, participants, monthly, overall }
    }
}

/// What a library did in a month, as the store counts it.
#[derive(Debug, Clone, Serialize)]
pub struct KpiFacts {
    pub library_id: LibraryId,
    pub library_name: String,
    pub region_code: RegionCode,
    pub period: Period,
    /// Whether the library was expected to report that month (an active programme member
    /// that had joined by that year). Others get no colour.
    pub expected: bool,
    pub activities: i64,
    pub participants: i64,
    /// When the month's figures were first submitted, if they were.
    pub monthly_submitted_at: Option<i64>,
}

/// The colours of one library-month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KpiScore {
    pub activities: Colour,
    pub participants: Colour,
    pub monthly: Colour,
    pub overall: Colour,
}

/// A library-month with its colours (none when the library was not expected to report).
#[derive(Debug, Clone, Serialize)]
pub struct LibraryKpi {
    #[serde(flatten)]
    pub facts: KpiFacts,
    pub score: Option<KpiScore>,
    /// The month's reporting deadline has not passed yet: its colour is not final (a
    /// missing monthly report is not late yet), so pages show it as in progress.
    pub provisional: bool,
}

/// How many libraries of a region are green, yellow and red in a month.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ColourCount {
    pub code: String,
    pub name: String,
    pub green: i64,
    pub yellow: i64,
    pub red: i64,
}

impl ColourCount {
    pub fn add(&mut self, c: Colour) {
        match c {
            Colour::Green => self.green += 1,
            Colour::Yellow => self.yellow += 1,
            Colour::Red => self.red += 1,
        }
    }
    pub fn total(&self) -> i64 {
        self.green + self.yellow + self.red
    }
}

/// Parses an optional colour filter (blank means all colours).
pub fn colour_filter(s: Option<&str>) -> Result<Option<Colour>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(c) => {
            Colour::parse(c).map(Some).ok_or_else(|| Error::field("colour", "Warna tidak dikenal.", "Unknown colour."))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(activities: i64, participants: i64, submitted: Option<i64>) -> KpiFacts {
        KpiFacts {
            library_id: LibraryId::new(1),
            library_name: "x".into(),
            region_code: RegionCode::parse("35.07.01.2001").unwrap(),
            period: Period::parse("2026-09").unwrap(),
            expected: true,
            activities,
            participants,
            monthly_submitted_at: submitted,
        }
    }

    #[test]
    fn colours_follow_thresholds_and_the_deadline() {
        let t = Thresholds::default();
        let due = deadlines(Period::parse("2026-09").unwrap(), 10)[0];
        let s = t.score(&facts(2, 40, Some(due)), 10);
        assert_eq!(
            (s.activities, s.participants, s.monthly, s.overall),
            (Colour::Green, Colour::Green, Colour::Green, Colour::Green)
        );
        // One indicator short of green is still green; two make it yellow.
        assert_eq!(t.score(&facts(2, 40, Some(due + 1)), 10).overall, Colour::Green);
        assert_eq!(t.score(&facts(1, 40, Some(due + 1)), 10).overall, Colour::Yellow);
        assert_eq!(t.score(&facts(0, 0, Some(due)), 10).overall, Colour::Red);
        assert_eq!(t.score(&facts(1, 15, None), 10).overall, Colour::Red);
        assert_eq!(t.score(&facts(3, 100, None), 10).overall, Colour::Yellow);
        // A later deadline day makes the same submission on time.
        assert_eq!(t.score(&facts(0, 0, Some(due + 1)), 10).monthly, Colour::Yellow);
        assert_eq!(t.score(&facts(0, 0, Some(due + 1)), 20).monthly, Colour::Green);
    }

    #[test]
    fn thresholds_must_be_ordered() {
        assert!(Thresholds::default().check().is_ok());
        assert!(Thresholds { activities_green: 1, activities_yellow: 2, ..Default::default() }.check().is_err());
        assert!(Thresholds { participants_yellow: 0, ..Default::default() }.check().is_err());
    }
}
