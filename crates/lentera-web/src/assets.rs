//! Static assets, embedded in the binary and served with long cache lifetimes (their URLs
//! carry a version, so a new release is fetched anew).

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

pub const CSS_PATH: &str = concat!("/static/app-", env!("CARGO_PKG_VERSION"), ".css");
pub const JS_PATH: &str = concat!("/static/app-", env!("CARGO_PKG_VERSION"), ".js");
const CSS: &str = include_str!("../static/app.css");
const JS: &str = include_str!("../static/app.js");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(CSS_PATH, get(|| async { asset("text/css; charset=utf-8", CSS) }))
        .route(JS_PATH, get(|| async { asset("text/javascript; charset=utf-8", JS) }))
}

fn asset(ty: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, ty), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")], body)
}
