//! Reading and writing tables: CSV (comma or semicolon, with or without a UTF-8 BOM) and
//! XLSX. Used by imports and exports on pages, in the API and in the CLI.

use lentera_core::{Error, Result};

/// Limits on every table a stranger can send (imports on pages, in the API and the CLI).
/// They are checked while reading, before anything grows with the file's claims: a sheet
/// that names its last cell `XFD1048576`, an XLSX that unzips to gigabytes or a CSV of a
/// million rows is refused with a message naming the limit.
pub mod limits {
    /// Rows, the header included.
    pub const MAX_ROWS: usize = 50_001;
    /// Columns of any row.
    pub const MAX_COLUMNS: usize = 100;
    /// Cells kept in all (a row counts up to its last filled cell).
    pub const MAX_CELLS: usize = 1_500_000;
    /// Bytes of all the parts of an XLSX once unzipped.
    pub const MAX_XLSX_UNZIPPED: u64 = 80 * 1024 * 1024;
    /// Parts (files) inside an XLSX.
    pub const MAX_XLSX_PARTS: usize = 1_000;
}
use limits::*;

fn file_error(id: &str, en: &str) -> Error {
    Error::field("file", id, en)
}

fn too_many_rows() -> Error {
    file_error(
        &format!("Berkas melebihi batas {} baris data; bagi menjadi beberapa berkas.", MAX_ROWS - 1),
        &format!("The file exceeds the limit of {} data rows; split it into several files.", MAX_ROWS - 1),
    )
}

fn too_many_columns() -> Error {
    file_error(
        &format!("Berkas memuat isian di luar batas {MAX_COLUMNS} kolom; hapus kolom atau sel di sebelah kanan."),
        &format!(
            "The file has values beyond the limit of {MAX_COLUMNS} columns; remove the columns or cells on the right."
        ),
    )
}

fn too_many_cells() -> Error {
    file_error(
        &format!("Berkas melebihi batas {MAX_CELLS} sel; bagi menjadi beberapa berkas."),
        &format!("The file exceeds the limit of {MAX_CELLS} cells; split it into several files."),
    )
}

/// Rows of cells grown only as far as filled cells reach, within the limits.
#[derive(Default)]
struct Grid {
    rows: Vec<Vec<String>>,
    cells: usize,
}

impl Grid {
    fn put(&mut self, row: usize, col: usize, value: String) -> Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS {
            return Err(too_many_rows());
        }
        if col >= MAX_COLUMNS {
            return Err(too_many_columns());
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let r = &mut self.rows[row];
        if r.len() <= col {
            self.cells += col + 1 - r.len();
            if self.cells > MAX_CELLS {
                return Err(too_many_cells());
            }
            r.resize(col + 1, String::new());
        }
        r[col] = value;
        Ok(())
    }
}

/// Reads a file into rows of cells (the first row is the header). The format is taken from
/// the name's extension, falling back to sniffing the bytes (XLSX files are ZIP archives).
/// Reading stays within [`limits`].
pub fn read_table(filename: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    if bytes.is_empty() {
        return Err(file_error("Berkas kosong.", "The file is empty."));
    }
    let lower = filename.to_ascii_lowercase();
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    if lower.ends_with(".xlsx") || is_zip {
        read_xlsx(bytes)
    } else if lower.ends_with(".xls") {
        Err(file_error(
            "Format .xls lama tidak didukung; simpan sebagai .xlsx atau .csv.",
            "Old .xls is not supported; save as .xlsx or .csv.",
        ))
    } else {
        read_csv(bytes)
    }
}

/// Characters that make a spreadsheet program read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written into a CSV export: one that a spreadsheet would run as a formula
/// (`=HYPERLINK(…)`, `=cmd|…`) gets a leading apostrophe; plain numbers such as `-5` stay.
/// A cell that already looks escaped gets one more, so import gives back exactly the text.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(FORMULA_STARTS) && cell.parse::<f64>().is_err();
    if formula || looks_escaped(cell) { format!("'{cell}").into() } else { cell.into() }
}

fn looks_escaped(cell: &str) -> bool {
    cell.strip_prefix('\'').is_some_and(|rest| rest.starts_with(FORMULA_STARTS) || rest.starts_with('\''))
}

/// The inverse of [`csv_safe`] on import, so an export reads back as it was.
fn csv_unescape(cell: &str) -> &str {
    if looks_escaped(cell) { &cell[1..] } else { cell }
}

