//! Deterministic demo data: libraries in the type mix of the national census, TPBIS
//! membership following the programme's published reach by year, KTAK figures, and one
//! account per role.

mod advocacy;
mod events;
mod plans;

use std::collections::{HashMap, HashSet};

use lentera_core::Result;
use lentera_core::access::Actor;
use lentera_core::clock::{Clock, SystemClock};
use lentera_core::ids::LibraryId;
use lentera_core::library::{
    EquipmentCondition, EquipmentFields, EquipmentItem, KtakFigures, LibraryFields, LibraryFilter, LibraryStatus,
    LibraryType, ProgrammeTier,
};
use lentera_core::region::RegionCode;
use lentera_core::services::{Env, accounts};
use lentera_core::store::{LoadedActivity, LoadedMonth, Store};
use lentera_core::user::NewUserInput;
use lentera_store::regions_data;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    National,
}

/// The password of every demo account (printed by `serve --demo` and `demo`).
pub const DEMO_PASSWORD: &str = "lentera-demo-2026";

/// New full-support villages per year, with the cumulative regencies and provinces reached,
/// following the programme's published figures (2019: 300/60/21; 2023 cohort 450 villages;
/// April 2025: 2,396 villages in 296 regencies of 38 provinces). Years between published
/// figures are interpolated.
const REACH: [(i32, usize, usize, usize); 7] = [
    (2019, 300, 60, 21),
    (2020, 150, 80, 24),
    (2021, 400, 140, 28),
    (2022, 396, 190, 31),
    (2023, 450, 236, 33),
    (2024, 500, 280, 36),
    (2025, 200, 296, 38),
];

/// National library counts by type (219,415 in all, 155,903 of them school libraries).
const NATIONAL_MIX: [(LibraryType, usize); 8] = [
    (LibraryType::District, 600),
    (LibraryType::Village, 33_000),
    (LibraryType::SchoolPrimary, 95_000),
    (LibraryType::SchoolJunior, 38_000),
    (LibraryType::SchoolSenior, 22_903),
    (LibraryType::University, 2_800),
    (LibraryType::Special, 19_580),
    (LibraryType::Tbm, 7_000),
];

const FIRST: [&str; 40] = [
    "Siti",
    "Dewi",
    "Sri",
    "Nur",
    "Ahmad",
    "Budi",
    "Agus",
    "Rina",
    "Wahyu",
    "Made",
    "Ketut",
    "Yohanes",
    "Maria",
    "Fransiska",
    "Andi",
    "Muhammad",
    "Fitri",
    "Rahmat",
    "Yusuf",
    "Lestari",
    "Hendra",
    "Putu",
    "Nyoman",
    "Teuku",
    "Cut",
    "Dian",
    "Eko",
    "Rudi",
    "Yuliana",
    "Anisa",
    "Bambang",
    "Sutrisno",
    "Marlina",
    "Imam",
    "Syamsul",
    "Ratna",
    "Yosef",
    "Daniel",
    "Herlina",
    "Asep",
];
const LAST: [&str; 40] = [
    "Rahayu",
    "Lestari",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Kurniawan",
    "Susanti",
    "Pratama",
    "Nugroho",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Sembiring",
    "Tarigan",
    "Ginting",
    "Wulandari",
    "Setiawan",
    "Purnomo",
    "Hasibuan",
    "Lubis",
    "Manurung",
    "Daulay",
    "Tanjung",
    "Sitompul",
    "Mahendra",
    "Permana",
    "Suryadi",
    "Wenda",
    "Kogoya",
    "Tabuni",
    "Rumbiak",
    "Latuconsina",
    "Pattimura",
    "Mandagi",
    "Lumban",
    "Syahputra",
    "Anggraini",
    "Kusuma",
    "Ramadhan",
];
const TBM_WORDS: [&str; 12] = [
    "Pelita", "Cahaya", "Bintang", "Mutiara", "Sinar", "Harapan", "Tunas", "Lentera", "Pelangi", "Mentari", "Cerdas",
    "Ceria",
];

struct Village {
    code: String,
    name: String,
    desa: bool,
}

struct Geo {
    provinces: Vec<(String, String)>,
    regencies: Vec<(String, String)>,
    districts: HashMap<String, String>,
    villages_by_regency: HashMap<String, Vec<Village>>,
    regencies_by_province: HashMap<String, Vec<String>>,
}

