//! Demo programme events 2019–2025: each year's Bimtek SPP-TIK per province for the year's
//! new full-support villages, in four batches of five days (online in 2020–2021), with two
//! people from every village library, regency/city office and provincial office reached —
//! 2023 comes out near the published 1,238 people from 450 village, 136 regency/city and 33
//! provincial libraries — and a national stakeholder meeting each year. Attendance, pre/post
//! tests, evaluations, certificates and follow-up plans come with them. Written through the
//! store's ports, like any client.

use std::collections::{BTreeMap, HashMap};

use lentera_core::Result;
use lentera_core::access::Actor;
use lentera_core::audit::{AuditAction, AuditRecord};
use lentera_core::event::{
    AttendanceMark, AttendanceSource, DEFAULT_QUOTAS, EventFields, EventMode, Gender, PersonFields, Quota,
    RegistrationStatus, new_registration_code,
};
use lentera_core::ids::LibraryId;
use lentera_core::library::{LibraryType, ProgrammeTier};
use lentera_core::region::RegionCode;
use lentera_core::store::{NewEvent, Store};
use lentera_core::training::{EvaluationFields, EventTest, QuestionFields, TestKind, certificate_number, score};
use rand::seq::IndexedRandom;
use rand::{Rng, RngCore};
use time::{Date, Month, Time};

use super::Gen;

/// A generated library, as the events need it.
pub struct DemoLibrary {
    pub id: LibraryId,
    pub library_type: LibraryType,
    pub region: String,
    pub programme: Option<(i32, ProgrammeTier)>,
}

const BIMTEK: i64 = 3;
const STAKEHOLDER: i64 = 2;

/// One question per curriculum module (ids 1–9 as seeded) for the demo's tests.
const QUESTIONS: [(i64, &str, [&str; 4], usize); 9] = [
    (
        1,
        "Perpustakaan berbasis inklusi sosial adalah perpustakaan yang…",
        [
            "hanya meminjamkan buku",
            "menjadi pusat belajar dan kegiatan masyarakat",
            "hanya untuk pelajar",
            "dikelola swasta",
        ],
        1,
    ),
    (
        2,
        "Layanan TIK di perpustakaan desa terutama untuk…",
        ["bermain gim", "akses informasi dan belajar warga", "kantor desa", "hiburan staf"],
        1,
    ),
    (
        3,
        "Langkah pertama pelibatan masyarakat adalah…",
        ["membeli buku", "mengenali kebutuhan masyarakat", "membuat spanduk", "menutup perpustakaan"],
        1,
    ),
    (
        4,
        "Sasaran advokasi anggaran perpustakaan desa adalah…",
        ["kepala desa dan BPD", "siswa", "pedagang", "wisatawan"],
        0,
    ),
    (
        5,
        "Mitra perpustakaan dapat berasal dari…",
        ["dunia usaha, komunitas dan pemerintah", "hanya Perpusnas", "tidak ada", "hanya sekolah"],
        0,
    ),
    (
        6,
        "Publikasi kegiatan yang baik memuat…",
        ["cerita dampak bagi warga", "hanya foto pejabat", "daftar buku", "nomor rekening"],
        0,
    ),
    (7, "Laporan kegiatan dikirim setiap…", ["tahun", "bulan", "dekade", "tidak perlu"], 1),
    (
        8,
        "Rencana kerja perpustakaan desa dapat didanai dari…",
        ["dana desa", "uang pribadi pengelola", "pinjaman bank", "tidak ada"],
        0,
    ),
    (
        9,
        "Dokumentasi kegiatan secara daring dapat disimpan di…",
        ["media sosial dan penyimpanan awan", "laci meja", "papan tulis", "tidak perlu"],
        0,
    ),
];

