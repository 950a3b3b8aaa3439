//! Behind a proxy (issue 14): absolute links came from the request's `Host` header, so a
//! certificate or brief fetched through another address (or with a forged header) pointed
//! there for good; and the sign-in throttle could not tell clients apart behind a proxy.

use lentera_test_support::{TestApp, client, csrf_of};

/// The brief page's share link, fetched with a forged `Host` header.
async fn og_url(app: &TestApp) -> String {
    let page = client()
        .get(app.url(&format!("/ringkasan/{}", app.libs["a"].id)))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    page.split("property=\"og:url\" content=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn links_use_the_public_url_never_the_host_header() {
    let app = TestApp::start(true);
    let url = og_url(&app).await;
    assert!(url.starts_with(&app.url("/ringkasan/")), "the address the server listens on: {url}");
    let app = TestApp::start_configured(|c| c.public_url = Some("https://lentera.example.go.id".into()));
    let url = og_url(&app).await;
    assert!(url.starts_with("https://lentera.example.go.id/ringkasan/"), "{url}");
}

/// One wrong password for `manager_a`, sent through `from` (as the proxy would add it).
async fn wrong_password(app: &TestApp, from: &str) -> u16 {
    let c = client();
    let page = c.get(app.url("/masuk")).send().await.unwrap().text().await.unwrap();
    let form = [("_csrf", csrf_of(&page)), ("username", "manager_a".into()), ("password", "salah".into())];
    let r = c
        .post(app.url("/masuk"))
        .header("x-forwarded-for", format!("198.51.100.1, {from}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    r.status().as_u16()
}

/// Five failures from one client, then one from `other`: its status.
async fn after_five_failures(app: &TestApp, other: &str) -> u16 {
    for _ in 0..5 {
        assert_eq!(wrong_password(app, "203.0.113.7").await, 401);
    }
    wrong_password(app, other).await
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client_and_no_one_else_does() {
    // Without a trusted proxy the header is ignored: every attempt is the same client.
    let app = TestApp::start(true);
    assert_eq!(after_five_failures(&app, "203.0.113.8").await, 429);
    // From a trusted proxy another client has its own allowance; the first is throttled.
    let app = TestApp::start_configured(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]);
    assert_eq!(after_five_failures(&app, "203.0.113.8").await, 401);
    assert_eq!(wrong_password(&app, "203.0.113.7").await, 429);
}
