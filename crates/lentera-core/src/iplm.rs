//! IPLM (*Indeks Pembangunan Literasi Masyarakat*), the community literacy development index,
//! as described in `iplm/README.md` beside this file: the method is data, not code. A
//! [`Method`] lists its elements (what each counts and against which denominator), how library
//! types are weighted, the correction constant, targets and caps, and the category bands; three
//! variants ship as built-in definitions (JSON, embedded) and an administrator may load others.

use serde::{Deserialize, Serialize};

use crate::library::LibraryType;
use crate::{Error, Result};

/// How a method turns element values into the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// `pedoman-2021`: each element is `c × Σ_group weight × Σ_subtype count ÷ AM`,
    /// uncapped; the index is the mean of the elements × 100.
    WeightedRatios,
    /// `normalised-2023`: each element is `(count ÷ AM) ÷ K`, clipped to [0, 1]; the index is
    /// the mean × 100.
    NormalisedMean,
    /// `perban-7-2025`: dimensions (compliance, performance) of normalised variables, weighted.
    WeightedDimensions,
}

/// What an element counts over a region's libraries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    LibraryUnits,
    CollectionCopies,
    CollectionTitles,
    Staff,
    DailyVisits,
    SnpLibraries,
    EngagementParticipants,
    Members,
    LiteracyActivityParticipants,
    ServiceUsers,
    IctUsers,
    Loans,
    LiteracyProgrammes,
    Partnerships,
}

/// What an element's count is set against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// The population served (AM) of the library type.
    Population,
    /// The number of libraries of the type (a share, e.g. libraries meeting the standard).
    Libraries,
}

