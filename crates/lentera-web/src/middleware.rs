//! What every response passes through: security headers, the anonymous CSRF cookie, error
//! pages rendered in the visitor's language (for errors and panics alike), and the way back
//! after signing in, and how long a request may take.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use crate::AppState;
use crate::ctx::{PRE_CSRF_COOKIE, PreCsrf, SESSION_COOKIE, lang_of};
use crate::http::error::PageErrorInfo;

/// Security headers on every response; the anonymous CSRF cookie when missing; and error
/// pages rendered in the visitor's language.
pub async fn security_headers(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let lang = lang_of(&jar);
    let existing = jar.get(PRE_CSRF_COOKIE).map(|c| c.value().to_string()).filter(|v| v.len() == 64);
    // Where to come back to after signing in, when this page turns out to need it.
    let came_for = (req.method() == axum::http::Method::GET)
        .then(|| req.uri().path_and_query().map(|p| p.as_str().to_string()))
        .flatten();
    let pre = existing.clone().unwrap_or_else(lentera_core::password::new_secret);
    req.extensions_mut().insert(PreCsrf(pre.clone()));
    let mut res = next.run(req).await;
    if let Some(info) = res.extensions().get::<PageErrorInfo>().cloned() {
        // A signed-in visitor keeps their own menu on an error page.
        let secret = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()).filter(|s| s.len() == 64);
        let idle = state.config.session_idle_secs;
        let session = match secret {
            Some(s) => {
                state.run(move |st| lentera_core::services::accounts::session(st, &s, idle)).await.ok().flatten()
            }
            None => None,
        };
        let who = session.as_ref().map(|s| (&s.user, s.csrf_token.as_str()));
        res = crate::html::error_page(lang, info, who).into_response();
    }
    if res.headers().get(header::LOCATION).is_some_and(|l| l == "/masuk")
        && let Some(to) = came_for.filter(|p| p != "/" && !p.starts_with("/masuk"))
        && let Ok(v) = HeaderValue::from_str(&format!("/masuk?lanjut={}", crate::html::urlencode(&to)))
    {
        res.headers_mut().insert(header::LOCATION, v);
    }
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    );
    // Pages and API answers may hold personal data (people, registrations, follow-up
    // lists): no browser or proxy keeps them, unless a handler chose otherwise (assets,
    // photos for their own viewer).
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.config.secure_cookies {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    if existing.is_none() {
        let c = Cookie::build((PRE_CSRF_COOKIE, pre)).path("/").http_only(true).same_site(SameSite::Strict).build();
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            h.append(header::SET_COOKIE, v);
        }
    }
    res
}

/// How long a request may take: a minute, but ten for uploads (a 2 MB photo over a 2G link
/// of 50 kbit/s up takes five). Past it the visitor gets a page (or JSON) in their language
/// saying so, never the browser's bare "408".
pub async fn time_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let upload = req.method() == axum::http::Method::POST
        && req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| {
            t.starts_with("multipart/form-data") || t.starts_with("image/") || t.starts_with("application/octet-stream")
        });
    let limit = if upload { state.config.upload_time } else { state.config.request_time };
    let api = req.uri().path().starts_with("/api/");
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let (id, en) = (
                "Waktu permintaan habis; sambungan terlalu lambat. Coba lagi, atau kirim foto yang lebih kecil.",
                "The request took too long; the connection is too slow. Try again, or send a smaller photo.",
            );
            if api {
                let body =
                    serde_json::json!({"error": {"code": "timeout", "message": id, "message_en": en, "fields": []}});
                return (StatusCode::REQUEST_TIMEOUT, axum::Json(body)).into_response();
            }
            let info = PageErrorInfo { status: StatusCode::REQUEST_TIMEOUT, message: Some(id.into()), incident: None };
            let mut res = StatusCode::REQUEST_TIMEOUT.into_response();
            res.extensions_mut().insert(info);
            res
        }
    }
}
