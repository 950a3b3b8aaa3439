//! Indicator figures from approved reports, read from aggregates kept per region and month
//! (see the store's `AggregateStore`): what dashboards, pivots and open data build on.

use serde::Serialize;

use crate::activity::Participants;
use crate::monthly::Period;

/// Totals of approved activity reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ActivityCounts {
    pub activities: i64,
    /// The people who took part, by gender, age group and disability.
    pub people: Participants,
    /// Reports with a story of change.
    pub stories: i64,
    pub income_rupiah: i64,
}

impl ActivityCounts {
    pub fn participants(&self) -> i64 {
        self.people.total()
    }

    /// What one approved report adds.
    pub fn of_report(f: &crate::activity::ActivityFields) -> Self {
        ActivityCounts {
            activities: 1,
            people: f.participants,
            stories: i64::from(f.story.is_some()),
            income_rupiah: f.income_rupiah.unwrap_or(0),
        }
    }

    /// Every count multiplied by `k` (-1 takes a report away again).
    pub fn scaled(self, k: i64) -> Self {
        ActivityCounts {
            activities: k * self.activities,
            people: self.people.scaled(k),
            stories: k * self.stories,
            income_rupiah: k * self.income_rupiah,
        }
    }
}

impl std::ops::AddAssign for ActivityCounts {
    fn add_assign(&mut self, o: Self) {
        self.activities += o.activities;
        self.people += o.people;
        self.stories += o.stories;
        self.income_rupiah += o.income_rupiah;
    }
}

/// Totals of approved monthly library figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MonthlyCounts {
    pub reports: i64,
    pub visitors_male: i64,
    pub visitors_female: i64,
    pub new_members: i64,
    /// Members at the end of each month, summed (a stock: compare months, do not add them up).
    pub total_members: i64,
    pub loans: i64,
    pub onsite_reading: i64,
    pub ict_users: i64,
}

impl MonthlyCounts {
    pub fn visitors(&self) -> i64 {
        self.visitors_male + self.visitors_female
    }

    /// What one approved month adds.
    pub fn of_figures(f: &crate::monthly::MonthlyFigures) -> Self {
        MonthlyCounts {
            reports: 1,
            visitors_male: f.visitors_male,
            visitors_female: f.visitors_female,
            new_members: f.new_members,
            total_members: f.total_members,
            loans: f.loans,
            onsite_reading: f.onsite_reading,
            ict_users: f.ict_users,
        }
    }

    /// Every count multiplied by `k` (-1 takes a month away again).
    pub fn scaled(self, k: i64) -> Self {
        MonthlyCounts {
            reports: k * self.reports,
            visitors_male: k * self.visitors_male,
            visitors_female: k * self.visitors_female,
            new_members: k * self.new_members,
            total_members: k * self.total_members,
            loans: k * self.loans,
            onsite_reading: k * self.onsite_reading,
            ict_users: k * self.ict_users,
        }
    }
}

impl std::ops::AddAssign for MonthlyCounts {
    fn add_assign(&mut self, o: Self) {
        self.reports += o.reports;
        self.visitors_male += o.visitors_male;
        self.visitors_female += o.visitors_female;
        self.new_members += o.new_members;
        self.total_members += o.total_members;
        self.loans += o.loans;
        self.onsite_reading += o.onsite_reading;
        self.ict_users += o.ict_users;
    }
}

/// One aggregate row of activities: a month and a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ActivityCell {
    pub period: Period,
    pub category_id: i64,
    pub counts: ActivityCounts,
}
