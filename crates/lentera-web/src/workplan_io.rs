//! Work plans in spreadsheets: the RKPDes matrix (field and activity, location, volume and
//! unit, target group and benefit, timing, estimated cost and its source, how and by whom it
//! is carried out) as an XLSX template, a plan exported in it, and rows imported from it into
//! a draft plan — all rows or none; and the list of plans as CSV/XLSX.

use lentera_core::activity::Category;
use lentera_core::i18n::Lang;
use lentera_core::money::parse_rupiah;
use lentera_core::workplan::{BudgetLineInput, FundingSource, PlanInput, PlannedActivityInput, WorkPlan};
use lentera_core::{Error, FieldError, Result};

/// The template's columns: key (header) and what it holds.
pub const COLUMNS: [(&str, &str); 14] = [
    ("bidang", "Bidang (mis. Pemberdayaan Masyarakat)"),
    ("kegiatan", "Nama kegiatan (wajib)"),
    ("kategori", "Kategori kegiatan Lentera (nama)"),
    ("lokasi", "Lokasi"),
    ("volume", "Volume"),
    ("satuan", "Satuan (mis. paket, orang, kali)"),
    ("sasaran", "Kelompok sasaran / penerima manfaat"),
    ("target_peserta", "Target peserta (orang)"),
    ("manfaat", "Manfaat / hasil yang diharapkan"),
    ("bulan", "Bulan pelaksanaan (1-12)"),
    ("biaya", "Perkiraan biaya (Rp, bilangan bulat)"),
    ("sumber_dana", "Sumber dana (DD, ADD, PAD, BAN-PROV, BAN-KAB, CSR, APBD, APBN atau kode rekening)"),
    ("pola_pelaksanaan", "Pola pelaksanaan (swakelola, kerja sama antar desa, pihak ketiga)"),
    ("pelaksana", "Pelaksana kegiatan"),
];

const INSTRUCTIONS: [&str; 7] = [
    "Matriks rencana kerja (mengikuti kolom RKPDes). Satu baris = satu kegiatan dengan satu sumber dana.",
    "Kolom wajib: kegiatan, bulan, biaya dan sumber_dana (biaya boleh kosong bila kegiatan tanpa anggaran).",
    "Biaya ditulis dalam rupiah bilangan bulat: 15000000 atau 15.000.000.",
    "Sumber dana: DD (Dana Desa), ADD, PAD, Swadaya, BHPR, BAN-PROV, BAN-KAB, CSR (pihak ketiga), APBD, APBN, atau kode rekening (4.2.3).",
    "Kategori: nama kategori kegiatan di Lentera; kosong = kategori pertama.",
    "Impor menambah baris ke rencana yang masih draf; bila satu baris salah, tidak ada yang disimpan.",
    "Jangan mengubah nama kolom di baris pertama.",
];

fn header_row() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.0).collect()
}

/// The template, or a plan in it (one row per budget line; planned activities without a line
/// get a row without cost).
pub fn workbook(plan: Option<&WorkPlan>, categories: &[Category]) -> Result<Vec<u8>> {
    let category = |id: i64| categories.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default();
    let mut rows = Vec::new();
    if let Some(p) = plan {
        for a in &p.content.activities {
            let lines: Vec<_> = p.content.lines.iter().filter(|l| l.activity_no == Some(a.no)).collect();
            let base = |cost: String, source: String, description: String| {
                vec![
                    "Pemberdayaan Masyarakat".to_string(),
                    a.title.clone(),
                    category(a.category_id),
                    String::new(),
                    String::new(),
                    String::new(),
                    a.target_group.clone(),
                    a.target_participants.to_string(),
                    a.expected_result.clone().unwrap_or_default(),
                    a.month.to_string(),
                    cost,
                    source,
                    description,
                    String::new(),
                ]
            };
            if lines.is_empty() {
                rows.push(base(String::new(), String::new(), String::new()));
            }
            for l in lines {
                rows.push(base(l.proposed.to_string(), l.source.abbreviation().to_string(), String::new()));
            }
        }
    } else {
        rows.push(
            [
                "Pemberdayaan Masyarakat",
                "Pelatihan menjahit untuk ibu rumah tangga",
                "Pelatihan keterampilan dan mata pencaharian",
                "Balai desa",
                "1",
                "paket",
                "Ibu rumah tangga",
                "30",
                "Ibu rumah tangga mampu menerima pesanan jahitan",
                "3",
                "15.000.000",
                "ADD",
                "swakelola",
                "Perpustakaan desa dan PKK",
            ]
            .map(String::from)
            .to_vec(),
        );
    }
    crate::tabular::write_xlsx(&header_row(), rows, &INSTRUCTIONS)
}

