//! Fuzzes the JSON API against its own OpenAPI document with schemathesis: no server errors,
//! only documented status codes, content types and response shapes, and schema-violating
//! requests refused. `.ci/run` installs schemathesis from PyPI; set LENTERA_SKIP_FUZZ=1 to
//! skip on a machine without it.
//!
//! The positive-data check is left out on purpose: some schema-valid requests are refused by
//! rules the schema cannot state (a region code missing from the official list, a scope that
//! does not fit the role), and those answer a documented 422.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn api_conforms_to_its_openapi_document() {
    if std::env::var("LENTERA_SKIP_FUZZ").is_ok_and(|v| v == "1") {
        eprintln!("LENTERA_SKIP_FUZZ=1: OpenAPI fuzzing skipped");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lentera");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let demo = Command::new(bin).args(["demo", "--scale", "small", "--data-dir", data]).output().unwrap();
    assert!(demo.status.success());
    let token = Command::new(bin).args(["user", "token", "--username", "admin", "--data-dir", data]).output().unwrap();
    let token = String::from_utf8(token.stdout).unwrap().trim().to_string();
    let mut server = Command::new(bin)
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir", data])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let first = BufReader::new(server.stdout.take().unwrap()).lines().next().unwrap().unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_end_matches('/').to_string();
    let out = Command::new("schemathesis")
        .args(["run", &format!("{url}/api/v1/openapi.json"), "--url", &url])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .args(["--max-examples", "15", "--seed", "42", "--no-color"])
        .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,negative_data_rejection"])
        // Revoking its own token would leave the rest of the run unauthenticated.
        .args(["--exclude-path", "/api/v1/tokens/{id}"])
        .output();
    server.kill().unwrap();
    let _ = server.wait();
    let out = out.expect("schemathesis is installed (pip install schemathesis), or set LENTERA_SKIP_FUZZ=1");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "schemathesis found problems:\n{text}");
    assert!(text.contains("passed"), "schemathesis ran tests:\n{text}");
}
