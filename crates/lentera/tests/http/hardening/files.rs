//! Files a stranger sends or receives: spreadsheets, CSV exports, photos, Zoom reports.

use serde_json::Value;

use super::{first_message, healthy, new_event, nominate, post_import};
use lentera_test_support::{TestApp, app, client, get_json, get_text, login};

/// A template-like workbook: a "Data" sheet whose first row holds `headers`.
fn data_sheet<'a>(wb: &'a mut rust_xlsxwriter::Workbook, headers: &[&str]) -> &'a mut rust_xlsxwriter::Worksheet {
    let sheet = wb.add_worksheet();
    sheet.set_name("Data").unwrap();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet
}

/// Finding 1: a sheet holding `A1` and its last cell made the reader allocate 512 GiB.
#[tokio::test]
async fn a_sparse_sheet_reaching_the_last_cell_is_refused_not_allocated() {
    let app = app();
    let mut wb = rust_xlsxwriter::Workbook::new();
    data_sheet(&mut wb, &["id_perpustakaan"]).write_string(1_048_575, 16_383, "x").unwrap();
    let (s, e) = post_import(app, &app.token("manager_a"), wb.save_to_buffer().unwrap()).await;
    assert_eq!(s, 422, "{e}");
    assert!(first_message(&e).contains("50000 baris"), "{e}");
    healthy(app).await;
}

/// Finding 4: an XLSX of 3.8 MB unzipping to 1 GB took 4 GB of memory before its 422. Here a
/// real workbook whose sheet is padded to 200 MB once unzipped.
#[tokio::test]
async fn an_xlsx_zip_bomb_is_refused_by_what_it_unzips_to() {
    use std::io::{Read, Write};
    let app = app();
    let mut wb = rust_xlsxwriter::Workbook::new();
    data_sheet(&mut wb, &["id_perpustakaan", "tanggal_mulai", "judul", "kategori"]);
    let workbook = wb.save_to_buffer().unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(workbook)).unwrap();
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..source.len() {
        let mut part = source.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut xml = Vec::new();
        part.read_to_end(&mut xml).unwrap();
        bomb.start_file(name.as_str(), opts).unwrap();
        match xml.windows(11).position(|w| w == b"<sheetData>") {
            Some(at) if name.contains("worksheets/") => {
                bomb.write_all(&xml[..at + 11]).unwrap();
                let blanks = vec![b' '; 1024 * 1024];
                for _ in 0..200 {
                    bomb.write_all(&blanks).unwrap();
                }
                bomb.write_all(&xml[at + 11..]).unwrap();
            }
            _ => bomb.write_all(&xml).unwrap(),
        }
    }
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    let (s, e) = post_import(app, &app.token("manager_a"), bomb).await;
    assert_eq!(s, 422, "{e}");
    assert!(first_message(&e).contains("80 MB"), "{e}");
    healthy(app).await;
}

/// Finding 4: a 1,000,000-row CSV was read and checked whole (14–58 s, up to 1.8 GB) to
/// answer "1,000,000 errors".
#[tokio::test]
async fn a_million_row_csv_is_refused_at_the_row_limit() {
    let app = app();
    let csv = format!("id_perpustakaan,tanggal_mulai,judul,kategori\n{}", "1,x,x,x\n".repeat(1_000_000));
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
    let sheet = data_sheet(
        &mut wb,
        &["id_perpustakaan", "tanggal_mulai", "judul", "kategori", "laki_laki", "perempuan", "dewasa"],
    );
    sheet.write_number(1, 0, a.get() as f64).unwrap();
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
    let api = get_text(&client(), &app.url("/api/v1/libraries/export?format=csv"), &token).await;
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

async fn draft_activity(app: &TestApp, token: &str) -> i64 {
    let body = serde_json::json!({
        "library_id": app.libs["a"].id, "title": "Kelas foto", "start_date": "2026-10-14", "category_id": 1,
        "participants": {"male": 2, "female": 18, "adults": 20}
    });
    let r = client().post(app.url("/api/v1/activities")).bearer_auth(token).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let mut body = kind.to_vec();
    body.extend(data);
    let mut crc = 0xFFFF_FFFFu32;
    for b in &body {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    out.extend((data.len() as u32).to_be_bytes());
    out.extend(&body);
    out.extend((!crc).to_be_bytes());
}

/// A well-formed PNG header claiming `w`×`h` pixels, with a first slice of image data:
/// what a decoder sees at the start of a small file that inflates to hundreds of MB.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png_chunk(&mut png, b"IHDR", &ihdr);
    png_chunk(&mut png, b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00]);
    png_chunk(&mut png, b"IEND", &[]);
    png
}

