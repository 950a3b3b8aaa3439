//! Community-engagement activities (*kegiatan pelibatan masyarakat*): what a report holds, how
//! it is checked, its photos. Its review is the one workflow of [`crate::reporting`].

use crate::ids::ActivityId;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::Result;
use crate::access::Actor;
use crate::error::Errors;
use crate::ids::LibraryId;
use crate::library::{Library, Page};
use crate::region::RegionCode;
use crate::reporting::{AggregateDelta, Report, ReportKind, ReportStatus, ReviewFilter};
use crate::store::Store;
use crate::text::clean_opt;

/// Participant counts: by gender, by age group, and people with disabilities. The one
/// breakdown of participants: reports, aggregates, forms, files and the API all use it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participants {
    pub male: i64,
    pub female: i64,
    pub children: i64,
    pub teens: i64,
    pub adults: i64,
    pub elderly: i64,
    pub disabled: i64,
}

impl Participants {
    /// The parts in order, as named in columns, forms and payloads, with their labels.
    pub const FIELDS: [(&'static str, &'static str, &'static str); 7] = [
        ("male", "Laki-laki", "Men"),
        ("female", "Perempuan", "Women"),
        ("children", "Anak-anak", "Children"),
        ("teens", "Remaja", "Teenagers"),
        ("adults", "Dewasa", "Adults"),
        ("elderly", "Lansia", "Elderly"),
        ("disabled", "Penyandang disabilitas", "People with disabilities"),
    ];

    /// Everyone taking part: men and women (age groups and disabilities count the same
    /// people again).
    pub fn total(&self) -> i64 {
        self.male + self.female
    }

    /// The parts in the order of [`Participants::FIELDS`].
    pub fn values(&self) -> [i64; 7] {
        [self.male, self.female, self.children, self.teens, self.adults, self.elderly, self.disabled]
    }

    pub fn from_values(v: [i64; 7]) -> Self {
        let [male, female, children, teens, adults, elderly, disabled] = v;
        Participants { male, female, children, teens, adults, elderly, disabled }
    }

    /// Every part multiplied by `k`.
    pub fn scaled(self, k: i64) -> Self {
        Participants::from_values(self.values().map(|v| k * v))
    }
}

impl std::ops::AddAssign for Participants {
    fn add_assign(&mut self, o: Self) {
        let mut v = self.values();
        for (a, b) in v.iter_mut().zip(o.values()) {
            *a += b;
        }
        *self = Participants::from_values(v);
    }
}

/// Validated fields of an activity report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityFields {
    pub title: String,
    pub start_date: Date,
    pub end_date: Date,
    pub place: Option<String>,
    pub category_id: i64,
    pub description: Option<String>,
    pub resource_persons: Option<String>,
    pub partners: Option<String>,
    pub participants: Participants,
    pub outputs: Option<String>,
    pub income_participants: Option<i64>,
    /// Estimated extra income, integer rupiah.
    pub income_rupiah: Option<i64>,
    pub links: Vec<String>,
    pub story: Option<String>,
    /// Without consent a story never leaves the library's own chain.
    pub story_consent: bool,
}

/// An activity report as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    pub id: ActivityId,
    pub client_id: Option<String>,
    pub library_id: LibraryId,
    pub library_name: String,
    pub region_code: RegionCode,
    pub category_name: String,
    #[serde(flatten)]
    pub fields: ActivityFields,
    pub status: ReportStatus,
    /// The latest reviewer's comment (on return) or reason (on reopen).
    pub review_comment: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// An activity report as entered (form, payload, import row).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActivityInput {
    pub title: String,
    pub start_date: String,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    pub category_id: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub resource_persons: Option<String>,
    #[serde(default)]
    pub partners: Option<String>,
    #[serde(default)]
    pub participants_total: Option<String>,
    #[serde(default)]
    pub male: Option<String>,
    #[serde(default)]
    pub female: Option<String>,
    #[serde(default)]
    pub children: Option<String>,
    #[serde(default)]
    pub teens: Option<String>,
    #[serde(default)]
    pub adults: Option<String>,
    #[serde(default)]
    pub elderly: Option<String>,
    #[serde(default)]
    pub disabled: Option<String>,
    #[serde(default)]
    pub outputs: Option<String>,
    #[serde(default)]
    pub income_participants: Option<String>,
    #[serde(default)]
    pub income_rupiah: Option<String>,
    #[serde(default)]
    pub links: Option<String>,
    #[serde(default)]
    pub story: Option<String>,
    #[serde(default)]
    pub story_consent: bool,
    /// The submitter has seen the warnings (outlier, likely duplicate) and keeps the data.
    #[serde(default)]
    pub confirm_warnings: bool,
}

