//! The library registry pages: list with filters, view, create, edit, delete, KTAK figures,
//! import with a per-row report, and exports.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::access::Actor;
use lentera_core::audit::AuditFilter;
use lentera_core::i18n::Lang;
use lentera_core::library::{
    Equipment, EquipmentCondition, EquipmentInput, EquipmentItem, KtakFigures, Library, LibraryInput, LibrarySort,
    LibraryStatus, LibraryType, PageRequest, ProgrammeTier,
};
use lentera_core::monthly::Period;
use lentera_core::services::libraries;
use lentera_core::services::{audit, regions};
use lentera_core::time_fmt::number;
use lentera_core::{Error, FieldError};
use maud::{Markup, html};

use crate::ctx::Ctx;
use crate::html::{FieldSpec, Layout, error_summary, field_errors, flash, input, kpi_badge, page, pager, select};
use crate::http::error::PageError;
use crate::http::{Form, PageResult, html_response, parse_id, see_other};
use crate::query::LibraryQuery;
use crate::{AppState, library_io, tabular};

fn opts<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter().map(|&v| (code(v).to_string(), label(v).to_string())).collect()
}

fn type_options(lang: Lang) -> Vec<(String, String)> {
    opts(LibraryType::ALL, LibraryType::code, |t| t.label(lang))
}
fn status_options(lang: Lang) -> Vec<(String, String)> {
    opts(LibraryStatus::ALL, LibraryStatus::code, |t| t.label(lang))
}
fn tier_options(lang: Lang) -> Vec<(String, String)> {
    opts(ProgrammeTier::ALL, ProgrammeTier::code, |t| t.label(lang))
}

#[derive(serde::Deserialize, Default)]
pub struct ListParams {
    #[serde(flatten)]
    q: LibraryQuery,
    pesan: Option<String>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(p): Query<ListParams>) -> PageResult {
    let actor = ctx.actor()?;
    let t = |id, en| ctx.t(id, en);
    let parsed = p.q.to_filter();
    // Each programme library's colour for the last month that has ended.
    let kpi_month = Period::of(state.env.today(lentera_core::region::TimeZone::Wib)).previous();
    let rules = state.kpi_rules();
    let (result, colours, errors) = match parsed {
        Ok((filter, page)) => {
            let a = actor.clone();
            let (list, colours) = state
                .run(move |s| {
                    let list = libraries::list(s, &a, filter, page)?;
                    let ids: Vec<lentera_core::ids::LibraryId> = list.items.iter().map(|l| l.id).collect();
                    let colours = lentera_core::services::kpi::of_libraries(s, &a, &rules, &ids, kpi_month)?;
                    Ok((list, colours))
                })
                .await?;
            (Some(list), colours, Vec::new())
        }
        Err(Error::Validation(errs)) => (None, Default::default(), errs),
        Err(e) => return Err(e.into()),
    };
    let q = &p.q;
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let base = q.base_query();
    let lang = ctx.lang;
    let filtered =
        [&q.region, &q.library_type, &q.status, &q.programme_year, &q.programme_tier, &q.missing_ktak_year, &q.sort]
            .iter()
            .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()));
    let sorts: Vec<(String, String)> =
        LibrarySort::ALL.iter().map(|(c, id, en)| (c.to_string(), lang.t(id, en).to_string())).collect();
    let body = html! {
        h1 { (t("Perpustakaan", "Libraries")) }
        (flash(p.pesan.as_deref(), lang))
        div.actions {
            @if actor.role.is_coordinator() {
                a.button href="/perpustakaan/baru" { (t("Tambah perpustakaan", "Add library")) }
                a.button.secondary href="/perpustakaan/impor" { (t("Impor CSV/XLSX", "Import CSV/XLSX")) }
            }
            a.button.secondary href={ "/perpustakaan/ekspor.csv?" (base) } { (t("Ekspor CSV", "Export CSV")) }
            a.button.secondary href={ "/perpustakaan/ekspor.xlsx?" (base) } { (t("Ekspor XLSX", "Export XLSX")) }
        }
        form.filters method="get" action="/perpustakaan" role="search" aria-label=(t("Saring perpustakaan", "Filter libraries")) {
            (input(FieldSpec { name: "q", label: t("Cari nama atau NPP", "Search name or NPP"), value: &v(&q.q), kind: "search", required: false, help: None }, &errors, lang))
            div.field { button type="submit" { (t("Terapkan", "Apply")) } " " a href="/perpustakaan" { (t("Atur ulang", "Reset")) } }
            // The other filters fold away on small screens until used.
            details.more open[filtered || !errors.is_empty()] {
                summary { (t("Saringan lain dan urutan", "More filters and sorting")) }
                div.field {
                    label for="region" { (t("Kode wilayah", "Region code")) }
                    input #region name="region" value=(v(&q.region)) list="region-list" data-region-suggest="" autocomplete="off" placeholder="35.07";
                    datalist #region-list {}
                    small { (t("Ketik nama wilayah untuk saran.", "Type a region name for suggestions.")) }
                    (field_errors(&errors, "region", lang))
                }
                (select("type", t("Jenis", "Type"), &type_options(lang), &v(&q.library_type), Some(t("Semua jenis", "All types")), &errors, lang))
                (select("status", t("Status", "Status"), &status_options(lang), &v(&q.status), Some(t("Semua status", "All statuses")), &errors, lang))
                (input(FieldSpec { name: "programme_year", label: t("Tahun program", "Programme year"), value: &v(&q.programme_year), kind: "number", required: false, help: None }, &errors, lang))
                (select("programme_tier", t("Jenis dukungan", "Programme tier"), &tier_options(lang), &v(&q.programme_tier), Some(t("Semua", "All")), &errors, lang))
                (input(FieldSpec { name: "missing_ktak_year", label: t("Data KTAK kosong untuk tahun", "KTAK figures missing for year"), value: &v(&q.missing_ktak_year), kind: "number", required: false, help: Some(t("Perpustakaan yang datanya belum lengkap untuk tahun ini.", "Libraries whose figures for that year are incomplete.")) }, &errors, lang))
                (select("sort", t("Urutkan", "Sort"), &sorts, &v(&q.sort), None, &errors, lang))
            }
        }
        (error_summary(&errors, lang))
        @if let Some(page_data) = &result {
            @if page_data.items.is_empty() {
                div.empty {
                    p { (t("Tidak ada perpustakaan yang cocok dengan saringan ini.", "No library matches these filters.")) }
                    @if actor.role.is_coordinator() { p { a href="/perpustakaan/baru" { (t("Tambahkan perpustakaan pertama", "Add the first library")) } " · " a href="/perpustakaan/impor" { (t("atau impor dari spreadsheet", "or import from a spreadsheet")) } } }
                }
            } @else {
                div.table-wrap { table {
                    thead { tr {
                        th scope="col" { (t("Nama", "Name")) } th scope="col" { (t("Jenis", "Type")) }
                        th scope="col" { (t("Wilayah", "Region")) } th scope="col" { "NPP" } th scope="col" { (t("Program", "Programme")) }
                        th scope="col" { a href={ "/kinerja?periode=" (kpi_month) } { "KPI " (kpi_month.label(lang)) } }
                    } }
                    tbody { @for l in &page_data.items { tr {
                        td { a href={ "/perpustakaan/" (l.id) } { (l.name) } @if l.status != LibraryStatus::Active { " " span.badge { (l.status.label(lang)) } } }
                        td { (l.library_type.label(lang)) }
                        td { a href={ "/wilayah/" (l.region_code) } { (l.region_name) } br; small { code { (l.region_code) } } }
                        td { (l.npp.clone().unwrap_or_default()) }
                        td { @if let (Some(y), Some(tier)) = (l.programme_year, l.programme_tier) { (y) " · " (tier.label(lang)) } }
                        td { @if let Some(s) = colours.get(&l.id) { (kpi_badge(s.overall, lang)) } }
                    } } }
                } }
                (pager(page_data, &base, lang))
            }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), t("Perpustakaan", "Libraries"), body)))
}

