//! Spreadsheet formats for activity reports and monthly figures: the import templates (with
//! an instructions sheet), reading uploaded rows, and exports in the same columns so an
//! export can be edited and imported back (rows already stored are skipped).

use lentera_core::services::Env;
use std::collections::HashMap;

use lentera_core::access::Actor;
use lentera_core::activity::{ActivityFilter, ActivityInput};
use lentera_core::monthly::{MonthlyFigures, MonthlyFilter, MonthlyInput};
use lentera_core::services::report_import::{ActivityRow, LibraryRef, MonthlyRow};
use lentera_core::{Error, Result};

/// A column: its header and the name validation messages use for it.
type Column = (&'static str, &'static str);

pub const ACTIVITY_COLUMNS: [Column; 25] = [
    ("id_perpustakaan", "id_perpustakaan"),
    ("npp", "npp"),
    ("id_klien", "id_klien"),
    ("tanggal_mulai", "start_date"),
    ("tanggal_selesai", "end_date"),
    ("judul", "title"),
    ("kategori", "kategori"),
    ("tempat", "place"),
    ("deskripsi", "description"),
    ("narasumber", "resource_persons"),
    ("mitra", "partners"),
    ("laki_laki", "male"),
    ("perempuan", "female"),
    ("total_peserta", "participants_total"),
    ("anak", "children"),
    ("remaja", "teens"),
    ("dewasa", "adults"),
    ("lansia", "elderly"),
    ("disabilitas", "disabled"),
    ("hasil", "outputs"),
    ("peserta_berpenghasilan", "income_participants"),
    ("tambahan_penghasilan_rp", "income_rupiah"),
    ("tautan", "links"),
    ("kisah", "story"),
    ("kisah_boleh_dibagikan", "story_consent"),
];

/// Columns an export adds for reading; an import ignores them.
const ACTIVITY_EXPORT_ONLY: [&str; 4] = ["id", "perpustakaan", "kode_wilayah", "status"];

pub const MONTHLY_COLUMNS: [Column; 15] = [
    ("id_perpustakaan", "id_perpustakaan"),
    ("npp", "npp"),
    ("bulan", "period"),
    ("pengunjung_laki_laki", "visitors_male"),
    ("pengunjung_perempuan", "visitors_female"),
    ("total_pengunjung", "visitors_total"),
    ("anggota_baru", "new_members"),
    ("jumlah_anggota", "total_members"),
    ("peminjaman", "loans"),
    ("baca_di_tempat", "onsite_reading"),
    ("pengguna_tik", "ict_users"),
    ("koleksi_judul", "collection_titles"),
    ("koleksi_eksemplar", "collection_copies"),
    ("tenaga_pustakawan", "staff_librarians"),
    ("tenaga_lain", "staff_other"),
];

const MONTHLY_EXPORT_ONLY: [&str; 4] = ["id", "perpustakaan", "kode_wilayah", "status"];

pub const ACTIVITY_INSTRUCTIONS: [&str; 13] = [
    "Petunjuk impor laporan kegiatan Lentera",
    "1. Isi lembar 'Data': satu baris untuk satu kegiatan. Jangan mengubah baris judul.",
    "2. Perpustakaan: isi id_perpustakaan (angka di alamat halaman perpustakaan, /perpustakaan/123) atau npp.",
    "3. Wajib: tanggal_mulai (hh/bb/tttt atau tttt-bb-hh), judul, kategori (nama kategori seperti di Lentera), laki_laki dan perempuan.",
    "4. Jumlah laki_laki + perempuan = total_peserta (bila diisi); anak + remaja + dewasa + lansia = total bila diisi; disabilitas tidak melebihi total.",
    "5. Tanggal tidak boleh di masa depan; tanggal_selesai kosong berarti sehari.",
    "6. tambahan_penghasilan_rp: rupiah tanpa titik atau dengan titik ribuan (1.500.000).",
    "7. tautan: beberapa alamat dipisah spasi. kisah_boleh_dibagikan: ya/tidak.",
    "8. Bila ada baris yang salah, tidak ada data yang disimpan; daftar kesalahan per baris ditampilkan.",
    "9. Mengimpor berkas yang sama dua kali tidak membuat data ganda: kegiatan dengan perpustakaan, tanggal mulai dan judul yang sama dilewati.",
    "10. id_klien (opsional) adalah UUID dari aplikasi lain; kosongkan bila tidak ada.",
    "11. Hasil ekspor daftar kegiatan dapat diimpor kembali (kolom id, perpustakaan, kode_wilayah, status diabaikan).",
    "12. CSV: simpan sebagai CSV UTF-8; pemisah koma atau titik koma diterima.",
];

