//! Community-engagement activity reports: list, report, edit, photos, exports (the review
//! steps and the inbox are [`super::review`]'s).

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::activity::{Activity, ActivityFilter, ActivityInput, Category, MAX_PHOTOS, Photo, parse_date};
use lentera_core::library::{Library, PageRequest};
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::services::{activities, libraries, review};
use lentera_core::time_fmt::{calendar_date, number};
use lentera_core::{Error, FieldError};
use maud::{Markup, html};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::html::{FieldSpec, Layout, error_summary, field_errors, flash, input, page, pager, select, urlencode};
use crate::http::{Form, PageResult, html_response, parse_id, see_other};
use crate::{AppState, photos};

fn status_badge(ctx: &Ctx, s: ReportStatus) -> Markup {
    html! { span.badge class={ "st-" (s.code()) } { (s.label(ctx.lang)) } }
}

fn activity_rows(ctx: &Ctx, items: &[Activity]) -> Markup {
    let t = |id, en| ctx.t(id, en);
    html! {
        div.table-wrap { table {
            thead { tr {
                th scope="col" { (t("Kegiatan", "Activity")) } th scope="col" { (t("Tanggal", "Date")) }
                th scope="col" { (t("Perpustakaan", "Library")) } th.num scope="col" { (t("Peserta", "Participants")) } th scope="col" { (t("Status", "Status")) }
            } }
            tbody { @for a in items { tr {
                td { a href={ "/kegiatan/" (a.id) } { (a.fields.title) } br; small { (a.category_name) } }
                td { (calendar_date(a.fields.start_date, ctx.lang)) }
                td { (a.library_name) }
                td.num { (number(a.fields.participants.total(), ctx.lang)) }
                td { (status_badge(ctx, a.status)) }
            } } }
        } }
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    region: Option<String>,
    perpustakaan: Option<String>,
    status: Option<String>,
    category: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    page: Option<String>,
    pesan: Option<String>,
}

impl ListQuery {
    fn filter(&self) -> Result<ActivityFilter, Error> {
        let mut errs = lentera_core::error::Errors::default();
        let blank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let mut f = ActivityFilter { query: blank(&self.q), ..Default::default() };
        if let Some(r) = blank(&self.region) {
            f.region = RegionCode::parse(&r).map_err(|e| errs.extend(e)).ok();
        }
        if let Some(s) = blank(&self.status) {
            f.status = ReportStatus::parse(&s);
            if f.status.is_none() {
                errs.add("status", "Status tidak dikenal.", "Unknown status.");
            }
        }
        if let Some(l) = blank(&self.perpustakaan) {
            f.library_id = l.parse().ok();
            if f.library_id.is_none() {
                errs.add("perpustakaan", "Perpustakaan tidak dikenal.", "Unknown library.");
            }
        }
        if let Some(c) = blank(&self.category) {
            f.category_id = c.parse().ok();
            if f.category_id.is_none() {
                errs.add("category", "Kategori tidak dikenal.", "Unknown category.");
            }
        }
        for (field, v, slot) in [("from", &self.from, &mut f.from), ("to", &self.to, &mut f.to)] {
            if let Some(d) = blank(v) {
                *slot = parse_date(&d);
                if slot.is_none() {
                    errs.add(field, "Tanggal tidak sah.", "Invalid date.");
                }
            }
        }
        errs.finish()?;
        Ok(f)
    }

    fn base(&self) -> String {
        [
            ("region", &self.region),
            ("perpustakaan", &self.perpustakaan),
            ("status", &self.status),
            ("category", &self.category),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_deref().filter(|s| !s.is_empty()).map(|v| format!("{k}={}", urlencode(v))))
        .collect::<Vec<_>>()
        .join("&")
    }
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let (filter, errors) = match q.filter() {
        Ok(f) => (Some(f), Vec::new()),
        Err(Error::Validation(e)) => (None, e),
        Err(e) => return Err(e.into()),
    };
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok());
    let a = actor.clone();
    let (result, cats) = state
        .run(move |s| {
            let cats = activities::categories(s, true)?;
            let result = match filter {
                Some(f) => Some(activities::list(s, &a, f, PageRequest::new(page_no, Some(25)))?),
                None => None,
            };
            Ok((result, cats))
        })
        .await?;
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let statuses: Vec<(String, String)> =
        ReportStatus::ALL.iter().map(|s| (s.code().into(), s.label(lang).into())).collect();
    let cat_opts: Vec<(String, String)> = cats.iter().map(|c| (c.id.to_string(), c.name.clone())).collect();
    let body = html! {
        h1 { (t("Kegiatan pelibatan masyarakat", "Community activities")) }
        (flash(q.pesan.as_deref(), lang))
        div.actions {
            @if let lentera_core::user::Scope::Library { library_id } = &actor.scope {
                a.button href={ "/kegiatan/baru?perpustakaan=" (library_id) } { (t("Laporkan kegiatan", "Report an activity")) }
            }
            a.button.secondary href="/kotak-masuk" { (t("Kotak masuk", "Inbox")) }
            @if actor.can_report() { a.button.secondary href="/kegiatan/impor" { (t("Impor CSV/XLSX", "Import CSV/XLSX")) } }
            a.button.secondary href={ "/kegiatan/ekspor.csv?" (q.base()) } { (t("Ekspor CSV", "Export CSV")) }
            a.button.secondary href={ "/kegiatan/ekspor.xlsx?" (q.base()) } { (t("Ekspor XLSX", "Export XLSX")) }
        }
        form.filters method="get" action="/kegiatan" role="search" {
            (input(FieldSpec { name: "q", label: t("Cari judul", "Search title"), value: &v(&q.q), kind: "search", required: false, help: None }, &errors, lang))
            div.field { button type="submit" { (t("Terapkan", "Apply")) } " " a href="/kegiatan" { (t("Atur ulang", "Reset")) } }
            details.more open[!q.base().is_empty()] {
                summary { (t("Saringan lain", "More filters")) }
                (select("status", t("Status", "Status"), &statuses, &v(&q.status), Some(t("Semua", "All")), &errors, lang))
                (select("category", t("Kategori", "Category"), &cat_opts, &v(&q.category), Some(t("Semua", "All")), &errors, lang))
                (input(FieldSpec { name: "region", label: t("Kode wilayah", "Region code"), value: &v(&q.region), kind: "text", required: false, help: None }, &errors, lang))
                (input(FieldSpec { name: "from", label: t("Dari tanggal", "From"), value: &v(&q.from), kind: "date", required: false, help: None }, &errors, lang))
                (input(FieldSpec { name: "to", label: t("Sampai tanggal", "To"), value: &v(&q.to), kind: "date", required: false, help: None }, &errors, lang))
            }
        }
        (error_summary(&errors, lang))
        @if let Some(p) = &result {
            @if p.items.is_empty() {
                p.empty { (t("Belum ada laporan kegiatan yang cocok.", "No matching activity reports yet.")) }
            } @else {
                (activity_rows(&ctx, &p.items))
                (pager(p, &q.base(), lang))
            }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Kegiatan", "Activities"), body)))
}

fn activity_form(
    ctx: &Ctx,
    action: &str,
    v: &Form,
    version: Option<i64>,
    cats: &[Category],
    errors: &[FieldError],
) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let f = |name, label, kind, required, help| {
        input(FieldSpec { name, label, value: v.get(name), kind, required, help }, errors, lang)
    };
    let cat_opts: Vec<(String, String)> =
        cats.iter().filter(|c| !c.retired).map(|c| (c.id.to_string(), c.name.clone())).collect();
    let area = |name: &str, label: &str| {
        html! {
            div.field { label for=(name) { (label) } textarea id=(name) name=(name) rows="3" { (v.get(name)) } (field_errors(errors, name, lang)) }
        }
    };
    html! {
        (error_summary(errors, lang))
        form method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            input type="hidden" name="client_id" value=(v.get("client_id"));
            @if let Some(ver) = version { input type="hidden" name="version" value=(ver); }
            fieldset { legend { (t("Kegiatan", "Activity")) }
                (f("title", t("Judul kegiatan", "Title"), "text", true, None))
                (select("category_id", t("Kategori", "Category"), &cat_opts, v.get("category_id"), Some(t("— pilih —", "— choose —")), errors, lang))
                (f("start_date", t("Tanggal mulai", "Start date"), "date", true, None))
                (f("end_date", t("Tanggal selesai", "End date"), "date", false, Some(t("Kosongkan bila satu hari.", "Leave empty for a one-day activity."))))
                (f("place", t("Tempat", "Place"), "text", false, None))
                (area("description", t("Uraian", "Description")))
                (f("resource_persons", t("Narasumber", "Resource persons"), "text", false, None))
                (f("partners", t("Mitra yang terlibat", "Partners involved"), "text", false, None))
            }
            fieldset { legend { (t("Peserta", "Participants")) }
                (f("participants_total", t("Jumlah peserta", "Total participants"), "number", false, Some(t("Harus sama dengan laki-laki + perempuan.", "Must equal men + women."))))
                (f("male", t("Laki-laki", "Men"), "number", false, None))
                (f("female", t("Perempuan", "Women"), "number", false, None))
                (f("children", t("Anak-anak", "Children"), "number", false, None))
                (f("teens", t("Remaja", "Teens"), "number", false, None))
                (f("adults", t("Dewasa", "Adults"), "number", false, None))
                (f("elderly", t("Lansia", "Elderly"), "number", false, None))
                (f("disabled", t("Penyandang disabilitas", "People with disabilities"), "number", false, None))
            }
            fieldset { legend { (t("Hasil", "Results")) }
                (area("outputs", t("Keluaran (produk, keterampilan)", "Outputs (products, skills)")))
                (f("income_participants", t("Peserta yang memulai/menambah penghasilan", "Participants who started or grew an income"), "number", false, None))
                (f("income_rupiah", t("Perkiraan tambahan penghasilan (Rp)", "Estimated extra income (Rp)"), "text", false, Some("1500000")))
                (area("links", t("Tautan media sosial/berita (satu per baris)", "Social media/news links (one per line)")))
                (area("story", t("Kisah sukses atau testimoni", "Success story or testimonial")))
                div.field { label { input type="checkbox" name="story_consent" value="1" checked[v.get("story_consent") == "1"]; " "
                    (t("Orang yang bersangkutan setuju kisahnya dibagikan", "The person agreed to share the story")) } }
            }
            @if errors.iter().any(|e| e.kind == lentera_core::error::FieldErrorKind::Warning) {
                div.notice.bad {
                    label { input type="checkbox" name="confirm_warnings" value="1"; " "
                        (t("Saya sudah memeriksa peringatan di atas; data ini benar.", "I have checked the warnings above; this data is right.")) }
                }
            }
            @if version.is_none() { p { small { (t("Foto dokumentasi ditambahkan setelah draf disimpan.", "Photos are added once the draft is saved.")) } } }
            div.actions { button type="submit" { (t("Simpan draf", "Save draft")) } }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    perpustakaan: Option<String>,
}

async fn library_and_categories(
    state: &AppState,
    ctx: &Ctx,
    id: lentera_core::ids::LibraryId,
) -> Result<(Library, Vec<Category>), crate::http::error::PageError> {
    let actor = ctx.actor()?;
    let (lib, cats) =
        state.run(move |s| Ok((libraries::get(s, &actor, id)?, activities::categories(s, false)?))).await?;
    Ok((lib, cats))
}

/// The library a new report is for: the one named, else the reporter's own library.
fn library_for(ctx: &Ctx, q: &NewQuery) -> Result<Option<lentera_core::ids::LibraryId>, crate::http::PageError> {
    match q.perpustakaan.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => Ok(Some(parse_id(id)?)),
        None => Ok(match ctx.user.as_ref().map(|u| &u.scope) {
            Some(lentera_core::user::Scope::Library { library_id }) => Some(*library_id),
            _ => None,
        }),
    }
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let Some(id) = library_for(&ctx, &q)? else {
        // A coordinator reports for one of their libraries: from its page.
        let t = |id, en| ctx.t(id, en);
        let body = html! {
            h1 { (t("Laporkan kegiatan", "Report an activity")) }
            p { (t("Pilih dulu perpustakaannya, lalu tekan \"Laporkan kegiatan\" di halaman perpustakaan itu.", "First choose the library, then press \"Report an activity\" on its page.")) }
            p { a.button href="/perpustakaan" { (t("Pilih perpustakaan", "Choose a library")) } }
        };
        return Ok(html_response(page(Layout::from(&ctx), t("Laporkan kegiatan", "Report an activity"), body)));
    };
    let (lib, cats) = library_and_categories(&state, &ctx, id).await?;
    actor.require(actor.can_edit_library(&lib))?;
    // A fresh client id per form: submitting twice (double tap, retry) makes one report.
    let v = Form([("client_id".to_string(), new_uuid())].into_iter().collect());
    let body = html! {
        h1 { (ctx.t("Laporkan kegiatan", "Report an activity")) }
        p { (lib.name) }
        (activity_form(&ctx, &format!("/kegiatan/baru?perpustakaan={id}"), &v, None, &cats, &[]))
    };
    Ok(html_response(page(Layout::from(&ctx), ctx.t("Laporkan kegiatan", "Report an activity"), body)))
}

pub fn new_uuid() -> String {
    let s = lentera_core::password::new_secret();
    format!("{}-{}-4{}-a{}-{}", &s[0..8], &s[8..12], &s[13..16], &s[17..20], &s[20..32])
}

pub fn input_of(form: &Form) -> ActivityInput {
    ActivityInput {
        title: form.get("title").into(),
        start_date: form.get("start_date").into(),
        end_date: form.opt("end_date"),
        place: form.opt("place"),
        category_id: form.get("category_id").into(),
        description: form.opt("description"),
        resource_persons: form.opt("resource_persons"),
        partners: form.opt("partners"),
        participants_total: form.opt("participants_total"),
        male: form.opt("male"),
        female: form.opt("female"),
        children: form.opt("children"),
        teens: form.opt("teens"),
        adults: form.opt("adults"),
        elderly: form.opt("elderly"),
        disabled: form.opt("disabled"),
        outputs: form.opt("outputs"),
        income_participants: form.opt("income_participants"),
        income_rupiah: form.opt("income_rupiah"),
        links: form.opt("links"),
        story: form.opt("story"),
        story_consent: form.get("story_consent") == "1",
        confirm_warnings: form.get("confirm_warnings") == "1",
    }
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = library_for(&ctx, &q)?.ok_or(Error::NotFound)?;
    let input = input_of(&form);
    let client_id = form.opt("client_id");
    match state.run(move |s| activities::create(s, &actor, id, client_id.as_deref(), &input)).await {
        Ok((a, _)) => Ok(see_other(&format!("/kegiatan/{}?pesan=tersimpan", a.id))),
        Err(Error::Validation(errs)) => {
            let (_, cats) = library_and_categories(&state, &ctx, id).await?;
            let body = html! {
                h1 { (ctx.t("Laporkan kegiatan", "Report an activity")) }
                (activity_form(&ctx, &format!("/kegiatan/baru?perpustakaan={id}"), &form, None, &cats, &errs))
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(Layout::from(&ctx), ctx.t("Laporkan kegiatan", "Report an activity"), body),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<Pesan>,
) -> PageResult {
    let id = parse_id(&id)?;
    show_with(&state, &ctx, id, p.pesan, &[]).await
}

/// The activity's page, with the errors of its plan-link form when that failed.
pub async fn show_with(
    state: &AppState,
    ctx: &Ctx,
    id: lentera_core::ids::ActivityId,
    pesan: Option<String>,
    link_errors: &[lentera_core::FieldError],
) -> PageResult {
    let actor = ctx.actor()?;
    let policy = state.review_policy();
    let a2 = actor.clone();
    let (a, lib, moves, pics, (link, plan), partners) = state
        .run(move |s| {
            let a = activities::get(s, &a2, id)?;
            let lib = libraries::get(s, &a2, a.library_id)?;
            let moves = review::available(s, &a2, policy, &a)?;
            let pics = activities::photos(s, &a2, id)?;
            let link = lentera_core::services::workplans::activity_link(s, &a2, id)?;
            let partners = lentera_core::services::partners::of_activity(s, &a2, id)?;
            Ok((a, lib, moves, pics, link, partners))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let f = &a.fields;
    let o = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let pp = &f.participants;
    let body = html! {
        p.crumbs { a href="/kegiatan" { (t("Kegiatan", "Activities")) } a href={ "/perpustakaan/" (lib.id) } { (lib.name) } }
        h1 { (f.title) }
        (flash(pesan.as_deref(), lang))
        p { (status_badge(ctx, a.status)) }
        @if let Some(c) = &a.review_comment { @if a.status == ReportStatus::Returned {
            div.notice.bad role="status" { strong { (t("Catatan peninjau: ", "Reviewer's note: ")) } (c) }
        } }
        dl.facts {
            dt { (t("Kategori", "Category")) } dd { (a.category_name) }
            dt { (t("Tanggal", "Date")) } dd { (calendar_date(f.start_date, lang)) @if f.end_date != f.start_date { " – " (calendar_date(f.end_date, lang)) } }
            dt { (t("Tempat", "Place")) } dd { (o(&f.place)) }
            dt { (t("Uraian", "Description")) } dd { (o(&f.description)) }
            dt { (t("Narasumber", "Resource persons")) } dd { (o(&f.resource_persons)) }
            dt { (t("Mitra (ditulis)", "Partners (as written)")) } dd { (o(&f.partners)) }
            dt { (t("Peserta", "Participants")) } dd {
                (number(pp.total(), lang)) " (" (t("L", "M")) " " (pp.male) " · " (t("P", "F")) " " (pp.female) ")" br;
                small { (t("Anak", "Children")) " " (pp.children) " · " (t("Remaja", "Teens")) " " (pp.teens) " · " (t("Dewasa", "Adults")) " " (pp.adults) " · " (t("Lansia", "Elderly")) " " (pp.elderly) " · " (t("Disabilitas", "Disabilities")) " " (pp.disabled) }
            }
            dt { (t("Keluaran", "Outputs")) } dd { (o(&f.outputs)) }
            dt { (t("Dampak ekonomi", "Economic outcome")) } dd {
                (f.income_participants.map(|n| format!("{n} {}", t("peserta", "participants"))).unwrap_or_else(|| "—".into()))
                @if let Some(r) = f.income_rupiah { " · Rp " (number(r, lang)) }
            }
            dt { (t("Tautan", "Links")) } dd { @if f.links.is_empty() { "—" } @for l in &f.links { a href=(l) rel="nofollow noopener" { (l) } br; } }
            dt { (t("Kisah", "Story")) } dd { (o(&f.story)) @if f.story.is_some() { br; small { (if f.story_consent { t("dengan persetujuan", "with consent") } else { t("tanpa persetujuan: hanya untuk jajaran perpustakaan ini", "no consent: only for this library's chain") }) } } }
        }
        (photo_section(ctx, &a, &pics, a.status.editable() && actor.can_edit_library(&lib)))
        (super::plan_links::activity_link_section(ctx, &a, &link, plan.as_ref(), a.status.editable() && actor.can_edit_library(&lib), link_errors))
        (super::partners::activity_section(ctx, &a, &partners, actor.can_report() && actor.can_edit_library(&lib)))
        @if a.status.editable() && actor.can_edit_library(&lib) {
            div.actions { a.button.secondary href={ "/kegiatan/" (a.id) "/ubah" } { (t("Ubah laporan", "Edit report")) } }
        }
        (super::review::review_forms(ctx, &a, &moves))
    };
    let status = if link_errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, page(Layout::from(ctx), &a.fields.title, body)).into_response())
}

fn form_of(a: &Activity) -> Form {
    let f = &a.fields;
    let p = &f.participants;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    Form(
        [
            ("title", f.title.clone()),
            ("category_id", f.category_id.to_string()),
            ("start_date", f.start_date.to_string()),
            ("end_date", f.end_date.to_string()),
            ("place", o(&f.place)),
            ("description", o(&f.description)),
            ("resource_persons", o(&f.resource_persons)),
            ("partners", o(&f.partners)),
            ("participants_total", p.total().to_string()),
            ("male", p.male.to_string()),
            ("female", p.female.to_string()),
            ("children", p.children.to_string()),
            ("teens", p.teens.to_string()),
            ("adults", p.adults.to_string()),
            ("elderly", p.elderly.to_string()),
            ("disabled", p.disabled.to_string()),
            ("outputs", o(&f.outputs)),
            ("income_participants", f.income_participants.map(|v| v.to_string()).unwrap_or_default()),
            ("income_rupiah", f.income_rupiah.map(|v| v.to_string()).unwrap_or_default()),
            ("links", f.links.join("\n")),
            ("story", o(&f.story)),
            ("story_consent", if f.story_consent { "1".into() } else { String::new() }),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect(),
    )
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let (a, cats) = state.run(move |s| Ok((activities::get(s, &actor, id)?, activities::categories(s, true)?))).await?;
    let body = html! {
        h1 { (ctx.t("Ubah laporan kegiatan", "Edit activity report")) }
        @if !a.status.editable() { div.notice.bad { (ctx.t("Laporan ini terkunci selama ditinjau atau setelah disetujui.", "This report is locked while under review or after approval.")) } }
        @else { (activity_form(&ctx, &format!("/kegiatan/{id}/ubah"), &form_of(&a), Some(a.version), &cats, &[])) }
    };
    Ok(html_response(page(Layout::from(&ctx), &a.fields.title, body)))
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let input = input_of(&form);
    match state.run(move |s| activities::update(s, &actor, id, version, &input)).await {
        Ok(_) => Ok(see_other(&format!("/kegiatan/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => {
            let cats = state.run(|s| activities::categories(s, true)).await?;
            let body = html! {
                h1 { (ctx.t("Ubah laporan kegiatan", "Edit activity report")) }
                (activity_form(&ctx, &format!("/kegiatan/{id}/ubah"), &form, Some(version), &cats, &errs))
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(Layout::from(&ctx), ctx.t("Ubah laporan kegiatan", "Edit activity report"), body),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn photo_section(ctx: &Ctx, a: &Activity, photos: &[Photo], can_change: bool) -> Markup {
    let t = |id, en| ctx.t(id, en);
    html! {
        h2 { (t("Foto", "Photos")) " (" (photos.len()) "/" (MAX_PHOTOS) ")" }
        @if photos.is_empty() { p.empty { (t("Belum ada foto dokumentasi.", "No photos yet.")) } }
        div.photos { @for p in photos {
            figure {
                a href={ "/foto/" (p.name) } { img src={ "/foto/" (p.name) "/kecil" } alt=(t("Foto kegiatan", "Activity photo")) loading="lazy" width="160"; }
                @if can_change {
                    form method="post" action={ "/kegiatan/" (a.id) "/foto/" (p.id) "/hapus" } data-confirm=(t("Hapus foto ini?", "Delete this photo?")) {
                        input type="hidden" name="_csrf" value=(ctx.csrf);
                        button.link type="submit" { (t("Hapus", "Delete")) }
                    }
                }
            }
        } }
        @if can_change && photos.len() < MAX_PHOTOS {
            form method="post" action={ "/kegiatan/" (a.id) "/foto" } enctype="multipart/form-data" data-photos
                data-preparing=(t("Memperkecil foto…", "Making the photos smaller…")) data-sending=(t("Mengirim", "Sending"))
                data-failed=(t("Gagal mengirim; periksa sinyal lalu tekan Unggah lagi. Foto Anda masih terpilih.", "Sending failed; check the signal and press Upload again. Your photos are still selected.")) {
                input type="hidden" name="_csrf" value=(ctx.csrf);
                div.field {
                    label for="photo" { (t("Tambah foto (JPEG, PNG atau WebP, maks. 10 MB)", "Add photos (JPEG, PNG or WebP, max 10 MB)")) }
                    input #photo type="file" name="photo" accept="image/jpeg,image/png,image/webp" multiple;
                    small { (t("Foto diperkecil di ponsel sebelum dikirim. Lokasi GPS dan data kamera dihapus otomatis.", "Photos are made smaller on the phone before sending. GPS location and camera data are removed automatically.")) }
                }
                progress max="1" value="0" hidden {}
                p.upload-status role="status" {}
                button type="submit" { (t("Unggah", "Upload")) }
            }
        }
    }
}

/// Uploads one or more photos; each is checked and re-encoded, and a bad one is refused with
/// its own message while nothing of it is stored.
pub async fn upload_photos(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let too_big = || Error::field("photo", "Unggahan terlalu besar atau terputus.", "Upload too large or interrupted.");
    let mut csrf = String::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|_| too_big())? {
        match field.name().unwrap_or("") {
            "_csrf" => csrf = field.text().await.map_err(|_| too_big())?,
            "photo" => {
                let name = field.file_name().unwrap_or("foto").to_string();
                let bytes = field.bytes().await.map_err(|_| too_big())?;
                if !bytes.is_empty() {
                    files.push((name, bytes.to_vec()));
                }
                // More files than a report may hold: refused before any is decoded.
                if files.len() > MAX_PHOTOS {
                    return Err(Error::field(
                        "photo",
                        &format!("Paling banyak {MAX_PHOTOS} foto per laporan."),
                        &format!("At most {MAX_PHOTOS} photos per report."),
                    )
                    .into());
                }
            }
            _ => {}
        }
    }
    ctx.check_csrf(&Form([("_csrf".to_string(), csrf)].into_iter().collect()))?;
    if files.is_empty() {
        return Err(Error::field("photo", "Pilih foto untuk diunggah.", "Choose photos to upload.").into());
    }
    let (a, n) = (actor.clone(), files.len());
    state.run(move |s| activities::check_photo_upload(s, &a, id, n).map(|_| ())).await?;
    let dir = state.config.files_dir.clone();
    let result = state
        .run(move |s| {
            let mut problems = Vec::new();
            for (file, bytes) in files {
                let outcome = photos::add_to_activity(s, &actor, &dir, id, &bytes);
                match outcome {
                    Ok(_) => {}
                    Err(Error::Validation(v)) => problems.extend(v.into_iter().map(|mut f| {
                        f.message = format!("{file}: {}", f.message);
                        f.message_en = format!("{file}: {}", f.message_en);
                        f
                    })),
                    Err(e) => return Err(e),
                }
            }
            if problems.is_empty() { Ok(()) } else { Err(Error::Validation(problems)) }
        })
        .await;
    match result {
        Ok(()) => Ok(see_other(&format!("/kegiatan/{id}?pesan=tersimpan"))),
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let (id, pid) = (parse_id(&id)?, parse_id(&pid)?);
    let dir = state.config.files_dir.clone();
    state
        .run(move |s| {
            let p = activities::delete_photo(s, &actor, id, pid)?;
            photos::remove(&dir, &p.name);
            Ok(())
        })
        .await?;
    Ok(see_other(&format!("/kegiatan/{id}?pesan=dihapus")))
}

async fn serve_photo(state: AppState, ctx: Ctx, name: String, thumb: bool) -> PageResult {
    let actor = ctx.actor()?;
    if !photos::valid_name(&name) {
        return Err(Error::NotFound.into());
    }
    let dir = state.config.files_dir.clone();
    let bytes = state
        .run(move |s| {
            let p = activities::photo(s, &actor, &name)?;
            std::fs::read(photos::path_of(&dir, &p.name, thumb))
                .map_err(|e| Error::unexpected(format!("photo file {}: {e}", p.name)))
        })
        .await?;
    // Names are random and files never change: cache for long, but only in this browser.
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "image/jpeg"),
            (axum::http::header::CACHE_CONTROL, "private, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}

pub async fn photo(State(state): State<AppState>, ctx: Ctx, Path(name): Path<String>) -> PageResult {
    serve_photo(state, ctx, name, false).await
}

pub async fn photo_thumb(State(state): State<AppState>, ctx: Ctx, Path(name): Path<String>) -> PageResult {
    serve_photo(state, ctx, name, true).await
}

async fn export(state: AppState, ctx: Ctx, q: ListQuery, xlsx: bool) -> PageResult {
    let actor = ctx.actor()?;
    let filter = q.filter()?;
    let bytes = state.run(move |s| crate::report_io::export_activities(s, &actor, filter, xlsx)).await?;
    Ok(crate::http::download(bytes, if xlsx { "kegiatan.xlsx" } else { "kegiatan.csv" }))
}

pub async fn export_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    export(state, ctx, q, false).await
}

pub async fn export_xlsx(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    export(state, ctx, q, true).await
}

impl super::review::ReviewPages for Activity {
    const BASE: &'static str = "/kegiatan";

    fn rows(ctx: &Ctx, items: &[Self]) -> Markup {
        activity_rows(ctx, items)
    }
}

/// Saves an activity's link from its page's form (`POST /kegiatan/{id}/rencana`).
pub async fn link_activity(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id: lentera_core::ids::ActivityId = parse_id(&id)?;
    let mut errors = Vec::new();
    let mut draws = Vec::new();
    let mut keys: Vec<(&String, &String)> = form.0.iter().filter(|(k, _)| k.starts_with("draw_")).collect();
    keys.sort();
    for (k, v) in keys {
        let Ok(no) = k["draw_".len()..].parse::<i32>() else { continue };
        if v.trim().is_empty() {
            continue;
        }
        match lentera_core::money::parse_rupiah(v).filter(|n| *n > 0) {
            Some(n) => draws.push((no, n)),
            None => errors.push(FieldError::new(
                k,
                "Isi rupiah lebih dari 0, mis. 5.000.000.",
                "Rupiah above 0, e.g. 5,000,000.",
            )),
        }
    }
    let planned_no = form.get("planned_no").parse::<i32>().ok();
    if errors.is_empty() {
        let link = lentera_core::workplan::PlanLink { planned_no, draws };
        match state.run(move |s| lentera_core::services::workplans::link_activity(s, &actor, id, link)).await {
            Ok(_) => return Ok(see_other(&format!("/kegiatan/{id}?pesan=tersimpan#rencana"))),
            Err(Error::Validation(e)) => errors = e,
            Err(e) => return Err(e.into()),
        }
    }
    show_with(&state, &ctx, id, None, &errors).await
}