fn library_form(
    ctx: &Ctx,
    action: &str,
    v: &LibraryInput,
    version: Option<i64>,
    errors: &[FieldError],
    can_set_programme: bool,
) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let f = |name, label, value: &str, kind, required, help| {
        input(FieldSpec { name, label, value, kind, required, help }, errors, lang)
    };
    html! {
        (error_summary(errors, lang))
        form method="post" action=(action) novalidate {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            @if let Some(ver) = version { input type="hidden" name="version" value=(ver); }
            fieldset { legend { (t("Identitas", "Identity")) }
                (f("name", t("Nama perpustakaan", "Library name"), &v.name, "text", true, None))
                (select("library_type", t("Jenis", "Type"), &type_options(lang), &v.library_type, Some(t("— pilih —", "— choose —")), errors, lang))
                (select("status", t("Status", "Status"), &status_options(lang), &v.status, None, errors, lang))
                (f("npp", "NPP", &o(&v.npp), "text", false, Some(t("Nomor Pokok Perpustakaan, bila ada (unik).", "National library number, if any (unique)."))))
            }
            fieldset { legend { (t("Lokasi", "Location")) }
                div.field {
                    label for="region_code" { (t("Kode wilayah (desa/kelurahan)", "Region code (village/ward)")) " *" }
                    input #region_code name="region_code" value=(v.region_code) list="region-list" data-region-suggest="village" autocomplete="off" required
                        aria-invalid=[errors.iter().any(|e| e.field == "region_code").then_some("true")];
                    datalist #region-list {}
                    small { (t("Ketik nama desa untuk saran, atau kode resmi mis. 35.07.12.2001.", "Type a village name for suggestions, or the official code e.g. 35.07.12.2001.")) }
                    (field_errors(errors, "region_code", lang))
                }
                (f("address", t("Alamat", "Address"), &o(&v.address), "text", false, None))
                (f("latitude", t("Lintang", "Latitude"), &o(&v.latitude), "text", false, Some("-7.2575")))
                (f("longitude", t("Bujur", "Longitude"), &o(&v.longitude), "text", false, Some("112.7521")))
            }
            fieldset { legend { (t("Profil", "Profile")) }
                (f("parent_institution", t("Lembaga induk", "Parent institution"), &o(&v.parent_institution), "text", false, None))
                (f("founded_year", t("Tahun berdiri", "Year founded"), &o(&v.founded_year), "number", false, None))
                (f("head_name", t("Kepala/pengelola", "Head/manager"), &o(&v.head_name), "text", false, None))
                (f("phone", t("Telepon/WhatsApp", "Phone/WhatsApp"), &o(&v.phone), "tel", false, None))
                (f("email", "Email", &o(&v.email), "email", false, None))
                (f("opening_days", t("Hari buka", "Opening days"), &o(&v.opening_days), "text", false, Some(t("mis. Senin–Sabtu 08.00–15.00", "e.g. Mon–Sat 08:00–15:00"))))
                (f("building_area_m2", t("Luas gedung (m²)", "Building area (m²)"), &o(&v.building_area_m2), "number", false, None))
            }
            @if can_set_programme {
                fieldset { legend { (t("Keanggotaan TPBIS", "TPBIS membership")) }
                    (f("programme_year", t("Tahun bergabung", "Year joined"), &o(&v.programme_year), "number", false, None))
                    (select("programme_tier", t("Jenis dukungan", "Programme tier"), &tier_options(lang), &o(&v.programme_tier), Some(t("— bukan peserta —", "— not a member —")), errors, lang))
                }
            } @else {
                input type="hidden" name="programme_year" value=(o(&v.programme_year));
                input type="hidden" name="programme_tier" value=(o(&v.programme_tier));
            }
            div.actions { button type="submit" { (t("Simpan", "Save")) } a.button.secondary href="/perpustakaan" { (t("Batal", "Cancel")) } }
        }
    }
}

