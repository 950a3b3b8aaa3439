//! Monthly library figures: visitors, members, loans, reading on site, ICT users, collection
//! and staff, one report per library per month, reviewed like activity reports. Approved
//! figures feed the library's yearly KTAK figures.

use crate::ids::MonthlyReportId;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::error::Errors;
use crate::ids::LibraryId;
use crate::library::{KtakFigures, Page, PageRequest};
use crate::region::RegionCode;
use crate::reporting::{AggregateDelta, Report, ReportKind, ReportStatus, ReviewFilter};
use crate::store::Store;
use crate::text::clean_opt;
use crate::{Error, Result};

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    pub year: i32,
    pub month: u8,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        let (y, m) = s.trim().split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        ((2000..=2200).contains(&year) && (1..=12).contains(&month) && y.len() == 4 && m.len() == 2)
            .then_some(Period { year, month })
    }
    pub fn of(d: Date) -> Period {
        Period { year: d.year(), month: d.month() as u8 }
    }
    pub fn previous(self) -> Period {
        if self.month == 1 {
            Period { year: self.year - 1, month: 12 }
        } else {
            Period { month: self.month - 1, ..self }
        }
    }
    pub fn next(self) -> Period {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { month: self.month + 1, ..self }
        }
    }
    pub fn last_day(self) -> Date {
        self.next().first_day().previous_day().expect("a day before")
    }
    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.year, Month::try_from(self.month).expect("valid month"), 1).expect("valid date")
    }
    pub fn label(self, lang: crate::i18n::Lang) -> String {
        let d = crate::time_fmt::calendar_date(self.first_day(), lang);
        d.split_once(' ').map(|(_, rest)| rest.to_string()).unwrap_or(d)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}
impl TryFrom<String> for Period {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        Period::parse(&s).ok_or_else(|| format!("invalid period {s}"))
    }
}
impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

/// The figures of one month.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthlyFigures {
    pub visitors_male: i64,
    pub visitors_female: i64,
    pub new_members: i64,
    pub total_members: i64,
    pub loans: i64,
    pub onsite_reading: i64,
    pub ict_users: i64,
    pub collection_titles: i64,
    pub collection_copies: i64,
    pub staff_librarians: i64,
    pub staff_other: i64,
}

