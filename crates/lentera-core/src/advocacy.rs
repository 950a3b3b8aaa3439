//! Stakeholders and advocacy: the people and institutions a library or an office works
//! with (their relationship: role, since, until), the advocacy activities that met them, and
//! the commitments those produced — who promised what, for which year, by when — tracked
//! until kept or lapsed. A promise of money is expected in a line of the library's plan for
//! its year; when the budget or the spending of that line is recorded it counts as kept.
//!
//! Every record belongs to a library (its staff and the coordinators above it) or to an
//! office (a region: the coordinators covering it). Contacts are personal data: only the
//! owner's reporting chain sees them.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::access::Actor;
use crate::error::Errors;
use crate::ids::LibraryId;
use crate::money::parse_rupiah;
use crate::region::RegionCode;
use crate::text::clean_opt;
use crate::user::Scope;
use crate::workplan::{BudgetOutcome, FundingSource};
use crate::{Error, Result};

crate::vocabulary! {
    /// Who a stakeholder is (advocacy.md's typical stakeholders).
    StakeholderKind {
        VillageHead = "kepala_desa", "Kepala desa", "Village head";
        VillageSecretary = "sekretaris_desa", "Sekretaris desa", "Village secretary";
        Bpd = "bpd", "BPD (Badan Permusyawaratan Desa)", "Village council (BPD)";
        Pkk = "pkk", "PKK", "PKK (family welfare movement)";
        KarangTaruna = "karang_taruna", "Karang Taruna", "Karang Taruna (youth)";
        Bumdes = "bumdes", "BUMDes", "Village enterprise (BUMDes)";
        Camat = "camat", "Camat", "District head (camat)";
        Bappeda = "bappeda", "Bappeda", "Regional planning agency (Bappeda)";
        LibraryOffice = "dinas_perpustakaan", "Dinas Perpustakaan", "Library office";
        Dprd = "dprd", "Anggota DPRD", "Council member (DPRD)";
        School = "sekolah", "Sekolah/perguruan tinggi", "School or university";
        Company = "perusahaan", "Perusahaan (CSR)", "Company (CSR)";
        Ngo = "lsm", "LSM/komunitas", "NGO or community";
        Media = "media", "Media lokal", "Local media";
        Other = "lainnya", "Lainnya", "Other";
    }
}

crate::vocabulary! {
    /// A stakeholder's role towards the library or office.
    StakeholderRole {
        DecisionMaker = "decision_maker", "Pengambil keputusan", "Decision maker";
        Influencer = "influencer", "Pemberi pengaruh", "Influencer";
        Partner = "partner", "Mitra", "Partner";
        Beneficiary = "beneficiary", "Penerima manfaat", "Beneficiary";
    }
}

crate::vocabulary! {
    /// Kinds of advocacy.
    AdvocacyKind {
        Audiensi = "audiensi", "Audiensi", "Formal visit (audiensi)";
        StakeholderMeeting = "stakeholder_meeting", "Pertemuan pemangku kepentingan", "Stakeholder meeting";
        Musrenbang = "musrenbang", "Musrenbang", "Planning meeting (musrenbang)";
        BpdHearing = "bpd_hearing", "Paparan di BPD", "Presentation to the BPD";
        Lobbying = "lobbying", "Lobi", "Lobbying";
        Media = "media", "Liputan media", "Media coverage";
    }
}

crate::vocabulary! {
    /// What was promised.
    CommitmentKind {
        Money = "money", "Dana", "Money";
        Goods = "goods", "Barang", "Goods";
        Regulation = "regulation", "Regulasi", "Regulation";
        StaffTime = "staff_time", "Tenaga/waktu staf", "Staff time";
    }
}

crate::vocabulary! {
    /// Where a promise stands.
    CommitmentStanding {
        Open = "open", "Dipantau", "Open";
        KeptFully = "kept", "Ditepati", "Kept";
        KeptPartly = "kept_partly", "Ditepati sebagian", "Partly kept";
        Lapsed = "lapsed", "Tidak ditepati", "Lapsed";
    }
}

/// Who a record belongs to: a library, or an office (a region's coordinators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owner {
    pub library_id: Option<LibraryId>,
    pub library_name: Option<String>,
    pub region_code: RegionCode,
}

