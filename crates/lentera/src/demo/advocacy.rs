//! Demo stakeholders, advocacy and commitments for the libraries that have work plans:
//! each village library knows its village head, the BPD and the PKK (some a company), its
//! regency office knows Bappeda; libraries hold an audiensi or a musrenbang or two a year
//! (about 1,000 a year at national scale, as the programme recorded in 2020), and the village
//! head promises money from a source the plan asks, kept when the plan's line was budgeted.

use lentera_core::Result;
use lentera_core::access::Actor;
use lentera_core::advocacy::{AdvocacyInput, CommitmentInput, Owner, StakeholderInput};
use lentera_core::agreements::{PartnershipInput, RegulationInput};
use lentera_core::audit::{AuditAction, AuditRecord};
use lentera_core::ids::LibraryId;
use lentera_core::store::Store;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const PEOPLE: [(&str, &str, &str); 4] = [
    ("kepala_desa", "decision_maker", "Kepala Desa"),
    ("bpd", "influencer", "Ketua BPD"),
    ("pkk", "partner", "Ketua TP PKK"),
    ("perusahaan", "partner", "CSR PT Sumber Rejeki"),
];

const NAMES: [&str; 10] = [
    "Suparman",
    "Siti Aminah",
    "Wayan Sudarma",
    "Yohanes Lake",
    "Nurhayati",
    "Made Ayu",
    "Hasan Basri",
    "Rini Susanti",
    "Agus Salim",
    "Dewi Lestari",
];

fn input(kind: &str, role: &str, title: &str, name: &str, rng: &mut ChaCha8Rng) -> StakeholderInput {
    StakeholderInput {
        name: format!("{name} ({title})"),
        kind: kind.into(),
        role: role.into(),
        position: Some(title.into()),
        phone: Some(format!("08{}", rng.random_range(1_100_000_000_u64..1_399_999_999))),
        ..Default::default()
    }
}