const PLANS: [&str; 6] = [
    "Kelas literasi digital untuk pelaku UMKM desa setiap bulan, bekerja sama dengan BUMDes.",
    "Pelatihan keterampilan menjahit untuk ibu-ibu PKK dan pameran hasilnya di balai desa.",
    "Klub baca anak setiap Sabtu dan lomba bercerita menjelang Hari Anak Nasional.",
    "Advokasi alokasi dana desa untuk perpustakaan dalam musyawarah desa.",
    "Pelatihan budidaya hidroponik bersama penyuluh pertanian.",
    "Publikasi kegiatan perpustakaan di media sosial desa setiap pekan.",
];

const POSITIONS_VILLAGE: [&str; 3] = ["Pengelola perpustakaan desa", "Sekretaris desa", "Relawan perpustakaan"];
const POSITIONS_OFFICE: [&str; 3] = ["Pustakawan", "Kepala bidang pengembangan perpustakaan", "Fasilitator TPBIS"];

fn operator() -> Actor {
    Actor { name: "demo".into(), ..Actor::operator() }
}

fn audit(entity: &'static str) -> AuditRecord {
    AuditRecord::new(&operator(), AuditAction::Create, entity, super::now())
}

fn date(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).expect("valid demo date")
}

/// A person of a library, kept per library so offices send the same people year after year
/// (their training history grows).
struct People<'a> {
    store: &'a dyn Store,
    by_library: HashMap<LibraryId, Vec<i64>>,
}

impl People<'_> {
    fn of(&mut self, demo: &mut Gen, lib: &DemoLibrary, n: usize) -> Result<Vec<i64>> {
        let have = self.by_library.entry(lib.id).or_default();
        while have.len() < n {
            let village = lib.library_type == LibraryType::Village;
            let fields = PersonFields {
                full_name: demo.person(),
                gender: if demo.rng.random_bool(0.62) { Gender::Female } else { Gender::Male },
                position: Some(
                    (if village { POSITIONS_VILLAGE } else { POSITIONS_OFFICE })
                        .choose(&mut demo.rng)
                        .unwrap()
                        .to_string(),
                ),
                library_id: Some(lib.id),
                institution: None,
                region_code: RegionCode::parse(&lib.region)?,
                phone: Some(demo.phone()),
                email: None,
            };
            let p = self.store.insert_person(&fields, super::now(), audit("person"))?;
            have.push(p.id);
        }
        Ok(have[..n].to_vec())
    }
}

pub struct EventsReport {
    pub events: usize,
    pub registrations: usize,
}

