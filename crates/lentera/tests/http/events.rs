//! Programme events: quotas and the waiting list, nomination scope, likely duplicate people,
//! self-registration, QR check-in, marks by hand and video-conference reports.

use lentera_core::region::TimeZone;
use serde_json::{Value, json};

use lentera_test_support::{TestApp, client, csrf_of, get_json, login};

async fn send(c: &reqwest::Client, method: reqwest::Method, url: &str, token: &str, body: Value) -> (u16, Value) {
    let r = c.request(method, url).bearer_auth(token).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn post(c: &reqwest::Client, url: &str, token: &str, body: Value) -> (u16, Value) {
    send(c, reqwest::Method::POST, url, token, body).await
}

fn today() -> time::Date {
    lentera_test_support::today(TimeZone::Wib)
}

/// A Bimtek in East Java organised by the province office, from `start` for `days` days.
async fn bimtek(app: &TestApp, start: time::Date, days: i64, mode: &str) -> Value {
    let end = start + time::Duration::days(days - 1);
    let body = json!({
        "name": "Bimtek SPP-TIK Jawa Timur", "type_id": 3, "year": start.year(), "batch": 1,
        "province_code": "35", "organiser_region": "35", "mode": mode, "venue": "Hotel Surabaya",
        "meeting_link": "https://zoom.us/j/123", "start_date": start.to_string(), "end_date": end.to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 40, "registration_open": true,
        "outside_trainers": ["Dr. Pelatih Ahli"]
    });
    let (s, e) = post(&client(), &app.url("/api/v1/events"), &app.token("prov35"), body).await;
    assert_eq!(s, 201, "{e}");
    e
}

fn person(name: &str, library_id: impl Into<i64>, phone: &str) -> Value {
    let library_id: i64 = library_id.into();
    json!({"person": {"full_name": name, "gender": "p", "library_id": library_id, "phone": phone, "position": "Pengelola"}})
}

#[tokio::test]
async fn quotas_waiting_list_and_nomination_scope() {
    let app = TestApp::start(true);
    let c = client();
    let e = bimtek(&app, today() + time::Duration::days(30), 5, "luring").await;
    let id = e["id"].as_i64().unwrap();
    assert_eq!(e["quotas"].as_array().unwrap().len(), 3, "default quotas: {e}");
    let (s, e) = send(
        &c,
        reqwest::Method::PUT,
        &app.url(&format!("/api/v1/events/{id}/quotas")),
        &app.token("prov35"),
        json!({"quotas": [{"library_type": "umum_desa", "per_institution": 1}]}),
    )
    .await;
    assert_eq!(s, 200, "{e}");
    let regs = app.url(&format!("/api/v1/events/{id}/registrations"));
    let (lib_a, lib_b) = (app.libs["a"].id, app.libs["b"].id);

    let (s, first) = post(&c, &regs, &app.token("reg3507"), person("Siti Aminah", lib_a, "081234567801")).await;
    assert_eq!((s, first["registration"]["status"].as_str()), (201, Some("terdaftar")), "{first}");
    let (s, second) = post(&c, &regs, &app.token("reg3507"), person("Dewi Lestari", lib_a, "081234567802")).await;
    assert_eq!((s, second["registration"]["status"].as_str()), (201, Some("daftar_tunggu")), "{second}");
    // The library's own manager is held to the same quota.
    let (s, third) = post(&c, &regs, &app.token("manager_a"), person("Rina Wati", lib_a, "081234567803")).await;
    assert_eq!((s, third["registration"]["status"].as_str()), (201, Some("daftar_tunggu")), "{third}");

    // A regency coordinator nominates only people of their own regency.
    let (s, err) = post(&c, &regs, &app.token("reg3507"), person("Orang Surabaya", lib_b, "081234567804")).await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["error"]["fields"][0]["field"], "library_id", "{err}");
    let (s, _) = post(&c, &regs, &app.token("manager_a"), person("Orang Surabaya", lib_b, "081234567804")).await;
    assert_eq!(s, 422);
    // Trainers and viewers do not nominate.
    for who in ["trainer", "viewer35"] {
        let (s, _) = post(&c, &regs, &app.token(who), person("Siapa Saja", lib_a, "081234567805")).await;
        assert_eq!(s, 403, "{who}");
    }
    // The province covers both regencies.
    let (s, b) = post(&c, &regs, &app.token("prov35"), person("Orang Surabaya", lib_b, "081234567804")).await;
    assert_eq!((s, b["registration"]["status"].as_str()), (201, Some("terdaftar")), "{b}");
    // Registering the same person twice is a conflict.
    let again = json!({"person_id": first["registration"]["person"]["id"]});
    assert_eq!(post(&c, &regs, &app.token("reg3507"), again).await.0, 409);

    // The regency sees its own people only; the organiser sees everyone.
    let (_, mine) = get_json(&c, &regs, &app.token("reg3507")).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 3, "{mine}");
    let (_, all) = get_json(&c, &regs, &app.token("prov35")).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 4, "{all}");
    assert_eq!(get_json(&c, &regs, &app.token("viewer35")).await.0, 403);

    // Withdrawing the registered person moves the longest-waiting one up.
    let rid = first["registration"]["id"].as_i64().unwrap();
    let url = app.url(&format!("/api/v1/events/{id}/registrations/{rid}/status"));
    let (s, w) = post(&c, &url, &app.token("reg3507"), json!({"status": "batal"})).await;
    assert_eq!((s, w["status"].as_str()), (200, Some("batal")), "{w}");
    let (_, all) = get_json(&c, &format!("{regs}?status=terdaftar"), &app.token("prov35")).await;
    let names: Vec<&str> =
        all["items"].as_array().unwrap().iter().map(|r| r["person"]["full_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Dewi Lestari", "Orang Surabaya"], "{all}");

    // Only the organiser approves; approving when full keeps the waiting list.
    let rina = third["registration"]["id"].as_i64().unwrap();
    let url = app.url(&format!("/api/v1/events/{id}/registrations/{rina}/status"));
    assert_eq!(post(&c, &url, &app.token("reg3507"), json!({"status": "terdaftar"})).await.0, 403);
    let (s, r) = post(&c, &url, &app.token("prov35"), json!({"status": "terdaftar"})).await;
    assert_eq!((s, r["status"].as_str()), (200, Some("daftar_tunggu")), "{r}");
    // Raising the quota lets the waiting list move up at once.
    let (s, e) = send(
        &c,
        reqwest::Method::PUT,
        &app.url(&format!("/api/v1/events/{id}/quotas")),
        &app.token("prov35"),
        json!({"quotas": [{"library_type": "umum_desa", "per_institution": 2}]}),
    )
    .await;
    assert_eq!((s, e["registered"].as_i64()), (200, Some(3)), "{e}");

    // Someone else's event cannot be changed by a regency coordinator.
    let (s, _) =
        send(&c, reqwest::Method::DELETE, &app.url(&format!("/api/v1/events/{id}")), &app.token("reg3507"), json!({}))
            .await;
    assert_eq!(s, 403);
    // An event with registrations is not deleted.
    let (s, _) =
        send(&c, reqwest::Method::DELETE, &app.url(&format!("/api/v1/events/{id}")), &app.token("prov35"), json!({}))
            .await;
    assert_eq!(s, 409);
}

