//! Monthly library figures: the form beside previous months, validation and warnings, one
//! report per month, review, and approved months feeding the yearly KTAK figures.

use lentera_core::access::Actor;
use lentera_core::monthly::MonthlyInput;
use lentera_core::services::monthly;

use crate::support::{TestApp, client, get_json, login};

fn input(period: &str, visitors: (i64, i64), loans: i64, members: i64) -> MonthlyInput {
    let mut values = std::collections::HashMap::new();
    for (k, v) in
        [("visitors_male", visitors.0), ("visitors_female", visitors.1), ("loans", loans), ("total_members", members)]
    {
        values.insert(k.to_string(), v.to_string());
    }
    MonthlyInput { period: period.into(), values, ..Default::default() }
}

#[tokio::test]
async fn monthly_figures_from_form_to_ktak() {
    let app = TestApp::start(true);
    let lib = app.libs["a"].id;
    // Three earlier months, entered by the operator.
    for (p, v) in [("2026-06", 40), ("2026-07", 50), ("2026-08", 45)] {
        monthly::create(app.store.as_ref(), &Actor::operator(), lib, None, &input(p, (v / 2, v / 2), 30, 100)).unwrap();
    }
    let (m, csrf) = login(&app, "manager_a").await;
    let page = m
        .get(app.url(&format!("/laporan-bulanan/baru?perpustakaan={lib}&periode=2026-09")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Sebelumnya:") && page.contains("Agustus 2026"), "previous months beside the fields");
    // Required fields and no negatives.
    let bad = [
        ("_csrf", csrf.as_str()),
        ("period", "2026-09"),
        ("visitors_male", ""),
        ("visitors_female", "5"),
        ("loans", "-1"),
    ];
    let r = m.post(app.url(&format!("/laporan-bulanan/baru?perpustakaan={lib}"))).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Wajib diisi") && html.contains("Isi bilangan bulat 0 atau lebih"));
    // Far more visitors than usual: a warning to confirm.
    let mut good = vec![
        ("_csrf", csrf.as_str()),
        ("period", "2026-09"),
        ("visitors_male", "200"),
        ("visitors_female", "300"),
        ("loans", "35"),
        ("total_members", "110"),
        ("visitors_total", "500"),
    ];
    let r = m.post(app.url(&format!("/laporan-bulanan/baru?perpustakaan={lib}"))).form(&good).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("jauh di atas biasanya"));
    good.push(("confirm_warnings", "1"));
    let r = m.post(app.url(&format!("/laporan-bulanan/baru?perpustakaan={lib}"))).form(&good).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let url = r.headers()["location"].to_str().unwrap().split('?').next().unwrap().to_string();
    // One report per month: asking for September again leads to it.
    let again =
        m.get(app.url(&format!("/laporan-bulanan/baru?perpustakaan={lib}&periode=2026-09"))).send().await.unwrap();
    assert_eq!(again.headers()["location"].to_str().unwrap(), url);

    // Up the hierarchy; approval updates the year's KTAK figures.
    m.post(app.url(&format!("{url}/status")))
        .form(&[("_csrf", csrf.as_str()), ("transition", "submit")])
        .send()
        .await
        .unwrap();
    let (coord, ccsrf) = login(&app, "reg3507").await;
    let inbox = coord.get(app.url("/kotak-masuk")).send().await.unwrap().text().await.unwrap();
    assert!(inbox.contains("September 2026"));
    coord
        .post(app.url(&format!("{url}/status")))
        .form(&[("_csrf", ccsrf.as_str()), ("transition", "verify")])
        .send()
        .await
        .unwrap();
    let (prov, pcsrf) = login(&app, "prov35").await;
    let r = prov
        .post(app.url(&format!("{url}/status")))
        .form(&[("_csrf", pcsrf.as_str()), ("transition", "approve")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, ktak) = get_json(&client(), &app.url(&format!("/api/v1/libraries/{lib}/ktak")), &app.token("admin")).await;
    let y2026 = ktak["items"].as_array().unwrap().iter().find(|k| k["year"] == 2026).unwrap().clone();
    assert_eq!(
        (y2026["visits"].as_i64(), y2026["members"].as_i64()),
        (Some(500), Some(110)),
        "only approved months count"
    );
    // Approved: locked.
    let edit = m.post(app.url(&format!("{url}/ubah"))).form(&good).send().await.unwrap();
    assert_eq!(edit.status(), 409);
    // The province's viewer may look; another regency's coordinator cannot even see it.
    let (v, _) = login(&app, "viewer35").await;
    assert_eq!(v.get(app.url(&url)).send().await.unwrap().status(), 200);
    let other = lentera_core::user::NewUserInput {
        username: "reg3578".into(),
        full_name: "PIC Surabaya".into(),
        role: "regency_coordinator".into(),
        scope: Some("35.78".into()),
        password: crate::support::PASSWORD.into(),
        ..Default::default()
    };
    lentera_core::services::accounts::create_user(app.store.as_ref(), &Actor::operator(), &other).unwrap();
    let (o, _) = login(&app, "reg3578").await;
    assert_eq!(o.get(app.url(&url)).send().await.unwrap().status(), 404);
    let list = o.get(app.url("/laporan-bulanan")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Belum ada laporan bulanan"));
}
