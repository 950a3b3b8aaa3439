//! Regions: public, no token needed.

use axum::Json;
use axum::extract::{Path, State};
use lentera_core::region::RegionLevel;
use lentera_core::services::regions;
use serde::Deserialize;

use super::dto::{RegionDto, RegionHitListDto, RegionListDto};
use super::{ApiQuery, ApiResult};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};

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
    #[param(value_type = Option<LevelName>)]
    level: Option<String>,
    /// Only inside this region (code).
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    within: Option<String>,
    /// Default 20.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 50)]
    limit: Option<String>,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub enum LevelName {
    #[schema(rename = "province")]
    Province,
    #[schema(rename = "regency")]
    Regency,
    #[schema(rename = "district")]
    District,
    #[schema(rename = "village")]
    Village,
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
