//! Pivot tables over the activity aggregates and the advocacy facts: rows by region, month,
//! quarter, year or category; columns by category, gender or age group (one or two of them),
//! or money by funding source; values any measure of the catalogue that activity reports hold
//! or that advocacy sums over time (advocacy, commitments, regulations, budget leveraged);
//! sortable by any column.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::Source;
use crate::indicators::ActivityCounts;
use crate::monthly::Period;
use crate::{Error, Result};

crate::vocabulary! {
    RowDim {
        Region = "wilayah", "Wilayah", "Region";
        Month = "bulan", "Bulan", "Month";
        Quarter = "triwulan", "Triwulan", "Quarter";
        Year = "tahun", "Tahun", "Year";
        Category = "kategori", "Kategori", "Category";
    }
}

crate::vocabulary! {
    ColDim {
        Category = "kategori", "Kategori", "Category";
        Gender = "gender", "Jenis kelamin", "Gender";
        Age = "usia", "Kelompok usia", "Age group";
        Source = "sumber_dana", "Sumber dana", "Funding source";
    }
}

pub use crate::catalogue::Measure;

/// The measures a pivot counts: those of the activity aggregates (the catalogue's), and the
/// advocacy measures that add up over months and regions (not running partnerships, not the
/// share of libraries with a plan).
pub fn measures() -> impl Iterator<Item = Measure> {
    Measure::ALL.iter().copied().filter(|m| m.source() == Source::Activities || is_advocacy(*m))
}

fn is_advocacy(m: Measure) -> bool {
    use Measure::*;
    matches!(
        m,
        Advocacy | CommitmentsMade | CommitmentsKept | CommitmentsKeptRupiah | RegulationsEnacted | BudgetLeveraged
    )
}

/// Money measures that split by funding source.
fn has_source(m: Measure) -> bool {
    matches!(m, Measure::CommitmentsKeptRupiah | Measure::BudgetLeveraged)
}

#[derive(Debug, Clone, PartialEq)]
pub struct PivotSpec {
    pub rows: RowDim,
    pub cols: Vec<ColDim>,
    pub measure: Measure,
}

impl PivotSpec {
    pub fn check(&self) -> Result<()> {
        let splits = self.cols.iter().filter(|c| matches!(c, ColDim::Gender | ColDim::Age)).count();
        let bad = |id: &str, en: &str| Err(Error::field("kolom", id, en));
        if self.cols.len() > 2 || self.cols.windows(2).any(|w| w[0] == w[1]) {
            return bad(
                "Pilih paling banyak dua dimensi kolom yang berbeda.",
                "Choose at most two different column dimensions.",
            );
        }
        if splits > 1 {
            return bad(
                "Jenis kelamin dan usia tidak dapat disilangkan (laporan mencatatnya terpisah).",
                "Gender and age cannot be crossed (reports record them separately).",
            );
        }
        if !measures().any(|m| m == self.measure) {
            return Err(Error::field(
                "nilai",
                "Nilai ini tidak dapat dijumlahkan dalam tabel pivot.",
                "This value cannot be summed in a pivot table.",
            ));
        }
        if is_advocacy(self.measure) {
            return self.check_advocacy();
        }
        if self.cols.contains(&ColDim::Source) {
            return bad("Sumber dana hanya untuk dana janji dan anggaran.", "Funding source applies to money only.");
        }
        // Gender and age split the participants as a whole, nothing narrower.
        if splits == 1 && self.measure != Measure::Participants {
            return bad(
                "Jenis kelamin dan usia hanya untuk jumlah peserta.",
                "Gender and age apply to participants only.",
            );
        }
        if self.rows == RowDim::Category && self.cols.contains(&ColDim::Category) {
            return bad("Kategori sudah menjadi baris.", "Category is already the rows.");
        }
        Ok(())
    }

    fn check_advocacy(&self) -> Result<()> {
        let bad = |f: &str, id: &str, en: &str| Err(Error::field(f, id, en));
        if self.cols.iter().any(|c| *c != ColDim::Source) || (!self.cols.is_empty() && !has_source(self.measure)) {
            return bad(
                "kolom",
                "Advokasi hanya dapat dirinci menurut sumber dana (untuk dana janji dan anggaran).",
                "Advocacy splits by funding source only (for promised money and budgets).",
            );
        }
        if self.rows == RowDim::Category {
            return bad("baris", "Kategori hanya untuk laporan kegiatan.", "Categories belong to activity reports.");
        }
        if self.measure == Measure::BudgetLeveraged && matches!(self.rows, RowDim::Month | RowDim::Quarter) {
            return bad(
                "baris",
                "Anggaran dicatat per tahun: pilih baris wilayah atau tahun.",
                "Budgets are recorded per year: choose regions or years as rows.",
            );
        }
        Ok(())
    }
}