impl Owner {
    /// Whether the actor may read records of this owner (names, messages, commitments).
    pub fn readable_by(&self, actor: &Actor) -> bool {
        match (&actor.scope, self.library_id) {
            (Scope::Library { library_id }, Some(mine)) => *library_id == mine,
            (Scope::Library { .. }, None) => false,
            _ => actor.covers_region(&self.region_code),
        }
    }

    /// Whether the actor may change them: the owner's reporting chain.
    pub fn editable_by(&self, actor: &Actor) -> bool {
        actor.can_report()
            && match self.library_id {
                Some(lib) => actor.in_reporting_chain(lib, &self.region_code),
                None => !matches!(actor.scope, Scope::Library { .. }) && actor.covers_region(&self.region_code),
            }
    }

    /// Contacts are personal data (UU 27/2022): only the owner's chain sees them.
    pub fn sees_contacts(&self, actor: &Actor) -> bool {
        self.editable_by(actor)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Stakeholder {
    pub id: i64,
    pub owner: Owner,
    pub name: String,
    pub kind: StakeholderKind,
    /// Position or institution, e.g. "Kepala Desa Sukamaju", "PT Semen Indonesia".
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub role: StakeholderRole,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub notes: Option<String>,
    pub updated_at: i64,
    pub version: i64,
}

impl Stakeholder {
    /// The record as this actor may see it: contacts withheld outside the owner's chain.
    pub fn shown_to(mut self, actor: &Actor) -> Self {
        if !self.owner.sees_contacts(actor) {
            self.phone = None;
            self.email = None;
        }
        self
    }
}

/// A stakeholder as entered.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StakeholderInput {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    pub role: String,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Checked fields of a stakeholder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StakeholderFields {
    pub name: String,
    pub kind: StakeholderKind,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub role: StakeholderRole,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub notes: Option<String>,
}

impl StakeholderFields {
    /// A partner named in an activity report, recorded by name only.
    pub fn partner(name: &str) -> StakeholderFields {
        StakeholderFields {
            name: name.to_string(),
            kind: StakeholderKind::Other,
            position: None,
            phone: None,
            email: None,
            role: StakeholderRole::Partner,
            since: None,
            until: None,
            notes: None,
        }
    }
}

impl StakeholderInput {
    pub fn validate(&self) -> Result<StakeholderFields> {
        let mut e = Errors::default();
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            e.add("name", "Isi nama (maks. 200 karakter).", "Enter a name (max 200 characters).");
        }
        let kind = StakeholderKind::parse(&self.kind);
        if kind.is_none() {
            e.add("kind", "Pilih jenis pemangku kepentingan.", "Choose the stakeholder's type.");
        }
        let role = StakeholderRole::parse(&self.role);
        if role.is_none() {
            e.add("role", "Pilih peran.", "Choose a role.");
        }
        let phone = e.bounded_text("phone", self.phone.as_deref(), 30);
        if phone.as_ref().is_some_and(|p| !p.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))) {
            e.add(
                "phone",
                "Nomor telepon hanya angka, spasi, + dan -.",
                "A phone number holds digits, spaces, + and -.",
            );
        }
        let email = e.bounded_text("email", self.email.as_deref(), 200);
        if email.as_ref().is_some_and(|m| !m.contains('@')) {
            e.add("email", "Alamat email tidak valid.", "Invalid email address.");
        }
        let since = e.optional_date("since", self.since.as_deref());
        let until = e.optional_date("until", self.until.as_deref());
        if let (Some(s), Some(u)) = (since, until)
            && u < s
        {
            e.add("until", "Tanggal akhir sebelum tanggal mulai.", "The end is before the start.");
        }
        let fields = StakeholderFields {
            name,
            kind: kind.unwrap_or(StakeholderKind::Other),
            position: e.bounded_text("position", self.position.as_deref(), 200),
            phone,
            email,
            role: role.unwrap_or(StakeholderRole::Partner),
            since,
            until,
            notes: e.bounded_text("notes", self.notes.as_deref(), 2000),
        };
        e.finish()?;
        Ok(fields)
    }
}

