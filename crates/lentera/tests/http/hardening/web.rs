//! The web edge: redirects, caching, sign-in throttling, retries, connections, and numbers
//! that misled.

use super::healthy;
use lentera_test_support::{TestApp, app, client, get_json, login};

/// Finding 3: `kembali=/\evil.example` (and `/\/…`, `/<TAB>/…`) redirected to another site;
/// a CR/LF answered 500. The sign-in `lanjut` parameter had the same hole.
#[tokio::test]
async fn redirects_stay_on_this_site() {
    let app = app();
    let c = client();
    for evil in ["/\\evil.example", "/\\/evil.example", "/\t/evil.example", "//evil.example", "https://evil.example"] {
        let url = reqwest::Url::parse_with_params(&app.url("/bahasa/en"), &[("kembali", evil)]).unwrap();
        let r = c.get(url).send().await.unwrap();
        assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/"), "{evil:?}");
    }
    for crlf in ["/%0d%0aSet-Cookie:%20x=1", "/a%0Ab"] {
        let r = c.get(app.url(&format!("/bahasa/id?kembali={crlf}"))).send().await.unwrap();
        assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/"), "{crlf}");
    }
    let ok = c.get(app.url("/bahasa/id?kembali=/acara%3Ftahun%3D2026")).send().await.unwrap();
    assert_eq!(ok.headers()["location"], "/acara?tahun=2026");
    // Signing in with a hostile `lanjut` lands at home.
    let page = c.get(app.url("/masuk?lanjut=/%09/evil.example")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("name=\"lanjut\" value=\"/\""), "{page}");
    let r = c
        .post(app.url("/masuk"))
        .form(&[
            ("_csrf", lentera_test_support::csrf_of(&page).as_str()),
            ("username", "viewer35"),
            ("password", lentera_test_support::PASSWORD),
            ("lanjut", "/\t/evil.example"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/"));
}

/// Finding 10: pages with personal data could be cached; no HSTS with secure cookies.
#[tokio::test]
async fn personal_pages_are_never_stored_and_https_is_pinned() {
    let app = app();
    let (c, _) = login(app, "prov35").await;
    for path in ["/orang", "/akun", "/acara"] {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
        assert!(r.headers().get("strict-transport-security").is_none());
    }
    let api = client().get(app.url("/api/v1/people")).bearer_auth(app.token("prov35")).send().await.unwrap();
    assert_eq!(api.headers()["cache-control"], "no-store");
    // Static assets keep their long cache.
    let css = client().get(app.url(concat!("/static/app-", env!("CARGO_PKG_VERSION"), ".css"))).send().await.unwrap();
    assert!(css.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let secure = TestApp::start_configured(|c| c.secure_cookies = true);
    let r = client().get(secure.url("/masuk")).send().await.unwrap();
    assert!(r.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
}

async fn sign_in_form(c: &reqwest::Client, base: &str) -> String {
    lentera_test_support::csrf_of(&c.get(format!("{base}/masuk")).send().await.unwrap().text().await.unwrap())
}

async fn sign_in_with(c: &reqwest::Client, base: &str, csrf: &str, username: &str, password: &str) -> u16 {
    let form = [("_csrf", csrf), ("username", username), ("password", password)];
    c.post(format!("{base}/masuk")).form(&form).send().await.unwrap().status().as_u16()
}

async fn sign_in(c: &reqwest::Client, base: &str, username: &str, password: &str) -> u16 {
    let csrf = sign_in_form(c, base).await;
    sign_in_with(c, base, &csrf, username, password).await
}

/// A client whose requests come from another loopback address (another "machine").
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(std::net::IpAddr::from(ip))
        .build()
        .unwrap()
}

/// Finding 6: 50 concurrent attempts on one account checked 12 passwords (limit 5), and
/// anyone could lock any account by failing five times.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_throttling_cannot_be_raced_and_locks_out_only_the_stranger() {
    let app = TestApp::start(true);
    let stranger = client_from([127, 0, 0, 2]);
    let csrf = sign_in_form(&stranger, &app.base).await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (c, base, csrf) = (stranger.clone(), app.base.clone(), csrf.clone());
        set.spawn(async move { sign_in_with(&c, &base, &csrf, "admin", "tebak-tebak-123").await });
    }
    let statuses = set.join_all().await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(checked, 5, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
    assert_eq!(sign_in(&stranger, &app.base, "admin", lentera_test_support::PASSWORD).await, 429);
    // The administrator, from their own machine, signs in at once.
    assert_eq!(sign_in(&client_from([127, 0, 0, 3]), &app.base, "admin", lentera_test_support::PASSWORD).await, 303);
}

/// Finding 7: concurrent retries of one client id sometimes answered 409 with SQLite's own
/// text instead of 200 with the stored report. Storms of simultaneous retries: every answer
/// is the one stored report, created once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_retries_of_one_client_id_all_get_the_stored_report() {
    let app = TestApp::start(true);
    let token = app.token("manager_a");
    for round in 0..25 {
        let body = serde_json::json!({
            "library_id": app.libs["a"].id, "client_id": format!("0b6f3c1e-7d2a-4f4b-9a1e-2c3d4e5f{round:04x}"),
            "title": "Kelas menjahit", "start_date": format!("2026-09-{:02}", round + 1), "category_id": 1,
            "participants": {"male": 2, "female": 18, "adults": 20}
        });
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..12 {
            let (url, token, body) = (app.url("/api/v1/activities"), token.clone(), body.clone());
            set.spawn(async move {
                let r = client().post(url).bearer_auth(token).json(&body).send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            });
        }
        let answers = set.join_all().await;
        assert_eq!(answers.iter().filter(|(s, _)| *s == 201).count(), 1, "{answers:?}");
        assert!(answers.iter().all(|(s, t)| (*s == 200 || *s == 201) && !t.contains("UNIQUE")), "{answers:?}");
    }
}

/// Finding 9: silent and half-open connections were never closed and nothing bounded their
/// number. Here a request head must come within a second and three connections are served
/// at once: silent ones are closed, and a real request gets through after them.
#[tokio::test]
async fn silent_connections_are_closed_and_bounded() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::start_configured(|c| {
        c.header_read_timeout = std::time::Duration::from_secs(1);
        c.max_connections = 3;
    });
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut silent = Vec::new();
    for i in 0..3 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        if i == 0 {
            // Half a request head, then nothing.
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        }
        silent.push(s);
    }
    let started = std::time::Instant::now();
    // All slots are taken: this request waits until the silent ones are closed.
    healthy(&app).await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(500), "{:?}", started.elapsed());
    for mut s in silent {
        let mut buf = [0u8; 256];
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf)).await;
        assert!(matches!(n, Ok(Ok(_)) | Ok(Err(_))), "closed within the timeout");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// Finding 13: numbers that mislead. In the demo the last month's reports had no submission