fn input_from_form(f: &Form) -> LibraryInput {
    LibraryInput {
        name: f.get("name").into(),
        library_type: f.get("library_type").into(),
        status: f.get("status").into(),
        npp: f.opt("npp"),
        region_code: f.get("region_code").trim().into(),
        address: f.opt("address"),
        latitude: f.opt("latitude"),
        longitude: f.opt("longitude"),
        parent_institution: f.opt("parent_institution"),
        founded_year: f.opt("founded_year"),
        head_name: f.opt("head_name"),
        phone: f.opt("phone"),
        email: f.opt("email"),
        opening_days: f.opt("opening_days"),
        building_area_m2: f.opt("building_area_m2"),
        programme_year: f.opt("programme_year"),
        programme_tier: f.opt("programme_tier"),
    }
}

pub async fn new_form(ctx: Ctx) -> PageResult {
    let actor = ctx.actor()?;
    actor.require(actor.role.is_coordinator())?;
    let v = LibraryInput { status: "aktif".into(), ..Default::default() };
    let body = html! { h1 { (ctx.t("Tambah perpustakaan", "Add library")) } (library_form(&ctx, "/perpustakaan/baru", &v, None, &[], true)) };
    Ok(html_response(page(Layout::from(&ctx), ctx.t("Tambah perpustakaan", "Add library"), body)))
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let input = input_from_form(&form);
    let i = input.clone();
    match state.run(move |s| libraries::create(s, &actor, &i)).await {
        Ok(lib) => Ok(see_other(&format!("/perpustakaan/{}?pesan=dibuat", lib.id))),
        Err(Error::Validation(errs)) => {
            let body = html! { h1 { (ctx.t("Tambah perpustakaan", "Add library")) } (library_form(&ctx, "/perpustakaan/baru", &input, None, &errs, true)) };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(Layout::from(&ctx), ctx.t("Tambah perpustakaan", "Add library"), body),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Flash {
    pesan: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(fl): Query<Flash>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let a = actor.clone();
    let rules = state.kpi_rules();
    let (lib, chain, ktak, equipment, recent, history, kpi, plans) = state
        .run(move |s| {
            let lib = libraries::get(s, &a, id)?;
            // The current month too: its colour moves as reports come in and are approved.
            let now = Period::of(s.today(lib.region_code.time_zone()));
            let kpi = lentera_core::services::kpi::library_months(s, &a, &rules, id, now, 12)?;
            let chain = regions::ancestry(s, &lib.region_code)?;
            let ktak = libraries::ktak(s, &a, id)?;
            let equipment = libraries::equipment(s, &a, id)?;
            let recent = lentera_core::services::activities::list(
                s,
                &a,
                lentera_core::activity::ActivityFilter { library_id: Some(id), ..Default::default() },
                PageRequest::new(None, Some(10)),
            )?;
            let history = if a.role.is_coordinator() {
                let f = AuditFilter { entity: Some("library".into()), entity_id: Some(id.get()), ..Default::default() };
                audit::list(s, &a, f, PageRequest::new(None, Some(10))).ok().map(|p| p.items)
            } else {
                None
            };
            let plans = lentera_core::services::training::follow_ups_of_library(s, &a, id)?;
            Ok((lib, chain, ktak, equipment, recent, history, kpi, plans))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let o = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let tz = lib.region_code.time_zone();
    let this_year = state.env.year(tz);
    let body = html! {
        (crate::pages::regions::crumbs(&ctx, &chain))
        h1 { (lib.name) }
        (flash(fl.pesan.as_deref(), lang))
        dl.facts {
            dt { (t("Jenis", "Type")) } dd { (lib.library_type.label(lang)) }
            dt { (t("Status", "Status")) } dd { (lib.status.label(lang)) }
            dt { "NPP" } dd { (o(&lib.npp)) }
            dt { (t("Wilayah", "Region")) } dd { (chain.iter().rev().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ")) " (" code { (lib.region_code) } ")" }
            dt { (t("Alamat", "Address")) } dd { (o(&lib.address)) }
            dt { (t("Koordinat", "Coordinates")) } dd { @match (lib.latitude, lib.longitude) { (Some(a), Some(b)) => { (a) ", " (b) }, _ => { "—" } } }
            dt { (t("Lembaga induk", "Parent institution")) } dd { (o(&lib.parent_institution)) }
            dt { (t("Tahun berdiri", "Year founded")) } dd { (lib.founded_year.map(|y| y.to_string()).unwrap_or_else(|| "—".into())) }
            dt { (t("Kepala/pengelola", "Head/manager")) } dd { (o(&lib.head_name)) }
            dt { (t("Telepon", "Phone")) } dd { (o(&lib.phone)) }
            dt { "Email" } dd { (o(&lib.email)) }
            dt { (t("Hari buka", "Opening days")) } dd { (o(&lib.opening_days)) }
            dt { (t("Luas gedung", "Building area")) } dd { (lib.building_area_m2.map(|a| format!("{a} m²")).unwrap_or_else(|| "—".into())) }
            dt { (t("Program TPBIS", "TPBIS programme")) } dd { @if let (Some(y), Some(tier)) = (lib.programme_year, lib.programme_tier) { (y) " · " (tier.label(lang)) } @else { (t("Bukan peserta", "Not a member")) } }
            dt { (t("Terakhir diubah", "Last changed")) } dd { (lentera_core::time_fmt::date_time(lib.updated_at, tz, lang)) }
        }
        @if actor.can_edit_library(&lib) {
            div.actions {
                a.button href={ "/perpustakaan/" (lib.id) "/ubah" } { (t("Ubah data", "Edit")) }
                a.button.secondary href={ "/kegiatan/baru?perpustakaan=" (lib.id) } { (t("Laporkan kegiatan", "Report an activity")) }
                a.button.secondary href={ "/laporan-bulanan/baru?perpustakaan=" (lib.id) } { (t("Laporan bulanan", "Monthly report")) }
                a.button.secondary href={ "/kegiatan?perpustakaan=" (lib.id) } { (t("Kegiatan", "Activities")) }
                @if actor.can_manage_libraries_in(&lib.region_code) {
                    form.inline method="post" action={ "/perpustakaan/" (lib.id) "/hapus" } data-confirm=(t("Hapus perpustakaan ini? Tindakan ini tidak dapat dibatalkan.", "Delete this library? This cannot be undone.")) {
                        input type="hidden" name="_csrf" value=(ctx.csrf);
                        button.danger type="submit" { (t("Hapus", "Delete")) }
                    }
                }
            }
        }
        @if kpi.iter().any(|k| k.score.is_some()) {
            h2 { (t("Skor kinerja 12 bulan terakhir", "KPI colours, last 12 months")) }
            ul.kpi-strip #kpi-bulanan { @for k in kpi.iter().rev() { @if let Some(s) = k.score {
                @if k.provisional {
                    // Before the month's deadline a colour would judge what could not be done yet.
                    li.kpi-berjalan title=(t("Belum final: batas laporan bulan ini belum lewat", "Not final: this month's reporting deadline has not passed")) {
                        small { (k.facts.period.label(lang)) } br; strong { (t("Berjalan", "In progress")) }
                    }
                } @else {
                    li class={ "kpi-" (s.overall.code()) } title={ (k.facts.activities) " " (t("kegiatan", "activities")) ", " (k.facts.participants) " " (t("peserta", "participants")) } {
                        small { (k.facts.period.label(lang)) } br; strong { (s.overall.label(lang)) }
                    }
                }
            } } }
            @if let Some(k) = kpi.first() { @if let Some(s) = k.score {
                p #kpi-bulan-ini data-overall=(s.overall.code()) data-monthly=(s.monthly.code()) data-activities=(k.facts.activities) data-participants=(k.facts.participants) data-provisional=(k.provisional) {
                    (k.facts.period.label(lang)) " (" (t("bulan berjalan, sementara", "this month, provisional")) "): " (k.facts.activities) " " (t("kegiatan disetujui", "approved activities")) " " (kpi_badge(s.activities, lang))
                    " · " (number(k.facts.participants, lang)) " " (t("peserta", "participants")) " " (kpi_badge(s.participants, lang))
                    " · " (t("laporan bulanan", "monthly figures")) " "
                    @if k.provisional && k.facts.monthly_submitted_at.is_none() { (t("belum jatuh tempo", "not due yet")) }
                    @else { (crate::pages::kpi::monthly_word(s.monthly, lang)) } }
            } }
        }
        p { a.button.secondary href={ "/perpustakaan/" (lib.id) "/linimasa" } { (t("Linimasa: kegiatan, foto, cerita, data bulanan", "Timeline: activities, photos, stories, monthly figures")) } }
        p { a.button.secondary href={ "/rencana-kerja?perpustakaan=" (lib.id) } { (t("Rencana kerja dan anggaran", "Work plans and budgets")) } " "
            a.button.secondary href={ "/ringkasan/" (lib.id) } { (t("Ringkasan advokasi", "Advocacy brief")) } }
        h2 { (t("Data KTAK per tahun", "Yearly KTAK figures")) }
        p { small { (t("Koleksi, tenaga, anggota, kunjungan — dasar perhitungan IPLM.", "Collection, staff, members, visits — the basis of the IPLM index.")) } }
        @if ktak.is_empty() {
            p.empty { (t("Belum ada data KTAK.", "No KTAK figures yet.")) }
        } @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { (t("Tahun", "Year")) } @for (_, id, en) in KtakFigures::FIELDS { th.num scope="col" { (lang.t(id, en)) } } } }
                tbody { @for k in &ktak { tr { td { (k.year) } @for v in k.values() { td.num { (v.map(|v| number(v, lang)).unwrap_or_else(|| "—".into())) } } } } }
            } }
        }
        @if actor.can_edit_library(&lib) {
            details {
                summary { (t("Isi atau ubah data KTAK", "Enter or change KTAK figures")) }
                form method="post" action={ "/perpustakaan/" (lib.id) "/ktak" } {
                    input type="hidden" name="_csrf" value=(ctx.csrf);
                    (input(FieldSpec { name: "year", label: t("Tahun", "Year"), value: &(this_year - 1).to_string(), kind: "number", required: true, help: None }, &[], lang))
                    @for (name, id, en) in KtakFigures::FIELDS {
                        (input(FieldSpec { name, label: lang.t(id, en), value: "", kind: "number", required: false, help: None }, &[], lang))
                    }
                    button type="submit" { (t("Simpan KTAK", "Save KTAK")) }
                }
            }
        }
        h2 { (t("Kegiatan terbaru", "Recent activities")) " (" (recent.total) ")" }
        @if recent.items.is_empty() {
            p.empty { (t("Belum ada laporan kegiatan.", "No activity reports yet.")) }
        } @else {
            ul { @for a in &recent.items { li {
                a href={ "/kegiatan/" (a.id) } { (a.fields.title) } " · " (lentera_core::time_fmt::calendar_date(a.fields.start_date, lang))
                " · " (number(a.fields.participants.total(), lang)) " " (t("peserta", "participants")) " · " span.badge { (a.status.label(lang)) }
            } } }
            @if recent.total > 10 { p { a href={ "/kegiatan?perpustakaan=" (lib.id) } { (t("Semua kegiatan", "All activities")) } } }
        }
        h2 { (t("Rencana tindak lanjut dari acara", "Follow-up plans from events")) }
        @if plans.is_empty() { p.empty { (t("Belum ada. Peserta Bimtek menuliskannya di halaman peserta acara.", "None yet. Bimtek participants write them on the event's participant page.")) } }
        @for p in &plans {
            h3 { a href={ "/acara/" (p.event_id) } { (p.event_name) } }
            p { (p.plan) @if let Some(d) = p.target_date { " " small { "(" (t("target ", "target ")) (lentera_core::time_fmt::calendar_date(d, lang)) ")" } } }
        }
        (equipment_section(&ctx, &lib, &equipment, actor.can_edit_library(&lib)))
        @if let Some(h) = history {
            h2 { (t("Riwayat perubahan", "Change history")) }
            @if h.is_empty() { p.empty { (t("Belum ada perubahan tercatat.", "No recorded changes.")) } }
            @else { ul { @for e in &h { li {
                (lentera_core::time_fmt::date_time(e.at, tz, lang)) " · " strong { (e.actor_name) } " · " (e.action.label(lang))
                @let changed = e.changed_fields();
                @if !changed.is_empty() { " · " (changed.join(", ")) }
            } } } }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), &lib.name, body)))
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let a = actor.clone();
    let lib: Library = state.run(move |s| libraries::get(s, &a, id)).await?;
    actor.require(actor.can_edit_library(&lib))?;
    let body = html! {
        h1 { (ctx.t("Ubah data perpustakaan", "Edit library")) }
        (library_form(&ctx, &format!("/perpustakaan/{id}/ubah"), &LibraryInput::from(&lib), Some(lib.version), &[], actor.role.is_coordinator()))
    };
    Ok(html_response(page(Layout::from(&ctx), &lib.name, body)))
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let input = input_from_form(&form);
    let (a, i) = (actor.clone(), input.clone());
    match state.run(move |s| libraries::update(s, &a, id, version, &i)).await {
        Ok(_) => Ok(see_other(&format!("/perpustakaan/{id}?pesan=tersimpan"))),
        Err(Error::Validation(errs)) => {
            let body = html! {
                h1 { (ctx.t("Ubah data perpustakaan", "Edit library")) }
                (library_form(&ctx, &format!("/perpustakaan/{id}/ubah"), &input, Some(version), &errs, actor.role.is_coordinator()))
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(Layout::from(&ctx), ctx.t("Ubah data perpustakaan", "Edit library"), body),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    state.run(move |s| libraries::delete(s, &actor, id)).await?;
    Ok(see_other("/perpustakaan?pesan=dihapus"))
}

pub async fn save_ktak(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let mut errs = lentera_core::error::Errors::default();
    let year = form.get("year").trim().parse::<i32>().unwrap_or_else(|_| {
        errs.add("year", "Tahun wajib diisi.", "Year is required.");
        0
    });
    let mut num = |k: &str| -> Option<i64> {
        let s = form.get(k).trim().replace('.', "");
        if s.is_empty() {
            return None;
        }
        s.parse().map_err(|_| errs.add(k, "Harus bilangan bulat.", "Must be a whole number.")).ok()
    };
    let k = KtakFigures {
        year,
        collection_titles: num("collection_titles"),
        collection_copies: num("collection_copies"),
        staff_librarians: num("staff_librarians"),
        staff_other: num("staff_other"),
        members: num("members"),
        visits: num("visits"),
    };
    errs.finish()?;
    state.run(move |s| libraries::save_ktak(s, &actor, id, &k)).await?;
    Ok(see_other(&format!("/perpustakaan/{id}?pesan=tersimpan")))
}

async fn export(state: AppState, ctx: Ctx, q: LibraryQuery, xlsx: bool) -> PageResult {
    let actor: Actor = ctx.actor()?;
    let (filter, _) = q.to_filter()?;
    let bytes = state.run(move |s| library_io::export(s, &actor, filter, xlsx)).await?;
    Ok(crate::http::download(bytes, if xlsx { "perpustakaan.xlsx" } else { "perpustakaan.csv" }))
}

pub async fn export_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<LibraryQuery>) -> PageResult {
    export(state, ctx, q, false).await
}

pub async fn export_xlsx(State(state): State<AppState>, ctx: Ctx, Query(q): Query<LibraryQuery>) -> PageResult {
    export(state, ctx, q, true).await
}

fn template_example() -> Vec<String> {
    [
        "Perpustakaan Desa Sukamaju",
        "umum_desa",
        "aktif",
        "",
        "35.07.12.2001",
        "Jl. Raya Desa No. 1",
        "-8.05",
        "112.62",
        "Pemerintah Desa",
        "2015",
        "Siti Aminah",
        "081234567890",
        "",
        "Senin–Sabtu",
        "36",
        "2023",
        "penuh",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

pub async fn template_csv() -> impl IntoResponse {
    match tabular::write_csv(&library_io::headers(), vec![template_example()]) {
        Ok(b) => crate::http::download(b, "templat-perpustakaan.csv"),
        Err(e) => PageError(e).into_response(),
    }
}

pub async fn template_xlsx() -> impl IntoResponse {
    match tabular::write_xlsx(&library_io::headers(), vec![template_example()], &library_io::INSTRUCTIONS) {
        Ok(b) => crate::http::download(b, "templat-perpustakaan.xlsx"),
        Err(e) => PageError(e).into_response(),
    }
}

fn import_page_spec(ctx: &Ctx) -> super::imports::ImportPage<'static> {
    super::imports::ImportPage {
        title: ctx.t("Impor perpustakaan", "Import libraries"),
        intro: ctx.t(
            "Unggah berkas CSV atau XLSX dengan kolom seperti templat. Bila ada baris yang salah, tidak ada yang disimpan kecuali Anda memilih mengimpor baris yang benar saja.",
            "Upload a CSV or XLSX file with the template's columns. If any row is wrong nothing is saved, unless you choose to import only the valid rows.",
        ),
        action: "/perpustakaan/impor",
        template: "/perpustakaan/templat",
        offer_submit: false,
        column_of: &|f: &str| f.to_string(),
        noun: ("perpustakaan", "libraries"),
    }
}

pub async fn import_form(ctx: Ctx) -> PageResult {
    let actor = ctx.actor()?;
    actor.require(actor.role.is_coordinator())?;
    let spec = import_page_spec(&ctx);
    Ok(html_response(page(Layout::from(&ctx), spec.title, super::imports::form_page(&ctx, &spec, None, &[], &[]))))
}

pub async fn import(State(state): State<AppState>, ctx: Ctx, multipart: Multipart) -> PageResult {
    let actor = ctx.actor()?;
    let upload = super::imports::read_upload(&ctx, multipart).await?;
    actor.require(actor.role.is_coordinator())?;
    let spec = import_page_spec(&ctx);
    let Some((name, bytes)) = upload.file else { return super::imports::no_file(&ctx, &spec) };
    let mode = upload.mode;
    let result = state
        .run(move |s| {
            let table = tabular::read_table(&name, &bytes)?;
            let rows = library_io::from_rows(&table)?;
            let numbers = library_io::data_row_numbers(&table);
            if rows.is_empty() {
                return Err(Error::field("file", "Berkas tidak berisi baris data.", "The file has no data rows."));
            }
            Ok((libraries::import(s, &actor, &rows, mode)?, numbers))
        })
        .await;
    super::imports::outcome(&ctx, &spec, result)
}

fn equipment_form(ctx: &Ctx, action: &str, e: Option<&Equipment>) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let items: Vec<(String, String)> =
        EquipmentItem::ALL.iter().map(|i| (i.code().into(), i.label(lang).into())).collect();
    let conditions: Vec<(String, String)> =
        EquipmentCondition::ALL.iter().map(|c| (c.code().into(), c.label(lang).into())).collect();
    let o = |v: Option<String>| v.unwrap_or_default();
    let suffix = e.map(|e| format!("-{}", e.id)).unwrap_or_default();
    html! {
        form method="post" action=(action) {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            div.field { label for={ "item" (suffix) } { (t("Barang", "Item")) }
                select id={ "item" (suffix) } name="item" { @for (v, l) in &items { option value=(v) selected[e.is_some_and(|e| e.item.code() == v)] { (l) } } } }
            div.field { label for={ "quantity" (suffix) } { (t("Jumlah", "Quantity")) " *" }
                input id={ "quantity" (suffix) } name="quantity" type="number" min="1" required value=(e.map(|e| e.quantity.to_string()).unwrap_or_else(|| "1".into())); }
            div.field { label for={ "year_received" (suffix) } { (t("Tahun diterima", "Year received")) }
                input id={ "year_received" (suffix) } name="year_received" type="number" value=(o(e.and_then(|e| e.year_received.map(|y| y.to_string())))); }
            div.field { label for={ "source" (suffix) } { (t("Sumber", "Source")) }
                input id={ "source" (suffix) } name="source" value=(o(e.and_then(|e| e.source.clone()))) placeholder="TPBIS 2023"; }
            div.field { label for={ "description" (suffix) } { (t("Keterangan", "Description")) }
                input id={ "description" (suffix) } name="description" value=(o(e.and_then(|e| e.description.clone()))); }
            div.field { label for={ "condition" (suffix) } { (t("Kondisi", "Condition")) }
                select id={ "condition" (suffix) } name="condition" { @for (v, l) in &conditions { option value=(v) selected[e.is_some_and(|e| e.condition.code() == v)] { (l) } } } }
            div.field { label { input type="checkbox" name="in_use" value="1" checked[e.is_none_or(|e| e.in_use)]; " " (t("Dipakai", "In use")) } }
            button type="submit" { (t("Simpan", "Save")) }
        }
    }
}

fn equipment_section(ctx: &Ctx, lib: &Library, items: &[Equipment], can_edit: bool) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    html! {
        h2 { (t("Peralatan diterima", "Equipment received")) }
        @if items.is_empty() {
            p.empty { (t("Belum ada peralatan tercatat.", "No equipment recorded.")) }
        } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (t("Barang", "Item")) } th.num scope="col" { (t("Jumlah", "Qty")) }
                    th scope="col" { (t("Tahun", "Year")) } th scope="col" { (t("Kondisi", "Condition")) } th scope="col" { (t("Dipakai", "In use")) }
                } }
                tbody { @for e in items { tr {
                    td { (e.item.label(lang)) @if let Some(d) = &e.description { br; small { (d) } } @if let Some(s) = &e.source { br; small { (s) } } }
                    td.num { (number(e.quantity, lang)) }
                    td { (e.year_received.map(|y| y.to_string()).unwrap_or_else(|| "—".into())) }
                    td { (e.condition.label(lang)) }
                    td { (if e.in_use { t("ya", "yes") } else { t("tidak", "no") }) }
                } } }
            } }
        }
        @if can_edit {
            @for e in items {
                details {
                    summary { (t("Ubah", "Edit")) ": " (e.item.label(lang)) " (" (e.quantity) ")" }
                    (equipment_form(ctx, &format!("/perpustakaan/{}/peralatan/{}", lib.id, e.id), Some(e)))
                    form method="post" action={ "/perpustakaan/" (lib.id) "/peralatan/" (e.id) "/hapus" } data-confirm=(t("Hapus catatan peralatan ini?", "Delete this equipment record?")) {
                        input type="hidden" name="_csrf" value=(ctx.csrf);
                        button.danger type="submit" { (t("Hapus", "Delete")) }
                    }
                }
            }
            details {
                summary { (t("Catat peralatan", "Record equipment")) }
                (equipment_form(ctx, &format!("/perpustakaan/{}/peralatan", lib.id), None))
            }
        }
    }
}

