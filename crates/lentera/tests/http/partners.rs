//! Activity partners as stakeholders: the matching helper turns the partner text of earlier
//! reports into links a person confirms (existing stakeholders, new ones, or skipped), the
//! activity page and the API show and change them, within the library's chain only.

use lentera_core::access::Actor;
use lentera_core::activity::ActivityInput;
use lentera_core::services::activities;
use lentera_test_support::{TestApp, get_json, login};
use serde_json::json;

#[tokio::test]
async fn a_reports_partner_text_becomes_stakeholders_once_confirmed() {
    let app = TestApp::start(true);
    let lib = &app.libs["a"];
    let op = Actor::operator();
    let report = |title: &str, partners: &str| ActivityInput {
        title: title.into(),
        start_date: "2026-03-10".into(),
        category_id: "1".into(),
        male: Some("2".into()),
        female: Some("8".into()),
        partners: Some(partners.into()),
        ..Default::default()
    };
    let (a, _) =
        activities::create(&app.env, &op, lib.id, None, &report("Kelas menjahit", "PKK, Karang Taruna dan Puskesmas"))
            .unwrap();
    let (b, _) = activities::create(&app.env, &op, app.libs["b"].id, None, &report("Dongeng", "PKK Kota")).unwrap();

    let (m, csrf) = login(&app, "manager_a").await;
    let r = m
        .post(app.url(&format!("/pemangku-kepentingan/baru?perpustakaan={}", lib.id)))
        .form(&[("_csrf", csrf.as_str()), ("name", "PKK Desa Sukamaju"), ("kind", "pkk"), ("role", "partner")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let pkk: i64 = r.headers()["location"]
        .to_str()
        .unwrap()
        .split(['?', '#'])
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // The helper proposes the PKK for "PKK" and a new stakeholder for the others.
    let helper = app.url(&format!("/kegiatan/mitra?perpustakaan={}", lib.id));
    let page = m.get(&helper).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Kelas menjahit") && page.contains("1 laporan menunggu"), "{page}");
    assert!(page.contains(&format!("<option value=\"{pkk}\" selected>PKK Desa Sukamaju</option>")), "{page}");
    assert!(!page.contains("Dongeng"), "another library's report");
    let token = app.token("manager_a");
    let http = reqwest::Client::new();
    let (s, sug) =
        get_json(&http, &app.url(&format!("/api/v1/libraries/{}/partner-suggestions", lib.id)), &token).await;
    assert_eq!((s, sug["total"].as_i64()), (200, Some(1)), "{sug}");
    assert_eq!(sug["items"][0]["names"][0]["stakeholder"]["id"].as_i64(), Some(pkk));
    assert!(sug["items"][0]["names"][1]["stakeholder"].is_null());

    // A stakeholder of another library cannot be chosen: nothing is written.
    let admin = app.token("admin");
    let (s, other) = {
        let r = http
            .post(app.url("/api/v1/stakeholders"))
            .bearer_auth(&admin)
            .json(&json!({"library_id": app.libs["b"].id.get(), "name": "PKK Kota", "kind": "pkk", "role": "partner"}))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap())
    };
    assert_eq!(s, 201, "{other}");
    let key = |i: usize| format!("m_{}_{i}", a.id);
    let name = |i: usize| format!("n_{}_{i}", a.id);
    let send = |choices: Vec<(String, String)>| {
        let mut form = vec![("_csrf".to_string(), csrf.clone())];
        form.extend(choices);
        let req = m.post(&helper).form(&form);
        async move { req.send().await.unwrap() }
    };
    let r =
        send(vec![(key(0), other["id"].to_string()), (key(1), "baru".into()), (name(1), "Karang Taruna".into())]).await;
    assert_eq!(r.status(), 422);
    let (_, linked) = get_json(&http, &app.url(&format!("/api/v1/activities/{}/partners", a.id)), &token).await;
    assert_eq!(linked["partners"], json!([]), "nothing linked");

    // Confirmed: PKK linked, Karang Taruna made, Puskesmas skipped.
    let r = send(vec![
        (key(0), pkk.to_string()),
        (key(1), "baru".into()),
        (name(1), "Karang Taruna".into()),
        (key(2), String::new()),
        (name(2), "Puskesmas".into()),
    ])
    .await;
    assert_eq!(r.status(), 303);
    let (_, linked) = get_json(&http, &app.url(&format!("/api/v1/activities/{}/partners", a.id)), &token).await;
    let names: Vec<&str> = linked["partners"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Karang Taruna", "PKK Desa Sukamaju"]);
    let page = m.get(&helper).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Semua laporan sudah dicocokkan."), "{page}");
    let act = m.get(app.url(&format!("/kegiatan/{}", a.id))).send().await.unwrap().text().await.unwrap();
    assert!(act.contains("Mitra kegiatan") && act.contains(&format!("/pemangku-kepentingan/{pkk}")), "{act}");
    let (_, people) = get_json(&http, &app.url("/api/v1/stakeholders?q=karang"), &token).await;
    assert_eq!(people["total"].as_i64(), Some(1), "one new stakeholder: {people}");

    // The activity's own page: untick Karang Taruna.
    let r = m
        .post(app.url(&format!("/kegiatan/{}/mitra", a.id)))
        .form(&[("_csrf", csrf.as_str()), (&format!("p_{pkk}"), "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, linked) = get_json(&http, &app.url(&format!("/api/v1/activities/{}/partners", a.id)), &token).await;
    assert_eq!(linked["partners"].as_array().unwrap().len(), 1);

    // Scope: a viewer reads but does not change; a regency coordinator cannot reach another
    // province's library; a manager cannot link another library's report.
    let viewer = app.token("viewer35");
    let (s, _) = get_json(&http, &app.url(&format!("/api/v1/activities/{}/partners", a.id)), &viewer).await;
    assert_eq!(s, 200);
    let put = |token: String, activity: i64, ids: serde_json::Value| {
        let req = http
            .put(app.url(&format!("/api/v1/activities/{activity}/partners")))
            .bearer_auth(token)
            .json(&json!({ "stakeholder_ids": ids }));
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(put(viewer, a.id.get(), json!([pkk])).await, 403);
    assert_eq!(put(token.clone(), b.id.get(), json!([pkk])).await, 404, "another library's report");
    assert_eq!(put(token.clone(), a.id.get(), json!([other["id"]])).await, 422, "another library's stakeholder");
    let (s, _) = get_json(
        &http,
        &app.url(&format!("/api/v1/libraries/{}/partner-suggestions", app.libs["c"].id)),
        &app.token("reg3507"),
    )
    .await;
    assert!(matches!(s, 403 | 404), "{s}");
    let (s, _) =
        get_json(&http, &app.url(&format!("/api/v1/libraries/{}/partner-suggestions", lib.id)), &app.token("reg3507"))
            .await;
    assert_eq!(s, 200, "the regency coordinator matches for their libraries");
}
