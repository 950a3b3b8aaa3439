//! Activity partners as stakeholders: the activity page's section, the page choosing an
//! activity's partners (`/kegiatan/{id}/mitra`), and the matching helper for a library's
//! earlier reports (`/kegiatan/mitra?perpustakaan=`), where each partner name of a report's
//! text is matched to a stakeholder, made into a new one, or skipped, and a person confirms.

use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use lentera_core::Error;
use lentera_core::activity::Activity;
use lentera_core::ids::{ActivityId, LibraryId};
use lentera_core::partners::Target;
use lentera_core::services::{activities, partners};
use lentera_core::time_fmt::calendar_date;
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, error_summary, flash, page};
use crate::http::{Form, PageResult, html_response, parse_id, see_other};

const PEOPLE: &str = "/pemangku-kepentingan";

/// The activity page's section: the stakeholders linked as partners, with links to change
/// them and to match the report's partner text.
pub fn activity_section(ctx: &Ctx, a: &Activity, linked: &[(i64, String)], can_link: bool) -> Markup {
    let t = |id, en| ctx.t(id, en);
    html! {
        h2 #mitra { (t("Mitra kegiatan", "Activity partners")) }
        @if linked.is_empty() {
            p.empty { (t("Belum ada mitra yang dihubungkan dengan pemangku kepentingan.", "No partner linked to a stakeholder yet.")) }
        } @else {
            ul { @for (id, name) in linked { li { a href={ (PEOPLE) "/" (id) } { (name) } } } }
        }
        @if can_link {
            div.actions {
                a.button.secondary href={ "/kegiatan/" (a.id) "/mitra" } { (t("Pilih mitra", "Choose partners")) }
                @if linked.is_empty() && a.fields.partners.is_some() {
                    a.button.secondary href={ "/kegiatan/mitra?perpustakaan=" (a.library_id) } { (t("Cocokkan teks mitra laporan", "Match the reports' partner text")) }
                }
            }
        }
    }
}

