//! The indicator catalogue: every built-in indicator checked against counts made here with
//! plain SQL over the demo database; admins extend the catalogue; scope holds; exports
//! read back equal.

use std::collections::{HashMap, HashSet};

use lentera_core::monthly::{Period, deadlines};
use lentera_core::region::{RegionCode, TimeZone};
use rusqlite::Connection;
use serde_json::{Value, json};

use crate::kpi::post;
use lentera_test_support::{TestApp, client, csrf_of, get_json};

fn one(db: &Connection, sql: &str, p: impl rusqlite::Params) -> i64 {
    db.query_row(sql, p, |r| r.get::<_, Option<i64>>(0)).unwrap().unwrap_or(0)
}

/// The values the API gives, by indicator code.
async fn api_values(app: &TestApp, token: &str, query: &str) -> HashMap<String, Option<f64>> {
    let (s, v) = get_json(&client(), &app.url(&format!("/api/v1/indicators/values?{query}")), token).await;
    assert_eq!(s, 200, "{v}");
    v["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["code"].as_str().unwrap().to_string(), x["value"].as_f64()))
        .collect()
}

/// Everything counted independently for a province and a year.
fn independent(db: &Connection, province: &str, year: i32) -> HashMap<&'static str, f64> {
    let like = format!("{province}.%");
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let act = |expr: &str, extra: &str| {
        one(
            db,
            &format!(
                "SELECT sum({expr}) FROM activities WHERE status = 'approved' AND start_date BETWEEN ?1 AND ?2
                 AND region_code LIKE ?3 {extra}"
            ),
            rusqlite::params![from, to, like],
        ) as f64
    };
    let skills = "AND category_id = (SELECT id FROM activity_categories WHERE name LIKE 'Pelatihan keterampilan%')";
    let monthly = |expr: &str| {
        one(
            db,
            &format!(
                "SELECT sum({expr}) FROM monthly_reports WHERE status = 'approved' AND period BETWEEN ?1 AND ?2
                 AND region_code LIKE ?3"
            ),
            rusqlite::params![format!("{year}-01"), format!("{year}-12"), like],
        ) as f64
    };
    let mut out = HashMap::from([
        ("kegiatan", act("1", "")),
        ("peserta", act("male + female", "")),
        ("peserta_perempuan", act("female", "")),
        ("peserta_disabilitas", act("disabled", "")),
        ("pelatihan_keterampilan", act("1", skills)),
        ("peserta_pelatihan_keterampilan", act("male + female", skills)),
        ("pengunjung", monthly("visitors_male + visitors_female")),
        ("peminjaman", monthly("loans")),
        ("laporan_bulanan", monthly("1")),
    ]);

    // Reporting: every month, each active programme library that had joined is due.
    let libs: Vec<(i64, String, i32)> = db
        .prepare(
            "SELECT id, region_code, programme_year FROM libraries
             WHERE programme_year IS NOT NULL AND status = 'aktif' AND region_code LIKE ?1",
        )
        .unwrap()
        .query_map([&like], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (mut due, mut sent, mut on_time) = (0, 0, 0);
    for month in 1..=12 {
        let period = Period { year, month };
        for (id, region, _) in libs.iter().filter(|l| l.2 <= year) {
            due += 1;
            let submitted: Option<Option<i64>> = db
                .query_row(
                    "SELECT submitted_at FROM monthly_reports WHERE library_id = ?1 AND period = ?2 AND status <> 'draft'",
                    rusqlite::params![id, period.to_string()],
                    |r| r.get(0),
                )
                .ok();
            if let Some(at) = submitted {
                sent += 1;
                let zone = RegionCode::parse(region).unwrap().time_zone();
                let i = [TimeZone::Wib, TimeZone::Wita, TimeZone::Wit].iter().position(|z| *z == zone).unwrap();
                if at.is_some_and(|at| at <= deadlines(period, 10)[i]) {
                    on_time += 1;
                }
            }
        }
    }
    out.insert("kelengkapan_laporan", sent as f64 * 100.0 / due as f64);
    out.insert("ketepatan_waktu", on_time as f64 * 100.0 / sent as f64);
    out.insert("perpustakaan_program", libs.iter().filter(|l| l.2 <= year).count() as f64);
    out.insert("perpustakaan_bergabung", libs.iter().filter(|l| l.2 == year).count() as f64);

    // Events that ended in the year, registered people of the province.
    struct Seat {
        person: i64,
        threshold: i64,
        days: i64,
        present: i64,
        pre: Option<f64>,
        post: Option<f64>,
    }
    let seats: Vec<Seat> = db
        .prepare(
            "SELECT r.person_id, e.attendance_threshold,
                    CAST(julianday(e.end_date) - julianday(e.start_date) AS INTEGER) + 1,
                    (SELECT count(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1),
                    (SELECT 100.0 * score / total FROM test_attempts WHERE registration_id = r.id AND kind = 'pre' AND submitted_at IS NOT NULL),
                    (SELECT 100.0 * score / total FROM test_attempts WHERE registration_id = r.id AND kind = 'post' AND submitted_at IS NOT NULL)
             FROM registrations r JOIN events e ON e.id = r.event_id JOIN people p ON p.id = r.person_id
             WHERE r.status = 'terdaftar' AND e.end_date BETWEEN ?1 AND ?2 AND (p.region_code = ?3 OR p.region_code LIKE ?4)",
        )
        .unwrap()
        .query_map(rusqlite::params![from, to, province, like], |r| {
            Ok(Seat {
                person: r.get(0)?,
                threshold: r.get(1)?,
                days: r.get(2)?,
                present: r.get(3)?,
                pre: r.get(4)?,
                post: r.get(5)?,
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let trained: HashSet<i64> =
        seats.iter().filter(|s| s.present * 100 >= s.threshold * s.days).map(|s| s.person).collect();
    out.insert("orang_dilatih", trained.len() as f64);
    let (present, days) = seats.iter().fold((0, 0), |(p, d), s| (p + s.present, d + s.days));
    if days > 0 {
        out.insert("tingkat_kehadiran", present as f64 * 100.0 / days as f64);
    }
    let gains: Vec<f64> = seats.iter().filter_map(|s| Some(s.post? - s.pre?)).collect();
    if !gains.is_empty() {
        out.insert("peningkatan_pengetahuan", gains.iter().sum::<f64>() / gains.len() as f64);
    }
    out
}

#[tokio::test]
async fn built_in_indicators_match_independent_counts() {
    let app = TestApp::start_with_demo(env!("CARGO_BIN_EXE_lentera"));
    let db = Connection::open(app.db_path()).unwrap();
    let token = app.token("koordinator.provinsi");
    let mut checked_training = false;
    for year in [2023, 2024] {
        let got = api_values(&app, &token, &format!("region=35&period={year}")).await;
        let want = independent(&db, "35", year);
        for (code, value) in &want {
            let v = got[*code].unwrap_or_else(|| panic!("{code} {year} has no value"));
            assert!((v - value).abs() < 1e-6, "{code} {year}: api {v}, counted {value}");
        }
        assert!(want["kegiatan"] > 0.0 && want["kelengkapan_laporan"] > 0.0, "the demo has data for {year}");
        checked_training |=
            want.get("orang_dilatih").is_some_and(|n| *n > 0.0) && want.contains_key("peningkatan_pengetahuan");

        // KPI colours equal the KPI page's totals for the span's last month.
        let (s, kpi) = get_json(&client(), &app.url(&format!("/api/v1/kpi?region=35&period={year}-12")), &token).await;
        assert_eq!(s, 200, "{kpi}");
        for (code, colour) in [("kpi_hijau", "green"), ("kpi_kuning", "yellow"), ("kpi_merah", "red")] {
            assert_eq!(got[code], kpi["total"][colour].as_f64(), "{code} {year}");
        }

        // Breakdowns: counts add up over the regencies and the months.
        let url = app.url(&format!("/api/v1/indicators/catalogue/kegiatan/values?region=35&period={year}"));
        let (s, b) = get_json(&client(), &url, &token).await;
        assert_eq!(s, 200, "{b}");
        let sum = |k: &str| b[k].as_array().unwrap().iter().map(|x| x["value"].as_f64().unwrap()).sum::<f64>();
        assert_eq!(b["total"].as_f64(), Some(want["kegiatan"]));
        assert_eq!(
            (sum("by_region"), sum("by_month"), sum("by_category")),
            (want["kegiatan"], want["kegiatan"], want["kegiatan"])
        );
        assert!(b["by_region"].as_array().unwrap().iter().all(|r| r["region"].as_str().unwrap().starts_with("35.")));
    }
    assert!(checked_training, "the demo's events were checked in at least one year");
}

#[tokio::test]
async fn admins_extend_the_catalogue_within_its_rules() {
    let app = TestApp::start_with_demo(env!("CARGO_BIN_EXE_lentera"));
    let db = Connection::open(app.db_path()).unwrap();
    let c = client();
    let (admin, prov) = (app.token("admin"), app.token("koordinator.provinsi"));
    let url = app.url("/api/v1/indicators/catalogue");
    let skills: i64 = one(&db, "SELECT id FROM activity_categories WHERE name LIKE 'Pelatihan keterampilan%'", []);
    let body = json!({
        "code": "perempuan_keterampilan", "name": "Perempuan di pelatihan keterampilan",
        "definition": "Peserta perempuan kegiatan pelatihan keterampilan yang disetujui.",
        "measure": "peserta_perempuan", "categories": [skills], "headline": true, "position": 1
    });
    assert_eq!(post(&c, &url, &prov, body.clone()).await.0, 403);
    let (s, created) = post(&c, &url, &admin, body.clone()).await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["unit"], "count");
    assert_eq!(post(&c, &url, &admin, body.clone()).await.0, 409, "the code is taken");
    let mut wrong = body.clone();
    wrong["code"] = json!("pengunjung_keterampilan");
    wrong["measure"] = json!("pengunjung");
    let (s, e) = post(&c, &url, &admin, wrong).await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["error"]["fields"][0]["field"], "categories", "{e}");

    // Its value is the women of skills trainings, counted here.
    let got = api_values(&app, &prov, "region=35&period=2024").await;
    let want = one(
        &db,
        "SELECT sum(female) FROM activities WHERE status = 'approved' AND start_date LIKE '2024-%'
         AND region_code LIKE '35.%' AND category_id = ?1",
        [skills],
    );
    assert!(want > 0);
    assert_eq!(got["perempuan_keterampilan"], Some(want as f64));

    // Built-ins keep their measure; a stale version is refused; hiding takes it off the list.
    let (s, list) = get_json(&c, &url, &prov).await;
    assert_eq!(s, 200);
    let kegiatan = list.as_array().unwrap().iter().find(|i| i["code"] == "kegiatan").unwrap().clone();
    let put = |body: Value| {
        let c = c.clone();
        let (u, t) = (app.url("/api/v1/indicators/catalogue/kegiatan"), admin.clone());
        async move {
            let r = c.put(u).bearer_auth(t).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let mut change = json!({"code": "kegiatan", "name": "Kegiatan", "definition": "x", "measure": "peserta",
        "version": kegiatan["version"]});
    assert_eq!(put(change.clone()).await.0, 422);
    change["measure"] = json!("kegiatan");
    change["version"] = json!(99);
    assert_eq!(put(change.clone()).await.0, 409);
    change["version"] = kegiatan["version"].clone();
    change["active"] = json!(false);
    let (s, hidden) = put(change).await;
    assert_eq!(s, 200, "{hidden}");
    assert!(!api_values(&app, &prov, "region=35&period=2024").await.contains_key("kegiatan"));

    // The new headline shows on the dashboard, linked to its page.
    let (pc, _) = lentera_test_support::login_with(&app, "koordinator.provinsi", "lentera-demo-2026").await;
    let dash = pc.get(app.url("/dasbor?region=35&periode=2024")).send().await.unwrap().text().await.unwrap();
    assert!(dash.contains("Perempuan di pelatihan keterampilan"), "headline on the dashboard");
    assert!(dash.contains("/indikator/perempuan_keterampilan?region=35"));
    let page = pc.get(app.url("/indikator/perempuan_keterampilan?region=35&periode=2024")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains(&format!(">{}<", lentera_core::time_fmt::number(want, lentera_core::i18n::Lang::Id))));

    // The catalogue pages are for national admins.
    assert_eq!(pc.get(app.url("/katalog-indikator")).send().await.unwrap().status(), 403);
    let (ac, _) = lentera_test_support::login_with(&app, "admin", "lentera-demo-2026").await;
    let form = ac.get(app.url("/katalog-indikator/baru")).send().await.unwrap().text().await.unwrap();
    let fields = [
        ("_csrf", csrf_of(&form)),
        ("code", "anak_literasi".into()),
        ("name", "Anak di kegiatan literasi".into()),
        ("definition", "".into()),
        ("measure", "peserta_anak".into()),
        ("active", "1".into()),
    ];
    let r = ac.post(app.url("/katalog-indikator")).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), 422, "a definition is required");
    let again = r.text().await.unwrap();
    assert!(again.contains("Definisi wajib diisi") && again.contains("value=\"anak_literasi\""), "form refilled");
    let mut fields = fields.to_vec();
    fields[3].1 = "Peserta anak-anak.".into();
    let r = ac.post(app.url("/katalog-indikator")).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let cat = ac.get(app.url("/katalog-indikator")).send().await.unwrap().text().await.unwrap();
    assert!(cat.contains("Anak di kegiatan literasi") && cat.contains("disembunyikan"), "new and hidden both listed");
}

#[tokio::test]
async fn indicators_stay_in_scope_and_export_what_they_show() {
    let app = TestApp::start_with_demo(env!("CARGO_BIN_EXE_lentera"));
    let c = client();
    let prov = app.token("koordinator.provinsi");
    for path in ["/api/v1/indicators/values?region=52", "/api/v1/indicators/catalogue/peserta/values?region=52"] {
        assert_eq!(get_json(&c, &app.url(path), &prov).await.0, 403, "{path}");
    }
    // No region: narrowed to the coordinator's province.
    let (s, v) = get_json(&c, &app.url("/api/v1/indicators/values?period=2024"), &prov).await;
    assert_eq!((s, v["region"].as_str()), (200, Some("35")));
    assert_eq!(get_json(&c, &app.url("/api/v1/indicators/catalogue/tidak_ada/values"), &prov).await.0, 404);
    let library = app.token("pengelola");
    assert_eq!(get_json(&c, &app.url("/api/v1/indicators/values"), &library).await.0, 403);

    let (pc, _) = lentera_test_support::login_with(&app, "koordinator.provinsi", "lentera-demo-2026").await;
    assert_eq!(pc.get(app.url("/indikator?region=52")).send().await.unwrap().status(), 403);
    let q = "region=35&periode=2024";
    let csv = pc.get(app.url(&format!("/indikator.csv?{q}"))).send().await.unwrap().bytes().await.unwrap();
    let xlsx = pc.get(app.url(&format!("/indikator.xlsx?{q}"))).send().await.unwrap().bytes().await.unwrap();
    let from_csv = lentera_web::tabular::read_table("i.csv", &csv).unwrap();
    let from_xlsx = lentera_web::tabular::read_table("i.xlsx", &xlsx).unwrap();
    assert_eq!(from_csv, from_xlsx);
    let api = api_values(&app, &prov, "region=35&period=2024").await;
    assert_eq!(from_csv.len() - 1, api.len(), "one row per active indicator");
    for row in &from_csv[1..] {
        let want = api[&row[0]].map(|v| v.to_string()).unwrap_or_default();
        let got: Option<f64> = row[5].parse().ok();
        assert_eq!(got.map(|g| (g * 10.0).round()), api[&row[0]].map(|v| (v * 10.0).round()), "{} {want}", row[0]);
    }
    // One indicator's breakdown file.
    let csv =
        pc.get(app.url(&format!("/indikator/peserta/tabel.csv?{q}"))).send().await.unwrap().bytes().await.unwrap();
    let rows = lentera_web::tabular::read_table("p.csv", &csv).unwrap();
    assert_eq!(rows[1][3], format!("{}", api["peserta"].unwrap() as i64), "total first");
    assert!(rows.iter().any(|r| r[0] == "wilayah" && r[1].starts_with("35.")));
}