fn equipment_input(form: &Form) -> EquipmentInput {
    EquipmentInput {
        item: form.get("item").into(),
        description: form.opt("description"),
        quantity: form.get("quantity").into(),
        year_received: form.opt("year_received"),
        source: form.opt("source"),
        condition: form.get("condition").into(),
        in_use: form.get("in_use") == "1",
    }
}

pub async fn add_equipment(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, form: Form) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let input = equipment_input(&form);
    state.run(move |s| libraries::save_equipment(s, &actor, id, None, &input)).await?;
    Ok(see_other(&format!("/perpustakaan/{id}?pesan=tersimpan")))
}

pub async fn update_equipment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, eid)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let (id, eid) = (parse_id(&id)?, parse_id(&eid)?);
    let input = equipment_input(&form);
    state.run(move |s| libraries::save_equipment(s, &actor, id, Some(eid), &input)).await?;
    Ok(see_other(&format!("/perpustakaan/{id}?pesan=tersimpan")))
}

pub async fn delete_equipment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, eid)): Path<(String, String)>,
    form: Form,
) -> PageResult {
    ctx.check_csrf(&form)?;
    let actor = ctx.actor()?;
    let (id, eid) = (parse_id(&id)?, parse_id(&eid)?);
    state.run(move |s| libraries::delete_equipment(s, &actor, id, eid)).await?;
    Ok(see_other(&format!("/perpustakaan/{id}?pesan=dihapus")))
}

