//! The library registry over the API.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lentera_core::Error;
use lentera_core::library::{KtakFigures, LibraryInput};
use lentera_core::services::libraries;
use serde::Deserialize;

use super::dto::{
    EquipmentDto, EquipmentListDto, EquipmentRequest, ImportReportDto, KtakDto, KtakListDto, KtakRequest, LibraryDto,
    LibraryPageDto, LibraryRequest, LibraryUpdateRequest,
};
use super::{ApiActor, ApiJson, ApiQuery, ApiResult, path_id};
use crate::error::{ApiError, ErrorBody};
use crate::query::LibraryQuery;
use crate::{AppState, library_io, tabular};

#[utoipa::path(get, path = "/api/v1/libraries", tag = "libraries", params(LibraryQuery), security(("bearer" = [])),
    responses((status = 200, body = LibraryPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, description = "Region filter outside the caller's scope", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<LibraryQuery>,
) -> ApiResult<Json<LibraryPageDto>> {
    let (filter, page) = q.to_filter()?;
    let p = state.run(move |s| libraries::list(s, &actor, filter, page)).await?;
    Ok(Json((&p).into()))
}

#[utoipa::path(post, path = "/api/v1/libraries", tag = "libraries", request_body = LibraryRequest, security(("bearer" = [])),
    responses((status = 201, body = LibraryDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, description = "NPP already used", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<LibraryRequest>,
) -> ApiResult<(StatusCode, Json<LibraryDto>)> {
    let input = LibraryInput::from(&req);
    let lib = state.run(move |s| libraries::create(s, &actor, &input)).await?;
    Ok((StatusCode::CREATED, Json((&lib).into())))
}

#[utoipa::path(get, path = "/api/v1/libraries/{id}", tag = "libraries", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 200, body = LibraryDto), (status = 401, body = ErrorBody), (status = 404, description = "Missing or outside the caller's scope", body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<LibraryDto>> {
    let id = path_id(&id)?;
    let lib = state.run(move |s| libraries::get(s, &actor, id)).await?;
    Ok(Json((&lib).into()))
}

#[utoipa::path(put, path = "/api/v1/libraries/{id}", tag = "libraries", request_body = LibraryUpdateRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 200, body = LibraryDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Stale version, or NPP already used", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<LibraryUpdateRequest>,
) -> ApiResult<Json<LibraryDto>> {
    let id = path_id(&id)?;
    let version = req.version;
    let input = LibraryInput::from(&req.library);
    let lib = state.run(move |s| libraries::update(s, &actor, id, version, &input)).await?;
    Ok(Json((&lib).into()))
}

