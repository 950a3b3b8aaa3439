//! Signing in and out (a server-side session, a safe return address) and setting a password
//! from a one-time setup link.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::cookie::{Cookie, CookieJar};
use lentera_core::i18n::Lang;
use lentera_core::services::accounts;
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::{Ctx, SESSION_COOKIE, session_cookie};
use crate::html::{FieldSpec, Layout, error_summary, input, page};
use crate::http::error::PageError;
use crate::http::{Form, PageResult, see_other};

#[derive(Deserialize, Default)]
pub struct Next {
    lanjut: Option<String>,
}

use crate::http::redirect::local_path;

fn login_page(ctx: &Ctx, username: &str, next: &str, message: Option<&str>) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let body = html! {
        h1 { (t("Masuk", "Sign in")) }
        @if let Some(m) = message { div.notice.bad role="alert" { (m) } }
        form method="post" action="/masuk" {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            input type="hidden" name="lanjut" value=(next);
            (input(FieldSpec { name: "username", label: t("Nama pengguna", "Username"), value: username, kind: "text", required: true, help: None }, &[], ctx.lang))
            (input(FieldSpec { name: "password", label: t("Kata sandi", "Password"), value: "", kind: "password", required: true, help: None }, &[], ctx.lang))
            button type="submit" { (t("Masuk", "Sign in")) }
        }
        p { small { (t("Lupa kata sandi? Hubungi koordinator kabupaten/kota atau provinsi Anda; mereka dapat mengatur ulang kata sandi.",
                       "Forgot your password? Ask your regency or province coordinator to reset it.")) } }
    };
    page(Layout::from(ctx), t("Masuk", "Sign in"), body)
}

pub async fn login_form(ctx: Ctx, Query(next): Query<Next>) -> PageResult {
    if ctx.user.is_some() {
        return Ok(see_other(&local_path(next.lanjut.as_deref())));
    }
    Ok(login_page(&ctx, "", &local_path(next.lanjut.as_deref()), None).into_response())
}

pub async fn login(State(state): State<AppState>, ctx: Ctx, jar: CookieJar, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let username = form.get("username").to_string();
    let password = form.get("password").to_string();
    let next = local_path(Some(form.get("lanjut")));
    let client = ctx.client.clone();
    let u = username.clone();
    // An account under attack answers slowly to everyone; waiting here holds no thread.
    let delay = state.run(move |s| accounts::sign_in_delay(s, &u)).await?;
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_secs(delay)).await;
    }
    let u = username.clone();
    let result = state
        .run(move |s| {
            let user = accounts::login(s, &u, &password, &client)?;
            let (secret, _) = accounts::open_session(s, &user)?;
            Ok(secret)
        })
        .await;
    match result {
        Ok(secret) => {
            let jar = jar.add(session_cookie(secret, state.config.secure_cookies));
            Ok((jar, crate::http::redirect::see_other(&next)).into_response())
        }
        Err(Error::Unauthorized) => {
            let m = ctx.t("Nama pengguna atau kata sandi salah.", "Wrong username or password.");
            Ok((StatusCode::UNAUTHORIZED, login_page(&ctx, &username, &next, Some(m))).into_response())
        }
        Err(Error::Throttled) => {
            let m = ctx.t(
                "Terlalu banyak percobaan gagal. Tunggu 15 menit lalu coba lagi.",
                "Too many failed attempts. Wait 15 minutes and try again.",
            );
            Ok((StatusCode::TOO_MANY_REQUESTS, login_page(&ctx, &username, &next, Some(m))).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx, jar: CookieJar, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    if let Some(secret) = ctx.session_secret.clone() {
        state.run(move |s| accounts::close_session(s, &secret)).await?;
    }
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/").build());
    Ok((jar, axum::response::Redirect::to("/")).into_response())
}

fn setup_page(ctx: &Ctx, token: &str, form: Option<&Form>, errors: &[FieldError]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let v = |k| form.map(|f| f.get(k)).unwrap_or("");
    let lang: Lang = ctx.lang;
    let body = html! {
        h1 { (t("Siapkan Lentera", "Set up Lentera")) }
        p { (t("Belum ada akun. Buat akun administrator nasional pertama. Tautan ini hanya dapat dipakai sekali.",
               "No account exists yet. Create the first national administrator. This link works once.")) }
        (error_summary(errors, lang))
        form method="post" action={ "/setup/" (token) } {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            (input(FieldSpec { name: "username", label: t("Nama pengguna", "Username"), value: v("username"), kind: "text", required: true, help: Some(t("3–40 huruf kecil, angka, titik, garis bawah.", "3–40 lower-case letters, digits, dots, underscores.")) }, errors, lang))
            (input(FieldSpec { name: "full_name", label: t("Nama lengkap", "Full name"), value: v("full_name"), kind: "text", required: true, help: None }, errors, lang))
            (input(FieldSpec { name: "password", label: t("Kata sandi", "Password"), value: "", kind: "password", required: true, help: Some(t("Minimal 10 karakter.", "At least 10 characters.")) }, errors, lang))
            button type="submit" { (t("Buat administrator", "Create administrator")) }
        }
    };
    page(Layout::from(ctx), t("Siapkan Lentera", "Set up Lentera"), body)
}

pub async fn setup_form(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> PageResult {
    if !state.run(accounts::setup_pending).await? {
        return Err(PageError(Error::NotFound));
    }
    Ok(setup_page(&ctx, &token, None, &[]).into_response())
}

pub async fn setup(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(token): Path<String>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let (u, n, p, tk) = (
        form.get("username").to_string(),
        form.get("full_name").to_string(),
        form.get("password").to_string(),
        token.clone(),
    );
    let result = state
        .run(move |s| {
            let user = accounts::complete_setup(s, &tk, &u, &n, &p)?;
            accounts::open_session(s, &user).map(|(secret, _)| secret)
        })
        .await;
    match result {
        Ok(secret) => {
            Ok((jar.add(session_cookie(secret, state.config.secure_cookies)), axum::response::Redirect::to("/"))
                .into_response())
        }
        Err(Error::Validation(errs)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, setup_page(&ctx, &token, Some(&form), &errs)).into_response())
        }
        Err(e) => Err(PageError(e)),
    }
}
