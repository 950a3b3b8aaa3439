//! The request context for pages: language, signed-in user, CSRF token.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use lentera_core::Error;
use lentera_core::access::Actor;
use lentera_core::i18n::Lang;
use lentera_core::services::accounts;
use lentera_core::user::User;

use crate::AppState;
use crate::http::{Form, PageError};

pub const SESSION_COOKIE: &str = "lentera_session";
pub const LANG_COOKIE: &str = "lentera_lang";
pub const PRE_CSRF_COOKIE: &str = "lentera_csrf";

/// The anonymous CSRF value of this browser (double-submit cookie for sign-in and setup),
/// put in the request by [`crate::middleware`].
#[derive(Clone)]
pub struct PreCsrf(pub String);

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
    pub fn check_csrf(&self, form: &Form) -> Result<(), PageError> {
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
            .map(|c| crate::proxy::client_addr(c.0.ip(), &parts.headers, &state.config.trusted_proxies).to_string())
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