fn row_error(row: usize, field: &str, id: &str, en: &str) -> FieldError {
    FieldError::new(field, &format!("Baris {row}: {id}"), &format!("Row {row}: {en}"))
}

/// Rows of the template as the plan's new activities and lines, numbered after `next_no`
/// (the activities' numbers so far). Every problem is named with its row.
pub fn rows_to_input(
    table: &[Vec<String>],
    categories: &[Category],
    next_no: i32,
) -> Result<(Vec<PlannedActivityInput>, Vec<BudgetLineInput>)> {
    let Some((head, body)) = table.split_first() else {
        return Err(Error::field("file", "Berkas kosong.", "The file is empty."));
    };
    let col = |key: &str| head.iter().position(|h| h.trim().eq_ignore_ascii_case(key));
    let missing: Vec<&str> =
        ["kegiatan", "bulan", "biaya", "sumber_dana"].into_iter().filter(|k| col(k).is_none()).collect();
    if !missing.is_empty() {
        return Err(Error::field(
            "file",
            &format!("Kolom tidak ditemukan: {}. Pakai templat rencana kerja.", missing.join(", ")),
            &format!("Missing columns: {}. Use the work-plan template.", missing.join(", ")),
        ));
    }
    let get =
        |row: &[String], key: &str| col(key).and_then(|i| row.get(i)).map(|s| s.trim().to_string()).unwrap_or_default();
    let mut errors = Vec::new();
    let (mut activities, mut lines) = (Vec::new(), Vec::new());
    for (i, row) in body.iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty())) {
        let n = i + 2; // the header is row 1
        let title = get(row, "kegiatan");
        if title.is_empty() {
            errors.push(row_error(n, "kegiatan", "nama kegiatan wajib diisi.", "the activity's name is required."));
            continue;
        }
        let category = match get(row, "kategori") {
            c if c.is_empty() => categories.first().map(|c| c.id),
            c => categories.iter().find(|k| k.name.eq_ignore_ascii_case(&c)).map(|k| k.id),
        };
        let Some(category) = category else {
            errors.push(row_error(n, "kategori", "kategori tidak dikenal.", "unknown category."));
            continue;
        };
        let no = next_no + activities.len() as i32 + 1;
        let detail: Vec<String> = [
            get(row, "lokasi"),
            [get(row, "volume"), get(row, "satuan")].join(" ").trim().to_string(),
            get(row, "pola_pelaksanaan"),
            get(row, "pelaksana"),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        let cost = get(row, "biaya");
        if !cost.is_empty() {
            let source = get(row, "sumber_dana");
            match (parse_rupiah(&cost).filter(|c| *c > 0), FundingSource::read(&source)) {
                (None, _) => errors.push(row_error(
                    n,
                    "biaya",
                    "biaya harus rupiah bilangan bulat lebih dari 0.",
                    "cost must be whole rupiah above 0.",
                )),
                (_, None) => {
                    errors.push(row_error(n, "sumber_dana", "sumber dana tidak dikenal.", "unknown funding source."))
                }
                (Some(c), Some(s)) => lines.push(BudgetLineInput {
                    no: None,
                    source: s.code().into(),
                    description: if detail.is_empty() {
                        title.clone()
                    } else {
                        format!("{title} · {}", detail.join(" · "))
                    },
                    activity_no: Some(no.to_string()),
                    proposed: c.to_string(),
                }),
            }
        }
        activities.push(PlannedActivityInput {
            no: Some(no),
            title,
            category_id: category.to_string(),
            month: get(row, "bulan"),
            target_group: get(row, "sasaran"),
            target_participants: get(row, "target_peserta"),
            expected_result: Some(get(row, "manfaat")).filter(|s| !s.is_empty()),
            need_no: None,
        });
    }
    if activities.is_empty() && errors.is_empty() {
        return Err(Error::field("file", "Tidak ada baris kegiatan di berkas.", "No activity rows in the file."));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok((activities, lines))
}

/// The core's row errors of an import (`activities[7].month`) named by the file's rows: the
/// `k`-th new activity sits on row `k + 2`.
pub fn name_rows(errors: Vec<FieldError>, existing: usize) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            if let Some(i) = e
                .field
                .strip_prefix("activities[")
                .and_then(|r| r.split(']').next())
                .and_then(|i| i.parse::<usize>().ok())
                && i >= existing
            {
                let row = i - existing + 2;
                e.message = format!("Baris {row}: {}", e.message);
                e.message_en = format!("Row {row}: {}", e.message_en);
            }
            e
        })
        .collect()
}