#[tokio::test]
async fn likely_duplicates_are_reused_flagged_and_merged() {
    let app = TestApp::start(true);
    let c = client();
    let e1 = bimtek(&app, today() + time::Duration::days(40), 3, "luring").await;
    let e2 = bimtek(&app, today() + time::Duration::days(60), 3, "luring").await;
    let lib_a = app.libs["a"].id;
    let regs = |e: &Value| app.url(&format!("/api/v1/events/{}/registrations", e["id"]));
    let (s, a) = post(&c, &regs(&e1), &app.token("reg3507"), person("Siti Aminah", lib_a, "0812-3456-7890")).await;
    assert_eq!(s, 201, "{a}");
    // The same person, typed differently, is found and reused: one training history.
    let (s, b) = post(&c, &regs(&e2), &app.token("reg3507"), person("AMINAH Siti", lib_a, "+62 812 3456 7890")).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["reused_person"], true);
    assert_eq!(b["registration"]["person"]["id"], a["registration"]["person"]["id"]);
    // The same phone with another name is a warning to confirm...
    let (s, w) = post(&c, &regs(&e2), &app.token("reg3507"), person("Budi Santoso", lib_a, "081234567890")).await;
    assert_eq!(s, 422, "{w}");
    assert!(w.to_string().contains("Siti Aminah"), "{w}");
    let mut confirmed = person("Budi Santoso", lib_a, "081234567890");
    confirmed["confirm_warnings"] = json!(true);
    let (s, budi) = post(&c, &regs(&e2), &app.token("reg3507"), confirmed).await;
    assert_eq!((s, budi["reused_person"].as_bool()), (201, Some(false)), "{budi}");

    // ...and the pair shows among the likely duplicates, where it can be merged.
    let (rc, _) = login(&app, "reg3507").await;
    let page = rc.get(app.url("/orang/duplikat")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Budi Santoso") && page.contains("Siti Aminah"), "{page}");
    let keep = a["registration"]["person"]["id"].as_i64().unwrap().to_string();
    let merge = budi["registration"]["person"]["id"].as_i64().unwrap().to_string();
    let res = rc
        .post(app.url("/orang/gabung"))
        .form(&[("_csrf", csrf_of(&page).as_str()), ("keep", keep.as_str()), ("merge", merge.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = rc.get(app.url("/orang/duplikat")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Budi Santoso"), "merged pair gone: {page}");
    let person = rc.get(app.url(&format!("/orang/{keep}"))).send().await.unwrap().text().await.unwrap();
    assert_eq!(person.matches("/acara/").count(), 2, "two events in the history: {person}");
    // People outside one's scope stay hidden.
    let (oc, _) = login(&app, "manager_a").await;
    assert_eq!(oc.get(app.url(&format!("/orang/{keep}"))).send().await.unwrap().status(), 200);
    let (tc, _) = login(&app, "trainer").await;
    assert_eq!(tc.get(app.url(&format!("/orang/{keep}"))).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn self_registration_qr_check_in_and_marks() {
    let app = TestApp::start(true);
    let c = client();
    let e = bimtek(&app, today(), 5, "luring").await;
    let id = e["id"].as_i64().unwrap();
    let code = e["registration_code"].as_str().unwrap().to_string();

    // Someone registers through the public link and gets their code.
    let pc = client();
    let form = pc.get(app.url(&format!("/daftar/{code}"))).send().await.unwrap().text().await.unwrap();
    let res = pc
        .post(app.url(&format!("/daftar/{code}")))
        .form(&[
            ("_csrf", csrf_of(&form).as_str()),
            ("full_name", "Ni Luh Putu Ayu"),
            ("gender", "p"),
            ("institution", "Pemerintah Desa Kepanjen"),
            ("region_code", "35.07.12.2001"),
            ("phone", "081399990000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let done = res.text().await.unwrap();
    let marker = "id=\"kode-pendaftaran\">";
    let i = done.find(marker).expect("code shown") + marker.len();
    let reg_code = done[i..i + 6].to_string();
    // The code can be kept in WhatsApp (no message is sent by the system; issue 15).
    assert!(done.contains("href=\"https://wa.me/?text=") && done.contains(&format!("%3A%20{reg_code}\"")), "{done}");
    let regs = app.url(&format!("/api/v1/events/{id}/registrations"));
    let (_, list) = get_json(&c, &regs, &app.token("prov35")).await;
    let reg = &list["items"][0];
    assert_eq!((reg["status"].as_str(), reg["code"].as_str()), (Some("menunggu"), Some(reg_code.as_str())), "{list}");
    let rid = reg["id"].as_i64().unwrap();
    let url = app.url(&format!("/api/v1/events/{id}/registrations/{rid}/status"));
    assert_eq!(post(&c, &url, &app.token("prov35"), json!({"status": "terdaftar"})).await.0, 200);

    // The organiser shows today's QR; the participant scans it and types their code.
    let (oc, _) = login(&app, "prov35").await;
    let qr = oc.get(app.url(&format!("/acara/{id}/presensi/qr"))).send().await.unwrap().text().await.unwrap();
    assert!(qr.contains("<svg"), "QR drawn");
    let i = qr.find("/hadir/").expect("check-in link");
    let path: String = qr[i..].chars().take_while(|ch| *ch != '<' && *ch != '"').collect();
    let phone = client();
    let page = phone.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    let wrong = phone
        .post(app.url(&path))
        .form(&[("_csrf", csrf_of(&page).as_str()), ("code", "ZZZZZZ")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let ok = phone
        .post(app.url(&path))
        .form(&[("_csrf", csrf_of(&page).as_str()), ("code", reg_code.to_lowercase().as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.text().await.unwrap().contains("Ni Luh Putu Ayu"));
    // Another day's token (or a made-up one) does not work.
    let forged = format!("/hadir/{id}-000000000000");
    assert_eq!(phone.get(app.url(&forged)).send().await.unwrap().status(), 422);

    let (s, att) = get_json(&c, &app.url(&format!("/api/v1/events/{id}/attendance")), &app.token("prov35")).await;
    assert_eq!(s, 200);
    assert_eq!(att["days"].as_array().unwrap().len(), 5);
    assert_eq!(att["marks"][0]["source"], "qr", "{att}");
    // Marks by hand for day 2; a trainer of the event may not (not assigned), viewers neither.
    let day2 = (today() + time::Duration::days(1)).to_string();
    let marks = json!({"day": day2, "marks": [{"registration_id": rid, "present": true}]});
    let url = app.url(&format!("/api/v1/events/{id}/attendance"));
    let (s, saved) = send(&c, reqwest::Method::PUT, &url, &app.token("prov35"), marks.clone()).await;
    assert_eq!((s, saved["saved"].as_i64()), (200, Some(1)));
    assert_eq!(send(&c, reqwest::Method::PUT, &url, &app.token("trainer"), marks.clone()).await.0, 403);
    let outside = json!({"day": "2001-01-01", "marks": []});
    assert_eq!(send(&c, reqwest::Method::PUT, &url, &app.token("prov35"), outside).await.0, 422);
    let (_, list) = get_json(&c, &regs, &app.token("prov35")).await;
    assert_eq!(list["items"][0]["days_present"], 2);
    // The attendance page shows the rate per day.
    let page = oc.get(app.url(&format!("/acara/{id}/presensi"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("1/1") && page.contains("100%"), "{page}");
}

#[tokio::test]
async fn zoom_reports_in_their_variants() {
    let app = TestApp::start(true);
    let c = client();
    let start = today() - time::Duration::days(3);
    let e = bimtek(&app, start, 2, "daring").await;
    let id = e["id"].as_i64().unwrap();
    let regs = app.url(&format!("/api/v1/events/{id}/registrations"));
    let lib_a = app.libs["a"].id;
    for (name, phone, email) in [
        ("Siti Aminah", "081200000001", "siti@desa.id"),
        ("Budi Santoso", "081200000002", "budi@desa.id"),
        ("Wayan Sudarta", "081200000003", "wayan@desa.id"),
    ] {
        let mut p = person(name, lib_a, phone);
        p["person"]["email"] = json!(email);
        let (s, r) = post(&c, &regs, &app.token("prov35"), p).await;
        assert_eq!(s, 201, "{r}");
    }
    let url = app.url(&format!("/api/v1/events/{id}/attendance/conference"));
    let day = start.to_string();
    // Zoom's own export: BOM, summary block, renamed participant, two joins summed.
    let zoom = "\u{feff}Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n\
                812,Bimtek,x,y,host@perpusnas.go.id,480,4\n\n\
                Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n\
                HP Siti (Siti),SITI@desa.id,08:00,12:00,240,Yes\n\
                HP Siti (Siti),siti@desa.id,13:00,15:00,120,Yes\n\
                Budi Santoso,,08:00,09:40,100,Yes\n\
                Tamu Undangan,tamu@x.id,08:00,16:00,480,Yes\n";
    let (s, r) = post(&c, &url, &app.token("prov35"), json!({"day": day, "csv": zoom})).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (r["present"].as_i64(), r["too_short"].as_i64(), r["day_minutes"].as_i64()),
        (Some(1), Some(1), Some(480))
    );
    assert_eq!(r["unmatched"][0]["name"], "Tamu Undangan", "{r}");
    // Semicolons, another column order, Indonesian headers, no duration (times instead).
    let day2 = (start + time::Duration::days(1)).to_string();
    let semi = "Waktu keluar;Email;Nama;Waktu bergabung\n16:00;;wayan sudarta;08:00\n10:00;budi@desa.id;Budi;08:00\n";
    let (s, r) = post(&c, &url, &app.token("prov35"), json!({"day": day2, "csv": semi, "dry_run": true})).await;
    assert_eq!((s, r["present"].as_i64(), r["too_short"].as_i64()), (200, Some(1), Some(1)), "{r}");
    let (_, att) = get_json(&c, &app.url(&format!("/api/v1/events/{id}/attendance")), &app.token("prov35")).await;
    assert_eq!(att["marks"].as_array().unwrap().len(), 2, "dry run saved nothing: {att}");
    let (s, _) = post(&c, &url, &app.token("prov35"), json!({"day": day2, "csv": semi})).await;
    assert_eq!(s, 200);
    let (_, list) = get_json(&c, &regs, &app.token("prov35")).await;
    let present: Vec<(String, i64)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["person"]["full_name"].as_str().unwrap().to_string(), r["days_present"].as_i64().unwrap()))
        .collect();
    assert_eq!(present, [("Budi Santoso".into(), 0), ("Siti Aminah".into(), 1), ("Wayan Sudarta".into(), 1)]);
    // Not a participants report at all.
    let (s, r) = post(&c, &url, &app.token("prov35"), json!({"day": day, "csv": "a,b\n1,2\n"})).await;
    assert_eq!((s, r["error"]["fields"][0]["field"].as_str()), (422, Some("file")), "{r}");

    // The page flow: upload, then match the unmatched row by hand.
    let (oc, _) = login(&app, "prov35").await;
    let form = oc
        .get(app.url(&format!("/acara/{id}/presensi/zoom?tanggal={day}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let part = reqwest::multipart::Part::bytes(zoom.as_bytes().to_vec()).file_name("participants.csv");
    let mp =
        reqwest::multipart::Form::new().text("_csrf", csrf_of(&form)).text("tanggal", day.clone()).part("file", part);
    let res = oc.post(app.url(&format!("/acara/{id}/presensi/zoom"))).multipart(mp).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("Tamu Undangan") && page.contains("name=\"assign_0\""), "{page}");
    let wayan = list["items"][2]["id"].as_i64().unwrap().to_string();
    let res = oc
        .post(app.url(&format!("/acara/{id}/presensi/zoom/cocokkan")))
        .form(&[
            ("_csrf", csrf_of(&page).as_str()),
            ("tanggal", day.as_str()),
            ("assign_0", wayan.as_str()),
            ("minutes_0", "480"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, list) = get_json(&c, &regs, &app.token("prov35")).await;
    assert_eq!(list["items"][2]["days_present"], 2, "{list}");
}

#[tokio::test]
async fn event_pages_render_for_their_audiences() {
    let app = lentera_test_support::app();
    let e = bimtek(app, today() + time::Duration::days(90), 3, "hibrida").await;
    let id = e["id"].as_i64().unwrap();
    let (admin, csrf) = login(app, "admin").await;
    for path in [
        "/acara".to_string(),
        format!("/acara/{id}"),
        format!("/acara/{id}/peserta"),
        format!("/acara/{id}/peserta/baru"),
        format!("/acara/{id}/presensi"),
        "/acara/baru".into(),
        "/orang".into(),
        "/orang/duplikat".into(),
        "/daftar-isian/jenis-acara".into(),
        "/daftar-isian/modul".into(),
    ] {
        let res = admin.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    // The calendar shows the event on its month, not on the month before.
    let start = e["start_date"].as_str().unwrap();
    let month = &start[..7];
    let cal = admin.get(app.url(&format!("/acara/kalender?bulan={month}"))).send().await.unwrap().text().await.unwrap();
    assert!(cal.contains(&format!("href=\"/acara/{id}\"")), "{cal}");
    let before = time::Date::parse(start, &time::format_description::well_known::Iso8601::DATE).unwrap()
        - time::Duration::days(40);
    let cal = admin
        .get(app.url(&format!("/acara/kalender?bulan={}", &before.to_string()[..7])))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!cal.contains(&format!("href=\"/acara/{id}\"")));
    // The organiser adds an agenda session tied to a module.
    let res = admin
        .post(app.url(&format!("/acara/{id}/sesi")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("day", e["start_date"].as_str().unwrap()),
            ("start", "08:00"),
            ("end", "10:00"),
            ("title", "Pembukaan dan kontrak belajar"),
            ("module_id", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, detail) = get_json(&client(), &app.url(&format!("/api/v1/events/{id}")), &app.token("viewer35")).await;
    assert_eq!(detail["agenda"][0]["title"], "Pembukaan dan kontrak belajar", "{detail}");
    assert_eq!(detail["registration_code"], Value::Null, "only organisers see the registration code");
    // Viewers read events but not participants; a form with a bad date keeps the input.
    let (viewer, _) = login(app, "viewer35").await;
    assert_eq!(viewer.get(app.url(&format!("/acara/{id}/peserta"))).send().await.unwrap().status(), 403);
    let res = admin
        .post(app.url("/acara/baru"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Bimtek Tanpa Tanggal"),
            ("type_id", "3"),
            ("year", "2026"),
            ("province_code", "35"),
            ("mode", "luring"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("Bimtek Tanpa Tanggal") && body.contains("Tanggal mulai tidak valid"), "{body}");
}
