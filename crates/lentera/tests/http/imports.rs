//! Imports and exports with real-world file quirks.

use serde_json::Value;

use lentera_test_support::{TestApp, client, csrf_of, get_json, login};

const HEADER: &str = "nama,jenis,status,npp,kode_wilayah,telepon,tahun_program,jenis_dukungan";

async fn total(app: &TestApp, c: &reqwest::Client, t: &str) -> i64 {
    get_json(c, &app.url("/api/v1/libraries?per_page=1"), t).await.1["total"].as_i64().unwrap()
}

async fn import(app: &TestApp, c: &reqwest::Client, t: &str, body: Vec<u8>, mode: &str) -> (u16, Value) {
    let r = c
        .post(app.url(&format!("/api/v1/libraries/import?mode={mode}")))
        .bearer_auth(t)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn csv_quirks_all_or_nothing_then_valid_only() {
    let app = TestApp::start(true);
    let c = client();
    let t = app.token("prov35");
    let before = total(&app, &c, &t).await;
    // BOM, semicolons, doubled quotes, commas inside quotes, blank line, one bad row, one
    // row outside the coordinator's province, duplicate NPP inside the file.
    let csv = "\u{feff}nama;jenis;status;npp;kode_wilayah;telepon;tahun_program;jenis_dukungan\n\
               \"Perpustakaan Desa Soka\"\"an\";umum_desa;aktif;3513152C0000009;35.13.15.2017;0812-3456-7890;2023;penuh\n\
               \"TBM Lambang Sari I, II, III\";tbm;;;35.07.12.2001;;;\n\
               \n\
               Perpustakaan Rusak;kapal;aktif;;35.07.12.2001;;;\n\
               Perpustakaan Luar Provinsi;umum_desa;aktif;;52.01.01.2002;;;\n\
               Kembar;umum_desa;aktif;3513152C0000009;35.07.12.2002;;;\n";
    let (status, report) = import(&app, &c, &t, csv.as_bytes().to_vec(), "all").await;
    assert_eq!(status, 200, "the report is the answer");
    assert_eq!(report["written"], false);
    assert_eq!(report["rows"], 5);
    assert_eq!(report["valid"], 2);
    let rows: Vec<i64> = report["errors"].as_array().unwrap().iter().map(|e| e["row"].as_i64().unwrap()).collect();
    assert_eq!(rows.len(), 3, "{report}");
    assert_eq!(total(&app, &c, &t).await, before, "nothing written");
    // Only the valid rows, on request.
    let (status, report) = import(&app, &c, &t, csv.as_bytes().to_vec(), "valid").await;
    assert_eq!(status, 200);
    assert_eq!(report["imported"], 2);
    assert_eq!(total(&app, &c, &t).await, before + 2);
    let (_, found) = get_json(&c, &app.url("/api/v1/libraries?q=soka"), &t).await;
    assert_eq!(found["items"][0]["name"], "Perpustakaan Desa Soka\"an");
    let (_, found) = get_json(&c, &app.url("/api/v1/libraries?q=lambang%20sari%20i%20ii"), &t).await;
    assert_eq!(found["items"][0]["name"], "TBM Lambang Sari I, II, III");
    // Importing the same NPP again is refused per row.
    let again = format!("{HEADER}\nLagi,umum_desa,aktif,3513152C0000009,35.13.15.2017,,,\n");
    let (status, report) = import(&app, &c, &t, again.into_bytes(), "all").await;
    assert_eq!((status, report["written"].as_bool()), (200, Some(false)));
    assert_eq!(report["errors"][0]["errors"][0]["field"], "npp");
}

#[tokio::test]
async fn broken_files_are_refused_cleanly() {
    let app = TestApp::start(true);
    let c = client();
    let t = app.token("admin");
    for (body, what) in [
        (Vec::new(), "empty"),
        (vec![0xff, 0xfe, 0x41, 0x00], "not utf-8"),
        (b"PK\x03\x04this is not a zip".to_vec(), "broken xlsx"),
        (b"foo,bar\n1,2\n".to_vec(), "unknown columns"),
        (format!("{HEADER}\n").into_bytes(), "header only"),
        (b"nama,jenis\n\"unterminated,tbm\n".to_vec(), "missing required column"),
    ] {
        let r = c.post(app.url("/api/v1/libraries/import")).bearer_auth(&t).body(body).send().await.unwrap();
        assert_eq!(r.status(), 422, "{what}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["fields"][0]["field"], "file", "{what}: {e}");
    }
    // A viewer may not import at all.
    let r = c
        .post(app.url("/api/v1/libraries/import"))
        .bearer_auth(app.token("viewer35"))
        .body(format!("{HEADER}\nA,tbm,,,35.07.12.2001,,,\n"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn xlsx_export_imports_back() {
    let app = TestApp::start(true);
    let c = client();
    let t = app.token("admin");
    let xlsx = c
        .get(app.url("/api/v1/libraries/export?format=xlsx&region=35"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(xlsx.starts_with(b"PK"));
    // Re-importing the export into the same registry only clashes where NPPs exist; here the
    // fixtures have none, so it duplicates both Jawa Timur libraries.
    let r = c
        .post(app.url("/api/v1/libraries/import?mode=check&format=xlsx"))
        .bearer_auth(&t)
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .body(xlsx.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["rows"], 2);
    assert_eq!(report["valid"], 2);
    assert_eq!(report["written"], false);
}

#[tokio::test]
async fn import_page_shows_row_errors_in_indonesian() {
    let app = TestApp::start(true);
    let (c, csrf) = login(&app, "reg3507").await;
    let page = c.get(app.url("/perpustakaan/impor")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Unduh templat XLSX"));
    let template = c.get(app.url("/perpustakaan/templat.xlsx")).send().await.unwrap();
    assert_eq!(template.status(), 200);
    let file = format!(
        "{HEADER}\nPerpustakaan Baik,umum_desa,aktif,,35.07.12.2003,,,\nPerpustakaan Buruk,umum_desa,aktif,,36.01.01.2001,,,\n"
    );
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.clone())
        .text("mode", "all")
        .part("file", reqwest::multipart::Part::bytes(file.into_bytes()).file_name("data.csv"));
    let r = c.post(app.url("/perpustakaan/impor")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Wilayah ini di luar cakupan Anda."), "{html}");
    assert!(html.contains("Tidak ada data yang disimpan."));
    let list = c.get(app.url("/perpustakaan?q=baik")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Tidak ada perpustakaan yang cocok"));
    // Without the CSRF token nothing happens.
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.csv"));
    assert_eq!(c.post(app.url("/perpustakaan/impor")).multipart(form).send().await.unwrap().status(), 403);
    let _ = csrf_of;
}
