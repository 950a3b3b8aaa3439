//! IPLM (`/iplm`): the index per province and regency/city for a year and method, computed
//! live from the libraries' figures, with the inputs behind each number, the KTAK fill rate,
//! a link to the libraries whose figures are missing, and the population (AM) import.

use axum::extract::{Multipart, Query, State};
use axum::response::IntoResponse;
use lentera_core::iplm::{Group, built_in};
use lentera_core::services::iplm;
use lentera_core::time_fmt::number;
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::ctx::Ctx;
use crate::html::{Layout, error_summary, flash, page};
use crate::http::{PageResult, html_response, see_other};

#[derive(Deserialize, Default)]
pub struct IplmQuery {
    tahun: Option<String>,
    metode: Option<String>,
    region: Option<String>,
    pesan: Option<String>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Query(q): Query<IplmQuery>) -> PageResult {
    let actor = ctx.actor()?;
    let default_year = state.env.year(lentera_core::region::TimeZone::Wib) - 1;
    let year = q
        .tahun
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|y| {
            y.trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (2018..=2100).contains(y))
                .ok_or_else(|| lentera_core::Error::field("tahun", "Tahun 2018–2100.", "Year 2018–2100."))
        })
        .transpose()?
        .unwrap_or(default_year);
    let method = iplm::method(q.metode.as_deref(), year)?;
    let m = method.clone();
    let rows = state.run(move |s| iplm::regions_index(s, &actor, year, &m)).await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let selected = q.region.as_deref().and_then(|r| rows.iter().find(|x| x.code.as_str() == r));
    let fmt = |v: f64| format!("{v:.2}").replace('.', if lang == lentera_core::i18n::Lang::En { "." } else { "," });
    let body = html! {
        h1 { "IPLM " (year) }
        (flash(q.pesan.as_deref(), lang))
        p { (t("Indeks Pembangunan Literasi Masyarakat dihitung langsung dari data KTAK perpustakaan, laporan yang disetujui, dan jumlah penduduk (AM). Provinsi dihitung dari totalnya sendiri, bukan rata-rata kabupaten/kota.", "The community literacy index, computed live from the libraries' KTAK figures, approved reports and population (AM). Provinces are computed from their own totals, not the mean of their regencies.")) }
        form.filters method="get" {
            div.field { label for="tahun" { (t("Tahun data", "Data year")) } input #tahun name="tahun" type="number" min="2018" max="2100" value=(year); }
            div.field { label for="metode" { (t("Metode", "Method")) }
                select #metode name="metode" { @for b in built_in() { option value=(b.code) selected[b.code == method.code] { (b.name) } } } }
            div.field { button type="submit" { (t("Hitung", "Compute")) } }
        }
        @if let Some(n) = &method.note { p { small { (n) } } }
        @if ctx.user.as_ref().is_some_and(|u| u.role.is_coordinator()) {
            p { a href="/iplm/penduduk" { (t("Impor jumlah penduduk (AM)", "Import population (AM)")) } " · " a href="/iplm/resmi" { (t("Impor nilai resmi", "Import published values")) } }
        }
        @if let Some(r) = selected {
            h2 #rincian { (r.name) ": " (fmt(r.computed.index)) " (" (r.computed.band) ")" }
            @if let Some(p) = r.published { p { (t("Nilai resmi yang dipublikasikan: ", "Officially published: ")) strong { (fmt(p)) } " (" (t("selisih ", "difference ")) (fmt(r.computed.index - p)) ")" } }
            p { (t("Keterisian data KTAK: ", "KTAK fill rate: ")) strong { (r.inputs.fill_rate()) "%" } " · "
                a href={ "/perpustakaan?region=" (r.code.as_str()) "&missing_ktak_year=" (year) } { (t("Perpustakaan yang datanya belum lengkap", "Libraries with missing figures")) } }
            @if r.inputs.population.is_empty() { div.notice.bad { (t("Jumlah penduduk (AM) wilayah ini untuk tahun ini belum diisi, sehingga unsur berbasis penduduk bernilai 0.", "Population (AM) for this region and year is missing, so population-based elements are 0.")) } }
            div.table-wrap { table {
                caption { (t("Unsur", "Elements")) }
                thead { tr { th scope="col" { (t("Unsur", "Element")) } th.num scope="col" { (t("Nilai", "Value")) } } }
                tbody { @for (name, v) in &r.computed.elements { tr { td { (name) } td.num { (format!("{v:.6}")) } } } }
            } }
            div.table-wrap { table {
                caption { (t("Masukan per kelompok perpustakaan", "Inputs per library group")) }
                thead { tr { th scope="col" { (t("Kelompok", "Group")) } th.num scope="col" { (t("Perpustakaan", "Libraries")) } th.num scope="col" { (t("Koleksi (eks.)", "Copies")) }
                    th.num scope="col" { (t("Tenaga", "Staff")) } th.num scope="col" { (t("Anggota", "Members")) } th.num scope="col" { (t("Kunjungan", "Visits")) } th.num scope="col" { (t("Penduduk (AM)", "Population (AM)")) } } }
                tbody { @for g in Group::ALL { @let i = r.inputs.groups.iter().find(|(x, _)| *x == g).map(|(_, i)| *i).unwrap_or_default(); tr {
                    td { (g.label(lang)) }
                    td.num { (number(i.libraries, lang)) }
                    td.num { (number(i.copies, lang)) " (" (i.copies_given) ")" }
                    td.num { (number(i.staff, lang)) " (" (i.staff_given) ")" }
                    td.num { (number(i.members, lang)) " (" (i.members_given) ")" }
                    td.num { (number(i.visits, lang)) " (" (i.visits_given) ")" }
                    td.num { (r.inputs.population.iter().find(|(x, _)| *x == g).map(|(_, n)| number(*n, lang)).unwrap_or_else(|| "—".into())) }
                } } }
            } }
            p { small { (t("Angka dalam kurung: berapa perpustakaan yang mengisi angka itu. Dari laporan yang disetujui: ", "In brackets: how many libraries gave the figure. From approved reports: "))
                (number(r.inputs.activities, lang)) " " (t("kegiatan", "activities")) ", " (number(r.inputs.participants, lang)) " " (t("peserta", "participants")) "." } }
        }
        div.table-wrap { table #iplm-wilayah {
            thead { tr { th scope="col" { (t("Wilayah", "Region")) } th.num scope="col" { "IPLM" } th scope="col" { (t("Kategori", "Category")) } th.num scope="col" { (t("Keterisian KTAK", "KTAK filled")) }
                th.num scope="col" { (t("Resmi", "Published")) } th.num scope="col" { (t("Selisih", "Difference")) } } }
            tbody { @for r in &rows { tr {
                td { a href={ "/iplm?tahun=" (year) "&metode=" (method.code) "&region=" (r.code.as_str()) "#rincian" } {
                    @if r.code.level() == lentera_core::region::RegionLevel::Province { strong { (r.name) } } @else { (r.name) } } }
                td.num { (fmt(r.computed.index)) }
                td { (r.computed.band) }
                td.num { (r.inputs.fill_rate()) "%" }
                td.num { (r.published.map(fmt).unwrap_or_else(|| "—".into())) }
                td.num { (r.published.map(|p| fmt(r.computed.index - p)).unwrap_or_else(|| "—".into())) }
            } } }
        } }
    };
    Ok(html_response(page(Layout::from(&ctx), "IPLM", body)))
}