fn geo() -> Result<Geo> {
    let mut g = Geo {
        provinces: Vec::new(),
        regencies: Vec::new(),
        districts: HashMap::new(),
        villages_by_regency: HashMap::new(),
        regencies_by_province: HashMap::new(),
    };
    for r in regions_data::rows()? {
        match r.code.len() {
            2 => g.provinces.push((r.code, r.name)),
            5 => {
                g.regencies_by_province.entry(r.code[..2].to_string()).or_default().push(r.code.clone());
                g.regencies.push((r.code, r.name));
            }
            8 => {
                g.districts.insert(r.code, r.name);
            }
            _ => {
                let desa = r.code.as_bytes()[9] == b'2';
                g.villages_by_regency.entry(r.code[..5].to_string()).or_default().push(Village {
                    code: r.code,
                    name: r.name,
                    desa,
                });
            }
        }
    }
    Ok(g)
}

struct Gen {
    rng: ChaCha8Rng,
    rows: Vec<LibraryFields>,
    npp_seq: u32,
}

impl Gen {
    fn person(&mut self) -> String {
        format!("{} {}", FIRST.choose(&mut self.rng).unwrap(), LAST.choose(&mut self.rng).unwrap())
    }
    fn phone(&mut self) -> String {
        format!("08{}{:09}", self.rng.random_range(11..=99), self.rng.random_range(0..1_000_000_000u32))
    }

    fn push(&mut self, name: String, ty: LibraryType, village: &str, programme: Option<(i32, ProgrammeTier)>) {
        let rng = &mut self.rng;
        let status = match rng.random_range(0..100) {
            0..=91 => LibraryStatus::Active,
            92..=96 => LibraryStatus::Inactive,
            97..=98 => LibraryStatus::Closed,
            _ => LibraryStatus::Liquidated,
        };
        let status = if programme.is_some() { LibraryStatus::Active } else { status };
        let npp = if rng.random_bool(0.4) || programme.is_some() {
            self.npp_seq += 1;
            let letter = match ty {
                LibraryType::Village => 'D',
                LibraryType::SchoolPrimary | LibraryType::SchoolJunior | LibraryType::SchoolSenior => 'S',
                LibraryType::University => 'P',
                LibraryType::Special => 'K',
                _ => 'C',
            };
            Some(format!("{}{}{:07}", village[..8].replace('.', ""), letter, self.npp_seq))
        } else {
            None
        };
        let head = self.person();
        let phone = if self.rng.random_bool(0.7) { Some(self.phone()) } else { None };
        let rng = &mut self.rng;
        self.rows.push(LibraryFields {
            name,
            library_type: ty,
            status,
            npp,
            region_code: RegionCode::parse(village).expect("official code"),
            address: Some(format!("Jl. {} No. {}", TBM_WORDS.choose(rng).unwrap(), rng.random_range(1..200))),
            latitude: None,
            longitude: None,
            parent_institution: None,
            founded_year: Some(rng.random_range(1970..=2024)),
            head_name: Some(head),
            phone,
            email: None,
            opening_days: Some("Senin–Sabtu 08.00–15.00".into()),
            building_area_m2: Some(rng.random_range(12..400)),
            programme_year: programme.map(|p| p.0),
            programme_tier: programme.map(|p| p.1),
        });
    }
}

fn short_regency(name: &str) -> &str {
    name.trim_start_matches("Kabupaten ").trim_start_matches("Kota ")
}

pub struct DemoReport {
    pub libraries: usize,
    /// Events and their registrations.
    pub events: (usize, usize),
    pub logins: Vec<(String, String)>,
}

/// The moment the demo is generated at: its history ends today.
fn now() -> i64 {
    SystemClock.now()
}

