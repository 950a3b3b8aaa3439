//! Export to DHIS2 (`dataValueSets` JSON): Lentera's indicator figures per month and region
//! as data values, through a mapping of indicator codes to DHIS2 data elements and of region
//! codes to organisation units, set in the configuration (`[dhis2]`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::indicators::{ActivityCounts, MonthlyCounts};
use crate::monthly::Period;

/// The indicator codes that can be mapped.
pub const INDICATORS: [&str; 8] = [
    "activities",
    "participants",
    "participants_female",
    "participants_disabled",
    "stories",
    "visitors",
    "loans",
    "monthly_reports",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mapping {
    /// DHIS2 data element UID per indicator code; unmapped indicators are not sent.
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
            data_elements: INDICATORS.iter().map(|c| (c.to_string(), format!("TPBIS_{}", c.to_uppercase()))).collect(),
            category_option_combo: default_combo(),
            org_units: BTreeMap::new(),
            org_unit_prefix: String::new(),
        }
    }
}

impl Mapping {
    /// Refuses indicator codes Lentera does not know (a typo would silently send nothing).
    pub fn check(&self) -> Result<(), String> {
        match self.data_elements.keys().find(|k| !INDICATORS.contains(&k.as_str())) {
            Some(k) => Err(format!("dhis2: unknown indicator '{k}' (known: {})", INDICATORS.join(", "))),
            None => Ok(()),
        }
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

/// The data values of one region for its months; zero values are left out.
pub fn data_values(
    mapping: &Mapping,
    region: &str,
    months: &[(Period, ActivityCounts, MonthlyCounts)],
) -> Vec<DataValue> {
    let mut out = Vec::new();
    for (p, a, m) in months {
        let figures = [
            ("activities", a.activities),
            ("participants", a.participants()),
            ("participants_female", a.female),
            ("participants_disabled", a.disabled),
            ("stories", a.stories),
            ("visitors", m.visitors()),
            ("loans", m.loans),
            ("monthly_reports", m.reports),
        ];
        for (code, value) in figures {
            if let Some(de) = mapping.data_elements.get(code).filter(|_| value != 0) {
                out.push(DataValue {
                    data_element: de.clone(),
                    period: format!("{:04}{:02}", p.year, p.month),
                    org_unit: mapping.org_unit(region),
                    category_option_combo: mapping.category_option_combo.clone(),
                    value: value.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_the_mapping() {
        let mapping = Mapping {
            data_elements: [("participants".to_string(), "deUID00001".to_string())].into_iter().collect(),
            org_units: [("35".to_string(), "ouJATIM0001".to_string())].into_iter().collect(),
            ..Default::default()
        };
        let a = ActivityCounts { activities: 2, male: 3, female: 4, ..Default::default() };
        let months = [(Period { year: 2023, month: 5 }, a, MonthlyCounts::default())];
        assert_eq!(
            data_values(&mapping, "35", &months),
            vec![DataValue {
                data_element: "deUID00001".into(),
                period: "202305".into(),
                org_unit: "ouJATIM0001".into(),
                category_option_combo: "HllvX50cXC0".into(),
                value: "7".into(),
            }]
        );
        let zero = [(Period { year: 2023, month: 6 }, ActivityCounts::default(), MonthlyCounts::default())];
        assert!(data_values(&Mapping::default(), "35", &zero).is_empty());
        assert!(
            Mapping { data_elements: [("typo".into(), "x".into())].into_iter().collect(), ..Default::default() }
                .check()
                .is_err()
        );
        assert!(Mapping::default().check().is_ok());
    }
}