/// What one fact counts: an activity aggregate, or one amount of an advocacy measure.
#[derive(Clone, Copy)]
pub enum Counts<'a> {
    Activities(&'a ActivityCounts),
    Amount(i64),
}

/// One aggregate cell to pivot: where, when, which category, and the counts.
pub struct Fact<'a> {
    pub region: &'a str,
    pub period: Period,
    /// The activity category, or the funding source of money.
    pub category: &'a str,
    pub counts: Counts<'a>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pivot {
    pub row_header: String,
    /// Column labels (two dimensions are joined with " · ").
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<i64>, i64)>,
    pub column_totals: Vec<i64>,
    pub total: i64,
}

fn quarter(p: Period) -> String {
    format!("{}-T{}", p.year, (p.month - 1) / 3 + 1)
}

/// The parts of a fact a column dimension splits it into, with their amounts.
fn split(dim: ColDim, f: &Fact, lang: crate::i18n::Lang) -> Vec<(String, Option<i64>)> {
    let zero = ActivityCounts::default();
    let c = match f.counts {
        Counts::Activities(c) => c,
        Counts::Amount(_) => &zero,
    };
    match dim {
        ColDim::Category | ColDim::Source => vec![(f.category.to_string(), None)],
        ColDim::Gender => vec![
            (lang.t("Laki-laki", "Men").to_string(), Some(c.people.male)),
            (lang.t("Perempuan", "Women").to_string(), Some(c.people.female)),
        ],
        ColDim::Age => vec![
            (lang.t("Anak", "Children").to_string(), Some(c.people.children)),
            (lang.t("Remaja", "Teens").to_string(), Some(c.people.teens)),
            (lang.t("Dewasa", "Adults").to_string(), Some(c.people.adults)),
            (lang.t("Lansia", "Elderly").to_string(), Some(c.people.elderly)),
        ],
    }
}

/// Builds the table. `region_name` turns a fact's region code into its row label.
pub fn pivot(
    spec: &PivotSpec,
    facts: &[Fact],
    region_name: &dyn Fn(&str) -> String,
    lang: crate::i18n::Lang,
) -> Result<Pivot> {
    spec.check()?;
    let mut table: BTreeMap<String, BTreeMap<Vec<String>, i64>> = BTreeMap::new();
    let mut column_keys: Vec<Vec<String>> = Vec::new();
    for f in facts {
        let row = match spec.rows {
            RowDim::Region => region_name(f.region),
            RowDim::Month => f.period.to_string(),
            RowDim::Quarter => quarter(f.period),
            RowDim::Year => f.period.year.to_string(),
            RowDim::Category => f.category.to_string(),
        };
        let base = match f.counts {
            Counts::Activities(c) => spec.measure.of_activities(c).unwrap_or(0),
            Counts::Amount(v) => v,
        };
        // Every combination of the column dimensions' parts, with its amount.
        let mut combos: Vec<(Vec<String>, Option<i64>)> = vec![(Vec::new(), None)];
        for dim in &spec.cols {
            combos = combos
                .into_iter()
                .flat_map(|(key, amount)| {
                    split(*dim, f, lang).into_iter().map(move |(label, a)| {
                        let mut k = key.clone();
                        k.push(label);
                        (k, a.or(amount))
                    })
                })
                .collect();
        }
        let cells = table.entry(row).or_default();
        for (key, amount) in combos {
            *cells.entry(key.clone()).or_default() += amount.unwrap_or(base);
            if !column_keys.contains(&key) {
                column_keys.push(key);
            }
        }
    }
    // Columns in a stable order: as the dimensions list their parts, categories by name.
    column_keys.sort();
    if spec.cols.iter().any(|c| matches!(c, ColDim::Gender | ColDim::Age)) {
        let order: Vec<String> = spec
            .cols
            .iter()
            .filter(|c| matches!(c, ColDim::Gender | ColDim::Age))
            .flat_map(|c| {
                let none = Counts::Amount(0);
                split(
                    *c,
                    &Fact { region: "", period: Period { year: 2000, month: 1 }, category: "", counts: none },
                    lang,
                )
            })
            .map(|(l, _)| l)
            .collect();
        let pos = |k: &Vec<String>| k.iter().find_map(|l| order.iter().position(|o| o == l)).unwrap_or(0);
        column_keys.sort_by(|a, b| {
            let cat = |k: &Vec<String>| k.iter().filter(|l| !order.contains(l)).cloned().collect::<Vec<_>>();
            cat(a).cmp(&cat(b)).then(pos(a).cmp(&pos(b)))
        });
    }
    let rows: Vec<(String, Vec<i64>, i64)> = table
        .into_iter()
        .map(|(row, cells)| {
            let values: Vec<i64> = column_keys.iter().map(|k| cells.get(k).copied().unwrap_or(0)).collect();
            let total = values.iter().sum();
            (row, values, total)
        })
        .collect();
    let column_totals: Vec<i64> = (0..column_keys.len()).map(|i| rows.iter().map(|r| r.1[i]).sum()).collect();
    Ok(Pivot {
        row_header: spec.rows.label(lang).to_string(),
        columns: column_keys
            .iter()
            .map(|k| if k.is_empty() { spec.measure.label(lang).to_string() } else { k.join(" · ") })
            .collect(),
        total: column_totals.iter().sum(),
        rows,
        column_totals,
    })
}

