//! Managed lists (activity categories, event types, curriculum modules): national admins add,
//! rename and retire items.

use axum::extract::{Path, Query, State};
use lentera_core::Error;
use lentera_core::lists::ManagedList;
use lentera_core::services::lists;
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, flash, page};
use crate::http::error::PageError;
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

#[derive(Deserialize, Default)]
pub struct Pesan {
    pub(crate) pesan: Option<String>,
}

fn list_of(slug: &str) -> Result<ManagedList, PageError> {
    ManagedList::parse(slug).ok_or(PageError(Error::NotFound))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(p): Query<Pesan>,
) -> PageResult {
    let actor = ctx.actor()?;
    actor.require(actor.role == lentera_core::user::Role::NationalAdmin)?;
    let list = list_of(&slug)?;
    let items = state.run(move |s| lists::items(s, list, true)).await?;
    let t = |id, en| ctx.t(id, en);
    let title = list.title(ctx.lang);
    let body = html! {
        h1 { (title) }
        nav.actions aria-label=(t("Daftar isian lain", "Other lists")) {
            @for l in ManagedList::ALL { @if l != list { a.button.secondary href={ "/daftar-isian/" (l.slug()) } { (l.title(ctx.lang)) } } }
        }
        (flash(p.pesan.as_deref(), ctx.lang))
        p { (t("Isian yang dihentikan tidak muncul di formulir baru, tetapi data lama tetap memakainya.", "Retired items leave the forms; old records keep them.")) }
        @for c in &items {
            form.actions method="post" action={ "/daftar-isian/" (slug) "/" (c.id) } {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                label.skip for={ "item-" (c.id) } { (t("Nama", "Name")) }
                input id={ "item-" (c.id) } name="name" value=(c.name);
                label { input type="checkbox" name="retired" value="1" checked[c.retired]; " " (t("dihentikan", "retired")) }
                button type="submit" { (t("Simpan", "Save")) }
            }
        }
        h2 { (t("Tambah", "Add")) }
        form.actions method="post" action={ "/daftar-isian/" (slug) } {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            label for="new-item" { (t("Nama", "Name")) }
            input #new-item name="name" required;
            button type="submit" { (t("Tambah", "Add")) }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), title, body)))
}

pub async fn add(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let list = list_of(&slug)?;
    let name = form.get("name").to_string();
    state.run(move |s| lists::save(s, &actor, list, None, &name, false)).await?;
    Ok(see_other(&format!("/daftar-isian/{slug}?pesan=dibuat")))
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let list = list_of(&slug)?;
    let id = parse_id(&id)?;
    let (name, retired) = (form.get("name").to_string(), form.get("retired") == "1");
    state.run(move |s| lists::save(s, &actor, list, Some(id), &name, retired)).await?;
    Ok(see_other(&format!("/daftar-isian/{slug}?pesan=tersimpan")))
}
