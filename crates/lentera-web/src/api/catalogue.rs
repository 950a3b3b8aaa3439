//! The indicator catalogue over the API: the definitions (national admins add and change
//! them), every indicator's value for a region and span, and one indicator's breakdowns.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::catalogue::{Indicator, IndicatorInput};
use lentera_core::services::catalogue;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult};
use super::indicators::SummaryQuery;
use crate::AppState;
use crate::http::error::ErrorBody;

#[derive(Serialize, ToSchema)]
pub struct IndicatorDto {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub definition: String,
    /// What the indicator counts (one of the measures Lentera knows).
    pub measure: String,
    /// `count`, `rupiah`, `percent` or `points`.
    pub unit: String,
    /// Activity category ids it is narrowed to (empty: all).
    pub categories: Vec<i64>,
    /// Programme tier it is narrowed to.
    pub tier: Option<String>,
    pub event_type: Option<i64>,
    /// Allowed breakdowns: `region`, `month`, `category`.
    pub breakdowns: Vec<String>,
    pub headline: bool,
    pub position: i64,
    pub active: bool,
    pub built_in: bool,
    pub version: i64,
}

impl From<&Indicator> for IndicatorDto {
    fn from(i: &Indicator) -> Self {
        IndicatorDto {
            id: i.id,
            code: i.code.clone(),
            name: i.name.clone(),
            name_en: i.name_en.clone(),
            definition: i.definition.clone(),
            measure: i.measure.code().into(),
            unit: i.unit().code().into(),
            categories: i.filter.categories.clone(),
            tier: i.filter.tier.map(|t| t.code().into()),
            event_type: i.filter.event_type,
            breakdowns: i.measure.breakdowns().iter().map(|b| b.code().into()).collect(),
            headline: i.headline,
            position: i.position,
            active: i.active,
            built_in: i.built_in,
            version: i.version,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct IndicatorRequest {
    #[schema(min_length = 2, max_length = 60, pattern = "^[a-z][a-z0-9_]*$")]
    pub code: String,
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    pub name_en: Option<String>,
    #[schema(min_length = 1, max_length = 2000)]
    pub definition: String,
    /// A measure code, e.g. `peserta_perempuan`, `kelengkapan_laporan`, `orang_dilatih`.
    pub measure: String,
    #[serde(default)]
    pub categories: Vec<i64>,
    pub tier: Option<String>,
    pub event_type: Option<i64>,
    #[serde(default)]
    pub headline: bool,
    #[schema(minimum = 0, maximum = 100000)]
    pub position: Option<i64>,
    #[serde(default = "yes")]
    pub active: bool,
    /// Required when updating: the version read.
    pub version: Option<i64>,
}

fn yes() -> bool {
    true
}

impl From<IndicatorRequest> for IndicatorInput {
    fn from(r: IndicatorRequest) -> Self {
        IndicatorInput {
            code: r.code,
            name: r.name,
            name_en: r.name_en,
            definition: r.definition,
            measure: r.measure,
            categories: r.categories,
            tier: r.tier,
            event_type: r.event_type,
            headline: r.headline,
            position: r.position,
            active: r.active,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// Include hidden indicators.
    #[serde(default)]
    all: bool,
}

#[utoipa::path(get, path = "/api/v1/indicators/catalogue", tag = "indicators", params(CatalogueQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<IndicatorDto>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(_actor): ApiActor,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
) -> ApiResult<Json<Vec<IndicatorDto>>> {
    let all = state.run(move |s| catalogue::list(s, q.all)).await?;
    Ok(Json(all.iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/v1/indicators/catalogue", tag = "indicators", request_body = IndicatorRequest, security(("bearer" = [])),
    responses((status = 201, body = IndicatorDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<IndicatorRequest>,
) -> ApiResult<(StatusCode, Json<IndicatorDto>)> {
    let input = IndicatorInput::from(r);
    let i = state.run(move |s| catalogue::save(s, &actor, None, &input, None)).await?;
    Ok((StatusCode::CREATED, Json((&i).into())))
}

#[utoipa::path(put, path = "/api/v1/indicators/catalogue/{code}", tag = "indicators", request_body = IndicatorRequest, security(("bearer" = [])),
    params(("code" = String, Path, description = "Indicator code")),
    responses((status = 200, body = IndicatorDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Stale version or code taken", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    ApiJson(r): ApiJson<IndicatorRequest>,
) -> ApiResult<Json<IndicatorDto>> {
    let version = r.version.ok_or_else(|| Error::field("version", "version wajib diisi.", "version is required."))?;
    let input = IndicatorInput::from(r);
    let i = state
        .run(move |s| {
            let id = catalogue::get(s, &code)?.id;
            catalogue::save(s, &actor, Some(id), &input, Some(version))
        })
        .await?;
    Ok(Json((&i).into()))
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorValueDto {
    pub code: String,
    pub name: String,
    pub unit: String,
    /// Null when undefined (a rate without a base).
    pub value: Option<f64>,
    /// The span of the same length just before.
    pub previous: Option<f64>,
    /// The same span a year earlier.
    pub year_before: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorValuesDto {
    pub region: Option<String>,
    pub from: String,
    pub to: String,
    pub values: Vec<IndicatorValueDto>,
}

#[utoipa::path(get, path = "/api/v1/indicators/values", tag = "indicators", params(SummaryQuery), security(("bearer" = [])),
    responses((status = 200, description = "Every active indicator of the catalogue for the region and span", body = IndicatorValuesDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn values(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> ApiResult<Json<IndicatorValuesDto>> {
    let (region, from, to) = q.region_and_span(state.env.today(lentera_core::region::TimeZone::Wib))?;
    let rules = state.kpi_rules();
    let (s, rows) = state
        .run(move |st| {
            let list = catalogue::list(st, false)?;
            catalogue::compared(st, &actor, &rules, region, from, to, list)
        })
        .await?;
    Ok(Json(IndicatorValuesDto {
        region: s.region.as_ref().map(|r| r.to_string()),
        from: s.from.to_string(),
        to: s.to.to_string(),
        values: rows
            .iter()
            .map(|r| IndicatorValueDto {
                code: r.indicator.code.clone(),
                name: r.indicator.name.clone(),
                unit: r.indicator.unit().code().into(),
                value: r.value,
                previous: r.previous,
                year_before: r.year_before,
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RegionValueDto {
    pub region: String,
    pub value: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct MonthValueDto {
    /// YYYY-MM.
    pub period: String,
    pub value: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct CategoryValueDto {
    pub category_id: i64,
    pub value: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorBreakdownDto {
    pub indicator: IndicatorDto,
    pub region: Option<String>,
    pub from: String,
    pub to: String,
    pub total: Option<f64>,
    pub by_region: Vec<RegionValueDto>,
    pub by_month: Vec<MonthValueDto>,
    pub by_category: Vec<CategoryValueDto>,
}

#[utoipa::path(get, path = "/api/v1/indicators/catalogue/{code}/values", tag = "indicators", params(("code" = String, Path, description = "Indicator code"), SummaryQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The indicator's total and its breakdowns by sub-region, month and category", body = IndicatorBreakdownDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn breakdown(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> ApiResult<Json<IndicatorBreakdownDto>> {
    let (region, from, to) = q.region_and_span(state.env.today(lentera_core::region::TimeZone::Wib))?;
    let rules = state.kpi_rules();
    let v = state.run(move |st| catalogue::breakdown(st, &actor, &rules, region, from, to, &code)).await?;
    Ok(Json(IndicatorBreakdownDto {
        indicator: (&v.indicator).into(),
        region: v.region.as_ref().map(|r| r.to_string()),
        from: v.from.to_string(),
        to: v.to.to_string(),
        total: v.total,
        by_region: v
            .by_child
            .iter()
            .map(|(r, value)| RegionValueDto { region: r.to_string(), value: *value })
            .collect(),
        by_month: v.by_month.iter().map(|(p, value)| MonthValueDto { period: p.to_string(), value: *value }).collect(),
        by_category: v
            .by_category
            .iter()
            .map(|(c, value)| CategoryValueDto { category_id: *c, value: *value })
            .collect(),
    }))
}
