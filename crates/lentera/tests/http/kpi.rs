//! KPI colours change as a library's activities are approved and its monthly figures come
//! in; stories without consent stay inside the library's reporting chain.

use lentera_core::access::Actor;
use lentera_core::library::LibraryInput;
use lentera_core::services::{accounts, libraries};
use lentera_core::user::NewUserInput;
use serde_json::{Value, json};

use lentera_test_support::{PASSWORD, TestApp, client, get_json, login};

/// A programme library in 35.07 with its own manager `manager_p`.
pub(crate) fn programme_library(app: &TestApp) -> i64 {
    let op = Actor::operator();
    let input = LibraryInput {
        name: "Perpustakaan Desa Bersinar".into(),
        library_type: "umum_desa".into(),
        region_code: "35.07.12.2002".into(),
        programme_year: Some("2024".into()),
        programme_tier: Some("penuh".into()),
        ..Default::default()
    };
    let lib = libraries::create(&app.env, &op, &input).unwrap();
    let user = NewUserInput {
        username: "manager_p".into(),
        full_name: "Pengelola Bersinar".into(),
        role: "library_manager".into(),
        scope: Some(format!("library:{}", lib.id)),
        password: PASSWORD.into(),
        ..Default::default()
    };
    accounts::create_user(&app.env, &op, &user).unwrap();
    lib.id.get()
}

