//! Demo work plans: village programme libraries plan each year from the one they joined
//! (at most five years back), from their community's needs to budget lines by funding source.
//! Past years' plans are approved, with the amounts the village approved and spent; this
//! year's are in every state of review. Written through the ports, as the services would.

use lentera_core::Result;
use lentera_core::access::Actor;
use lentera_core::audit::{AuditAction, AuditRecord};
use lentera_core::ids::LibraryId;
use lentera_core::reporting::{ReportStatus, StatusChange};
use lentera_core::store::Store;
use lentera_core::workplan::{BudgetLineInput, BudgetOutcome, NeedInput, PlanInput, PlannedActivityInput};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

const NEEDS: [(&str, &str, &str); 5] = [
    ("Ibu rumah tangga belum berpenghasilan", "Keterampilan usaha rumahan", "Ibu rumah tangga"),
    ("Anak usia sekolah jarang membaca", "Kegiatan membaca yang menyenangkan", "Anak-anak"),
    ("Pelaku UMKM belum memasarkan secara daring", "Pelatihan pemasaran digital", "Pelaku UMKM"),
    ("Pemuda putus sekolah menganggur", "Keterampilan kerja dan komputer", "Pemuda"),
    ("Angka stunting masih tinggi", "Informasi gizi untuk keluarga", "Ibu hamil dan balita"),
];

/// Sources as village libraries win them, most often the village's own allocation.
const SOURCES: [(&str, u32); 6] =
    [("add", 40), ("dd", 25), ("swadaya", 12), ("pihak_ketiga", 10), ("ban_kab", 8), ("pad", 5)];

fn source(rng: &mut ChaCha8Rng) -> &'static str {
    let mut pick = rng.random_range(0..SOURCES.iter().map(|s| s.1).sum::<u32>());
    for (code, weight) in SOURCES {
        if pick < weight {
            return code;
        }
        pick -= weight;
    }
    "add"
}

fn plan(rng: &mut ChaCha8Rng, titles: &[&[&str]; 8]) -> PlanInput {
    let needs: Vec<usize> = (0..rng.random_range(1..=2)).map(|_| rng.random_range(0..NEEDS.len())).collect();
    let mut input = PlanInput {
        summary: Some("Perpustakaan desa sebagai pusat belajar dan berkarya warga.".into()),
        ..Default::default()
    };
    for n in &needs {
        let (problem, need, group) = NEEDS[*n];
        input.needs.push(NeedInput {
            problem: problem.into(),
            need: need.into(),
            group: group.into(),
            source: ["musyawarah", "survey", "observation"][rng.random_range(0..3)].into(),
            ..Default::default()
        });
    }
    for i in 0..rng.random_range(2..=4) {
        let cat = rng.random_range(0..8usize);
        input.activities.push(PlannedActivityInput {
            title: titles[cat].choose(rng).unwrap_or(&"Kegiatan literasi").to_string(),
            category_id: (cat + 1).to_string(),
            month: rng.random_range(2..=11).to_string(),
            target_group: NEEDS[needs[i % needs.len()]].2.into(),
            target_participants: rng.random_range(15..=40).to_string(),
            need_no: Some((i % needs.len() + 1).to_string()),
            ..Default::default()
        });
        input.lines.push(BudgetLineInput {
            source: source(rng).into(),
            description: "Narasumber, bahan dan konsumsi".into(),
            activity_no: Some((i + 1).to_string()),
            proposed: (rng.random_range(20..=250) * 100_000).to_string(),
            ..Default::default()
        });
    }
    input
}

/// Plans for up to `max_libraries` of `libraries` (id and the year it joined), up to this
/// year (except `left_open`'s this year); returns how many plans were written.
pub fn insert(
    store: &dyn Store,
    rng: &mut ChaCha8Rng,
    libraries: &[(LibraryId, i32)],
    max_libraries: usize,
    (this_year, left_open): (i32, Option<LibraryId>),
    titles: &[&[&str]; 8],
    now: i64,
) -> Result<usize> {
    let op = Actor::operator();
    let audit = |entity| AuditRecord::new(&op, AuditAction::Create, entity, now);
    let mut written = 0;
    for (id, joined) in libraries.iter().take(max_libraries) {
        let Some(lib) = store.library(*id)? else { continue };
        for year in (*joined).max(this_year - 4)..=this_year {
            if year == this_year && left_open == Some(*id) {
                continue;
            }
            let content = plan(rng, titles).validate(&[1, 2, 3, 4, 5, 6, 7, 8])?;
            let p = store.insert_work_plan(&lib, None, year, 1, &content, now, audit("work_plan"))?;
            written += 1;
            let target = match (year < this_year, rng.random_range(0..4)) {
                (true, _) | (false, 0 | 1) => ReportStatus::Approved,
                (false, 2) => ReportStatus::Submitted,
                _ => continue,
            };
            let mut current = p;
            for to in [ReportStatus::Submitted, ReportStatus::Approved] {
                store.change_status(&StatusChange::of(&current, to, None, now), audit("work_plan_status"))?;
                current = store.work_plan(current.id)?.ok_or(lentera_core::Error::NotFound)?;
                if to == target {
                    break;
                }
            }
            if target != ReportStatus::Approved {
                continue;
            }
            // Most asks win a line in the budget, often less than asked; spending follows.
            for line in &current.content.lines {
                if rng.random_range(0..10) < 2 {
                    continue;
                }
                let approved = line.proposed * rng.random_range(6..=10) / 10;
                let realised = (year < this_year).then(|| approved * rng.random_range(7..=10) / 10);
                let outcome = BudgetOutcome { approved: Some(approved), realised };
                store.record_budget_outcome(*id, year, line.no, outcome, now, audit("budget_line"))?;
            }
        }
    }
    Ok(written)
}
