//! Records owned by a library or an office (stakeholders, advocacy, regulations,
//! partnerships) on pages: whom a form creates a record for, how an owner is named, the
//! button that adds one, the form page around them.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::Error;
use lentera_core::advocacy::Owner;
use lentera_core::ids::LibraryId;
use lentera_core::region::RegionCode;
use lentera_core::services::advocacy as svc;
use lentera_core::user::Scope;
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page, urlencode};
use crate::http::PageResult;

pub(super) fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Who a form creates records for: `?perpustakaan=ID` or `?kantor=REGION`.
#[derive(Deserialize, Default, Clone)]
pub struct OwnerQuery {
    perpustakaan: Option<String>,
    kantor: Option<String>,
}

impl OwnerQuery {
    fn parts(&self) -> Result<(Option<LibraryId>, Option<RegionCode>), Error> {
        let library = blank(&self.perpustakaan)
            .map(|s| s.parse::<i64>().map(LibraryId::new))
            .transpose()
            .map_err(|_| svc_no_owner())?;
        let region = blank(&self.kantor).map(RegionCode::parse).transpose()?;
        Ok((library, region))
    }

    pub(super) fn query(&self) -> String {
        match (blank(&self.perpustakaan), blank(&self.kantor)) {
            (Some(l), _) => format!("perpustakaan={}", urlencode(l)),
            (None, Some(r)) => format!("kantor={}", urlencode(r)),
            _ => String::new(),
        }
    }
}

fn svc_no_owner() -> Error {
    lentera_core::advocacy::no_owner()
}

pub(super) async fn owner_of(state: &AppState, ctx: &Ctx, q: &OwnerQuery) -> Result<Owner, crate::http::PageError> {
    let actor = ctx.actor()?;
    let (library, region) = q.parts()?;
    // A library's staff add for their own library when the form names none.
    let library = library.or(match actor.scope {
        Scope::Library { library_id } if region.is_none() => Some(library_id),
        _ => None,
    });
    Ok(state.run(move |s| svc::owner_for(s, &actor, library, region)).await?)
}

pub(super) fn owner_label(ctx: &Ctx, o: &Owner) -> String {
    match &o.library_name {
        Some(n) => n.clone(),
        None => format!("{} {}", ctx.t("Kantor wilayah", "Office of region"), o.region_code),
    }
}

/// Where to add: a library's staff add for their library; coordinators name a library or an
/// office region on the form that asks for it.
pub(super) fn add_link(ctx: &Ctx, base: &str, label: &str) -> Markup {
    let actor_scope = ctx
        .user
        .as_ref()
        .filter(|u| u.role != lentera_core::user::Role::Trainer && u.role != lentera_core::user::Role::Viewer)
        .map(|u| u.scope.clone());
    html! {
        @match actor_scope {
            Some(Scope::Library { library_id }) => { a.button href={ (base) "/baru?perpustakaan=" (library_id) } { (label) } }
            Some(Scope::Region { code }) => { a.button href={ (base) "/baru?kantor=" (code) } { (label) } }
            Some(Scope::Nation) => { a.button href={ (base) "/baru?kantor=" } { (label) } }
            None => {}
        }
    }
}

pub(super) fn form_page(ctx: &Ctx, title: &str, body: Markup, errors: bool) -> PageResult {
    let status = if errors { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, page(Layout::from(ctx), title, html! { h1 { (title) } (body) })).into_response())
}

/// Office forms need a region: a coordinator of the nation names one.
pub(super) fn office_region_field(ctx: &Ctx, q: &OwnerQuery, base: &str) -> Markup {
    html! {
        form.actions method="get" action={ (base) "/baru" } {
            label for="kantor" { (ctx.t("Kode wilayah kantor (mis. 35.07), atau pilih perpustakaan dari halamannya", "Office region code (e.g. 35.07), or start from a library's page")) }
            input #kantor name="kantor" value=(q.kantor.clone().unwrap_or_default()) placeholder="35.07";
            button.secondary type="submit" { (ctx.t("Pilih", "Choose")) }
        }
    }
}

pub(super) fn owner_query(o: &Owner) -> String {
    match o.library_id {
        Some(l) => format!("perpustakaan={l}"),
        None => format!("kantor={}", o.region_code),
    }
}

/// The owner in one cell of an exported table: the library's name, or the office's region.
pub fn owner_cell(o: &Owner) -> String {
    o.library_name.clone().unwrap_or_else(|| format!("Kantor {}", o.region_code))
}
