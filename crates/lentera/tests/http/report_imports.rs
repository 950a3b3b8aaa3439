//! Bulk import of activity reports and monthly figures: per-row errors, all or nothing,
//! idempotent (the same file twice, or an export imported back, adds nothing), scope.

use serde_json::Value;

use lentera_test_support::{TestApp, client, get_json, login};

const ACTIVITY_HEADER: &str =
    "id_perpustakaan,tanggal_mulai,judul,kategori,laki_laki,perempuan,dewasa,kisah,kisah_boleh_dibagikan";

async fn upload_page(
    c: &reqwest::Client,
    app: &TestApp,
    path: &str,
    csrf: &str,
    csv: String,
    submit: bool,
) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.to_string())
        .text("mode", "all")
        .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("data.csv"));
    if submit {
        form = form.text("submit", "1");
    }
    let r = c.post(app.url(path)).multipart(form).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn upload_api(app: &TestApp, path: &str, token: &str, body: Vec<u8>) -> (u16, Value) {
    let r = client().post(app.url(path)).bearer_auth(token).body(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn activity_import_is_all_or_nothing_and_idempotent() {
    let app = TestApp::start(true);
    let (a, c) = (app.libs["a"].id, app.libs["c"].id);
    let (coord, csrf) = login(&app, "reg3507").await;
    let good = format!(
        "{ACTIVITY_HEADER}\n{a},14/10/2026,Kelas membatik,Pelatihan keterampilan dan mata pencaharian,2,18,20,,tidak\n\
         {a},2026-10-20,Mendongeng bersama,\"Kegiatan anak (mendongeng, bimbingan membaca)\",5,7,12,Anak-anak senang,ya\n"
    );
    let bad = format!(
        "{good}{a},01/01/2099,Kelas masa depan,Kategori khayalan,1,1,2,,\n{c},2026-10-01,Bukan wilayah saya,Lingkungan,1,1,2,,\n"
    );
    let (s, page) = upload_page(&coord, &app, "/kegiatan/impor", &csrf, bad, false).await;
    assert_eq!(s, 422, "{page}");
    assert!(page.contains("Tidak ada data yang disimpan"));
    // Row numbers as the spreadsheet shows them, Indonesian column names.
    for expected in
        ["<td>4</td><td>tanggal_mulai</td>", "<td>4</td><td>kategori</td>", "<td>5</td><td>id_perpustakaan</td>"]
    {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    let token = app.token("reg3507");
    let list_url = app.url(&format!("/api/v1/activities?library_id={a}"));
    assert_eq!(get_json(&client(), &list_url, &token).await.1["total"], 0, "nothing half-written");

    let (s, page) = upload_page(&coord, &app, "/kegiatan/impor", &csrf, good.clone(), true).await;
    assert_eq!(s, 200, "{page}");
    assert!(page.contains("2 laporan kegiatan diimpor"), "{page}");
    let (_, list) = get_json(&client(), &list_url, &token).await;
    assert_eq!(list["total"], 2);
    assert!(list["items"].as_array().unwrap().iter().all(|i| i["status"] == "submitted"), "{list}");

    // The same file again: nothing new.
    let (s, page) = upload_page(&coord, &app, "/kegiatan/impor", &csrf, good, true).await;
    assert_eq!(s, 200);
    assert!(page.contains("2 baris sudah tersimpan sebelumnya"), "{page}");
    // An export imported back: nothing new either.
    let export = coord.get(app.url("/kegiatan/ekspor.csv")).send().await.unwrap().bytes().await.unwrap().to_vec();
    let (s, report) = upload_api(&app, "/api/v1/activities/import", &token, export).await;
    assert_eq!(s, 200, "{report}");
    assert_eq!((report["imported"].as_i64(), report["skipped"].as_i64()), (Some(0), Some(2)), "{report}");
    assert_eq!(get_json(&client(), &list_url, &token).await.1["total"], 2);

    // The template downloads as a workbook with instructions; viewers may not import.
    let xlsx = coord.get(app.url("/kegiatan/templat.xlsx")).send().await.unwrap().bytes().await.unwrap();
    let rows = lentera_web::tabular::read_table("t.xlsx", &xlsx).unwrap();
    assert!(rows[0].contains(&"kisah_boleh_dibagikan".to_string()));
    let (s, _) = upload_api(&app, "/api/v1/activities/import", &app.token("viewer35"), b"x".to_vec()).await;
    assert_eq!(s, 403);
    let (s, e) = upload_api(&app, "/api/v1/activities/import", &token, b"judul,warna\nx,y\n".to_vec()).await;
    assert_eq!(s, 422, "{e}");
}

#[tokio::test]
async fn monthly_import_skips_what_is_stored_and_refuses_changes() {
    let app = TestApp::start(true);
    let (a, b) = (app.libs["a"].id, app.libs["b"].id);
    let csv = format!(
        "id_perpustakaan,bulan,pengunjung_laki_laki,pengunjung_perempuan,total_pengunjung,peminjaman\n\
         {a},2026-08,40,60,100,30\n{a},2026-09,45,65,110,33\n"
    );
    let manager = app.token("manager_a");
    let (s, r) =
        upload_api(&app, "/api/v1/monthly-reports/import?submit=true", &manager, csv.clone().into_bytes()).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!((r["imported"].as_i64(), r["written"].as_bool()), (Some(2), Some(true)), "{r}");
    let (_, list) = get_json(&client(), &app.url("/api/v1/monthly-reports?status=submitted"), &manager).await;
    assert_eq!(list["total"], 2);
    // Submitted on import: the completeness of August counts the library as reported.
    let (_, again) = upload_api(&app, "/api/v1/monthly-reports/import?submit=true", &manager, csv.into_bytes()).await;
    assert_eq!((again["imported"].as_i64(), again["skipped"].as_i64()), (Some(0), Some(2)), "{again}");
    // Other figures for a stored month, a month twice, a sum that does not add up, another library.
    let changed = format!(
        "id_perpustakaan,bulan,pengunjung_laki_laki,pengunjung_perempuan,total_pengunjung\n\
         {a},2026-08,41,60,101\n{a},2026-07,1,1,2\n{a},2026-07,1,1,2\n{a},2026-06,1,1,5\n{b},2026-06,1,1,2\n"
    );
    let (s, r) = upload_api(&app, "/api/v1/monthly-reports/import", &manager, changed.into_bytes()).await;
    assert_eq!(s, 200);
    assert_eq!(r["written"], false);
    let rows: Vec<i64> = r["errors"].as_array().unwrap().iter().map(|e| e["row"].as_i64().unwrap()).collect();
    assert_eq!(rows, [2, 4, 5, 6], "{r}");
    // The export lists what was imported, in the template's columns.
    let (m, _) = login(&app, "manager_a").await;
    let export = m.get(app.url("/laporan-bulanan/ekspor.csv")).send().await.unwrap().text().await.unwrap();
    assert!(export.contains(&format!(",{a},,2026-09,45,65,110,")), "{export}");
    let (s, r) = upload_api(&app, "/api/v1/monthly-reports/import", &manager, export.into_bytes()).await;
    assert_eq!((s, r["skipped"].as_i64()), (200, Some(2)), "{r}");
    assert_eq!(m.get(app.url("/laporan-bulanan?q=kepanjen")).send().await.unwrap().status(), 200);
}