/// Fills an empty registry with demo data. Does nothing when libraries exist.
pub fn generate(env: &Env, scale: Scale, seed: u64) -> Result<Option<DemoReport>> {
    let store = env.store.as_ref();
    if store.library_count_in(None)? > 0 {
        return Ok(None);
    }
    let g = geo()?;
    let mut builder = Gen { rng: ChaCha8Rng::seed_from_u64(seed), rows: Vec::new(), npp_seq: 0 };
    let mut used: HashSet<String> = HashSet::new();
    let province_codes: Vec<String> = match scale {
        Scale::National => g.provinces.iter().map(|p| p.0.clone()).collect(),
        Scale::Small => vec!["35".into(), "52".into(), "81".into()],
    };
    let regency_name: HashMap<&str, &str> = g.regencies.iter().map(|(c, n)| (c.as_str(), n.as_str())).collect();

    // Programme membership: provinces and regencies join in a fixed shuffled order.
    let mut prov_order = province_codes.clone();
    prov_order.shuffle(&mut builder.rng);
    let mut chosen_regencies: Vec<String> = Vec::new();
    let mut programme_villages: Vec<(String, i32)> = Vec::new();
    let (reach, per_new): (Vec<(i32, usize, usize, usize)>, usize) = match scale {
        Scale::National => (REACH.to_vec(), 5),
        // Small: the same years, scaled down to a few regencies.
        Scale::Small => (vec![(2019, 10, 2, 2), (2021, 8, 3, 3), (2023, 10, 4, 3), (2025, 6, 5, 3)], 3),
    };
    for (year, new_villages, regencies_total, provinces_total) in reach {
        let provinces = &prov_order[..provinces_total.min(prov_order.len())];
        let before = chosen_regencies.len();
        for p in provinces {
            if !chosen_regencies.iter().any(|r| r.starts_with(p.as_str())) {
                let mut options: Vec<&String> = g.regencies_by_province[p].iter().collect();
                options.shuffle(&mut builder.rng);
                chosen_regencies.push(options[0].clone());
            }
        }
        let mut pool: Vec<&String> = provinces
            .iter()
            .flat_map(|p| g.regencies_by_province[p].iter())
            .filter(|r| !chosen_regencies.contains(r))
            .collect();
        pool.shuffle(&mut builder.rng);
        while chosen_regencies.len() < regencies_total && !pool.is_empty() {
            chosen_regencies.push(pool.pop().unwrap().clone());
        }
        let newly: Vec<String> = chosen_regencies[before..].to_vec();
        let mut targets: Vec<String> = Vec::new();
        for r in &newly {
            for _ in 0..per_new.min(new_villages / newly.len().max(1)) {
                targets.push(r.clone());
            }
        }
        while targets.len() < new_villages {
            targets.push(chosen_regencies.choose(&mut builder.rng).unwrap().clone());
        }
        for mut r in targets {
            // Mostly desa; cities have only kelurahan, which join the programme too. A
            // regency with no free village left passes its place to another member regency.
            'pick: loop {
                let villages = &g.villages_by_regency[&r];
                for attempt in 0..200 {
                    let v = villages.choose(&mut builder.rng).unwrap();
                    if (v.desa || attempt >= 20) && used.insert(v.code.clone()) {
                        programme_villages.push((v.code.clone(), year));
                        break 'pick;
                    }
                }
                r = chosen_regencies.choose(&mut builder.rng).unwrap().clone();
            }
        }
    }
    let village_name: HashMap<&str, &Village> =
        g.villages_by_regency.values().flatten().map(|v| (v.code.as_str(), v)).collect();
    for (code, year) in &programme_villages {
        let v = village_name[code.as_str()];
        builder.push(
            format!("Perpustakaan Desa {}", v.name),
            LibraryType::Village,
            code,
            Some((*year, ProgrammeTier::Full)),
        );
    }

    // Offices: national, provincial, regency/city.
    let any_village = |builder: &mut Gen, regency: &str| -> String {
        g.villages_by_regency[regency].choose(&mut builder.rng).unwrap().code.clone()
    };
    if scale == Scale::National {
        builder.push("Perpustakaan Nasional Republik Indonesia".into(), LibraryType::National, "31.71.01.1001", None);
    }
    for p in &province_codes {
        let name = &g.provinces.iter().find(|x| &x.0 == p).unwrap().1;
        let capital = g.regencies_by_province[p]
            .iter()
            .find(|r| regency_name[r.as_str()].starts_with("Kota "))
            .unwrap_or(&g.regencies_by_province[p][0]);
        let v = any_village(&mut builder, capital);
        builder.push(format!("Dinas Perpustakaan dan Kearsipan Provinsi {name}"), LibraryType::Province, &v, None);
    }
    let regencies: Vec<&String> = province_codes.iter().flat_map(|p| g.regencies_by_province[p].iter()).collect();
    for (i, r) in regencies.iter().enumerate() {
        // 493 of 514 regencies have a library office.
        if scale == Scale::National && i % 25 == 7 {
            continue;
        }
        let v = any_village(&mut builder, r);
        builder.push(format!("Dinas Perpustakaan {}", regency_name[r.as_str()]), LibraryType::RegencyCity, &v, None);
    }

    // Everything else, spread over the regencies in scope.
    let mix: Vec<(LibraryType, usize)> = match scale {
        Scale::National => NATIONAL_MIX.to_vec(),
        Scale::Small => vec![
            (LibraryType::District, 6),
            (LibraryType::Village, 40),
            (LibraryType::SchoolPrimary, 90),
            (LibraryType::SchoolJunior, 35),
            (LibraryType::SchoolSenior, 20),
            (LibraryType::University, 4),
            (LibraryType::Special, 18),
            (LibraryType::Tbm, 12),
        ],
    };
    // In the small set, keep the rest near the programme regencies so pages feel full.
    let spread: Vec<&String> =
        if scale == Scale::Small { chosen_regencies.iter().collect() } else { regencies.clone() };
    let already_village = programme_villages.len();
    let mut replication_budget: Vec<(ProgrammeTier, i32, usize)> = match scale {
        Scale::National => vec![
            (ProgrammeTier::ReplicationSelf, 2021, 3_237),
            (ProgrammeTier::ReplicationApbd, 2022, 600),
            (ProgrammeTier::BooksOnly, 2019, 1_000),
        ],
        Scale::Small => vec![(ProgrammeTier::ReplicationSelf, 2023, 6), (ProgrammeTier::BooksOnly, 2020, 3)],
    };
    let mut school_no: HashMap<(String, LibraryType), u32> = HashMap::new();
    for (ty, count) in mix {
        let count = if ty == LibraryType::Village { count.saturating_sub(already_village) } else { count };
        for _ in 0..count {
            let mut r = *spread.choose(&mut builder.rng).unwrap();
            let mut v = g.villages_by_regency[r.as_str()].choose(&mut builder.rng).unwrap();
            // One village library per village: draw again until a free village comes up.
            for _ in 0..100 {
                if ty != LibraryType::Village || !used.contains(&v.code) {
                    break;
                }
                r = *spread.choose(&mut builder.rng).unwrap();
                v = g.villages_by_regency[r.as_str()].choose(&mut builder.rng).unwrap();
            }
            let district = &g.districts[&v.code[..8]];
            let name = match ty {
                LibraryType::District => format!("Perpustakaan Kecamatan {district}"),
                LibraryType::Village => {
                    if !used.insert(v.code.clone()) {
                        continue;
                    }
                    format!("Perpustakaan {} {}", if v.desa { "Desa" } else { "Kelurahan" }, v.name)
                }
                LibraryType::SchoolPrimary | LibraryType::SchoolJunior | LibraryType::SchoolSenior => {
                    let n = school_no.entry((v.code[..8].to_string(), ty)).or_insert(0);
                    *n += 1;
                    let level = match ty {
                        LibraryType::SchoolPrimary => "SD Negeri",
                        LibraryType::SchoolJunior => "SMP Negeri",
                        _ => "SMA Negeri",
                    };
                    format!("Perpustakaan {level} {} {district}", n)
                }
                LibraryType::University => {
                    let kind = ["Universitas", "Politeknik", "Institut Agama Islam", "Sekolah Tinggi Keguruan"]
                        .choose(&mut builder.rng)
                        .unwrap();
                    format!("Perpustakaan {kind} {}", short_regency(regency_name[r.as_str()]))
                }
                LibraryType::Special => {
                    let kind = [
                        "Masjid Al-Ikhlas",
                        "Pondok Pesantren Darul Ulum",
                        "Gereja",
                        "Lapas",
                        "Dinas Kesehatan",
                        "Puskesmas",
                    ]
                    .choose(&mut builder.rng)
                    .unwrap();
                    format!("Perpustakaan {kind} {}", v.name)
                }
                _ => format!("TBM {} {}", TBM_WORDS.choose(&mut builder.rng).unwrap(), v.name),
            };
            let mut programme = None;
            if matches!(ty, LibraryType::Village | LibraryType::Tbm)
                && chosen_regencies.iter().any(|c| c == r)
                && let Some(slot) = replication_budget.iter_mut().find(|b| b.2 > 0)
            {
                slot.2 -= 1;
                programme = Some((builder.rng.random_range(slot.1..=2025), slot.0));
            }
            builder.push(name, ty, &v.code, programme);
        }
    }
    let now = now();
    store.load_libraries(&builder.rows, now)?;
    let total = builder.rows.len();

    // KTAK figures for recent years: programme libraries report more often.
    let ids = store.library_refs(&LibraryFilter::default(), i64::MAX)?;
    let programme: HashSet<usize> =
        builder.rows.iter().enumerate().filter(|(_, r)| r.programme_year.is_some()).map(|(i, _)| i).collect();
    let mut ktak = Vec::new();
    for (i, (id, _)) in ids.iter().enumerate() {
        let share = if programme.contains(&i) { 0.7 } else { 0.1 };
        for year in [2023, 2024] {
            if builder.rng.random_bool(share) {
                let titles = builder.rng.random_range(200..5_000);
                let partial = builder.rng.random_bool(0.3);
                ktak.push((
                    *id,
                    KtakFigures {
                        year,
                        collection_titles: Some(titles),
                        collection_copies: Some(titles + builder.rng.random_range(0..titles * 2)),
                        staff_librarians: Some(builder.rng.random_range(0..4)),
                        staff_other: Some(builder.rng.random_range(0..5)),
                        members: Some(builder.rng.random_range(20..3_000)),
                        visits: if partial { None } else { Some(builder.rng.random_range(100..30_000)) },
                    },
                ));
            }
        }
    }
    store.load_ktak(&ktak)?;

    // Full support arrives as computers, printer, modem, books and shelves; monitoring finds
    // most of it in use and some broken or idle.
    let mut equipment = Vec::new();
    for (i, (id, _)) in ids.iter().enumerate() {
        let row = &builder.rows[i];
        if row.programme_tier != Some(ProgrammeTier::Full) {
            continue;
        }
        let year = row.programme_year;
        for (item, quantity) in [
            (EquipmentItem::Computer, 3),
            (EquipmentItem::Printer, 1),
            (EquipmentItem::Modem, 1),
            (EquipmentItem::Books, 1_000),
            (EquipmentItem::Shelves, 2),
        ] {
            let condition = match builder.rng.random_range(0..100) {
                0..=79 => EquipmentCondition::Good,
                80..=89 => EquipmentCondition::NeedsRepair,
                90..=97 => EquipmentCondition::Broken,
                _ => EquipmentCondition::Lost,
            };
            let in_use = condition == EquipmentCondition::Good && builder.rng.random_bool(0.9);
            equipment.push((
                *id,
                EquipmentFields {
                    item,
                    description: None,
                    quantity,
                    year_received: year,
                    source: year.map(|y| format!("TPBIS {y}")),
                    condition,
                    in_use,
                },
            ));
        }
    }
    store.load_equipment(&equipment, now)?;
    insert_activities(store, &mut builder, &ids)?;
    insert_monthly(store, &mut builder, &ids)?;
    let demo_libraries: Vec<events::DemoLibrary> = ids
        .iter()
        .zip(&builder.rows)
        .map(|((id, region), row)| events::DemoLibrary {
            id: *id,
            library_type: row.library_type,
            region: region.to_string(),
            programme: row.programme_year.zip(row.programme_tier),
        })
        .collect();
    let provinces: Vec<(String, String)> =
        g.provinces.iter().filter(|(c, _)| province_codes.contains(c)).cloned().collect();
    let events = events::insert(store, &mut builder, &demo_libraries, &provinces)?;
    // One account per role, scoped around a programme regency in the first province.
    let first_prov = if scale == Scale::Small { "35".to_string() } else { prov_order[0].clone() };
    let home_regency = chosen_regencies
        .iter()
        .find(|r| r.starts_with(&first_prov))
        .cloned()
        .unwrap_or_else(|| chosen_regencies[0].clone());
    let managed = store
        .library_refs(
            &LibraryFilter {
                region: Some(RegionCode::parse(&home_regency)?),
                in_programme: true,
                library_type: Some(LibraryType::Village),
                ..Default::default()
            },
            1,
        )?
        .into_iter()
        .next()
        .map(|(id, _)| id);
    // Work plans of the village programme libraries (a sample at national scale, to keep the
    // demo quick to build).
    let villages: Vec<(LibraryId, i32)> = demo_libraries
        .iter()
        .filter(|l| l.library_type == LibraryType::Village)
        .filter_map(|l| l.programme.map(|(year, _)| (l.id, year)))
        .collect();
    let max_plans = if scale == Scale::Small { usize::MAX } else { 700 };
    let today = SystemClock.today(lentera_core::region::TimeZone::Wib);
    // The demo manager's library has no plan for this year yet: theirs to make.
    plans::insert(store, &mut builder.rng, &villages, max_plans, (today.year(), managed), &ACTIVITY_TITLES, now)?;
    let planned: Vec<(LibraryId, i32)> = villages.iter().take(max_plans).copied().collect();
    advocacy::insert(store, &mut builder.rng, &planned, today.year(), now)?;
    // Population (AM) per regency/city and year, for IPLM: residents for public libraries,
    // the school population, the academic community, the working population.
    let mut population = Vec::new();
    for p in &province_codes {
        for r in &g.regencies_by_province[p] {
            let residents: i64 = builder.rng.random_range(80_000..2_500_000);
            for year in 2021..=2025 {
                let grown = residents + residents * i64::from(year - 2021) / 100;
                for (group, share) in [
                    (lentera_core::iplm::Group::Public, 100),
                    (lentera_core::iplm::Group::School, 22),
                    (lentera_core::iplm::Group::University, 4),
                    (lentera_core::iplm::Group::Special, 35),
                ] {
                    population.push((RegionCode::parse(r)?, year, group, grown * share / 100));
                }
            }
        }
    }
    let audit = lentera_core::audit::AuditRecord::new(
        &Actor::operator(),
        lentera_core::audit::AuditAction::Create,
        "population",
        now,
    );
    store.save_population(&population, audit)?;
    // Reports were written in bulk, not through approvals: compute their aggregates once.
    store.rebuild_aggregates()?;

    let mut users = vec![
        ("admin", "Admin Nasional Perpusnas", "national_admin", "nation".to_string()),
        ("koordinator.provinsi", "Koordinator Provinsi", "province_coordinator", first_prov.clone()),
        ("koordinator.kabupaten", "PIC Kabupaten", "regency_coordinator", home_regency.clone()),
        ("pelatih", "Pelatih Ahli", "trainer", "nation".into()),
        ("pemantau", "Pemantau Program", "viewer", first_prov.clone()),
    ];
    if let Some(id) = managed {
        users.push(("pengelola", "Pengelola Perpustakaan Desa", "library_manager", format!("library:{id}")));
    }
    let mut logins = Vec::new();
    for (username, full_name, role, scope) in users {
        if store.user_secret(username)?.is_some() {
            continue;
        }
        let input = NewUserInput {
            username: username.into(),
            full_name: full_name.into(),
            role: role.into(),
            scope: Some(scope.clone()),
            password: DEMO_PASSWORD.into(),
            ..Default::default()
        };
        accounts::create_user(env, &Actor::operator(), &input)?;
        logins.push((username.to_string(), format!("{role} · {scope}")));
    }
    Ok(Some(DemoReport { libraries: total, events: (events.events, events.registrations), logins }))
}

