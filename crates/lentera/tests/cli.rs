//! The `lentera` command line, run as a real process against a temporary data directory.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};

fn lentera(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lentera"));
    cmd.arg("--data-dir").arg(dir).args(args).env_remove("LENTERA_BIND").env_remove("LENTERA_DATA_DIR");
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn migrate_users_tokens_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = lentera(d, &["user", "list"], None);
    assert!(!o.status.success());
    assert!(text(&o).contains("no database"), "{}", text(&o));
    let o = lentera(d, &["migrate"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("regions loaded: 91599"));
    let o = lentera(
        d,
        &["user", "create", "--username", "kepala", "--role", "national_admin", "--password-stdin"],
        Some("kata-sandi-kuat-1\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = lentera(
        d,
        &["user", "create", "--username", "lemah", "--role", "viewer", "--password-stdin"],
        Some("pendek\n"),
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("Kata sandi minimal 10 karakter"), "{}", text(&o));
    let o = lentera(
        d,
        &[
            "user",
            "create",
            "--username",
            "salah",
            "--role",
            "regency_coordinator",
            "--scope",
            "35",
            "--password-stdin",
        ],
        Some("kata-sandi-kuat-1"),
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("scope"), "{}", text(&o));
    let o = lentera(d, &["user", "token", "--username", "kepala"], None);
    assert!(o.status.success());
    let token = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(token.starts_with("lnt_") && token.len() == 68, "{token}");
    let (store, _) = lentera_store::SqliteStore::open(d).unwrap();
    let env = lentera_core::services::Env::new(std::sync::Arc::new(store));
    let user = lentera_core::services::accounts::user_by_token(&env, &token).unwrap().unwrap();
    assert_eq!(user.username, "kepala");
    let o = lentera(d, &["user", "list"], None);
    assert!(text(&o).contains("kepala\tnational_admin\tnation\tactive"));
    let o = lentera(d, &["check"], None);
    assert!(o.status.success() && text(&o).contains("ok"), "{}", text(&o));
    let copy = d.join("cadangan.db");
    let o = lentera(d, &["backup", "--out", copy.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::metadata(&copy).unwrap().len() > 1_000_000);
    let o = lentera(d, &["backup", "--out", copy.to_str().unwrap()], None);
    assert!(!o.status.success(), "never overwrites");
}

#[test]
fn demo_export_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = lentera(d, &["demo", "--scale", "small", "--seed", "7"], None);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    for u in ["admin", "koordinator.provinsi", "koordinator.kabupaten", "pengelola", "pelatih", "pemantau"] {
        assert!(out.contains(u), "{u} in {out}");
    }
    let o = lentera(d, &["demo", "--scale", "small"], None);
    assert!(text(&o).contains("nothing generated"));
    let csv = d.join("semua.csv");
    // A manager can be scoped by the library's NPP.
    let (store, _) = lentera_store::SqliteStore::open(d).unwrap();
    let npp = lentera_core::store::LibraryStore::list_libraries(
        &store,
        &lentera_core::library::LibraryFilter { in_programme: true, ..Default::default() },
        lentera_core::library::PageRequest::new(None, Some(1)),
    )
    .unwrap()
    .items[0]
        .npp
        .clone()
        .unwrap();
    drop(store);
    let o = lentera(
        d,
        &[
            "user",
            "create",
            "--username",
            "pengelola2",
            "--role",
            "library_manager",
            "--scope",
            &format!("npp:{npp}"),
            "--password-stdin",
        ],
        Some("kata-sandi-kuat-2"),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("scope library:"), "{}", text(&o));
    let o = lentera(d, &["export", "libraries", "--out", csv.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    let all = std::fs::read_to_string(&csv).unwrap();
    let lines = all.lines().count();
    assert!(lines > 200, "{lines} lines");
    assert!(all.starts_with("\u{feff}nama,jenis,status,npp,kode_wilayah"));
    // The regency coordinator's export holds only their regency.
    let o = lentera(d, &["export", "libraries", "--as", "koordinator.kabupaten"], None);
    let theirs = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(theirs.lines().count() > 1 && theirs.lines().count() < lines);
    // Importing a file with one bad row writes nothing and names the row.
    let bad = d.join("bad.csv");
    std::fs::write(&bad, "nama,jenis,kode_wilayah\nBaik,tbm,35.07.12.2001\nBuruk,tbm,99.99.99.9999\n").unwrap();
    let o = lentera(d, &["import", "libraries", bad.to_str().unwrap()], None);
    assert!(!o.status.success());
    assert!(text(&o).contains("row 3: region_code"), "{}", text(&o));
    let o = lentera(d, &["import", "libraries", bad.to_str().unwrap(), "--mode", "valid"], None);
    assert!(text(&o).contains("1 imported"), "{}", text(&o));
    let o = lentera(d, &["export", "libraries"], None);
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), lines + 1);
}

#[test]
fn config_order_and_serve() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("baru");
    let o = Command::new(env!("CARGO_BIN_EXE_lentera"))
        .args(["config"])
        .env("LENTERA_BIND", "0.0.0.0:9999")
        .output()
        .unwrap();
    let cfg = String::from_utf8_lossy(&o.stdout);
    assert!(cfg.contains("bind = \"0.0.0.0:9999\"") && cfg.contains("data_dir = \"lentera-data\""), "{cfg}");
    let o = Command::new(env!("CARGO_BIN_EXE_lentera"))
        .args(["config", "--files-dir", "/srv/berkas"])
        .env("LENTERA_PUBLIC_URL", "https://lentera.example.go.id/")
        .output()
        .unwrap();
    let cfg = String::from_utf8_lossy(&o.stdout);
    assert!(
        cfg.contains("files_dir = \"/srv/berkas\"") && cfg.contains("public_url = \"https://lentera.example.go.id\""),
        "{cfg}"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_lentera"))
        .args(["config"])
        .env("LENTERA_PUBLIC_URL", "lentera.example.go.id")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a public URL without its scheme is refused");
    let o =
        Command::new(env!("CARGO_BIN_EXE_lentera")).args(["config", "--config", "/tidak/ada.toml"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    // A fresh data directory: serve creates it, prints the URL and a setup link.
    let mut child = Command::new(env!("CARGO_BIN_EXE_lentera"))
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(&d)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_string();
    let _ = lines.next();
    let setup = lines.next().unwrap().unwrap();
    assert!(setup.trim().starts_with(&format!("{url}setup/")), "{setup}");
    let health = Command::new("curl").args(["-s", &format!("{url}healthz")]).output();
    // curl is on every CI machine, but do not depend on it: fall back to a raw request.
    let ok = match health {
        Ok(o) => String::from_utf8_lossy(&o.stdout) == "ok",
        Err(_) => {
            use std::io::Read;
            let mut s = std::net::TcpStream::connect(url.trim_start_matches("http://").trim_end_matches('/')).unwrap();
            s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").unwrap();
            let mut buf = String::new();
            s.read_to_string(&mut buf).unwrap();
            buf.ends_with("ok")
        }
    };
    child.kill().unwrap();
    let _ = child.wait();
    assert!(ok);
    assert!(d.join("lentera.db").exists());
}

/// Finding 12 of the hardening issue: the README's test command stopped at the first suite
/// needing set-up on a fresh clone. The command a newcomer copies is the one CI runs, and it
/// does its own set-up before running every suite.
#[test]
fn the_readme_test_command_is_what_ci_runs_and_sets_itself_up() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let block = &readme[readme.find("```sh").unwrap() + 5..];
    let block = &block[..block.find("```").unwrap()];
    let commands: Vec<&str> =
        block.lines().map(|l| l.split('#').next().unwrap().trim()).filter(|l| !l.is_empty()).collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    let test_command = commands[1];
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == test_command), "CI runs `{test_command}`:\n{ci}");
    let script = std::fs::read_to_string(root.join(test_command)).unwrap();
    for setup in
        ["npm ci --prefix tests/browser", "schemathesis", "apt-get install", "cargo deny", "cargo test --workspace"]
    {
        assert!(script.contains(setup), "{test_command} does `{setup}`");
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(root.join(test_command)).unwrap().permissions().mode();
    assert!(mode & 0o111 != 0, "{test_command} is executable");
}

/// Each request leaves one log line with its method, route template, status and latency —
/// never its path or query, which can hold names.
#[test]
fn requests_are_logged_by_route_without_personal_data() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lentera"))
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("LENTERA_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader stays open: the server prints more (the setup link) after the address.
    let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = out.next().unwrap().unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).unwrap();
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    for path in ["/orang/12?q=Siti%20Rahasia", "/healthz"] {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.write_all(format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes()).unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    child.kill().unwrap();
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    let _ = child.wait();
    assert!(log.contains("route=/orang/{id}") && log.contains("status=303"), "{log}");
    assert!(log.contains("route=/healthz") && log.contains("status=200"), "{log}");
    assert!(!log.contains("Rahasia") && !log.contains("/orang/12"), "{log}");
}
