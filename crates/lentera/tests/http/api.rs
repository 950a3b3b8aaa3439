//! The JSON API: regions, validation and error objects, tokens, the OpenAPI document.

use serde_json::{Value, json};

use lentera_test_support::{TestApp, app, client, get_json};

#[tokio::test]
async fn health_and_openapi() {
    let app = app();
    let c = client();
    assert_eq!(c.get(app.url("/healthz")).send().await.unwrap().status(), 200);
    let doc: Value = c.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/regions/{code}/children",
        "/api/v1/regions/search",
        "/api/v1/libraries",
        "/api/v1/libraries/{id}",
        "/api/v1/libraries/{id}/ktak/{year}",
        "/api/v1/libraries/import",
        "/api/v1/libraries/export",
        "/api/v1/users",
        "/api/v1/tokens/{id}",
        "/api/v1/audit",
    ] {
        assert!(paths.contains_key(p), "{p} documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn regions_are_public_and_complete() {
    let app = app();
    let c = client();
    let provinces: Value = c.get(app.url("/api/v1/regions")).send().await.unwrap().json().await.unwrap();
    let items = provinces["items"].as_array().unwrap();
    assert_eq!(items.len(), 38);
    let papua = items.iter().find(|p| p["code"] == "94").unwrap();
    assert_eq!(papua["time_zone"], "WIT");
    let jatim = items.iter().find(|p| p["code"] == "35").unwrap();
    assert!(jatim["library_count"].as_i64().unwrap() >= 2);
    let kids: Value = c.get(app.url("/api/v1/regions/35.07.12/children")).send().await.unwrap().json().await.unwrap();
    let kids = kids["items"].as_array().unwrap();
    assert!(kids.iter().all(|v| v["level"] == "village" && v["parent_code"] == "35.07.12"));
    assert!(kids.iter().any(|v| v["code"] == "35.07.12.2001" && v["library_count"].as_i64().unwrap() >= 1));
    let hit: Value = c.get(app.url("/api/v1/regions/search?q=REGAPU%27U")).send().await.unwrap().json().await.unwrap();
    assert_eq!(hit["items"][0]["name"], "Regapu’u");
    let r = c.get(app.url("/api/v1/regions/99")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "not_found");
    assert_eq!(c.get(app.url("/api/v1/regions/search?q=a")).send().await.unwrap().status(), 422);
    let none: Value = c.get(app.url("/api/v1/regions/search?q=%21%21")).send().await.unwrap().json().await.unwrap();
    assert_eq!(none["items"].as_array().unwrap().len(), 0, "punctuation only matches nothing");
    assert_eq!(c.get(app.url("/api/v1/regions/search?q=bali&limit=51")).send().await.unwrap().status(), 422);
    assert_eq!(c.get(app.url("/api/v1/regions/search?q=bali&level=planet")).send().await.unwrap().status(), 400);
    let kel: Value = c.get(app.url("/api/v1/regions/35.78.01.1001")).send().await.unwrap().json().await.unwrap();
    assert_eq!(kel["kind"], "kelurahan");
}

#[tokio::test]
async fn bad_input_gets_field_errors_and_writes_nothing() {
    // Its own app: it counts libraries, which other tests create concurrently.
    let app = &TestApp::start(true);
    let c = client();
    let t = app.token("admin");
    let count = |v: Value| v["total"].as_i64().unwrap();
    let before = count(get_json(&c, &app.url("/api/v1/libraries?per_page=1"), &t).await.1);
    let bad = json!({"name": " ", "library_type": "kapal", "region_code": "35.07.99.9999", "email": "bukan-email", "programme": {"year": 2010, "tier": "penuh"}});
    let r = c.post(app.url("/api/v1/libraries")).bearer_auth(&t).json(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    let fields: Vec<&str> =
        e["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["name", "library_type", "email", "programme_year"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    // A well-formed code that is not in the official list.
    let unknown = json!({"name": "X", "library_type": "tbm", "region_code": "35.07.99.9999"});
    let r = c.post(app.url("/api/v1/libraries")).bearer_auth(&t).json(&unknown).send().await.unwrap();
    assert_eq!(r.status(), 422);
    // Malformed JSON, wrong types, wrong content type: 400 with the same error shape.
    for (body, ct) in
        [("{not json", "application/json"), ("{\"name\": 5}", "application/json"), ("name=x", "text/plain")]
    {
        let r = c
            .post(app.url("/api/v1/libraries"))
            .bearer_auth(&t)
            .header("content-type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{body}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], "bad_request");
    }
    // Whole numbers may come as 1990.0; an empty status is not a status.
    let ok = json!({"name": "TBM Angka", "library_type": "tbm", "region_code": "35.07", "founded_year": 1990.0, "programme": {"year": 2024.0, "tier": "buku"}});
    let r = c.post(app.url("/api/v1/libraries")).bearer_auth(&t).json(&ok).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    assert_eq!((created["founded_year"].as_i64(), created["programme"]["tier"].as_str()), (Some(1990), Some("buku")));
    let blank = json!({"name": "X", "library_type": "tbm", "region_code": "35.07", "status": ""});
    assert_eq!(c.post(app.url("/api/v1/libraries")).bearer_auth(&t).json(&blank).send().await.unwrap().status(), 422);
    let del = c.delete(app.url(&format!("/api/v1/libraries/{}", created["id"]))).bearer_auth(&t).send().await.unwrap();
    assert_eq!(del.status(), 204);
    // Bad query values.
    assert_eq!(get_json(&c, &app.url("/api/v1/libraries?page="), &t).await.0, 400);
    assert_eq!(get_json(&c, &app.url("/api/v1/libraries?per_page=201"), &t).await.0, 422);
    assert_eq!(get_json(&c, &app.url("/api/v1/libraries?in_programme=maybe"), &t).await.0, 422);
    assert_eq!(get_json(&c, &app.url("/api/v1/libraries?page=abc"), &t).await.0, 422);
    assert_eq!(get_json(&c, &app.url("/api/v1/libraries?type=kapal"), &t).await.0, 422);
    assert_eq!(get_json(&c, &app.url("/api/v1/libraries/abc"), &t).await.0, 404);
    assert_eq!(get_json(&c, &app.url("/api/v1/libraries/99999999999999999999"), &t).await.0, 404);
    // KTAK: negative counts refused.
    let a = app.libs["a"].id;
    let r = c
        .put(app.url(&format!("/api/v1/libraries/{a}/ktak/2024")))
        .bearer_auth(&t)
        .json(&json!({"members": -3}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(count(get_json(&c, &app.url("/api/v1/libraries?per_page=1"), &t).await.1), before);
    // An NPP already in use is a conflict, named by field.
    let first = json!({"name": "Punya NPP", "library_type": "tbm", "region_code": "35.07", "npp": "UJI-NPP-1"});
    let r = c.post(app.url("/api/v1/libraries")).bearer_auth(&t).json(&first).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let first_id = r.json::<Value>().await.unwrap()["id"].clone();
    let r = c.post(app.url("/api/v1/libraries")).bearer_auth(&t).json(&first).send().await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["fields"][0]["field"], "npp");
    c.delete(app.url(&format!("/api/v1/libraries/{first_id}"))).bearer_auth(&t).send().await.unwrap();
    // A stale version is a conflict.
    let url = app.url(&format!("/api/v1/libraries/{}", app.libs["c"].id));
    let stale = json!({"name": "X", "library_type": "umum_desa", "region_code": "52.01.01.2002", "version": 0});
    assert_eq!(c.put(&url).bearer_auth(&t).json(&stale).send().await.unwrap().status(), 409);
}

#[tokio::test]
async fn tokens_authenticate_until_revoked() {
    let app = app();
    let c = client();
    assert_eq!(get_json(&c, &app.url("/api/v1/me"), "nonsense").await.0, 401);
    let r = c.get(app.url("/api/v1/libraries")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    let t = app.token("trainer");
    let r = c.post(app.url("/api/v1/tokens")).bearer_auth(&t).json(&json!({"name": "skrip"})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let new: Value = r.json().await.unwrap();
    let secret = new["secret"].as_str().unwrap().to_string();
    let (status, me) = get_json(&c, &app.url("/api/v1/me"), &secret).await;
    assert_eq!((status, me["username"].as_str()), (200, Some("trainer")));
    let (_, list) = get_json(&c, &app.url("/api/v1/tokens"), &secret).await;
    assert!(list["items"].as_array().unwrap().iter().any(|x| x["id"] == new["id"]));
    // Someone else cannot revoke it; its owner can.
    let other = app.token("viewer35");
    let url = app.url(&format!("/api/v1/tokens/{}", new["id"]));
    assert_eq!(c.delete(&url).bearer_auth(&other).send().await.unwrap().status(), 404);
    assert_eq!(c.delete(&url).bearer_auth(&t).send().await.unwrap().status(), 204);
    assert_eq!(get_json(&c, &app.url("/api/v1/me"), &secret).await.0, 401);
}

#[tokio::test]
async fn audit_records_before_and_after() {
    let app = TestApp::start(true);
    let c = client();
    let t = app.token("prov35");
    let url = app.url(&format!("/api/v1/libraries/{}", app.libs["b"].id));
    let (_, lib) = get_json(&c, &url, &t).await;
    let body = json!({"name": "Perpustakaan Kelurahan Baru", "library_type": "umum_desa", "region_code": "35.78.01.1001", "version": lib["version"], "phone": "0812 3456 7890"});
    // Without a version the update is refused as malformed.
    let mut no_version = body.clone();
    no_version.as_object_mut().unwrap().remove("version");
    assert_eq!(c.put(&url).bearer_auth(&t).json(&no_version).send().await.unwrap().status(), 400);
    assert_eq!(c.put(&url).bearer_auth(&t).json(&body).send().await.unwrap().status(), 200);
    let (_, audit) = get_json(
        &c,
        &app.url(&format!("/api/v1/audit?entity=library&entity_id={}", app.libs["b"].id)),
        &app.token("admin"),
    )
    .await;
    let e = &audit["items"][0];
    assert_eq!(e["actor_name"], "prov35");
    assert_eq!(e["action"], "update");
    assert_eq!(e["before"]["name"], "Perpustakaan Kelurahan Surabaya Uji");
    assert_eq!(e["after"]["name"], "Perpustakaan Kelurahan Baru");
    assert_eq!(e["after"]["phone"], "0812 3456 7890");
}

#[tokio::test]
async fn garbage_never_causes_a_server_error() {
    let app = app();
    let c = client();
    let t = app.token("admin");
    let paths = [
        "/api/v1/regions/%00",
        "/api/v1/regions/35.07.12.2001.1/children",
        "/api/v1/libraries?per_page=-5&page=0",
        "/api/v1/libraries?region=%27%3B--",
        "/api/v1/libraries?q=%25%25%25_",
        "/api/v1/users/0",
        "/api/v1/audit?entity_id=x",
        "/api/v1/regions/search?q=%25_%25",
        "/api/v1/nothing",
        "/perpustakaan?page=999999",
        "/wilayah/xx",
        "/wilayah/cari?q=%00%00",
        "/perpustakaan/-1",
        "/pengguna/abc",
    ];
    for p in paths {
        let r = c.get(app.url(p)).bearer_auth(&t).send().await.unwrap();
        assert!(r.status().as_u16() < 500, "{p}: {}", r.status());
    }
}

#[tokio::test]
async fn equipment_is_recorded_and_monitored_within_scope() {
    let app = TestApp::start(true);
    let c = client();
    let a = app.libs["a"].id;
    let url = app.url(&format!("/api/v1/libraries/{a}/equipment"));
    let coord = app.token("reg3507");
    let pc = json!({"item": "komputer", "quantity": 3, "year_received": 2023, "source": "TPBIS 2023", "condition": "baik", "in_use": true});
    let r = c.post(&url).bearer_auth(&coord).json(&pc).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    // The manager records that one stopped working; the audit keeps before and after.
    let manager = app.token("manager_a");
    let broken = json!({"item": "komputer", "quantity": 3, "year_received": 2023, "source": "TPBIS 2023", "condition": "rusak", "in_use": false});
    let item_url = format!("{url}/{}", created["id"]);
    let r = c.put(&item_url).bearer_auth(&manager).json(&broken).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let (_, list) = get_json(&c, &url, &manager).await;
    assert_eq!(list["items"][0]["condition"], "rusak");
    assert_eq!(list["items"][0]["in_use"], false);
    let (_, audit) = get_json(&c, &app.url("/api/v1/audit?entity=library_equipment"), &app.token("admin")).await;
    assert_eq!(audit["items"][0]["before"]["condition"], "baik");
    assert_eq!(audit["items"][0]["after"]["condition"], "rusak");
    // Out of scope looks missing; read-only roles cannot write; bad input is a field error.
    let b_url = app.url(&format!("/api/v1/libraries/{}/equipment", app.libs["b"].id));
    assert_eq!(c.post(&b_url).bearer_auth(&coord).json(&pc).send().await.unwrap().status(), 404);
    assert_eq!(c.post(&url).bearer_auth(app.token("viewer35")).json(&pc).send().await.unwrap().status(), 403);
    let bad = json!({"item": "kapal", "quantity": 0, "condition": "baik", "in_use": true});
    let r = c.post(&url).bearer_auth(&coord).json(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["fields"].as_array().unwrap().len(), 2);
    assert_eq!(c.delete(&item_url).bearer_auth(&manager).send().await.unwrap().status(), 204);
    assert_eq!(get_json(&c, &url, &manager).await.1["items"].as_array().unwrap().len(), 0);
}
