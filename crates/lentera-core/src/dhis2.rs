//! Export to DHIS2 (`dataValueSets` JSON): Lentera's indicator figures per month and region
//! (and budgets leveraged per year) as data values, through a mapping of indicator codes to DHIS2 data elements and of region
//! codes to organisation units, set in the configuration (`[dhis2]`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalogue::{Measure, Source};
use crate::indicators::{ActivityCounts, MonthlyCounts};
use crate::monthly::Period;

/// The measures sent by default, with the names the mapping first knew them by (still
/// accepted as keys, and the default data element is `TPBIS_` + the name in capitals).
pub const DEFAULT: [(Measure, &str); 11] = [
    (Measure::Activities, "activities"),
    (Measure::Participants, "participants"),
    (Measure::ParticipantsFemale, "participants_female"),
    (Measure::Disabled, "participants_disabled"),
    (Measure::Stories, "stories"),
    (Measure::Visitors, "visitors"),
    (Measure::Loans, "loans"),
    (Measure::MonthlyReports, "monthly_reports"),
    (Measure::Advocacy, "advocacy"),
    (Measure::RegulationsEnacted, "regulations_enacted"),
    (Measure::BudgetLeveraged, "budget_leveraged"),
];

/// Whether the export can send a measure: the catalogue's monthly aggregates (activity reports
/// and monthly figures), the advocacy counts by month, and the budget leveraged by year.
fn sendable(m: Measure) -> bool {
    use Measure::*;
    matches!(m.source(), Source::Activities | Source::Monthly)
        || matches!(m, Advocacy | CommitmentsMade | CommitmentsKept | CommitmentsKeptRupiah | RegulationsEnacted)
        || m == BudgetLeveraged
}