/// Stakeholders for a list: by owner and place, name, type.
#[derive(Debug, Clone, Default)]
pub struct StakeholderFilter {
    pub region: Option<RegionCode>,
    pub library_id: Option<LibraryId>,
    pub query: Option<String>,
    pub kind: Option<StakeholderKind>,
}

/// A promise made in an advocacy activity.
#[derive(Debug, Clone, Serialize)]
pub struct Commitment {
    pub id: i64,
    pub advocacy_id: i64,
    pub stakeholder_id: i64,
    pub stakeholder_name: String,
    pub owner: Owner,
    pub kind: CommitmentKind,
    pub description: String,
    /// For money: the source and amount, integer rupiah.
    pub source: Option<FundingSource>,
    pub amount: Option<i64>,
    /// The budget year it is for.
    pub year: i32,
    pub due: Option<Date>,
    /// The line of the library's plan for `year` it is expected in.
    pub line_no: Option<i32>,
    /// Set by hand for promises that are not money: kept or lapsed.
    pub resolution: Option<CommitmentStanding>,
    /// What is recorded for its line: the budget approved and the spending.
    pub recorded: BudgetOutcome,
    pub created_at: i64,
}

impl Commitment {
    /// Where the promise stands. Money counts as kept when the budget or spending of its
    /// line is recorded (fully when at least the promised amount); a promise not kept by its
    /// date (or by the end of its year) has lapsed.
    pub fn standing(&self, today: Date) -> CommitmentStanding {
        if let Some(r) = self.resolution {
            return r;
        }
        let kept = self.kept_amount();
        if self.kind == CommitmentKind::Money && kept > 0 {
            return if kept >= self.amount.unwrap_or(0) {
                CommitmentStanding::KeptFully
            } else {
                CommitmentStanding::KeptPartly
            };
        }
        let deadline = self
            .due
            .unwrap_or_else(|| Date::from_calendar_date(self.year, time::Month::December, 31).unwrap_or(Date::MAX));
        if today > deadline { CommitmentStanding::Lapsed } else { CommitmentStanding::Open }
    }

    /// Kept, fully or partly.
    pub fn is_kept(&self, today: Date) -> bool {
        matches!(self.standing(today), CommitmentStanding::KeptFully | CommitmentStanding::KeptPartly)
    }

    /// The rupiah of the promise recorded in its line's budget or spending, at most the
    /// amount promised.
    pub fn kept_amount(&self) -> i64 {
        let recorded = self.recorded.approved.unwrap_or(0).max(self.recorded.realised.unwrap_or(0));
        recorded.min(self.amount.unwrap_or(0))
    }
}

/// A commitment as entered.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommitmentInput {
    pub stakeholder_id: String,
    pub kind: String,
    pub description: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub amount: Option<String>,
    pub year: String,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub line_no: Option<String>,
}

/// Checked fields of a commitment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentFields {
    pub stakeholder_id: i64,
    pub kind: CommitmentKind,
    pub description: String,
    pub source: Option<FundingSource>,
    pub amount: Option<i64>,
    pub year: i32,
    pub due: Option<Date>,
    pub line_no: Option<i32>,
}

