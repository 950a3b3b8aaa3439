//! Programme events (Bimtek SPP-TIK and the other meetings): the event itself, its agenda,
//! quotas, the people who take part and their attendance per event day.

use serde::{Deserialize, Serialize};
use time::{Date, Time};

use crate::activity::parse_date;
use crate::error::Errors;
use crate::ids::{EventId, LibraryId};
use crate::library::LibraryType;
use crate::region::{RegionCode, RegionLevel, TimeZone};
use crate::text::{clean_opt, fold};
use crate::{Error, Result};

crate::vocabulary! {
    EventMode {
        InPerson = "luring", "Luring (tatap muka)", "In person";
        Online = "daring", "Daring (konferensi video)", "Online (video conference)";
        Hybrid = "hibrida", "Hibrida", "Hybrid";
    }
}

crate::vocabulary! {
    Gender {
        Male = "l", "Laki-laki", "Male";
        Female = "p", "Perempuan", "Female";
    }
}

crate::vocabulary! {
    RegistrationStatus {
        Pending = "menunggu", "Menunggu persetujuan", "Awaiting approval";
        Registered = "terdaftar", "Terdaftar", "Registered";
        Waitlisted = "daftar_tunggu", "Daftar tunggu", "Waiting list";
        Rejected = "ditolak", "Ditolak", "Rejected";
        Withdrawn = "batal", "Batal", "Withdrawn";
    }
}

/// What decides whether a seat is free for one person at an event, read in the same
/// transaction that registers them (so two coordinators cannot both take the last seat).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatFacts {
    /// The event's capacity, if it has one.
    pub capacity: Option<i64>,
    /// People registered for the event (not waiting, not pending).
    pub registered: i64,
    /// When a quota applies to the person's institution type: its seats per institution, and
    /// how many people of the same institution are registered.
    pub quota: Option<(i64, i64)>,
}

impl SeatFacts {
    /// A seat is free under the event's capacity and under the institution's quota.
    pub fn seat_free(&self) -> bool {
        self.capacity.is_none_or(|cap| self.registered < cap)
            && self.quota.is_none_or(|(per_institution, taken)| taken < per_institution)
    }
}

crate::vocabulary! {
    AttendanceSource {
        Qr = "qr", "Pindai QR", "QR check-in";
        Manual = "manual", "Dicatat panitia", "Marked by organiser";
        Zoom = "zoom", "Laporan konferensi video", "Video-conference report";
    }
}

/// Default seats per institution, from the programme's Bimtek practice.
pub const DEFAULT_QUOTAS: [(LibraryType, i64); 3] =
    [(LibraryType::Province, 2), (LibraryType::RegencyCity, 4), (LibraryType::Village, 3)];

/// The longest event accepted (multi-day trainings run 3–5 days; monitoring rounds longer).
pub const MAX_EVENT_DAYS: i64 = 31;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventFields {
    pub name: String,
    pub type_id: i64,
    pub year: i32,
    pub batch: Option<i64>,
    /// The host province; dates and times are in its time zone.
    pub province_code: RegionCode,
    /// The organising office's region; `None` is Perpusnas.
    pub organiser_region: Option<RegionCode>,
    pub mode: EventMode,
    pub venue: Option<String>,
    pub meeting_link: Option<String>,
    pub start_date: Date,
    pub end_date: Date,
    #[serde(with = "hhmm")]
    pub daily_start: Time,
    #[serde(with = "hhmm")]
    pub daily_end: Time,
    /// Lesson hours (*jam pelajaran*, JP) printed on certificates.
    pub lesson_hours: i64,
    /// Registered participants at most (`None`: only the quotas limit).
    pub capacity: Option<i64>,
    /// Share of the days (percent) a participant must attend for a certificate.
    pub attendance_threshold: i64,
    /// Share of a day's time (percent) someone must be in the video conference to count.
    pub online_min_share: i64,
    pub signatory_name: Option<String>,
    pub signatory_title: Option<String>,
    pub description: Option<String>,
    pub registration_open: bool,
}