impl MonthlyFigures {
    /// Field names with their Indonesian and English labels, in form order.
    pub const FIELDS: [(&'static str, &'static str, &'static str); 11] = [
        ("visitors_male", "Pengunjung laki-laki", "Visitors, men"),
        ("visitors_female", "Pengunjung perempuan", "Visitors, women"),
        ("new_members", "Anggota baru", "New members"),
        ("total_members", "Jumlah anggota", "Total members"),
        ("loans", "Peminjaman", "Loans"),
        ("onsite_reading", "Baca di tempat", "Reading on site"),
        ("ict_users", "Pengguna fasilitas TIK", "ICT facility users"),
        ("collection_titles", "Koleksi (judul)", "Collection (titles)"),
        ("collection_copies", "Koleksi (eksemplar)", "Collection (copies)"),
        ("staff_librarians", "Tenaga pustakawan", "Librarians"),
        ("staff_other", "Tenaga lain", "Other staff"),
    ];

    pub fn values(&self) -> [i64; 11] {
        [
            self.visitors_male,
            self.visitors_female,
            self.new_members,
            self.total_members,
            self.loans,
            self.onsite_reading,
            self.ict_users,
            self.collection_titles,
            self.collection_copies,
            self.staff_librarians,
            self.staff_other,
        ]
    }

    pub fn visitors(&self) -> i64 {
        self.visitors_male + self.visitors_female
    }
}

/// A monthly report as stored.
#[derive(Debug, Clone, Serialize)]
pub struct MonthlyReport {
    pub id: MonthlyReportId,
    pub client_id: Option<String>,
    pub library_id: LibraryId,
    pub library_name: String,
    pub region_code: RegionCode,
    pub period: Period,
    pub figures: MonthlyFigures,
    pub status: ReportStatus,
    pub review_comment: Option<String>,
    /// When it was first submitted (for timeliness).
    pub submitted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl Report for MonthlyReport {
    const KIND: ReportKind = ReportKind::Monthly;
    const KEEPS_SUBMISSION_TIME: bool = true;

    fn id(&self) -> MonthlyReportId {
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
    fn first_submitted_at(&self) -> Option<i64> {
        self.submitted_at
    }
    fn aggregate(&self) -> Option<AggregateDelta> {
        Some(AggregateDelta::Monthly {
            region: self.region_code.clone(),
            period: self.period,
            counts: crate::indicators::MonthlyCounts::of_figures(&self.figures),
        })
    }
    fn ktak_year(&self) -> Option<(LibraryId, i32)> {
        Some((self.library_id, self.period.year))
    }
    fn load(store: &dyn Store, id: MonthlyReportId) -> Result<Option<Self>> {
        store.monthly_report(id)
    }
    fn by_client_id(store: &dyn Store, client_id: &str) -> Result<Option<Self>> {
        store.monthly_by_client_id(client_id)
    }
    fn list_for_review(store: &dyn Store, f: &ReviewFilter, page: PageRequest) -> Result<Page<Self>> {
        let filter = MonthlyFilter {
            region: f.region.clone(),
            library_id: f.library_id,
            status: f.status,
            ..Default::default()
        };
        store.list_monthly(&filter, page)
    }
}

/// A library's KTAK figures for a year, derived from its approved months: the stock figures
/// (members, collection, staff) of the latest month and the year's visitors. `None` when no
/// month of the year is approved (figures derived earlier are then withdrawn).
pub fn ktak_of_year(year: i32, approved: &[(Period, MonthlyFigures)]) -> Option<KtakFigures> {
    let (_, last) = approved.iter().filter(|(p, _)| p.year == year).max_by_key(|(p, _)| *p)?;
    let visits = approved.iter().filter(|(p, _)| p.year == year).map(|(_, f)| f.visitors()).sum();
    Some(KtakFigures {
        year,
        collection_titles: Some(last.collection_titles),
        collection_copies: Some(last.collection_copies),
        staff_librarians: Some(last.staff_librarians),
        staff_other: Some(last.staff_other),
        members: Some(last.total_members),
        visits: Some(visits),
    })
}

/// Figures as entered: text per field, plus the optional visitor total to check against.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MonthlyInput {
    pub period: String,
    #[serde(default)]
    pub values: std::collections::HashMap<String, String>,
    #[serde(default)]
    pub visitors_total: Option<String>,
    #[serde(default)]
    pub confirm_warnings: bool,
}

impl MonthlyInput {
    /// Checks the figures; `this_month` is the current month at the library's place.
    pub fn validate(&self, this_month: Period) -> Result<(Period, MonthlyFigures)> {
        let mut errs = Errors::default();
        let period = Period::parse(&self.period);
        match period {
            None => errs.add("period", "Pilih bulan laporan (tttt-bb).", "Choose the month (yyyy-mm)."),
            Some(p) if p > this_month => {
                errs.add("period", "Bulan laporan belum berjalan.", "That month has not begun.")
            }
            Some(p) if p.year < 2018 => {
                errs.add("period", "Bulan sebelum program TPBIS (2018).", "Month before TPBIS (2018).")
            }
            _ => {}
        }
        let mut v = [0i64; 11];
        for (i, (field, _, _)) in MonthlyFigures::FIELDS.iter().enumerate() {
            match clean_opt(self.values.get(*field).map(String::as_str)) {
                None if i < 2 => errs.add(field, "Wajib diisi (isi 0 bila tidak ada).", "Required (enter 0 if none)."),
                None => {}
                Some(s) => match s.replace('.', "").parse::<i64>() {
                    Ok(n) if (0..=100_000_000).contains(&n) => v[i] = n,
                    _ => errs.add(field, "Isi bilangan bulat 0 atau lebih.", "Enter a whole number, 0 or more."),
                },
            }
        }
        let f = MonthlyFigures {
            visitors_male: v[0],
            visitors_female: v[1],
            new_members: v[2],
            total_members: v[3],
            loans: v[4],
            onsite_reading: v[5],
            ict_users: v[6],
            collection_titles: v[7],
            collection_copies: v[8],
            staff_librarians: v[9],
            staff_other: v[10],
        };
        if let Some(t) = clean_opt(self.visitors_total.as_deref())
            && t.replace('.', "").parse::<i64>().ok() != Some(f.visitors())
        {
            errs.add(
                "visitors_total",
                "Pengunjung laki-laki dan perempuan harus sama dengan total.",
                "Men and women must add up to the total.",
            );
        }
        if f.new_members > f.total_members && f.total_members > 0 {
            errs.add("new_members", "Anggota baru melebihi jumlah anggota.", "More new members than members.");
        }
        if f.collection_copies < f.collection_titles {
            errs.add(
                "collection_copies",
                "Eksemplar tidak boleh kurang dari judul.",
                "Copies cannot be fewer than titles.",
            );
        }
        errs.finish()?;
        Ok((period.expect("checked"), f))
    }
}

#[derive(Debug, Clone, Default)]
pub struct MonthlyFilter {
    pub region: Option<RegionCode>,
    pub library_id: Option<LibraryId>,
    pub period: Option<Period>,
    pub status: Option<ReportStatus>,
    /// Words of the library's name (accents and case ignored).
    pub query: Option<String>,
}

pub fn require_period(s: &str) -> Result<Period> {
    Period::parse(s).ok_or_else(|| Error::field("period", "Bulan tidak sah (tttt-bb).", "Invalid month (yyyy-mm)."))
}

/// The region and month a report view asks for (blank means none); the month defaults to
/// the last one that has ended before `today`.
pub fn region_and_month(
    today: Date,
    region: Option<&str>,
    month: Option<&str>,
) -> Result<(Option<RegionCode>, Period)> {
    let region = match region.map(str::trim).filter(|s| !s.is_empty()) {
        Some(r) => Some(RegionCode::parse(r)?),
        None => None,
    };
    let period = match month.map(str::trim).filter(|s| !s.is_empty()) {
        Some(p) => require_period(p)?,
        None => Period::of(today).previous(),
    };
    Ok((region, period))
}

#[cfg(test)]
mod tests {

