//! The request context for pages: language, signed-in user, CSRF token; plus the middleware
//! that sets security headers, the anonymous CSRF cookie, and renders error pages in the
//! visitor's language.

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use lentera_core::Error;
use lentera_core::access::Actor;
use lentera_core::i18n::Lang;
use lentera_core::services::accounts;
use lentera_core::user::User;

use crate::AppState;
use crate::error::{PageError, PageErrorInfo};

pub const SESSION_COOKIE: &str = "lentera_session";
pub const LANG_COOKIE: &str = "lentera_lang";
const PRE_CSRF_COOKIE: &str = "lentera_csrf";

/// The anonymous CSRF value of this browser (double-submit cookie for sign-in and setup).
#[derive(Clone)]
struct PreCsrf(String);

pub struct Ctx {
    pub lang: Lang,
    pub user: Option<User>,
    pub csrf: String,
    pub session_secret: Option<String>,
    /// Path and query of this request (to come back after switching language or signing in).
    pub here: String,
    /// The client address, for sign-in throttling.
    pub client: String,
}

impl Ctx {
    /// The signed-in person as an actor, or a redirect to the sign-in page.
    pub fn actor(&self) -> Result<Actor, PageError> {
        self.user.as_ref().map(Actor::from_user).ok_or(PageError(Error::Unauthorized))
    }

    /// Checks the form's `_csrf` field against this session (or the anonymous cookie).
    pub fn check_csrf(&self, form: &crate::pages::Form) -> Result<(), PageError> {
        let sent = form.get("_csrf");
        if !sent.is_empty() && constant_eq(sent.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(PageError(Error::Forbidden))
        }
    }

    pub fn t<'a>(&self, id: &'a str, en: &'a str) -> &'a str {
        self.lang.t(id, en)
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn lang_of(jar: &CookieJar) -> Lang {
    jar.get(LANG_COOKIE).map(|c| Lang::parse(c.value())).unwrap_or_default()
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let lang = lang_of(&jar);
        let client = parts
            .extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "local".into());
        let here = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        let pre = parts.extensions.get::<PreCsrf>().map(|p| p.0.clone()).unwrap_or_default();
        let secret = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()).filter(|s| s.len() == 64);
        let session = match secret.clone() {
            Some(s) => {
                let idle = state.config.session_idle_secs;
                state.run(move |store| accounts::session(store, &s, idle)).await.map_err(PageError)?
            }
            None => None,
        };
        Ok(match session {
            Some(s) => Ctx { lang, user: Some(s.user), csrf: s.csrf_token, session_secret: secret, here, client },
            None => Ctx { lang, user: None, csrf: pre, session_secret: None, here, client },
        })
    }
}

pub fn session_cookie(secret: String, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, secret)).path("/").http_only(true).same_site(SameSite::Lax).secure(secure).build()
}

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
        res = crate::html::error_page(lang, info).into_response();
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