pub fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        file_error(
            "Berkas CSV harus berenkode UTF-8 (di Excel: Simpan sebagai → CSV UTF-8).",
            "The CSV must be UTF-8 encoded (Excel: Save as → CSV UTF-8).",
        )
    })?;
    // Spreadsheets set to Indonesian locale write semicolons.
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut grid = Grid::default();
    let mut record = csv::StringRecord::new();
    for i in 0.. {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(file_error(
                    &format!("CSV rusak di baris {}: {e}", i + 1),
                    &format!("Broken CSV at row {}: {e}", i + 1),
                ));
            }
        }
        if i >= MAX_ROWS {
            return Err(too_many_rows());
        }
        // Keep the row even when blank so row numbers in messages match the file.
        if grid.rows.len() <= i {
            grid.rows.resize_with(i + 1, Vec::new);
        }
        for (c, cell) in record.iter().enumerate() {
            grid.put(i, c, csv_unescape(cell).trim().to_string())?;
        }
    }
    Ok(grid.rows)
}

/// Unzips every part of the archive into nowhere, counting bytes, so a zip bomb is refused
/// after reading at most the limit — whatever sizes the archive claims.
fn check_zip_size(bytes: &[u8]) -> Result<()> {
    let unreadable = || {
        file_error(
            "Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX).",
            "The XLSX file cannot be read (broken or not XLSX).",
        )
    };
    let too_big = || {
        file_error(
            &format!(
                "Isi berkas XLSX melebihi batas {} MB setelah dibuka; bagi menjadi beberapa berkas.",
                MAX_XLSX_UNZIPPED / 1024 / 1024
            ),
            &format!(
                "The XLSX content exceeds the limit of {} MB once unzipped; split it into several files.",
                MAX_XLSX_UNZIPPED / 1024 / 1024
            ),
        )
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    if zip.len() > MAX_XLSX_PARTS {
        return Err(unreadable());
    }
    let mut left = MAX_XLSX_UNZIPPED;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|_| unreadable())?;
        if part.size() > left {
            return Err(too_big());
        }
        let read =
            std::io::copy(&mut std::io::Read::take(part, left + 1), &mut std::io::sink()).map_err(|_| unreadable())?;
        if read > left {
            return Err(too_big());
        }
        left -= read;
    }
    Ok(())
}

/// A cell as the user sees it in the office suite: dates as dd/mm/yyyy, whole numbers
/// without a decimal point, formulas by their saved value.
fn cell_text(c: calamine::DataRef) -> String {
    use calamine::DataRef;
    match c {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) => s.trim().to_string(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, _, _) = d.to_ymd_hms_milli();
            if (h, min) == (0, 0) {
                format!("{day:02}/{m:02}/{y:04}")
            } else {
                format!("{day:02}/{m:02}/{y:04} {h:02}:{min:02}")
            }
        }
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::DateTimeIso(s) => iso_date_text(&s),
        DataRef::DurationIso(s) => s,
    }
}

/// `2026-11-26` or `2026-11-26T08:30:00` (how some suites save date cells) as dd/mm/yyyy.
fn iso_date_text(s: &str) -> String {
    let date = s.get(..10).unwrap_or(s);
    let mut p = date.split('-');
    match (p.next(), p.next(), p.next()) {
        (Some(y), Some(m), Some(d)) if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}/{y}"),
        _ => s.to_string(),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    use calamine::{Reader, Xlsx};
    check_zip_size(bytes)?;
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| {
        file_error(
            "Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX).",
            "The XLSX file cannot be read (broken or not XLSX).",
        )
    })?;
    let names = wb.sheet_names();
    // The template's data sheet is "Data"; otherwise the first sheet.
    let sheet = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("data"))
        .or(names.first())
        .cloned()
        .ok_or_else(|| file_error("Berkas XLSX tidak berisi lembar kerja.", "The XLSX file has no worksheet."))?;
    let unreadable = || file_error("Lembar kerja XLSX tidak dapat dibaca.", "The XLSX worksheet cannot be read.");
    // Cell by cell, never through calamine's dense range: it allocates the whole rectangle
    // up to the last cell the sheet names.
    let mut cells = wb.worksheet_cells_reader(&sheet).map_err(|_| unreadable())?;
    let mut grid = Grid::default();
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
        let (row, col) = cell.get_position();
        grid.put(row as usize, col as usize, cell_text(cell.get_value().clone()))?;
    }
    Ok(grid.rows)
}

/// CSV with a UTF-8 BOM so spreadsheet programs open Indonesian names correctly.
pub fn write_csv(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(headers).map_err(Error::unexpected)?;
        for r in rows {
            // Cells needing no escape are written as they are, without a copy.
            let cells: Vec<_> = r.iter().map(|c| csv_safe(c)).collect();
            w.write_record(cells.iter().map(|c| c.as_bytes())).map_err(Error::unexpected)?;
        }
        w.flush().map_err(Error::unexpected)?;
    }
    Ok(out)
}