pub const MONTHLY_INSTRUCTIONS: [&str; 10] = [
    "Petunjuk impor laporan bulanan Lentera",
    "1. Isi lembar 'Data': satu baris untuk satu perpustakaan per bulan. Jangan mengubah baris judul.",
    "2. Perpustakaan: isi id_perpustakaan (angka di alamat halaman perpustakaan) atau npp.",
    "3. bulan: tttt-bb, mis. 2026-10. Wajib: pengunjung_laki_laki dan pengunjung_perempuan (isi 0 bila tidak ada).",
    "4. total_pengunjung (opsional) harus sama dengan laki-laki + perempuan; koleksi_eksemplar tidak kurang dari koleksi_judul.",
    "5. Satu laporan per perpustakaan per bulan. Bulan yang sudah ada dengan angka yang sama dilewati; dengan angka lain ditolak (ubah lewat formulirnya).",
    "6. Bila ada baris yang salah, tidak ada data yang disimpan; daftar kesalahan per baris ditampilkan.",
    "7. Mengimpor berkas yang sama dua kali tidak membuat data ganda.",
    "8. Hasil ekspor laporan bulanan dapat diimpor kembali (kolom id, perpustakaan, kode_wilayah, status diabaikan).",
    "9. CSV: simpan sebagai CSV UTF-8; pemisah koma atau titik koma diterima.",
];

pub fn headers(cols: &[Column]) -> Vec<&'static str> {
    cols.iter().map(|c| c.0).collect()
}

/// The header of the column a validation message names, for the row report.
pub fn column_of(cols: &[Column], field: &str) -> String {
    cols.iter().find(|c| c.1 == field).map(|c| c.0).unwrap_or(field).to_string()
}

/// Maps headers to positions. Unknown headers are an error, so a misspelt column never
/// silently drops data.
fn index(
    header: &[String],
    cols: &[Column],
    ignored: &[&str],
    required: &[&str],
) -> Result<HashMap<&'static str, usize>> {
    let mut index = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
        if h.is_empty() || ignored.contains(&h.as_str()) {
            continue;
        }
        match cols.iter().find(|c| c.0 == h) {
            Some(c) => {
                index.insert(c.0, i);
            }
            None => {
                return Err(Error::field(
                    "file",
                    &format!("Kolom '{h}' tidak dikenal. Gunakan templat impor."),
                    &format!("Unknown column '{h}'. Use the import template."),
                ));
            }
        }
    }
    for r in required {
        if !index.contains_key(r) {
            return Err(Error::field(
                "file",
                &format!("Kolom wajib '{r}' tidak ada."),
                &format!("Required column '{r}' is missing."),
            ));
        }
    }
    if !index.contains_key("id_perpustakaan") && !index.contains_key("npp") {
        return Err(Error::field(
            "file",
            "Perlu kolom id_perpustakaan atau npp.",
            "An id_perpustakaan or npp column is needed.",
        ));
    }
    Ok(index)
}

/// Data rows with their cells by header (blank rows dropped, as `data_row_numbers` counts).
fn records<'a>(
    rows: &'a [Vec<String>],
    cols: &[Column],
    ignored: &[&str],
    required: &[&str],
) -> Result<Vec<impl Fn(&str) -> Option<String> + 'a>> {
    let Some((header, data)) = rows.split_first() else {
        return Err(Error::field("file", "Berkas tidak berisi baris judul.", "The file has no header row."));
    };
    let index = index(header, cols, ignored, required)?;
    let data: Vec<_> = data
        .iter()
        .filter(|row| row.iter().any(|c| !c.trim().is_empty()))
        .map(move |row| {
            let index = index.clone();
            move |col: &str| {
                index.get(col).and_then(|&i| row.get(i)).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
            }
        })
        .collect();
    if data.is_empty() {
        return Err(Error::field("file", "Berkas tidak berisi baris data.", "The file has no data rows."));
    }
    Ok(data)
}

fn library_ref(cell: &impl Fn(&str) -> Option<String>) -> LibraryRef {
    LibraryRef { id: cell("id_perpustakaan"), npp: cell("npp") }
}

pub fn activity_rows(rows: &[Vec<String>]) -> Result<Vec<ActivityRow>> {
    let recs = records(rows, &ACTIVITY_COLUMNS, &ACTIVITY_EXPORT_ONLY, &["tanggal_mulai", "judul", "kategori"])?;
    Ok(recs
        .iter()
        .map(|c| ActivityRow {
            library: library_ref(c),
            client_id: c("id_klien"),
            category: c("kategori").unwrap_or_default(),
            input: ActivityInput {
                title: c("judul").unwrap_or_default(),
                start_date: c("tanggal_mulai").unwrap_or_default(),
                end_date: c("tanggal_selesai"),
                place: c("tempat"),
                category_id: String::new(),
                description: c("deskripsi"),
                resource_persons: c("narasumber"),
                partners: c("mitra"),
                participants_total: c("total_peserta"),
                male: c("laki_laki"),
                female: c("perempuan"),
                children: c("anak"),
                teens: c("remaja"),
                adults: c("dewasa"),
                elderly: c("lansia"),
                disabled: c("disabilitas"),
                outputs: c("hasil"),
                income_participants: c("peserta_berpenghasilan"),
                income_rupiah: c("tambahan_penghasilan_rp"),
                links: c("tautan"),
                story: c("kisah"),
                story_consent: c("kisah_boleh_dibagikan")
                    .is_some_and(|v| matches!(v.to_lowercase().as_str(), "ya" | "y" | "yes" | "1" | "true" | "setuju")),
                confirm_warnings: true,
            },
        })
        .collect())
}