/// Finding 4: a 12000×11000 PNG was decoded (410 MB each); a form with 70 files was decoded
/// one by one although only 10 are allowed.
#[tokio::test]
async fn photos_are_refused_from_their_header_and_their_count() {
    let app = TestApp::start(true);
    let manager = app.token("manager_a");
    let id = draft_activity(&app, &manager).await;
    let r = client()
        .post(app.url(&format!("/api/v1/activities/{id}/photos")))
        .bearer_auth(&manager)
        .header("content-type", "image/png")
        .body(png_claiming(12_000, 11_000))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    assert!(first_message(&e).contains("50 megapiksel"), "{e}");

    let (c, csrf) = login(&app, "manager_a").await;
    let mut form = reqwest::multipart::Form::new().text("_csrf", csrf);
    for i in 0..11 {
        let jpeg = {
            let img = image::RgbImage::from_pixel(8, 8, image::Rgb([200, 100, 50]));
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
            out.into_inner()
        };
        form = form.part("photo", reqwest::multipart::Part::bytes(jpeg).file_name(format!("f{i}.jpg")));
    }
    let r = c.post(app.url(&format!("/kegiatan/{id}/foto"))).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Paling banyak 10 foto"));
    let (_, photos) = get_json(&client(), &app.url(&format!("/api/v1/activities/{id}/photos")), &manager).await;
    assert_eq!(photos["items"].as_array().map(Vec::len), Some(0), "none decoded or stored: {photos}");
    healthy(&app).await;
}

/// Finding 11: Zoom's "export with meeting data" puts the meeting under its own header
/// first; the importer took that header for the participants' and counted no one present.
#[tokio::test]
async fn zoom_export_with_meeting_data_counts_the_participants() {
    use serde_json::json;
    let app = TestApp::start(true);
    let c = client();
    let day = lentera_test_support::today(lentera_core::region::TimeZone::Wib) - time::Duration::days(1);
    let event = json!({
        "name": "Bimtek daring", "type_id": 3, "year": day.year(), "batch": 1, "province_code": "35",
        "organiser_region": "35", "mode": "daring", "meeting_link": "https://zoom.us/j/1",
        "start_date": day.to_string(), "end_date": day.to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8
    });
    let prov = app.token("prov35");
    let id = new_event(&app, &prov, &event).await;
    for (name, phone, email) in
        [("Siti Aminah", "081200000011", Some("siti@desa.id")), ("Budi Santoso", "081200000012", None)]
    {
        let body = json!({"person": {"full_name": name, "gender": "p", "library_id": app.libs["a"].id,
            "phone": phone, "email": email}});
        assert_eq!(nominate(&app, &prov, id, &body).await.0, 201);
    }
    let us = |t: &str| format!("{}/{}/{} {t}", day.month() as u8, day.day(), day.year());
    let zoom = format!(
        "Topic,Meeting ID,Host Name,Host Email,Start Time,End Time,User Name (Original Name),Email,Duration (Minutes),Participants\n\
         Bimtek daring,812 3456 7890,Panitia,host@perpusnas.go.id,{a},{b},Panitia,host@perpusnas.go.id,480,4\n\
         \n\
         Name (Original Name),Email,Join Time,Leave Time,Duration (Minutes),Guest,In Waiting Room\n\
         Siti Aminah,siti@desa.id,{a},{n},240,Yes,No\n\
         Siti Aminah,siti@desa.id,{p},{q},120,Yes,No\n\
         Budi Santoso,,{a},{b},480,Yes,No\n\
         Galaxy A12,,{a},{b},480,Yes,No\n",
        a = us("08:00:00 AM"),
        b = us("04:00:00 PM"),
        n = us("12:00:00 PM"),
        p = us("01:00:00 PM"),
        q = us("03:00:00 PM"),
    );
    let r = c
        .post(app.url(&format!("/api/v1/events/{id}/attendance/conference")))
        .bearer_auth(&prov)
        .json(&json!({"day": day.to_string(), "csv": zoom}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r: Value = r.json().await.unwrap();
    assert_eq!(r["present"], 2, "Siti (240 + 120 of 480 minutes) and Budi: {r}");
    let unmatched: Vec<&str> = r["unmatched"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(unmatched, ["Galaxy A12"], "{r}");
}