/// Library groups with their own weight and population (AM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Public,
    School,
    University,
    Special,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::Public, Group::School, Group::University, Group::Special];

    /// The code used in files and storage.
    pub fn code(self) -> &'static str {
        match self {
            Group::Public => "umum",
            Group::School => "sekolah",
            Group::University => "perguruan_tinggi",
            Group::Special => "khusus",
        }
    }

    pub fn parse(s: &str) -> Option<Group> {
        let s = s.trim().to_lowercase().replace([' ', '-'], "_");
        Group::ALL.into_iter().find(|g| g.code() == s)
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Group::Public => lang.t("Perpustakaan umum", "Public libraries"),
            Group::School => lang.t("Perpustakaan sekolah", "School libraries"),
            Group::University => lang.t("Perpustakaan perguruan tinggi", "University libraries"),
            Group::Special => lang.t("Perpustakaan khusus", "Special libraries"),
        }
    }

    /// The group a library type belongs to (`None`: not counted, e.g. the national library).
    pub fn of(t: LibraryType) -> Option<Group> {
        use LibraryType::*;
        match t {
            Province | RegencyCity | District | Village | Tbm => Some(Group::Public),
            SchoolPrimary | SchoolJunior | SchoolSenior => Some(Group::School),
            University => Some(Group::University),
            Special => Some(Group::Special),
            National => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Element {
    pub code: String,
    pub name: String,
    pub input: Input,
    pub denominator: Denominator,
    /// The standard or target `K` a ratio is divided by (normalised methods).
    #[serde(default)]
    pub target: Option<f64>,
    /// The dimension this element belongs to (dimension methods).
    #[serde(default)]
    pub dimension: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub name: String,
    /// The lowest index in the band.
    pub from: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Method {
    pub code: String,
    pub name: String,
    /// What the definition rests on and which constants are placeholders.
    #[serde(default)]
    pub note: Option<String>,
    pub first_year: i32,
    #[serde(default)]
    pub last_year: Option<i32>,
    pub aggregation: Aggregation,
    pub elements: Vec<Element>,
    /// Weight of each library group in an element (weighted methods).
    #[serde(default)]
    pub group_weights: Vec<(Group, f64)>,
    /// The correction constant `c` (weighted methods).
    #[serde(default = "one")]
    pub correction: f64,
    /// Weight of each dimension (dimension methods).
    #[serde(default)]
    pub dimension_weights: Vec<(String, f64)>,
    /// Bands from the lowest; each holds from its `from` up to the next band's.
    pub bands: Vec<Band>,
}

fn one() -> f64 {
    1.0
}

/// The methods that ship with Lentera (parsed once).
pub fn built_in() -> Vec<Method> {
    static BUILT_IN: std::sync::OnceLock<Vec<Method>> = std::sync::OnceLock::new();
    BUILT_IN
        .get_or_init(|| {
            [
                include_str!("iplm/pedoman-2021.json"),
                include_str!("iplm/normalised-2023.json"),
                include_str!("iplm/perban-7-2025.json"),
            ]
            .iter()
            .map(|json| Method::from_json(json).expect("built-in IPLM method is valid"))
            .collect()
        })
        .clone()
}

/// One group's figures for an element: the count and what it is set against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupFigures {
    pub group: Group,
    pub count: f64,
    /// AM (population) or the number of libraries, per the element's denominator.
    pub base: f64,
}

impl Method {
    /// Reads and checks a definition.
    pub fn from_json(json: &str) -> Result<Method> {
        let m: Method = serde_json::from_str(json).map_err(|e| {
            Error::field(
                "definition",
                &format!("Definisi metode tidak valid: {e}"),
                &format!("Invalid method definition: {e}"),
            )
        })?;
        m.check()?;
        Ok(m)
    }

    fn check(&self) -> Result<()> {
        let bad = |id: &str, en: &str| Err(Error::field("definition", id, en));
        if self.elements.is_empty() {
            return bad("Metode tanpa elemen.", "A method needs elements.");
        }
        if self.bands.is_empty() || self.bands.windows(2).any(|w| w[0].from >= w[1].from) {
            return bad("Kategori harus naik berurutan.", "Bands must be in increasing order.");
        }
        match self.aggregation {
            Aggregation::WeightedRatios if self.group_weights.is_empty() => {
                bad("Bobot kelompok perpustakaan wajib ada.", "Group weights are required.")
            }
            Aggregation::NormalisedMean | Aggregation::WeightedDimensions
                if self.elements.iter().any(|e| e.target.is_none_or(|k| k <= 0.0)) =>
            {
                bad("Setiap elemen perlu nilai standar K > 0.", "Every element needs a target K > 0.")
            }
            Aggregation::WeightedDimensions
                if self.elements.iter().any(|e| {
                    e.dimension.as_ref().is_none_or(|d| !self.dimension_weights.iter().any(|(w, _)| w == d))
                }) =>
            {
                bad("Setiap elemen perlu dimensi berbobot.", "Every element needs a weighted dimension.")
            }
            _ => Ok(()),
        }
    }

    /// Whether the method applies to a year.
    pub fn covers(&self, year: i32) -> bool {
        year >= self.first_year && self.last_year.is_none_or(|l| year <= l)
    }

    /// An element's value from its per-group figures. Groups without a base (no population
    /// or no libraries) add nothing.
    pub fn element_value(&self, element: &Element, figures: &[GroupFigures]) -> f64 {
        let ratio = |f: &GroupFigures| if f.base > 0.0 { f.count / f.base } else { 0.0 };
        match self.aggregation {
            Aggregation::WeightedRatios => {
                let weighted: f64 = figures
                    .iter()
                    .map(|f| self.group_weights.iter().find(|(g, _)| *g == f.group).map_or(0.0, |(_, w)| w * ratio(f)))
                    .sum();
                self.correction * weighted
            }
            Aggregation::NormalisedMean | Aggregation::WeightedDimensions => {
                // Groups without a base (no AM recorded) cannot be set against anything.
                let (count, base) =
                    figures.iter().filter(|f| f.base > 0.0).fold((0.0, 0.0), |(c, b), f| (c + f.count, b + f.base));
                let r = if base > 0.0 { count / base } else { 0.0 };
                (r / element.target.unwrap_or(1.0)).clamp(0.0, 1.0)
            }
        }
    }

    /// The index from the element values (in the method's element order), 0–100 for the
    /// normalised methods and unbounded for `pedoman-2021`.
    pub fn index(&self, values: &[f64]) -> Result<f64> {
        if values.len() != self.elements.len() {
            return Err(Error::field(
                "values",
                &format!("Metode {} memerlukan {} nilai elemen.", self.code, self.elements.len()),
                &format!("Method {} needs {} element values.", self.code, self.elements.len()),
            ));
        }
        let mean = |v: &[f64]| if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 };
        Ok(match self.aggregation {
            Aggregation::WeightedRatios => mean(values) * 100.0,
            Aggregation::NormalisedMean => {
                let clipped: Vec<f64> = values.iter().map(|v| v.clamp(0.0, 1.0)).collect();
                mean(&clipped) * 100.0
            }
            Aggregation::WeightedDimensions => {
                let total_weight: f64 = self.dimension_weights.iter().map(|(_, w)| w).sum();
                let score: f64 = self
                    .dimension_weights
                    .iter()
                    .map(|(d, w)| {
                        let vs: Vec<f64> = self
                            .elements
                            .iter()
                            .zip(values)
                            .filter(|(e, _)| e.dimension.as_deref() == Some(d))
                            .map(|(_, v)| v.clamp(0.0, 1.0))
                            .collect();
                        w * mean(&vs)
                    })
                    .sum();
                if total_weight > 0.0 { score / total_weight * 100.0 } else { 0.0 }
            }
        })
    }

    /// The band an index falls in (the lowest band below its start).
    pub fn band(&self, index: f64) -> &str {
        self.bands.iter().rev().find(|b| index >= b.from).or(self.bands.first()).map_or("", |b| b.name.as_str())
    }
}

/// KTAK sums of a region's active libraries of one group for a year, with how many
/// libraries gave each figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct GroupInputs {
    pub libraries: i64,
    pub copies: i64,
    pub copies_given: i64,
    pub staff: i64,
    pub staff_given: i64,
    pub members: i64,
    pub members_given: i64,
    pub visits: i64,
    pub visits_given: i64,
}