impl Pivot {
    /// Sorts rows by a column (`None`: the row total), descending or ascending; without a
    /// column the rows stay in label order.
    pub fn sort(&mut self, column: Option<usize>, descending: bool) {
        let key = |r: &(String, Vec<i64>, i64)| column.and_then(|c| r.1.get(c).copied()).unwrap_or(r.2);
        self.rows.sort_by(|a, b| {
            let o = key(a).cmp(&key(b));
            if descending { o.reverse() } else { o }
        });
    }

    /// Header and rows as text cells (for CSV and XLSX), with the totals row last.
    pub fn table(&self, total_label: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header = vec![self.row_header.clone()];
        header.extend(self.columns.iter().cloned());
        header.push(total_label.to_string());
        let mut rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|(label, values, total)| {
                let mut r = vec![label.clone()];
                r.extend(values.iter().map(i64::to_string));
                r.push(total.to_string());
                r
            })
            .collect();
        let mut last = vec![total_label.to_string()];
        last.extend(self.column_totals.iter().map(i64::to_string));
        last.push(self.total.to_string());
        rows.push(last);
        (header, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn counts(activities: i64, male: i64, female: i64) -> ActivityCounts {
        let people = crate::activity::Participants { male, female, adults: male + female, ..Default::default() };
        ActivityCounts { activities, people, ..Default::default() }
    }

    #[test]
    fn participants_by_category_and_gender_per_region() {
        let (a, b, c) = (counts(2, 5, 10), counts(1, 0, 7), counts(3, 4, 4));
        let p = |m| Period { year: 2024, month: m };
        let facts = [
            Fact { region: "35.07", period: p(1), category: "Literasi", counts: Counts::Activities(&a) },
            Fact { region: "35.07", period: p(2), category: "Kesehatan", counts: Counts::Activities(&b) },
            Fact { region: "35.78", period: p(2), category: "Literasi", counts: Counts::Activities(&c) },
        ];
        let spec = PivotSpec {
            rows: RowDim::Region,
            cols: vec![ColDim::Category, ColDim::Gender],
            measure: Measure::Participants,
        };
        let name = |c: &str| if c == "35.07" { "Malang".to_string() } else { "Surabaya".to_string() };
        let t = pivot(&spec, &facts, &name, Lang::Id).unwrap();
        assert_eq!(
            t.columns,
            ["Kesehatan · Laki-laki", "Kesehatan · Perempuan", "Literasi · Laki-laki", "Literasi · Perempuan"]
        );
        assert_eq!(t.rows, vec![("Malang".into(), vec![0, 7, 5, 10], 22), ("Surabaya".into(), vec![0, 0, 4, 4], 8)]);
        assert_eq!((t.column_totals.clone(), t.total), (vec![0, 7, 9, 14], 30));
        let mut sorted = t.clone();
        sorted.sort(Some(2), false);
        assert_eq!(sorted.rows[0].0, "Surabaya", "ascending by men in Literasi: 4 before 5");
        sorted.sort(None, true);
        assert_eq!(sorted.rows[0].0, "Malang", "descending by total");
        let (header, rows) = t.table("Jumlah");
        assert_eq!(header.len(), 6);
        assert_eq!(
            rows.last().unwrap(),
            &vec!["Jumlah".to_string(), "0".into(), "7".into(), "9".into(), "14".into(), "30".into()]
        );
    }

    #[test]
    fn activities_per_quarter_and_bad_specs() {
        let a = counts(2, 1, 1);
        let facts = [
            Fact {
                region: "35",
                period: Period { year: 2024, month: 2 },
                category: "X",
                counts: Counts::Activities(&a),
            },
            Fact {
                region: "35",
                period: Period { year: 2024, month: 5 },
                category: "X",
                counts: Counts::Activities(&a),
            },
            Fact {
                region: "35",
                period: Period { year: 2024, month: 6 },
                category: "X",
                counts: Counts::Activities(&a),
            },
        ];
        let spec = PivotSpec { rows: RowDim::Quarter, cols: vec![], measure: Measure::Activities };
        let t = pivot(&spec, &facts, &|c| c.to_string(), Lang::Id).unwrap();
        assert_eq!(t.rows, vec![("2024-T1".into(), vec![2], 2), ("2024-T2".into(), vec![4], 4)]);
        let bad = |cols: Vec<ColDim>, measure| PivotSpec { rows: RowDim::Region, cols, measure }.check().is_err();
        assert!(bad(vec![ColDim::Gender, ColDim::Age], Measure::Participants));
        assert!(bad(vec![ColDim::Gender], Measure::Activities));
        assert!(bad(vec![ColDim::Category, ColDim::Category], Measure::Participants));
        assert!(bad(vec![], Measure::Visitors), "monthly figures are no activity measure");
        assert!(bad(vec![ColDim::Age], Measure::ParticipantsFemale), "women are not split by age");
        // Any activity measure of the catalogue: women taking part, per quarter.
        let women = PivotSpec { rows: RowDim::Quarter, cols: vec![], measure: Measure::ParticipantsFemale };
        let t = pivot(&women, &facts, &|c| c.to_string(), Lang::Id).unwrap();
        assert_eq!(t.total, 3);
        assert!(measures().any(|m| m == Measure::Income));
        assert!(!measures().any(|m| m == Measure::PlansApproved || m == Measure::ActivePartnerships), "not sums");
    }

    #[test]
    fn budget_by_region_and_funding_source() {
        let y = |year| Period { year, month: 1 };
        let facts = [
            Fact { region: "35.07", period: y(2026), category: "Dana Desa", counts: Counts::Amount(400_000_000_000) },
            Fact { region: "35.07", period: y(2026), category: "ADD", counts: Counts::Amount(15_000_000) },
            Fact { region: "35.78", period: y(2027), category: "ADD", counts: Counts::Amount(5_000_000) },
        ];
        let spec = PivotSpec { rows: RowDim::Region, cols: vec![ColDim::Source], measure: Measure::BudgetLeveraged };
        let t = pivot(&spec, &facts, &|c| c.to_string(), Lang::Id).unwrap();
        assert_eq!(t.columns, ["ADD", "Dana Desa"]);
        assert_eq!(t.rows[0], ("35.07".into(), vec![15_000_000, 400_000_000_000], 400_015_000_000));
        assert_eq!(t.total, 400_020_000_000, "integer rupiah");
        let bad = |rows, cols: Vec<ColDim>, measure| PivotSpec { rows, cols, measure }.check().is_err();
        assert!(bad(RowDim::Month, vec![], Measure::BudgetLeveraged), "budgets are yearly");
        assert!(bad(RowDim::Region, vec![ColDim::Source], Measure::Advocacy), "advocacy has no source");
        assert!(bad(RowDim::Region, vec![ColDim::Gender], Measure::RegulationsEnacted));
        assert!(bad(RowDim::Category, vec![], Measure::CommitmentsMade));
        assert!(bad(RowDim::Region, vec![ColDim::Source], Measure::Participants), "activities have no source");
        assert!(!bad(RowDim::Quarter, vec![], Measure::Advocacy));
    }
}
