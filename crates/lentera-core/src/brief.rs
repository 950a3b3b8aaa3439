//! The advocacy brief: what a budget holder reads about one library, for one audience —
//! the key message, the community's needs, what the library did (approved figures only),
//! money already leveraged, how it compares with its regency, and the concrete ask with the
//! budget step it targets. No personal data: figures, the library's own contact, and a story
//! only when its teller consented.

use serde::Serialize;

use crate::calendar::{BudgetStep, Calendar, Deadline};
use crate::kpi::KpiScore;
use crate::library::Library;
use crate::monthly::Period;
use crate::workplan::{FundingSource, Need, PlanContent};

crate::vocabulary! {
    /// Who the brief is for.
    Audience {
        VillageHead = "kepala_desa", "Kepala desa", "Village head";
        Bpd = "bpd", "BPD", "Village council (BPD)";
        Bappeda = "bappeda", "Bappeda", "Regional planning agency (Bappeda)";
        Company = "perusahaan", "Perusahaan (CSR)", "Company (CSR)";
    }
}

impl Audience {
    /// The sources this audience decides.
    pub fn decides(self, s: FundingSource) -> bool {
        use FundingSource::*;
        match self {
            Audience::VillageHead | Audience::Bpd => crate::calendar::village_source(s) && s != PihakKetiga,
            Audience::Bappeda => matches!(s, Apbd | BantuanKabupaten | BantuanProvinsi),
            Audience::Company => s == PihakKetiga,
        }
    }

    /// Whether a budget step is this audience's door.
    pub fn step_is_theirs(self, step: BudgetStep) -> bool {
        match self {
            Audience::VillageHead | Audience::Bpd => step.village(),
            Audience::Bappeda => !step.village(),
            Audience::Company => false,
        }
    }
}

/// What the library asks this audience for: the plan's lines they decide that no one
/// approved yet, and the next step that can take them.
#[derive(Debug, Clone, Serialize)]
pub struct Ask {
    pub amount: i64,
    pub lines: Vec<(FundingSource, String, i64)>,
    pub step: Option<Deadline>,
}

/// The audience's next budget step for the budget year's money.
fn next_step(audience: Audience, cal: &Calendar, budget_year: i32, today: time::Date) -> Option<Deadline> {
    cal.for_budget_year(budget_year).into_iter().find(|d| d.date >= today && audience.step_is_theirs(d.step))
}

/// The ask of a plan (in force) for an audience on `today`.
pub fn ask(plan: &PlanContent, audience: Audience, cal: &Calendar, budget_year: i32, today: time::Date) -> Option<Ask> {
    let lines: Vec<(FundingSource, String, i64)> = plan
        .lines
        .iter()
        .filter(|l| audience.decides(l.source) && l.approved.is_none())
        .map(|l| (l.source, l.description.clone(), l.proposed))
        .collect();
    if lines.is_empty() {
        return None;
    }
    Some(Ask { amount: lines.iter().map(|l| l.2).sum(), lines, step: next_step(audience, cal, budget_year, today) })
}

/// Approved activity figures over twelve months.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Reach {
    pub activities: i64,
    pub male: i64,
    pub female: i64,
    pub disabled: i64,
}

impl Reach {
    pub fn participants(&self) -> i64 {
        self.male + self.female
    }
}

/// Everything a brief shows.
#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    pub library: Library,
    pub regency_name: Option<String>,
    pub audience: Audience,
    pub budget_year: i32,
    /// The twelve months the figures cover, oldest first.
    pub from: Period,
    pub to: Period,
    pub message: String,
    pub needs: Vec<Need>,
    pub reach: Reach,
    /// Approved activities and participants per month, oldest first.
    pub trend: Vec<(Period, i64, i64)>,
    /// A story of change told with consent: (activity title, story).
    pub story: Option<(String, String)>,
    /// The stored name of the story's first photo (told and shown with the same consent).
    pub story_photo: Option<String>,
    /// Money budget holders approved for the library's plans, by source (all years).
    pub leveraged: Vec<(FundingSource, i64)>,
    /// Partner institutions (their position or kind, never a person's contact).
    pub partners: Vec<String>,
    pub kpi: Option<KpiScore>,
    /// Approved activities in the twelve months per programme library of the regency.
    pub regency_average: Option<f64>,
    pub ask: Option<Ask>,
    /// Whether the figures come from an approved plan (otherwise no needs and no ask).
    pub plan_approved: bool,
}

impl Brief {
    pub fn leveraged_total(&self) -> i64 {
        self.leveraged.iter().map(|(_, a)| a).sum()
    }
}