/// Whether two titles name the same activity: equal when folded, one inside the other, or
/// sharing most of their words.
pub fn similar_titles(a: &str, b: &str) -> bool {
    let (a, b) = (crate::text::fold(a), crate::text::fold(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b || a.contains(&b) || b.contains(&a) {
        return true;
    }
    let wa: std::collections::HashSet<&str> = a.split(' ').collect();
    let wb: std::collections::HashSet<&str> = b.split(' ').collect();
    let common = wa.intersection(&wb).count() as f64;
    common / (wa.union(&wb).count() as f64) >= 0.6
}

/// Parses `YYYY-MM-DD` (what date inputs send) or `DD/MM/YYYY` (what people type).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let (y, m, d) = if let Some((y, rest)) = s.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        (y, m, d)
    } else {
        let mut p = s.split('/');
        let (d, m, y) = (p.next()?, p.next()?, p.next()?);
        (y, m, d)
    };
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

fn count(errs: &mut Errors, field: &str, v: &Option<String>) -> i64 {
    match clean_opt(v.as_deref()) {
        None => 0,
        Some(s) => match s.replace('.', "").parse::<i64>() {
            Ok(n) if (0..=1_000_000).contains(&n) => n,
            _ => {
                errs.add(field, "Isi bilangan bulat 0 atau lebih.", "Enter a whole number, 0 or more.");
                0
            }
        },
    }
}

impl ActivityInput {
    /// Checks the report on its own; `today` is the date at the library's place.
    pub fn validate(&self, today: Date) -> Result<ActivityFields> {
        let mut errs = Errors::default();
        let title = self.title.trim().to_string();
        if title.is_empty() || title.chars().count() > 200 {
            errs.add(
                "title",
                "Judul kegiatan wajib diisi (maks. 200 karakter).",
                "Title is required (max 200 characters).",
            );
        }
        let start = parse_date(&self.start_date);
        if start.is_none() {
            if self.start_date.trim().is_empty() {
                errs.add(
                    "start_date",
                    "Tanggal mulai wajib diisi (hh/bb/tttt).",
                    "Start date is required (dd/mm/yyyy).",
                );
            } else if self.start_date.split(['/', '-', '.']).filter(|p| p.trim().parse::<u32>().is_ok()).count() == 3 {
                errs.add(
                    "start_date",
                    "Tanggal mulai tidak ada di kalender; periksa hari dan bulannya (hh/bb/tttt).",
                    "The start date is not on the calendar; check its day and month (dd/mm/yyyy).",
                );
            } else {
                errs.add(
                    "start_date",
                    "Tanggal mulai tidak dikenali; tulis hh/bb/tttt, mis. 14/11/2026.",
                    "The start date is not recognised; write dd/mm/yyyy, e.g. 14/11/2026.",
                );
            }
        }
        let end = match clean_opt(self.end_date.as_deref()) {
            None => start,
            Some(e) => {
                let d = parse_date(&e);
                if d.is_none() {
                    errs.add("end_date", "Tanggal selesai tidak sah.", "Invalid end date.");
                }
                d
            }
        };
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                errs.add("end_date", "Tanggal selesai sebelum tanggal mulai.", "End date is before the start date.");
            }
            if s > today || e > today {
                errs.add(
                    "start_date",
                    "Tanggal kegiatan tidak boleh di masa depan.",
                    "Activity dates cannot be in the future.",
                );
            }
            if s.year() < 2018 {
                errs.add(
                    "start_date",
                    "Tanggal sebelum program TPBIS (2018).",
                    "Date before the TPBIS programme (2018).",
                );
            }
        }
        let category_id = self.category_id.trim().parse::<i64>().ok();
        if category_id.is_none() {
            errs.add("category_id", "Pilih kategori kegiatan.", "Choose a category.");
        }
        let p = Participants {
            male: count(&mut errs, "male", &self.male),
            female: count(&mut errs, "female", &self.female),
            children: count(&mut errs, "children", &self.children),
            teens: count(&mut errs, "teens", &self.teens),
            adults: count(&mut errs, "adults", &self.adults),
            elderly: count(&mut errs, "elderly", &self.elderly),
            disabled: count(&mut errs, "disabled", &self.disabled),
        };
        let total = p.total();
        // The total typed is what the age groups are checked against (men and women are
        // checked against it on their own), else men and women.
        let mut expected = total;
        if clean_opt(self.participants_total.as_deref()).is_some() {
            let given = count(&mut errs, "participants_total", &self.participants_total);
            if given != total {
                errs.add(
                    "participants_total",
                    "Jumlah laki-laki dan perempuan harus sama dengan total peserta.",
                    "Men and women must add up to the total.",
                );
            }
            expected = given;
        }
        let ages = p.children + p.teens + p.adults + p.elderly;
        if ages > 0 && ages != expected {
            // Said beside an age group the reporter filled in, not an empty one.
            let filled = [("children", p.children), ("teens", p.teens), ("adults", p.adults), ("elderly", p.elderly)];
            let field = filled.iter().find(|(_, n)| *n > 0).map(|(f, _)| *f).unwrap_or("children");
            errs.add(
                field,
                &format!("Jumlah per kelompok umur ({ages}) harus sama dengan total peserta ({expected})."),
                &format!("Age groups ({ages}) must add up to the total ({expected})."),
            );
        }
        if p.disabled > total {
            errs.add(
                "disabled",
                "Peserta disabilitas melebihi total peserta.",
                "More participants with disabilities than participants.",
            );
        }
        let income_participants = clean_opt(self.income_participants.as_deref())
            .map(|_| count(&mut errs, "income_participants", &self.income_participants));
        if income_participants.is_some_and(|n| n > total) {
            errs.add("income_participants", "Melebihi total peserta.", "More than the participants.");
        }
        let income_rupiah = match clean_opt(self.income_rupiah.as_deref()) {
            None => None,
            Some(s) => match crate::money::parse_rupiah(&s) {
                Some(n) => Some(n),
                None => {
                    errs.add(
                        "income_rupiah",
                        "Isi rupiah sebagai bilangan bulat, mis. 1500000.",
                        "Rupiah as a whole number, e.g. 1500000.",
                    );
                    None
                }
            },
        };
        let links: Vec<String> = self
            .links
            .as_deref()
            .unwrap_or("")
            .split(['\n', ' '])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if links.len() > 10
            || links.iter().any(|l| !(l.starts_with("https://") || l.starts_with("http://")) || l.len() > 500)
        {
            errs.add(
                "links",
                "Tautan harus diawali http:// atau https:// (maks. 10).",
                "Links must start with http:// or https:// (max 10).",
            );
        }
        let long = |errs: &mut Errors, field: &str, v: &Option<String>, max: usize| {
            let s = clean_opt(v.as_deref());
            if s.as_ref().is_some_and(|s| s.chars().count() > max) {
                errs.add(
                    field,
                    &format!("Teks terlalu panjang (maks. {max} karakter)."),
                    &format!("Text too long (max {max} characters)."),
                );
            }
            s
        };
        let place = long(&mut errs, "place", &self.place, 200);
        let description = long(&mut errs, "description", &self.description, 5000);
        let resource_persons = long(&mut errs, "resource_persons", &self.resource_persons, 500);
        let partners = long(&mut errs, "partners", &self.partners, 500);
        let outputs = long(&mut errs, "outputs", &self.outputs, 2000);
        let story = long(&mut errs, "story", &self.story, 5000);
        errs.finish()?;
        Ok(ActivityFields {
            title,
            start_date: start.expect("checked"),
            end_date: end.expect("checked"),
            place,
            category_id: category_id.expect("checked"),
            description,
            resource_persons,
            partners,
            participants: p,
            outputs,
            income_participants,
            income_rupiah,
            links,
            story,
            story_consent: self.story_consent,
        })
    }
}

