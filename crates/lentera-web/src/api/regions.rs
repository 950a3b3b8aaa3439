//! Regions: public, no token needed.

use axum::Json;
use axum::extract::{Path, State};
use lentera_core::region::RegionLevel;
use lentera_core::region::{Region, RegionWithCount};
use lentera_core::services::regions;
use lentera_core::services::regions::RegionHit;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiQuery, ApiResult};
use crate::AppState;
use crate::http::error::{ApiError, ErrorBody};

#[utoipa::path(get, path = "/api/v1/regions", tag = "regions",
    responses((status = 200, description = "The 38 provinces with library counts", body = RegionListDto)))]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<RegionListDto>> {
    let rows = state.run(|s| regions::children(s, None)).await?;
    Ok(Json(RegionListDto { items: rows.iter().map(Into::into).collect() }))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}", tag = "regions",
    params(("code" = String, Path, description = "Official dotted code, e.g. 35.07")),
    responses((status = 200, body = RegionDto), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<Json<RegionDto>> {
    let r = state.run(move |s| regions::get(s, &code)).await?;
    Ok(Json((&r).into()))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/children", tag = "regions",
    params(("code" = String, Path, description = "Official dotted code")),
    responses((status = 200, description = "Child regions with library counts", body = RegionListDto), (status = 404, body = ErrorBody)))]
pub async fn children(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<Json<RegionListDto>> {
    let rows = state.run(move |s| regions::children(s, Some(&code))).await?;
    Ok(Json(RegionListDto { items: rows.iter().map(Into::into).collect() }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Part of a name, case- and accent-insensitive; punctuation is ignored.
    #[param(value_type = String, min_length = 2)]
    q: Option<String>,
    #[param(value_type = Option<crate::vocab::LevelName>)]
    level: Option<String>,
    /// Only inside this region (code).
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    within: Option<String>,
    /// Default 20.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 50)]
    limit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/regions/search", tag = "regions", params(SearchParams),
    responses((status = 200, body = RegionHitListDto), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> ApiResult<Json<RegionHitListDto>> {
    let level = match p.level.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some("province") => Some(RegionLevel::Province),
        Some("regency") => Some(RegionLevel::Regency),
        Some("district") => Some(RegionLevel::District),
        Some("village") => Some(RegionLevel::Village),
        Some(_) => {
            return Err(ApiError::bad_request(
                "level",
                "Tingkat: province, regency, district atau village.",
                "level: province, regency, district or village.",
            ));
        }
    };
    let limit = match p.limit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => 20,
        Some(l) => l.parse::<i64>().ok().filter(|n| (1..=regions::MAX_SEARCH).contains(n)).ok_or_else(|| {
            ApiError::from(lentera_core::Error::field(
                "limit",
                "limit: bilangan bulat 1–50.",
                "limit: a whole number 1–50.",
            ))
        })?,
    };
    let q = p.q.unwrap_or_default();
    let hits = state.run(move |s| regions::search_with_paths(s, &q, level, p.within.as_deref(), limit)).await?;
    Ok(Json(RegionHitListDto { items: hits.iter().map(Into::into).collect() }))
}

// The request and response bodies of these routes, as the OpenAPI document shows them.

#[derive(Serialize, ToSchema)]
pub struct RegionDto {
    /// Official dotted code, e.g. `35.07.12.2001`.
    pub code: String,
    pub name: String,
    /// province, regency, district or village.
    pub level: String,
    /// kabupaten/kota for regencies, desa/kelurahan for villages.
    pub kind: Option<String>,
    pub parent_code: Option<String>,
    /// WIB, WITA or WIT.
    pub time_zone: String,
}

impl From<&Region> for RegionDto {
    fn from(r: &Region) -> Self {
        RegionDto {
            code: r.code.to_string(),
            name: r.name.clone(),
            level: serde_json::to_value(r.level).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            kind: r.kind.map(|k| k.as_str().to_string()),
            parent_code: r.code.parent().map(|p| p.to_string()),
            time_zone: r.time_zone().abbrev().to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegionWithCountDto {
    #[serde(flatten)]
    pub region: RegionDto,
    /// Libraries registered anywhere in this region.
    pub library_count: i64,
}

impl From<&RegionWithCount> for RegionWithCountDto {
    fn from(r: &RegionWithCount) -> Self {
        RegionWithCountDto { region: (&r.region).into(), library_count: r.library_count }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegionListDto {
    pub items: Vec<RegionWithCountDto>,
}

#[derive(Serialize, ToSchema)]
pub struct RegionHitDto {
    #[serde(flatten)]
    pub region: RegionDto,
    /// The ancestors' names, nearest first.
    pub path: String,
}

impl From<&RegionHit> for RegionHitDto {
    fn from(h: &RegionHit) -> Self {
        RegionHitDto { region: (&h.region).into(), path: h.path.clone() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegionHitListDto {
    pub items: Vec<RegionHitDto>,
}
