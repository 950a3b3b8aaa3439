//! Managing accounts within the coordinator's scope.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::library::PageRequest;
use lentera_core::services::accounts;
use lentera_core::user::{NewUserInput, Role, User, UserUpdateInput};
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{FieldSpec, Layout, error_summary, flash, input, page, pager, role_options, select};
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    page: Option<i64>,
    pesan: Option<String>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let query = q.q.clone();
    let page_no = q.page;
    let a = actor.clone();
    let users =
        state.run(move |s| accounts::list_users(s, &a, query.as_deref(), PageRequest::new(page_no, Some(50)))).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let base = q.q.as_deref().map(|v| format!("q={}", crate::html::urlencode(v))).unwrap_or_default();
    let body = html! {
        h1 { (t("Pengguna", "Users")) }
        (flash(q.pesan.as_deref(), lang))
        div.actions { a.button href="/pengguna/baru" { (t("Tambah pengguna", "Add user")) } }
        form.actions method="get" role="search" {
            label for="q" { (t("Cari", "Search")) } input #q name="q" type="search" value=(q.q.clone().unwrap_or_default());
            button type="submit" { (t("Cari", "Search")) }
        }
        @if users.items.is_empty() { p.empty { (t("Belum ada pengguna lain dalam cakupan Anda.", "No other users in your scope yet.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Nama pengguna", "Username")) } th scope="col" { (t("Nama", "Name")) } th scope="col" { (t("Peran", "Role")) } th scope="col" { (t("Cakupan", "Scope")) } th scope="col" { (t("Aktif", "Active")) } } }
                tbody { @for u in &users.items { tr {
                    td { a href={ "/pengguna/" (u.id) } { (u.username) } }
                    td { (u.full_name) } td { (u.role.label(lang)) } td { code { (u.scope.to_text()) } }
                    td { (if u.active { t("ya", "yes") } else { t("tidak", "no") }) }
                } } }
            } }
            (pager(&users, &base, lang))
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Pengguna", "Users"), body)))
}

fn new_user_form(ctx: &Ctx, max_role: Role, form: Option<&Form>, errors: &[FieldError]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let v = |k| form.map(|f| f.get(k)).unwrap_or("");
    html! {
        h1 { (t("Tambah pengguna", "Add user")) }
        (error_summary(errors, lang))
        form method="post" action="/pengguna/baru" novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            (input(FieldSpec { name: "username", label: t("Nama pengguna", "Username"), value: v("username"), kind: "text", required: true, help: Some(t("3–40 huruf kecil, angka, titik, garis bawah.", "3–40 lower-case letters, digits, dots, underscores.")) }, errors, lang))
            (input(FieldSpec { name: "full_name", label: t("Nama lengkap", "Full name"), value: v("full_name"), kind: "text", required: true, help: None }, errors, lang))
            (input(FieldSpec { name: "email", label: "Email", value: v("email"), kind: "email", required: false, help: None }, errors, lang))
            (input(FieldSpec { name: "phone", label: t("Telepon/WhatsApp", "Phone/WhatsApp"), value: v("phone"), kind: "tel", required: false, help: None }, errors, lang))
            (select("role", t("Peran", "Role"), &role_options(lang, max_role), v("role"), Some(t("— pilih —", "— choose —")), errors, lang))
            (input(FieldSpec { name: "scope", label: t("Cakupan", "Scope"), value: v("scope"), kind: "text", required: false,
                help: Some(t("nation (nasional), kode provinsi/kabupaten (mis. 35 atau 35.07), atau library:ID / npp:NPP untuk pengelola.", "nation, a province/regency code (e.g. 35 or 35.07), or library:ID / npp:NPP for a manager.")) }, errors, lang))
            (input(FieldSpec { name: "password", label: t("Kata sandi awal", "Initial password"), value: "", kind: "password", required: true, help: Some(t("Minimal 10 karakter. Sampaikan secara pribadi.", "At least 10 characters. Share it privately.")) }, errors, lang))
            div.actions { button type="submit" { (t("Simpan", "Save")) } a.button.secondary href="/pengguna" { (t("Batal", "Cancel")) } }
        }
    }
}