impl CommitmentInput {
    /// Checks a promise. `stakeholders` are those the activity met (a promise comes from one
    /// of them); `this_year` bounds the budget year.
    pub fn validate(&self, stakeholders: &[i64], this_year: i32) -> Result<CommitmentFields> {
        let mut e = Errors::default();
        let stakeholder_id = self.stakeholder_id.trim().parse::<i64>().ok().filter(|id| stakeholders.contains(id));
        if stakeholder_id.is_none() {
            e.add(
                "stakeholder_id",
                "Pilih siapa yang berjanji (dari yang ditemui).",
                "Choose who promised (one of those met).",
            );
        }
        let kind = CommitmentKind::parse(&self.kind);
        if kind.is_none() {
            e.add("kind", "Pilih jenis janji.", "Choose what was promised.");
        }
        let description = self.description.trim().to_string();
        if description.is_empty() || description.chars().count() > 500 {
            e.add(
                "description",
                "Tuliskan janjinya (maks. 500 karakter).",
                "Describe the promise (max 500 characters).",
            );
        }
        let money = kind == Some(CommitmentKind::Money);
        let source = clean_opt(self.source.as_deref()).and_then(|s| {
            let parsed = FundingSource::parse(&s);
            if parsed.is_none() {
                e.add("source", "Pilih sumber dana.", "Choose a funding source.");
            }
            parsed
        });
        let amount = clean_opt(self.amount.as_deref()).and_then(|s| {
            let parsed = parse_rupiah(&s).filter(|n| *n > 0);
            if parsed.is_none() {
                e.add("amount", "Isi rupiah sebagai bilangan bulat lebih dari 0.", "Rupiah as a whole number above 0.");
            }
            parsed
        });
        if money && source.is_none() && !e.0.iter().any(|f| f.field == "source") {
            e.add("source", "Janji dana perlu sumber dananya.", "A promise of money needs its source.");
        }
        if money && amount.is_none() && !e.0.iter().any(|f| f.field == "amount") {
            e.add("amount", "Janji dana perlu jumlahnya.", "A promise of money needs its amount.");
        }
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (2018..=this_year + 2).contains(&y) => y,
            _ => {
                e.add("year", "Tahun anggaran tidak valid.", "Invalid budget year.");
                this_year
            }
        };
        let due = e.optional_date("due", self.due.as_deref());
        let line_no = clean_opt(self.line_no.as_deref()).and_then(|s| s.parse::<i32>().ok());
        e.finish()?;
        Ok(CommitmentFields {
            stakeholder_id: stakeholder_id.unwrap_or(0),
            kind: kind.unwrap_or(CommitmentKind::Money),
            description,
            source: if money { source } else { None },
            amount: if money { amount } else { None },
            year,
            due,
            line_no: if money { line_no } else { None },
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Advocacy {
    pub id: i64,
    pub client_id: Option<String>,
    pub owner: Owner,
    pub date: Date,
    pub kind: AdvocacyKind,
    pub message: String,
    pub outcome: Option<String>,
    /// The stakeholders met: (id, name).
    pub met: Vec<(i64, String)>,
    pub commitments: Vec<Commitment>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AdvocacyInput {
    pub date: String,
    pub kind: String,
    pub message: String,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub stakeholder_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdvocacyFields {
    pub date: Date,
    pub kind: AdvocacyKind,
    pub message: String,
    pub outcome: Option<String>,
    pub stakeholder_ids: Vec<i64>,
}

impl AdvocacyInput {
    /// Checks an advocacy activity; `known` are the stakeholders the owner may name.
    pub fn validate(&self, today: Date, known: &[i64]) -> Result<AdvocacyFields> {
        let mut e = Errors::default();
        let date = crate::activity::parse_date(&self.date);
        match date {
            None => e.add("date", "Tanggal tidak valid (HH/BB/TTTT).", "Invalid date (DD/MM/YYYY)."),
            Some(d) if d > today => e.add("date", "Tanggal belum terjadi.", "The date is in the future."),
            _ => {}
        }
        let kind = AdvocacyKind::parse(&self.kind);
        if kind.is_none() {
            e.add("kind", "Pilih jenis advokasi.", "Choose the kind of advocacy.");
        }
        let message = self.message.trim().to_string();
        if message.is_empty() || message.chars().count() > 2000 {
            e.add(
                "message",
                "Tuliskan pesan yang disampaikan (maks. 2000 karakter).",
                "Write the message (max 2000 characters).",
            );
        }
        let outcome = e.bounded_text("outcome", self.outcome.as_deref(), 2000);
        let mut stakeholder_ids = Vec::new();
        for s in self.stakeholder_ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match s.parse::<i64>() {
                Ok(id) if known.contains(&id) => {
                    if !stakeholder_ids.contains(&id) {
                        stakeholder_ids.push(id)
                    }
                }
                _ => e.add(
                    "stakeholder_ids",
                    "Pilih pemangku kepentingan yang terdaftar.",
                    "Choose registered stakeholders.",
                ),
            }
        }
        if stakeholder_ids.is_empty() && !e.0.iter().any(|f| f.field == "stakeholder_ids") {
            e.add("stakeholder_ids", "Pilih siapa yang ditemui.", "Choose who was met.");
        }
        if stakeholder_ids.len() > 50 {
            e.add("stakeholder_ids", "Paling banyak 50 orang/lembaga.", "At most 50 stakeholders.");
        }
        e.finish()?;
        Ok(AdvocacyFields {
            date: date.unwrap_or(today),
            kind: kind.unwrap_or(AdvocacyKind::Audiensi),
            message,
            outcome,
            stakeholder_ids,
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct AdvocacyFilter {
    pub region: Option<RegionCode>,
    pub library_id: Option<LibraryId>,
    pub year: Option<i32>,
    pub kind: Option<AdvocacyKind>,
    pub stakeholder_id: Option<i64>,
}

/// Which commitments to read: by place, owner, stakeholder and budget year.
#[derive(Debug, Clone, Default)]
pub struct CommitmentFilter {
    pub region: Option<RegionCode>,
    pub library_id: Option<LibraryId>,
    pub stakeholder_id: Option<i64>,
    pub year: Option<i32>,
}

/// Promises made and kept: counts and rupiah.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PromisesKept {
    pub made: i64,
    pub kept: i64,
    pub kept_partly: i64,
    pub lapsed: i64,
    pub open: i64,
    pub rupiah_promised: i64,
    pub rupiah_kept: i64,
}

impl PromisesKept {
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Commitment>, today: Date) -> Self {
        let mut p = PromisesKept::default();
        for c in items {
            p.made += 1;
            match c.standing(today) {
                CommitmentStanding::KeptFully => p.kept += 1,
                CommitmentStanding::KeptPartly => p.kept_partly += 1,
                CommitmentStanding::Lapsed => p.lapsed += 1,
                CommitmentStanding::Open => p.open += 1,
            }
            p.rupiah_promised += c.amount.unwrap_or(0);
            p.rupiah_kept += c.kept_amount();
        }
        p
    }

    /// Kept (fully or partly) as a share of those decided or made, in whole percent.
    pub fn percent_kept(&self) -> Option<i64> {
        (self.made > 0).then(|| (self.kept + self.kept_partly) * 100 / self.made)
    }
}

/// The raw facts the advocacy indicators count for a region and span, each with the region
/// of its owner (see `catalogue::Measure`; tallied in `services::catalogue`).
#[derive(Debug, Clone, Default)]
pub struct AdvocacyFacts {
    /// Advocacy activities: (region, month).
    pub advocacy: Vec<(RegionCode, crate::monthly::Period)>,
    /// Commitments made in the span: (region, month of the advocacy, the promise).
    pub commitments: Vec<(RegionCode, crate::monthly::Period, Commitment)>,
    /// Regulations enacted in the span: (region, month).
    pub regulations_enacted: Vec<(RegionCode, crate::monthly::Period)>,
    /// Partnerships running on the span's last day: region.
    pub partnerships_active: Vec<RegionCode>,
    /// Approved amounts of plan lines in force for the span's years, per region, year and
    /// funding source.
    pub budget_approved: Vec<BudgetFact>,
    /// Programme libraries and whether each has an approved plan for the span's last year.
    pub plans: Vec<(RegionCode, bool)>,
}

/// Rupiah approved for a region's plans of one year from one funding source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetFact {
    pub region: RegionCode,
    pub year: i32,
    pub source: FundingSource,
    pub rupiah: i64,
}

/// The advocacy figures open data publishes for a region: counts and rupiah, no names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdvocacyTotals {
    pub advocacy: i64,
    pub regulations_enacted: i64,
    pub partnerships_active: i64,
    /// Rupiah approved in the plans in force (public budget figures).
    pub budget_leveraged: i64,
}

impl AdvocacyTotals {
    /// The facts summed per region of `code_len` characters (the owner's region cut to it).
    pub fn by_region(f: &AdvocacyFacts, code_len: usize) -> std::collections::BTreeMap<String, AdvocacyTotals> {
        let mut out: std::collections::BTreeMap<String, AdvocacyTotals> = Default::default();
        let key = |r: &RegionCode| r.as_str().get(..code_len).unwrap_or(r.as_str()).to_string();
        f.advocacy.iter().for_each(|(r, _)| out.entry(key(r)).or_default().advocacy += 1);
        f.regulations_enacted.iter().for_each(|(r, _)| out.entry(key(r)).or_default().regulations_enacted += 1);
        f.partnerships_active.iter().for_each(|r| out.entry(key(r)).or_default().partnerships_active += 1);
        f.budget_approved.iter().for_each(|b| out.entry(key(&b.region)).or_default().budget_leveraged += b.rupiah);
        out
    }
}

/// What a missing owner means on a form.
pub fn no_owner() -> Error {
    Error::field(
        "perpustakaan",
        "Pilih perpustakaan, atau wilayah kantor untuk pemangku kepentingan kantor.",
        "Choose a library, or the office's region.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn money(amount: i64, due: Option<Date>, approved: Option<i64>, realised: Option<i64>) -> Commitment {
        Commitment {
            id: 1,
            advocacy_id: 1,
            stakeholder_id: 1,
            stakeholder_name: "Kepala Desa".into(),
            owner: Owner { library_id: None, library_name: None, region_code: RegionCode::parse("35").unwrap() },
            kind: CommitmentKind::Money,
            description: "ADD untuk perpustakaan".into(),
            source: Some(FundingSource::AlokasiDanaDesa),
            amount: Some(amount),
            year: 2027,
            due,
            line_no: Some(1),
            resolution: None,
            recorded: BudgetOutcome { approved, realised },
            created_at: 0,
        }
    }

    #[test]
    fn a_promise_of_money_is_kept_when_its_line_is_budgeted() {
        let due = Some(date!(2026 - 12 - 31));
        let today = date!(2026 - 10 - 01);
        let at = |approved, realised| money(15_000_000, due, approved, realised);
        assert_eq!(at(None, None).standing(today), CommitmentStanding::Open);
        assert_eq!(at(Some(10_000_000), None).standing(today), CommitmentStanding::KeptPartly);
        assert_eq!(at(Some(15_000_000), None).standing(today), CommitmentStanding::KeptFully);
        assert_eq!(at(None, Some(20_000_000)).standing(today), CommitmentStanding::KeptFully);
        assert_eq!(at(None, Some(20_000_000)).kept_amount(), 15_000_000, "at most what was promised");
        assert_eq!(at(None, None).standing(date!(2027 - 01 - 01)), CommitmentStanding::Lapsed, "past its date");
        let no_date = money(1, None, None, None);
        assert_eq!(no_date.standing(date!(2027 - 12 - 31)), CommitmentStanding::Open, "open until its year ends");
        assert_eq!(no_date.standing(date!(2028 - 01 - 01)), CommitmentStanding::Lapsed);
    }

    #[test]
    fn promises_kept_tally_in_integer_rupiah() {
        let big = 400_000_000_000_000;
        let a = money(big, None, Some(big), None);
        let b = money(big, None, Some(big / 4), None);
        let c = money(10, Some(date!(2026 - 01 - 01)), None, None);
        let p = PromisesKept::of([&a, &b, &c], date!(2026 - 06 - 01));
        assert_eq!((p.made, p.kept, p.kept_partly, p.lapsed, p.open), (3, 1, 1, 1, 0));
        assert_eq!((p.rupiah_promised, p.rupiah_kept), (2 * big + 10, big + big / 4));
        assert_eq!(p.percent_kept(), Some(66));
    }

    #[test]
    fn a_promise_of_money_needs_source_and_amount() {
        let input = CommitmentInput {
            stakeholder_id: "7".into(),
            kind: "money".into(),
            description: "Dana ADD".into(),
            year: "2027".into(),
            ..Default::default()
        };
        let Err(Error::Validation(errs)) = input.validate(&[7], 2026) else { panic!("must fail") };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["source", "amount"]);
        let ok = CommitmentInput { source: Some("add".into()), amount: Some("Rp 15.000.000".into()), ..input.clone() };
        assert_eq!(ok.validate(&[7], 2026).unwrap().amount, Some(15_000_000));
        assert!(ok.validate(&[8], 2026).is_err(), "only someone who was met promises");
        let goods = CommitmentInput { kind: "goods".into(), ..ok };
        assert_eq!(goods.validate(&[7], 2026).unwrap().amount, None, "amounts belong to money");
    }
}