impl std::ops::AddAssign for GroupInputs {
    fn add_assign(&mut self, o: Self) {
        self.libraries += o.libraries;
        self.copies += o.copies;
        self.copies_given += o.copies_given;
        self.staff += o.staff;
        self.staff_given += o.staff_given;
        self.members += o.members;
        self.members_given += o.members_given;
        self.visits += o.visits;
        self.visits_given += o.visits_given;
    }
}

/// Everything a region's index is computed from for one year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegionInputs {
    pub groups: Vec<(Group, GroupInputs)>,
    /// Population (AM) per group; a group without it adds nothing.
    pub population: Vec<(Group, i64)>,
    /// From approved reports of the year (public libraries): activities and participants.
    pub activities: i64,
    pub participants: i64,
    pub loans: i64,
    pub ict_users: i64,
    pub visitors: i64,
}

impl RegionInputs {
    /// Share (percent) of the four KTAK figures given over the region's libraries.
    pub fn fill_rate(&self) -> i64 {
        let (given, asked) = self.groups.iter().fold((0, 0), |(g, a), (_, i)| {
            (g + i.copies_given + i.staff_given + i.members_given + i.visits_given, a + 4 * i.libraries)
        });
        if asked == 0 { 0 } else { given * 100 / asked }
    }

    fn group(&self, g: Group) -> GroupInputs {
        self.groups.iter().filter(|(x, _)| *x == g).fold(GroupInputs::default(), |mut acc, (_, i)| {
            acc += *i;
            acc
        })
    }

    /// The per-group figures an element counts. Activity-based inputs come from public
    /// libraries (the programme's); inputs Lentera does not record yet count zero.
    pub fn figures(&self, element: &Element) -> Vec<GroupFigures> {
        [Group::Public, Group::School, Group::University, Group::Special]
            .into_iter()
            .map(|g| {
                let i = self.group(g);
                let public = g == Group::Public;
                let from_reports = |v: i64| if public { v as f64 } else { 0.0 };
                let count = match element.input {
                    Input::LibraryUnits => i.libraries as f64,
                    Input::CollectionCopies => i.copies as f64,
                    Input::Staff => i.staff as f64,
                    Input::Members => i.members as f64,
                    Input::DailyVisits => i.visits as f64 / 365.0,
                    Input::EngagementParticipants | Input::LiteracyActivityParticipants => {
                        from_reports(self.participants)
                    }
                    Input::ServiceUsers => i.visits as f64,
                    Input::IctUsers => from_reports(self.ict_users),
                    Input::Loans => from_reports(self.loans),
                    Input::LiteracyProgrammes => from_reports(self.activities),
                    Input::CollectionTitles | Input::SnpLibraries | Input::Partnerships => 0.0,
                };
                let base = match element.denominator {
                    Denominator::Population => {
                        self.population.iter().find(|(x, _)| *x == g).map_or(0.0, |(_, p)| *p as f64)
                    }
                    Denominator::Libraries => i.libraries as f64,
                };
                GroupFigures { group: g, count, base }
            })
            .collect()
    }
}

/// A computed index with its elements.
#[derive(Debug, Clone, Serialize)]
pub struct Computed {
    pub elements: Vec<(String, f64)>,
    pub index: f64,
    pub band: String,
}

