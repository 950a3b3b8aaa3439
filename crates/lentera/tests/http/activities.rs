//! Activity reports: idempotent creation, the review workflow level by level, locking and
//! reopening, scope, validation, and the inbox.

use lentera_core::access::Actor;
use lentera_core::services::accounts;
use lentera_core::user::NewUserInput;
use serde_json::{Value, json};

use lentera_test_support::{PASSWORD, TestApp, client, csrf_of, get_json, login};

fn report(library_id: impl Into<i64>) -> Value {
    let library_id: i64 = library_id.into();
    json!({
        "library_id": library_id,
        "client_id": "6f1c2a4e-1b2c-4d3e-9f00-0123456789ab",
        "title": "Pelatihan membatik untuk ibu-ibu PKK",
        "start_date": "2026-10-14",
        "category_id": 1,
        "participants": {"male": 2, "female": 18, "adults": 20, "disabled": 1},
        "income_participants": 4,
        "income_rupiah": 1500000,
        "links": ["https://instagram.com/p/contoh"]
    })
}

async fn step(
    c: &reqwest::Client,
    app: &TestApp,
    id: &Value,
    token: &str,
    transition: &str,
    comment: Option<&str>,
) -> (u16, Value) {
    let r = c
        .post(app.url(&format!("/api/v1/activities/{id}/transitions")))
        .bearer_auth(token)
        .json(&json!({"transition": transition, "comment": comment}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn report_goes_up_the_hierarchy() {
    let app = TestApp::start(true);
    // A coordinator of a neighbouring regency in the same province.
    let input = NewUserInput {
        username: "reg3578".into(),
        full_name: "PIC Surabaya".into(),
        role: "regency_coordinator".into(),
        scope: Some("35.78".into()),
        password: PASSWORD.into(),
        ..Default::default()
    };
    accounts::create_user(&app.env, &Actor::operator(), &input).unwrap();
    let c = client();
    let (manager, reg, other, prov) =
        (app.token("manager_a"), app.token("reg3507"), app.token("reg3578"), app.token("prov35"));
    let lib = app.libs["a"].id;

    // Created once; the retry with the same client id returns the same report.
    let r = c.post(app.url("/api/v1/activities")).bearer_auth(&manager).json(&report(lib)).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let a: Value = r.json().await.unwrap();
    assert_eq!((a["status"].as_str(), a["participants"]["total"].as_i64()), (Some("draft"), Some(20)));
    let r = c.post(app.url("/api/v1/activities")).bearer_auth(&manager).json(&report(lib)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["id"], a["id"]);
    let id = a["id"].clone();

    // The manager submits but cannot verify; the other regency cannot even see it.
    assert_eq!(step(&c, &app, &id, &manager, "verify", None).await.0, 409, "a draft cannot be verified");
    assert_eq!(step(&c, &app, &id, &manager, "submit", None).await.1["status"], "submitted");
    assert_eq!(step(&c, &app, &id, &manager, "verify", None).await.0, 403, "a manager cannot verify");
    assert_eq!(get_json(&c, &app.url(&format!("/api/v1/activities/{id}")), &other).await.0, 404);
    assert_eq!(step(&c, &app, &id, &other, "verify", None).await.0, 404);
    let (_, theirs) = get_json(&c, &app.url("/api/v1/activities"), &other).await;
    assert_eq!(theirs["total"], 0);

    // The province approves only what the regency verified; the regency cannot approve.
    assert_eq!(step(&c, &app, &id, &prov, "approve", None).await.0, 409);
    assert_eq!(step(&c, &app, &id, &reg, "verify", None).await.1["status"], "verified");
    assert_eq!(step(&c, &app, &id, &reg, "approve", None).await.0, 403);
    // Returning needs a note; the library sees it and fixes the report.
    assert_eq!(step(&c, &app, &id, &prov, "return", None).await.0, 422);
    let (_, returned) = step(&c, &app, &id, &prov, "return", Some("Foto dokumentasi belum ada")).await;
    assert_eq!(
        (returned["status"].as_str(), returned["review_comment"].as_str()),
        (Some("returned"), Some("Foto dokumentasi belum ada"))
    );
    let mut fixed = report(lib);
    fixed["version"] = returned["version"].clone();
    fixed["title"] = json!("Pelatihan membatik (diperbaiki)");
    let r =
        c.put(app.url(&format!("/api/v1/activities/{id}"))).bearer_auth(&manager).json(&fixed).send().await.unwrap();
    assert_eq!(r.status(), 200);
    step(&c, &app, &id, &manager, "submit", None).await;
    step(&c, &app, &id, &reg, "verify", None).await;
    let (status, approved) = step(&c, &app, &id, &prov, "approve", None).await;
    assert_eq!((status, approved["status"].as_str()), (200, Some("approved")));

    // Approved data is locked; the approving level reopens it with a reason.
    fixed["version"] = approved["version"].clone();
    let r =
        c.put(app.url(&format!("/api/v1/activities/{id}"))).bearer_auth(&manager).json(&fixed).send().await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(step(&c, &app, &id, &reg, "reopen", Some("salah")).await.0, 403);
    assert_eq!(step(&c, &app, &id, &prov, "reopen", None).await.0, 422);
    assert_eq!(step(&c, &app, &id, &prov, "reopen", Some("Jumlah peserta keliru")).await.1["status"], "returned");

    // Every transition is in the audit log.
    let (_, audit) =
        get_json(&c, &app.url(&format!("/api/v1/audit?entity=activity_status&entity_id={id}")), &app.token("admin"))
            .await;
    let steps: Vec<&str> =
        audit["items"].as_array().unwrap().iter().map(|e| e["after"]["transition"].as_str().unwrap()).collect();
    assert_eq!(steps, ["reopen", "approve", "verify", "submit", "return", "verify", "submit"]);
}

#[tokio::test]
async fn bad_reports_and_foreign_libraries_are_refused() {
    let app = TestApp::start(true);
    let c = client();
    let manager = app.token("manager_a");
    let mut bad = report(app.libs["a"].id);
    bad["client_id"] = Value::Null;
    bad["start_date"] = json!("2099-01-01");
    bad["participants"] = json!({"male": 2, "female": 3, "adults": 4, "disabled": 9});
    let r = c.post(app.url("/api/v1/activities")).bearer_auth(&manager).json(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    let fields: Vec<&str> =
        e["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["start_date", "adults", "disabled"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    // Another library's report: not the manager's to write.
    let r = c
        .post(app.url("/api/v1/activities"))
        .bearer_auth(&manager)
        .json(&report(app.libs["b"].id))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = c
        .post(app.url("/api/v1/activities"))
        .bearer_auth(app.token("viewer35"))
        .json(&report(app.libs["a"].id))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let (_, list) = get_json(&c, &app.url("/api/v1/activities"), &app.token("admin")).await;
    assert_eq!(list["total"], 0, "nothing was written");
}

#[tokio::test]
async fn report_through_the_pages_and_review_from_the_inbox() {
    let app = TestApp::start(true);
    let (m, mcsrf) = login(&app, "manager_a").await;
    let lib = app.libs["a"].id;
    let form_page =
        m.get(app.url(&format!("/kegiatan/baru?perpustakaan={lib}"))).send().await.unwrap().text().await.unwrap();
    let client_id = {
        let i = form_page.find("name=\"client_id\" value=\"").unwrap() + 24;
        form_page[i..i + 36].to_string()
    };
    let fields = [
        ("_csrf", mcsrf.as_str()),
        ("client_id", client_id.as_str()),
        ("title", "Mendongeng untuk anak"),
        ("category_id", "4"),
        ("start_date", "2026-11-01"),
        ("participants_total", "30"),
        ("male", "14"),
        ("female", "16"),
        ("children", "30"),
    ];
    // A double tap sends the form twice: one report.
    for _ in 0..2 {
        let r = m.post(app.url(&format!("/kegiatan/baru?perpustakaan={lib}"))).form(&fields).send().await.unwrap();
        assert_eq!(r.status(), 303);
    }
    let list = m.get(app.url("/kegiatan")).send().await.unwrap().text().await.unwrap();
    assert_eq!(list.matches("Mendongeng untuk anak").count(), 1);
    let csv =
        m.get(app.url(&format!("/kegiatan/ekspor.csv?perpustakaan={lib}"))).send().await.unwrap().text().await.unwrap();
    assert!(
        csv.contains("judul,kategori") && csv.contains("Mendongeng untuk anak,\"Kegiatan anak (mendongeng"),
        "{csv}"
    );
    let (v, _) = login(&app, "viewer35").await;
    let xlsx = v.get(app.url("/kegiatan/ekspor.xlsx")).send().await.unwrap();
    assert_eq!(xlsx.status(), 200);
    let rows = lentera_web::tabular::read_table("k.xlsx", &xlsx.bytes().await.unwrap()).unwrap();
    assert_eq!(rows.len(), 2, "header and the one report");
    let bad = [("_csrf", mcsrf.as_str()), ("title", ""), ("category_id", "4"), ("start_date", "kemarin")];
    let r = m.post(app.url(&format!("/kegiatan/baru?perpustakaan={lib}"))).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Judul kegiatan wajib diisi") && html.contains("Tanggal mulai tidak dikenali"));
    // The summary takes the focus and links each error to its field (issue 15).
    assert!(html.contains("id=\"ringkasan-galat\"") && html.contains("autofocus"), "{html}");
    assert!(html.contains("<a href=\"#title\">Judul kegiatan wajib diisi") && html.contains("id=\"title\""), "{html}");

    let (_, acts) = get_json(&client(), &app.url("/api/v1/activities"), &app.token("manager_a")).await;
    let id = acts["items"][0]["id"].as_i64().unwrap();
    let r = m
        .post(app.url(&format!("/kegiatan/{id}/status")))
        .form(&[("_csrf", mcsrf.as_str()), ("transition", "submit")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Submitting says who reviews next, not just "saved" (issue 15).
    let next = r.headers()["location"].to_str().unwrap().to_string();
    let shown = m.get(app.url(&next)).send().await.unwrap().text().await.unwrap();
    assert!(shown.contains("Terkirim untuk diperiksa dinas kabupaten/kota"), "{next}");
    let (coord, ccsrf) = login(&app, "reg3507").await;
    let inbox = coord.get(app.url("/kotak-masuk")).send().await.unwrap().text().await.unwrap();
    assert!(inbox.contains("Mendongeng untuk anak"));
    let page = coord.get(app.url(&format!("/kegiatan/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Verifikasi") && page.contains("Kembalikan"));
    assert!(!page.contains("</a> › <a"), "the stylesheet draws the breadcrumb separators; none typed twice");
    let r = coord
        .post(app.url(&format!("/kegiatan/{id}/status")))
        .form(&[("_csrf", ccsrf.as_str()), ("transition", "return"), ("comment", "Lengkapi uraian")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let mine = m.get(app.url("/kotak-masuk")).send().await.unwrap().text().await.unwrap();
    assert!(mine.contains("Dikembalikan kepada saya (1)"));
    let shown = m.get(app.url(&format!("/kegiatan/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(shown.contains("Lengkapi uraian"));
    let _ = csrf_of;
}

fn jpeg_with_gps(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 120]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap();
    let exif = b"Exif\0\0GPSLatitude-8.0461";
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((exif.len() + 2) as u16).to_be_bytes());
    seg.extend(exif);
    out.splice(2..2, seg);
    out
}

#[tokio::test]
async fn photos_are_cleaned_limited_and_scoped() {
    let app = TestApp::start(true);
    let c = client();
    let manager = app.token("manager_a");
    let mut body = report(app.libs["a"].id);
    body["client_id"] = Value::Null;
    let a: Value = c
        .post(app.url("/api/v1/activities"))
        .bearer_auth(&manager)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = a["id"].clone();
    let photos_url = app.url(&format!("/api/v1/activities/{id}/photos"));
    let upload = |bytes: Vec<u8>| {
        c.post(&photos_url).bearer_auth(&manager).header("content-type", "image/jpeg").body(bytes).send()
    };

    let r = upload(jpeg_with_gps(2000, 1500)).await.unwrap();
    assert_eq!(r.status(), 201);
    let p: Value = r.json().await.unwrap();
    assert_eq!((p["width"].as_i64(), p["height"].as_i64()), (Some(1600), Some(1200)));
    let file = c
        .get(app.url(&format!("/api/v1/photos/{}", p["name"].as_str().unwrap())))
        .bearer_auth(&manager)
        .send()
        .await
        .unwrap();
    assert_eq!(file.headers()["content-type"], "image/jpeg");
    let bytes = file.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xFF, 0xD8]) && !bytes.windows(4).any(|w| w == b"Exif"), "re-encoded without metadata");

    // Not an image, damaged, a bomb, too large: a clear message and nothing stored.
    for (bad, what) in [
        (b"%PDF-1.4 not a photo".to_vec(), "bukan foto"),
        (jpeg_with_gps(64, 64)[..300].to_vec(), "rusak"),
        (vec![0u8; 10 * 1024 * 1024 + 10], "10 MB"),
    ] {
        let r = upload(bad).await.unwrap();
        let status = r.status().as_u16();
        assert!(status == 422 || status == 413, "{what}: {status}");
        if status == 422 {
            let e: Value = r.json().await.unwrap();
            assert!(e["error"]["fields"][0]["message"].as_str().unwrap().contains(what), "{e}");
        }
    }
    // Ten at most.
    for _ in 0..9 {
        assert_eq!(upload(jpeg_with_gps(32, 32)).await.unwrap().status(), 201);
    }
    assert_eq!(upload(jpeg_with_gps(32, 32)).await.unwrap().status(), 422);
    let (_, list) = get_json(&c, &photos_url, &manager).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 10);

    // Other regencies cannot see them; a submitted report's photos are locked.
    let name = p["name"].as_str().unwrap();
    assert_eq!(get_json(&c, &app.url(&format!("/api/v1/photos/{name}")), &app.token("viewer35")).await.0, 200);
    let input = NewUserInput {
        username: "pemantau52".into(),
        full_name: "Pemantau NTB".into(),
        role: "viewer".into(),
        scope: Some("52".into()),
        password: PASSWORD.into(),
        ..Default::default()
    };
    accounts::create_user(&app.env, &Actor::operator(), &input).unwrap();
    assert_eq!(get_json(&c, &app.url(&format!("/api/v1/photos/{name}")), &app.token("pemantau52")).await.0, 404);
    step(&c, &app, &id, &manager, "submit", None).await;
    let del = c.delete(format!("{photos_url}/{}", p["id"])).bearer_auth(&manager).send().await.unwrap();
    assert_eq!(del.status(), 409);
    // Through the page: thumbnails are served only to signed-in readers, cached privately.
    let (m, _) = login(&app, "manager_a").await;
    let page = m.get(app.url(&format!("/kegiatan/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("/foto/{name}/kecil")));
    let thumb = m.get(app.url(&format!("/foto/{name}/kecil"))).send().await.unwrap();
    assert_eq!(thumb.status(), 200);
    assert!(thumb.headers()["cache-control"].to_str().unwrap().starts_with("private"));
    assert_eq!(client().get(app.url(&format!("/foto/{name}"))).send().await.unwrap().status(), 303);
}

#[tokio::test]
async fn photo_upload_through_the_form() {
    let app = TestApp::start(true);
    let manager = app.token("manager_a");
    let mut body = report(app.libs["a"].id);
    body["client_id"] = Value::Null;
    let a: Value = client()
        .post(app.url("/api/v1/activities"))
        .bearer_auth(&manager)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = a["id"].as_i64().unwrap();
    let (m, csrf) = login(&app, "manager_a").await;
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.clone())
        .part("photo", reqwest::multipart::Part::bytes(jpeg_with_gps(800, 600)).file_name("kegiatan.jpg"))
        .part("photo", reqwest::multipart::Part::bytes(b"bukan gambar".to_vec()).file_name("catatan.txt"));
    let r = m.post(app.url(&format!("/kegiatan/{id}/foto"))).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 422, "the bad file is reported");
    assert!(r.text().await.unwrap().contains("catatan.txt: Berkas ini bukan foto"));
    let (_, list) = get_json(&client(), &app.url(&format!("/api/v1/activities/{id}/photos")), &manager).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "the good one is kept");
}

#[tokio::test]
async fn likely_duplicates_and_outliers_ask_for_confirmation() {
    let app = TestApp::start(true);
    let c = client();
    let manager = app.token("manager_a");
    let lib = app.libs["a"].id;
    let make = |title: &str, date: &str, men: i64, women: i64| {
        json!({"library_id": lib, "title": title, "start_date": date, "category_id": 2,
               "participants": {"male": men, "female": women}})
    };
    let post = |body: Value| c.post(app.url("/api/v1/activities")).bearer_auth(&manager).json(&body).send();
    for (i, d) in ["2026-07-01", "2026-08-01", "2026-09-01"].iter().enumerate() {
        assert_eq!(post(make(&format!("Klub baca {i}"), d, 4, 6)).await.unwrap().status(), 201);
    }
    // Same day, nearly the same title.
    let r = post(make("Klub Baca 2!", "2026-09-01", 4, 6)).await.unwrap();
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "confirmation_required");
    assert!(e["error"]["fields"][0]["message"].as_str().unwrap().contains("Mungkin duplikat"));
    // Far more participants than usual (median 10).
    let r = post(make("Festival literasi", "2026-10-01", 20, 25)).await.unwrap();
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["fields"][0]["field"], "participants_total", "{e}");
    // Confirmed, both are kept.
    let mut ok = make("Festival literasi", "2026-10-01", 20, 25);
    ok["confirm_warnings"] = json!(true);
    assert_eq!(post(ok).await.unwrap().status(), 201);
    // On the page the warning comes with a box to tick.
    let (m, csrf) = login(&app, "manager_a").await;
    let fields = [
        ("_csrf", csrf.as_str()),
        ("title", "Klub baca 1"),
        ("category_id", "2"),
        ("start_date", "2026-08-01"),
        ("male", "4"),
        ("female", "6"),
    ];
    let r = m.post(app.url(&format!("/kegiatan/baru?perpustakaan={lib}"))).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Peringatan") && html.contains("name=\"confirm_warnings\""));
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirm_warnings", "1"));
    let r = m.post(app.url(&format!("/kegiatan/baru?perpustakaan={lib}"))).form(&confirmed).send().await.unwrap();
    assert_eq!(r.status(), 303);
}

/// Issue 15: `/kegiatan/baru` without `?perpustakaan=` answered 404, even for the manager of
/// one library.
#[tokio::test]
async fn a_manager_reports_for_their_library_without_naming_it() {
    let app = TestApp::start(true);
    let (m, csrf) = login(&app, "manager_a").await;
    let r = m.get(app.url("/kegiatan/baru")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains(&app.libs["a"].name) && page.contains("name=\"title\""), "{page}");
    let r = m
        .post(app.url("/kegiatan/baru"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("title", "Kelas menjahit"),
            ("start_date", "2026-03-10"),
            ("category_id", "1"),
            ("male", "2"),
            ("female", "8"),
            ("adults", "10"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // The home page offers the report and the to-do: the draft not yet submitted.
    let home = m.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("href=\"/kegiatan/baru\"") && home.contains("1 draf belum diajukan"), "{home}");
    let drafts = m.get(app.url("/kegiatan?status=draft")).send().await.unwrap().text().await.unwrap();
    assert!(drafts.contains("Kelas menjahit"), "{drafts}");
    let (coord, _) = login(&app, "reg3507").await;
    let page = coord.get(app.url("/kegiatan/baru")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Pilih perpustakaan") && !page.contains("name=\"title\""), "{page}");
    // A missing page keeps the signed-in menu (it showed the signed-out header).
    let r = m.get(app.url("/kegiatan/999999")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let missing = r.text().await.unwrap();
    assert!(missing.contains("Halaman tidak ditemukan") && missing.contains("Keluar"), "{missing}");
}
