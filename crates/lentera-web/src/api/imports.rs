//! What every import over the API shares: the mode, the file's format, and the report.

use axum::http::{HeaderMap, header};
use lentera_core::services::libraries::{self, ImportReport};
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::ApiResult;
use crate::http::ApiError;

/// The import mode a request asks for.
pub fn import_mode(mode: &Option<String>) -> ApiResult<libraries::ImportMode> {
    match mode.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => Ok(libraries::ImportMode::AllOrNothing),
        Some(m) => libraries::ImportMode::parse(m)
            .ok_or_else(|| ApiError::bad_request("mode", "mode: all, valid atau check.", "mode: all, valid or check.")),
    }
}

/// A file name that tells the table reader the format: from `format`, else the content type
/// (the reader also recognises XLSX by its bytes).
pub fn upload_name(format: &Option<String>, headers: &HeaderMap) -> ApiResult<&'static str> {
    let is_xlsx = match format.as_deref() {
        None => false,
        Some("csv") => false,
        Some("xlsx") => true,
        Some(_) => return Err(ApiError::bad_request("format", "format: csv atau xlsx.", "format: csv or xlsx.")),
    } || headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("spreadsheetml"));
    Ok(if is_xlsx { "upload.xlsx" } else { "upload.csv" })
}

// The request and response bodies of these routes, as the OpenAPI document shows them.

#[derive(Serialize, ToSchema)]
pub struct RowErrorDto {
    /// Row number as in the spreadsheet (the header is row 1).
    pub row: usize,
    pub errors: Vec<crate::http::error::FieldErrorBody>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportReportDto {
    pub rows: usize,
    pub valid: usize,
    pub imported: usize,
    /// Rows already stored (an earlier import of the same data): not written again.
    pub skipped: usize,
    /// Whether anything was written.
    pub written: bool,
    pub errors: Vec<RowErrorDto>,
}

impl From<&ImportReport> for ImportReportDto {
    fn from(r: &ImportReport) -> Self {
        ImportReportDto {
            rows: r.rows,
            valid: r.valid,
            imported: r.imported,
            skipped: r.skipped,
            written: r.written,
            errors: r
                .errors
                .iter()
                .map(|e| RowErrorDto {
                    row: e.row,
                    errors: e
                        .errors
                        .iter()
                        .map(|f| crate::http::error::FieldErrorBody {
                            field: f.field.clone(),
                            message: f.message.clone(),
                            message_en: f.message_en.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
