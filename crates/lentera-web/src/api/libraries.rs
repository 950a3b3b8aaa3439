//! The library registry over the API.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use lentera_core::Error;
use lentera_core::library::{Library, LibraryInput, LibrarySummary, Page};
use lentera_core::services::libraries;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult, path_id};
use super::imports::{ImportReportDto, import_mode, upload_name};
use crate::http::error::{ApiError, ErrorBody};
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

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// all (default): nothing is written if any row fails; valid: write the valid rows;
    /// check: write nothing.
    #[param(value_type = Option<crate::vocab::ImportModeCode>)]
    mode: Option<String>,
    /// By default guessed from the content.
    #[param(value_type = Option<crate::vocab::FileFormat>)]
    format: Option<String>,
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
    #[param(value_type = Option<crate::vocab::FileFormat>)]
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
    Ok(crate::http::download(bytes, if xlsx { "perpustakaan.xlsx" } else { "perpustakaan.csv" }))
}

// The request and response bodies of these routes, as the OpenAPI document shows them.

#[derive(Serialize, ToSchema)]
pub struct LibraryDto {
    pub id: i64,
    pub name: String,
    /// nasional, umum_provinsi, umum_kabkota, umum_kecamatan, umum_desa, sekolah_sd, sekolah_smp, sekolah_sma, perguruan_tinggi, khusus, tbm.
    pub library_type: String,
    /// aktif, tidak_aktif, tutup, dilikuidasi.
    pub status: String,
    pub npp: Option<String>,
    pub region_code: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub parent_institution: Option<String>,
    pub founded_year: Option<i32>,
    pub head_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub opening_days: Option<String>,
    pub building_area_m2: Option<i64>,
    /// TPBIS membership, or null.
    pub programme: Option<ProgrammeDto>,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
    /// Send back with an update; a stale version is refused with 409.
    pub version: i64,
}

