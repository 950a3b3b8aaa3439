//! Regression tests for what a hostile or unlucky input did before the hardening work
//! (issue 11): each test names its finding and failed on the code before the fix.

use serde_json::Value;

use crate::support::{TestApp, app, client, get_json, login};

async fn post_import(app: &TestApp, token: &str, body: Vec<u8>) -> (u16, Value) {
    let r = client().post(app.url("/api/v1/activities/import")).bearer_auth(token).body(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn healthy(app: &TestApp) {
    assert_eq!(client().get(app.url("/healthz")).send().await.unwrap().status(), 200);
}

fn first_message(e: &Value) -> String {
    e["error"]["fields"][0]["message"].as_str().unwrap_or_default().to_string()
}

/// Finding 1: a sheet holding `A1` and its last cell made the reader allocate 512 GiB.
#[tokio::test]
async fn a_sparse_sheet_reaching_the_last_cell_is_refused_not_allocated() {
    let app = app();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Data").unwrap();
    sheet.write_string(0, 0, "id_perpustakaan").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let (s, e) = post_import(app, &app.token("manager_a"), wb.save_to_buffer().unwrap()).await;
    assert_eq!(s, 422, "{e}");
    assert!(first_message(&e).contains("50000 baris"), "{e}");
    healthy(app).await;
}

/// Finding 4: an XLSX of 3.8 MB unzipping to 1 GB took 4 GB of memory before its 422.
#[tokio::test]
async fn an_xlsx_zip_bomb_is_refused_by_what_it_unzips_to() {
    use std::io::Write;
    let app = app();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..200 {
        z.write_all(&chunk).unwrap();
    }
    let bomb = z.finish().unwrap().into_inner();
    let (s, e) = post_import(app, &app.token("manager_a"), bomb).await;
    assert_eq!(s, 422, "{e}");
    assert!(first_message(&e).contains("80 MB"), "{e}");
    healthy(app).await;
}

/// Finding 4: a 1,000,000-row CSV was read whole to answer "1,000,000 errors".
#[tokio::test]
async fn a_million_row_csv_is_refused_at_the_row_limit() {
    let app = app();
    let csv = format!("judul\n{}", "x\n".repeat(1_000_000));
    let (s, e) = post_import(app, &app.token("manager_a"), csv.into_bytes()).await;
    assert_eq!(s, 422, "{e}");
    assert!(first_message(&e).contains("50000 baris"), "{e}");
}

/// Finding 14: a date typed in Excel or LibreOffice is a date cell (a serial number with a
/// date format); it read as its serial number and the import said the date was missing.
#[tokio::test]
async fn dates_saved_by_an_office_suite_import_as_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let app = TestApp::start(true);
    let a = app.libs["a"].id;
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Data").unwrap();
    for (c, h) in
        ["id_perpustakaan", "tanggal_mulai", "judul", "kategori", "laki_laki", "perempuan", "dewasa"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, a as f64).unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2026, 11, 26).unwrap(), &date).unwrap();
    sheet.write_string(1, 2, "Kelas membatik").unwrap();
    sheet.write_string(1, 3, "Pelatihan keterampilan dan mata pencaharian").unwrap();
    // Numbers typed as numbers and as text with an Indonesian thousands separator.
    sheet.write_number(1, 4, 2.0).unwrap();
    sheet.write_string(1, 5, "18").unwrap();
    sheet.write_formula(1, 6, rust_xlsxwriter::Formula::new("=E2+F2").set_result("20")).unwrap();
    let token = app.token("manager_a");
    let (s, r) = post_import(&app, &token, wb.save_to_buffer().unwrap()).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["imported"], 1, "{r}");
    let (_, list) = get_json(&client(), &app.url(&format!("/api/v1/activities?library_id={a}")), &token).await;
    assert_eq!(list["items"][0]["start_date"], "2026-11-26", "{list}");
}

/// Finding 5: names and titles starting with `=` went raw into CSV exports.
#[tokio::test]
async fn csv_exports_do_not_carry_formulas() {
    let app = TestApp::start(true);
    let token = app.token("admin");
    let evil = "=HYPERLINK(\"http://evil.example\",\"klik\")";
    let r = client()
        .post(app.url("/api/v1/libraries"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": evil, "library_type": "umum_desa", "status": "aktif", "region_code": "35.07.12.2001"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let (c, _) = login(&app, "admin").await;
    let page = c.get(app.url("/perpustakaan/ekspor.csv")).send().await.unwrap().text().await.unwrap();
    let api = client()
        .get(app.url("/api/v1/libraries/export?format=csv"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for export in [&page, &api] {
        assert!(export.contains("\"'=HYPERLINK("), "{export}");
        assert!(!export.contains(",\"=HYPERLINK(") && !export.contains(",=HYPERLINK("), "{export}");
    }
    // The activity export too.
    let a = app.libs["a"].id;
    let csv = format!(
        "id_perpustakaan,tanggal_mulai,judul,kategori,laki_laki,perempuan,dewasa\n{a},14/10/2026,\"=cmd|' /C calc'!A0\",Lingkungan,1,1,2\n"
    );
    let (s, r) = post_import(&app, &token, csv.into_bytes()).await;
    assert_eq!(s, 200, "{r}");
    let export = c.get(app.url("/kegiatan/ekspor.csv")).send().await.unwrap().text().await.unwrap();
    assert!(export.contains("'=cmd|"), "{export}");
    assert!(!export.contains(",\"=cmd") && !export.contains(",=cmd"), "{export}");
}
