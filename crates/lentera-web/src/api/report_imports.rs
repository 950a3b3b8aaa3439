//! Bulk import of activity reports and monthly figures over the API (the raw CSV or XLSX
//! file as the body, the same template as the pages).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Deserialize;

use super::extract::{ApiActor, ApiQuery, ApiResult};
use super::imports::{ImportReportDto, import_mode, upload_name};
use crate::AppState;
use crate::http::ApiError;
use crate::http::error::ErrorBody;
use crate::report_io::{self, ReportKind};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportImportParams {
    /// all (default): nothing is written if any row fails; valid: write the valid rows;
    /// check: write nothing.
    #[param(value_type = Option<crate::vocab::ImportModeCode>)]
    mode: Option<String>,
    /// By default guessed from the content.
    #[param(value_type = Option<crate::vocab::FileFormat>)]
    format: Option<String>,
    /// true: the reports are submitted for review at once; false (default): drafts.
    #[param(value_type = Option<bool>)]
    submit: Option<String>,
}

fn submit_flag(v: &Option<String>) -> Result<bool, ApiError> {
    match v.as_deref().map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(_) => Err(ApiError::bad_request("submit", "submit: true atau false.", "submit: true or false.")),
    }
}

/// Reads the body as the kind's template and imports it.
async fn run(
    state: AppState,
    actor: lentera_core::access::Actor,
    p: ReportImportParams,
    headers: HeaderMap,
    body: Bytes,
    kind: ReportKind,
) -> ApiResult<Json<ImportReportDto>> {
    let (mode, submit, name) = (import_mode(&p.mode)?, submit_flag(&p.submit)?, upload_name(&p.format, &headers)?);
    actor.require(actor.can_report())?;
    let (report, _) = state.run(move |s| report_io::import(s, &actor, kind, (name, &body), mode, submit)).await?;
    Ok(Json((&report).into()))
}

#[utoipa::path(post, path = "/api/v1/activities/import", tag = "activities", params(ReportImportParams), security(("bearer" = [])),
    request_body(content = String, description = "The CSV (UTF-8) or XLSX file as the raw body, in the columns of /kegiatan/templat.xlsx", content_type = "text/csv"),
    responses((status = 200, description = "The report: `written` tells whether anything was saved, `skipped` counts rows stored before, `errors` lists the bad rows", body = ImportReportDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, description = "The file cannot be read, or has no data rows", body = ErrorBody)))]
pub async fn activities(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<ReportImportParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<ImportReportDto>> {
    run(state, actor, p, headers, body, ReportKind::Activities).await
}

#[utoipa::path(post, path = "/api/v1/monthly-reports/import", tag = "monthly", params(ReportImportParams), security(("bearer" = [])),
    request_body(content = String, description = "The CSV (UTF-8) or XLSX file as the raw body, in the columns of /laporan-bulanan/templat.xlsx", content_type = "text/csv"),
    responses((status = 200, description = "The report: `written` tells whether anything was saved, `skipped` counts rows stored before, `errors` lists the bad rows", body = ImportReportDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, description = "The file cannot be read, or has no data rows", body = ErrorBody)))]
pub async fn monthly(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<ReportImportParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<ImportReportDto>> {
    run(state, actor, p, headers, body, ReportKind::Monthly).await
}
