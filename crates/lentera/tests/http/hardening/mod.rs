//! Regression tests for what a hostile or unlucky input did before the hardening work
//! (issue 11): each test names its finding and failed on the code before the fix.

mod files;
mod people;
mod proxy;
mod slow;
mod web;

use serde_json::Value;

use lentera_test_support::{TestApp, client};

pub async fn post_import(app: &TestApp, token: &str, body: Vec<u8>) -> (u16, Value) {
    let r = client().post(app.url("/api/v1/activities/import")).bearer_auth(token).body(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub async fn healthy(app: &TestApp) {
    assert_eq!(client().get(app.url("/healthz")).send().await.unwrap().status(), 200);
}

pub fn first_message(e: &Value) -> String {
    e["error"]["fields"][0]["message"].as_str().unwrap_or_default().to_string()
}

/// Creates an event through the API; returns its id.
pub async fn new_event(app: &TestApp, token: &str, body: &Value) -> i64 {
    let r = client().post(app.url("/api/v1/events")).bearer_auth(token).json(body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// Nominates someone for an event through the API; returns the answer's status and body.
pub async fn nominate(app: &TestApp, token: &str, event: i64, body: &Value) -> (u16, Value) {
    let url = app.url(&format!("/api/v1/events/{event}/registrations"));
    let r = client().post(url).bearer_auth(token).json(body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}
