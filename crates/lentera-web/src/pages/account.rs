//! The signed-in person's own account: password and API tokens.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::services::accounts;
use lentera_core::user::ApiToken;
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{FieldSpec, Layout, date, error_summary, flash, input, notice, page};
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

fn account_page(
    ctx: &Ctx,
    tokens: &[ApiToken],
    errors: &[FieldError],
    pesan: Option<&str>,
    new_token: Option<&str>,
) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let u = ctx.user.as_ref().expect("signed in");
    html! {
        h1 { (t("Akun saya", "My account")) }
        (flash(pesan, lang))
        dl.facts {
            dt { (t("Nama pengguna", "Username")) } dd { (u.username) }
            dt { (t("Nama", "Name")) } dd { (u.full_name) }
            dt { (t("Peran", "Role")) } dd { (u.role.label(lang)) }
            dt { (t("Cakupan", "Scope")) } dd { code { (u.scope.to_text()) } }
        }
        h2 { (t("Ganti kata sandi", "Change password")) }
        (error_summary(errors, lang))
        form method="post" action="/akun/sandi" {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            (input(FieldSpec { name: "current_password", label: t("Kata sandi saat ini", "Current password"), value: "", kind: "password", required: true, help: None }, errors, lang))
            (input(FieldSpec { name: "new_password", label: t("Kata sandi baru", "New password"), value: "", kind: "password", required: true, help: Some(t("Minimal 10 karakter. Sesi lain akan berakhir.", "At least 10 characters. Other sessions will end.")) }, errors, lang))
            button type="submit" { (t("Ganti", "Change")) }
        }
        h2 { (t("Token API", "API tokens")) }
        p { small { (t("Token memberi akses API dengan hak dan cakupan akun ini. Kirim sebagai header Authorization: Bearer <token>.", "A token grants API access with this account's rights and scope. Send it as Authorization: Bearer <token>.")) } }
        @if let Some(tok) = new_token {
            (notice("good", t("Token baru dibuat. Salin sekarang — token ini tidak akan ditampilkan lagi:", "New token created. Copy it now — it will not be shown again:")))
            p { code { (tok) } }
        }
        form.actions method="post" action="/akun/token" {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            label for="token-name" { (t("Nama token", "Token name")) }
            input #token-name name="name" required placeholder=(t("mis. skrip laporan", "e.g. reporting script"));
            button type="submit" { (t("Buat token", "Create token")) }
        }
        @if tokens.is_empty() { p.empty { (t("Belum ada token.", "No tokens yet.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Nama", "Name")) } th scope="col" { (t("Awalan", "Prefix")) } th scope="col" { (t("Dibuat", "Created")) } th scope="col" { (t("Terakhir dipakai", "Last used")) } th scope="col" { "" } } }
                tbody { @for tk in tokens { tr {
                    td { (tk.name) } td { code { (tk.prefix) "…" } } td { (date(tk.created_at, lang)) }
                    td { (tk.last_used_at.map(|d| date(d, lang)).unwrap_or_else(|| "—".into())) }
                    td { @if tk.revoked_at.is_some() { (t("dicabut", "revoked")) } @else {
                        form.inline method="post" action={ "/akun/token/" (tk.id) "/cabut" } data-confirm=(t("Cabut token ini?", "Revoke this token?")) {
                            input type="hidden" name="_csrf" value=(ctx.csrf);
                            button.danger type="submit" { (t("Cabut", "Revoke")) }
                        }
                    } }
                } } }
            } }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Query(p): Query<Pesan>) -> PageResult {
    let actor = ctx.actor()?;
    let tokens = state.run(move |s| accounts::tokens(s, &actor)).await?;
    Ok(html_response(page(
        Layout::from(&ctx),
        ctx.t("Akun saya", "My account"),
        account_page(&ctx, &tokens, &[], p.pesan.as_deref(), None),
    )))
}

pub async fn change_password(State(state): State<AppState>, ctx: Ctx, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let (cur, new, keep) =
        (form.get("current_password").to_string(), form.get("new_password").to_string(), ctx.session_secret.clone());
    let a = actor.clone();
    match state.run(move |s| accounts::change_own_password(s, &a, &cur, &new, keep.as_deref())).await {
        Ok(()) => Ok(see_other("/akun?pesan=sandi")),
        Err(Error::Validation(errs)) => {
            let tokens = state.run(move |s| accounts::tokens(s, &actor)).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(
                    Layout::from(&ctx),
                    ctx.t("Akun saya", "My account"),
                    account_page(&ctx, &tokens, &errs, None, None),
                ),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create_token(State(state): State<AppState>, ctx: Ctx, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let name = form.get("name").to_string();
    let a = actor.clone();
    let uid = actor.user_id.unwrap_or_default();
    let result = state.run(move |s| accounts::create_token(s, &a, uid, &name)).await;
    let (errs, secret) = match result {
        Ok((_, secret)) => (Vec::new(), Some(secret)),
        Err(Error::Validation(errs)) => (errs, None),
        Err(e) => return Err(e.into()),
    };
    let tokens = state.run(move |s| accounts::tokens(s, &actor)).await?;
    let status = if errs.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((
        status,
        page(
            Layout::from(&ctx),
            ctx.t("Akun saya", "My account"),
            account_page(&ctx, &tokens, &errs, None, secret.as_deref()),
        ),
    )
        .into_response())
}

pub async fn revoke_token(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    state.run(move |s| accounts::revoke_token(s, &actor, id)).await?;
    Ok(see_other("/akun?pesan=dicabut"))
}
