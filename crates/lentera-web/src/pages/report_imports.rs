//! Importing activity reports and monthly figures from a spreadsheet, their templates, and
//! the monthly-figures export.

use axum::extract::{Multipart, Query, State};
use axum::response::IntoResponse;
use lentera_core::Result;

use super::imports::{ImportPage, form_page, no_file, outcome, read_upload};
use crate::ctx::Ctx;
use crate::html::{Layout, page};
use crate::http::error::PageError;
use crate::http::{PageResult, html_response};
use crate::{AppState, report_io};

use report_io::ReportKind as Kind;

fn spec(ctx: &Ctx, kind: Kind) -> ImportPage<'static> {
    match kind {
        Kind::Activities => ImportPage {
            title: ctx.t("Impor laporan kegiatan", "Import activity reports"),
            intro: ctx.t(
                "Unggah berkas CSV atau XLSX dengan kolom seperti templat, satu baris per kegiatan. Kegiatan yang sudah tersimpan (perpustakaan, tanggal mulai dan judul sama) dilewati, jadi berkas yang sama aman diimpor dua kali. Foto ditambahkan lewat halaman kegiatan.",
                "Upload a CSV or XLSX file in the template's columns, one row per activity. Activities already stored (same library, start date and title) are skipped, so the same file can safely be imported twice. Photos are added on each activity's page.",
            ),
            action: "/kegiatan/impor",
            template: "/kegiatan/templat",
            offer_submit: true,
            column_of: &|f: &str| report_io::column_of(&report_io::ACTIVITY_COLUMNS, f),
            noun: ("laporan kegiatan", "activity reports"),
        },
        Kind::Monthly => ImportPage {
            title: ctx.t("Impor laporan bulanan", "Import monthly figures"),
            intro: ctx.t(
                "Unggah berkas CSV atau XLSX dengan kolom seperti templat, satu baris per perpustakaan per bulan. Bulan yang sudah tersimpan dengan angka yang sama dilewati.",
                "Upload a CSV or XLSX file in the template's columns, one row per library and month. Months already stored with the same figures are skipped.",
            ),
            action: "/laporan-bulanan/impor",
            template: "/laporan-bulanan/templat",
            offer_submit: true,
            column_of: &|f: &str| report_io::column_of(&report_io::MONTHLY_COLUMNS, f),
            noun: ("laporan bulanan", "monthly reports"),
        },
    }
}

async fn show_form(ctx: Ctx, kind: Kind) -> PageResult {
    let actor = ctx.actor()?;
    actor.require(actor.can_report())?;
    let spec = spec(&ctx, kind);
    Ok(html_response(page(Layout::from(&ctx), spec.title, form_page(&ctx, &spec, None, &[], &[]))))
}

async fn import(state: AppState, ctx: Ctx, multipart: Multipart, kind: Kind) -> PageResult {
    let actor = ctx.actor()?;
    let upload = read_upload(&ctx, multipart).await?;
    actor.require(actor.can_report())?;
    let spec = spec(&ctx, kind);
    let Some((name, bytes)) = upload.file else { return no_file(&ctx, &spec) };
    let (mode, submit) = (upload.mode, upload.submit);
    let result = state.run(move |s| report_io::import(s, &actor, kind, (&name, &bytes), mode, submit)).await;
    outcome(&ctx, &spec, result)
}

pub async fn activities_form(ctx: Ctx) -> PageResult {
    show_form(ctx, Kind::Activities).await
}
pub async fn activities_import(State(state): State<AppState>, ctx: Ctx, multipart: Multipart) -> PageResult {
    import(state, ctx, multipart, Kind::Activities).await
}
pub async fn monthly_form(ctx: Ctx) -> PageResult {
    show_form(ctx, Kind::Monthly).await
}
pub async fn monthly_import(State(state): State<AppState>, ctx: Ctx, multipart: Multipart) -> PageResult {
    import(state, ctx, multipart, Kind::Monthly).await
}

fn template(bytes: Result<Vec<u8>>, name: &str) -> axum::response::Response {
    match bytes {
        Ok(b) => crate::http::download(b, name),
        Err(e) => PageError(e).into_response(),
    }
}
pub async fn activities_template_xlsx() -> impl IntoResponse {
    template(report_io::activity_template(true), "templat-kegiatan.xlsx")
}
pub async fn activities_template_csv() -> impl IntoResponse {
    template(report_io::activity_template(false), "templat-kegiatan.csv")
}
pub async fn monthly_template_xlsx() -> impl IntoResponse {
    template(report_io::monthly_template(true), "templat-laporan-bulanan.xlsx")
}
pub async fn monthly_template_csv() -> impl IntoResponse {
    template(report_io::monthly_template(false), "templat-laporan-bulanan.csv")
}

async fn monthly_export(state: AppState, ctx: Ctx, q: super::monthly::ListQuery, xlsx: bool) -> PageResult {
    let actor = ctx.actor()?;
    let filter = super::monthly::filter_of(&q)?;
    let bytes = state.run(move |s| report_io::export_monthly(s, &actor, filter, xlsx)).await?;
    Ok(crate::http::download(bytes, if xlsx { "laporan-bulanan.xlsx" } else { "laporan-bulanan.csv" }))
}
pub async fn monthly_export_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<super::monthly::ListQuery>,
) -> PageResult {
    monthly_export(state, ctx, q, false).await
}
pub async fn monthly_export_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<super::monthly::ListQuery>,
) -> PageResult {
    monthly_export(state, ctx, q, true).await
}