/// Appends imported rows to a plan's content.
pub fn append(input: &mut PlanInput, rows: (Vec<PlannedActivityInput>, Vec<BudgetLineInput>)) {
    input.activities.extend(rows.0);
    input.lines.extend(rows.1);
}

/// The plans of a list as a table: one row per plan with its totals.
pub fn list_table(plans: &[WorkPlan], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = [
        "tahun",
        "perpustakaan",
        "kode_wilayah",
        "revisi",
        "status",
        "kebutuhan",
        "kegiatan",
        "usulan_rp",
        "disetujui_rp",
        "realisasi_rp",
    ]
    .map(String::from)
    .to_vec();
    let rows = plans
        .iter()
        .map(|p| {
            let c = &p.content;
            let sum =
                |f: fn(&lentera_core::workplan::BudgetLine) -> i64| c.lines.iter().map(f).sum::<i64>().to_string();
            vec![
                p.year.to_string(),
                p.library_name.clone(),
                p.region_code.to_string(),
                p.revision.to_string(),
                p.status.label(lang).to_string(),
                c.needs.len().to_string(),
                c.activities.len().to_string(),
                sum(|l| l.proposed),
                sum(|l| l.approved.unwrap_or(0)),
                sum(|l| l.realised.unwrap_or(0)),
            ]
        })
        .collect();
    (headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats() -> Vec<Category> {
        vec![
            Category { id: 1, name: "Literasi".into(), retired: false },
            Category { id: 2, name: "Pelatihan".into(), retired: false },
        ]
    }

    fn table(rows: &[[&str; 4]]) -> Vec<Vec<String>> {
        let mut t = vec![vec!["kegiatan".to_string(), "bulan".into(), "biaya".into(), "sumber_dana".into()]];
        t.extend(rows.iter().map(|r| r.map(String::from).to_vec()));
        t
    }

    #[test]
    fn rows_become_activities_and_lines_numbered_after_the_plan() {
        let (acts, lines) = rows_to_input(
            &table(&[["Kelas menjahit", "3", "15.000.000", "ADD"], ["Klub baca", "4", "", ""]]),
            &cats(),
            5,
        )
        .unwrap();
        assert_eq!(acts.iter().map(|a| a.no).collect::<Vec<_>>(), [Some(6), Some(7)]);
        assert_eq!(
            (lines.len(), lines[0].source.as_str(), lines[0].proposed.as_str(), lines[0].activity_no.as_deref()),
            (1, "add", "15000000", Some("6"))
        );
    }

    #[test]
    fn every_bad_row_is_named() {
        let Err(Error::Validation(errs)) = rows_to_input(
            &table(&[["", "3", "", ""], ["A", "3", "15 juta", "ADD"], ["B", "3", "100", "dana siluman"]]),
            &cats(),
            0,
        ) else {
            panic!("must fail")
        };
        let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages[0].starts_with("Baris 2:")
                && messages[1].starts_with("Baris 3:")
                && messages[2].starts_with("Baris 4:"),
            "{messages:?}"
        );
        assert!(rows_to_input(&[vec!["judul".into()]], &cats(), 0).is_err(), "missing columns");
    }

    proptest::proptest! {
        #[test]
        fn any_table_is_read_or_refused_without_panicking(cells in proptest::collection::vec(proptest::collection::vec(".{0,12}", 0..6), 0..8)) {
            let _ = rows_to_input(&cells, &cats(), 0);
        }
    }
}
