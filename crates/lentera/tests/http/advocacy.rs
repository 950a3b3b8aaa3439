//! Stakeholders and advocacy: an audiensi with the village head who promises ADD money, the
//! promise kept when the village budget line is recorded in the plan; contacts only for the
//! library's chain; scope over pages and the API; bad input writes nothing.

use lentera_core::access::Actor;
use lentera_core::region::TimeZone;
use lentera_core::services::workplans::{self, Start};
use lentera_core::workplan::{BudgetLineInput, PlanInput};
use lentera_test_support::{TestApp, get_json, login, today};
use serde_json::json;

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().split(['?', '#']).next().unwrap().to_string()
}

#[tokio::test]
async fn a_promise_made_in_an_audiensi_is_kept_when_the_village_budget_line_is_recorded() {
    let app = TestApp::start(true);
    let lib = &app.libs["a"];
    let year = today(TimeZone::Wib).year();
    // The library's approved plan for the year asks ADD for a line.
    let op = Actor::operator();
    let content = PlanInput {
        lines: vec![BudgetLineInput {
            source: "add".into(),
            description: "Kelas menjahit".into(),
            proposed: "15000000".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let (plan, _) = workplans::create(&app.env, &op, lib.id, None, year, Start::Content(content)).unwrap();
    let policy = lentera_core::reporting::ReviewPolicy::default();
    for t in [lentera_core::reporting::Transition::Submit, lentera_core::reporting::Transition::Approve] {
        lentera_core::services::review::transition(&app.env, &op, policy, plan.id, t, None).unwrap();
    }

    let (m, csrf) = login(&app, "manager_a").await;
    let r = m
        .post(app.url("/pemangku-kepentingan/baru"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Bapak Sutrisno"),
            ("kind", "kepala_desa"),
            ("role", "decision_maker"),
            ("phone", "0812-3456-7890"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let person_url = location(&r);
    let person_id = person_url.rsplit('/').next().unwrap().to_string();

    // The audiensi: a future date is refused and what was typed stays.
    let audiensi = |date: String| {
        let (m, csrf, person_id) = (m.clone(), csrf.clone(), person_id.clone());
        let url = app.url(&format!("/advokasi/baru?perpustakaan={}", lib.id));
        async move {
            m.post(url)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("date", date.as_str()),
                    ("kind", "audiensi"),
                    (format!("met_{person_id}").as_str(), "1"),
                    ("message", "Perpustakaan desa melatih ibu-ibu menjahit; mohon dukungan ADD"),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let r = audiensi((today(TimeZone::Wib) + time::Duration::days(30)).to_string()).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("mohon dukungan ADD"), "the message typed is kept");
    let r = audiensi(today(TimeZone::Wib).to_string()).await;
    assert_eq!(r.status(), 303);
    let advocacy_url = location(&r);

    // The promise: money needs its amount; then Rp 15.000.000 from ADD for this year.
    let promise = |amount: &'static str| {
        let (m, csrf, person_id) = (m.clone(), csrf.clone(), person_id.clone());
        let url = app.url(&format!("{advocacy_url}/janji"));
        async move {
            m.post(url)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("stakeholder_id", person_id.as_str()),
                    ("kind", "money"),
                    ("description", "ADD untuk kelas menjahit"),
                    ("source", "add"),
                    ("amount", amount),
                    ("year", &year.to_string()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let r = promise("").await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Janji dana perlu jumlahnya"));
    assert_eq!(promise("Rp 15.000.000").await.status(), 303);
    let page = m.get(app.url(&advocacy_url)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Dipantau") && page.contains("baris anggaran #1"), "expected in the plan's ADD line");
    let token = app.token("reg3507");
    let http = reqwest::Client::new();
    let (_, kept) = get_json(&http, &app.url(&format!("/api/v1/commitments/summary?year={year}")), &token).await;
    assert_eq!((kept["made"].as_i64(), kept["open"].as_i64(), kept["kept"].as_i64()), (Some(1), Some(1), Some(0)));

    // The village budget (APBDes) sets the line: the promise is kept.
    let r = m
        .post(app.url(&format!("/rencana-kerja/{}/realisasi", plan.id)))
        .form(&[("_csrf", csrf.as_str()), ("line_no", "1"), ("approved", "15.000.000")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let plan_page = m.get(app.url(&format!("/rencana-kerja/{}", plan.id))).send().await.unwrap().text().await.unwrap();
    assert!(plan_page.contains("ADD untuk kelas menjahit") && plan_page.contains("Ditepati"));
    let (_, kept) = get_json(&http, &app.url(&format!("/api/v1/commitments/summary?year={year}")), &token).await;
    assert_eq!((kept["kept"].as_i64(), kept["rupiah_kept"].as_i64()), (Some(1), Some(15_000_000)));
    // The same in the indicator catalogue, for the regency's year.
    let (s, values) = get_json(&http, &app.url(&format!("/api/v1/indicators/values?period={year}")), &token).await;
    assert_eq!(s, 200, "{values}");
    let value = |code: &str| {
        values["values"].as_array().unwrap().iter().find(|v| v["code"] == code).map(|v| v["value"].as_f64())
    };
    assert_eq!(value("advokasi"), Some(Some(1.0)));
    assert_eq!(value("janji_dibuat"), Some(Some(1.0)));
    assert_eq!(value("janji_ditepati"), Some(Some(1.0)));
    assert_eq!(value("janji_ditepati_rp"), Some(Some(15_000_000.0)));
    assert_eq!(value("anggaran_diperoleh"), Some(Some(15_000_000.0)), "the approved ADD line");
    assert_eq!(value("regulasi_ditetapkan"), Some(Some(0.0)));
    assert_eq!(value("rencana_kerja_disetujui"), Some(None), "no programme members in the fixture: no base");
    // The budget leveraged by region and funding source, in the pivot (API and page).
    let pivot = format!("/api/v1/indicators/pivot?region=35&period={year}&measure=anggaran_diperoleh&cols=sumber_dana");
    let (s, p) = get_json(&http, &app.url(&pivot), &app.token("admin")).await;
    assert_eq!(s, 200, "{p}");
    let add = lentera_core::workplan::FundingSource::AlokasiDanaDesa.label(lentera_core::i18n::Lang::Id);
    assert_eq!(p["columns"], serde_json::json!([add]));
    assert_eq!((p["rows"][0]["label"].as_str(), p["total"].as_i64()), (Some("Kabupaten Malang"), Some(15_000_000)));
    let (s, p) = get_json(
        &http,
        &app.url(&format!("/api/v1/indicators/pivot?period={year}&measure=janji_ditepati&rows=bulan")),
        &token,
    )
    .await;
    assert_eq!((s, p["total"].as_i64()), (200, Some(1)), "{p}");
    let (s, _) = get_json(
        &http,
        &app.url(&format!("/api/v1/indicators/pivot?period={year}&measure=advokasi&cols=gender")),
        &token,
    )
    .await;
    assert_eq!(s, 422, "advocacy has no gender");
    let page = m
        .get(app.url(&format!("/pivot?region=35&periode={year}&nilai=anggaran_diperoleh&kolom=sumber_dana")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 403, "a manager has no pivot of regions");
    let (coord, _) = login(&app, "reg3507").await;
    let page = coord
        .get(app.url(&format!("/pivot?periode={year}&nilai=anggaran_diperoleh&kolom=sumber_dana&baris=tahun")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(add) && page.contains("15.000.000"), "{page}");
    // DHIS2 gets the audiensi in its month and the budget in its year.
    let (s, v) = get_json(&http, &app.url(&format!("/api/v1/indicators/dhis2?period={year}")), &token).await;
    assert_eq!(s, 200, "{v}");
    let sent = |de: &str, period: &str| {
        v["dataValues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["dataElement"] == de && x["period"] == period)
            .map(|x| x["value"].clone())
    };
    let this_month = today(TimeZone::Wib);
    let month = format!("{year}{:02}", u8::from(this_month.month()));
    assert_eq!(sent("TPBIS_ADVOCACY", &month), Some(serde_json::json!("1")), "{v}");
    assert_eq!(sent("TPBIS_BUDGET_LEVERAGED", &year.to_string()), Some(serde_json::json!("15000000")), "{v}");
    // Open data: counts below five suppressed, budget rupiah (public figures) whole.
    let csv = reqwest::get(app.url(&format!("/data-terbuka.csv?tahun={year}&region=35"))).await.unwrap();
    assert_eq!(csv.status(), 200);
    let rows = lentera_web::tabular::read_table("o.csv", &csv.bytes().await.unwrap()).unwrap();
    let malang = rows.iter().find(|r| r[0] == "35.07").unwrap();
    assert_eq!(malang[8..11], ["<5", "0", "15000000"], "{malang:?}");
    let (_, elsewhere) = get_json(&http, &app.url("/api/v1/commitments/summary?region=52"), &app.token("admin")).await;
    assert_eq!(elsewhere["made"].as_i64(), Some(0));

    // The list as a file, with its promise.
    let csv = m.get(app.url(&format!("/advokasi/ekspor.csv?tahun={year}"))).send().await.unwrap().text().await.unwrap();
    assert!(csv.contains("Audiensi") && csv.contains("ADD untuk kelas menjahit") && csv.contains("15000000"), "{csv}");
    let xlsx = m.get(app.url("/advokasi/ekspor.xlsx")).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(lentera_web::tabular::read_table("a.xlsx", &xlsx).unwrap().len(), 2, "header and one activity");

    // Contacts only for the library's chain; a viewer reads the name, not the phone.
    let seen = coord.get(app.url(&person_url)).send().await.unwrap().text().await.unwrap();
    assert!(seen.contains("0812-3456-7890"));
    let (viewer, _) = login(&app, "viewer35").await;
    let seen = viewer.get(app.url(&person_url)).send().await.unwrap().text().await.unwrap();
    assert!(seen.contains("Bapak Sutrisno") && !seen.contains("0812-3456-7890"), "no contacts outside the chain");
    let (s, body) =
        get_json(&http, &app.url(&format!("/api/v1/stakeholders/{person_id}")), &app.token("viewer35")).await;
    assert_eq!((s, body["phone"].is_null()), (200, true));
    let (s, body) = get_json(&http, &app.url(&format!("/api/v1/stakeholders/{person_id}")), &token).await;
    assert_eq!((s, body["phone"].as_str()), (200, Some("0812-3456-7890")));
}

#[tokio::test]
async fn advocacy_scope_and_bad_input_over_the_api() {
    let app = TestApp::start(true);
    let (a, c) = (app.libs["a"].id.get(), app.libs["c"].id.get());
    let http = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str, user: &'static str, body: serde_json::Value| {
        let req = http.request(method, app.url(path)).bearer_auth(app.token(user)).json(&body);
        async move {
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<serde_json::Value>().await.unwrap_or_default())
        }
    };
    let post = reqwest::Method::POST;
    let person = |owner: serde_json::Value| {
        let mut v =
            json!({"name": "Kepala Bappeda", "kind": "bappeda", "role": "decision_maker", "phone": "0811000111"});
        v.as_object_mut().unwrap().extend(owner.as_object().unwrap().clone());
        v
    };
    let (s, office) =
        send(post.clone(), "/api/v1/stakeholders", "reg3507", person(json!({"office_region": "35.07"}))).await;
    assert_eq!(s, 201, "{office}");
    let (s, _) = send(post.clone(), "/api/v1/stakeholders", "reg3507", person(json!({"office_region": "52"}))).await;
    assert_eq!(s, 403, "an office outside the coordinator's region");
    let (s, _) =
        send(post.clone(), "/api/v1/stakeholders", "manager_a", person(json!({"office_region": "35.07"}))).await;
    assert_eq!(s, 403, "a library's staff do not speak for an office");
    let (s, far) = send(post.clone(), "/api/v1/stakeholders", "admin", person(json!({"library_id": c}))).await;
    assert_eq!(s, 201);
    let (s, _) =
        send(reqwest::Method::GET, &format!("/api/v1/stakeholders/{}", far["id"]), "reg3507", json!(null)).await;
    assert_eq!(s, 404);
    let (s, body) = send(
        post.clone(),
        "/api/v1/stakeholders",
        "manager_a",
        json!({"library_id": a, "name": " ", "kind": "x", "role": "partner"}),
    )
    .await;
    assert_eq!(s, 422, "{body}");

    // The library's advocacy may name its regency office's stakeholder; not another village's.
    let today = today(TimeZone::Wib).to_string();
    let meeting = |ids: Vec<serde_json::Value>| json!({"library_id": a, "date": today, "kind": "musrenbang", "message": "Usulan perpustakaan", "stakeholder_ids": ids});
    let (s, body) = send(post.clone(), "/api/v1/advocacy", "manager_a", meeting(vec![far["id"].clone()])).await;
    assert_eq!(s, 422, "{body}");
    let (s, adv) = send(post.clone(), "/api/v1/advocacy", "manager_a", meeting(vec![office["id"].clone()])).await;
    assert_eq!(s, 201, "{adv}");
    let id = adv["id"].as_i64().unwrap();
    let promise = json!({"stakeholder_id": office["id"], "kind": "regulation", "description": "Perbup perpustakaan desa", "year": 2026});
    let (s, c1) = send(post.clone(), &format!("/api/v1/advocacy/{id}/commitments"), "viewer35", promise.clone()).await;
    assert_eq!(s, 403, "{c1}");
    let (s, c1) = send(post.clone(), &format!("/api/v1/advocacy/{id}/commitments"), "manager_a", promise).await;
    assert_eq!((s, c1["standing"].as_str()), (201, Some("open")), "{c1}");
    let (s, done) = send(
        reqwest::Method::PUT,
        &format!("/api/v1/commitments/{}", c1["id"]),
        "reg3507",
        json!({"resolution": "kept"}),
    )
    .await;
    assert_eq!((s, done["standing"].as_str()), (200, Some("kept")));
    let money = json!({"stakeholder_id": office["id"], "kind": "money", "description": "APBD", "source": "apbd", "amount": 5_000_000, "year": 2026});
    let (_, m1) = send(post.clone(), &format!("/api/v1/advocacy/{id}/commitments"), "manager_a", money).await;
    let (s, _) = send(
        reqwest::Method::PUT,
        &format!("/api/v1/commitments/{}", m1["id"]),
        "manager_a",
        json!({"resolution": "kept"}),
    )
    .await;
    assert_eq!(s, 422, "money is kept by its budget line, not by hand");
    assert!(m1["line_no"].is_null(), "no plan for 2026 yet: {m1}");
    // The year's plan, made later, expects the promised money in a line of its own.
    let (s, plan) = send(post.clone(), "/api/v1/work-plans", "manager_a", json!({"library_id": a, "year": 2026})).await;
    assert_eq!(s, 201, "{plan}");
    let line = &plan["content"]["lines"][0];
    assert_eq!((line["source"].as_str(), line["proposed"].as_i64()), (Some("apbd"), Some(5_000_000)), "{plan}");
    assert!(line["description"].as_str().unwrap().contains("APBD (janji Kepala Bappeda)"), "{plan}");
    let (_, list) = send(reqwest::Method::GET, "/api/v1/advocacy", "admin", json!(null)).await;
    let expected = list["items"][0]["commitments"].as_array().unwrap().iter().find(|c| c["id"] == m1["id"]).cloned();
    assert_eq!(expected.unwrap()["line_no"].as_i64(), line["no"].as_i64(), "the promise is expected in that line");
    let (s, list) = send(reqwest::Method::GET, "/api/v1/advocacy?kind=musrenbang", "prov35", json!(null)).await;
    assert_eq!((s, list["total"].as_i64()), (200, Some(1)));
    let (_, list) = send(reqwest::Method::GET, "/api/v1/advocacy", "admin", json!(null)).await;
    assert_eq!(list["items"][0]["commitments"].as_array().map(Vec::len), Some(2));
}