#[derive(serde::Deserialize, Default)]
pub struct TimelineQuery {
    tahun: Option<String>,
}

/// A library's year, month by month: figures, activities with photos and stories, KPI colour.
pub async fn timeline(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<TimelineQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_id(&id)?;
    let rules = state.kpi_rules();
    let (lib, months, year, this_year) = state
        .run(move |s| {
            let lib = libraries::get(s, &actor, id)?;
            let this_year = s.year(lib.region_code.time_zone());
            let year = match q.tahun.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
                Some(y) => y.parse().map_err(|_| Error::field("tahun", "Tahun tidak sah.", "Invalid year."))?,
                None => this_year,
            };
            let months = lentera_core::services::timeline::year(s, &actor, &rules, id, year)?;
            Ok((lib, months, year, this_year))
        })
        .await?;
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    let first_year = lib.programme_year.unwrap_or(this_year).min(this_year - 4).max(2018);
    let body = html! {
        nav.crumbs { a href={ "/perpustakaan/" (lib.id) } { (lib.name) } }
        h1 { (t("Linimasa ", "Timeline ")) (year) }
        nav.actions aria-label=(t("Tahun", "Year")) {
            @for y in (first_year..=this_year).rev() {
                @if y == year { strong { (y) } } @else { a href={ "/perpustakaan/" (lib.id) "/linimasa?tahun=" (y) } { (y) } }
            }
        }
        @if months.is_empty() { p.empty { (t("Belum ada kegiatan atau laporan bulanan pada tahun ini.", "No activities or monthly figures this year.")) } }
        @for m in &months {
            section.month {
                h2 { (m.period.label(lang)) @if let Some(s) = m.kpi.as_ref().and_then(|k| k.score) { " " (kpi_badge(s.overall, lang)) } }
                @if let Some(r) = &m.monthly {
                    p { a href={ "/laporan-bulanan/" (r.id) } { (t("Laporan bulanan", "Monthly figures")) } " · " span.badge { (r.status.label(lang)) }
                        " · " (number(r.figures.visitors(), lang)) " " (t("pengunjung", "visitors"))
                        " · " (number(r.figures.loans, lang)) " " (t("peminjaman", "loans"))
                        " · " (number(r.figures.total_members, lang)) " " (t("anggota", "members")) }
                } @else { p { small { (t("Belum ada laporan bulanan.", "No monthly figures.")) } } }
                @for (a, photos) in &m.activities {
                    article {
                        h3 { a href={ "/kegiatan/" (a.id) } { (a.fields.title) } }
                        p { (lentera_core::time_fmt::calendar_date(a.fields.start_date, lang)) " · " (a.category_name) " · "
                            (number(a.fields.participants.total(), lang)) " " (t("peserta", "participants")) " · " span.badge { (a.status.label(lang)) } }
                        @if !photos.is_empty() { p { @for p in photos.iter().take(4) {
                            a href={ "/foto/" (p.name) } { img src={ "/foto/" (p.name) "/kecil" } alt=(a.fields.title) loading="lazy" width="120"; } " "
                        } } }
                        @if let Some(story) = &a.fields.story { blockquote { (story) } }
                    }
                }
            }
        }
    };
    Ok(html_response(page(Layout::from(&ctx), &format!("{} · {}", lib.name, year), body)))
}
