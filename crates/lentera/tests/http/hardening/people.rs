//! People and their personal data: who may reach whom, the audit trail, UU 27/2022.

use serde_json::Value;

use super::{new_event, nominate};
use lentera_test_support::{TestApp, client, get_json, login};

/// Finding 2: a regency coordinator organising an event nominated people of any province,
/// read their phones from the registration list, then opened and edited their records.
#[tokio::test]
async fn organising_an_event_opens_no_one_outside_ones_scope() {
    use serde_json::json;
    let app = TestApp::start(true);
    let c = client();
    let start = lentera_test_support::today(lentera_core::region::TimeZone::Wib) + time::Duration::days(30);
    let event = json!({
        "name": "Bimtek Kabupaten Malang", "type_id": 3, "year": start.year(), "batch": 1,
        "province_code": "35", "organiser_region": "35.07", "mode": "luring", "venue": "Aula",
        "start_date": start.to_string(), "end_date": start.to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8, "registration_open": true
    });
    let reg = app.token("reg3507");
    let id = new_event(&app, &reg, &event).await;
    let regs = app.url(&format!("/api/v1/events/{id}/registrations"));
    // Someone in Nusa Tenggara Barat, known from another event the admin runs.
    let other = json!({
        "name": "Bimtek NTB", "type_id": 3, "year": start.year(), "batch": 1, "province_code": "52",
        "mode": "luring", "venue": "Mataram", "start_date": start.to_string(), "end_date": start.to_string(),
        "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8
    });
    let admin = app.token("admin");
    let ntb = new_event(&app, &admin, &other).await;
    let lombok = json!({"person": {"full_name": "Baiq Nurul", "gender": "p", "library_id": app.libs["c"].id,
        "phone": "081300000052", "position": "Pengelola"}});
    let (s, r) = nominate(&app, &admin, ntb, &lombok).await;
    assert_eq!(s, 201);
    let person_id = r["registration"]["person"]["id"].as_i64().unwrap();

    // By id or by new details: refused, and nothing written.
    let r = c.post(&regs).bearer_auth(&reg).json(&json!({"person_id": person_id})).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let mut stranger = lombok.clone();
    stranger["person"]["full_name"] = json!("Lalu Ahmad");
    stranger["person"]["library_id"] = json!(null);
    stranger["person"]["institution"] = json!("Kantor Desa");
    stranger["person"]["region_code"] = json!("52.01.01.2002");
    stranger["person"]["phone"] = json!("081300000099");
    let r = c.post(&regs).bearer_auth(&reg).json(&stranger).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let (_, people) = get_json(&c, &app.url("/api/v1/people?q=lalu"), &admin).await;
    assert_eq!(people["total"], 0, "no half-written person: {people}");
    let (_, list) = get_json(&c, &regs, &reg).await;
    assert!(!list.to_string().contains("081300000052"), "{list}");

    // The record stays closed, to read and to change.
    let (rc, csrf) = login(&app, "reg3507").await;
    assert_eq!(rc.get(app.url(&format!("/orang/{person_id}"))).send().await.unwrap().status(), 404);
    let edit = rc
        .post(app.url(&format!("/orang/{person_id}")))
        .form(&[("_csrf", csrf.as_str()), ("full_name", "Diubah"), ("gender", "l"), ("library_id", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), 404);
    let (_, people) = get_json(&c, &app.url("/api/v1/people?q=baiq"), &admin).await;
    assert_eq!(people["items"][0]["full_name"], "Baiq Nurul", "{people}");
}

/// Finding 2: an entry a regional actor made outside their region was hidden from them.
#[tokio::test]
async fn ones_own_audit_entries_are_visible_wherever_they_landed() {
    let app = TestApp::start(true);
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    let uid: i64 = db.query_row("SELECT id FROM users WHERE username = 'reg3507'", [], |r| r.get(0)).unwrap();
    db.execute(
        "INSERT INTO audit_log (at, actor_user_id, actor_name, action, entity, entity_id, region_code)
         VALUES (1, ?1, 'reg3507', 'update', 'person', 999, '52.01')",
        [uid],
    )
    .unwrap();
    let (_, mine) = get_json(&client(), &app.url("/api/v1/audit?entity=person"), &app.token("reg3507")).await;
    assert_eq!(mine["total"], 1, "{mine}");
    let (_, province) = get_json(&client(), &app.url("/api/v1/audit?entity=person"), &app.token("prov35")).await;
    assert_eq!(province["total"], 0, "{province}");
}

/// UU 27/2022: who opened a person's record is logged; a person's data is exported on
/// request; a person can be anonymised, their participation kept as counts.
#[tokio::test]
async fn personal_data_is_logged_exported_and_anonymised() {
    use serde_json::json;
    let app = TestApp::start(true);
    let c = client();
    let start = lentera_test_support::today(lentera_core::region::TimeZone::Wib) + time::Duration::days(10);
    let event = json!({
        "name": "Bimtek Jawa Timur", "type_id": 3, "year": start.year(), "batch": 1, "province_code": "35",
        "organiser_region": "35", "mode": "luring", "venue": "Surabaya", "start_date": start.to_string(),
        "end_date": start.to_string(), "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8
    });
    let prov = app.token("prov35");
    let event_id = new_event(&app, &prov, &event).await;
    let body = json!({"person": {"full_name": "Sri Wahyuni", "gender": "p", "library_id": app.libs["a"].id,
        "phone": "081277770001", "email": "sri@desa.id"}});
    let id = nominate(&app, &prov, event_id, &body).await.1["registration"]["person"]["id"].as_i64().unwrap();

    // Opening the record is logged.
    let (reg, _) = login(&app, "reg3507").await;
    let page = reg.get(app.url(&format!("/orang/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sri Wahyuni") && page.contains("Anonimkan orang ini"));
    let (_, log) = get_json(&c, &app.url(&format!("/api/v1/audit?entity=person&entity_id={id}")), &prov).await;
    let views: Vec<&Value> = log["items"].as_array().unwrap().iter().filter(|e| e["action"] == "view").collect();
    assert_eq!(views.len(), 1, "{log}");
    assert_eq!(views[0]["actor_name"], "reg3507", "{log}");

    // The export holds the record, the history and the log; managers may not export.
    let (s, data) = get_json(&c, &app.url(&format!("/api/v1/people/{id}/export")), &prov).await;
    assert_eq!(s, 200, "{data}");
    assert_eq!(data["person"]["fields"]["phone"], "081277770001", "{data}");
    assert_eq!(data["training_history"].as_array().unwrap().len(), 1);
    assert!(data["log"].to_string().contains("\"view\""), "{data}");
    assert_eq!(get_json(&c, &app.url(&format!("/api/v1/people/{id}/export")), &app.token("manager_a")).await.0, 403);
    let file = reg.get(app.url(&format!("/orang/{id}/data.json"))).send().await.unwrap();
    assert_eq!(file.headers()["content-type"], "application/json");

    // Anonymised: name and contacts gone (from the audit trail too), the registration stays.
    let anonymise = app.url(&format!("/api/v1/people/{id}/anonymise"));
    assert_eq!(c.post(&anonymise).bearer_auth(app.token("manager_a")).send().await.unwrap().status(), 403);
    assert_eq!(c.post(&anonymise).bearer_auth(&prov).send().await.unwrap().status(), 204);
    assert_eq!(c.post(&anonymise).bearer_auth(&prov).send().await.unwrap().status(), 409);
    let (_, data) = get_json(&c, &app.url(&format!("/api/v1/people/{id}/export")), &prov).await;
    let text = data.to_string();
    assert!(!text.contains("Sri Wahyuni") && !text.contains("081277770001") && !text.contains("sri@desa.id"), "{text}");
    assert_eq!(data["person"]["fields"]["full_name"], format!("Anonim #{id}"));
    let (_, regs) = get_json(&c, &app.url(&format!("/api/v1/events/{event_id}/registrations")), &prov).await;
    assert_eq!(regs["items"].as_array().unwrap().len(), 1, "{regs}");
}

/// The page route anonymises too (with its CSRF token), and refuses those out of scope.
#[tokio::test]
async fn a_person_is_anonymised_from_their_page() {
    use serde_json::json;
    let app = TestApp::start(true);
    let start = lentera_test_support::today(lentera_core::region::TimeZone::Wib) + time::Duration::days(10);
    let event = json!({
        "name": "Bimtek", "type_id": 3, "year": start.year(), "batch": 1, "province_code": "35",
        "organiser_region": "35", "mode": "luring", "venue": "Surabaya", "start_date": start.to_string(),
        "end_date": start.to_string(), "daily_start": "08:00", "daily_end": "16:00", "lesson_hours": 8
    });
    let prov = app.token("prov35");
    let event_id = new_event(&app, &prov, &event).await;
    let body = json!({"person": {"full_name": "Rini Astuti", "gender": "p", "library_id": app.libs["a"].id,
        "phone": "081277770002"}});
    let id = nominate(&app, &prov, event_id, &body).await.1["registration"]["person"]["id"].as_i64().unwrap();
    let form_for = |csrf: &str| [("_csrf", csrf.to_string())];
    // A manager of the library sees the person but may not anonymise them.
    let (m, csrf) = login(&app, "manager_a").await;
    let r = m.post(app.url(&format!("/orang/{id}/anonimkan"))).form(&form_for(&csrf)).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let (reg, csrf) = login(&app, "reg3507").await;
    let r = reg.post(app.url(&format!("/orang/{id}/anonimkan"))).form(&form_for("salah")).send().await.unwrap();
    assert_eq!(r.status(), 403, "no CSRF token, no change");
    let r = reg.post(app.url(&format!("/orang/{id}/anonimkan"))).form(&form_for(&csrf)).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let page = reg.get(app.url(&format!("/orang/{id}?pesan=dianonimkan"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("Anonim #{id}")) && !page.contains("Rini Astuti") && !page.contains("081277770002"));
    assert!(page.contains("kehadiran dan sertifikatnya tetap dihitung"));
    let (_, regs) = get_json(&client(), &app.url(&format!("/api/v1/events/{event_id}/registrations")), &prov).await;
    assert_eq!(regs["items"].as_array().unwrap().len(), 1);
}