    #[test]
    fn on_time_is_judged_by_the_regions_own_zone() {
        let counts = |code: &str| CompletenessCounts {
            code: RegionCode::parse(code).unwrap(),
            name: String::new(),
            expected: 10,
            reported: 9,
            on_time_by_zone: [7, 8, 9],
        };
        assert_eq!(counts("35.07").judged().on_time, 7, "Jawa Timur: WIB");
        assert_eq!(counts("52").judged().on_time, 8, "Nusa Tenggara Barat: WITA");
        assert_eq!(counts("91.01").judged().on_time, 9, "Papua: WIT");
    }

    use super::*;

    #[test]
    fn ktak_takes_the_last_months_stock_and_the_years_visits() {
        let month = |m: u8, visitors: i64, members: i64| {
            (
                Period { year: 2025, month: m },
                MonthlyFigures { visitors_male: visitors, total_members: members, ..Default::default() },
            )
        };
        let months = [month(3, 10, 50), month(7, 20, 70), month(5, 5, 60)];
        let k = ktak_of_year(2025, &months).unwrap();
        assert_eq!((k.members, k.visits), (Some(70), Some(35)));
        assert_eq!(ktak_of_year(2024, &months), None);
        assert_eq!(ktak_of_year(2025, &[]), None);
    }

