//! Browsing the nation → province → regency → district → village, with library counts.
//! Regions are public: these pages need no sign-in.

use axum::extract::{Path, Query, State};
use lentera_core::Error;
use lentera_core::access::Actor;
use lentera_core::library::{LibraryFilter, PageRequest};
use lentera_core::region::{Region, RegionLevel, RegionWithCount};
use lentera_core::services::{libraries, regions};
use lentera_core::time_fmt::number;
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, page, urlencode};
use crate::http::error::PageError;
use crate::http::{PageResult, html_response};

fn children_table(ctx: &Ctx, level: Option<RegionLevel>, rows: &[RegionWithCount]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    html! {
        @if rows.is_empty() {
            p.empty { (t("Tidak ada wilayah di bawah ini.", "No regions below this one.")) }
        } @else {
            div.table-wrap { table {
                caption.skip { (level.map(|l| l.label(ctx.lang)).unwrap_or("")) }
                thead { tr { th scope="col" { (t("Kode", "Code")) } th scope="col" { (t("Nama", "Name")) } th.num scope="col" { (t("Perpustakaan", "Libraries")) } } }
                tbody {
                    @for r in rows {
                        tr {
                            td { code { (r.region.code) } }
                            td { a href={ "/wilayah/" (r.region.code) } { (r.region.name) }
                                 @if let Some(k) = r.region.kind { " " span.badge { (k.as_str()) } } }
                            td.num { (number(r.library_count, ctx.lang)) }
                        }
                    }
                }
            } }
        }
    }
}

fn search_box(ctx: &Ctx, q: &str) -> Markup {
    html! {
        form.actions method="get" action="/wilayah/cari" role="search" {
            label for="q" { (ctx.t("Cari wilayah", "Search regions")) }
            input #q name="q" type="search" value=(q) minlength="2" placeholder=(ctx.t("mis. Bakongan", "e.g. Bakongan"));
            button type="submit" { (ctx.t("Cari", "Search")) }
        }
    }
}

pub async fn nation(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let rows = state.run(|s| regions::children(s, None)).await?;
    let total: i64 = rows.iter().map(|r| r.library_count).sum();
    let body = html! {
        h1 { (ctx.t("Wilayah Indonesia", "Regions of Indonesia")) }
        (search_box(&ctx, ""))
        p { (number(rows.len() as i64, ctx.lang)) " " (ctx.t("provinsi", "provinces")) " · " (number(total, ctx.lang)) " " (ctx.t("perpustakaan terdaftar", "registered libraries")) }
        (children_table(&ctx, Some(RegionLevel::Province), &rows))
    };
    Ok(html_response(page(Layout::from(&ctx), ctx.t("Wilayah", "Regions"), body)))
}

pub fn crumbs(ctx: &Ctx, chain: &[Region]) -> Markup {
    html! {
        nav.crumbs aria-label=(ctx.t("Jejak wilayah", "Breadcrumb")) {
            a href="/wilayah" { "Indonesia" }
            @for (i, r) in chain.iter().enumerate() {
                @if i + 1 == chain.len() { span aria-current="page" { (r.name) } } @else { a href={ "/wilayah/" (r.code) } { (r.name) } }
            }
        }
    }
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let actor = ctx.user.as_ref().map(Actor::from_user);
    let (region, chain, children, libs) = state
        .run(move |s| {
            let region = regions::get(s, &code)?;
            let chain = regions::ancestry(s, &region.code)?;
            let children = regions::children(s, Some(region.code.as_str()))?;
            // Villages list their libraries for signed-in users, within their scope.
            let libs = match (&actor, region.level) {
                (Some(a), RegionLevel::Village) => {
                    let f = LibraryFilter { region: Some(region.code.clone()), ..Default::default() };
                    match libraries::list(s, a, f, PageRequest::new(None, Some(100))) {
                        Ok(p) => Some(p.items),
                        Err(Error::Forbidden) => Some(Vec::new()),
                        Err(e) => return Err(e),
                    }
                }
                _ => None,
            };
            Ok((region, chain, children, libs))
        })
        .await?;
    let count = children.iter().map(|c| c.library_count).sum::<i64>();
    let t = |id, en| ctx.t(id, en);
    let body = html! {
        (crumbs(&ctx, &chain))
        h1 { (region.name) }
        dl.facts {
            dt { (t("Kode resmi", "Official code")) } dd { code { (region.code) } }
            dt { (t("Tingkat", "Level")) } dd { (region.level.label(ctx.lang)) @if let Some(k) = region.kind { " (" (k.as_str()) ")" } }
            dt { (t("Zona waktu", "Time zone")) } dd { (region.time_zone().abbrev()) " (UTC+" (region.time_zone().utc_offset_hours()) ")" }
            @if region.level != RegionLevel::Village {
                dt { (t("Perpustakaan", "Libraries")) } dd { (number(count, ctx.lang)) }
            }
        }
        div.actions {
            a.button.secondary href={ "/perpustakaan?region=" (urlencode(region.code.as_str())) } { (t("Daftar perpustakaan di wilayah ini", "Libraries in this region")) }
        }
        @if let Some(child_level) = region.level.child() {
            h2 { (child_level.label(ctx.lang)) }
            (children_table(&ctx, Some(child_level), &children))
        }
        @if let Some(libs) = libs {
            h2 { (t("Perpustakaan di desa/kelurahan ini", "Libraries in this village")) }
            @if libs.is_empty() {
                p.empty { (t("Belum ada perpustakaan terdaftar di sini yang dapat Anda lihat.", "No library you can see is registered here yet.")) }
            } @else {
                ul { @for l in &libs { li { a href={ "/perpustakaan/" (l.id) } { (l.name) } " · " (l.library_type.label(ctx.lang)) } } }
            }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), &region.name, body)))
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub async fn search(State(state): State<AppState>, ctx: Ctx, Query(q): Query<SearchQuery>) -> PageResult {
    let query = q.q.unwrap_or_default();
    let qq = query.clone();
    let result = state.run(move |s| regions::search_with_paths(s, &qq, None, None, regions::MAX_SEARCH)).await;
    let t = |id, en| ctx.t(id, en);
    let body = html! {
        h1 { (t("Cari wilayah", "Search regions")) }
        (search_box(&ctx, &query))
        @match &result {
            Err(Error::Validation(_)) => { p.notice { (t("Ketik minimal 2 huruf nama wilayah.", "Type at least 2 letters of a region name.")) } }
            Err(_) => {}
            Ok(hits) if hits.is_empty() => { p.empty { (t("Tidak ada wilayah yang cocok. Periksa ejaan atau coba sebagian nama.", "No region matches. Check the spelling or try part of the name.")) } }
            Ok(hits) => {
                ul { @for h in hits { li {
                    a href={ "/wilayah/" (h.region.code) } { (h.region.name) } " "
                    span.badge { (h.region.level.label(ctx.lang)) } " "
                    small { (h.path) " · " code { (h.region.code) } }
                } } }
            }
        }
    };
    if let Err(e) = result
        && !matches!(e, Error::Validation(_))
    {
        return Err(PageError(e));
    }
    Ok(html_response(page(Layout::from(&ctx), t("Cari wilayah", "Search regions"), body)))
}
