//! Reading and writing tables: CSV (comma or semicolon, with or without a UTF-8 BOM) and
//! XLSX. Used by imports and exports on pages, in the API and in the CLI.

use lentera_core::{Error, Result};

fn file_error(id: &str, en: &str) -> Error {
    Error::field("file", id, en)
}

/// Reads a file into rows of cells (the first row is the header). The format is taken from
/// the name's extension, falling back to sniffing the bytes (XLSX files are ZIP archives).
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
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| {
            file_error(&format!("CSV rusak di baris {}: {e}", i + 1), &format!("Broken CSV at row {}: {e}", i + 1))
        })?;
        rows.push(rec.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).map_err(|_| {
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
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|_| file_error("Lembar kerja XLSX tidak dapat dibaca.", "The XLSX worksheet cannot be read."))?;
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.trim().to_string(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

/// CSV with a UTF-8 BOM so spreadsheet programs open Indonesian names correctly.
pub fn write_csv(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(headers).map_err(Error::unexpected)?;
        for r in rows {
            w.write_record(&r).map_err(Error::unexpected)?;
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
}