pub async fn new_form(ctx: Ctx) -> PageResult {
    let actor = ctx.actor()?;
    actor.require(actor.role.is_coordinator())?;
    Ok(html_response(page(
        Layout::from(&ctx),
        ctx.t("Tambah pengguna", "Add user"),
        new_user_form(&ctx, actor.role, None, &[]),
    )))
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let input = NewUserInput {
        username: form.get("username").into(),
        full_name: form.get("full_name").into(),
        email: form.opt("email"),
        phone: form.opt("phone"),
        role: form.get("role").into(),
        scope: form.opt("scope"),
        password: form.get("password").into(),
    };
    let role = actor.role;
    match state.run(move |s| accounts::create_user(s, &actor, &input)).await {
        Ok(u) => Ok(see_other(&format!("/pengguna/{}?pesan=dibuat", u.id))),
        Err(Error::Validation(errs)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(
                Layout::from(&ctx),
                ctx.t("Tambah pengguna", "Add user"),
                new_user_form(&ctx, role, Some(&form), &errs),
            ),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

fn edit_page(ctx: &Ctx, u: &User, max_role: Role, errors: &[FieldError], pesan: Option<&str>) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    html! {
        h1 { (u.full_name) " (" (u.username) ")" }
        (flash(pesan, lang))
        (error_summary(errors, lang))
        form method="post" action={ "/pengguna/" (u.id) } novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            (input(FieldSpec { name: "full_name", label: t("Nama lengkap", "Full name"), value: &u.full_name, kind: "text", required: true, help: None }, errors, lang))
            (input(FieldSpec { name: "email", label: "Email", value: &o(&u.email), kind: "email", required: false, help: None }, errors, lang))
            (input(FieldSpec { name: "phone", label: t("Telepon/WhatsApp", "Phone/WhatsApp"), value: &o(&u.phone), kind: "tel", required: false, help: None }, errors, lang))
            (select("role", t("Peran", "Role"), &role_options(lang, max_role), u.role.code(), None, errors, lang))
            (input(FieldSpec { name: "scope", label: t("Cakupan", "Scope"), value: &u.scope.to_text(), kind: "text", required: false, help: None }, errors, lang))
            div.field { label { input type="checkbox" name="active" value="1" checked[u.active]; " " (t("Akun aktif", "Account active")) } }
            button type="submit" { (t("Simpan", "Save")) }
        }
        h2 { (t("Atur ulang kata sandi", "Reset password")) }
        form method="post" action={ "/pengguna/" (u.id) "/sandi" } data-confirm=(t("Atur ulang kata sandi pengguna ini? Sesi mereka akan berakhir.", "Reset this user's password? Their sessions will end.")) {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            (input(FieldSpec { name: "password", label: t("Kata sandi baru", "New password"), value: "", kind: "password", required: true, help: Some(t("Minimal 10 karakter.", "At least 10 characters.")) }, errors, lang))
            button type="submit" { (t("Atur ulang", "Reset")) }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<Pesan>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let role = actor.role;
    let u = state.run(move |s| accounts::get_user(s, &actor, id)).await?;
    Ok(html_response(page(Layout::from(&ctx), &u.username, edit_page(&ctx, &u, role, &[], p.pesan.as_deref()))))
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let input = UserUpdateInput {
        full_name: Some(form.get("full_name").into()),
        email: Some(form.get("email").into()),
        phone: Some(form.get("phone").into()),
        role: form.opt("role"),
        scope: Some(form.get("scope").into()),
        active: Some(form.get("active") == "1"),
    };
    let a = actor.clone();
    match state.run(move |s| accounts::update_user(s, &a, id, &input)).await {
        Ok(_) => Ok(see_other(&format!("/pengguna/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => {
            let a = actor.clone();
            let u = state.run(move |s| accounts::get_user(s, &a, id)).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(Layout::from(&ctx), &u.username, edit_page(&ctx, &u, actor.role, &errs, None)),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn reset_password(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let pw = form.get("password").to_string();
    let a = actor.clone();
    match state.run(move |s| accounts::reset_password(s, &a, id, &pw)).await {
        Ok(()) => Ok(see_other(&format!("/pengguna/{id}?pesan=sandi"))),
        Err(Error::Validation(errs)) => {
            let a = actor.clone();
            let u = state.run(move |s| accounts::get_user(s, &a, id)).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(Layout::from(&ctx), &u.username, edit_page(&ctx, &u, actor.role, &errs, None)),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