/// An XLSX workbook with a "Data" sheet and, optionally, an instructions sheet.
pub fn write_xlsx(
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    instructions: &[&str],
) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet();
    sheet.set_name("Data").map_err(Error::unexpected)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(Error::unexpected)?;
        sheet.set_column_width(c as u16, 18).map_err(Error::unexpected)?;
    }
    for (r, row) in rows.into_iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                // Text keeps codes such as 35.07 and NPPs exactly as written.
                sheet.write_string((r + 1) as u32, c as u16, v).map_err(Error::unexpected)?;
            }
        }
    }
    if !instructions.is_empty() {
        let help = wb.add_worksheet();
        help.set_name("Petunjuk").map_err(Error::unexpected)?;
        help.set_column_width(0, 110).map_err(Error::unexpected)?;
        for (i, line) in instructions.iter().enumerate() {
            help.write_string(i as u32, 0, *line).map_err(Error::unexpected)?;
        }
    }
    wb.save_to_buffer().map_err(Error::unexpected)
}

/// One sheet of a report workbook. Cells of `numeric` columns that parse as whole numbers
/// are written as numbers (so spreadsheets sum them); everything else as text.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<usize>,
}

/// A report workbook of several sheets.
pub fn write_xlsx_sheets(sheets: &[Sheet]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for s in sheets {
        let sheet = wb.add_worksheet();
        sheet.set_name(s.name).map_err(Error::unexpected)?;
        for (c, h) in s.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold).map_err(Error::unexpected)?;
            sheet.set_column_width(c as u16, if c == 0 { 36 } else { 16 }).map_err(Error::unexpected)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c16) = ((r + 1) as u32, c as u16);
                match v.parse::<f64>() {
                    Ok(n) if s.numeric.contains(&c) && n.is_finite() => sheet.write_number(r, c16, n),
                    _ if v.is_empty() => continue,
                    _ => sheet.write_string(r, c16, v),
                }
                .map_err(Error::unexpected)?;
            }
        }
    }
    wb.save_to_buffer().map_err(Error::unexpected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quirks() {
        let rows =
            read_table("a.csv", "\u{feff}nama;kode\n\"Soka\"\"an\";35.13\n\"Lambang Sari I, II, III\";52\n".as_bytes())
                .unwrap();
        assert_eq!(rows[1], vec!["Soka\"an", "35.13"]);
        assert_eq!(rows[2][0], "Lambang Sari I, II, III");
        assert!(read_table("a.csv", b"").is_err());
        assert!(read_table("a.csv", &[0xff, 0xfe, 0x00]).is_err());
        assert!(read_table("a.xlsx", b"PK\x03\x04garbage").is_err());
    }

    #[test]
    fn xlsx_round_trip() {
        let bytes = write_xlsx(&["a", "b"], vec![vec!["35.07".into(), "Soka\"an".into()]], &["help"]).unwrap();
        let rows = read_table("x.xlsx", &bytes).unwrap();
        assert_eq!(rows, vec![vec!["a".to_string(), "b".into()], vec!["35.07".into(), "Soka\"an".into()]]);
        let csv = write_csv(&["a"], vec![vec!["x,y".into()]]).unwrap();
        assert_eq!(read_table("x.csv", &csv).unwrap()[1], vec!["x,y"]);
    }

    fn message(e: Error) -> String {
        format!("{e:?}")
    }

    #[test]
    fn a_far_cell_is_refused_before_anything_grows() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let s = wb.add_worksheet();
        s.set_name("Data").unwrap();
        s.write_string(0, 0, "judul").unwrap();
        s.write_string(1_048_575, 16_383, "x").unwrap();
        let err = read_table("far.xlsx", &wb.save_to_buffer().unwrap()).unwrap_err();
        assert!(message(err).contains("50000 baris"));
        // A far column on the first row names the column limit.
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write_string(0, 16_383, "x").unwrap();
        assert!(message(read_table("far.xlsx", &wb.save_to_buffer().unwrap()).unwrap_err()).contains("100 kolom"));
    }

    #[test]
    fn csv_rows_beyond_the_limit_are_refused() {
        let text = "a\n".repeat(MAX_ROWS + 1);
        assert!(message(read_table("big.csv", text.as_bytes()).unwrap_err()).contains("50000 baris"));
        let text = "a\n".repeat(MAX_ROWS);
        assert_eq!(read_table("ok.csv", text.as_bytes()).unwrap().len(), MAX_ROWS);
    }

    #[test]
    fn a_zip_bomb_is_refused_by_what_it_unzips_to() {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/sharedStrings.xml", opts).unwrap();
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..(MAX_XLSX_UNZIPPED / (1024 * 1024) + 1) {
            z.write_all(&chunk).unwrap();
        }
        let bytes = z.finish().unwrap().into_inner();
        assert!(bytes.len() < 200_000);
        assert!(message(read_table("bomb.xlsx", &bytes).unwrap_err()).contains("80 MB"));
    }

    #[test]
    fn office_suite_cells_read_as_the_user_sees_them() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
        let mut wb = Workbook::new();
        let s = wb.add_worksheet();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let stamp = Format::new().set_num_format("dd/mm/yyyy hh:mm");
        s.write_string(0, 0, "tanggal").unwrap();
        s.write_datetime_with_format(1, 0, ExcelDateTime::from_ymd(2026, 11, 26).unwrap(), &date).unwrap();
        s.write_datetime_with_format(
            1,
            1,
            ExcelDateTime::from_ymd(2026, 11, 26).unwrap().and_hms(8, 30, 0).unwrap(),
            &stamp,
        )
        .unwrap();
        s.write_number(1, 2, 25.0).unwrap();
        s.write_string(1, 3, "1.234").unwrap();
        s.write_formula(1, 4, Formula::new("=10+15").set_result("25")).unwrap();
        s.write_number(1, 5, 2.5).unwrap();
        let rows = read_table("office.xlsx", &wb.save_to_buffer().unwrap()).unwrap();
        assert_eq!(rows[1], vec!["26/11/2026", "26/11/2026 08:30", "25", "1.234", "25", "2.5"]);
        assert_eq!(lentera_core::activity::parse_date(&rows[1][0]).unwrap().to_string(), "2026-11-26");
    }

    #[test]
    fn csv_exports_neutralise_formulas_and_read_back_equal() {
        let cells = [
            "=HYPERLINK(\"http://x\")",
            "=cmd|' /C calc'!A0",
            "+1+1",
            "@SUM(A1)",
            "-5",
            "-2+3",
            "\tx",
            "biasa",
            "'=x",
            "\n'\t",
        ];
        let csv = write_csv(&["a"], cells.iter().map(|c| vec![c.to_string()])).unwrap();
        let mut raw = csv::ReaderBuilder::new().from_reader(&csv[3..]);
        for rec in raw.records() {
            let cell = rec.unwrap()[0].to_string();
            let formula = cell.starts_with(FORMULA_STARTS) && cell.parse::<f64>().is_err();
            assert!(!formula, "{cell:?} reaches the spreadsheet as a formula");
        }
        let back: Vec<String> = read_table("e.csv", &csv).unwrap().into_iter().skip(1).map(|r| r[0].clone()).collect();
        // Leading/trailing blanks are trimmed on import, as for any cell.
        assert_eq!(back, cells.iter().map(|c| c.trim().to_string()).collect::<Vec<_>>());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn any_bytes_read_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..2048), xlsx in any::<bool>()) {
                let name = if xlsx { "f.xlsx" } else { "f.csv" };
                if let Ok(rows) = read_table(name, &bytes) {
                    prop_assert!(rows.len() <= MAX_ROWS);
                    prop_assert!(rows.iter().all(|r| r.len() <= MAX_COLUMNS));
                }
            }

            #[test]
            fn any_text_table_survives_a_csv_round_trip(rows in proptest::collection::vec(
                proptest::collection::vec("[^\\x00]{0,12}", 3), 1..20)) {
                let csv = write_csv(&["a", "b", "c"], rows.clone()).unwrap();
                let back = read_table("r.csv", &csv).unwrap();
                for (want, got) in rows.iter().zip(back.iter().skip(1)) {
                    for (i, w) in want.iter().enumerate() {
                        prop_assert_eq!(got.get(i).map(String::as_str).unwrap_or(""), w.trim());
                    }
                }
            }

            #[test]
            fn a_zip_holding_random_parts_never_panics(parts in proptest::collection::vec(
                ("(xl/worksheets/sheet1|xl/workbook|xl/sharedStrings|\\[Content_Types\\])\\.xml", proptest::collection::vec(any::<u8>(), 0..512)), 0..5)) {
                use std::io::Write;
                let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                for (name, data) in &parts {
                    if z.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).is_ok() {
                        z.write_all(data).unwrap();
                    }
                }
                let bytes = z.finish().unwrap().into_inner();
                let _ = read_table("z.xlsx", &bytes);
            }
        }
    }
}