/// Stakeholders and advocacy for `libraries` (id and the year it joined) over the years they
/// have plans; returns the number of advocacy activities written.
pub fn insert(
    store: &dyn Store,
    rng: &mut ChaCha8Rng,
    libraries: &[(LibraryId, i32)],
    this_year: i32,
    now: i64,
) -> Result<usize> {
    let op = Actor::operator();
    let audit = |entity| AuditRecord::new(&op, AuditAction::Create, entity, now);
    let mut written = 0;
    let mut offices = std::collections::HashMap::new();
    for (id, joined) in libraries {
        let Some(lib) = store.library(*id)? else { continue };
        let owner = Owner { library_id: Some(lib.id), library_name: None, region_code: lib.region_code.clone() };
        let regency = lib.region_code.as_str().get(..5).unwrap_or("").to_string();
        if !offices.contains_key(&regency) {
            let office = Owner {
                library_id: None,
                library_name: None,
                region_code: lentera_core::region::RegionCode::parse(&regency)?,
            };
            let name = NAMES[rng.random_range(0..NAMES.len())];
            let f = input("bappeda", "decision_maker", "Kepala Bappeda", name, rng).validate()?;
            offices.insert(regency.clone(), store.insert_stakeholder(&office, &f, now, audit("stakeholder"))?.id);
        }
        let mut people = Vec::new();
        for (kind, role, title) in PEOPLE.iter().take(if rng.random_bool(0.3) { 4 } else { 3 }) {
            let f = input(kind, role, title, NAMES[rng.random_range(0..NAMES.len())], rng).validate()?;
            people.push(store.insert_stakeholder(&owner, &f, now, audit("stakeholder"))?.id);
        }
        let head = people[0];
        // A company partner's MoU for some libraries (a reminder due for a few of them).
        if people.len() > 3 {
            let start = time::Date::from_calendar_date(this_year - 1, time::Month::March, 1).unwrap_or(time::Date::MIN);
            let months = rng.random_range(20..=26);
            let end = start + time::Duration::days(months * 30);
            let f = PartnershipInput {
                title: "MoU pojok baca digital".into(),
                partner: "PT Sumber Rejeki (CSR)".into(),
                stakeholder_id: Some(people[3].to_string()),
                starts_on: start.to_string(),
                ends_on: Some(end.to_string()),
                library_brings: vec!["venue".into()],
                partner_brings: vec!["internet".into(), "goods".into()],
                value: Some((rng.random_range(10..=60) * 1_000_000).to_string()),
                ..Default::default()
            }
            .validate(&people)?;
            store.insert_partnership(&owner, &f, now, audit("partnership"))?;
        }
        for year in (*joined).max(this_year - 4)..=this_year {
            for n in 0..rng.random_range(1..=2) {
                // Budget asks happen in the year before: a musrenbang in February, an audiensi later.
                let (kind, month) = if n == 0 { ("audiensi", rng.random_range(3..=9)) } else { ("musrenbang", 2) };
                let Ok(date) = time::Date::from_calendar_date(
                    year - 1,
                    time::Month::try_from(month).unwrap_or(time::Month::March),
                    rng.random_range(1..=28),
                ) else {
                    continue;
                };
                let mut met = vec![head.to_string(), people[1].to_string()];
                if kind == "musrenbang" {
                    met.push(offices[&regency].to_string());
                }
                let f = AdvocacyInput {
                    date: date.to_string(),
                    kind: kind.into(),
                    message: "Perpustakaan desa menjadi pusat belajar warga; mohon dukungan anggaran untuk kegiatan tahun depan.".into(),
                    outcome: Some("Kepala desa mendukung dan berjanji memasukkan ke RKPDes.".into()),
                    stakeholder_ids: met,
                }
                .validate(date, &[head, people[1], offices[&regency]])?;
                let a = store.insert_advocacy(&owner, None, &f, None, now, audit("advocacy"))?;
                written += 1;
                if n > 0 {
                    continue;
                }
                // The village head's promise: money from a source the year's plan asks.
                let plan = store.work_plan_revisions(lib.id, year)?.into_iter().next();
                let Some(line) = plan.as_ref().and_then(|p| p.content.lines.first()) else { continue };
                let promised = line.proposed * rng.random_range(5..=10) / 10;
                let c = CommitmentInput {
                    stakeholder_id: head.to_string(),
                    kind: "money".into(),
                    description: format!("{} untuk {}", line.source.abbreviation(), line.description.to_lowercase()),
                    source: Some(line.source.code().into()),
                    amount: Some(promised.to_string()),
                    year: year.to_string(),
                    line_no: Some(line.no.to_string()),
                    ..Default::default()
                }
                .validate(&[head], this_year)?;
                store.insert_commitment(a.id, &c, now, audit("commitment"))?;
            }
        }
    }
    // Regulations: villages with a Perdes on their library (some enacted), and regencies
    // drafting a Perbup on the programme.
    for (id, _) in libraries.iter().step_by(7) {
        let Some(lib) = store.library(*id)? else { continue };
        let owner = Owner { library_id: Some(lib.id), library_name: None, region_code: lib.region_code.clone() };
        let enacted = rng.random_bool(0.5);
        let date = time::Date::from_calendar_date(this_year - 1, time::Month::November, rng.random_range(1..=28)).ok();
        let f = RegulationInput {
            title: "Peraturan Desa tentang Penyelenggaraan Perpustakaan Desa".into(),
            level: "perdes".into(),
            status: if enacted { "enacted" } else { "discussed" }.into(),
            number: enacted.then(|| format!("{} Tahun {}", rng.random_range(1..=12), this_year - 1)),
            enacted_on: if enacted { date.map(|d| d.to_string()) } else { None },
            ..Default::default()
        }
        .validate(
            &[],
            None,
            time::Date::from_calendar_date(this_year, time::Month::January, 1).unwrap_or(time::Date::MAX),
        )?;
        store.insert_regulation(&owner, &f, now, audit("regulation"))?;
    }
    for regency in offices.keys() {
        let office = Owner {
            library_id: None,
            library_name: None,
            region_code: lentera_core::region::RegionCode::parse(regency)?,
        };
        let f = RegulationInput {
            title: "Peraturan Bupati tentang Transformasi Perpustakaan Berbasis Inklusi Sosial".into(),
            level: "perbup".into(),
            status: ["draft", "discussed"][rng.random_range(0..2)].into(),
            ..Default::default()
        }
        .validate(&[], None, time::Date::MAX)?;
        store.insert_regulation(&office, &f, now, audit("regulation"))?;
    }
    Ok(written)
}