mod hhmm {
    use serde::Serializer;
    pub fn serialize<S: Serializer>(t: &time::Time, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_time(*t))
    }
}

pub fn format_time(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Parses `HH:MM` (or `HH.MM`, as often typed in Indonesia).
pub fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim();
    let (h, m) = s.split_once([':', '.'])?;
    Time::from_hms(h.parse().ok()?, m.get(..2).unwrap_or(m).parse().ok()?, 0).ok()
}

impl EventFields {
    /// The event's days, first to last.
    pub fn days(&self) -> Vec<Date> {
        let mut out = Vec::new();
        let mut d = self.start_date;
        while d <= self.end_date {
            out.push(d);
            match d.next_day() {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    }

    pub fn time_zone(&self) -> TimeZone {
        self.province_code.time_zone()
    }

    /// Participants evaluate the event from its last day (they cannot judge it on day 1).
    pub fn evaluation_open(&self, today: Date) -> bool {
        today >= self.end_date
    }

    /// Minutes in one event day (what online attendance is measured against).
    pub fn day_minutes(&self) -> i64 {
        (self.daily_end - self.daily_start).whole_minutes().max(1)
    }

    pub fn has_online_part(&self) -> bool {
        self.mode != EventMode::InPerson
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Trainer {
    pub user_id: Option<i64>,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quota {
    pub library_type: LibraryType,
    pub per_institution: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: EventId,
    pub fields: EventFields,
    pub type_name: String,
    pub trainers: Vec<Trainer>,
    pub quotas: Vec<Quota>,
    pub registration_code: String,
    #[serde(skip)]
    pub checkin_secret: String,
    pub registered: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl Event {
    pub fn quota_for(&self, t: LibraryType) -> Option<i64> {
        self.quotas.iter().find(|q| q.library_type == t).map(|q| q.per_institution)
    }
}

/// An event as typed into a form or sent to the API (all text, checked by [`EventInput::parse`]).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EventInput {
    pub name: String,
    pub type_id: String,
    pub year: String,
    pub batch: Option<String>,
    pub province_code: String,
    pub organiser_region: Option<String>,
    pub mode: String,
    pub venue: Option<String>,
    pub meeting_link: Option<String>,
    pub start_date: String,
    pub end_date: String,
    pub daily_start: String,
    pub daily_end: String,
    pub lesson_hours: String,
    pub capacity: Option<String>,
    pub attendance_threshold: Option<String>,
    pub online_min_share: Option<String>,
    pub signatory_name: Option<String>,
    pub signatory_title: Option<String>,
    pub description: Option<String>,
    pub registration_open: bool,
    /// One outside trainer per line.
    pub outside_trainers: Option<String>,
    pub trainer_user_ids: Vec<i64>,
}

fn int_in(e: &mut Errors, field: &str, v: &str, lo: i64, hi: i64, id: &str, en: &str) -> Option<i64> {
    match v.trim().parse::<i64>() {
        Ok(n) if (lo..=hi).contains(&n) => Some(n),
        _ => {
            e.add(field, id, en);
            None
        }
    }
}

fn opt_int(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl EventInput {
    /// Checks every field, reporting all problems at once.
    pub fn parse(&self) -> Result<(EventFields, Vec<String>)> {
        let mut e = Errors::default();
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            e.add("name", "Nama acara wajib diisi (maks. 200 karakter).", "Event name is required (max 200).");
        }
        let type_id = self.type_id.trim().parse::<i64>().ok();
        if type_id.is_none() {
            e.add("type_id", "Pilih jenis acara.", "Choose an event type.");
        }
        let year = int_in(&mut e, "year", &self.year, 2018, 2100, "Tahun 2018–2100.", "Year 2018–2100.");
        let batch =
            opt_int(&self.batch).and_then(|b| int_in(&mut e, "batch", b, 1, 99, "Gelombang 1–99.", "Batch 1–99."));
        let province = match RegionCode::parse(&self.province_code) {
            Ok(c) if c.level() == RegionLevel::Province => Some(c),
            _ => {
                e.add("province_code", "Pilih provinsi tuan rumah.", "Choose the host province.");
                None
            }
        };
        let organiser_region = match opt_int(&self.organiser_region) {
            None => None,
            Some(s) => match RegionCode::parse(s) {
                Ok(c) if c.level() <= RegionLevel::Regency => Some(c),
                _ => {
                    e.add(
                        "organiser_region",
                        "Penyelenggara: kosongkan untuk Perpusnas, atau kode provinsi/kabupaten.",
                        "Organiser: empty for Perpusnas, or a province/regency code.",
                    );
                    None
                }
            },
        };
        let mode = EventMode::parse(&self.mode);
        if mode.is_none() {
            e.add("mode", "Pilih moda: luring, daring atau hibrida.", "Choose a mode.");
        }
        let venue = clean_opt(self.venue.as_deref());
        let meeting_link = clean_opt(self.meeting_link.as_deref());
        if matches!(mode, Some(EventMode::InPerson | EventMode::Hybrid)) && venue.is_none() {
            e.add("venue", "Tempat wajib diisi untuk acara tatap muka.", "Venue is required in person.");
        }
        if matches!(mode, Some(EventMode::Online | EventMode::Hybrid)) && meeting_link.is_none() {
            e.add("meeting_link", "Tautan rapat wajib diisi untuk acara daring.", "Meeting link is required online.");
        }
        if let Some(l) = &meeting_link
            && !(l.starts_with("https://") || l.starts_with("http://"))
        {
            e.add("meeting_link", "Tautan harus diawali https://", "The link must start with https://");
        }
        let start = parse_date(&self.start_date);
        let end = parse_date(&self.end_date);
        if start.is_none() {
            e.add("start_date", "Tanggal mulai tidak valid.", "Invalid start date.");
        }
        if end.is_none() {
            e.add("end_date", "Tanggal selesai tidak valid.", "Invalid end date.");
        }
        if let (Some(s), Some(en)) = (start, end) {
            if en < s {
                e.add("end_date", "Tanggal selesai sebelum tanggal mulai.", "The end is before the start.");
            } else if (en - s).whole_days() >= MAX_EVENT_DAYS {
                e.add("end_date", "Acara paling lama 31 hari.", "An event lasts 31 days at most.");
            }
        }
        let ds = parse_time(&self.daily_start);
        let de = parse_time(&self.daily_end);
        if ds.is_none() {
            e.add("daily_start", "Jam mulai harian tidak valid (JJ:MM).", "Invalid daily start (HH:MM).");
        }
        if de.is_none() {
            e.add("daily_end", "Jam selesai harian tidak valid (JJ:MM).", "Invalid daily end (HH:MM).");
        }
        if let (Some(a), Some(b)) = (ds, de)
            && b <= a
        {
            e.add("daily_end", "Jam selesai harus setelah jam mulai.", "The daily end must follow the start.");
        }
        let jp = int_in(&mut e, "lesson_hours", &self.lesson_hours, 1, 300, "JP 1–300.", "Lesson hours 1–300.");
        let capacity = opt_int(&self.capacity)
            .and_then(|c| int_in(&mut e, "capacity", c, 1, 100_000, "Kapasitas 1–100.000.", "Capacity 1–100,000."));
        let threshold = match opt_int(&self.attendance_threshold) {
            None => Some(80),
            Some(v) => {
                int_in(&mut e, "attendance_threshold", v, 1, 100, "Ambang kehadiran 1–100%.", "Threshold 1–100%.")
            }
        };
        let share = match opt_int(&self.online_min_share) {
            None => Some(75),
            Some(v) => int_in(&mut e, "online_min_share", v, 1, 100, "Batas daring 1–100%.", "Online share 1–100%."),
        };
        let trainers: Vec<String> = self
            .outside_trainers
            .as_deref()
            .unwrap_or("")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if trainers.iter().any(|t| t.chars().count() > 120) {
            e.add("outside_trainers", "Nama pelatih maks. 120 karakter.", "Trainer names max 120 characters.");
        }
        e.finish()?;
        let (Some(type_id), Some(year), Some(province_code), Some(mode), Some(start_date), Some(end_date)) =
            (type_id, year, province, mode, start, end)
        else {
            return Err(Error::unexpected("event input checked but incomplete"));
        };
        let fields = EventFields {
            name,
            type_id,
            year: year as i32,
            batch,
            province_code,
            organiser_region,
            mode,
            venue,
            meeting_link,
            start_date,
            end_date,
            daily_start: ds.unwrap_or(Time::MIDNIGHT),
            daily_end: de.unwrap_or(Time::MIDNIGHT),
            lesson_hours: jp.unwrap_or(1),
            capacity,
            attendance_threshold: threshold.unwrap_or(80),
            online_min_share: share.unwrap_or(75),
            signatory_name: clean_opt(self.signatory_name.as_deref()),
            signatory_title: clean_opt(self.signatory_title.as_deref()),
            description: clean_opt(self.description.as_deref()),
            registration_open: self.registration_open,
        };
        Ok((fields, trainers))
    }
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub year: Option<i32>,
    pub province: Option<RegionCode>,
    pub type_id: Option<i64>,
    pub batch: Option<i64>,
    pub query: Option<String>,
    /// Only events where this user is a trainer.
    pub trainer_user_id: Option<i64>,
    /// Only events with a day in this range (inclusive).
    pub overlapping: Option<(Date, Date)>,
}

/// One session of the agenda, tied to a curriculum module.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaSession {
    pub id: i64,
    pub event_id: EventId,
    pub day: Date,
    #[serde(with = "hhmm")]
    pub start_time: Time,
    #[serde(with = "hhmm")]
    pub end_time: Time,
    pub title: String,
    pub module_id: Option<i64>,
    pub module_name: Option<String>,
    pub trainer: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SessionFields {
    pub day: Date,
    pub start_time: Time,
    pub end_time: Time,
    pub title: String,
    pub module_id: Option<i64>,
    pub trainer: Option<String>,
}

impl SessionFields {
    pub fn parse(
        event: &EventFields,
        day: &str,
        start: &str,
        end: &str,
        title: &str,
        module_id: Option<&str>,
        trainer: Option<&str>,
    ) -> Result<SessionFields> {
        let mut e = Errors::default();
        let day = parse_date(day);
        match day {
            Some(d) if d >= event.start_date && d <= event.end_date => {}
            _ => e.add("day", "Pilih salah satu hari acara.", "Choose one of the event's days."),
        }
        let (s, en) = (parse_time(start), parse_time(end));
        if s.is_none() || en.is_none() || en <= s {
            e.add("end_time", "Jam sesi tidak valid (selesai setelah mulai).", "Invalid session times.");
        }
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            e.add("title", "Judul sesi wajib diisi (maks. 200).", "Session title is required (max 200).");
        }
        let module_id = match module_id.map(str::trim).filter(|m| !m.is_empty()) {
            None => None,
            Some(m) => match m.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("module_id", "Modul tidak dikenal.", "Unknown module.");
                    None
                }
            },
        };
        e.finish()?;
        Ok(SessionFields {
            day: day.unwrap_or(event.start_date),
            start_time: s.unwrap_or(Time::MIDNIGHT),
            end_time: en.unwrap_or(Time::MIDNIGHT),
            title: title.to_string(),
            module_id,
            trainer: clean_opt(trainer),
        })
    }
}

/// A person who takes part in events, kept once and reused so each has a training history.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: i64,
    pub fields: PersonFields,
    pub library_name: Option<String>,
    pub library_type: Option<LibraryType>,
    pub created_at: i64,
}

impl Person {
    /// The institution as people read it: the library's name or the typed institution.
    pub fn institution_label(&self) -> &str {
        self.library_name.as_deref().or(self.fields.institution.as_deref()).unwrap_or("—")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonFields {
    pub full_name: String,
    pub gender: Gender,
    pub position: Option<String>,
    pub library_id: Option<LibraryId>,
    /// An institution that is not a library in the registry (a village office, an agency…).
    pub institution: Option<String>,
    /// Where the person works: the library's village, or the region given with the institution.
    pub region_code: RegionCode,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A person as typed (all text). The region is filled from the library when one is chosen.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonInput {
    pub full_name: String,
    pub gender: String,
    pub position: Option<String>,
    pub library_id: Option<String>,
    pub institution: Option<String>,
    pub region_code: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl PersonInput {
    /// Checks the fields; `library_region` is the chosen library's region when there is one.
    pub fn parse(&self, library_region: Option<RegionCode>) -> Result<PersonFields> {
        let mut e = Errors::default();
        let full_name = self.full_name.split_whitespace().collect::<Vec<_>>().join(" ");
        if full_name.is_empty() || full_name.chars().count() > 120 {
            e.add("full_name", "Nama lengkap wajib diisi (maks. 120 karakter).", "Full name is required (max 120).");
        }
        let gender = Gender::parse(&self.gender);
        if gender.is_none() {
            e.add("gender", "Pilih jenis kelamin.", "Choose a gender.");
        }
        let library_id = opt_int(&self.library_id).and_then(LibraryId::parse);
        let institution = clean_opt(self.institution.as_deref());
        let region_code = match (library_region, opt_int(&self.region_code)) {
            (Some(r), _) => Some(r),
            (None, Some(r)) => RegionCode::parse(r).ok(),
            (None, None) => None,
        };
        if library_id.is_none() && (institution.is_none() || region_code.is_none()) {
            e.add(
                "institution",
                "Pilih perpustakaan, atau isi nama instansi beserta kode wilayahnya.",
                "Choose a library, or give the institution with its region code.",
            );
        }
        let phone = clean_opt(self.phone.as_deref());
        if let Some(p) = &phone
            && normalise_phone(p).is_none()
        {
            e.add("phone", "Nomor HP tidak valid (mis. 0812…).", "Invalid phone number (e.g. 0812…).");
        }
        let email = clean_opt(self.email.as_deref()).map(|m| m.to_lowercase());
        if let Some(m) = &email
            && normalise_email(m).is_none()
        {
            e.add("email", "Alamat email tidak valid.", "Invalid email address.");
        }
        e.finish()?;
        let (Some(gender), Some(region_code)) = (gender, region_code) else {
            return Err(Error::field("institution", "Wilayah tidak diketahui.", "Unknown region."));
        };
        Ok(PersonFields {
            full_name,
            gender,
            position: clean_opt(self.position.as_deref()),
            library_id,
            institution,
            region_code,
            phone,
            email,
        })
    }
}

/// A phone number in one form (`628…`), so `0812-…`, `+62 812…` and `62812…` compare equal.
pub fn normalise_phone(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let national = digits.strip_prefix("62").or_else(|| digits.strip_prefix('0')).unwrap_or(&digits);
    (national.len() >= 8 && national.len() <= 13 && national.starts_with(['2', '3', '4', '5', '6', '7', '8', '9']))
        .then(|| format!("62{national}"))
}

pub fn normalise_email(s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    let (user, domain) = s.split_once('@')?;
    (!user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !s.contains(char::is_whitespace))
        .then_some(s)
}

/// Whether two names are likely the same person's (folded, word order ignored).
pub fn similar_names(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let mut wa: Vec<&str> = a.split(' ').collect();
    let mut wb: Vec<&str> = b.split(' ').collect();
    wa.sort_unstable();
    wb.sort_unstable();
    wa == wb || crate::activity::similar_titles(&a, &b)
}

#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    pub id: i64,
    pub event_id: EventId,
    pub person: Person,
    pub status: RegistrationStatus,
    /// Typed by the participant to check in; shown only to those who may see the person.
    pub code: String,
    pub self_registered: bool,
    pub days_present: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct RegistrationFilter {
    pub status: Option<RegistrationStatus>,
    /// Only people whose region lies here.
    pub region: Option<RegionCode>,
    pub library_id: Option<LibraryId>,
    pub query: Option<String>,
}

/// One participant's attendance on one day.
#[derive(Debug, Clone, Serialize)]
pub struct AttendanceMark {
    pub registration_id: i64,
    pub day: Date,
    pub present: bool,
    pub source: AttendanceSource,
    pub minutes: Option<i64>,
}

/// A new registration code: short, easy to read aloud and type on a phone.
pub fn new_registration_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..6).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// The token in the check-in QR code of one event day. It depends on the event's secret and
/// the date, so yesterday's photo of the screen does not work today.
pub fn checkin_token(event_id: EventId, secret: &str, day: Date) -> String {
    use blake2::{Blake2s256, Digest};
    let digest = Blake2s256::digest(format!("{secret}|{event_id}|{day}").as_bytes());
    let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{event_id}-{hash}")
}

/// The event id a check-in token claims (checked against [`checkin_token`] afterwards).
pub fn checkin_event_id(token: &str) -> Option<EventId> {
    EventId::parse(token.split_once('-')?.0)
}

/// A row of a video-conference participants report (one join; people may join several times).
#[derive(Debug, Clone, PartialEq)]
pub struct ConferenceRow {
    pub name: String,
    pub email: Option<String>,
    pub minutes: i64,
}

/// Someone in the report who matched no registration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    pub name: String,
    pub email: Option<String>,
    pub minutes: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConferenceMatch {
    /// Registration id → total minutes in the conference.
    pub minutes: Vec<(i64, i64)>,
    pub unmatched: Vec<Unmatched>,
}

/// Matches report rows to registrations: by email first, then by (folded) name; each
/// person's joins are summed. Names matching several registrations stay unmatched.
pub fn match_conference(rows: &[ConferenceRow], registrations: &[Registration]) -> ConferenceMatch {
    use std::collections::BTreeMap;
    let mut minutes: BTreeMap<i64, i64> = BTreeMap::new();
    let mut unmatched: BTreeMap<(String, Option<String>), i64> = BTreeMap::new();
    for row in rows {
        let by_email = row.email.as_deref().and_then(normalise_email).and_then(|m| {
            registrations
                .iter()
                .find(|r| r.person.fields.email.as_deref().and_then(normalise_email).as_deref() == Some(&m))
        });
        let hit = by_email.or_else(|| {
            let name = fold(&zoom_display_name(&row.name));
            let mut same = registrations.iter().filter(|r| fold(&r.person.fields.full_name) == name);
            match (same.next(), same.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        });
        match hit {
            Some(r) => *minutes.entry(r.id).or_default() += row.minutes,
            None => *unmatched.entry((row.name.trim().to_string(), row.email.clone())).or_default() += row.minutes,
        }
    }
    ConferenceMatch {
        minutes: minutes.into_iter().collect(),
        unmatched: unmatched.into_iter().map(|((name, email), minutes)| Unmatched { name, email, minutes }).collect(),
    }
}

/// Zoom writes renamed participants as `New name (Original name)`; the new name counts.
fn zoom_display_name(s: &str) -> String {
    match s.rfind(" (") {
        Some(i) if s.ends_with(')') => s[..i].to_string(),
        _ => s.to_string(),
    }
}

/// Whether minutes in a conference make someone present for the day.
pub fn present_online(minutes: i64, day_minutes: i64, min_share_percent: i64) -> bool {
    minutes * 100 >= day_minutes * min_share_percent
}

/// Whether a participant attended enough days for a certificate.
pub fn meets_threshold(days_present: i64, days: i64, threshold_percent: i64) -> bool {
    days > 0 && days_present * 100 >= days * threshold_percent
}

/// Attendance as a whole percent (rounded down), for display.
pub fn rate(part: i64, whole: i64) -> i64 {
    if whole <= 0 { 0 } else { part * 100 / whole }
}

/// One event in a person's training history.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingRecord {
    pub registration_id: i64,
    pub event_id: EventId,
    pub event_name: String,
    pub start_date: time::Date,
    pub end_date: time::Date,
    pub status: RegistrationStatus,
    pub days_present: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::LibraryType;

    fn reg(id: i64, name: &str, email: Option<&str>) -> Registration {
        Registration {
            id,
            event_id: EventId::new(1),
            person: Person {
                id,
                fields: PersonFields {
                    full_name: name.into(),
                    gender: Gender::Female,
                    position: None,
                    library_id: None,
                    institution: Some("x".into()),
                    region_code: RegionCode::parse("35").unwrap(),
                    phone: None,
                    email: email.map(str::to_string),
                },
                library_name: None,
                library_type: Some(LibraryType::Village),
                created_at: 0,
            },
            status: RegistrationStatus::Registered,
            code: "ABCDEF".into(),
            self_registered: false,
            days_present: 0,
            created_at: 0,
        }
    }

    #[test]
    fn phones_compare_in_one_form() {
        assert_eq!(normalise_phone("0812-3456-7890").as_deref(), Some("6281234567890"));
        assert_eq!(normalise_phone("+62 812 3456 7890").as_deref(), Some("6281234567890"));
        assert_eq!(normalise_phone("81234567890").as_deref(), Some("6281234567890"));
        assert_eq!(normalise_phone("12345"), None);
    }

    #[test]
    fn names_match_regardless_of_order_and_accents() {
        assert!(similar_names("Siti Aminah", "aminah siti"));
        assert!(similar_names("Ni Luh Putu Ayu", "Ni Luh Putu Ayu Lestari"));
        assert!(!similar_names("Budi Santoso", "Agus Salim"));
    }

    #[test]
    fn conference_rows_match_by_email_then_name_and_sum_joins() {
        let regs = [reg(1, "Siti Aminah", Some("siti@desa.id")), reg(2, "Budi Santoso", None), reg(3, "Ani", None)];
        let rows = [
            ConferenceRow { name: "HP Samsung".into(), email: Some("SITI@desa.id".into()), minutes: 100 },
            ConferenceRow { name: "Budi Santoso (Budi)".into(), email: None, minutes: 50 },
            ConferenceRow { name: "budi santoso".into(), email: None, minutes: 200 },
            ConferenceRow { name: "Tamu".into(), email: None, minutes: 30 },
        ];
        let m = match_conference(&rows, &regs);
        assert_eq!(m.minutes, vec![(1, 100), (2, 250)]);
        assert_eq!(m.unmatched, vec![Unmatched { name: "Tamu".into(), email: None, minutes: 30 }]);
    }

    #[test]
    fn presence_thresholds() {
        assert!(present_online(360, 480, 75));
        assert!(!present_online(359, 480, 75));
        assert!(meets_threshold(4, 5, 80));
        assert!(!meets_threshold(3, 5, 80));
        assert!(!meets_threshold(0, 0, 80));
    }

    #[test]
    fn checkin_tokens_change_daily() {
        let d = time::macros::date!(2026 - 05 - 04);
        let t1 = checkin_token(EventId::new(7), "s", d);
        assert_ne!(t1, checkin_token(EventId::new(7), "s", d.next_day().unwrap()));
        assert_ne!(t1, checkin_token(EventId::new(7), "other", d));
        assert_eq!(checkin_event_id(&t1), Some(EventId::new(7)));
    }

    #[test]
    fn event_input_reports_all_problems() {
        let input = EventInput { mode: "daring".into(), ..Default::default() };
        let Err(Error::Validation(errs)) = input.parse() else { panic!("expected errors") };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in ["name", "type_id", "year", "province_code", "meeting_link", "start_date", "lesson_hours"] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
    }

    #[test]
    fn event_days_and_minutes() {
        let input = EventInput {
            name: "Bimtek".into(),
            type_id: "3".into(),
            year: "2026".into(),
            province_code: "52".into(),
            mode: "luring".into(),
            venue: Some("Mataram".into()),
            start_date: "2026-05-04".into(),
            end_date: "08/05/2026".into(),
            daily_start: "08.00".into(),
            daily_end: "16:00".into(),
            lesson_hours: "40".into(),
            ..Default::default()
        };
        let (f, _) = input.parse().unwrap();
        assert_eq!(f.days().len(), 5);
        assert_eq!(f.day_minutes(), 480);
        assert_eq!(f.time_zone(), TimeZone::Wita);
        assert_eq!(f.attendance_threshold, 80);
    }
}