/// time ("on time 0 (0%)" while most had reported); twelve-month spans showed the same
/// comparison twice; the month that has just begun was scored red on the library page.
#[tokio::test]
async fn numbers_do_not_mislead() {
    let app = TestApp::start_with_demo(env!("CARGO_BIN_EXE_lentera"));
    let admin = app.token("admin");
    let (_, last) = get_json(&client(), &app.url("/api/v1/completeness"), &admin).await;
    let (reported, on_time) = (last["reported"].as_i64().unwrap(), last["on_time"].as_i64().unwrap());
    assert!(reported > 0 && on_time > 0, "{last}");

    let c = lentera_test_support::client();
    let page = c.get(app.url("/masuk")).send().await.unwrap().text().await.unwrap();
    let form = [
        ("_csrf", lentera_test_support::csrf_of(&page)),
        ("username", "admin".into()),
        ("password", "lentera-demo-2026".into()),
    ];
    assert_eq!(c.post(app.url("/masuk")).form(&form).send().await.unwrap().status(), 303);
    // The default span is the last twelve months: one comparison column, not two equal ones.
    let dash = c.get(app.url("/dasbor")).send().await.unwrap().text().await.unwrap();
    assert!(dash.contains("vs 12 bulan sebelumnya") && !dash.contains("vs tahun lalu"), "{dash}");
    let all = c.get(app.url("/indikator")).send().await.unwrap().text().await.unwrap();
    assert!(all.contains("vs 12 bulan sebelumnya") && !all.contains("vs tahun lalu"));
    // A quarter keeps both.
    let year = c.get(app.url("/dasbor?periode=2024-Q2")).send().await.unwrap().text().await.unwrap();
    assert!(year.contains("vs periode sebelumnya") && year.contains("vs tahun lalu"));

    // A programme library's page: this month is in progress, not red.
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    let lib: i64 = db
        .query_row("SELECT id FROM libraries WHERE programme_tier IS NOT NULL ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let page = c.get(app.url(&format!("/perpustakaan/{lib}"))).send().await.unwrap().text().await.unwrap();
    let strip = &page[page.find("id=\"kpi-bulanan\"").expect("KPI strip")..];
    let strip = &strip[..strip.find("</ul>").unwrap()];
    let newest = &strip[strip.rfind("<li").unwrap()..];
    assert!(newest.contains("Berjalan") && !newest.contains("Merah"), "{newest}");
}

/// The error policy: a database's own text never reaches a client. A trigger makes the
/// database refuse a write with its own message, once as a failed check and once as a
/// unique-constraint violation.
#[tokio::test]
async fn database_text_never_reaches_a_client() {
    let app = TestApp::start(true);
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    db.execute_batch(
        "CREATE TRIGGER refuse BEFORE INSERT ON activities WHEN NEW.title = 'Tolak'
         BEGIN SELECT RAISE(ABORT, 'rahasia basis data: activities.title'); END;
         CREATE TRIGGER collide BEFORE INSERT ON activities WHEN NEW.title = 'Tabrak'
         BEGIN INSERT INTO users (username, full_name, search_name, role, scope_kind, password_hash, active, created_at, updated_at)
               SELECT username, full_name, search_name, role, scope_kind, password_hash, active, created_at, updated_at
               FROM users LIMIT 1; END;",
    )
    .unwrap();
    let token = app.token("manager_a");
    for (title, status) in [("Tolak", 500), ("Tabrak", 409)] {
        let body = serde_json::json!({
            "library_id": app.libs["a"].id, "title": title, "start_date": "2026-10-14", "category_id": 1,
            "participants": {"male": 1, "female": 1, "adults": 2}
        });
        let r = client().post(app.url("/api/v1/activities")).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{title}");
        let text = r.text().await.unwrap();
        for db_text in ["rahasia", "UNIQUE", "constraint", "users.", "activities."] {
            assert!(!text.contains(db_text), "{db_text} in {text}");
        }
    }
}