#[utoipa::path(delete, path = "/api/v1/libraries/{id}", tag = "libraries", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "Still referenced, e.g. by a manager's account", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id)?;
    state.run(move |s| libraries::delete(s, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/libraries/{id}/ktak", tag = "libraries", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 200, body = KtakListDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn ktak(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<KtakListDto>> {
    let id = path_id(&id)?;
    let rows = state.run(move |s| libraries::ktak(s, &actor, id)).await?;
    Ok(Json(KtakListDto { items: rows.iter().map(Into::into).collect() }))
}

#[utoipa::path(put, path = "/api/v1/libraries/{id}/ktak/{year}", tag = "libraries", request_body = KtakRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id"), ("year" = i32, Path, description = "Year of the figures")),
    responses((status = 200, body = KtakDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_ktak(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, year)): Path<(String, String)>,
    ApiJson(req): ApiJson<KtakRequest>,
) -> ApiResult<Json<KtakDto>> {
    let id = path_id(&id)?;
    let year: i32 = year.parse().map_err(|_| ApiError::from(Error::NotFound))?;
    let k = KtakFigures {
        year,
        collection_titles: req.collection_titles,
        collection_copies: req.collection_copies,
        staff_librarians: req.staff_librarians,
        staff_other: req.staff_other,
        members: req.members,
        visits: req.visits,
    };
    let dto = KtakDto::from(&k);
    state.run(move |s| libraries::save_ktak(s, &actor, id, &k)).await?;
    Ok(Json(dto))
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub enum ImportMode {
    #[schema(rename = "all")]
    All,
    #[schema(rename = "valid")]
    Valid,
    #[schema(rename = "check")]
    Check,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub enum FileFormat {
    #[schema(rename = "csv")]
    Csv,
    #[schema(rename = "xlsx")]
    Xlsx,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// all (default): nothing is written if any row fails; valid: write the valid rows;
    /// check: write nothing.
    #[param(value_type = Option<ImportMode>)]
    mode: Option<String>,
    /// By default guessed from the content.
    #[param(value_type = Option<FileFormat>)]
    format: Option<String>,
}

/// The import mode a request asks for.
pub fn import_mode(mode: &Option<String>) -> ApiResult<libraries::ImportMode> {
    Ok(match mode.as_deref().unwrap_or("all") {
        "all" | "" => libraries::ImportMode::AllOrNothing,
        "valid" => libraries::ImportMode::ValidOnly,
        "check" => libraries::ImportMode::DryRun,
        _ => return Err(ApiError::bad_request("mode", "mode: all, valid atau check.", "mode: all, valid or check.")),
    })
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

#[utoipa::path(post, path = "/api/v1/libraries/import", tag = "libraries", params(ImportParams), security(("bearer" = [])),
    request_body(content = String, description = "The CSV (UTF-8) or XLSX file as the raw body, with the template's columns", content_type = "text/csv"),
    responses((status = 200, description = "The report: `written` tells whether anything was saved; `errors` lists the bad rows", body = ImportReportDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, description = "The file cannot be read, or has no data rows", body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<ImportParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let mode = import_mode(&p.mode)?;
    let name = upload_name(&p.format, &headers)?;
    let result = state
        .run(move |s| {
            let table = tabular::read_table(name, &body)?;
            let rows = library_io::from_rows(&table)?;
            if rows.is_empty() {
                return Err(Error::field("file", "Berkas tidak berisi baris data.", "The file has no data rows."));
            }
            libraries::import(s, &actor, &rows, mode)
        })
        .await?;
    // The request was processed: the report says what was written and which rows failed.
    Ok(Json(ImportReportDto::from(&result)).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportFormat {
    /// Default csv.
    #[param(value_type = Option<FileFormat>)]
    format: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/libraries/export", tag = "libraries", params(ExportFormat, LibraryQuery), security(("bearer" = [])),
    responses((status = 200, description = "The filtered libraries as CSV or XLSX (the import template's columns)",
               content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(f): ApiQuery<ExportFormat>,
    ApiQuery(q): ApiQuery<LibraryQuery>,
) -> ApiResult<Response> {
    let xlsx = match f.format.as_deref().unwrap_or("csv") {
        "csv" | "" => false,
        "xlsx" => true,
        _ => return Err(ApiError::bad_request("format", "format: csv atau xlsx.", "format: csv or xlsx.")),
    };
    let (filter, _) = q.to_filter()?;
    let bytes = state.run(move |s| library_io::export(s, &actor, filter, xlsx)).await?;
    Ok(crate::pages::download(bytes, if xlsx { "perpustakaan.xlsx" } else { "perpustakaan.csv" }))
}

#[utoipa::path(get, path = "/api/v1/libraries/{id}/equipment", tag = "libraries", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 200, body = EquipmentListDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn equipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<EquipmentListDto>> {
    let id = path_id(&id)?;
    let items = state.run(move |s| libraries::equipment(s, &actor, id)).await?;
    Ok(Json(EquipmentListDto { items: items.iter().map(Into::into).collect() }))
}

#[utoipa::path(post, path = "/api/v1/libraries/{id}/equipment", tag = "libraries", request_body = EquipmentRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 201, body = EquipmentDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_equipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<EquipmentRequest>,
) -> ApiResult<(StatusCode, Json<EquipmentDto>)> {
    let id = path_id(&id)?;
    let input = (&req).into();
    let e = state.run(move |s| libraries::save_equipment(s, &actor, id, None, &input)).await?;
    Ok((StatusCode::CREATED, Json((&e).into())))
}

#[utoipa::path(put, path = "/api/v1/libraries/{id}/equipment/{equipment_id}", tag = "libraries", request_body = EquipmentRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id"), ("equipment_id" = i64, Path, description = "Equipment record id")),
    responses((status = 200, body = EquipmentDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_equipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, eid)): Path<(String, String)>,
    ApiJson(req): ApiJson<EquipmentRequest>,
) -> ApiResult<Json<EquipmentDto>> {
    let (id, eid) = (path_id(&id)?, path_id(&eid)?);
    let input = (&req).into();
    let e = state.run(move |s| libraries::save_equipment(s, &actor, id, Some(eid), &input)).await?;
    Ok(Json((&e).into()))
}

#[utoipa::path(delete, path = "/api/v1/libraries/{id}/equipment/{equipment_id}", tag = "libraries", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id"), ("equipment_id" = i64, Path, description = "Equipment record id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_equipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, eid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (id, eid) = (path_id(&id)?, path_id(&eid)?);
    state.run(move |s| libraries::delete_equipment(s, &actor, id, eid)).await?;
    Ok(StatusCode::NO_CONTENT)
}
