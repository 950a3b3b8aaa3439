//! The budget calendar: when each door to next year's money is open (advocacy.md). A library
//! that wants money in budget year Y must be in the village musrenbang by February of Y-1 and
//! in the RKPDes by September of Y-1; a reminder in November is too late. The legal dates are
//! the defaults here; a deployment may move a step (some regions shift dates), kept by the
//! store as overrides.

use serde::Serialize;
use time::{Date, Month};

use crate::i18n::Lang;
use crate::workplan::{FundingSource, PlanContent};

crate::vocabulary! {
    /// The steps of the budget year, in order.
    BudgetStep {
        MusrenbangDesa = "musrenbang_desa", "Musrenbang desa/kelurahan", "Village planning meeting (musrenbang)";
        MusyawarahDesa = "musyawarah_desa", "Musyawarah desa", "Village deliberation";
        KuaPpas = "kua_ppas", "KUA-PPAS kabupaten/kota ke DPRD", "Regency budget policy (KUA-PPAS) to the council";
        Rkpdes = "rkpdes", "RKPDes ditetapkan", "Village work plan (RKPDes) set";
        Rapbdes = "rapbdes", "RAPBDes disepakati dengan BPD", "Draft village budget agreed with the BPD";
        Apbd = "apbd", "APBD disetujui bersama DPRD", "Regional budget (APBD) approved";
        Apbdes = "apbdes", "APBDes ditetapkan (Perdes)", "Village budget (APBDes) set";
    }
}

impl BudgetStep {
    /// The legal deadline in the year before the budget year: (month, day).
    pub fn default_deadline(self) -> (u8, u8) {
        match self {
            BudgetStep::MusrenbangDesa => (2, 28),
            BudgetStep::MusyawarahDesa => (6, 30),
            BudgetStep::KuaPpas => (7, 14),
            BudgetStep::Rkpdes => (9, 30),
            BudgetStep::Rapbdes => (10, 31),
            BudgetStep::Apbd => (11, 30),
            BudgetStep::Apbdes => (12, 31),
        }
    }

    /// Whether the step decides the village's own budget (DD, ADD, PAD and the other
    /// village revenue accounts), rather than the regency's or province's.
    pub fn village(self) -> bool {
        !matches!(self, BudgetStep::KuaPpas | BudgetStep::Apbd)
    }
}

/// A deployment's calendar: the legal dates with its overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    pub overrides: Vec<(BudgetStep, u8, u8)>,
}

/// One step's deadline for a budget year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub step: BudgetStep,
    pub date: Date,
    /// Moved from the legal date by this deployment.
    pub moved: bool,
}

/// Checks a month and day for a step (a day that exists in every year: up to 28 in February).
pub fn check_date(month: u8, day: u8) -> crate::Result<(u8, u8)> {
    let max = match month {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    if max == 0 || day == 0 || day > max {
        return Err(crate::Error::field("day", "Tanggal tidak ada di bulan itu.", "No such day in that month."));
    }
    Ok((month, day))
}

impl Calendar {
    pub fn deadline_of(&self, step: BudgetStep) -> ((u8, u8), bool) {
        match self.overrides.iter().find(|(s, _, _)| *s == step) {
            Some((_, m, d)) => ((*m, *d), true),
            None => (step.default_deadline(), false),
        }
    }

    /// Every step's deadline for money in `budget_year`, in date order.
    pub fn for_budget_year(&self, budget_year: i32) -> Vec<Deadline> {
        let mut out: Vec<Deadline> = BudgetStep::ALL
            .iter()
            .filter_map(|s| {
                let ((m, d), moved) = self.deadline_of(*s);
                let date = Date::from_calendar_date(budget_year - 1, Month::try_from(m).ok()?, d).ok()?;
                Some(Deadline { step: *s, date, moved })
            })
            .collect();
        out.sort_by_key(|d| d.date);
        out
    }

    /// The next step still open on `today` for money in `budget_year`.
    pub fn next(&self, budget_year: i32, today: Date) -> Option<Deadline> {
        self.for_budget_year(budget_year).into_iter().find(|d| d.date >= today)
    }
}

/// What the calendar asks of one plan now: each step with the days left, and what the plan
/// still lacks for the steps that need it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReminder {
    pub deadline: Deadline,
    /// Negative once passed.
    pub days_left: i64,
    /// The village-budget sources the plan asks that no budget holder approved yet.
    pub unapproved_village_asks: Vec<FundingSource>,
}

