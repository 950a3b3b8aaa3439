//! The spreadsheet import pages (libraries, activity reports, monthly figures) share one
//! form, one upload reader and one per-row report.

use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lentera_core::i18n::Lang;
use lentera_core::services::libraries::{ImportMode, ImportReport};
use lentera_core::time_fmt::number;
use lentera_core::{Error, FieldError};
use maud::{Markup, html};

use crate::ctx::Ctx;
use crate::html::{Layout, error_summary, page};
use crate::http::error::PageError;
use crate::http::{Form, PageResult};

/// What differs between the import pages.
pub struct ImportPage<'a> {
    pub title: &'a str,
    pub intro: &'a str,
    pub action: &'a str,
    /// The template's address without its extension.
    pub template: &'a str,
    /// Offer "submit for review at once" (reports only).
    pub offer_submit: bool,
    /// The column a validation message's field belongs to.
    pub column_of: &'a (dyn Fn(&str) -> String + Sync),
    /// What one row is, for the success message ("perpustakaan", "laporan").
    pub noun: (&'a str, &'a str),
}

/// An upload as sent by the form.
pub struct Upload {
    pub mode: ImportMode,
    pub submit: bool,
    pub file: Option<(String, Vec<u8>)>,
}

/// Reads the form's fields and checks its CSRF token.
pub async fn read_upload(ctx: &Ctx, mut multipart: Multipart) -> Result<Upload, PageError> {
    let mut csrf = String::new();
    let mut up = Upload { mode: ImportMode::AllOrNothing, submit: false, file: None };
    let too_big = || {
        PageError(Error::field(
            "file",
            "Berkas terlalu besar atau unggahan terputus.",
            "File too large or upload interrupted.",
        ))
    };
    while let Some(field) = multipart.next_field().await.map_err(|_| too_big())? {
        match field.name().unwrap_or("") {
            "_csrf" => csrf = field.text().await.map_err(|_| too_big())?,
            "mode" => {
                let text = field.text().await.map_err(|_| too_big())?;
                up.mode = ImportMode::parse(&text).unwrap_or(ImportMode::AllOrNothing);
            }
            "submit" => up.submit = field.text().await.map_err(|_| too_big())? == "1",
            "file" => {
                let name = field.file_name().unwrap_or("").to_string();
                up.file = Some((name, field.bytes().await.map_err(|_| too_big())?.to_vec()));
            }
            _ => {}
        }
    }
    ctx.check_csrf(&Form([("_csrf".to_string(), csrf)].into_iter().collect()))?;
    up.file = up.file.filter(|(_, b)| !b.is_empty());
    Ok(up)
}

pub fn form_page(
    ctx: &Ctx,
    p: &ImportPage,
    report: Option<&ImportReport>,
    file_errors: &[FieldError],
    row_numbers: &[usize],
) -> Markup {
    let t = |id, en| ctx.t(id, en);
    let lang = ctx.lang;
    html! {
        h1 { (p.title) }
        p { (p.intro) }
        p { a href={ (p.template) ".xlsx" } { (t("Unduh templat XLSX (dengan petunjuk)", "Download the XLSX template (with instructions)")) } " · " a href={ (p.template) ".csv" } { (t("templat CSV", "CSV template")) } }
        (error_summary(file_errors, lang))
        @if let Some(r) = report {
            @if r.written {
                (crate::html::notice("good", &format!("{} {} {}", number(r.imported as i64, lang), lang.t(p.noun.0, p.noun.1), t("diimpor.", "imported."))))
            } @else if r.errors.is_empty() {
                (crate::html::notice("good", &format!("{} {} {}", t("Pemeriksaan selesai:", "Check complete:"), number(r.valid as i64, lang), t("baris baru yang benar; belum ada yang disimpan.", "new valid rows; nothing saved yet."))))
            } @else {
                div.notice.bad role="alert" { (format!("{} {} · {} {}", number(r.errors.len() as i64, lang), t("baris bermasalah", "rows with problems"), number(r.valid as i64, lang), t("baris benar", "valid rows"))) ". " (t("Tidak ada data yang disimpan.", "Nothing was saved.")) }
            }
            @if r.skipped > 0 {
                (crate::html::notice("good", &format!("{} {}", number(r.skipped as i64, lang), t("baris sudah tersimpan sebelumnya dan dilewati.", "rows were already stored and were skipped."))))
            }
            @if !r.errors.is_empty() {
                div.table-wrap { table #kesalahan-impor {
                    thead { tr { th scope="col" { (t("Baris", "Row")) } th scope="col" { (t("Kolom", "Column")) } th scope="col" { (t("Masalah", "Problem")) } } }
                    tbody { @for re in &r.errors { @for e in &re.errors { tr {
                        td { (row_numbers.get(re.row - 2).copied().unwrap_or(re.row)) } td { ((p.column_of)(&e.field)) } td { (if lang == Lang::En { &e.message_en } else { &e.message }) }
                    } } } }
                } }
            }
        }
        form method="post" action=(p.action) enctype="multipart/form-data" {
            input type="hidden" name="_csrf" value=(ctx.csrf);
            div.field { label for="file" { (t("Berkas (CSV atau XLSX)", "File (CSV or XLSX)")) " *" } input #file type="file" name="file" accept=".csv,.xlsx" required; }
            @if p.offer_submit {
                div.field { label { input type="checkbox" name="submit" value="1"; " " (t("Langsung ajukan untuk diverifikasi (bukan draf)", "Submit for review at once (not drafts)")) } }
            }
            fieldset { legend { (t("Bila ada baris yang salah", "If some rows are wrong")) }
                label { input type="radio" name="mode" value="all" checked; " " (t("jangan simpan apa pun (disarankan)", "save nothing (recommended)")) } br;
                label { input type="radio" name="mode" value="valid"; " " (t("impor baris yang benar saja", "import only the valid rows")) } br;
                label { input type="radio" name="mode" value="check"; " " (t("periksa saja, jangan simpan", "check only, save nothing")) }
            }
            button type="submit" { (t("Impor", "Import")) }
        }
    }
}

/// Renders the outcome of an import: the report (422 when rows were refused) or the file's
/// problems.
pub fn outcome(ctx: &Ctx, p: &ImportPage, result: lentera_core::Result<(ImportReport, Vec<usize>)>) -> PageResult {
    match result {
        Ok((report, numbers)) => {
            let status = if report.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            Ok((status, page(Layout::from(ctx), p.title, form_page(ctx, p, Some(&report), &[], &numbers)))
                .into_response())
        }
        Err(Error::Validation(errs)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(Layout::from(ctx), p.title, form_page(ctx, p, None, &errs, &[])),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

pub fn no_file(ctx: &Ctx, p: &ImportPage) -> PageResult {
    let errs = [FieldError::new("file", "Pilih berkas untuk diimpor.", "Choose a file to import.")];
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page(Layout::from(ctx), p.title, form_page(ctx, p, None, &errs, &[])))
        .into_response())
}