pub fn monthly_rows(rows: &[Vec<String>]) -> Result<Vec<MonthlyRow>> {
    let recs = records(rows, &MONTHLY_COLUMNS, &MONTHLY_EXPORT_ONLY, &["bulan"])?;
    Ok(recs
        .iter()
        .map(|c| {
            let values = MonthlyFigures::FIELDS
                .iter()
                .filter_map(|(field, _, _)| {
                    let header = MONTHLY_COLUMNS.iter().find(|col| col.1 == *field)?.0;
                    Some((field.to_string(), c(header)?))
                })
                .collect();
            MonthlyRow {
                library: library_ref(c),
                input: MonthlyInput {
                    period: c("bulan").unwrap_or_default(),
                    values,
                    visitors_total: c("total_pengunjung"),
                    confirm_warnings: true,
                },
            }
        })
        .collect())
}

fn write(headers: &[&str], rows: Vec<Vec<String>>, xlsx: bool, instructions: &[&str]) -> Result<Vec<u8>> {
    if xlsx {
        crate::tabular::write_xlsx(headers, rows, instructions)
    } else {
        crate::tabular::write_csv(headers, rows)
    }
}

/// An empty template with one example row.
pub fn activity_template(xlsx: bool) -> Result<Vec<u8>> {
    let example = [
        "123",
        "",
        "",
        "14/10/2026",
        "",
        "Pelatihan membatik untuk ibu-ibu PKK",
        "Pelatihan keterampilan dan mata pencaharian",
        "Balai desa",
        "Pelatihan dua hari",
        "Ibu Ratna (pengrajin batik)",
        "PKK desa",
        "2",
        "18",
        "20",
        "",
        "",
        "20",
        "",
        "1",
        "20 kain batik",
        "4",
        "1.500.000",
        "https://instagram.com/p/contoh",
        "",
        "tidak",
    ];
    write(&headers(&ACTIVITY_COLUMNS), vec![example.map(String::from).to_vec()], xlsx, &ACTIVITY_INSTRUCTIONS)
}

pub fn monthly_template(xlsx: bool) -> Result<Vec<u8>> {
    let example = ["123", "", "2026-10", "120", "150", "270", "12", "340", "210", "95", "60", "1500", "2300", "1", "2"];
    write(&headers(&MONTHLY_COLUMNS), vec![example.map(String::from).to_vec()], xlsx, &MONTHLY_INSTRUCTIONS)
}

/// The reports the actor may see that match the filter, in the template's columns plus
/// columns for reading (id, library name, region, status).
pub fn export_activities(env: &Env, actor: &Actor, filter: ActivityFilter, xlsx: bool) -> Result<Vec<u8>> {
    let mut out_headers = vec!["id"];
    out_headers.extend(headers(&ACTIVITY_COLUMNS));
    out_headers.extend(["perpustakaan", "kode_wilayah", "status"]);
    let mut rows = Vec::new();
    lentera_core::services::activities::each(env, actor, filter, &mut |a| {
        let f = &a.fields;
        let p = &f.participants;
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        rows.push(vec![
            a.id.to_string(),
            a.library_id.to_string(),
            String::new(),
            o(&a.client_id),
            f.start_date.to_string(),
            f.end_date.to_string(),
            f.title.clone(),
            a.category_name.clone(),
            o(&f.place),
            o(&f.description),
            o(&f.resource_persons),
            o(&f.partners),
            p.male.to_string(),
            p.female.to_string(),
            p.total().to_string(),
            p.children.to_string(),
            p.teens.to_string(),
            p.adults.to_string(),
            p.elderly.to_string(),
            p.disabled.to_string(),
            o(&f.outputs),
            n(f.income_participants),
            n(f.income_rupiah),
            f.links.join(" "),
            o(&f.story),
            if f.story_consent { "ya" } else { "tidak" }.to_string(),
            a.library_name.clone(),
            a.region_code.to_string(),
            a.status.code().to_string(),
        ]);
        Ok(())
    })?;
    write(&out_headers, rows, xlsx, &[])
}

