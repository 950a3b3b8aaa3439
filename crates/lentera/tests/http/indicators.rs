//! Indicator aggregates follow approvals and reopenings, and match independent counts.

use lentera_core::access::Actor;
use lentera_core::activity::ActivityFilter;
use lentera_core::library::PageRequest;
use lentera_core::monthly::Period;
use lentera_core::region::{RegionCode, TimeZone};
use lentera_core::reporting::ReportStatus;
use lentera_core::services::{activities, indicators};
use serde_json::json;

use crate::kpi::{approved_activity, post, programme_library};
use lentera_test_support::{TestApp, client};

/// Approved activities of a region and month, counted from the reports themselves.
fn independent(app: &TestApp, region: &str, month: Period) -> (i64, i64, i64) {
    let f = ActivityFilter {
        region: Some(RegionCode::parse(region).unwrap()),
        status: Some(ReportStatus::Approved),
        from: Some(month.first_day()),
        to: Some(month.last_day()),
        ..Default::default()
    };
    let page = activities::list(&app.env, &Actor::operator(), f, PageRequest::new(None, Some(200))).unwrap();
    let female = page.items.iter().map(|a| a.fields.participants.female).sum();
    let total = page.items.iter().map(|a| a.fields.participants.total()).sum();
    (page.total, female, total)
}

