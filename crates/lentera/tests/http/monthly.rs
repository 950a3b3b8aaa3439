//! Monthly library figures: the form beside previous months, validation and warnings, one
//! report per month, review, and approved months feeding the yearly KTAK figures.

use lentera_core::access::Actor;
use lentera_core::monthly::MonthlyInput;
use lentera_core::services::monthly;

use lentera_test_support::{TestApp, client, get_json, login};

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
        monthly::create(&app.env, &Actor::operator(), lib, None, &input(p, (v / 2, v / 2), 30, 100)).unwrap();
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
    let page = m.get(app.url(&url)).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("</a> › <a"), "the stylesheet draws the breadcrumb separators; none typed twice");

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
    // Reopening the year's only approved month withdraws the figures computed from it.
    let r = prov
        .post(app.url(&format!("{url}/status")))
        .form(&[("_csrf", pcsrf.as_str()), ("transition", "reopen"), ("comment", "Angka pengunjung salah ketik")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, ktak) = get_json(&client(), &app.url(&format!("/api/v1/libraries/{lib}/ktak")), &app.token("admin")).await;
    assert!(!ktak["items"].as_array().unwrap().iter().any(|k| k["year"] == 2026), "{ktak}");
    // The province's viewer may look; another regency's coordinator cannot even see it.
    let (v, _) = login(&app, "viewer35").await;
    assert_eq!(v.get(app.url(&url)).send().await.unwrap().status(), 200);
    let other = lentera_core::user::NewUserInput {
        username: "reg3578".into(),
        full_name: "PIC Surabaya".into(),
        role: "regency_coordinator".into(),
        scope: Some("35.78".into()),
        password: lentera_test_support::PASSWORD.into(),
        ..Default::default()
    };
    lentera_core::services::accounts::create_user(&app.env, &Actor::operator(), &other).unwrap();
    let (o, _) = login(&app, "reg3578").await;
    assert_eq!(o.get(app.url(&url)).send().await.unwrap().status(), 404);
    let list = o.get(app.url("/laporan-bulanan")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Belum ada laporan bulanan"));
}

#[tokio::test]
async fn monthly_reports_over_the_api() {
    let app = TestApp::start(true);
    let c = client();
    let manager = app.token("manager_a");
    let lib = app.libs["a"].id;
    let body = serde_json::json!({
        "library_id": lib, "client_id": "0b6f2f6e-5a3c-4b7e-8d2c-1234567890ab", "period": "2026-10",
        "figures": {"visitors_male": 30, "visitors_female": 45.0, "loans": 20, "total_members": 80}
    });
    let r = c.post(app.url("/api/v1/monthly-reports")).bearer_auth(&manager).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let created: serde_json::Value = r.json().await.unwrap();
    assert_eq!((created["visitors_total"].as_i64(), created["status"].as_str()), (Some(75), Some("draft")));
    // A retry returns the same report; another report for the month is a conflict.
    let r = c.post(app.url("/api/v1/monthly-reports")).bearer_auth(&manager).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let mut second = body.clone();
    second["client_id"] = serde_json::Value::Null;
    assert_eq!(
        c.post(app.url("/api/v1/monthly-reports")).bearer_auth(&manager).json(&second).send().await.unwrap().status(),
        409
    );
    // A month that has not begun, negative figures: field errors.
    let future = serde_json::json!({"library_id": lib, "period": "2099-01", "figures": {"visitors_male": -1, "visitors_female": 0}});
    let r = c.post(app.url("/api/v1/monthly-reports")).bearer_auth(&manager).json(&future).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let id = created["id"].clone();
    let step = |token: String, t: &'static str| {
        let url = app.url(&format!("/api/v1/monthly-reports/{id}/transitions"));
        let c = c.clone();
        async move {
            c.post(url)
                .bearer_auth(token)
                .json(&serde_json::json!({"transition": t}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(step(manager.clone(), "submit").await, 200);
    assert_eq!(step(manager.clone(), "verify").await, 403);
    assert_eq!(step(app.token("reg3507"), "verify").await, 200);
    assert_eq!(step(app.token("prov35"), "approve").await, 200);
    let (_, list) =
        get_json(&c, &app.url("/api/v1/monthly-reports?period=2026-10&status=approved"), &app.token("prov35")).await;
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn completeness_per_region_with_whom_to_call() {
    use lentera_core::library::LibraryInput;
    use lentera_core::monthly::MonthlyReport;
    use lentera_core::reporting::{ReviewPolicy, Transition};
    use lentera_core::services::libraries;
    use lentera_core::services::review;
    let app = TestApp::start(true);
    let op = Actor::operator();
    let member = |name: &str, region: &str, phone: &str| LibraryInput {
        name: name.into(),
        library_type: "umum_desa".into(),
        region_code: region.into(),
        phone: Some(phone.into()),
        programme_year: Some("2024".into()),
        programme_tier: Some("penuh".into()),
        ..Default::default()
    };
    let p1 =
        libraries::create(&app.env, &op, &member("Perpustakaan Desa Rajin", "35.07.12.2002", "081111111111")).unwrap();
    libraries::create(&app.env, &op, &member("Perpustakaan Desa Lupa", "35.07.12.2003", "082222222222")).unwrap();
    libraries::create(&app.env, &op, &member("Perpustakaan Desa Jauh", "52.01.01.2002", "083333333333")).unwrap();
    let period = lentera_core::monthly::Period::of(lentera_test_support::today(lentera_core::region::TimeZone::Wib));
    let (r, _) = monthly::create(&app.env, &op, p1.id, None, &input(&period.to_string(), (5, 5), 3, 20)).unwrap();
    review::transition::<MonthlyReport>(&app.env, &op, ReviewPolicy::default(), r.id, Transition::Submit, None)
        .unwrap();

    let (coord, _) = login(&app, "reg3507").await;
    let page =
        coord.get(app.url(&format!("/kelengkapan?periode={period}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Kecamatan") || page.contains("Sumberpucung"), "rows are the regency's districts");
    assert!(page.contains("1 (50%)"), "one of two reported, on time");
    assert!(
        page.contains("Perpustakaan Desa Lupa")
            && page.contains("082222222222")
            && page.contains("wa.me/6282222222222")
    );
    assert!(!page.contains("Perpustakaan Desa Jauh"), "other provinces stay out");
    let csv = coord
        .get(app.url(&format!("/kelengkapan/belum-lapor.csv?periode={period}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Perpustakaan Desa Lupa,35.07.12.2003,,082222222222"), "{csv}");
    assert_eq!(
        coord.get(app.url(&format!("/kelengkapan?periode={period}&region=52"))).send().await.unwrap().status(),
        403
    );
    // A viewer sees the numbers, not the phone numbers.
    let (v, _) = login(&app, "viewer35").await;
    let page = v.get(app.url(&format!("/kelengkapan?periode={period}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Perpustakaan Desa Lupa") && !page.contains("082222222222"));
    // The national view counts all three.
    let (a, _) = login(&app, "admin").await;
    let page = a.get(app.url(&format!("/kelengkapan?periode={period}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Nusa Tenggara Barat") && page.contains("Jawa Timur"));
}
