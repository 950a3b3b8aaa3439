//! The library table format shared by the import template, imports and exports, so an
//! export can be edited and imported again.

use lentera_core::services::Env;
use std::collections::HashMap;

use lentera_core::library::{Library, LibraryInput};
use lentera_core::{Error, Result};

/// Column headers (Indonesian) with the English names also accepted on import.
pub const COLUMNS: [(&str, &str); 17] = [
    ("nama", "name"),
    ("jenis", "library_type"),
    ("status", "status"),
    ("npp", "npp"),
    ("kode_wilayah", "region_code"),
    ("alamat", "address"),
    ("lintang", "latitude"),
    ("bujur", "longitude"),
    ("lembaga_induk", "parent_institution"),
    ("tahun_berdiri", "founded_year"),
    ("kepala", "head_name"),
    ("telepon", "phone"),
    ("email", "email"),
    ("hari_buka", "opening_days"),
    ("luas_gedung_m2", "building_area_m2"),
    ("tahun_program", "programme_year"),
    ("jenis_dukungan", "programme_tier"),
];

pub fn headers() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.0).collect()
}

pub const INSTRUCTIONS: [&str; 12] = [
    "Petunjuk impor perpustakaan Lentera",
    "1. Isi lembar 'Data': satu baris untuk satu perpustakaan. Jangan mengubah baris judul.",
    "2. Kolom wajib: nama, jenis, kode_wilayah. Kode wilayah memakai bentuk resmi bertitik, mis. 35.07.12.2001 (desa/kelurahan).",
    "3. jenis: nasional, umum_provinsi, umum_kabkota, umum_kecamatan, umum_desa, sekolah_sd, sekolah_smp, sekolah_sma, perguruan_tinggi, khusus, tbm.",
    "4. status: aktif (bawaan bila kosong), tidak_aktif, tutup, dilikuidasi.",
    "5. npp boleh kosong; bila diisi harus unik.",
    "6. tahun_program dan jenis_dukungan diisi bersama: penuh, buku, replikasi_apbd, replikasi_mandiri.",
    "7. lintang/bujur memakai titik desimal, mis. -7.2575 dan 112.7521.",
    "8. Bila ada baris yang salah, tidak ada data yang disimpan; daftar kesalahan per baris ditampilkan.",
    "   Anda dapat memilih 'impor hanya baris yang benar'.",
    "9. CSV: simpan sebagai CSV UTF-8; pemisah koma atau titik koma diterima.",
    "Data wilayah: idn-area-data 4.0.1 (kode Kemendagri), ODbL 1.0.",
];

/// The libraries the actor may see that match the filter, as a CSV or XLSX file in the
/// template's columns.
pub fn export(
    env: &Env,
    actor: &lentera_core::access::Actor,
    filter: lentera_core::library::LibraryFilter,
    xlsx: bool,
) -> Result<Vec<u8>> {
    let mut rows = Vec::new();
    lentera_core::services::libraries::each(env, actor, filter, &mut |l| {
        rows.push(to_row(l));
        Ok(())
    })?;
    if xlsx { crate::tabular::write_xlsx(&headers(), rows, &[]) } else { crate::tabular::write_csv(&headers(), rows) }
}

pub fn to_row(l: &Library) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    vec![
        l.name.clone(),
        l.library_type.code().into(),
        l.status.code().into(),
        o(&l.npp),
        l.region_code.to_string(),
        o(&l.address),
        l.latitude.map(|v| v.to_string()).unwrap_or_default(),
        l.longitude.map(|v| v.to_string()).unwrap_or_default(),
        o(&l.parent_institution),
        n(l.founded_year.map(i64::from)),
        o(&l.head_name),
        o(&l.phone),
        o(&l.email),
        o(&l.opening_days),
        n(l.building_area_m2),
        n(l.programme_year.map(i64::from)),
        l.programme_tier.map(|t| t.code().to_string()).unwrap_or_default(),
    ]
}

/// Turns table rows (header first) into library inputs. Unknown headers are an error, so a
/// misspelt column never silently drops data.
pub fn from_rows(rows: &[Vec<String>]) -> Result<Vec<LibraryInput>> {
    let Some((header, data)) = rows.split_first() else {
        return Err(Error::field("file", "Berkas tidak berisi baris judul.", "The file has no header row."));
    };
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
        if h.is_empty() {
            continue;
        }
        match COLUMNS.iter().find(|(id, en)| *id == h || *en == h) {
            Some((id, _)) => {
                index.insert(id, i);
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
    for required in ["nama", "jenis", "kode_wilayah"] {
        if !index.contains_key(required) {
            return Err(Error::field(
                "file",
                &format!("Kolom wajib '{required}' tidak ada."),
                &format!("Required column '{required}' is missing."),
            ));
        }
    }
    let cell = |row: &Vec<String>, col: &str| index.get(col).and_then(|&i| row.get(i)).cloned().unwrap_or_default();
    let opt = |row: &Vec<String>, col: &str| Some(cell(row, col)).filter(|s| !s.trim().is_empty());
    Ok(data
        .iter()
        .filter(|row| row.iter().any(|c| !c.trim().is_empty()))
        .map(|row| LibraryInput {
            name: cell(row, "nama"),
            library_type: cell(row, "jenis"),
            status: cell(row, "status"),
            npp: opt(row, "npp"),
            region_code: cell(row, "kode_wilayah"),
            address: opt(row, "alamat"),
            latitude: opt(row, "lintang"),
            longitude: opt(row, "bujur"),
            parent_institution: opt(row, "lembaga_induk"),
            founded_year: opt(row, "tahun_berdiri"),
            head_name: opt(row, "kepala"),
            phone: opt(row, "telepon"),
            email: opt(row, "email"),
            opening_days: opt(row, "hari_buka"),
            building_area_m2: opt(row, "luas_gedung_m2"),
            programme_year: opt(row, "tahun_program"),
            programme_tier: opt(row, "jenis_dukungan"),
        })
        .collect())
}

/// Blank rows are skipped when reading; report row numbers as the spreadsheet shows them.
pub fn data_row_numbers(rows: &[Vec<String>]) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .skip(1)
        .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, _)| i + 1)
        .collect()
}
