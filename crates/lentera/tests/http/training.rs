//! After the event: pre/post-tests from the question bank, the evaluation, follow-up plans,
//! and certificates (eligibility, real PDF, ZIP, public verification, revocation).

use lentera_core::ids::EventId;
use lentera_core::region::TimeZone;
use serde_json::{Value, json};

use lentera_test_support::{TestApp, client, csrf_of, get_json, login};

async fn post_json(c: &reqwest::Client, url: &str, token: &str, body: Value) -> (u16, Value) {
    let r = c.request(reqwest::Method::POST, url).bearer_auth(token).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn form(c: &reqwest::Client, url: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    c.post(url).form(fields).send().await.unwrap()
}

/// Text of a PDF, as `pdftotext` extracts it.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn tests_evaluation_follow_up_and_certificates() {
    let app = TestApp::start(true);
    let c = client();
    let today = lentera_test_support::today(TimeZone::Wib);
    let start = today - time::Duration::days(5);
    let body = json!({
        "name": "Bimtek SPP-TIK Jawa Timur Gelombang 2", "type_id": 3, "year": start.year(), "batch": 2,
        "province_code": "35", "organiser_region": "35", "mode": "luring", "venue": "Malang",
        "start_date": start.to_string(), "end_date": (start + time::Duration::days(2)).to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 30,
        "signatory_name": "Dra. Kepala Dinas", "signatory_title": "Kepala Dinas Perpustakaan Provinsi"
    });
    let (s, e) = post_json(&c, &app.url("/api/v1/events"), &app.token("prov35"), body).await;
    assert_eq!(s, 201, "{e}");
    let id = e["id"].as_i64().unwrap();
    let lib_a = app.libs["a"].id;
    let mut regs = Vec::new();
    for (name, phone) in
        [("Şükrü Nguyễn Ayu", "081211110001"), ("Budi Santoso", "081211110002"), ("Made Wirawan", "081211110003")]
    {
        let p = json!({"person": {"full_name": name, "gender": "l", "library_id": lib_a, "phone": phone}});
        let (s, r) =
            post_json(&c, &app.url(&format!("/api/v1/events/{id}/registrations")), &app.token("prov35"), p).await;
        assert_eq!(s, 201, "{r}");
        regs.push(r["registration"].clone());
    }
    // Attendance: the first and last every day, Budi two days of three (67% < 80%).
    for (day, who) in [(0, vec![0, 1, 2]), (1, vec![0, 1, 2]), (2, vec![0, 2])] {
        let marks: Vec<Value> =
            who.iter().map(|i| json!({"registration_id": regs[*i]["id"], "present": true})).collect();
        let r = c
            .put(app.url(&format!("/api/v1/events/{id}/attendance")))
            .bearer_auth(app.token("prov35"))
            .json(&json!({"day": (start + time::Duration::days(day)).to_string(), "marks": marks}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }

    // The question bank and the tests.
    let (oc, csrf) = login(&app, "prov35").await;
    for (text, options, correct) in [
        ("Apa tujuan TPBIS?", "Menjual buku\nPusat belajar masyarakat\nMenutup perpustakaan", "2"),
        ("Mitra perpustakaan bisa berasal dari…", "Dunia usaha\nTidak ada", "1"),
    ] {
        let r = form(
            &oc,
            &app.url("/bank-soal"),
            &[("_csrf", &csrf), ("module_id", "1"), ("text", text), ("options", options), ("correct", correct)],
        )
        .await;
        assert_eq!(r.status(), 303);
    }
    let bad = form(
        &oc,
        &app.url("/bank-soal"),
        &[("_csrf", &csrf), ("module_id", "1"), ("text", "Satu pilihan"), ("options", "a"), ("correct", "1")],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let refused = bad.text().await.unwrap();
    assert!(
        refused.contains("Satu pilihan") && refused.contains("2–6 pilihan jawaban"),
        "typed text kept, message shown: {refused}"
    );
    for kind in ["pre", "post"] {
        let r = form(
            &oc,
            &app.url(&format!("/acara/{id}/tes/{kind}")),
            &[("_csrf", &csrf), ("q_1", "1"), ("q_2", "1"), ("open", "1")],
        )
        .await;
        assert_eq!(r.status(), 303, "{kind}");
    }
    let (tc, _) = login(&app, "trainer").await;
    assert_eq!(tc.get(app.url(&format!("/acara/{id}/tes/pre"))).send().await.unwrap().status(), 403);

    // The participant on their phone: wrong code refused, then the tests.
    let phone = client();
    let page = phone.get(app.url(&format!("/ikut/{id}"))).send().await.unwrap().text().await.unwrap();
    let pc = csrf_of(&page);
    assert_eq!(
        form(&phone, &app.url(&format!("/ikut/{id}")), &[("_csrf", &pc), ("code", "XXXXXX")]).await.status(),
        422
    );
    let code = regs[0]["code"].as_str().unwrap().to_string();
    let portal =
        form(&phone, &app.url(&format!("/ikut/{id}")), &[("_csrf", &pc), ("code", &code)]).await.text().await.unwrap();
    assert!(portal.contains("Şükrü Nguyễn Ayu") && portal.contains("3/3"), "{portal}");
    let test = form(&phone, &app.url(&format!("/ikut/{id}/tes/pre")), &[("_csrf", &pc), ("code", &code)])
        .await
        .text()
        .await
        .unwrap();
    assert!(test.contains("Apa tujuan TPBIS?") && !test.contains("✓"), "no answers shown: {test}");
    let url = app.url(&format!("/ikut/{id}/tes/pre/kirim"));
    let done =
        form(&phone, &url, &[("_csrf", &pc), ("code", &code), ("a_0", "0"), ("a_1", "1")]).await.text().await.unwrap();
    assert!(done.contains("0/2"), "pre-test scored: {done}");
    assert_eq!(form(&phone, &url, &[("_csrf", &pc), ("code", &code), ("a_0", "1")]).await.status(), 409, "once only");
    form(&phone, &app.url(&format!("/ikut/{id}/tes/post")), &[("_csrf", &pc), ("code", &code)]).await;
    let done = form(
        &phone,
        &app.url(&format!("/ikut/{id}/tes/post/kirim")),
        &[("_csrf", &pc), ("code", &code), ("a_0", "1"), ("a_1", "0")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(done.contains("2/2"), "post-test scored: {done}");
    // Evaluation (once) and the library's follow-up plan.
    let ev = [
        ("_csrf", pc.as_str()),
        ("code", code.as_str()),
        ("content", "5"),
        ("trainers", "4"),
        ("organisation", "3"),
        ("comments", "Materi sangat berguna"),
    ];
    assert_eq!(form(&phone, &app.url(&format!("/ikut/{id}/evaluasi")), &ev).await.status(), 200);
    assert_eq!(form(&phone, &app.url(&format!("/ikut/{id}/evaluasi")), &ev).await.status(), 409);
    let plan = [
        ("_csrf", pc.as_str()),
        ("code", code.as_str()),
        ("plan", "Kelas literasi digital untuk ibu-ibu PKK setiap Sabtu"),
        ("target_date", "2026-12-31"),
    ];
    assert_eq!(form(&phone, &app.url(&format!("/ikut/{id}/tindak-lanjut")), &plan).await.status(), 200);
    let (rc, rcsrf) = login(&app, "reg3507").await;
    let lib_page = rc.get(app.url(&format!("/perpustakaan/{lib_a}"))).send().await.unwrap().text().await.unwrap();
    assert!(lib_page.contains("Kelas literasi digital untuk ibu-ibu PKK"), "plan on the library page");

    // Results: gain per module and participant, evaluation averages.
    let results = oc.get(app.url(&format!("/acara/{id}/hasil"))).send().await.unwrap().text().await.unwrap();
    assert!(
        results.contains("+100") && results.contains("5,0") && results.contains("Materi sangat berguna"),
        "{results}"
    );

    // Certificates for those who attended enough.
    let r = form(&oc, &app.url(&format!("/acara/{id}/sertifikat/terbitkan")), &[("_csrf", &csrf)]).await;
    assert_eq!(r.status(), 303);
    let list = oc.get(app.url(&format!("/acara/{id}/sertifikat"))).send().await.unwrap().text().await.unwrap();
    assert!(
        list.contains("Made Wirawan") && list.contains("Şükrü Nguyễn Ayu") && !list.contains("Budi Santoso"),
        "{list}"
    );
    let ids: Vec<String> = list
        .match_indices("/sertifikat/")
        .filter_map(|(i, _)| {
            list[i + 12..].split(".pdf").next().filter(|n| n.chars().all(|c| c.is_ascii_digit())).map(str::to_string)
        })
        .collect();
    assert_eq!(ids.len(), 2, "{list}");
    let pdf = oc.get(app.url(&format!("/acara/{id}/sertifikat/{}.pdf", ids[0]))).send().await.unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(text.contains("SERTIFIKAT") && text.contains("30 jam pelajaran"), "{text}");
    assert!(text.contains("Made Wirawan") || text.contains("Şükrü Nguyễn Ayu"), "the name renders: {text}");
    let zip =
        oc.get(app.url(&format!("/acara/{id}/sertifikat/semua.zip"))).send().await.unwrap().bytes().await.unwrap();
    assert!(zip.starts_with(b"PK"));
    // The participant downloads their own.
    let mine = phone
        .post(app.url(&format!("/ikut/{id}/sertifikat")))
        .form(&[("_csrf", pc.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let text = pdf_text(&mine);
    assert!(text.contains("Şükrü Nguyễn Ayu") && text.contains("Dra. Kepala Dinas"), "{text}");
    let number =
        text.lines().find_map(|l| l.trim().strip_prefix("Nomor: ")).expect("number printed").trim().to_string();

    // The public check shows name and event only; revocation shows on it.
    let public = client();
    let v = public.get(app.url(&format!("/verifikasi/{number}"))).send().await.unwrap().text().await.unwrap();
    assert!(v.contains("ASLI") && v.contains("Şükrü Nguyễn Ayu") && !v.contains("081211110001"), "{v}");
    assert_eq!(public.get(app.url("/verifikasi/2026-0000-00000-AAAAA")).send().await.unwrap().status(), 404);
    let first_number: String =
        list[list.find("/verifikasi/").unwrap() + 12..].chars().take_while(|c| *c != '"').collect();
    let r = form(
        &oc,
        &app.url(&format!("/acara/{id}/sertifikat/{}/cabut", ids[0])),
        &[("_csrf", &csrf), ("reason", "Data peserta salah")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let list = oc.get(app.url(&format!("/acara/{id}/sertifikat"))).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Dicabut") && list.contains("Data peserta salah"), "{list}");
    let v = public.get(app.url(&format!("/verifikasi/{first_number}"))).send().await.unwrap().text().await.unwrap();
    assert!(v.contains("DICABUT"), "{v}");
    // Revoking needs a reason; only the organiser revokes.
    let r =
        form(&oc, &app.url(&format!("/acara/{id}/sertifikat/{}/cabut", ids[1])), &[("_csrf", &csrf), ("reason", " ")])
            .await;
    assert_eq!(r.status(), 422);
    let r =
        form(&rc, &app.url(&format!("/acara/{id}/sertifikat/{}/cabut", ids[1])), &[("_csrf", &rcsrf), ("reason", "x")])
            .await;
    assert_eq!(r.status(), 403);
    let (s, _) = get_json(&c, &app.url(&format!("/api/v1/events/{id}")), &app.token("viewer35")).await;
    assert_eq!(s, 200);

    // Reports: the year's events with independent counts, its workbook, the event's workbook
    // and the printable attendance list.
    let year = start.year();
    let report = rc.get(app.url(&format!("/acara/laporan?tahun={year}"))).send().await.unwrap().text().await.unwrap();
    assert!(report.contains("id=\"jumlah-acara\">1<") && report.contains("id=\"orang-dilatih\">3<"), "{report}");
    assert!(report.contains("Jawa Timur") && report.contains("Umum desa/kelurahan"), "breakdowns: {report}");
    let xlsx =
        rc.get(app.url(&format!("/acara/laporan.xlsx?tahun={year}"))).send().await.unwrap().bytes().await.unwrap();
    let rows = lentera_web::tabular::read_table("r.xlsx", &xlsx).unwrap();
    assert!(rows.contains(&vec!["peserta".to_string(), "3".to_string()]), "{rows:?}");
    assert!(rows.contains(&vec!["perempuan".to_string(), "0".to_string()]), "{rows:?}");
    let book = oc.get(app.url(&format!("/acara/{id}/laporan.xlsx"))).send().await.unwrap();
    assert_eq!(book.status(), 200);
    let rows = lentera_web::tabular::read_table("e.xlsx", &book.bytes().await.unwrap()).unwrap();
    assert_eq!(rows[1][7], "3", "registered in the summary: {rows:?}");
    assert_eq!(
        rc.get(app.url(&format!("/acara/{id}/laporan.xlsx"))).send().await.unwrap().status(),
        403,
        "names stay with the organisers"
    );
    // The same over the API.
    let (s, rep) = get_json(&c, &app.url(&format!("/api/v1/events/{id}/report")), &app.token("viewer35")).await;
    assert_eq!(
        (s, rep["summary"]["registered"].as_i64(), rep["breakdown"]["male"].as_i64()),
        (200, Some(3), Some(3)),
        "{rep}"
    );
    assert_eq!(rep["summary"]["gain"]["post"], 100, "{rep}");
    let (s, yr) = get_json(&c, &app.url(&format!("/api/v1/event-reports/{year}")), &app.token("viewer35")).await;
    assert_eq!((s, yr["people"].as_i64()), (200, Some(3)), "{yr}");
    let (s, v) = get_json(&c, &app.url(&format!("/api/v1/certificates/{number}")), "").await;
    assert_eq!(
        (s, v["person_name"].as_str(), v["revoked"].as_bool()),
        (200, Some("Şükrü Nguyễn Ayu"), Some(false)),
        "{v}"
    );
    let (s, issued) =
        post_json(&c, &app.url(&format!("/api/v1/events/{id}/certificates")), &app.token("prov35"), json!({})).await;
    assert_eq!((s, issued["issued"].as_i64()), (200, Some(0)), "nothing new to issue: {issued}");
    let url = app.url(&format!("/api/v1/events/{id}/certificates/{}/revoke", ids[0]));
    assert_eq!(post_json(&c, &url, &app.token("prov35"), json!({"reason": "lagi"})).await.0, 409);
    let (s, plans) =
        get_json(&c, &app.url(&format!("/api/v1/libraries/{lib_a}/follow-ups")), &app.token("reg3507")).await;
    assert_eq!((s, plans["items"].as_array().map(Vec::len)), (200, Some(1)), "{plans}");
    let (s, bank) = get_json(&c, &app.url("/api/v1/questions"), &app.token("trainer")).await;
    assert_eq!((s, bank["items"].as_array().map(Vec::len)), (200, Some(2)), "{bank}");
    assert_eq!(get_json(&c, &app.url("/api/v1/questions"), &app.token("viewer35")).await.0, 403);
    let list = oc.get(app.url(&format!("/acara/{id}/daftar-hadir.pdf"))).send().await.unwrap().bytes().await.unwrap();
    let text = pdf_text(&list);
    assert!(text.contains("DAFTAR HADIR") && text.contains("Budi Santoso") && text.contains("Hari 3"), "{text}");
}

#[tokio::test]
async fn a_timed_test_refuses_late_answers() {
    use lentera_core::services::training;
    use lentera_core::training::TestKind;
    let app = TestApp::start(true);
    let c = client();
    let today = lentera_test_support::today(TimeZone::Wib);
    let body = json!({
        "name": "Bimtek bertes waktu", "type_id": 3, "year": today.year(), "province_code": "35", "organiser_region": "35",
        "mode": "luring", "venue": "Malang", "start_date": today.to_string(), "end_date": today.to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8
    });
    let (_, e) = post_json(&c, &app.url("/api/v1/events"), &app.token("prov35"), body).await;
    let id = EventId::new(e["id"].as_i64().unwrap());
    let p = json!({"person": {"full_name": "Peserta Tepat Waktu", "gender": "p", "library_id": app.libs["a"].id}});
    let (_, r) = post_json(&c, &app.url(&format!("/api/v1/events/{id}/registrations")), &app.token("prov35"), p).await;
    let code = r["registration"]["code"].as_str().unwrap().to_string();
    let q = json!({"module_id": 1, "text": "Berapa?", "options": ["satu", "dua"], "correct": 1});
    let (s, q) = post_json(&c, &app.url("/api/v1/questions"), &app.token("prov35"), q).await;
    assert_eq!(s, 201, "{q}");
    let test = json!({"question_ids": [q["id"]], "time_limit_minutes": 10, "open": true});
    let r = c
        .put(app.url(&format!("/api/v1/events/{id}/tests/pre")))
        .bearer_auth(app.token("prov35"))
        .json(&test)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // The participant opens the test now (the clock starts) …
    let (questions, attempt, ends) = training::start_test(&app.env, id, &code, TestKind::Pre, "uji").unwrap();
    assert_eq!(questions.len(), 1);
    assert_eq!(ends, Some(attempt.started_at + 600));
    assert_eq!(questions[0].fields.correct, usize::MAX, "answers never sent to the participant");
    // … answers sent after the limit and the grace minutes are refused; in time they count.
    let late =
        training::submit_test_at(&app.env, id, &code, TestKind::Pre, &[Some(1)], "uji", attempt.started_at + 13 * 60);
    assert!(matches!(late, Err(lentera_core::Error::Conflict(_))), "{late:?}");
    let ok =
        training::submit_test_at(&app.env, id, &code, TestKind::Pre, &[Some(1)], "uji", attempt.started_at + 11 * 60)
            .unwrap();
    assert_eq!((ok.score, ok.total), (Some(1), Some(1)));
}

/// Issue 15: the evaluation was offered (and taken) on day 1 of a three-day Bimtek.
#[tokio::test]
async fn the_evaluation_opens_on_the_last_day() {
    use lentera_core::services::training;
    let app = TestApp::start(true);
    let c = client();
    let today = lentera_test_support::today(TimeZone::Wib);
    let body = json!({
        "name": "Bimtek tiga hari", "type_id": 3, "year": today.year(), "province_code": "35", "organiser_region": "35",
        "mode": "luring", "venue": "Malang", "start_date": today.to_string(),
        "end_date": (today + time::Duration::days(2)).to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 24
    });
    let (_, e) = post_json(&c, &app.url("/api/v1/events"), &app.token("prov35"), body).await;
    let id = EventId::new(e["id"].as_i64().unwrap());
    let p = json!({"person": {"full_name": "Peserta Hari Pertama", "gender": "p", "library_id": app.libs["a"].id}});
    let (_, r) = post_json(&c, &app.url(&format!("/api/v1/events/{id}/registrations")), &app.token("prov35"), p).await;
    let code = r["registration"]["code"].as_str().unwrap().to_string();
    let portal = training::portal(&app.env, id, &code, "uji").unwrap();
    assert!(!portal.evaluation_open, "day 1 of 3");
    let fields = lentera_core::training::EvaluationFields::parse("5", "5", "5", None).unwrap();
    let early = training::evaluate(&app.env, id, &code, &fields, "uji");
    assert!(matches!(early, Err(lentera_core::Error::Conflict(_))), "{early:?}");
}