    #[test]
    fn reporting_is_tallied_by_joining_year_and_each_librarys_own_deadline() {
        let code = |c: &str| RegionCode::parse(c).unwrap();
        let due = [
            DueLibrary { id: LibraryId::new(1), region_code: code("35.07.12.2001"), joined: 2024 },
            DueLibrary { id: LibraryId::new(2), region_code: code("52.01.01.2002"), joined: 2026 },
            DueLibrary { id: LibraryId::new(3), region_code: code("35.07"), joined: 2024 },
        ];
        let (dec, jan) = (Period { year: 2025, month: 12 }, Period { year: 2026, month: 1 });
        let wib = deadlines(jan, 10)[0];
        let sent = [
            Submission { library_id: LibraryId::new(1), period: jan, submitted_at: Some(wib) },
            // Lombok keeps WITA: its deadline falls an hour before WIB's, so this is late.
            Submission { library_id: LibraryId::new(2), period: jan, submitted_at: Some(wib) },
            Submission { library_id: LibraryId::new(2), period: dec, submitted_at: Some(0) },
            Submission { library_id: LibraryId::new(3), period: jan, submitted_at: None },
        ];
        let whole = tally_reporting(&due, &sent, dec, jan, 10, None);
        assert_eq!(
            whole.iter().map(|c| (c.period, c.expected, c.reported, c.on_time)).collect::<Vec<_>>(),
            [(dec, 2, 0, 0), (jan, 3, 3, 1)]
        );
        let by_province = tally_reporting(&due, &sent, jan, jan, 10, Some(2));
        assert_eq!(by_province.len(), 2);
        let by_district = tally_reporting(&due, &sent, jan, jan, 10, Some(8));
        assert_eq!(
            by_district.iter().map(|c| c.expected).sum::<i64>(),
            2,
            "the regency library is above the districts"
        );
    }

    #[test]
    fn periods() {
        let p = Period::parse("2026-01").unwrap();
        assert_eq!(p.previous().to_string(), "2025-12");
        assert!(Period::parse("2026-13").is_none() && Period::parse("26-01").is_none());
        assert_eq!(p.label(crate::i18n::Lang::Id), "Januari 2026");
    }

    #[test]
    fn validation() {
        let mut input = MonthlyInput { period: "2026-10".into(), ..Default::default() };
        input.values.insert("visitors_male".into(), "40".into());
        input.values.insert("visitors_female".into(), "60".into());
        input.visitors_total = Some("100".into());
        let now = Period::parse("2026-11").unwrap();
        let (_, f) = input.validate(now).unwrap();
        assert_eq!(f.visitors(), 100);
        input.period = "2026-12".into();
        input.values.insert("loans".into(), "-3".into());
        input.visitors_total = Some("99".into());
        let Err(Error::Validation(e)) = input.validate(now) else { panic!() };
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["period", "loans", "visitors_total"]);
    }
}

/// Reporting completeness of one region (or the whole scope) for a month.
#[derive(Debug, Clone, Serialize)]
pub struct Completeness {
    pub code: RegionCode,
    pub name: String,
    /// Active programme libraries that joined by that year.
    pub expected: i64,
    /// Of those, how many submitted a report for the month (any status but draft).
    pub reported: i64,
    /// Of those, how many submitted by the deadline.
    pub on_time: i64,
}

impl Completeness {
    pub fn percent(part: i64, whole: i64) -> i64 {
        if whole == 0 { 0 } else { (part * 100 + whole / 2) / whole }
    }
}

/// A library that has not reported a month, with who to call.
#[derive(Debug, Clone, Serialize)]
pub struct MissingReport {
    pub library_id: LibraryId,
    pub library_name: String,
    pub region_code: RegionCode,
    pub manager_name: Option<String>,
    pub phone: Option<String>,
}

/// Completeness of one region as the store counts it: submissions by the deadline of each
/// time zone. Which one applies is the region's own zone (a child region lies in one
/// province), decided here rather than in SQL.
#[derive(Debug, Clone)]
pub struct CompletenessCounts {
    pub code: RegionCode,
    pub name: String,
    pub expected: i64,
    pub reported: i64,
    /// Reports submitted by the WIB, WITA and WIT deadline (see [`crate::region::TimeZone::index`]).
    pub on_time_by_zone: [i64; 3],
}

impl CompletenessCounts {
    pub fn judged(self) -> Completeness {
        let on_time = self.on_time_by_zone[self.code.time_zone().index()];
        Completeness { code: self.code, name: self.name, expected: self.expected, reported: self.reported, on_time }
    }
}

/// The moment a month's report is due: the end of `day` of the next month, in each of the
/// three time zones (WIB, WITA, WIT, indexed by [`crate::region::TimeZone::index`]), as Unix seconds.
pub fn deadlines(period: Period, day: u8) -> [i64; 3] {
    let next = if period.month == 12 {
        Period { year: period.year + 1, month: 1 }
    } else {
        Period { month: period.month + 1, ..period }
    };
    let date = next.first_day().replace_day(day.clamp(1, 28)).expect("valid day");
    let end_utc = date.next_day().expect("valid date").midnight().assume_utc().unix_timestamp();
    [7, 8, 9].map(|h| end_utc - h * 3600)
}

/// Who owes reports for a span and which of them count, in one value the store renders: the
/// libraries expected to report (active members that had joined by the span's last year), the
/// status a report is still unsent in, and the status that counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportingDuty {
    pub libraries: crate::library::ProgrammeLibraries,
    pub unsent: ReportStatus,
    pub counted: ReportStatus,
}

