//! `TestApp`: a running Lentera on port 0 with a temporary database and a fixed cast of
//! users and libraries, shared by the tests that only read or that create their own data.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use lentera_core::access::Actor;
use lentera_core::clock::{Clock, SystemClock};
use lentera_core::library::{Library, LibraryInput};
use lentera_core::services::{Env, accounts, libraries};
use lentera_core::user::NewUserInput;
use lentera_store::SqliteStore;
use lentera_web::{AppState, WebConfig};

pub const PASSWORD: &str = "kata-sandi-uji-123";

pub struct TestApp {
    pub base: String,
    pub store: Arc<SqliteStore>,
    /// The services over `store`, as the server runs them.
    pub env: Env,
    /// Fixture libraries by short name: a (35.07), b (35.78, same province), c (52, elsewhere).
    pub libs: HashMap<&'static str, Library>,
    _dir: tempfile::TempDir,
}

/// The fixed cast: username → (role, scope).
pub const USERS: [(&str, &str, &str); 6] = [
    ("admin", "national_admin", "nation"),
    ("prov35", "province_coordinator", "35"),
    ("reg3507", "regency_coordinator", "35.07"),
    ("manager_a", "library_manager", "LIB_A"),
    ("trainer", "trainer", "nation"),
    ("viewer35", "viewer", "35"),
];

pub fn lib_input(name: &str, region: &str) -> LibraryInput {
    LibraryInput {
        name: name.into(),
        library_type: "umum_desa".into(),
        status: "aktif".into(),
        region_code: region.into(),
        ..Default::default()
    }
}

impl TestApp {
    /// A new app with its own database; `with_cast` adds the fixed users and libraries.
    pub fn start(with_cast: bool) -> TestApp {
        Self::start_in(tempfile::tempdir().unwrap(), with_cast)
    }

    /// A new app with the cast and a configuration changed by `change`.
    pub fn start_configured(change: impl FnOnce(&mut WebConfig)) -> TestApp {
        Self::start_in_with(tempfile::tempdir().unwrap(), true, change)
    }

    /// An app over the small demo data, made by running `lentera demo` (the binary at `bin`,
    /// e.g. `env!("CARGO_BIN_EXE_lentera")`): every kind of record in realistic numbers, for
    /// checks against independent counts.
    pub fn start_with_demo(bin: &str) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new(bin).args(["demo", "--data-dir"]).arg(dir.path()).output().unwrap();
        assert!(out.status.success(), "demo: {}", String::from_utf8_lossy(&out.stderr));
        Self::start_in(dir, false)
    }

    /// The database file, for tests that count with their own SQL.
    pub fn db_path(&self) -> std::path::PathBuf {
        self._dir.path().join("lentera.db")
    }

    fn start_in(dir: tempfile::TempDir, with_cast: bool) -> TestApp {
        Self::start_in_with(dir, with_cast, |_| {})
    }

    fn start_in_with(dir: tempfile::TempDir, with_cast: bool, change: impl FnOnce(&mut WebConfig)) -> TestApp {
        let (store, _) = SqliteStore::open(dir.path()).unwrap();
        let store = Arc::new(store);
        let env = Env::new(store.clone());
        let mut libs = HashMap::new();
        if with_cast {
            let op = Actor::operator();
            for (key, name, region) in [
                ("a", "Perpustakaan Desa Kepanjen Uji", "35.07.12.2001"),
                ("b", "Perpustakaan Kelurahan Surabaya Uji", "35.78.01.1001"),
                ("c", "Perpustakaan Desa Lombok Uji", "52.01.01.2002"),
            ] {
                libs.insert(key, libraries::create(&env, &op, &lib_input(name, region)).unwrap());
            }
            for (username, role, scope) in USERS {
                let scope = scope.replace("LIB_A", &format!("library:{}", libs["a"].id));
                let input = NewUserInput {
                    username: username.into(),
                    full_name: format!("Pengguna {username}"),
                    role: role.into(),
                    scope: Some(scope),
                    password: PASSWORD.into(),
                    ..Default::default()
                };
                accounts::create_user(&env, &op, &input).unwrap();
            }
        }
        let mut config = WebConfig { files_dir: dir.path().join("files"), ..WebConfig::default() };
        change(&mut config);
        let state = AppState::new(env.clone(), config);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                lentera_web::serve(listener, state, std::future::pending()).await.unwrap();
            });
        });
        let addr = rx.recv().unwrap();
        TestApp { base: format!("http://{addr}"), store, env, libs, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A fresh API token for one of the cast.
    pub fn token(&self, username: &str) -> String {
        use lentera_core::store::AccountStore;
        let u = self.store.user_secret(username).unwrap().unwrap().user;
        accounts::create_token(&self.env, &Actor::operator(), u.id, "test").unwrap().1
    }
}

/// The shared app with the fixed cast. Tests that change shared fixtures use their own.
pub fn app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| TestApp::start(true))
}

/// Today at a place, as the server sees it.
pub fn today(tz: lentera_core::region::TimeZone) -> time::Date {
    SystemClock.today(tz)
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The value of the first hidden `_csrf` field in a page.
pub fn csrf_of(html: &str) -> String {
    let i = html.find("name=\"_csrf\" value=\"").expect("page has a CSRF field") + 20;
    html[i..i + 64].to_string()
}

/// Signs in through the login form; returns the client (with its session cookie) and the
/// session's CSRF token.
pub async fn login(app: &TestApp, username: &str) -> (reqwest::Client, String) {
    login_with(app, username, PASSWORD).await
}

pub async fn login_with(app: &TestApp, username: &str, password: &str) -> (reqwest::Client, String) {
    let c = client();
    let page = c.get(app.url("/masuk")).send().await.unwrap().text().await.unwrap();
    let res = c
        .post(app.url("/masuk"))
        .form(&[("_csrf", csrf_of(&page).as_str()), ("username", username), ("password", password), ("lanjut", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "login as {username}");
    let home = c.get(app.url("/akun")).send().await.unwrap().text().await.unwrap();
    (c, csrf_of(&home))
}

pub async fn get_json(c: &reqwest::Client, url: &str, token: &str) -> (u16, serde_json::Value) {
    let r = c.get(url).bearer_auth(token).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// The body of a GET with a bearer token, as text.
pub async fn get_text(c: &reqwest::Client, url: &str, token: &str) -> String {
    c.get(url).bearer_auth(token).send().await.unwrap().text().await.unwrap()
}
