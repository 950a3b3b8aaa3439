//! Regulations, partnerships and documents: an enacted regulation needs its number and date
//! and stays enacted; a partnership's renewal is due 60 days before it ends; documents are
//! PDFs or images up to 20 MB — a 30 MB file, a broken image or a text file writes nothing;
//! scope holds over pages and the API.

use lentera_core::region::TimeZone;
use lentera_test_support::{TestApp, login, today};
use serde_json::json;

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().split(['?', '#']).next().unwrap().to_string()
}

fn file_count(dir: &std::path::Path) -> usize {
    let Ok(shards) = std::fs::read_dir(dir.join("documents")) else { return 0 };
    shards.flatten().map(|s| std::fs::read_dir(s.path()).map(|f| f.count()).unwrap_or(0)).sum()
}

#[tokio::test]
async fn a_regulation_is_enacted_with_its_number_and_documents_are_checked() {
    let app = TestApp::start(true);
    let lib = app.libs["a"].id;
    let (m, csrf) = login(&app, "manager_a").await;
    let form = |status: &'static str, number: &'static str, date: String| {
        vec![
            ("_csrf", csrf.clone()),
            ("title", "Perdes tentang Perpustakaan Desa".to_string()),
            ("level", "perdes".into()),
            ("status", status.into()),
            ("number", number.into()),
            ("enacted_on", date),
        ]
    };
    let r = m
        .post(app.url(&format!("/regulasi/baru?perpustakaan={lib}")))
        .form(&form("draft", "", String::new()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let url = location(&r);
    let page = m.get(app.url(&format!("{url}/ubah"))).send().await.unwrap().text().await.unwrap();
    let version = page.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let mut enact = form("enacted", "", String::new());
    enact.push(("version", version.clone()));
    let r = m.post(app.url(&format!("{url}/ubah"))).form(&enact).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("perlu nomornya"));
    let mut enact = form("enacted", "4 Tahun 2026", today(TimeZone::Wib).to_string());
    enact.push(("version", version));
    assert_eq!(m.post(app.url(&format!("{url}/ubah"))).form(&enact).send().await.unwrap().status(), 303);
    let mut back = form("draft", "", String::new());
    back.push(("version", "2".into()));
    assert_eq!(
        m.post(app.url(&format!("{url}/ubah"))).form(&back).send().await.unwrap().status(),
        409,
        "an enacted regulation stays enacted"
    );

    // The list as a file, for the regency's coordinator.
    let (coord, _) = login(&app, "reg3507").await;
    let csv = coord.get(app.url("/regulasi/ekspor.csv")).send().await.unwrap().bytes().await.unwrap();
    let table = lentera_web::tabular::read_table("r.csv", &csv).unwrap();
    assert_eq!(table.len(), 2, "{table:?}");
    assert_eq!((table[1][0].as_str(), table[1][3].as_str()), ("Perdes tentang Perpustakaan Desa", "4 Tahun 2026"));
    let xlsx = coord.get(app.url("/regulasi/ekspor.xlsx")).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(lentera_web::tabular::read_table("r.xlsx", &xlsx).unwrap().len(), 2);

    // Documents: a PDF is kept; a 30 MB file, a text file and a broken image are refused and
    // leave nothing behind.
    let id = url.rsplit('/').next().unwrap();
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        let req = m.post(app.url(&format!("/dokumen/unggah/regulation/{id}"))).multipart(form);
        async move { req.send().await.unwrap() }
    };
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    assert_eq!(upload("perdes-4-2026.pdf", pdf.clone()).await.status(), 303);
    let files_dir = app.db_path().parent().unwrap().join("files");
    assert_eq!(file_count(&files_dir), 1);
    for (name, bytes) in [
        ("besar.pdf", [b"%PDF-1.4\n".as_slice(), &vec![b'x'; 30 * 1024 * 1024]].concat()),
        ("catatan.txt", b"bukan dokumen".to_vec()),
        ("rusak.jpg", vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F']),
    ] {
        let r = upload(name, bytes).await;
        assert!(matches!(r.status().as_u16(), 413 | 422), "{name}: {}", r.status());
    }
    assert_eq!(file_count(&files_dir), 1, "nothing of a refused upload remains");
    let page = m.get(app.url(&url)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("perdes-4-2026.pdf") && page.contains("Ditetapkan") && page.contains("4 Tahun 2026"));
    let name = page.split("href=\"/dokumen/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let r = m.get(app.url(&format!("/dokumen/{name}"))).send().await.unwrap();
    assert_eq!(
        (r.status().as_u16(), r.headers()["content-type"].to_str().unwrap().to_string()),
        (200, "application/pdf".to_string())
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);

    // Scope: the coordinator of another province sees neither the regulation nor its document.
    let token = app.token("admin");
    let http = reqwest::Client::new();
    let (elsewhere, _) = login(&app, "reg3507").await;
    assert_eq!(elsewhere.get(app.url(&format!("/dokumen/{name}"))).send().await.unwrap().status(), 200, "same regency");
    let r = http
        .post(app.url("/api/v1/regulations"))
        .bearer_auth(&token)
        .json(&json!({"library_id": app.libs["c"].id.get(), "title": "SK Pengelola", "level": "sk", "status": "draft"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let other: serde_json::Value = r.json().await.unwrap();
    let r = http
        .get(app.url(&format!("/api/v1/regulations/{}", other["id"])))
        .bearer_auth(app.token("reg3507"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = http
        .get(app.url(&format!("/api/v1/documents/regulation/{}", other["id"])))
        .bearer_auth(app.token("prov35"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // Over the API: the bytes themselves, told by their content.
    let api_upload = |bytes: Vec<u8>| {
        let req = http
            .post(app.url(&format!("/api/v1/documents/regulation/{id}?filename=perdes-salinan.pdf")))
            .bearer_auth(app.token("manager_a"))
            .body(bytes);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(api_upload(pdf.clone()).await, 201);
    assert_eq!(api_upload(b"bukan dokumen".to_vec()).await, 422);
    let r = http
        .get(app.url(&format!("/api/v1/documents/regulation/{id}")))
        .bearer_auth(app.token("reg3507"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<serde_json::Value>().await.unwrap().as_array().map(Vec::len), Some(2));
    let (viewer, vcsrf) = login(&app, "viewer35").await;
    let refused = viewer
        .post(app.url(&format!("/dokumen/unggah/regulation/{id}")))
        .multipart(
            reqwest::multipart::Form::new()
                .text("_csrf", vcsrf)
                .part("file", reqwest::multipart::Part::bytes(pdf).file_name("x.pdf")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "a viewer reads but does not add");
}

#[tokio::test]
async fn a_partnership_reminds_before_renewal() {
    let app = TestApp::start(true);
    let http = reqwest::Client::new();
    let today = today(TimeZone::Wib);
    let body = |ends: time::Date| {
        json!({
            "library_id": app.libs["a"].id.get(),
            "title": "MoU pojok internet",
            "partner": "PT Telekomunikasi",
            "starts_on": (today - time::Duration::days(300)).to_string(),
            "ends_on": ends.to_string(),
            "partner_brings": ["internet", "money"],
            "library_brings": ["venue"],
            "value": 24_000_000
        })
    };
    let post = |b: serde_json::Value| {
        let req = http.post(app.url("/api/v1/partnerships")).bearer_auth(app.token("manager_a")).json(&b);
        async move {
            let r = req.send().await.unwrap();
            (r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap())
        }
    };
    let (s, soon) = post(body(today + time::Duration::days(30))).await;
    assert_eq!((s, soon["renewal_due_in_days"].as_i64()), (201, Some(30)), "{soon}");
    let (_, later) = post(body(today + time::Duration::days(200))).await;
    assert!(later["renewal_due_in_days"].is_null());
    let (s, bad) = post(body(today - time::Duration::days(400))).await;
    assert_eq!(s, 422, "ends before it starts: {bad}");
    let r = http.get(app.url("/api/v1/partnerships")).bearer_auth(app.token("reg3507")).send().await.unwrap();
    let list: serde_json::Value = r.json().await.unwrap();
    assert_eq!(list["total"].as_i64(), Some(2));
    assert_eq!(list["items"][0]["id"], soon["id"], "ending soonest first");
    let r = http.get(app.url("/api/v1/partnerships")).bearer_auth(app.token("admin")).send().await.unwrap();
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["total"].as_i64(), Some(2));
    let (m, _) = login(&app, "manager_a").await;
    let page = m.get(app.url("/kemitraan")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Perlu diperpanjang: 30 hari lagi"));
    // The inbox reminds the library and its coordinators, not others.
    let inbox = m.get(app.url("/kotak-masuk")).send().await.unwrap().text().await.unwrap();
    assert!(
        inbox.contains("Kemitraan perlu diperpanjang (1)") && inbox.contains(&format!("/kemitraan/{}", soon["id"]))
    );
    let (coord, _) = login(&app, "reg3507").await;
    assert!(
        coord
            .get(app.url("/kotak-masuk"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("Kemitraan perlu diperpanjang (1)")
    );
    let http2 = reqwest::Client::new();
    let r = http2
        .post(app.url("/api/v1/partnerships"))
        .bearer_auth(app.token("admin"))
        .json(&json!({"library_id": app.libs["c"].id.get(), "title": "MoU lain", "partner": "PT Lain", "starts_on": (today - time::Duration::days(10)).to_string(), "ends_on": (today + time::Duration::days(5)).to_string()}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert!(
        coord
            .get(app.url("/kotak-masuk"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("Kemitraan perlu diperpanjang (1)"),
        "another province's MoU is not theirs"
    );
    // The list as a file: the regency coordinator's has their two, the admin's all three.
    let rows = |client: reqwest::Client, path: &'static str| {
        let url = app.url(path);
        async move {
            let bytes = client.get(url).send().await.unwrap().bytes().await.unwrap();
            lentera_web::tabular::read_table(path, &bytes).unwrap()
        }
    };
    let table = rows(coord.clone(), "/kemitraan/ekspor.csv").await;
    assert_eq!(table.len(), 3, "header and two: {table:?}");
    assert!(table[1..].iter().all(|r| r[1] == "PT Telekomunikasi" && r[7] == "24000000"), "{table:?}");
    assert!(table.iter().any(|r| r[4] == "Perlu diperpanjang"), "{table:?}");
    let (admin, _) = login(&app, "admin").await;
    assert_eq!(rows(admin, "/kemitraan/ekspor.xlsx").await.len(), 4);
}