impl Method {
    pub fn compute(&self, inputs: &RegionInputs) -> Computed {
        let elements: Vec<(String, f64)> =
            self.elements.iter().map(|e| (e.name.clone(), self.element_value(e, &inputs.figures(e)))).collect();
        let values: Vec<f64> = elements.iter().map(|(_, v)| *v).collect();
        let index = self.index(&values).unwrap_or(0.0);
        Computed { band: self.band(index).to_string(), elements, index }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(code: &str) -> Method {
        built_in().into_iter().find(|m| m.code == code).unwrap()
    }

    #[test]
    fn built_in_methods_load_and_cover_their_years() {
        let all = built_in();
        assert_eq!(
            all.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(),
            ["pedoman-2021", "normalised-2023", "perban-7-2025"]
        );
        assert!(all[0].covers(2022) && !all[0].covers(2023));
        assert!(all[1].covers(2024) && !all[1].covers(2025));
        assert!(all[2].covers(2026));
        assert_eq!(all[0].elements.len(), 7);
        assert_eq!(all[1].elements.len(), 7);
    }

    #[test]
    fn pedoman_2021_sukoharjo_2022() {
        let m = method("pedoman-2021");
        let v = [0.002825, 2.269653, 0.003088, 0.015690, 2.036810, 0.027581, 0.673794];
        let iplm = m.index(&v).unwrap();
        assert!((iplm - 71.85).abs() < 0.005, "{iplm}");
        assert_eq!(m.band(iplm), "Sedang");
    }

    #[test]
    fn normalised_2023_aceh_barat_and_aceh_besar() {
        let m = method("normalised-2023");
        let barat = m.index(&[0.271669, 0.411685, 0.529927, 0.258802, 0.935792, 1.0, 1.0]).unwrap();
        assert!((barat - 62.969633).abs() < 1e-4, "{barat}");
        let besar = m.index(&[0.203645, 0.631573, 1.0, 0.148737, 1.0, 1.0, 1.0]).unwrap();
        assert!((besar - 71.199351).abs() < 1e-4, "{besar}");
        assert_eq!(m.band(besar), "Sedang");
    }

    #[test]
    fn element_values_from_group_figures() {
        let m = method("pedoman-2021");
        let e = &m.elements[0];
        // c × (0.5 × 10/1000 + 0.2 × 40/2000) = 2.5 × (0.005 + 0.004)
        let v = m.element_value(
            e,
            &[
                GroupFigures { group: Group::Public, count: 10.0, base: 1000.0 },
                GroupFigures { group: Group::School, count: 40.0, base: 2000.0 },
                GroupFigures { group: Group::Special, count: 3.0, base: 0.0 },
            ],
        );
        assert!((v - 0.0225).abs() < 1e-12, "{v}");
        let n = method("normalised-2023");
        let k = n.elements[0].target.unwrap();
        let v =
            n.element_value(&n.elements[0], &[GroupFigures { group: Group::Public, count: k * 500.0, base: 1000.0 }]);
        assert!((v - 0.5).abs() < 1e-12);
        let v =
            n.element_value(&n.elements[0], &[GroupFigures { group: Group::Public, count: k * 5000.0, base: 1000.0 }]);
        assert_eq!(v, 1.0, "clipped");
    }

    #[test]
    fn region_inputs_feed_the_elements() {
        let m = method("normalised-2023");
        let inputs = RegionInputs {
            groups: vec![
                (
                    Group::Public,
                    GroupInputs {
                        libraries: 10,
                        copies: 50_000,
                        copies_given: 8,
                        members: 1_000,
                        members_given: 4,
                        ..Default::default()
                    },
                ),
                (Group::School, GroupInputs { libraries: 10, ..Default::default() }),
            ],
            population: vec![(Group::Public, 100_000)],
            participants: 5_000,
            ..Default::default()
        };
        assert_eq!(inputs.fill_rate(), 15, "12 of 80 figures given");
        let c = m.compute(&inputs);
        // Units: 10/100,000 ÷ 0.001 = 0.1; copies: 0.5 ÷ 1 = 0.5; engagement 0.05 ÷ 0.1 = 0.5;
        // members 0.01 ÷ 0.1 = 0.1; the rest 0 (no staff, visits or SNP data; schools have no AM).
        let v: Vec<f64> = c.elements.iter().map(|(_, v)| (v * 1e6).round() / 1e6).collect();
        assert_eq!(v, [0.1, 0.5, 0.0, 0.0, 0.0, 0.5, 0.1]);
        assert!((c.index - 120.0 / 7.0).abs() < 1e-9);
        assert_eq!(c.band, "Sangat Rendah");
    }

    #[test]
    fn dimensions_are_weighted() {
        let m = method("perban-7-2025");
        let all_met = vec![1.0; m.elements.len()];
        assert!((m.index(&all_met).unwrap() - 100.0).abs() < 1e-9);
        // Compliance (weight 0.4) unmet, performance (0.6) fully met.
        let v: Vec<f64> =
            m.elements.iter().map(|e| if e.dimension.as_deref() == Some("kinerja") { 1.0 } else { 0.0 }).collect();
        assert!((m.index(&v).unwrap() - 60.0).abs() < 1e-9);
    }

    #[test]
    fn bands_and_bad_definitions() {
        let m = method("normalised-2023");
        assert_eq!(m.band(29.99), "Sangat Rendah");
        assert_eq!(m.band(30.0), "Rendah");
        assert_eq!(m.band(80.0), "Tinggi");
        assert_eq!(m.band(95.0), "Sangat Tinggi");
        assert!(m.index(&[1.0]).is_err());
        assert!(Method::from_json("{}").is_err());
        let mut j: serde_json::Value = serde_json::from_str(include_str!("iplm/normalised-2023.json")).unwrap();
        j["elements"][0]["target"] = serde_json::Value::Null;
        assert!(Method::from_json(&j.to_string()).is_err(), "targets are required when normalising");
    }
}