/// Partner texts as reports wrote them before partners were stakeholders.
const PARTNER_TEXTS: [&str; 4] = ["PKK, Karang Taruna", "Kepala Desa dan PKK", "Puskesmas", "PKK; SD Negeri setempat"];

/// Titles per seeded category (ids 1–8, in the migration's order).
const ACTIVITY_TITLES: [&[&str]; 8] = [
    &[
        "Pelatihan membatik",
        "Pelatihan menjahit",
        "Pelatihan hidroponik",
        "Pelatihan olahan keripik",
        "Pelatihan budidaya lele",
        "Pelatihan kerajinan anyaman",
    ],
    &["Kelas menulis cerita", "Klub baca warga", "Gerakan gemar membaca"],
    &["Pelatihan pemasaran daring UMKM", "Kelas komputer dasar", "Literasi digital untuk remaja"],
    &["Mendongeng untuk anak", "Bimbingan membaca anak", "Lomba mewarnai"],
    &["Penyuluhan gizi dan stunting", "Sosialisasi kesehatan ibu dan anak"],
    &["Latihan tari tradisional", "Festival budaya desa"],
    &["Pengolahan sampah menjadi kompos", "Bank sampah"],
    &["Perpustakaan keliling", "Pameran buku desa"],
];

/// Activity reports for every programme library, from the year each joined (at most five
/// years back): full-support libraries hold a few a month, replications fewer, books-only
/// ones rarely; seasonal, mostly women, most long since approved and the recent ones in
/// every workflow state. Written in batches so memory stays flat at national scale.
fn insert_activities(store: &dyn Store, builder: &mut Gen, ids: &[(LibraryId, RegionCode)]) -> Result<()> {
    use lentera_core::activity::{ActivityFields, Participants};
    use lentera_core::reporting::ReportStatus;
    let today = SystemClock.today(lentera_core::region::TimeZone::Wib);
    let first_year = today.year() - 5;
    let mut rows = Vec::new();
    let now = now();
    for (i, (id, region)) in ids.iter().enumerate() {
        let lib = &builder.rows[i];
        let per_month_max = match lib.programme_tier {
            Some(ProgrammeTier::Full) => 7,
            Some(ProgrammeTier::ReplicationApbd | ProgrammeTier::ReplicationSelf) => 4,
            Some(ProgrammeTier::BooksOnly) => 2,
            None => continue,
        };
        if rows.len() > 50_000 {
            store.load_activities(&rows, now)?;
            rows.clear();
        }
        let start_year = lib.programme_year.unwrap_or(first_year).max(first_year);
        for year in start_year..=today.year() {
            for month in 1..=12u8 {
                let Ok(m) = time::Month::try_from(month) else { continue };
                // Fewer activities in the fasting month and the year-end holidays.
                let quiet = matches!(month, 3 | 4 | 12);
                let n = builder.rng.random_range(0..=if quiet { 1 } else { per_month_max });
                for _ in 0..n {
                    let Ok(date) = time::Date::from_calendar_date(year, m, builder.rng.random_range(1..=28)) else {
                        continue;
                    };
                    if date > today {
                        continue;
                    }
                    let cat = builder.rng.random_range(0..8usize);
                    let title = ACTIVITY_TITLES[cat].choose(&mut builder.rng).unwrap().to_string();
                    let total: i64 = builder.rng.random_range(8..60);
                    let female = (total as f64 * builder.rng.random_range(0.45..0.85)) as i64;
                    let children = if cat == 3 { total } else { total / 10 };
                    let elderly = if cat == 3 { 0 } else { total / 8 };
                    let teens = if cat == 3 { 0 } else { total / 6 };
                    let economic = cat == 0 && builder.rng.random_bool(0.4);
                    let age = (today - date).whole_days();
                    let status = match (age, builder.rng.random_range(0..100)) {
                        (a, r) if a > 60 && r < 92 => ReportStatus::Approved,
                        (a, r) if a > 60 && r < 97 => ReportStatus::Verified,
                        (_, r) if r < 35 => ReportStatus::Submitted,
                        (_, r) if r < 55 => ReportStatus::Verified,
                        (_, r) if r < 70 => ReportStatus::Draft,
                        (_, r) if r < 78 => ReportStatus::Returned,
                        _ => ReportStatus::Approved,
                    };
                    let fields = ActivityFields {
                        title,
                        start_date: date,
                        end_date: date,
                        place: Some("Balai desa".into()),
                        category_id: cat as i64 + 1,
                        description: None,
                        resource_persons: None,
                        // Partners as early reports wrote them (for the matching helper);
                        // chosen from the total so the random stream stays as it was.
                        partners: (total % 5 == 0).then(|| PARTNER_TEXTS[(total as usize / 5) % 4].to_string()),
                        participants: Participants {
                            male: total - female,
                            female,
                            children,
                            teens,
                            adults: total - children - teens - elderly,
                            elderly,
                            disabled: i64::from(builder.rng.random_bool(0.2)),
                        },
                        outputs: None,
                        income_participants: economic.then_some(total / 5),
                        income_rupiah: economic.then(|| builder.rng.random_range(5..50) * 100_000),
                        links: Vec::new(),
                        story: (economic && builder.rng.random_bool(0.3)).then(|| {
                            "Setelah pelatihan, saya mulai menjual produk sendiri dan menambah penghasilan keluarga.".to_string()
                        }),
                        story_consent: builder.rng.random_bool(0.7),
                    };
                    rows.push(LoadedActivity { library_id: *id, region_code: region.clone(), fields, status });
                }
            }
        }
    }
    store.load_activities(&rows, now)
}