pub fn insert(
    store: &dyn Store,
    demo: &mut Gen,
    libraries: &[DemoLibrary],
    provinces: &[(String, String)],
) -> Result<EventsReport> {
    let now = super::now();
    let mut question_ids: Vec<i64> = Vec::new();
    for (module, text, options, correct) in QUESTIONS {
        let fields = QuestionFields {
            module_id: module,
            text: text.to_string(),
            options: options.iter().map(|o| o.to_string()).collect(),
            correct,
            explanation: None,
        };
        question_ids.push(store.save_question(None, &fields, false, now, audit("question"))?.id);
    }
    let questions = store.questions_by_id(&question_ids)?;
    let province_name: HashMap<&str, &str> = provinces.iter().map(|(c, n)| (c.as_str(), n.as_str())).collect();
    let offices = |ty: LibraryType| -> HashMap<String, &DemoLibrary> {
        libraries
            .iter()
            .filter(|l| l.library_type == ty)
            .map(|l| (l.region[..if ty == LibraryType::Province { 2 } else { 5 }].to_string(), l))
            .collect()
    };
    let province_office = offices(LibraryType::Province);
    let regency_office = offices(LibraryType::RegencyCity);
    let mut people = People { store, by_library: HashMap::new() };
    let (mut events, mut registrations) = (0, 0);
    for year in 2019..=2025 {
        // The year's cohort of full-support village libraries, by province.
        let mut cohort: BTreeMap<&str, Vec<&DemoLibrary>> = BTreeMap::new();
        for l in libraries.iter().filter(|l| l.programme == Some((year, ProgrammeTier::Full))) {
            cohort.entry(&l.region[..2]).or_default().push(l);
        }
        let online = matches!(year, 2020 | 2021);
        for (i, (province, villages)) in cohort.iter().enumerate() {
            let batch = (i % 4) as i64 + 1;
            let start = date(year, Month::May, 6).saturating_add(time::Duration::days((batch - 1) * 14));
            let name = province_name.get(province).copied().unwrap_or(province);
            let fields = EventFields {
                name: format!("Bimtek SPP-TIK Provinsi {name} {year}"),
                type_id: BIMTEK,
                year,
                batch: Some(batch),
                province_code: RegionCode::parse(province)?,
                organiser_region: None,
                mode: if online { EventMode::Online } else { EventMode::InPerson },
                venue: (!online).then(|| format!("Hotel di ibu kota Provinsi {name}")),
                meeting_link: online.then(|| "https://zoom.us/j/2026000000".to_string()),
                start_date: start,
                end_date: start.saturating_add(time::Duration::days(4)),
                daily_start: Time::from_hms(8, 0, 0).expect("time"),
                daily_end: Time::from_hms(16, 0, 0).expect("time"),
                lesson_hours: 40,
                capacity: None,
                attendance_threshold: 80,
                online_min_share: 75,
                signatory_name: Some("Kepala Pusat Pengembangan Perpustakaan Umum dan Khusus".into()),
                signatory_title: Some("Perpustakaan Nasional RI".into()),
                description: Some(
                    "Bimbingan teknis strategi pengembangan perpustakaan dan TIK bagi penerima TPBIS.".into(),
                ),
                registration_open: false,
            };
            // Two people from each village library, regency/city office with a cohort
            // village, and the provincial office.
            let mut sending: Vec<&DemoLibrary> = villages.clone();
            let mut regencies: Vec<&str> = villages.iter().map(|v| &v.region[..5]).collect();
            regencies.sort_unstable();
            regencies.dedup();
            sending.extend(regencies.iter().filter_map(|r| regency_office.get(*r).copied()));
            sending.extend(province_office.get(*province).copied());
            let n = run_event(store, demo, &mut people, fields, &sending, 2, &questions, &question_ids)?;
            events += 1;
            registrations += n;
        }
        // A national stakeholder meeting with one person per provincial office reached.
        let reached: Vec<&DemoLibrary> = cohort.keys().filter_map(|p| province_office.get(*p).copied()).collect();
        if !reached.is_empty() {
            let start = date(year, Month::March, 12);
            let fields = EventFields {
                name: format!("Stakeholder Meeting Nasional TPBIS {year}"),
                type_id: STAKEHOLDER,
                year,
                batch: None,
                province_code: RegionCode::parse("31")?,
                organiser_region: None,
                mode: if online { EventMode::Online } else { EventMode::Hybrid },
                venue: (!online).then(|| "Perpustakaan Nasional, Jakarta".to_string()),
                meeting_link: Some("https://zoom.us/j/2026000001".to_string()),
                start_date: start,
                end_date: start.saturating_add(time::Duration::days(1)),
                daily_start: Time::from_hms(9, 0, 0).expect("time"),
                daily_end: Time::from_hms(15, 0, 0).expect("time"),
                lesson_hours: 12,
                capacity: None,
                attendance_threshold: 80,
                online_min_share: 75,
                signatory_name: Some("Kepala Perpustakaan Nasional RI".into()),
                signatory_title: None,
                description: Some("Komitmen pemangku kepentingan pusat dan daerah untuk replikasi TPBIS.".into()),
                registration_open: false,
            };
            registrations += run_event(store, demo, &mut people, fields, &reached, 1, &[], &[])?;
            events += 1;
        }
    }
    Ok(EventsReport { events, registrations })
}