/// Sources that land in the village budget (APBDes revenue accounts).
pub fn village_source(s: FundingSource) -> bool {
    s.account().is_some()
}

/// The plan's reminders for `budget_year` on `today`: every step, with what its asks lack.
pub fn reminders(cal: &Calendar, budget_year: i32, plan: Option<&PlanContent>, today: Date) -> Vec<PlanReminder> {
    let mut unapproved: Vec<FundingSource> = plan
        .map(|p| {
            p.lines.iter().filter(|l| village_source(l.source) && l.approved.is_none()).map(|l| l.source).collect()
        })
        .unwrap_or_default();
    unapproved.sort_by_key(|s| FundingSource::ALL.iter().position(|x| x == s));
    unapproved.dedup();
    cal.for_budget_year(budget_year)
        .into_iter()
        .map(|d| PlanReminder {
            days_left: (d.date - today).whole_days(),
            unapproved_village_asks: if d.step.village() { unapproved.clone() } else { Vec::new() },
            deadline: d,
        })
        .collect()
}

/// "6 minggu lagi", "12 hari lagi", "hari ini", "lewat 3 hari".
pub fn time_left(days: i64, lang: Lang) -> String {
    match (days, lang) {
        (0, _) => lang.t("hari ini", "today").to_string(),
        (d, Lang::Id) if d < 0 => format!("lewat {} hari", -d),
        (d, Lang::En) if d < 0 => format!("{} days ago", -d),
        (d, Lang::Id) if d >= 14 => format!("{} minggu lagi", d / 7),
        (d, Lang::En) if d >= 14 => format!("{} weeks left", d / 7),
        (d, Lang::Id) => format!("{d} hari lagi"),
        (d, Lang::En) => format!("{d} days left"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn money_for_a_year_is_decided_the_year_before() {
        let cal = Calendar::default();
        let steps = cal.for_budget_year(2027);
        assert_eq!(steps[0], Deadline { step: BudgetStep::MusrenbangDesa, date: date!(2026 - 02 - 28), moved: false });
        assert_eq!(steps.last().unwrap().date, date!(2026 - 12 - 31));
        assert_eq!(cal.next(2027, date!(2026 - 08 - 01)).unwrap().step, BudgetStep::Rkpdes);
        assert_eq!(cal.next(2027, date!(2027 - 01 - 01)), None, "too late for 2027");
    }

    #[test]
    fn a_deployment_moves_a_step() {
        let cal = Calendar { overrides: vec![(BudgetStep::Rkpdes, 8, 31)] };
        let rkpdes = cal.for_budget_year(2027).into_iter().find(|d| d.step == BudgetStep::Rkpdes).unwrap();
        assert_eq!((rkpdes.date, rkpdes.moved), (date!(2026 - 08 - 31), true));
        assert!(check_date(2, 29).is_err() && check_date(13, 1).is_err() && check_date(4, 31).is_err());
        assert_eq!(check_date(2, 28).unwrap(), (2, 28));
    }

    #[test]
    fn reminders_name_the_village_asks_not_yet_approved() {
        let mut plan = crate::workplan::PlanInput {
            lines: ["add", "apbd", "add"]
                .iter()
                .map(|s| crate::workplan::BudgetLineInput {
                    source: s.to_string(),
                    description: "x".into(),
                    proposed: "1000".into(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
        .validate(&[])
        .unwrap();
        plan.lines[2].approved = Some(1000);
        let r = reminders(&Calendar::default(), 2027, Some(&plan), date!(2026 - 09 - 16));
        let rkpdes = r.iter().find(|r| r.deadline.step == BudgetStep::Rkpdes).unwrap();
        assert_eq!(
            (rkpdes.days_left, rkpdes.unapproved_village_asks.clone()),
            (14, vec![FundingSource::AlokasiDanaDesa])
        );
        let apbd = r.iter().find(|r| r.deadline.step == BudgetStep::Apbd).unwrap();
        assert!(apbd.unapproved_village_asks.is_empty(), "a regency step does not carry village asks");
        assert_eq!(time_left(14, Lang::Id), "2 minggu lagi");
        assert_eq!(time_left(-3, Lang::Id), "lewat 3 hari");
    }
}