/// A measure the export can send (see [`sendable`]), named by its catalogue code or its
/// first name.
pub fn measure_of(key: &str) -> Option<Measure> {
    DEFAULT
        .iter()
        .find(|(_, name)| *name == key)
        .map(|(m, _)| *m)
        .or_else(|| Measure::ALL.iter().copied().find(|m| m.code() == key))
        .filter(|m| sendable(*m))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mapping {
    /// DHIS2 data element UID per measure (its catalogue code, e.g. `peserta_perempuan`, or
    /// one of the first names in [`DEFAULT`]); unmapped measures are not sent.
    pub data_elements: BTreeMap<String, String>,
    /// The category option combo of the values (DHIS2's default combo unless set).
    pub category_option_combo: String,
    /// Organisation unit UID per region code ("" for the nation); codes not listed are sent
    /// as `org_unit_prefix` + the code.
    pub org_units: BTreeMap<String, String>,
    pub org_unit_prefix: String,
}

fn default_combo() -> String {
    "HllvX50cXC0".into()
}

impl Default for Mapping {
    fn default() -> Self {
        Mapping {
            data_elements: DEFAULT
                .iter()
                .map(|(_, c)| (c.to_string(), format!("TPBIS_{}", c.to_uppercase())))
                .collect(),
            category_option_combo: default_combo(),
            org_units: BTreeMap::new(),
            org_unit_prefix: String::new(),
        }
    }
}

impl Mapping {
    /// Refuses keys that name no measure the export can send (a typo would silently send
    /// nothing), and two keys for one measure.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = Vec::new();
        for k in self.data_elements.keys() {
            let Some(m) = measure_of(k) else {
                let known: Vec<&str> = Measure::ALL.iter().filter(|m| sendable(**m)).map(|m| m.code()).collect();
                return Err(format!("dhis2: unknown indicator '{k}' (known: {})", known.join(", ")));
            };
            if seen.contains(&m) {
                return Err(format!("dhis2: '{k}' maps {} a second time", m.code()));
            }
            seen.push(m);
        }
        Ok(())
    }

    /// The mapped measures with their data elements, in a stable order: the defaults' order,
    /// then the catalogue's.
    fn mapped(&self) -> Vec<(Measure, &str)> {
        let mut out: Vec<(Measure, &str)> =
            self.data_elements.iter().filter_map(|(k, de)| measure_of(k).map(|m| (m, de.as_str()))).collect();
        let rank = |m: Measure| {
            DEFAULT
                .iter()
                .position(|(d, _)| *d == m)
                .unwrap_or(DEFAULT.len() + Measure::ALL.iter().position(|x| *x == m).unwrap_or(0))
        };
        out.sort_by_key(|(m, _)| rank(*m));
        out
    }

    fn org_unit(&self, region: &str) -> String {
        self.org_units.get(region).cloned().unwrap_or_else(|| format!("{}{region}", self.org_unit_prefix))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValue {
    pub data_element: String,
    /// `YYYYMM`.
    pub period: String,
    pub org_unit: String,
    pub category_option_combo: String,
    pub value: String,
}

/// A `dataValueSets` payload.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSet {
    pub data_values: Vec<DataValue>,
}

/// One advocacy figure of a region: (DHIS2 period, measure, value).
pub type AdvocacyValue = (String, Measure, i64);

fn monthly(p: Period) -> String {
    format!("{:04}{:02}", p.year, p.month)
}

/// The advocacy facts of a region as DHIS2 figures: counts per month (commitments in the
/// month of their advocacy, kept as of `today`), the budget leveraged per year.
pub fn advocacy_values(f: &crate::advocacy::AdvocacyFacts, today: time::Date) -> Vec<AdvocacyValue> {
    let mut sums: BTreeMap<(String, &str), (Measure, i64)> = BTreeMap::new();
    let mut add = |period: String, m: Measure, v: i64| sums.entry((period, m.code())).or_insert((m, 0)).1 += v;
    f.advocacy.iter().for_each(|(_, p)| add(monthly(*p), Measure::Advocacy, 1));
    f.regulations_enacted.iter().for_each(|(_, p)| add(monthly(*p), Measure::RegulationsEnacted, 1));
    for (_, p, c) in &f.commitments {
        add(monthly(*p), Measure::CommitmentsMade, 1);
        add(monthly(*p), Measure::CommitmentsKept, i64::from(c.is_kept(today)));
        add(monthly(*p), Measure::CommitmentsKeptRupiah, c.kept_amount());
    }
    f.budget_approved.iter().for_each(|b| add(b.year.to_string(), Measure::BudgetLeveraged, b.rupiah));
    sums.into_iter().map(|((period, _), (m, v))| (period, m, v)).collect()
}

/// The data values of one region for its months (and the advocacy figures); zero values are
/// left out.
pub fn data_values(
    mapping: &Mapping,
    region: &str,
    months: &[(Period, ActivityCounts, MonthlyCounts)],
    advocacy: &[AdvocacyValue],
) -> Vec<DataValue> {
    let mut out = Vec::new();
    let mapped = mapping.mapped();
    let mut push = |de: &str, period: String, value: i64| {
        if value != 0 {
            out.push(DataValue {
                data_element: de.to_string(),
                period,
                org_unit: mapping.org_unit(region),
                category_option_combo: mapping.category_option_combo.clone(),
                value: value.to_string(),
            });
        }
    };
    for (p, a, m) in months {
        for (measure, de) in &mapped {
            if let Some(value) = measure.of_activities(a).or_else(|| measure.of_monthly(m)) {
                push(de, monthly(*p), value);
            }
        }
    }
    for (measure, de) in &mapped {
        for (period, _, value) in advocacy.iter().filter(|(_, m, _)| m == measure) {
            push(de, period.clone(), *value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::Participants;

    #[test]
    fn values_follow_the_mapping() {
        let mapping = Mapping {
            data_elements: [("participants".to_string(), "deUID00001".to_string())].into_iter().collect(),
            org_units: [("35".to_string(), "ouJATIM0001".to_string())].into_iter().collect(),
            ..Default::default()
        };
        let a = ActivityCounts {
            activities: 2,
            people: Participants { male: 3, female: 4, ..Default::default() },
            ..Default::default()
        };
        let months = [(Period { year: 2023, month: 5 }, a, MonthlyCounts::default())];
        assert_eq!(
            data_values(&mapping, "35", &months, &[]),
            vec![DataValue {
                data_element: "deUID00001".into(),
                period: "202305".into(),
                org_unit: "ouJATIM0001".into(),
                category_option_combo: "HllvX50cXC0".into(),
                value: "7".into(),
            }]
        );
        let zero = [(Period { year: 2023, month: 6 }, ActivityCounts::default(), MonthlyCounts::default())];
        assert!(data_values(&Mapping::default(), "35", &zero, &[]).is_empty());
        assert!(
            Mapping { data_elements: [("typo".into(), "x".into())].into_iter().collect(), ..Default::default() }
                .check()
                .is_err()
        );
        assert!(Mapping::default().check().is_ok());
        // Any measure of the monthly aggregates, by its catalogue code.
        let women = Mapping {
            data_elements: [("peserta_perempuan".into(), "deWOMEN".into())].into_iter().collect(),
            ..Default::default()
        };
        assert!(women.check().is_ok());
        assert_eq!(data_values(&women, "35", &months, &[])[0].value, "4");
        let twice = [("participants".to_string(), "a".to_string()), ("peserta".into(), "b".into())];
        assert!(Mapping { data_elements: twice.into_iter().collect(), ..Default::default() }.check().is_err());
        assert!(
            Mapping {
                data_elements: [("kelengkapan_laporan".into(), "x".into())].into_iter().collect(),
                ..Default::default()
            }
            .check()
            .is_err(),
            "not a monthly aggregate"
        );
        // Budgets go by year, advocacy by month; a plan share is no sum and is not sent.
        let advocacy = [
            ("2023".to_string(), Measure::BudgetLeveraged, 400_000_000_000_000),
            ("202305".to_string(), Measure::Advocacy, 2),
        ];
        let sent = data_values(&Mapping::default(), "35", &[], &advocacy);
        assert_eq!(
            sent.iter().map(|v| (v.data_element.as_str(), v.period.as_str(), v.value.as_str())).collect::<Vec<_>>(),
            [("TPBIS_ADVOCACY", "202305", "2"), ("TPBIS_BUDGET_LEVERAGED", "2023", "400000000000000")]
        );
        let plans = [("rencana_kerja_disetujui".to_string(), "x".to_string())];
        assert!(Mapping { data_elements: plans.into_iter().collect(), ..Default::default() }.check().is_err());
    }
}
