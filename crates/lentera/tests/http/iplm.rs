//! IPLM per region from KTAK figures and imported population, checked by hand; the page
//! shows the inputs, the fill rate and the way to the libraries missing figures, in scope.

use lentera_core::access::Actor;
use lentera_core::library::KtakFigures;
use lentera_core::services::{iplm, libraries};

use lentera_test_support::{TestApp, csrf_of, login};

#[tokio::test]
async fn iplm_from_ktak_and_population_in_scope() {
    let app = TestApp::start(true);
    let op = Actor::operator();
    let k = KtakFigures {
        year: 2024,
        collection_titles: Some(400),
        collection_copies: Some(1_000),
        staff_librarians: Some(1),
        staff_other: Some(1),
        members: Some(100),
        visits: Some(3_650),
    };
    libraries::save_ktak(&app.env, &op, app.libs["a"].id, &k).unwrap();

    // Population (AM) through the import page; rows outside the scope refuse the whole file.
    let (c, csrf) = login(&app, "prov35").await;
    let form = c.get(app.url("/iplm/penduduk")).send().await.unwrap().text().await.unwrap();
    assert_eq!(csrf_of(&form), csrf);
    let upload = |csv: &'static str| {
        let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("penduduk.csv");
        reqwest::multipart::Form::new().text("_csrf", csrf.clone()).part("file", part)
    };
    let bad = c
        .post(app.url("/iplm/penduduk"))
        .multipart(upload("kode_wilayah,tahun,kelompok,jumlah\n35.07,2024,umum,100000\n52.01,2024,umum,5\n"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("di luar cakupan"));
    let ok = c
        .post(app.url("/iplm/penduduk"))
        .multipart(upload("kode_wilayah;tahun;kelompok;jumlah\n35.07;2024;umum;100000\n"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);

    // By hand, normalised-2023 for Kabupaten Malang (35.07): one library, 1,000 copies,
    // 2 staff, 100 members, 3,650 visits (10 a day), AM 100,000:
    // units 1e-5/0.001 = 0.01; copies 0.01/1 = 0.01; staff 2e-5/0.0005 = 0.04;
    // visits 1e-4/0.005 = 0.02; SNP 0; engagement 0; members 0.001/0.1 = 0.01.
    let method = iplm::method(Some("normalised-2023"), 2024).unwrap();
    let rows = iplm::regions_index(&app.env, &op, 2024, &method).unwrap();
    let malang = rows.iter().find(|r| r.code.as_str() == "35.07").unwrap();
    let expected = (0.01 + 0.01 + 0.04 + 0.02 + 0.0 + 0.0 + 0.01) / 7.0 * 100.0;
    assert!((malang.computed.index - expected).abs() < 1e-9, "{} vs {expected}", malang.computed.index);
    assert_eq!((malang.inputs.fill_rate(), malang.computed.band.as_str()), (100, "Sangat Rendah"));
    // The province from its own totals: two libraries (one without figures), the same AM.
    let jatim = rows.iter().find(|r| r.code.as_str() == "35").unwrap();
    assert_eq!(jatim.inputs.fill_rate(), 50);
    let expected = (0.02 + 0.01 + 0.04 + 0.02 + 0.0 + 0.0 + 0.01) / 7.0 * 100.0;
    assert!((jatim.computed.index - expected).abs() < 1e-9, "{}", jatim.computed.index);
    assert_eq!(rows.len(), 38 + 514, "every province and regency/city for the nation");

    // The page, in scope: the regency sees itself and its province only.
    let page = c
        .get(app.url("/iplm?tahun=2024&metode=normalised-2023&region=35.07"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("1,29") && page.contains("missing_ktak_year=2024"), "{page}");
    assert!(!page.contains("Nusa Tenggara Barat"), "other provinces hidden");
    let (rc, _) = login(&app, "reg3507").await;
    let page = rc.get(app.url("/iplm?tahun=2024")).send().await.unwrap().text().await.unwrap();
    let regions = page.matches("region=").count();
    assert_eq!(regions, 2, "province and own regency: {page}");
    // Published values sit beside the computed ones (NTB 2024 ships seeded); admins import more.
    let (s, v) = lentera_test_support::get_json(
        &lentera_test_support::client(),
        &app.url("/api/v1/iplm?year=2024&method=normalised-2023"),
        &app.token("admin"),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 552);
    let ntb = items.iter().find(|i| i["region"] == "52").unwrap();
    assert_eq!(ntb["published"], 60.42, "{ntb}");
    let (ac, acsrf) = login(&app, "admin").await;
    let part = reqwest::multipart::Part::bytes(b"kode_wilayah,tahun,nilai\n35.07,2024,\"55,5\"\n".to_vec())
        .file_name("resmi.csv");
    let r = ac
        .post(app.url("/iplm/resmi"))
        .multipart(reqwest::multipart::Form::new().text("_csrf", acsrf).part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = ac
        .get(app.url("/iplm?tahun=2024&metode=normalised-2023&region=35.07"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("55,50") && page.contains("-54,21"), "published and difference: {page}");
    let r = c.get(app.url("/iplm/resmi")).send().await.unwrap();
    assert_eq!(r.status(), 403, "province coordinators do not load official values");
    let (s, mine) = lentera_test_support::get_json(
        &lentera_test_support::client(),
        &app.url("/api/v1/iplm?year=2024"),
        &app.token("reg3507"),
    )
    .await;
    assert_eq!((s, mine["items"].as_array().map(Vec::len)), (200, Some(2)));
    let (mc, _) = login(&app, "manager_a").await;
    assert_eq!(mc.get(app.url("/iplm")).send().await.unwrap().status(), 403);
}