/// A service that reads the rows of an uploaded table and saves them.
type ImportFn =
    fn(&lentera_core::services::Env, &lentera_core::access::Actor, &[Vec<String>]) -> lentera_core::Result<usize>;

/// What differs between the two imports on this page.
struct ImportKind {
    title: (&'static str, &'static str),
    intro: (&'static str, &'static str),
}

const POPULATION: ImportKind = ImportKind {
    title: ("Impor jumlah penduduk (AM)", "Import population (AM)"),
    intro: (
        "Berkas CSV atau XLSX dengan kolom kode_wilayah (provinsi atau kabupaten/kota), tahun, kelompok (umum, sekolah, perguruan_tinggi, khusus) dan jumlah. Baris yang sama (wilayah, tahun, kelompok) menggantikan angka lama. Semua atau tidak sama sekali.",
        "A CSV or XLSX file with kode_wilayah (province or regency/city), tahun, kelompok (umum, sekolah, perguruan_tinggi, khusus) and jumlah. The same region, year and group replaces the old figure. All or nothing.",
    ),
};

const PUBLISHED: ImportKind = ImportKind {
    title: ("Impor nilai IPLM resmi", "Import published IPLM values"),
    intro: (
        "Berkas CSV atau XLSX dengan kolom kode_wilayah, tahun dan nilai (nilai IPLM yang dipublikasikan Perpusnas). Ditampilkan di samping nilai hitungan Lentera. Semua atau tidak sama sekali.",
        "A CSV or XLSX file with kode_wilayah, tahun and nilai (the value Perpusnas published). Shown beside Lentera's computed value. All or nothing.",
    ),
};

