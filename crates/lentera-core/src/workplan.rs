//! Work plans (*rencana kerja*): a library's plan for a year, from its community's needs to
//! planned activities and budget lines by funding source. A plan is reviewed like a report
//! (the library submits, the regency approves: [`WorkPlan`] asks the review path for one
//! level), then locked; a change after that is a new revision. The amounts a budget holder
//! approved and the library spent are recorded against the approved plan's lines, and
//! activity reports draw on those lines; [`PlanVsActual`] sets both side by side.
//!
//! Rows carry a number (`no`) that stays the same across revisions of one library-year, so
//! recorded amounts and activity links survive a revision.

use serde::{Deserialize, Serialize};

use crate::Result;
use crate::error::Errors;
use crate::i18n::Lang;
use crate::ids::{LibraryId, WorkPlanId};
use crate::library::{Page, PageRequest};
use crate::money::parse_rupiah;
use crate::region::RegionCode;
use crate::reporting::{Report, ReportKind, ReportStatus, ReviewFilter, Workflow};
use crate::store::Store;
use crate::text::clean_opt;

crate::vocabulary! {
    /// Where money comes from, as officials write it: the village revenue accounts of
    /// Permendagri 20/2018 and the regional and national budgets.
    FundingSource {
        DanaDesa = "dd", "Dana Desa (DD)", "Village Fund (DD)";
        AlokasiDanaDesa = "add", "Alokasi Dana Desa (ADD)", "Village Fund Allocation (ADD)";
        PendapatanAsliDesa = "pad", "Pendapatan Asli Desa (PAD)", "Village own revenue (PAD)";
        Swadaya = "swadaya", "Swadaya, Partisipasi dan Gotong Royong", "Community self-help and mutual aid";
        BagiHasil = "bhpr", "Bagi Hasil Pajak dan Retribusi", "Shared taxes and levies";
        BantuanProvinsi = "ban_prov", "Bantuan Keuangan APBD Provinsi", "Province budget financial aid";
        BantuanKabupaten = "ban_kab", "Bantuan Keuangan APBD Kabupaten/Kota", "Regency/city budget financial aid";
        PihakKetiga = "pihak_ketiga", "Hibah dan Sumbangan Pihak Ketiga (CSR)", "Third-party grants and donations (CSR)";
        Apbd = "apbd", "APBD Kabupaten/Kota/Provinsi", "Regional budget (APBD)";
        Apbn = "apbn", "APBN", "National budget (APBN)";
    }
}

impl FundingSource {
    /// The village revenue account (Permendagri 20/2018), where the source is one.
    pub fn account(self) -> Option<&'static str> {
        use FundingSource::*;
        Some(match self {
            PendapatanAsliDesa => "4.1.1",
            Swadaya => "4.1.3",
            DanaDesa => "4.2.1",
            BagiHasil => "4.2.2",
            AlokasiDanaDesa => "4.2.3",
            BantuanProvinsi => "4.2.4",
            BantuanKabupaten => "4.2.5",
            PihakKetiga => "4.3.1",
            Apbd | Apbn => return None,
        })
    }

    /// The short name published budgets use.
    pub fn abbreviation(self) -> &'static str {
        use FundingSource::*;
        match self {
            DanaDesa => "DD-APBN",
            AlokasiDanaDesa => "ADD",
            PendapatanAsliDesa => "PAD",
            Swadaya => "Swadaya",
            BagiHasil => "BHPR",
            BantuanProvinsi => "BAN-PROV",
            BantuanKabupaten => "BAN-KAB",
            PihakKetiga => "CSR",
            Apbd => "APBD",
            Apbn => "APBN",
        }
    }

    /// Reads a source as spreadsheets write it: its code or label (`add`, `Alokasi Dana
    /// Desa (ADD)`), the abbreviation of published budgets (`ADD`, `DD-APBN`, `BAN-PROV`), the
    /// account code (`4.2.3`), or the label with its account code.
    pub fn read(s: &str) -> Option<FundingSource> {
        let s = s.trim();
        FundingSource::parse(s).or_else(|| {
            FundingSource::ALL.iter().copied().find(|f| {
                f.abbreviation().eq_ignore_ascii_case(s)
                    || f.account() == Some(s)
                    || f.full_label(Lang::Id).eq_ignore_ascii_case(s)
                    || (*f == FundingSource::DanaDesa && s.eq_ignore_ascii_case("DD"))
            })
        })
    }

    /// The label with its account code: `4.2.3 Alokasi Dana Desa (ADD)`.
    pub fn full_label(self, lang: Lang) -> String {
        match self.account() {
            Some(a) => format!("{a} {}", self.label(lang)),
            None => self.label(lang).to_string(),
        }
    }
}

