//! The audit log for the coordinator's scope.

use axum::extract::{Query, State};
use lentera_core::audit::AuditFilter;
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::services::audit;
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page, pager};
use crate::http::{PageResult, html_response};

/// Times show in the zone of the place the change concerns (WIB when it has none).
fn zone_of(region: Option<&str>) -> lentera_core::region::TimeZone {
    lentera_core::region::TimeZone::for_province(region.and_then(|r| r.get(..2)).unwrap_or("31"))
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    entity: Option<String>,
    entity_id: Option<String>,
    region: Option<String>,
    actor: Option<String>,
    page: Option<String>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<AuditQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let filter = AuditFilter {
        entity: q.entity.clone().filter(|s| !s.is_empty()),
        entity_id: q.entity_id.as_deref().and_then(|s| s.parse().ok()),
        region: q.region.as_deref().filter(|s| !s.is_empty()).map(RegionCode::parse).transpose()?,
        actor: q.actor.clone().filter(|s| !s.is_empty()),
        ..Default::default()
    };
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok());
    let entries = state.run(move |s| audit::list(s, &actor, filter, PageRequest::new(page_no, Some(50)))).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let base: String = [("entity", &q.entity), ("entity_id", &q.entity_id), ("region", &q.region), ("actor", &q.actor)]
        .iter()
        .filter_map(|(k, v)| {
            v.as_deref().filter(|s| !s.is_empty()).map(|v| format!("{k}={}", crate::html::urlencode(v)))
        })
        .collect::<Vec<_>>()
        .join("&");
    let body = html! {
        h1 { (t("Log audit", "Audit log")) }
        p { (t("Setiap penambahan, perubahan dan penghapusan dalam cakupan Anda: siapa, kapan, apa, sebelum dan sesudah.", "Every creation, change and deletion in your scope: who, when, what, before and after.")) }
        form.filters method="get" {
            div.field { label for="entity" { (t("Jenis data", "Record type")) }
                select #entity name="entity" {
                    option value="" { (t("Semua", "All")) }
                    @for e in ["library", "library_ktak", "user", "user_password", "api_token"] { option value=(e) selected[q.entity.as_deref() == Some(e)] { (e) } }
                } }
            div.field { label for="actor" { (t("Pelaku (nama pengguna)", "Actor (username)")) } input #actor name="actor" value=(q.actor.clone().unwrap_or_default()); }
            div.field { label for="region" { (t("Kode wilayah", "Region code")) } input #region name="region" value=(q.region.clone().unwrap_or_default()); }
            div.field { button type="submit" { (t("Terapkan", "Apply")) } }
        }
        @if entries.items.is_empty() { p.empty { (t("Belum ada catatan.", "No entries.")) } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Waktu", "When")) } th scope="col" { (t("Pelaku", "Who")) } th scope="col" { (t("Tindakan", "Action")) } th scope="col" { (t("Data", "Record")) } th scope="col" { (t("Perubahan", "Changes")) } } }
                tbody { @for e in &entries.items { tr {
                    td { (lentera_core::time_fmt::date_time(e.at, zone_of(e.region_code.as_deref()), lang)) } td { (e.actor_name) } td { (e.action.label(lang)) }
                    td { (e.entity) @if let Some(id) = e.entity_id { " #" (id) @if e.entity == "library" { " " a href={ "/perpustakaan/" (id) } { (t("lihat", "view")) } } } }
                    td { details { summary { (e.changed_fields().join(", ")) }
                        @if let Some(b) = &e.before { p { strong { (t("Sebelum: ", "Before: ")) } code { (b.to_string()) } } }
                        @if let Some(a) = &e.after { p { strong { (t("Sesudah: ", "After: ")) } code { (a.to_string()) } } }
                    } }
                } } }
            } }
            (pager(&entries, &base, lang))
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Log audit", "Audit log"), body)))
}
