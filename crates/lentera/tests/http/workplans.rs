//! Work plans: from the Bimtek follow-up plan to an approved plan with budget lines by
//! source, amounts recorded, an activity that drew on a line, plan vs actual checked against
//! independent counts; revisions; bad input; scope over the API and pages.

use lentera_core::access::Actor;
use lentera_core::activity::ActivityInput;
use lentera_core::region::TimeZone;
use lentera_core::services::activities;
use lentera_core::store::{TrainingStore, WorkPlanStore};
use lentera_test_support::conformance::{audit, events::new_event};
use lentera_test_support::{TestApp, get_json, login, today};
use serde_json::json;

async fn post(c: &reqwest::Client, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
    c.post(url).form(form).send().await.unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().split(['?', '#']).next().unwrap().to_string()
}

#[tokio::test]
async fn a_plan_from_the_follow_up_plan_to_plan_vs_actual_on_pages() {
    let app = TestApp::start(true);
    let lib = &app.libs["a"];
    let year = today(TimeZone::Wib).year();
    let event = new_event(app.store.as_ref(), "Bimtek SPP-TIK", "RTL01", None, vec![]);
    app.store
        .save_follow_up(
            event.id,
            lib.id,
            "- Kelas menjahit untuk ibu-ibu\n- Pojok baca anak",
            None,
            0,
            audit("follow_up_plan"),
        )
        .unwrap();
    let (m, csrf) = login(&app, "manager_a").await;
    let page = m
        .get(app.url(&format!("/rencana-kerja/baru?perpustakaan={}", lib.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Rencana tindak lanjut (RTL) Bimtek") && page.contains("(1)"), "the RTL is offered");
    let client_id = "0b8f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4";
    let new = |y: String| {
        let m = m.clone();
        let (url, csrf) = (app.url(&format!("/rencana-kerja/baru?perpustakaan={}", lib.id)), csrf.clone());
        async move {
            m.post(url)
                .form(&[("_csrf", csrf.as_str()), ("year", y.as_str()), ("mulai", "rtl"), ("client_id", client_id)])
                .send()
                .await
                .unwrap()
        }
    };
    let r = new("1999".into()).await;
    assert_eq!(r.status(), 422, "a year outside the plan years");
    assert!(r.text().await.unwrap().contains("Tahun rencana harus antara 2018"));
    let r = new(year.to_string()).await;
    assert_eq!(r.status(), 303);
    let plan_url = location(&r);
    assert_eq!(location(&new(year.to_string()).await), plan_url, "a retried submission lands on the same plan");
    let page = m.get(app.url(&plan_url)).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Kelas menjahit untuk ibu-ibu") && page.contains("Pojok baca anak"),
        "RTL lines became activities"
    );

    // Rows one at a time; a bad amount keeps what was typed and says why.
    let add = |fields: Vec<(&'static str, String)>| {
        let m = m.clone();
        let url = app.url(&format!("{plan_url}/baris"));
        let csrf = csrf.clone();
        let plan_url = plan_url.clone();
        let app_url = app.url(&plan_url);
        async move {
            let page = m.get(app_url).send().await.unwrap().text().await.unwrap();
            // A locked plan shows no forms: send the last version seen, as a stale tab would.
            let version = page
                .split("name=\"version\" value=\"")
                .nth(1)
                .map_or("3".to_string(), |v| v.split('"').next().unwrap().to_string());
            let _ = plan_url;
            let mut form: Vec<(&str, String)> = vec![("_csrf", csrf), ("version", version)];
            form.extend(fields);
            m.post(url).form(&form).send().await.unwrap()
        }
    };
    let r = add(vec![
        ("bagian", "needs".into()),
        ("problem", "Ibu rumah tangga belum berpenghasilan".into()),
        ("need", "Keterampilan menjahit".into()),
        ("group", "Ibu rumah tangga".into()),
        ("need_source", "musyawarah".into()),
    ])
    .await;
    assert_eq!(r.status(), 303);
    let r = add(vec![
        ("bagian", "lines".into()),
        ("line_source", "add".into()),
        ("description", "Mesin jahit dan bahan".into()),
        ("activity_no", "1".into()),
        ("proposed", "15.000.000,50".into()),
    ])
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Isi rupiah sebagai bilangan bulat") && html.contains("Mesin jahit dan bahan"),
        "typed text kept"
    );
    let r = add(vec![
        ("bagian", "lines".into()),
        ("line_source", "add".into()),
        ("description", "Mesin jahit dan bahan".into()),
        ("activity_no", "1".into()),
        ("proposed", "Rp 15.000.000".into()),
    ])
    .await;
    assert_eq!(r.status(), 303);
    let page = m.get(app.url(&plan_url)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("4.2.3 Alokasi Dana Desa (ADD)") && page.contains("Rp 15.000.000"));

    // Submitted by the library, approved by the regency in one step; then locked.
    let r = post(&m, &app.url(&format!("{plan_url}/status")), &[("_csrf", &csrf), ("transition", "submit")]).await;
    assert_eq!(r.status(), 303);
    let (reg, rcsrf) = login(&app, "reg3507").await;
    let inbox = reg.get(app.url("/kotak-masuk")).send().await.unwrap().text().await.unwrap();
    assert!(inbox.contains("Rencana kerja ") && inbox.contains(&lib.name), "waiting in the regency's inbox");
    let r = post(&reg, &app.url(&format!("{plan_url}/status")), &[("_csrf", &rcsrf), ("transition", "approve")]).await;
    assert_eq!(r.status(), 303);
    let r = add(vec![
        ("bagian", "needs".into()),
        ("problem", "x".into()),
        ("need", "y".into()),
        ("need_source", "survey".into()),
    ])
    .await;
    assert_eq!(r.status(), 409, "an approved plan is locked");

    // Amounts: spending needs an approved amount and may not exceed it.
    let outcome = |approved: &'static str, realised: &'static str| {
        let m = m.clone();
        let (url, csrf) = (app.url(&format!("{plan_url}/realisasi")), csrf.clone());
        async move {
            m.post(url)
                .form(&[("_csrf", csrf.as_str()), ("line_no", "1"), ("approved", approved), ("realised", realised)])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(outcome("", "5000000").await.status(), 422);
    let r = outcome("15000000", "20000000").await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Realisasi melebihi jumlah yang disetujui"));
    assert_eq!(outcome("15.000.000", "12.000.000").await.status(), 303);

    // An activity of the year paid from the ADD line, approved up the chain.
    let day = today(TimeZone::Wib).to_string();
    let input = ActivityInput {
        title: "Kelas menjahit".into(),
        start_date: day,
        category_id: "1".into(),
        male: Some("2".into()),
        female: Some("18".into()),
        ..Default::default()
    };
    let (a, _) = activities::create(&app.env, &Actor::operator(), lib.id, None, &input).unwrap();
    let act_page = m.get(app.url(&format!("/kegiatan/{}", a.id))).send().await.unwrap().text().await.unwrap();
    assert!(act_page.contains("Kaitkan dengan rencana dan sumber dana"));
    let r = post(
        &m,
        &app.url(&format!("/kegiatan/{}/rencana", a.id)),
        &[("_csrf", &csrf), ("planned_no", "1"), ("draw_1", "sepuluh juta")],
    )
    .await;
    assert_eq!(r.status(), 422, "a draw that is not rupiah");
    let r = post(
        &m,
        &app.url(&format!("/kegiatan/{}/rencana", a.id)),
        &[("_csrf", &csrf), ("planned_no", "1"), ("draw_1", "10.000.000")],
    )
    .await;
    assert_eq!(r.status(), 303);
    post(&m, &app.url(&format!("/kegiatan/{}/status", a.id)), &[("_csrf", &csrf), ("transition", "submit")]).await;
    post(&reg, &app.url(&format!("/kegiatan/{}/status", a.id)), &[("_csrf", &rcsrf), ("transition", "verify")]).await;
    let (prov, pcsrf) = login(&app, "prov35").await;
    let r =
        post(&prov, &app.url(&format!("/kegiatan/{}/status", a.id)), &[("_csrf", &pcsrf), ("transition", "approve")])
            .await;
    assert_eq!(r.status(), 303);

    // Plan vs actual on the plan, and the regency's sums, against counts of our own.
    let page = m.get(app.url(&plan_url)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Rencana vs realisasi") && page.contains("Rp 10.000.000") && page.contains("Rp 12.000.000"));
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    let (drawn, participants): (i64, i64) = db
        .query_row(
            "SELECT sum(d.amount), (SELECT sum(male + female) FROM activities WHERE id = d.activity_id)
             FROM activity_funding d JOIN activities a ON a.id = d.activity_id WHERE a.status = 'approved'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let token = app.token("reg3507");
    let (status, sums) =
        get_json(&reqwest::Client::new(), &app.url(&format!("/api/v1/work-plans/summary?year={year}")), &token).await;
    assert_eq!(status, 200, "{sums}");
    assert_eq!(
        (sums["plans_approved"].as_i64(), sums["reported_participants"].as_i64()),
        (Some(1), Some(participants))
    );
    let add = &sums["by_source"][0];
    assert_eq!((add["source"].as_str(), add["proposed"].as_i64()), (Some("add"), Some(15_000_000)));
    assert_eq!(
        (add["approved"].as_i64(), add["realised"].as_i64(), add["drawn"].as_i64()),
        (Some(15_000_000), Some(12_000_000), Some(drawn))
    );

    // A revision: a new draft, the approved one still in force.
    let r = post(&m, &app.url(&format!("{plan_url}/revisi")), &[("_csrf", &csrf)]).await;
    assert_eq!(r.status(), 303);
    let revision_url = location(&r);
    assert_ne!(revision_url, plan_url);
    let page = m.get(app.url(&revision_url)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("revisi 2") && page.contains("Rp 15.000.000"), "the revision carries the lines and amounts");
    let r = post(&m, &app.url(&format!("{plan_url}/revisi")), &[("_csrf", &csrf)]).await;
    assert_eq!(location(&r), revision_url, "one open revision at a time");
    let (_, sums) =
        get_json(&reqwest::Client::new(), &app.url(&format!("/api/v1/work-plans/summary?year={year}")), &token).await;
    assert_eq!(sums["plans_approved"].as_i64(), Some(1), "the approved revision stays in force");
}

#[tokio::test]
async fn work_plans_over_the_api_hold_scope_and_refuse_bad_input() {
    let app = TestApp::start(true);
    let (a, c) = (app.libs["a"].id.get(), app.libs["c"].id.get());
    let year = today(TimeZone::Wib).year();
    let http = reqwest::Client::new();
    let send = |method: reqwest::Method, path: String, user: &'static str, body: serde_json::Value| {
        let token = app.token(user);
        let req = http.request(method, app.url(&path)).bearer_auth(token).json(&body);
        async move {
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<serde_json::Value>().await.unwrap_or_default())
        }
    };
    let big = 400_000_000_000_000_i64;
    let content = json!({
        "summary": "Perpustakaan sebagai pusat kegiatan warga",
        "needs": [{"problem": "Anak putus sekolah", "need": "Kelas komputer", "group": "Remaja", "source": "survey"}],
        "activities": [{"title": "Kelas komputer", "category_id": 1, "month": 4, "target_participants": 25, "need_no": 1}],
        "lines": [
            {"source": "dd", "description": "Honor pelatih", "activity_no": 1, "proposed": big},
            {"source": "pihak_ketiga", "description": "Laptop dari CSR", "activity_no": 1, "proposed": big}
        ]
    });
    let (s, plan) = send(
        reqwest::Method::POST,
        "/api/v1/work-plans".into(),
        "manager_a",
        json!({"library_id": a, "year": year, "content": content}),
    )
    .await;
    assert_eq!(s, 201, "{plan}");
    assert_eq!(plan["proposed_total"].as_i64(), Some(2 * big), "integer rupiah, exact");
    let id = plan["id"].as_i64().unwrap();
    let (s, body) =
        send(reqwest::Method::POST, "/api/v1/work-plans".into(), "manager_a", json!({"library_id": a, "year": year}))
            .await;
    assert_eq!((s, body["error"]["code"].as_str()), (409, Some("conflict")), "one plan per year: {body}");
    let (s, _) =
        send(reqwest::Method::POST, "/api/v1/work-plans".into(), "manager_a", json!({"library_id": c, "year": year}))
            .await;
    assert_eq!(s, 404, "another library is not the manager's");
    let bad = json!({"version": 1, "content": {"lines": [{"source": "dd", "description": "x", "proposed": 5, "activity_no": 9}]}});
    let (s, body) = send(reqwest::Method::PUT, format!("/api/v1/work-plans/{id}"), "manager_a", bad).await;
    assert_eq!(s, 422, "a line for an activity that is not in the plan: {body}");
    assert_eq!(body["error"]["fields"][0]["field"].as_str(), Some("lines[0].activity_no"));
    let (_, again) = send(reqwest::Method::GET, format!("/api/v1/work-plans/{id}"), "manager_a", json!(null)).await;
    assert_eq!(again["version"].as_i64(), Some(1), "nothing written");

    // Scope: the regency coordinator elsewhere sees nothing; a viewer reads but cannot act.
    let (s, other) =
        send(reqwest::Method::POST, "/api/v1/work-plans".into(), "admin", json!({"library_id": c, "year": year})).await;
    assert_eq!(s, 201);
    let other_id = other["id"].as_i64().unwrap();
    let (s, _) = send(reqwest::Method::GET, format!("/api/v1/work-plans/{other_id}"), "reg3507", json!(null)).await;
    assert_eq!(s, 404);
    let (_, list) = send(reqwest::Method::GET, "/api/v1/work-plans".into(), "reg3507", json!(null)).await;
    assert_eq!(list["total"].as_i64(), Some(1), "only the regency's plans");
    let (s, _) = send(
        reqwest::Method::POST,
        format!("/api/v1/work-plans/{other_id}/transitions"),
        "reg3507",
        json!({"transition": "submit"}),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = send(
        reqwest::Method::POST,
        format!("/api/v1/work-plans/{id}/transitions"),
        "manager_a",
        json!({"transition": "submit"}),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = send(
        reqwest::Method::POST,
        format!("/api/v1/work-plans/{id}/transitions"),
        "viewer35",
        json!({"transition": "approve"}),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = send(
        reqwest::Method::POST,
        format!("/api/v1/work-plans/{id}/transitions"),
        "manager_a",
        json!({"transition": "approve"}),
    )
    .await;
    assert_eq!(s, 403, "a library does not approve its own plan");
    let (s, approved) = send(
        reqwest::Method::POST,
        format!("/api/v1/work-plans/{id}/transitions"),
        "reg3507",
        json!({"transition": "approve"}),
    )
    .await;
    assert_eq!((s, approved["status"].as_str()), (200, Some("approved")));

    // Recorded amounts: only on the plan in force, never spending without approval.
    let (s, body) = send(
        reqwest::Method::PUT,
        format!("/api/v1/work-plans/{id}/budget-lines/1"),
        "manager_a",
        json!({"realised": 1000}),
    )
    .await;
    assert_eq!(s, 422, "{body}");
    let (s, body) = send(
        reqwest::Method::PUT,
        format!("/api/v1/work-plans/{id}/budget-lines/9"),
        "manager_a",
        json!({"approved": 1000}),
    )
    .await;
    assert_eq!(s, 422, "no such line: {body}");
    let (s, _) = send(
        reqwest::Method::PUT,
        format!("/api/v1/work-plans/{id}/budget-lines/2"),
        "reg3507",
        json!({"approved": big, "realised": big}),
    )
    .await;
    assert_eq!(s, 200, "the regency records for its libraries");
    let (s, _) = send(
        reqwest::Method::PUT,
        format!("/api/v1/work-plans/{other_id}/budget-lines/1"),
        "reg3507",
        json!({"approved": 1}),
    )
    .await;
    assert_eq!(s, 404);
    let (s, rev) =
        send(reqwest::Method::POST, format!("/api/v1/work-plans/{id}/revisions"), "manager_a", json!(null)).await;
    assert_eq!((s, rev["revision"].as_i64()), (201, Some(2)));
    let (s, again) =
        send(reqwest::Method::POST, format!("/api/v1/work-plans/{id}/revisions"), "manager_a", json!(null)).await;
    assert_eq!((s, again["id"].clone()), (200, rev["id"].clone()));
    let rev_id = rev["id"].as_i64().unwrap();
    let (s, _) = send(
        reqwest::Method::PUT,
        format!("/api/v1/work-plans/{rev_id}/budget-lines/2"),
        "manager_a",
        json!({"approved": 5}),
    )
    .await;
    assert_eq!(s, 409, "amounts go on the approved plan in force");
    let (_, pva) =
        send(reqwest::Method::GET, format!("/api/v1/work-plans/{id}/plan-vs-actual"), "manager_a", json!(null)).await;
    let csr = pva["by_source"].as_array().unwrap().iter().find(|s| s["source"] == "pihak_ketiga").unwrap();
    assert_eq!((csr["approved"].as_i64(), csr["realised"].as_i64()), (Some(big), Some(big)));

    // An activity links only to the plan in force, and only while it can change.
    let input = ActivityInput {
        title: "Kelas komputer".into(),
        start_date: today(TimeZone::Wib).to_string(),
        category_id: "1".into(),
        female: Some("12".into()),
        ..Default::default()
    };
    let (act, _) = activities::create(&app.env, &Actor::operator(), app.libs["a"].id, None, &input).unwrap();
    let link = json!({"planned_no": 1, "draws": [{"line_no": 1, "amount": 3_000_000}, {"line_no": 1, "amount": 1}]});
    let (s, _) =
        send(reqwest::Method::PUT, format!("/api/v1/activities/{}/plan-link", act.id), "manager_a", link).await;
    assert_eq!(s, 422, "a line twice");
    let link =
        json!({"planned_no": 1, "draws": [{"line_no": 1, "amount": 3_000_000}, {"line_no": 2, "amount": 2_000_000}]});
    let (s, body) =
        send(reqwest::Method::PUT, format!("/api/v1/activities/{}/plan-link", act.id), "manager_a", link).await;
    assert_eq!((s, body["work_plan_id"].as_i64()), (200, Some(id)), "{body}");
    let (s, body) =
        send(reqwest::Method::GET, format!("/api/v1/activities/{}/plan-link", act.id), "viewer35", json!(null)).await;
    assert_eq!((s, body["draws"].as_array().map(Vec::len)), (200, Some(2)));
}

#[tokio::test]
async fn the_budget_calendar_reminds_plans_and_coordinators() {
    let app = TestApp::start(true);
    let http = reqwest::Client::new();
    let next_year = today(TimeZone::Wib).year() + 1;
    let (s, steps) =
        get_json(&http, &app.url(&format!("/api/v1/budget-calendar?year={next_year}")), &app.token("manager_a")).await;
    assert_eq!(s, 200);
    assert_eq!(
        (steps[0]["step"].as_str(), steps[0]["date"].as_str()),
        (Some("musrenbang_desa"), Some(format!("{}-02-28", next_year - 1).as_str()))
    );
    // Only national administrators move a step; a date that does not exist is refused.
    let put = |user: &'static str, body: serde_json::Value| {
        let req = http.put(app.url("/api/v1/budget-calendar/rkpdes")).bearer_auth(app.token(user)).json(&body);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(put("prov35", json!({"month": 8, "day": 31})).await, 403);
    assert_eq!(put("admin", json!({"month": 2, "day": 30})).await, 422);
    assert_eq!(put("admin", json!({"month": 8, "day": 31})).await, 204);
    let (_, steps) =
        get_json(&http, &app.url(&format!("/api/v1/budget-calendar?year={next_year}")), &app.token("manager_a")).await;
    let rkpdes = steps.as_array().unwrap().iter().find(|s| s["step"] == "rkpdes").unwrap();
    assert_eq!(
        (rkpdes["date"].as_str(), rkpdes["moved"].as_bool()),
        (Some(format!("{}-08-31", next_year - 1).as_str()), Some(true))
    );

    // The regency's libraries without next year's plan: libraries a and b join the programme;
    // a sends one, so the regency (35.07) has none left to chase and the province still has b.
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    db.execute(
        "UPDATE libraries SET programme_year = 2024, programme_tier = 'penuh' WHERE id IN (?, ?)",
        [app.libs["a"].id.get(), app.libs["b"].id.get()],
    )
    .unwrap();
    let token = app.token("reg3507");
    let (s, missing) = get_json(&http, &app.url(&format!("/api/v1/work-plans/missing?year={next_year}")), &token).await;
    assert_eq!((s, missing["total"].as_i64()), (200, Some(1)), "{missing}");
    assert_eq!(missing["libraries"][0]["library_id"].as_i64(), Some(app.libs["a"].id.get()));
    let (s, _) = get_json(&http, &app.url("/api/v1/work-plans/missing"), &app.token("manager_a")).await;
    assert_eq!(s, 403, "a library's staff have no such list");
    let (m, csrf) = login(&app, "manager_a").await;
    let r = post(
        &m,
        &app.url(&format!("/rencana-kerja/baru?perpustakaan={}", app.libs["a"].id)),
        &[("_csrf", &csrf), ("year", &next_year.to_string()), ("mulai", "kosong")],
    )
    .await;
    let plan_url = location(&r);
    let page = m.get(app.url(&plan_url)).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Kalender anggaran")
            && page.contains("RKPDes ditetapkan")
            && page.contains(&format!("31 Agustus {}", next_year - 1))
    );
    let (_, still) = get_json(&http, &app.url(&format!("/api/v1/work-plans/missing?year={next_year}")), &token).await;
    assert_eq!(still["total"].as_i64(), Some(1), "a draft is not sent");
    post(&m, &app.url(&format!("{plan_url}/status")), &[("_csrf", &csrf), ("transition", "submit")]).await;
    let (_, after) = get_json(&http, &app.url(&format!("/api/v1/work-plans/missing?year={next_year}")), &token).await;
    assert_eq!(after["total"].as_i64(), Some(0));
    let (coord, _) = login(&app, "prov35").await;
    let inbox = coord.get(app.url("/kotak-masuk")).send().await.unwrap().text().await.unwrap();
    assert!(
        inbox.contains(&format!("Rencana kerja {next_year} belum diajukan")),
        "the coordinator's inbox counts them"
    );
    let csv = coord
        .get(app.url(&format!("/rencana-kerja/belum.csv?tahun={next_year}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("Perpustakaan Kelurahan Surabaya Uji") && !csv.contains("Kepanjen"),
        "b still lacks one, a sent it"
    );
}

#[tokio::test]
async fn a_plan_imports_and_exports_the_rkpdes_matrix_all_rows_or_none() {
    let app = TestApp::start(true);
    let year = today(TimeZone::Wib).year();
    let (m, csrf) = login(&app, "manager_a").await;
    let r = post(
        &m,
        &app.url(&format!("/rencana-kerja/baru?perpustakaan={}", app.libs["a"].id)),
        &[("_csrf", &csrf), ("year", &year.to_string()), ("mulai", "kosong")],
    )
    .await;
    let plan_url = location(&r);
    let id: i64 = plan_url.rsplit('/').next().unwrap().parse().unwrap();
    let import = |name: &'static str, bytes: Vec<u8>, version: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .text("version", version)
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        let req = m.post(app.url(&format!("{plan_url}/impor"))).multipart(form);
        async move { req.send().await.unwrap() }
    };
    let plan_version = || app.store.work_plan(lentera_core::ids::WorkPlanId::new(id)).unwrap().unwrap();
    // A broken XLSX and a file with one bad row both write nothing.
    let r = import("rusak.xlsx", b"PK\x03\x04bukan xlsx".to_vec(), "1").await;
    assert_eq!(r.status(), 422);
    let csv = "kegiatan,bulan,biaya,sumber_dana,lokasi\nKelas menjahit,3,15.000.000,ADD,Balai desa\nKlub baca,13,2000000,DD,\nPojok internet,5,5000000,dana siluman,\n";
    let r = import("rencana.csv", csv.as_bytes().to_vec(), "1").await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Baris 4: sumber dana tidak dikenal"), "the bad row is named");
    assert_eq!((plan_version().version, plan_version().content.activities.len()), (1, 0), "nothing written");
    let csv = "kegiatan,bulan,biaya,sumber_dana,lokasi,target_peserta\nKelas menjahit,3,15.000.000,ADD,Balai desa,30\nKlub baca,4,2000000,DD-APBN,,\n";
    assert_eq!(import("rencana.csv", csv.as_bytes().to_vec(), "1").await.status(), 303);
    let plan = plan_version();
    assert_eq!(plan.content.activities.len(), 2);
    assert_eq!(
        plan.content.lines.iter().map(|l| (l.source.code(), l.proposed, l.activity_no)).collect::<Vec<_>>(),
        [("add", 15_000_000, Some(1)), ("dd", 2_000_000, Some(2))]
    );
    assert_eq!(plan.content.lines[0].description, "Kelas menjahit · Balai desa");

    // The plan back out in the same matrix, and the list of plans.
    let xlsx = m.get(app.url(&format!("{plan_url}/rkpdes.xlsx"))).send().await.unwrap().bytes().await.unwrap();
    let table = lentera_web::tabular::read_table("r.xlsx", &xlsx).unwrap();
    assert_eq!(table[0][..3], ["bidang", "kegiatan", "kategori"]);
    assert_eq!(
        (table[1][1].as_str(), table[1][10].as_str(), table[1][11].as_str()),
        ("Kelas menjahit", "15000000", "ADD")
    );
    let again = lentera_web::workplan_io::rows_to_input(
        &table,
        &lentera_core::services::activities::categories(&app.env, false).unwrap(),
        0,
    )
    .unwrap();
    assert_eq!(again.1.len(), 2, "what is exported imports again");
    let list = m.get(app.url("/rencana-kerja/ekspor.csv")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("usulan_rp") && list.contains("17000000"), "{list}");
}