crate::vocabulary! {
    /// How a need was found.
    NeedSource {
        Survey = "survey", "Survei", "Survey";
        Deliberation = "musyawarah", "Musyawarah", "Community deliberation";
        Observation = "observation", "Observasi", "Observation";
    }
}

/// A problem in the community and the need it gives rise to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    pub no: i32,
    pub problem: String,
    pub need: String,
    /// The community group affected (e.g. "ibu rumah tangga", "pemuda putus sekolah").
    pub group: String,
    pub source: NeedSource,
}

/// An activity the library plans to answer a need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedActivity {
    pub no: i32,
    pub title: String,
    pub category_id: i64,
    /// The month of the plan's year it is planned for (1–12).
    pub month: u8,
    pub target_group: String,
    pub target_participants: i64,
    pub expected_result: Option<String>,
    /// The need it answers.
    pub need_no: Option<i32>,
}

/// A budget line: what is asked, from which source, for which planned activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub no: i32,
    pub source: FundingSource,
    pub description: String,
    pub activity_no: Option<i32>,
    /// Proposed in the plan, integer rupiah.
    pub proposed: i64,
    /// Recorded once the budget holder set it (APBDes, APBD, a company's grant).
    pub approved: Option<i64>,
    /// Recorded as it is spent.
    pub realised: Option<i64>,
}

/// What a plan says: the key message, the needs, the planned activities, the budget lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContent {
    pub summary: Option<String>,
    pub needs: Vec<Need>,
    pub activities: Vec<PlannedActivity>,
    pub lines: Vec<BudgetLine>,
}

impl PlanContent {
    pub fn proposed_total(&self) -> i64 {
        self.lines.iter().map(|l| l.proposed).sum()
    }
    pub fn line(&self, no: i32) -> Option<&BudgetLine> {
        self.lines.iter().find(|l| l.no == no)
    }
    pub fn activity(&self, no: i32) -> Option<&PlannedActivity> {
        self.activities.iter().find(|a| a.no == no)
    }
}

/// A library's work plan for a year, one revision of it.
#[derive(Debug, Clone, Serialize)]
pub struct WorkPlan {
    pub id: WorkPlanId,
    pub client_id: Option<String>,
    pub library_id: LibraryId,
    pub library_name: String,
    pub region_code: RegionCode,
    pub year: i32,
    /// 1 for the first plan of the year; each revision after approval adds one.
    pub revision: i32,
    pub status: ReportStatus,
    pub review_comment: Option<String>,
    pub content: PlanContent,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// Plans for a list: by place, year and status.
#[derive(Debug, Clone, Default)]
pub struct WorkPlanFilter {
    pub region: Option<RegionCode>,
    pub library_id: Option<LibraryId>,
    pub year: Option<i32>,
    pub status: Option<ReportStatus>,
}

impl Report for WorkPlan {
    const KIND: ReportKind = ReportKind::WorkPlan;

