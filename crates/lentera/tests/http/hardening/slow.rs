//! Slow links (issue 15): every request was cut at 60 s, so a 445 KB photo never arrived over
//! 2G, and the visitor saw the browser's bare "HTTP ERROR 408". Uploads now have longer, and
//! a request that runs out of time answers in the visitor's language (page or JSON).

use std::time::Duration;

use lentera_test_support::TestApp;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends a request whose body trickles in two halves, `pause` apart; returns the response.
async fn trickle(app: &TestApp, head: &str, body: &[u8], pause: Duration) -> String {
    let addr = app.base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!("{head}Host: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    s.write_all(head.as_bytes()).await.unwrap();
    let (first, rest) = body.split_at(body.len() / 2);
    s.write_all(first).await.unwrap();
    tokio::time::sleep(pause).await;
    let _ = s.write_all(rest).await;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

fn jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 3) as u8, (y * 5) as u8, 90]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap();
    out
}

#[tokio::test]
async fn uploads_get_longer_and_a_timeout_says_so() {
    let app = TestApp::start_configured(|c| {
        c.request_time = Duration::from_millis(500);
        c.upload_time = Duration::from_secs(10);
    });
    let token = app.token("manager_a");
    let body = serde_json::json!({
        "library_id": app.libs["a"].id, "title": "Kelas menjahit", "start_date": "2026-03-10", "category_id": 1,
        "participants": {"male": 2, "female": 8, "adults": 10}
    })
    .to_string();
    // A report sent slowly runs out of the request's time: JSON that says so.
    let head = format!(
        "POST /api/v1/activities HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n"
    );
    let slow = trickle(&app, &head, body.as_bytes(), Duration::from_millis(1500)).await;
    assert!(slow.starts_with("HTTP/1.1 408") && slow.contains("\"code\":\"timeout\""), "{slow}");
    // Sent at once it is created; a photo trickling in for as long still arrives.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/activities"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let head = format!(
        "POST /api/v1/activities/{id}/photos HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Type: image/jpeg\r\n"
    );
    let photo = trickle(&app, &head, &jpeg(), Duration::from_millis(1500)).await;
    assert!(photo.starts_with("HTTP/1.1 201"), "{photo}");
    // A page that runs out of time says so in Indonesian, not the browser's bare 408.
    let page = trickle(
        &app,
        "POST /masuk HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n",
        b"username=manager_a&password=salah",
        Duration::from_millis(1500),
    )
    .await;
    assert!(page.starts_with("HTTP/1.1 408") && page.contains("Waktu habis"), "{page}");
}