/// Monthly figures for every programme library over the last five years (from the year
/// it joined): most months
/// reported, some late (after the 10th of the next month), some missing, the recent ones in
/// every workflow state. Each library keeps its own size, with seasonal swings.
fn insert_monthly(store: &dyn Store, builder: &mut Gen, ids: &[(LibraryId, RegionCode)]) -> Result<()> {
    use lentera_core::monthly::{MonthlyFigures, Period};
    use lentera_core::reporting::ReportStatus;
    let today = SystemClock.today(lentera_core::region::TimeZone::Wib);
    let this_month = Period::of(today);
    let mut rows = Vec::new();
    let now = now();
    for (i, (id, region)) in ids.iter().enumerate() {
        let lib = &builder.rows[i];
        if lib.programme_tier.is_none() {
            continue;
        }
        if rows.len() > 50_000 {
            store.load_monthly(&rows, now)?;
            rows.clear();
        }
        let base: i64 = builder.rng.random_range(40..400);
        let titles: i64 = builder.rng.random_range(800..4000);
        let mut members: i64 = builder.rng.random_range(50..600);
        let mut period = this_month.previous();
        for age in 0..60 {
            if lib.programme_year.is_some_and(|y| period.year < y) {
                break;
            }
            let reported = builder.rng.random_bool(if age == 0 { 0.6 } else { 0.88 });
            if reported {
                let season = if matches!(period.month, 6 | 7 | 12) { 0.7 } else { 1.0 };
                let visitors = ((base as f64) * season * builder.rng.random_range(0.7..1.3)) as i64;
                let female = (visitors as f64 * builder.rng.random_range(0.45..0.65)) as i64;
                let new_members = builder.rng.random_range(0..15);
                let figures = MonthlyFigures {
                    visitors_male: visitors - female,
                    visitors_female: female,
                    new_members,
                    total_members: members,
                    loans: visitors / 2,
                    onsite_reading: visitors / 3,
                    ict_users: visitors / 5,
                    collection_titles: titles,
                    collection_copies: titles * 2,
                    staff_librarians: 1,
                    staff_other: builder.rng.random_range(0..3),
                };
                members = (members - new_members).max(0);
                // Due on the 10th of the next month; about one in five comes late.
                let deadline = period.first_day().replace_day(10).expect("day 10") + time::Duration::days(31);
                let late = builder.rng.random_bool(0.2);
                let day = if late { builder.rng.random_range(11..40) } else { builder.rng.random_range(1..10) };
                let submitted = deadline.replace_day(1).expect("day 1") + time::Duration::days(day);
                // A report of a recent month was sent by today at the latest: every report that
                // counts as sent carries its time (completeness counts it on time or late).
                let submitted_at = Some(submitted.min(today).midnight().assume_utc().unix_timestamp());
                let status = match (age, builder.rng.random_range(0..100)) {
                    (a, _) if a >= 3 => ReportStatus::Approved,
                    (_, r) if r < 30 => ReportStatus::Submitted,
                    (_, r) if r < 55 => ReportStatus::Verified,
                    (_, r) if r < 65 => ReportStatus::Returned,
                    (_, r) if r < 75 => ReportStatus::Draft,
                    _ => ReportStatus::Approved,
                };
                let submitted_at = if status == ReportStatus::Draft { None } else { submitted_at };
                rows.push(LoadedMonth {
                    library_id: *id,
                    region_code: region.clone(),
                    period,
                    figures,
                    status,
                    submitted_at,
                });
            }
            period = period.previous();
        }
    }
    store.load_monthly(&rows, now)
}