/// The brief of a regency/city or a province: the programme's libraries there, what they
/// did, the money and rules their advocacy won, how the region compares with the one above,
/// and what its libraries' plans still ask of this audience. Aggregates only.
#[derive(Debug, Clone, Serialize)]
pub struct RegionBrief {
    pub region: crate::region::Region,
    /// The region above (the province of a regency; none for a province).
    pub parent_name: Option<String>,
    pub audience: Audience,
    pub budget_year: i32,
    pub from: Period,
    pub to: Period,
    pub message: String,
    /// Programme libraries, and how many have an approved plan for the budget year.
    pub libraries: i64,
    pub plans_approved: i64,
    pub reach: Reach,
    pub trend: Vec<(Period, i64, i64)>,
    /// Advocacy of the twelve months and the commitments it produced.
    pub advocacy: i64,
    pub promises: crate::advocacy::PromisesKept,
    pub regulations_enacted: i64,
    pub partnerships_active: i64,
    /// Rupiah approved in the libraries' plans in force, by source (every year up to the
    /// budget year).
    pub leveraged: Vec<(FundingSource, i64)>,
    /// KPI colours of the last complete month: (green, yellow, red).
    pub kpi: (i64, i64, i64),
    /// Approved activities in the twelve months per programme library, here and in the
    /// region above (the nation for a province).
    pub average: Option<f64>,
    pub parent_average: Option<f64>,
    pub ask: Option<Ask>,
}

impl RegionBrief {
    pub fn leveraged_total(&self) -> i64 {
        self.leveraged.iter().map(|(_, a)| a).sum()
    }
}

/// What a region's plans still ask of an audience for the budget year: per source it decides,
/// the rupiah proposed and not yet approved.
pub fn region_ask(
    by_source: &[(FundingSource, crate::workplan::SourceSums)],
    audience: Audience,
    cal: &Calendar,
    budget_year: i32,
    today: time::Date,
) -> Option<Ask> {
    let lines: Vec<(FundingSource, String, i64)> = by_source
        .iter()
        .filter(|(s, sums)| audience.decides(*s) && sums.proposed > sums.approved)
        .map(|(s, sums)| (*s, s.full_label(crate::i18n::Lang::Id).to_string(), sums.proposed - sums.approved))
        .collect();
    if lines.is_empty() {
        return None;
    }
    Some(Ask { amount: lines.iter().map(|l| l.2).sum(), lines, step: next_step(audience, cal, budget_year, today) })
}

/// The message of a region's brief.
pub fn region_message(region_name: &str, libraries: i64) -> String {
    let count = if libraries > 0 { format!(" ({libraries} perpustakaan program TPBIS)") } else { String::new() };
    format!(
        "Perpustakaan desa/kelurahan di {region_name}{count} menjadi pusat belajar warga: tempat masyarakat berlatih keterampilan, membaca, dan mengakses informasi untuk meningkatkan kesejahteraan. Dukungan anggaran daerah menjaga layanan ini tetap berjalan."
    )
}

/// The message when the plan has none.
pub fn default_message(library_name: &str) -> String {
    format!(
        "{library_name} adalah pusat belajar warga: tempat masyarakat berlatih keterampilan, membaca, dan mengakses informasi untuk meningkatkan kesejahteraan."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn each_audience_is_asked_for_what_it_decides_at_its_next_step() {
        let plan = crate::workplan::PlanInput {
            lines: [("add", "10000000"), ("pihak_ketiga", "5000000"), ("apbd", "20000000"), ("dd", "2500000")]
                .iter()
                .map(|(s, a)| crate::workplan::BudgetLineInput {
                    source: s.to_string(),
                    description: format!("Baris {s}"),
                    proposed: a.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
        .validate(&[])
        .unwrap();
        let cal = Calendar::default();
        let today = date!(2026 - 08 - 01);
        let village = ask(&plan, Audience::VillageHead, &cal, 2027, today).unwrap();
        assert_eq!(village.amount, 12_500_000);
        assert_eq!(village.step.unwrap().step, BudgetStep::Rkpdes);
        let bappeda = ask(&plan, Audience::Bappeda, &cal, 2027, today).unwrap();
        assert_eq!((bappeda.amount, bappeda.step.unwrap().step), (20_000_000, BudgetStep::Apbd));
        let company = ask(&plan, Audience::Company, &cal, 2027, today).unwrap();
        assert_eq!((company.amount, company.step), (5_000_000, None));
        let mut approved = plan.clone();
        for l in &mut approved.lines {
            l.approved = Some(1);
        }
        assert!(ask(&approved, Audience::VillageHead, &cal, 2027, today).is_none(), "nothing left to ask");
    }

    #[test]
    fn a_region_asks_what_its_plans_propose_and_no_one_approved() {
        use crate::workplan::SourceSums;
        let sums = |proposed, approved| SourceSums { proposed, approved, ..Default::default() };
        let by_source = [
            (FundingSource::Apbd, sums(900_000_000_000, 400_000_000_000)),
            (FundingSource::BantuanKabupaten, sums(10, 10)),
            (FundingSource::AlokasiDanaDesa, sums(50, 0)),
        ];
        let today = date!(2026 - 08 - 01);
        let a = region_ask(&by_source, Audience::Bappeda, &Calendar::default(), 2027, today).unwrap();
        assert_eq!((a.amount, a.lines.len()), (500_000_000_000, 1), "integer rupiah, fully approved sources left out");
        assert_eq!(a.step.unwrap().step, BudgetStep::Apbd);
        assert_eq!(
            region_ask(&by_source, Audience::VillageHead, &Calendar::default(), 2027, today).unwrap().amount,
            50
        );
        assert!(region_ask(&by_source, Audience::Company, &Calendar::default(), 2027, today).is_none());
    }
}