    fn id(&self) -> WorkPlanId {
        self.id
    }
    fn library_id(&self) -> LibraryId {
        self.library_id
    }
    fn region_code(&self) -> &RegionCode {
        &self.region_code
    }
    fn status(&self) -> ReportStatus {
        self.status
    }
    /// A plan goes from the library to the regency, which approves it: one level whatever
    /// the deployment uses for reports.
    fn workflow(_deployment: Workflow) -> Workflow {
        Workflow { levels: 1 }
    }
    fn load(store: &dyn Store, id: WorkPlanId) -> Result<Option<Self>> {
        store.work_plan(id)
    }
    fn by_client_id(store: &dyn Store, client_id: &str) -> Result<Option<Self>> {
        store.work_plan_by_client_id(client_id)
    }
    fn list_for_review(store: &dyn Store, f: &ReviewFilter, page: PageRequest) -> Result<Page<Self>> {
        let filter = WorkPlanFilter {
            region: f.region.clone(),
            library_id: f.library_id,
            status: f.status,
            ..Default::default()
        };
        store.list_work_plans(&filter, page)
    }
}

// ---- Input: what a form row or an API payload sends, checked into the rows above ----

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NeedInput {
    #[serde(default)]
    pub no: Option<i32>,
    pub problem: String,
    pub need: String,
    #[serde(default)]
    pub group: String,
    pub source: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PlannedActivityInput {
    #[serde(default)]
    pub no: Option<i32>,
    pub title: String,
    pub category_id: String,
    pub month: String,
    #[serde(default)]
    pub target_group: String,
    #[serde(default)]
    pub target_participants: String,
    #[serde(default)]
    pub expected_result: Option<String>,
    #[serde(default)]
    pub need_no: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct BudgetLineInput {
    #[serde(default)]
    pub no: Option<i32>,
    pub source: String,
    pub description: String,
    #[serde(default)]
    pub activity_no: Option<String>,
    pub proposed: String,
}

/// A whole plan as sent: rows with a `no` keep it, new rows get the next free number.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PlanInput {
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub needs: Vec<NeedInput>,
    #[serde(default)]
    pub activities: Vec<PlannedActivityInput>,
    #[serde(default)]
    pub lines: Vec<BudgetLineInput>,
}

/// Bounds that keep a plan a plan (and a request small).
pub const MAX_NEEDS: usize = 50;
pub const MAX_ACTIVITIES: usize = 100;
pub const MAX_LINES: usize = 200;
/// The longest text of a plan row.
pub const MAX_TEXT: usize = 500;
const MAX_SUMMARY: usize = 2000;
const MAX_TARGET: i64 = 100_000;

fn text(e: &mut Errors, field: &str, v: &str, required: bool) -> String {
    let v = v.trim().to_string();
    if required && v.is_empty() {
        e.add(field, "Wajib diisi.", "Required.");
    } else if v.chars().count() > MAX_TEXT {
        e.add(field, "Terlalu panjang (maks. 500 karakter).", "Too long (max 500 characters).");
    }
    v
}

fn opt_no(e: &mut Errors, field: &str, v: Option<&str>, known: &[i32]) -> Option<i32> {
    let v = clean_opt(v)?;
    match v.parse::<i32>() {
        Ok(n) if known.contains(&n) => Some(n),
        _ => {
            e.add(field, "Pilih baris yang ada di rencana ini.", "Choose a row of this plan.");
            None
        }
    }
}

/// Numbers rows: a row keeps its number when it is positive and not taken by an earlier row;
/// every other row gets the next number after the highest in use.
fn number_rows(given: &[Option<i32>]) -> Vec<i32> {
    let mut next = given.iter().flatten().copied().filter(|n| *n > 0).max().unwrap_or(0);
    let mut seen = std::collections::HashSet::new();
    given
        .iter()
        .map(|g| match g {
            Some(n) if *n > 0 && seen.insert(*n) => *n,
            _ => {
                next += 1;
                seen.insert(next);
                next
            }
        })
        .collect()
}

impl PlanInput {
    /// Checks the whole plan. `categories` are the activity categories in use; field names
    /// point at rows (`lines[2].proposed`) so a form can show the message beside the field.
    pub fn validate(&self, categories: &[i64]) -> Result<PlanContent> {
        let mut e = Errors::default();
        let summary = clean_opt(self.summary.as_deref());
        if summary.as_ref().is_some_and(|s| s.chars().count() > MAX_SUMMARY) {
            e.add("summary", "Ringkasan terlalu panjang (maks. 2000 karakter).", "Summary too long (max 2000).");
        }
        for (rows, max, field) in [
            (self.needs.len(), MAX_NEEDS, "needs"),
            (self.activities.len(), MAX_ACTIVITIES, "activities"),
            (self.lines.len(), MAX_LINES, "lines"),
        ] {
            if rows > max {
                e.add(field, &format!("Paling banyak {max} baris."), &format!("At most {max} rows."));
            }
        }
        e.finish()?;
        let mut e = Errors::default();

        let need_nos = number_rows(&self.needs.iter().map(|n| n.no).collect::<Vec<_>>());
        let needs: Vec<Need> = self
            .needs
            .iter()
            .zip(&need_nos)
            .enumerate()
            .map(|(i, (n, no))| {
                let f = |name: &str| format!("needs[{i}].{name}");
                let source = NeedSource::parse(&n.source).unwrap_or_else(|| {
                    e.add(&f("source"), "Pilih sumber: survei, musyawarah atau observasi.", "Choose a source.");
                    NeedSource::Deliberation
                });
                Need {
                    no: *no,
                    problem: text(&mut e, &f("problem"), &n.problem, true),
                    need: text(&mut e, &f("need"), &n.need, true),
                    group: text(&mut e, &f("group"), &n.group, false),
                    source,
                }
            })
            .collect();

        let activity_nos = number_rows(&self.activities.iter().map(|a| a.no).collect::<Vec<_>>());
        let activities: Vec<PlannedActivity> = self
            .activities
            .iter()
            .zip(&activity_nos)
            .enumerate()
            .map(|(i, (a, no))| {
                let f = |name: &str| format!("activities[{i}].{name}");
                let category_id = match a.category_id.trim().parse::<i64>() {
                    Ok(c) if categories.contains(&c) => c,
                    _ => {
                        e.add(&f("category_id"), "Pilih kategori kegiatan.", "Choose a category.");
                        0
                    }
                };
                let month = match a.month.trim().parse::<u8>() {
                    Ok(m) if (1..=12).contains(&m) => m,
                    _ => {
                        e.add(&f("month"), "Pilih bulan (1–12).", "Choose a month (1–12).");
                        1
                    }
                };
                let target_participants = match clean_opt(Some(&a.target_participants)) {
                    None => 0,
                    Some(s) => match s.replace('.', "").parse::<i64>() {
                        Ok(n) if (0..=MAX_TARGET).contains(&n) => n,
                        _ => {
                            e.add(
                                &f("target_participants"),
                                "Isi bilangan bulat 0–100.000.",
                                "A whole number, 0–100,000.",
                            );
                            0
                        }
                    },
                };
                PlannedActivity {
                    no: *no,
                    title: text(&mut e, &f("title"), &a.title, true),
                    category_id,
                    month,
                    target_group: text(&mut e, &f("target_group"), &a.target_group, false),
                    target_participants,
                    expected_result: clean_opt(Some(&text(
                        &mut e,
                        &f("expected_result"),
                        a.expected_result.as_deref().unwrap_or(""),
                        false,
                    ))),
                    need_no: opt_no(&mut e, &f("need_no"), a.need_no.as_deref(), &need_nos),
                }
            })
            .collect();

        let line_nos = number_rows(&self.lines.iter().map(|l| l.no).collect::<Vec<_>>());
        let lines: Vec<BudgetLine> = self
            .lines
            .iter()
            .zip(&line_nos)
            .enumerate()
            .map(|(i, (l, no))| {
                let f = |name: &str| format!("lines[{i}].{name}");
                let source = FundingSource::parse(&l.source).unwrap_or_else(|| {
                    e.add(&f("source"), "Pilih sumber dana.", "Choose a funding source.");
                    FundingSource::AlokasiDanaDesa
                });
                let proposed = parse_rupiah(&l.proposed).filter(|n| *n > 0).unwrap_or_else(|| {
                    e.add(
                        &f("proposed"),
                        "Isi rupiah sebagai bilangan bulat lebih dari 0, mis. 15000000.",
                        "Rupiah as a whole number above 0, e.g. 15000000.",
                    );
                    0
                });
                BudgetLine {
                    no: *no,
                    source,
                    description: text(&mut e, &f("description"), &l.description, true),
                    activity_no: opt_no(&mut e, &f("activity_no"), l.activity_no.as_deref(), &activity_nos),
                    proposed,
                    approved: None,
                    realised: None,
                }
            })
            .collect();
        e.finish()?;
        Ok(PlanContent { summary, needs, activities, lines })
    }
}

impl PlanContent {
    /// The content as input again (to add, change or remove one row and check the whole).
    pub fn to_input(&self) -> PlanInput {
        PlanInput {
            summary: self.summary.clone(),
            needs: self
                .needs
                .iter()
                .map(|n| NeedInput {
                    no: Some(n.no),
                    problem: n.problem.clone(),
                    need: n.need.clone(),
                    group: n.group.clone(),
                    source: n.source.code().into(),
                })
                .collect(),
            activities: self
                .activities
                .iter()
                .map(|a| PlannedActivityInput {
                    no: Some(a.no),
                    title: a.title.clone(),
                    category_id: a.category_id.to_string(),
                    month: a.month.to_string(),
                    target_group: a.target_group.clone(),
                    target_participants: a.target_participants.to_string(),
                    expected_result: a.expected_result.clone(),
                    need_no: a.need_no.map(|n| n.to_string()),
                })
                .collect(),
            lines: self
                .lines
                .iter()
                .map(|l| BudgetLineInput {
                    no: Some(l.no),
                    source: l.source.code().into(),
                    description: l.description.clone(),
                    activity_no: l.activity_no.map(|n| n.to_string()),
                    proposed: l.proposed.to_string(),
                })
                .collect(),
        }
    }
}

/// The year a plan may be made for: from the programme's first years to two years ahead.
pub fn check_year(year: i32, this_year: i32) -> Result<i32> {
    if (2018..=this_year + 2).contains(&year) {
        Ok(year)
    } else {
        Err(crate::Error::field(
            "year",
            &format!("Tahun rencana harus antara 2018 dan {}.", this_year + 2),
            &format!("The plan's year must be between 2018 and {}.", this_year + 2),
        ))
    }
}

/// The amounts recorded for a line once the budget is set and spent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetOutcome {
    pub approved: Option<i64>,
    pub realised: Option<i64>,
}

impl BudgetOutcome {
    /// Checks what was typed: whole rupiah; spending needs an approved amount first and may
    /// not exceed it.
    pub fn parse(approved: Option<&str>, realised: Option<&str>) -> Result<BudgetOutcome> {
        let mut e = Errors::default();
        let mut amount = |field: &str, v: Option<&str>| {
            clean_opt(v).and_then(|s| {
                let n = parse_rupiah(&s);
                if n.is_none() {
                    e.add(field, "Isi rupiah sebagai bilangan bulat, mis. 15000000.", "Rupiah as a whole number.");
                }
                n
            })
        };
        let approved_amount = amount("approved", approved);
        let realised_amount = amount("realised", realised);
        let given_approved = clean_opt(approved).is_some();
        match (approved_amount, realised_amount) {
            (None, Some(_)) if !given_approved => e.add(
                "realised",
                "Catat dulu jumlah yang disetujui (APBDes/APBD atau hibah) sebelum realisasinya.",
                "Record the approved amount (village or regional budget, grant) before what was spent.",
            ),
            (Some(a), Some(r)) if r > a => {
                e.add("realised", "Realisasi melebihi jumlah yang disetujui.", "More spent than approved.")
            }
            _ => {}
        }
        e.finish()?;
        Ok(BudgetOutcome { approved: approved_amount, realised: realised_amount })
    }
}

/// What an activity report is linked to in its library's approved plan for the activity's
/// year: the planned activity it carried out and the budget lines that paid for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLink {
    pub planned_no: Option<i32>,
    /// (line no, rupiah drawn); one activity may draw on several sources.
    pub draws: Vec<(i32, i64)>,
}