/// At most this many photos document one activity.
pub const MAX_PHOTOS: usize = 10;
/// The largest photo file accepted, before re-encoding.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// A stored photo of an activity (its files are re-encoded copies without metadata).
#[derive(Debug, Clone, Serialize)]
pub struct Photo {
    pub id: i64,
    pub activity_id: ActivityId,
    /// The random file name the photo is stored and served under.
    pub name: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
    pub created_at: i64,
}

/// A processed photo about to be recorded.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub name: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
}

/// A managed category of activities (an item of [`crate::lists::ManagedList::ActivityCategory`]).
pub type Category = crate::lists::ListItem;

#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub region: Option<RegionCode>,
    pub library_id: Option<LibraryId>,
    pub status: Option<ReportStatus>,
    pub category_id: Option<i64>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub query: Option<String>,
}

pub type ActivityPage = Page<Activity>;

impl Report for Activity {
    const KIND: ReportKind = ReportKind::Activity;

    fn id(&self) -> ActivityId {
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
    fn aggregate(&self) -> Option<AggregateDelta> {
        Some(AggregateDelta::Activity {
            region: self.region_code.clone(),
            period: crate::monthly::Period::of(self.fields.start_date),
            category_id: self.fields.category_id,
            counts: crate::indicators::ActivityCounts::of_report(&self.fields),
        })
    }
    /// A story shared without consent stays inside the library's own reporting chain: every
    /// read path (page, list, export, API) goes through here.
    fn shown_to(mut self, actor: &Actor) -> Self {
        if !self.fields.story_consent && !actor.in_reporting_chain(self.library_id, &self.region_code) {
            self.fields.story = None;
        }
        self
    }
    fn load(store: &dyn Store, id: ActivityId) -> Result<Option<Self>> {
        store.activity(id)
    }
    fn by_client_id(store: &dyn Store, client_id: &str) -> Result<Option<Self>> {
        store.activity_by_client_id(client_id)
    }
    fn list_for_review(store: &dyn Store, f: &ReviewFilter, page: crate::library::PageRequest) -> Result<Page<Self>> {
        let filter = ActivityFilter {
            region: f.region.clone(),
            library_id: f.library_id,
            status: f.status,
            ..Default::default()
        };
        store.list_activities(&filter, page)
    }
}

/// Whether the actor may read activities of this library (the library's own rule).
pub fn can_read(actor: &Actor, lib: &Library) -> bool {
    actor.can_read_library(lib)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use time::macros::date;

    /// Issue 15: total 25, men 10, women 14, adults 25 put an age-group error on the empty
    /// "children" field, comparing the groups with men + women instead of the total typed.
    #[test]
    fn age_groups_are_checked_against_the_total_typed_and_said_where_filled() {
        let today = date!(2026 - 11 - 21);
        let input = ActivityInput {
            title: "Kelas menjahit".into(),
            start_date: "2026-11-14".into(),
            category_id: "1".into(),
            participants_total: Some("25".into()),
            male: Some("10".into()),
            female: Some("14".into()),
            adults: Some("25".into()),
            ..Default::default()
        };
        let Err(Error::Validation(errs)) = input.validate(today) else { panic!("men and women miss one") };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["participants_total"], "the age groups match the total typed");
        let no_total = ActivityInput { participants_total: None, ..input };
        let Err(Error::Validation(errs)) = no_total.validate(today) else { panic!("ages exceed men and women") };
        assert_eq!(errs[0].field, "adults", "beside the group filled in");
        assert!(errs[0].message.contains("(25)") && errs[0].message.contains("(24)"), "{}", errs[0].message);
        // An impossible date is not a missing one.
        let feb30 = ActivityInput { start_date: "30/02/2026".into(), ..no_total.clone() };
        let Err(Error::Validation(errs)) = feb30.validate(today) else { panic!("30 February") };
        assert!(errs[0].message.contains("tidak ada di kalender"), "{}", errs[0].message);
    }

    #[test]
    fn validation_counts_and_dates() {
        let today = date!(2026 - 11 - 21);
        let ok = ActivityInput {
            title: "Pelatihan membatik".into(),
            start_date: "14/11/2026".into(),
            category_id: "1".into(),
            participants_total: Some("20".into()),
            male: Some("5".into()),
            female: Some("15".into()),
            adults: Some("20".into()),
            income_rupiah: Some("Rp 1.500.000".into()),
            ..Default::default()
        };
        let f = ok.validate(today).unwrap();
        assert_eq!((f.participants.total(), f.income_rupiah), (20, Some(1_500_000)));
        assert_eq!(f.end_date, f.start_date);
        let bad = ActivityInput {
            start_date: "2026-12-01".into(),
            male: Some("-1".into()),
            participants_total: Some("3".into()),
            links: Some("ftp://x".into()),
            ..ok.clone()
        };
        let Err(Error::Validation(errs)) = bad.validate(today) else { panic!() };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in ["start_date", "male", "participants_total", "links"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }
}