/// Monthly reports the actor may see that match the filter, in the template's columns.
pub fn export_monthly(env: &Env, actor: &Actor, filter: MonthlyFilter, xlsx: bool) -> Result<Vec<u8>> {
    let mut out_headers = vec!["id"];
    out_headers.extend(headers(&MONTHLY_COLUMNS));
    out_headers.extend(["perpustakaan", "kode_wilayah", "status"]);
    let mut rows = Vec::new();
    lentera_core::services::monthly::each(env, actor, filter, &mut |r| {
        let mut row = vec![r.id.to_string(), r.library_id.to_string(), String::new(), r.period.to_string()];
        let v = r.figures.values();
        row.extend(v[..2].iter().map(i64::to_string));
        row.push(r.figures.visitors().to_string());
        row.extend(v[2..].iter().map(i64::to_string));
        row.extend([r.library_name.clone(), r.region_code.to_string(), r.status.code().to_string()]);
        rows.push(row);
        Ok(())
    })?;
    write(&out_headers, rows, xlsx, &[])
}

/// Blank rows are skipped when reading; report row numbers as the spreadsheet shows them.
pub use crate::library_io::data_row_numbers;

/// Which kind of report a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Activities,
    Monthly,
}

/// Reads an uploaded file and imports its rows; also returns each data row's number as the
/// spreadsheet shows it.
pub fn import(
    env: &Env,
    actor: &Actor,
    kind: ReportKind,
    (name, bytes): (&str, &[u8]),
    mode: lentera_core::services::libraries::ImportMode,
    submit: bool,
) -> Result<(lentera_core::services::libraries::ImportReport, Vec<usize>)> {
    use lentera_core::services::report_import;
    let table = crate::tabular::read_table(name, bytes)?;
    let numbers = data_row_numbers(&table);
    let report = match kind {
        ReportKind::Activities => report_import::activities(env, actor, &activity_rows(&table)?, mode, submit)?,
        ReportKind::Monthly => report_import::monthly(env, actor, &monthly_rows(&table)?, mode, submit)?,
    };
    Ok((report, numbers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_read_back() {
        let rows = crate::tabular::read_table("t.xlsx", &activity_template(true).unwrap()).unwrap();
        let parsed = activity_rows(&rows).unwrap();
        assert_eq!(parsed[0].input.title, "Pelatihan membatik untuk ibu-ibu PKK");
        assert_eq!(parsed[0].library.id.as_deref(), Some("123"));
        let rows = crate::tabular::read_table("t.csv", &monthly_template(false).unwrap()).unwrap();
        let parsed = monthly_rows(&rows).unwrap();
        assert_eq!(parsed[0].input.values["loans"], "210");
        assert_eq!(parsed[0].input.visitors_total.as_deref(), Some("270"));
        let bad = vec![vec!["judul".to_string(), "warna".into()], vec!["x".into(), "y".into()]];
        assert!(activity_rows(&bad).is_err());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn grid(header: Vec<String>) -> impl Strategy<Value = Vec<Vec<String>>> {
            proptest::collection::vec(proptest::collection::vec("\\PC{0,14}", 0..30), 0..12).prop_map(
                move |mut rows| {
                    rows.insert(0, header.clone());
                    rows
                },
            )
        }

        fn today() -> time::Date {
            time::Date::from_calendar_date(2026, time::Month::December, 1).unwrap()
        }

        proptest! {
            #[test]
            fn any_activity_table_parses_or_names_its_problem(rows in grid(ACTIVITY_COLUMNS.iter().map(|c| c.0.to_string()).collect())) {
                if let Ok(parsed) = activity_rows(&rows) {
                    for r in parsed {
                        let _ = r.input.validate(today());
                    }
                }
            }

            #[test]
            fn any_monthly_table_parses_or_names_its_problem(rows in grid(MONTHLY_COLUMNS.iter().map(|c| c.0.to_string()).collect())) {
                if let Ok(parsed) = monthly_rows(&rows) {
                    for r in parsed {
                        let _ = r.input.validate(lentera_core::monthly::Period::of(today()));
                    }
                }
            }

            #[test]
            fn any_library_table_parses_or_names_its_problem(rows in grid(crate::library_io::headers().iter().map(|h| h.to_string()).collect())) {
                if let Ok(parsed) = crate::library_io::from_rows(&rows) {
                    for input in parsed {
                        let _ = input.validate(2026);
                    }
                }
            }

            #[test]
            fn any_header_is_accepted_or_refused(header in proptest::collection::vec("\\PC{0,20}", 0..30)) {
                let rows = vec![header, vec!["x".to_string()]];
                let _ = activity_rows(&rows);
                let _ = monthly_rows(&rows);
                let _ = crate::library_io::from_rows(&rows);
            }
        }
    }
}