/// An approved activity report of the plan's library and year, as plan-vs-actual counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualActivity {
    pub planned_no: Option<i32>,
    pub participants: i64,
    /// What it drew from the plan's lines: (line no, rupiah).
    pub draws: Vec<(i32, i64)>,
}

/// A planned activity against what was reported.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityActual {
    pub no: i32,
    pub title: String,
    pub month: u8,
    pub target_participants: i64,
    /// Approved activity reports linked to it.
    pub reported: i64,
    pub participants: i64,
}

/// Rupiah by funding source: proposed, approved, realised, and drawn by approved activities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SourceSums {
    pub proposed: i64,
    pub approved: i64,
    pub realised: i64,
    pub drawn: i64,
}

impl std::ops::AddAssign for SourceSums {
    fn add_assign(&mut self, o: Self) {
        self.proposed += o.proposed;
        self.approved += o.approved;
        self.realised += o.realised;
        self.drawn += o.drawn;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanVsActual {
    pub activities: Vec<ActivityActual>,
    /// Approved activities of the year not linked to a planned one.
    pub unplanned: i64,
    pub by_source: Vec<(FundingSource, SourceSums)>,
    pub total: SourceSums,
}

impl PlanVsActual {
    /// Sets an approved plan beside the year's approved activity reports.
    pub fn of(plan: &PlanContent, actual: &[ActualActivity]) -> PlanVsActual {
        let activities = plan
            .activities
            .iter()
            .map(|p| {
                let linked = actual.iter().filter(|a| a.planned_no == Some(p.no));
                ActivityActual {
                    no: p.no,
                    title: p.title.clone(),
                    month: p.month,
                    target_participants: p.target_participants,
                    reported: linked.clone().count() as i64,
                    participants: linked.map(|a| a.participants).sum(),
                }
            })
            .collect();
        let unplanned =
            actual.iter().filter(|a| a.planned_no.is_none_or(|n| plan.activity(n).is_none())).count() as i64;
        let mut sums: Vec<(FundingSource, SourceSums)> = Vec::new();
        for l in &plan.lines {
            let drawn: i64 =
                actual.iter().flat_map(|a| &a.draws).filter(|(no, _)| *no == l.no).map(|(_, amount)| amount).sum();
            let s = SourceSums {
                proposed: l.proposed,
                approved: l.approved.unwrap_or(0),
                realised: l.realised.unwrap_or(0),
                drawn,
            };
            match sums.iter_mut().find(|(src, _)| *src == l.source) {
                Some((_, acc)) => *acc += s,
                None => sums.push((l.source, s)),
            }
        }
        sums.sort_by_key(|(src, _)| FundingSource::ALL.iter().position(|s| s == src));
        let mut total = SourceSums::default();
        for (_, s) in &sums {
            total += *s;
        }
        PlanVsActual { activities, unplanned, by_source: sums, total }
    }
}

/// A region's plans for a year, summed over each library's current approved plan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegionPlanSummary {
    /// Libraries with an approved plan for the year.
    pub plans_approved: i64,
    /// Libraries whose plan is still a draft, returned or waiting for review.
    pub plans_open: i64,
    pub planned_activities: i64,
    pub planned_participants: i64,
    /// Approved activity reports linked to a planned activity.
    pub reported_activities: i64,
    pub reported_participants: i64,
    pub by_source: Vec<(FundingSource, SourceSums)>,
}

/// A starting draft from a library's Bimtek follow-up plans (RTL): each line of an RTL
/// becomes a planned activity in the month of its target date (or January), to be completed
/// with a category, a target and budget lines.
pub fn draft_from_follow_up(plans: &[(String, Option<time::Date>)], year: i32, default_category: i64) -> PlanInput {
    let activities = plans
        .iter()
        .flat_map(|(text, date)| {
            let month = date.filter(|d| d.year() == year).map(|d| u8::from(d.month())).unwrap_or(1);
            text.lines().map(|l| l.trim().trim_start_matches(['-', '*', '•']).trim()).filter(|l| !l.is_empty()).map(
                move |l| PlannedActivityInput {
                    title: l.chars().take(MAX_TEXT).collect(),
                    category_id: default_category.to_string(),
                    month: month.to_string(),
                    ..Default::default()
                },
            )
        })
        .take(MAX_ACTIVITIES)
        .collect();
    PlanInput {
        summary: (!plans.is_empty()).then(|| "Disusun dari rencana tindak lanjut (RTL) Bimtek.".to_string()),
        activities,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(source: &str, proposed: &str) -> BudgetLineInput {
        BudgetLineInput {
            source: source.into(),
            description: "Honor narasumber".into(),
            proposed: proposed.into(),
            ..Default::default()
        }
    }

    #[test]
    fn official_sources_have_their_accounts() {
        assert_eq!(FundingSource::AlokasiDanaDesa.account(), Some("4.2.3"));
        assert_eq!(FundingSource::DanaDesa.abbreviation(), "DD-APBN");
        assert_eq!(FundingSource::parse("ADD"), Some(FundingSource::AlokasiDanaDesa), "codes in any case");
        assert_eq!(FundingSource::parse("add"), Some(FundingSource::AlokasiDanaDesa));
        assert_eq!(FundingSource::BantuanProvinsi.full_label(Lang::Id), "4.2.4 Bantuan Keuangan APBD Provinsi");
    }

    #[test]
    fn sources_read_as_budgets_write_them() {
        for (s, want) in [
            ("DD-APBN", FundingSource::DanaDesa),
            ("dd", FundingSource::DanaDesa),
            ("DD", FundingSource::DanaDesa),
            ("4.2.3", FundingSource::AlokasiDanaDesa),
            ("BAN-PROV", FundingSource::BantuanProvinsi),
            ("4.1.1 Pendapatan Asli Desa (PAD)", FundingSource::PendapatanAsliDesa),
            (" csr ", FundingSource::PihakKetiga),
        ] {
            assert_eq!(FundingSource::read(s), Some(want), "{s}");
        }
        assert_eq!(FundingSource::read("dana siluman"), None);
    }

    #[test]
    fn rows_keep_their_numbers_and_new_rows_get_the_next() {
        assert_eq!(number_rows(&[Some(3), None, Some(1), Some(3), Some(-2)]), [3, 4, 1, 5, 6]);
        assert_eq!(number_rows(&[None, None]), [1, 2]);
    }

    #[test]
    fn a_plan_is_checked_row_by_row() {
        let input = PlanInput {
            activities: vec![PlannedActivityInput {
                title: "Pelatihan menjahit".into(),
                category_id: "2".into(),
                month: "13".into(),
                need_no: Some("9".into()),
                ..Default::default()
            }],
            lines: vec![line("add", "Rp 15.000.000"), line("csr", "15.000.000,5")],
            ..Default::default()
        };
        let Err(crate::Error::Validation(errs)) = input.validate(&[1, 2]) else { panic!("must fail") };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["activities[0].month", "activities[0].need_no", "lines[1].source", "lines[1].proposed"]);
    }

    #[test]
    fn plan_vs_actual_sums_integer_rupiah_by_source() {
        let big = 400_000_000_000_000; // Rp 400 trillion per line: sums stay exact
        let mut plan = PlanInput {
            activities: vec![PlannedActivityInput {
                title: "Kelas literasi digital".into(),
                category_id: "1".into(),
                month: "3".into(),
                target_participants: "30".into(),
                ..Default::default()
            }],
            lines: vec![line("add", &big.to_string()), line("add", "15000000"), line("swadaya", "2500000")],
            ..Default::default()
        }
        .validate(&[1])
        .unwrap();
        plan.lines[1].approved = Some(15_000_000);
        plan.lines[1].realised = Some(12_000_000);
        let actual = [
            ActualActivity { planned_no: Some(1), participants: 25, draws: vec![(2, 10_000_000), (3, 1_000_000)] },
            ActualActivity { planned_no: Some(1), participants: 10, draws: vec![(2, 2_000_000)] },
            ActualActivity { planned_no: None, participants: 7, draws: vec![] },
        ];
        let pva = PlanVsActual::of(&plan, &actual);
        assert_eq!((pva.activities[0].reported, pva.activities[0].participants, pva.unplanned), (2, 35, 1));
        let add = pva.by_source.iter().find(|(s, _)| *s == FundingSource::AlokasiDanaDesa).unwrap().1;
        assert_eq!(
            add,
            SourceSums { proposed: big + 15_000_000, approved: 15_000_000, realised: 12_000_000, drawn: 12_000_000 }
        );
        assert_eq!(pva.total.proposed, big + 17_500_000);
        assert_eq!(pva.total.drawn, 13_000_000);
    }

    #[test]
    fn spending_needs_an_approved_amount() {
        assert!(BudgetOutcome::parse(None, Some("1000")).is_err());
        assert!(BudgetOutcome::parse(Some("1000"), Some("2000")).is_err());
        assert_eq!(
            BudgetOutcome::parse(Some("Rp 15.000.000"), Some("15.000.000")).unwrap(),
            BudgetOutcome { approved: Some(15_000_000), realised: Some(15_000_000) }
        );
        assert_eq!(BudgetOutcome::parse(Some(""), None).unwrap(), BudgetOutcome::default());
    }

    #[test]
    fn follow_up_plans_start_a_draft() {
        let d = time::Date::from_calendar_date(2027, time::Month::May, 2).unwrap();
        let input = draft_from_follow_up(&[("- Kelas menjahit\n\n* Pojok baca anak".into(), Some(d))], 2027, 4);
        let titles: Vec<_> = input.activities.iter().map(|a| (a.title.as_str(), a.month.as_str())).collect();
        assert_eq!(titles, [("Kelas menjahit", "5"), ("Pojok baca anak", "5")]);
        assert!(input.validate(&[4]).is_ok());
    }
}