fn import_page(ctx: &Ctx, kind: &ImportKind, errors: &[lentera_core::FieldError]) -> maud::Markup {
    let t = |id, en| ctx.t(id, en);
    let title = t(kind.title.0, kind.title.1);
    let body = html! {
        p.crumbs { a href="/iplm" { "IPLM" } }
        h1 { (title) }
        p { (t(kind.intro.0, kind.intro.1)) }
        (error_summary(errors, ctx.lang))
        form method="post" enctype="multipart/form-data" {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            div.field { label for="file" { (t("Berkas", "File")) } input #file name="file" type="file" accept=".csv,.xlsx" required; }
            div.actions { button type="submit" { (t("Impor", "Import")) } }
        }
    };
    page(Layout::from(ctx), title, body)
}

pub async fn population_form(ctx: Ctx) -> PageResult {
    let actor = ctx.actor()?;
    actor.require(actor.role.is_coordinator())?;
    Ok(html_response(import_page(&ctx, &POPULATION, &[])))
}

pub async fn published_form(ctx: Ctx) -> PageResult {
    let actor = ctx.actor()?;
    actor.require(actor.role == lentera_core::user::Role::NationalAdmin)?;
    Ok(html_response(import_page(&ctx, &PUBLISHED, &[])))
}

async fn import(state: &AppState, ctx: &Ctx, multipart: Multipart, kind: &ImportKind, run: ImportFn) -> PageResult {
    let actor = ctx.actor()?;
    let up = super::imports::read_upload(ctx, multipart).await?;
    let Some((name, bytes)) = up.file else {
        let e = lentera_core::FieldError::new("file", "Pilih berkas.", "Choose a file.");
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, import_page(ctx, kind, &[e])).into_response());
    };
    let result = state
        .run(move |s| {
            let rows = crate::tabular::read_table(&name, &bytes)?;
            run(s, &actor, &rows)
        })
        .await;
    match result {
        Ok(_) => Ok(see_other("/iplm?pesan=tersimpan")),
        Err(lentera_core::Error::Validation(errs)) => {
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, import_page(ctx, kind, &errs)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn population_import(State(state): State<AppState>, ctx: Ctx, multipart: Multipart) -> PageResult {
    import(&state, &ctx, multipart, &POPULATION, iplm::import_population).await
}

pub async fn published_import(State(state): State<AppState>, ctx: Ctx, multipart: Multipart) -> PageResult {
    import(&state, &ctx, multipart, &PUBLISHED, iplm::import_published).await
}
