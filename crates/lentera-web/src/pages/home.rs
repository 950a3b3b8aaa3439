//! The home page (a welcome and the way to the person's libraries), the personal-data notice
//! and the language switch.

use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum_extra::extract::cookie::{Cookie, CookieJar};
use lentera_core::access::Actor;
use lentera_core::activity::ActivityFilter;
use lentera_core::library::{LibraryFilter, PageRequest};
use lentera_core::reporting::ReportStatus;
use lentera_core::services::{activities, libraries};
use lentera_core::time_fmt::number;
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::ctx::{Ctx, LANG_COOKIE};
use crate::html::{Layout, page};
use crate::http::{PageResult, html_response};

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let t = |id, en| ctx.t(id, en);
    let summary = match &ctx.user {
        Some(u) => {
            let actor = Actor::from_user(u);
            let reports = matches!(u.scope, lentera_core::user::Scope::Library { .. }) && actor.can_report();
            let counts = state
                .run(move |s| {
                    let total =
                        libraries::list(s, &actor, LibraryFilter::default(), PageRequest::new(None, Some(1)))?.total;
                    // A library's to-do: reports sent back, and drafts not yet submitted.
                    let mut todo = (0, 0);
                    if reports {
                        let count = |status| {
                            let f = ActivityFilter { status: Some(status), ..Default::default() };
                            activities::list(s, &actor, f, PageRequest::new(None, Some(1))).map(|p| p.total)
                        };
                        todo = (count(ReportStatus::Returned)?, count(ReportStatus::Draft)?);
                    }
                    Ok((total, reports, todo))
                })
                .await?;
            Some(counts)
        }
        None => None,
    };
    let body = html! {
        h1 { (t("Lentera", "Lentera")) }
        p { (t("Sistem program Transformasi Perpustakaan Berbasis Inklusi Sosial (TPBIS): wilayah, perpustakaan, pelaporan, dan kegiatan program dalam satu tempat.",
               "The system of the social-inclusion library transformation programme (TPBIS): regions, libraries, reporting and programme events in one place.")) }
        @match (&ctx.user, summary) {
            (Some(u), Some((total, reports, (returned, drafts)))) => {
                p { (t("Selamat datang, ", "Welcome, ")) strong { (u.full_name) } " · " (u.role.label(ctx.lang)) }
                @if reports {
                    div.actions { a.button href="/kegiatan/baru" { (t("Laporkan kegiatan", "Report an activity")) } }
                    @if returned + drafts > 0 {
                        h2 { (t("Perlu Anda selesaikan", "For you to finish")) }
                        ul {
                            @if returned > 0 { li { a href="/kegiatan?status=returned" { (returned) (t(" laporan dikembalikan untuk diperbaiki", " reports sent back for correction")) } } }
                            @if drafts > 0 { li { a href="/kegiatan?status=draft" { (drafts) (t(" draf belum diajukan", " drafts not yet submitted")) } } }
                        }
                    }
                }
                div.actions {
                    @if let lentera_core::user::Scope::Library { library_id } = &u.scope {
                        a.button href={ "/perpustakaan/" (library_id) } { (t("Perpustakaan saya", "My library")) }
                    } @else {
                        a.button href="/perpustakaan" { (number(total, ctx.lang)) " " (t("perpustakaan dalam cakupan Anda", "libraries in your scope")) }
                    }
                    a.button.secondary href="/wilayah" { (t("Jelajahi wilayah", "Browse regions")) }
                }
            }
            _ => {
                div.actions {
                    a.button href="/masuk" { (t("Masuk", "Sign in")) }
                    a.button.secondary href="/wilayah" { (t("Jelajahi 83.762 desa/kelurahan", "Browse 83,762 villages")) }
                }
            }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), "Beranda", body)))
}

pub async fn data_notice(ctx: Ctx) -> PageResult {
    let body = html! {
        h1 { (ctx.t("Tentang data wilayah", "About the region data")) }
        p { (lentera_store_notice()) }
        p { (ctx.t("Sumber: paket npm idn-area-data versi 4.0.1, yang menghimpun kode wilayah resmi Kementerian Dalam Negeri. Lisensi: Open Database License (ODbL) 1.0 — salinan lisensi ada di folder data/regions dalam kode sumber Lentera.",
                   "Source: the npm package idn-area-data 4.0.1, compiling the official Ministry of Home Affairs region codes. Licence: Open Database License (ODbL) 1.0 — the licence text ships in data/regions in Lentera's source.")) }
    };
    Ok(html_response(page(Layout::from(&ctx), "ODbL", body)))
}

fn lentera_store_notice() -> &'static str {
    "Data wilayah: idn-area-data 4.0.1 (kode Kemendagri), Open Database License (ODbL) 1.0."
}

#[derive(Deserialize)]
pub struct Back {
    kembali: Option<String>,
}

pub async fn switch_lang(Path(lang): Path<String>, Query(back): Query<Back>, jar: CookieJar) -> impl IntoResponse {
    let lang = lentera_core::i18n::Lang::parse(&lang);
    let to = crate::http::redirect::local_path(back.kembali.as_deref());
    let jar = jar.add(Cookie::build((LANG_COOKIE, lang.code())).path("/").max_age(time::Duration::days(365)).build());
    (jar, crate::http::redirect::see_other(&to))
}