impl ReportingDuty {
    /// The duty of the months up to `last`.
    pub fn until(last: Period) -> Self {
        ReportingDuty {
            libraries: crate::library::ProgrammeLibraries::expected_to_report(last.year),
            unsent: ReportStatus::UNSENT,
            counted: ReportStatus::COUNTED,
        }
    }
}

/// Library-months due, reports sent and on time, for one month of a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingCell {
    /// The child region (`None`: the region asked about, as a whole).
    pub region: Option<RegionCode>,
    pub period: Period,
    pub expected: i64,
    pub reported: i64,
    pub on_time: i64,
}

/// A library due to report: where it is and the year it joined the programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueLibrary {
    pub id: LibraryId,
    pub region_code: RegionCode,
    pub joined: i32,
}

/// A month's report sent up (any status but [`ReportStatus::UNSENT`]), with when it was first
/// submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub library_id: LibraryId,
    pub period: Period,
    pub submitted_at: Option<i64>,
}

/// Library-months due, reported and on time for every month from `from` to `to`, for the
/// region as a whole (`child_len` `None`) or per child region (the first `child_len`
/// characters of a library's code; libraries above the child level are left out). A library
/// is due every month of the years from the one it joined; its report is on time when first
/// submitted by the deadline in the library's own time zone.
pub fn tally_reporting(
    due: &[DueLibrary],
    sent: &[Submission],
    from: Period,
    to: Period,
    deadline_day: u8,
    child_len: Option<usize>,
) -> Vec<ReportingCell> {
    use std::collections::{BTreeMap, HashMap};
    let child = |code: &RegionCode| -> Option<Option<RegionCode>> {
        match child_len {
            None => Some(None),
            Some(len) if code.as_str().len() < len => None,
            Some(len) => RegionCode::parse(&code.as_str()[..len]).ok().map(Some),
        }
    };
    type Cells = BTreeMap<(Option<RegionCode>, Period), ReportingCell>;
    fn cell<'a>(cells: &'a mut Cells, region: &Option<RegionCode>, period: Period) -> &'a mut ReportingCell {
        cells.entry((region.clone(), period)).or_insert_with(|| ReportingCell {
            region: region.clone(),
            period,
            expected: 0,
            reported: 0,
            on_time: 0,
        })
    }
    let mut cells = Cells::new();
    let mut libraries: HashMap<LibraryId, (Option<RegionCode>, i32, usize)> = HashMap::new();
    for d in due {
        if let Some(region) = child(&d.region_code) {
            libraries.insert(d.id, (region, d.joined, d.region_code.time_zone().index()));
        }
    }
    let mut p = from;
    while p <= to {
        for (region, joined, _) in libraries.values() {
            if *joined <= p.year {
                cell(&mut cells, region, p).expected += 1;
            }
        }
        p = p.next();
    }
    let mut deadlines_of: HashMap<Period, [i64; 3]> = HashMap::new();
    for s in sent.iter().filter(|s| s.period >= from && s.period <= to) {
        let Some((region, joined, zone)) = libraries.get(&s.library_id) else { continue };
        if *joined > s.period.year {
            continue;
        }
        let deadline = deadlines_of.entry(s.period).or_insert_with(|| deadlines(s.period, deadline_day))[*zone];
        let c = cell(&mut cells, region, s.period);
        c.reported += 1;
        c.on_time += i64::from(s.submitted_at.is_some_and(|at| at <= deadline));
    }
    cells.into_values().collect()
}