/// Creates one past event with its participants and everything that followed.
#[allow(clippy::too_many_arguments)]
fn run_event(
    store: &dyn Store,
    demo: &mut Gen,
    people: &mut People,
    fields: EventFields,
    sending: &[&DemoLibrary],
    per_library: usize,
    questions: &[lentera_core::training::Question],
    question_ids: &[i64],
) -> Result<usize> {
    let now = super::now();
    let mut secret = [0u8; 16];
    demo.rng.fill_bytes(&mut secret);
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let new = NewEvent {
        quotas: DEFAULT_QUOTAS.iter().map(|(t, n)| Quota { library_type: *t, per_institution: *n }).collect(),
        trainers: vec![lentera_core::event::Trainer { user_id: None, name: "Tim Pelatih Ahli TPBIS".into() }],
        registration_code: hex[..10].to_string(),
        checkin_secret: hex,
        fields,
    };
    let e = store.insert_event(&new, now, audit("event"))?;
    let days = e.fields.days();
    let mut marks = Vec::new();
    let mut regs = Vec::new();
    for lib in sending {
        for person in people.of(demo, lib, per_library)? {
            let code = new_registration_code();
            let r = store.insert_registration(
                e.id,
                person,
                &code,
                RegistrationStatus::Registered,
                false,
                None,
                now,
                audit("registration"),
            )?;
            let mut present = 0;
            for d in &days {
                let here = demo.rng.random_bool(0.93);
                present += i64::from(here);
                let source =
                    if e.fields.mode == EventMode::Online { AttendanceSource::Zoom } else { AttendanceSource::Qr };
                let minutes = (source == AttendanceSource::Zoom)
                    .then(|| if here { 400 + demo.rng.random_range(0..80) } else { 60 });
                marks.push(AttendanceMark { registration_id: r.id, day: *d, present: here, source, minutes });
            }
            regs.push((r.id, present, if lib.library_type == LibraryType::Village { lib.id.get() } else { 0 }));
        }
    }
    store.save_attendance(&marks, now, audit("attendance"))?;
    if !question_ids.is_empty() {
        for kind in [TestKind::Pre, TestKind::Post] {
            let test = EventTest {
                event_id: e.id,
                kind,
                question_ids: question_ids.to_vec(),
                time_limit_minutes: Some(20),
                open: false,
            };
            store.save_event_test(&test, audit("event_test"))?;
            let p_right = if kind == TestKind::Pre { 0.45 } else { 0.8 };
            for (rid, _, _) in &regs {
                if !demo.rng.random_bool(0.9) {
                    continue;
                }
                let answers: Vec<Option<usize>> = questions
                    .iter()
                    .map(|q| {
                        Some(if demo.rng.random_bool(p_right) {
                            q.fields.correct
                        } else {
                            (q.fields.correct + 1 + demo.rng.random_range(0..3)) % 4
                        })
                    })
                    .collect();
                let a = store.start_attempt(e.id, kind, *rid, now)?;
                store.submit_attempt(a.id, &answers, score(questions, &answers), now, audit("test_attempt"))?;
            }
        }
    }
    let day_count = days.len() as i64;
    let mut certified = Vec::new();
    let mut planned: Vec<i64> = Vec::new();
    for (rid, present, village_lib) in &regs {
        if demo.rng.random_bool(0.85) {
            let mut scale = || demo.rng.random_range(3..=5);
            let fields =
                EvaluationFields { content: scale(), trainers: scale(), organisation: scale(), comments: None };
            store.insert_evaluation(e.id, *rid, &fields, now, audit("evaluation"))?;
        }
        if lentera_core::event::meets_threshold(*present, day_count, e.fields.attendance_threshold) {
            certified.push((*rid, certificate_number(e.fields.year, e.id, *rid)));
        }
        if *village_lib != 0 && !planned.contains(village_lib) && !question_ids.is_empty() {
            planned.push(*village_lib);
            let plan = PLANS.choose(&mut demo.rng).unwrap();
            let target = date(e.fields.year, Month::December, 15);
            store.save_follow_up(
                e.id,
                LibraryId::new(*village_lib),
                plan,
                Some(target),
                now,
                audit("follow_up_plan"),
            )?;
        }
    }
    store.issue_certificates(&certified, now, audit("certificate"))?;
    Ok(regs.len())
}