/// The choice of an activity's partners among the stakeholders its library may name; when
/// none is linked yet, those the report's text names are ticked.
pub async fn choose(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id: ActivityId = parse_id(&id)?;
    let (a, linked, candidates) = state
        .run(move |s| {
            let a = activities::get(s, &actor, id)?;
            let linked = partners::of_activity(s, &actor, id)?;
            let candidates = partners::candidates(s, &actor, a.library_id)?;
            Ok((a, linked, candidates))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let named: Vec<i64> = if linked.is_empty() {
        lentera_core::partners::split(a.fields.partners.as_deref().unwrap_or(""))
            .iter()
            .filter_map(|n| lentera_core::partners::best_match(n, &candidates).map(|s| s.id))
            .collect()
    } else {
        linked.iter().map(|(id, _)| *id).collect()
    };
    let body = html! {
        p.crumbs { a href={ "/kegiatan/" (a.id) } { (a.fields.title) } }
        h1 { (t("Mitra kegiatan", "Activity partners")) }
        @if let Some(text) = &a.fields.partners { p { (t("Ditulis di laporan: ", "Written in the report: ")) em { (text) } } }
        @if candidates.is_empty() {
            p.empty { (t("Perpustakaan ini belum mencatat pemangku kepentingan.", "This library has recorded no stakeholders yet.")) }
        } @else {
            form method="post" {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                fieldset { legend { (t("Centang mitra kegiatan ini", "Tick this activity's partners")) }
                    @for s in &candidates { label {
                        input type="checkbox" name={ "p_" (s.id) } value="1" checked[named.contains(&s.id)];
                        " " (s.name) " (" (s.kind.label(ctx.lang)) ")" } }
                }
                button type="submit" { (t("Simpan mitra", "Save partners")) }
            }
        }
        p { a href={ (PEOPLE) "/baru?perpustakaan=" (a.library_id) } { (t("Catat pemangku kepentingan baru", "Record a new stakeholder")) } }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Mitra kegiatan", "Activity partners"), body)))
}

pub async fn save(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: ActivityId = parse_id(&id)?;
    let mut ids: Vec<i64> =
        form.0.iter().filter(|(_, v)| *v == "1").filter_map(|(k, _)| k.strip_prefix("p_")?.parse().ok()).collect();
    ids.sort_unstable();
    state.run(move |s| partners::set(s, &actor, id, ids)).await?;
    Ok(see_other(&format!("/kegiatan/{id}?pesan=tersimpan#mitra")))
}

#[derive(Deserialize, Default)]
pub struct HelperQuery {
    perpustakaan: Option<String>,
    pesan: Option<String>,
}

/// The helper: each report with partner text and no linked partner, each name with the
/// stakeholder proposed (or "new"), for a person to confirm.
pub async fn helper(State(state): State<AppState>, ctx: Ctx, Query(q): Query<HelperQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let lib: LibraryId = parse_id(q.perpustakaan.as_deref().unwrap_or(""))?;
    let (total, items, candidates) = state
        .run(move |s| {
            let (total, items) = partners::suggestions(s, &actor, lib)?;
            Ok((total, items, partners::candidates(s, &actor, lib)?))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let body = html! {
        h1 { (t("Cocokkan mitra laporan kegiatan", "Match the partners of activity reports")) }
        (flash(q.pesan.as_deref(), lang))
        p { (t("Laporan lama menulis mitra sebagai teks. Untuk tiap nama, pilih pemangku kepentingan yang dimaksud, buat yang baru, atau lewati. Tidak ada yang disimpan sebelum Anda menekan Simpan.",
               "Earlier reports wrote partners as text. For each name, choose the stakeholder it means, make a new one, or skip it. Nothing is saved until you press Save.")) }
        @if items.is_empty() {
            p.empty { (t("Semua laporan sudah dicocokkan.", "Every report is matched.")) }
        } @else {
            p { (total) (t(" laporan menunggu", " reports waiting")) @if total > items.len() as i64 { (t("; yang terbaru ditampilkan", "; the newest are shown")) } "." }
            form method="post" {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                @for s in &items {
                    fieldset id={ "k" (s.activity_id) } {
                        legend { a href={ "/kegiatan/" (s.activity_id) } { (s.title) } " · " (calendar_date(s.start_date, lang)) }
                        p { small { (t("Teks: ", "Text: ")) (s.text) } }
                        @for (i, (name, matched)) in s.names.iter().enumerate() {
                            @let key = format!("{}_{}", s.activity_id, i);
                            div.field {
                                label for={ "m_" (key) } { (name) }
                                input type="hidden" name={ "n_" (key) } value=(name);
                                select id={ "m_" (key) } name={ "m_" (key) } {
                                    option value="" { (t("Lewati", "Skip")) }
                                    option value="baru" selected[matched.is_none()] { (t("Buat pemangku kepentingan baru", "Make a new stakeholder")) }
                                    @for c in &candidates { option value=(c.id) selected[matched.as_ref().is_some_and(|m| m.0 == c.id)] { (c.name) } }
                                }
                            }
                        }
                    }
                }
                button type="submit" { (t("Simpan kecocokan", "Save the matches")) }
            }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Cocokkan mitra", "Match partners"), body)))
}

/// The confirmed matches from the helper's form: `m_{activity}_{i}` is a stakeholder id,
/// `baru` (with the name in `n_{activity}_{i}`) or empty to skip.
fn confirmed(form: &Form) -> Result<Vec<(ActivityId, Vec<Target>)>, Error> {
    let mut keys: Vec<(i64, usize, &str)> = form
        .0
        .iter()
        .filter_map(|(k, v)| {
            let (a, i) = k.strip_prefix("m_")?.split_once('_')?;
            Some((a.parse().ok()?, i.parse().ok()?, v.as_str()))
        })
        .collect();
    keys.sort();
    let mut out: Vec<(ActivityId, Vec<Target>)> = Vec::new();
    for (activity, i, choice) in keys {
        let target = match choice.trim() {
            "" => continue,
            "baru" => Target::New { name: form.get(&format!("n_{activity}_{i}")).to_string() },
            id => Target::Existing {
                stakeholder_id: id
                    .parse()
                    .map_err(|_| Error::field("m", "Pilihan tidak dikenal.", "Unknown choice."))?,
            },
        };
        let id = ActivityId::from(activity);
        match out.last_mut() {
            Some((last, targets)) if *last == id => targets.push(target),
            _ => out.push((id, vec![target])),
        }
    }
    Ok(out)
}

pub async fn confirm(State(state): State<AppState>, ctx: Ctx, Query(q): Query<HelperQuery>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let lib: LibraryId = parse_id(q.perpustakaan.as_deref().unwrap_or(""))?;
    let links = confirmed(&form)?;
    match state.run(move |s| partners::apply(s, &actor, lib, links)).await {
        Ok(_) => Ok(see_other(&format!("/kegiatan/mitra?perpustakaan={lib}&pesan=tersimpan"))),
        Err(Error::Validation(errs)) => {
            let t = |id, en| ctx.t(id, en);
            let body = html! {
                h1 { (t("Cocokkan mitra laporan kegiatan", "Match the partners of activity reports")) }
                (error_summary(&errs, ctx.lang))
                p { a href={ "/kegiatan/mitra?perpustakaan=" (lib) } { (t("Kembali ke daftar", "Back to the list")) } }
            };
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                page(Layout::from(&ctx), t("Cocokkan mitra", "Match partners"), body),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