pub(crate) async fn post(c: &reqwest::Client, url: &str, token: &str, body: Value) -> (u16, Value) {
    let r = c.post(url).bearer_auth(token).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Reports an activity today with `people` women taking part and takes it through review.
pub(crate) async fn approved_activity(
    app: &TestApp,
    lib: i64,
    title: &str,
    people: i64,
    story: Option<(&str, bool)>,
) -> i64 {
    let c = client();
    let today = lentera_test_support::today(lentera_core::region::TimeZone::Wib);
    let mut body = json!({
        "library_id": lib, "title": title, "start_date": today.to_string(), "category_id": 1,
        "participants": {"male": 0, "female": people, "adults": people}, "confirm_warnings": true
    });
    if let Some((text, consent)) = story {
        body["story"] = json!(text);
        body["story_consent"] = json!(consent);
    }
    let (s, a) = post(&c, &app.url("/api/v1/activities"), &app.token("manager_p"), body).await;
    assert_eq!(s, 201, "{a}");
    let id = a["id"].as_i64().unwrap();
    for (who, t) in [("manager_p", "submit"), ("reg3507", "verify"), ("prov35", "approve")] {
        let url = app.url(&format!("/api/v1/activities/{id}/transitions"));
        let (s, r) = post(&c, &url, &app.token(who), json!({"transition": t})).await;
        assert_eq!(s, 200, "{who} {t}: {r}");
    }
    id
}

#[tokio::test]
async fn colours_follow_approved_activities_and_monthly_figures() {
    let app = TestApp::start(true);
    let lib = programme_library(&app);
    let c = client();
    let month = lentera_core::monthly::Period::of(lentera_test_support::today(lentera_core::region::TimeZone::Wib));
    let url = app.url(&format!("/api/v1/kpi?period={month}&region=35.07"));
    let reg = app.token("reg3507");

    // Nothing yet: red.
    let (s, v) = get_json(&c, &url, &reg).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!((v["total"]["red"].as_i64(), v["total"]["green"].as_i64()), (Some(1), Some(0)), "{v}");
    assert_eq!(v["libraries"][0]["score"]["monthly"], "red");

    // One approved activity (20 people) and figures on time: 1 + 1 + 2 points, yellow.
    approved_activity(&app, lib, "Pelatihan membuat kue", 20, None).await;
    let figures = json!({"library_id": lib, "period": month.to_string(),
        "figures": {"visitors_male": 10, "visitors_female": 12}});
    let (s, m) = post(&c, &app.url("/api/v1/monthly-reports"), &app.token("manager_p"), figures).await;
    assert_eq!(s, 201, "{m}");
    let url_m = app.url(&format!("/api/v1/monthly-reports/{}/transitions", m["id"]));
    assert_eq!(post(&c, &url_m, &app.token("manager_p"), json!({"transition": "submit"})).await.0, 200);
    let (_, v) = get_json(&c, &url, &reg).await;
    let score = &v["libraries"][0]["score"];
    assert_eq!((score["activities"].as_str(), score["participants"].as_str()), (Some("yellow"), Some("yellow")));
    assert_eq!((score["monthly"].as_str(), score["overall"].as_str()), (Some("green"), Some("yellow")), "{v}");

    // A second approved activity: two and 45 people, all green.
    approved_activity(&app, lib, "Kelas literasi digital", 25, None).await;
    let (_, v) = get_json(&c, &url, &reg).await;
    assert_eq!(v["total"]["green"], 1, "{v}");
    assert_eq!(v["regions"][0]["green"], 1);
    let (s, months) = get_json(&c, &app.url(&format!("/api/v1/libraries/{lib}/kpi?months=2")), &reg).await;
    assert_eq!(s, 200);
    assert_eq!(months.as_array().unwrap().len(), 2);

    // The pages say the same, in words as well as colours.
    let (coord, _) = login(&app, "reg3507").await;
    let page = coord
        .get(app.url(&format!("/kinerja?periode={month}&region=35.07.12")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Perpustakaan Desa Bersinar") && page.contains("badge kpi-green"), "{page}");
    let csv = coord
        .get(app.url(&format!("/kinerja.csv?periode={month}&region=35.07")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains(&format!("Perpustakaan Desa Bersinar,35.07.12.2002,{month},Hijau,2,45,Hijau")), "{csv}");

    // Scope: a manager has no region view; a coordinator cannot look at another province.
    let (manager, _) = login(&app, "manager_p").await;
    assert_eq!(manager.get(app.url("/kinerja")).send().await.unwrap().status(), 403);
    let (s, _) = get_json(&c, &app.url("/api/v1/kpi?region=52"), &reg).await;
    assert_eq!(s, 403);
    let (s, _) = get_json(&c, &app.url("/api/v1/kpi?colour=purple"), &reg).await;
    assert_eq!(s, 422);
}

#[tokio::test]
async fn stories_without_consent_stay_in_the_chain() {
    let app = TestApp::start(true);
    let lib = programme_library(&app);
    let private =
        approved_activity(&app, lib, "Kelas menjahit", 12, Some(("Bu Sari kini menerima pesanan.", false))).await;
    let shared = approved_activity(&app, lib, "Kelas kopi", 8, Some(("Pak Budi membuka kedai kopi.", true))).await;
    let c = client();
    for (who, sees_private) in
        [("manager_p", true), ("reg3507", true), ("prov35", true), ("trainer", false), ("viewer35", false)]
    {
        let token = app.token(who);
        let (_, a) = get_json(&c, &app.url(&format!("/api/v1/activities/{private}")), &token).await;
        assert_eq!(a["story"].is_string(), sees_private, "{who}: {a}");
        let (_, a) = get_json(&c, &app.url(&format!("/api/v1/activities/{shared}")), &token).await;
        assert_eq!(a["story"], "Pak Budi membuka kedai kopi.", "{who}");
        let (_, list) = get_json(&c, &app.url(&format!("/api/v1/activities?library_id={lib}")), &token).await;
        let text = list.to_string();
        assert_eq!(text.contains("Bu Sari"), sees_private, "{who} list");
    }
    // Exports and the timeline follow the same rule.
    let (trainer, _) = login(&app, "trainer").await;
    let csv = trainer.get(app.url("/kegiatan/ekspor.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.contains("Kelas menjahit") && !csv.contains("Bu Sari") && csv.contains("Pak Budi"), "{csv}");
    let page =
        trainer.get(app.url(&format!("/perpustakaan/{lib}/linimasa"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Kelas menjahit") && !page.contains("Bu Sari") && page.contains("Pak Budi"), "{page}");
    let (coord, _) = login(&app, "reg3507").await;
    let page = coord.get(app.url(&format!("/perpustakaan/{lib}/linimasa"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Bu Sari") && page.contains("badge kpi-"), "{page}");
    assert_eq!(
        coord.get(app.url(&format!("/perpustakaan/{lib}/linimasa?tahun=abc"))).send().await.unwrap().status(),
        422
    );
}