#[tokio::test]
async fn aggregates_follow_approval_and_reopening() {
    let app = TestApp::start(true);
    let lib = programme_library(&app);
    let month = Period::of(lentera_test_support::today(TimeZone::Wib));
    let op = Actor::operator();
    let sum = |region: Option<&str>| {
        indicators::summary(&app.env, &op, region.map(|r| RegionCode::parse(r).unwrap()), month, month).unwrap()
    };
    assert_eq!(sum(Some("35")).activities.activities, 0);

    let first = approved_activity(&app, lib, "Pelatihan membuat kue", 20, None).await;
    approved_activity(&app, lib, "Kelas literasi digital", 25, Some(("Kisah", true))).await;
    for region in [None, Some("35"), Some("35.07"), Some("35.07.12"), Some("35.07.12.2002")] {
        let s = sum(region);
        let (n, female, total) = independent(&app, region.unwrap_or("35"), month);
        assert_eq!(
            (s.activities.activities, s.activities.people.female, s.activities.participants()),
            (n, female, total),
            "{region:?}"
        );
        assert_eq!((s.activities.activities, s.activities.stories), (2, 1), "{region:?}");
    }
    // Children: the nation lists East Java; the regency lists its district.
    let nation = sum(None);
    assert_eq!(
        nation.children.iter().map(|(c, a, _)| (c.as_str().to_string(), a.activities)).collect::<Vec<_>>(),
        [("35".to_string(), 2)]
    );
    assert_eq!(sum(Some("35.07")).children[0].0.as_str(), "35.07.12");
    assert_eq!(nation.by_month, vec![(month, nation.activities)]);

    // Reopening the first takes it out again, at every level.
    let c = client();
    let url = app.url(&format!("/api/v1/activities/{first}/transitions"));
    let (s, r) =
        post(&c, &url, &app.token("prov35"), json!({"transition": "reopen", "comment": "Perlu koreksi"})).await;
    assert_eq!(s, 200, "{r}");
    for region in [None, Some("35"), Some("35.07.12.2002")] {
        let s = sum(region);
        assert_eq!(s.activities.activities, 1, "{region:?}");
        assert_eq!(s.activities.participants(), independent(&app, region.unwrap_or("35"), month).2);
    }

    // Approved monthly figures too.
    let figures = json!({"library_id": lib, "period": month.to_string(), "figures": {"visitors_male": 10, "visitors_female": 12, "loans": 7}});
    let (s, m) = post(&c, &app.url("/api/v1/monthly-reports"), &app.token("manager_p"), figures).await;
    assert_eq!(s, 201, "{m}");
    let url_m = app.url(&format!("/api/v1/monthly-reports/{}/transitions", m["id"]));
    for (who, t) in [("manager_p", "submit"), ("reg3507", "verify")] {
        assert_eq!(post(&c, &url_m, &app.token(who), json!({"transition": t})).await.0, 200);
    }
    assert_eq!(sum(Some("35")).monthly.reports, 0, "not approved yet");
    assert_eq!(post(&c, &url_m, &app.token("prov35"), json!({"transition": "approve"})).await.0, 200);
    let s = sum(Some("35.07"));
    assert_eq!((s.monthly.reports, s.monthly.visitors(), s.monthly.loans), (1, 22, 7));

    // The dashboard page: headline numbers, the ranking one level down, light, in scope.
    let (pc, _) = lentera_test_support::login(&app, "prov35").await;
    let res = pc
        .get(app.url(&format!("/dasbor?region=35&periode={month}")))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.len() < 50 * 1024, "light: {} bytes", page.len());
    assert!(page.contains("id=\"angka-utama\"") && page.contains("<svg"), "{page}");
    assert!(page.contains("href=\"/dasbor?region=35.07&amp;dari="), "drill-down link: {page}");
    assert!(page.contains("<strong>22</strong>"), "visitors: {page}");
    assert_eq!(pc.get(app.url("/dasbor?region=52")).send().await.unwrap().status(), 403);
    assert_eq!(pc.get(app.url("/dasbor?periode=kemarin")).send().await.unwrap().status(), 422);
    let (mc, _) = lentera_test_support::login(&app, "manager_a").await;
    assert_eq!(mc.get(app.url("/dasbor")).send().await.unwrap().status(), 403);

    // The same over the API.
    let (s, v) = lentera_test_support::get_json(
        &c,
        &app.url(&format!("/api/v1/indicators/summary?region=35.07&period={month}")),
        &app.token("reg3507"),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!((v["activities"]["activities"].as_i64(), v["monthly"]["visitors"].as_i64()), (Some(1), Some(22)), "{v}");
    assert_eq!(v["children"][0]["region"], "35.07.12");
    let (s, _) =
        lentera_test_support::get_json(&c, &app.url("/api/v1/indicators/summary?region=52"), &app.token("reg3507"))
            .await;
    assert_eq!(s, 403);

    // A pivot of participants by category and gender per regency; the exports read back equal.
    let q = format!("region=35&periode={month}&baris=wilayah&kolom=kategori&kolom2=gender&nilai=peserta");
    let page = pc.get(app.url(&format!("/pivot?{q}"))).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Pelatihan keterampilan dan mata pencaharian · Perempuan") && page.contains("Kabupaten Malang"),
        "{page}"
    );
    let csv = pc.get(app.url(&format!("/pivot.csv?{q}"))).send().await.unwrap().bytes().await.unwrap();
    let xlsx = pc.get(app.url(&format!("/pivot.xlsx?{q}"))).send().await.unwrap().bytes().await.unwrap();
    let from_csv = lentera_web::tabular::read_table("p.csv", &csv).unwrap();
    let from_xlsx = lentera_web::tabular::read_table("p.xlsx", &xlsx).unwrap();
    assert_eq!(from_csv, from_xlsx);
    assert_eq!(
        from_csv[0],
        [
            "Wilayah",
            "Pelatihan keterampilan dan mata pencaharian · Laki-laki",
            "Pelatihan keterampilan dan mata pencaharian · Perempuan",
            "Jumlah"
        ]
    );
    assert_eq!(from_csv[1][1..], ["0", "25", "25"], "{from_csv:?}");
    assert_eq!(from_csv.last().unwrap()[0], "Jumlah");
    let bad =
        pc.get(app.url(&format!("/pivot?region=35&periode={month}&kolom=gender&nilai=kegiatan"))).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(pc.get(app.url("/pivot?region=52")).send().await.unwrap().status(), 403);

    // DHIS2 dataValueSets with the default mapping.
    let (s, v) = lentera_test_support::get_json(
        &c,
        &app.url(&format!("/api/v1/indicators/dhis2?region=35.07&period={month}")),
        &app.token("reg3507"),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let period = format!("{:04}{:02}", month.year, month.month);
    let values = v["dataValues"].as_array().unwrap();
    assert!(
        values.iter().any(|x| x["dataElement"] == "TPBIS_PARTICIPANTS"
            && x["period"] == period.as_str()
            && x["orgUnit"] == "35.07"
            && x["value"] == "25"),
        "{v}"
    );
    assert!(values.iter().any(|x| x["dataElement"] == "TPBIS_VISITORS" && x["value"] == "22"), "{v}");
    let file = pc.get(app.url(&format!("/dasbor/dhis2.json?region=35&periode={month}"))).send().await.unwrap();
    assert_eq!(file.headers()["content-type"], "application/json");

    // Open data, without signing in: aggregates only, small counts suppressed.
    let public = client();
    let year = month.year;
    let res = public.get(app.url(&format!("/data-terbuka?tahun={year}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("CC BY 4.0") && page.contains("Jawa Timur"), "{page}");
    for private in ["Pengelola Bersinar", "Kisah", "Perpustakaan Desa Bersinar", "manager_p"] {
        assert!(!page.contains(private), "no personal or library-level data: {private}");
    }
    let csv = public.get(app.url(&format!("/data-terbuka.csv?tahun={year}&region=35"))).send().await.unwrap();
    assert!(csv.headers()["link"].to_str().unwrap().contains("licenses/by/4.0"));
    let rows = lentera_web::tabular::read_table("o.csv", &csv.bytes().await.unwrap()).unwrap();
    let malang = rows.iter().find(|r| r[0] == "35.07").unwrap();
    assert_eq!(malang[3..6], ["<5", "25", "25"], "one activity suppressed, 25 participants shown: {malang:?}");
    assert!(rows.iter().all(|r| r.len() == 11));

    // Scope: a regency coordinator cannot read another province; a library account is refused.
    let reg = lentera_core::access::Actor::from_user(
        &lentera_core::store::AccountStore::user_secret(app.store.as_ref(), "reg3507").unwrap().unwrap().user,
    );
    assert!(indicators::summary(&app.env, &reg, Some(RegionCode::parse("52").unwrap()), month, month).is_err());
    assert_eq!(indicators::summary(&app.env, &reg, None, month, month).unwrap().region.unwrap().as_str(), "35.07");
    // The rebuild from scratch gives the same numbers.
    let before = sum(None);
    lentera_core::store::AggregateStore::rebuild_aggregates(app.store.as_ref()).unwrap();
    assert_eq!(sum(None).activities, before.activities);
    assert_eq!(sum(None).monthly, before.monthly);
}

/// A report of a library that lies at a regency (not in a village) counts once for its
/// regency, province and nation, and never for levels below it: the incremental aggregates
/// once added it three times to its regency's own row.
#[tokio::test]
async fn a_regency_librarys_report_counts_once_at_its_own_level() {
    let app = TestApp::start(true);
    let op = Actor::operator();
    let input = lentera_core::library::LibraryInput {
        name: "Perpustakaan Umum Kabupaten Malang Uji".into(),
        library_type: "umum_kabkota".into(),
        region_code: "35.07".into(),
        ..Default::default()
    };
    let lib = lentera_core::services::libraries::create(&app.env, &op, &input).unwrap();
    let today = lentera_test_support::today(TimeZone::Wib);
    let report = lentera_core::activity::ActivityInput {
        title: "Bimbingan teknis pengelola desa".into(),
        start_date: today.to_string(),
        category_id: "1".into(),
        female: Some("12".into()),
        ..Default::default()
    };
    let (a, _) = activities::create(&app.env, &op, lib.id, None, &report).unwrap();
    use lentera_core::reporting::{ReviewPolicy, Transition};
    for step in [Transition::Submit, Transition::Verify, Transition::Approve] {
        lentera_core::services::review::transition::<lentera_core::activity::Activity>(
            &app.env,
            &op,
            ReviewPolicy::default(),
            a.id,
            step,
            None,
        )
        .unwrap();
    }
    let month = Period::of(today);
    let sum = |region: Option<&str>| {
        indicators::summary(&app.env, &op, region.map(|r| RegionCode::parse(r).unwrap()), month, month).unwrap()
    };
    for region in [None, Some("35"), Some("35.07")] {
        assert_eq!((sum(region).activities.activities, sum(region).activities.people.female), (1, 12), "{region:?}");
    }
    assert!(sum(Some("35.07")).children.iter().all(|(_, c, _)| c.activities == 0), "no district holds it");
    // The rebuild from the reports agrees (it used to refuse such a report outright).
    lentera_core::store::AggregateStore::rebuild_aggregates(app.store.as_ref()).unwrap();
    assert_eq!(sum(Some("35.07")).activities.activities, 1);
}