impl From<&Library> for LibraryDto {
    fn from(l: &Library) -> Self {
        LibraryDto {
            id: l.id.get(),
            name: l.name.clone(),
            library_type: l.library_type.code().into(),
            status: l.status.code().into(),
            npp: l.npp.clone(),
            region_code: l.region_code.to_string(),
            address: l.address.clone(),
            latitude: l.latitude,
            longitude: l.longitude,
            parent_institution: l.parent_institution.clone(),
            founded_year: l.founded_year,
            head_name: l.head_name.clone(),
            phone: l.phone.clone(),
            email: l.email.clone(),
            opening_days: l.opening_days.clone(),
            building_area_m2: l.building_area_m2,
            programme: ProgrammeDto::of(l.programme_year, l.programme_tier),
            created_at: l.created_at,
            updated_at: l.updated_at,
            version: l.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LibrarySummaryDto {
    pub id: i64,
    pub name: String,
    pub library_type: String,
    pub status: String,
    pub npp: Option<String>,
    pub region_code: String,
    pub region_name: String,
    pub programme: Option<ProgrammeDto>,
    pub updated_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeDto {
    pub year: i32,
    /// penuh, buku, replikasi_apbd, replikasi_mandiri.
    pub tier: String,
}

impl ProgrammeDto {
    fn of(year: Option<i32>, tier: Option<lentera_core::library::ProgrammeTier>) -> Option<Self> {
        Some(ProgrammeDto { year: year?, tier: tier?.code().into() })
    }
}

impl From<&LibrarySummary> for LibrarySummaryDto {
    fn from(l: &LibrarySummary) -> Self {
        LibrarySummaryDto {
            id: l.id.get(),
            name: l.name.clone(),
            library_type: l.library_type.code().into(),
            status: l.status.code().into(),
            npp: l.npp.clone(),
            region_code: l.region_code.to_string(),
            region_name: l.region_name.clone(),
            programme: ProgrammeDto::of(l.programme_year, l.programme_tier),
            updated_at: l.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LibraryPageDto {
    pub items: Vec<LibrarySummaryDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl From<&Page<LibrarySummary>> for LibraryPageDto {
    fn from(p: &Page<LibrarySummary>) -> Self {
        LibraryPageDto {
            items: p.items.iter().map(Into::into).collect(),
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        }
    }
}

// The patterns and bounds in these schemas mirror the core's validation rules
// (lentera_core::library, lentera_core::user), so that what the document allows the server
// accepts. Rules across fields or against stored data (a region that must exist, a scope
// that must fit the role) answer 422 with field messages.

/// TPBIS membership: the year a library joined and the support it receives.
#[derive(Deserialize, ToSchema)]
pub struct ProgrammeRequest {
    /// From 2018 to next year (the bounds are filled in at run time).
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    #[schema(minimum = 2018)]
    pub year: i32,
    #[schema(value_type = crate::vocab::ProgrammeTierCode)]
    pub tier: String,
}

/// A library to create. Unknown properties are ignored.
#[derive(Deserialize, ToSchema)]
pub struct LibraryRequest {
    #[schema(pattern = r"\S", max_length = 200)]
    pub name: String,
    #[schema(value_type = crate::vocab::LibraryTypeCode)]
    pub library_type: String,
    /// Default `aktif`.
    #[serde(default)]
    #[schema(value_type = Option<crate::vocab::LibraryStatusCode>)]
    pub status: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*[A-Za-z0-9.\-]{0,32}\s*$")]
    pub npp: Option<String>,
    /// An official code from the region list, usually a village's.
    #[schema(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    pub region_code: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub address: Option<String>,
    #[serde(default)]
    #[schema(minimum = -11.5, maximum = 6.5)]
    pub latitude: Option<f64>,
    #[serde(default)]
    #[schema(minimum = 94.0, maximum = 141.5)]
    pub longitude: Option<f64>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub parent_institution: Option<String>,
    /// From 1800 to this year.
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 1800)]
    pub founded_year: Option<i32>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub head_name: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*(([ +\-().]*[0-9]){8,20}[ +\-().]*)?\s*$")]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*([^@\s]+@[^@\s.]([^@\s]*\.)+[^@\s.]+)?\s*$", max_length = 200)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub opening_days: Option<String>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub building_area_m2: Option<i64>,
    /// Programme membership; null or absent for libraries outside TPBIS.
    #[serde(default)]
    pub programme: Option<ProgrammeRequest>,
}

/// A library to replace, with the version last read (a stale version answers 409).
#[derive(Deserialize, ToSchema)]
pub struct LibraryUpdateRequest {
    #[serde(flatten)]
    pub library: LibraryRequest,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    pub version: i64,
}

impl From<&LibraryRequest> for LibraryInput {
    fn from(r: &LibraryRequest) -> Self {
        let s = |v: Option<f64>| v.map(|v| v.to_string());
        LibraryInput {
            name: r.name.clone(),
            library_type: r.library_type.clone(),
            // An empty status means "not given" in forms; in the API it is not a status.
            status: r.status.clone().map(|s| if s.trim().is_empty() { "-".into() } else { s }).unwrap_or_default(),
            npp: r.npp.clone(),
            region_code: r.region_code.clone(),
            address: r.address.clone(),
            latitude: s(r.latitude),
            longitude: s(r.longitude),
            parent_institution: r.parent_institution.clone(),
            founded_year: r.founded_year.map(|v| v.to_string()),
            head_name: r.head_name.clone(),
            phone: r.phone.clone(),
            email: r.email.clone(),
            opening_days: r.opening_days.clone(),
            building_area_m2: r.building_area_m2.map(|v| v.to_string()),
            programme_year: r.programme.as_ref().map(|p| p.year.to_string()),
            programme_tier: r
                .programme
                .as_ref()
                .map(|p| if p.tier.trim().is_empty() { "-".into() } else { p.tier.clone() }),
        }
    }
}
