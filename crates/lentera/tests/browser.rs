//! Runs the browser flows in headless Chromium (tests/browser, driven by playwright-core)
//! against the real binary. Needs `node`, Debian's `chromium` and `npm ci` in tests/browser
//! (`.ci/run` installs them). Set LENTERA_SKIP_BROWSER=1 to skip on a machine without them.

use std::path::Path;
use std::process::Command;

#[test]
fn browser_smoke_in_headless_chromium() {
    if std::env::var("LENTERA_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("LENTERA_SKIP_BROWSER=1: browser flows skipped");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").exists(),
        "run `npm ci --prefix tests/browser` and `apt-get install chromium` (or .ci/run) first, or set LENTERA_SKIP_BROWSER=1"
    );
    let out = Command::new("node")
        .arg("--test")
        .arg("smoke.test.mjs")
        .current_dir(&dir)
        .env("LENTERA_BIN", env!("CARGO_BIN_EXE_lentera"))
        .output()
        .expect("node is installed");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "browser flows failed:\n{text}");
    assert!(text.contains("# pass 5") && text.contains("# fail 0"), "the browser tests ran:\n{text}");
}
