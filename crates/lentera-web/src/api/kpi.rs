//! Reporting completeness and KPI colours over the API.

use axum::Json;
use axum::extract::{Path, State};
use lentera_core::kpi::{ColourCount, KpiScore, LibraryKpi, colour_filter};
use lentera_core::library::PageRequest;
use lentera_core::monthly::{Period, region_and_month};
use lentera_core::services::{kpi, monthly};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiQuery, ApiResult, int_param, path_id};
use crate::AppState;
use crate::http::error::ErrorBody;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionMonthQuery {
    /// YYYY-MM; defaults to the last month that has ended.
    #[param(pattern = r"^20[1-9][0-9]-(0[1-9]|1[0-2])$")]
    period: Option<String>,
    /// Region code (the caller's whole scope when absent).
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CompletenessRowDto {
    pub code: String,
    pub name: String,
    pub expected: i64,
    pub reported: i64,
    pub on_time: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MissingReportDto {
    pub library_id: i64,
    pub library_name: String,
    pub region_code: String,
    /// Coordinators only (UU 27/2022); null for others.
    pub manager_name: Option<String>,
    /// Coordinators only; null for others.
    pub phone: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CompletenessDto {
    pub period: String,
    pub region: Option<String>,
    pub deadline_day: u8,
    pub expected: i64,
    pub reported: i64,
    pub on_time: i64,
    /// Per child region.
    pub regions: Vec<CompletenessRowDto>,
    /// Up to 500 libraries that have not reported.
    pub missing: Vec<MissingReportDto>,
}

#[utoipa::path(get, path = "/api/v1/completeness", tag = "monthly", params(RegionMonthQuery), security(("bearer" = [])),
    responses((status = 200, body = CompletenessDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn completeness(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<RegionMonthQuery>,
) -> ApiResult<Json<CompletenessDto>> {
    let (region, period) = region_and_month(
        state.env.today(lentera_core::region::TimeZone::Wib),
        q.region.as_deref(),
        q.period.as_deref(),
    )?;
    let day = state.config.deadline_day;
    let v = state.run(move |s| monthly::completeness(s, &actor, region, period, day)).await?;
    Ok(Json(CompletenessDto {
        period: period.to_string(),
        region: v.region.map(|r| r.to_string()),
        deadline_day: day,
        expected: v.expected,
        reported: v.reported,
        on_time: v.on_time,
        regions: v
            .rows
            .into_iter()
            .map(|c| CompletenessRowDto {
                code: c.code.to_string(),
                name: c.name,
                expected: c.expected,
                reported: c.reported,
                on_time: c.on_time,
            })
            .collect(),
        missing: v
            .missing
            .into_iter()
            .map(|m| MissingReportDto {
                library_id: m.library_id.get(),
                library_name: m.library_name,
                region_code: m.region_code.to_string(),
                manager_name: m.manager_name,
                phone: m.phone,
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ColourCountDto {
    pub code: String,
    pub name: String,
    pub green: i64,
    pub yellow: i64,
    pub red: i64,
}

impl From<&ColourCount> for ColourCountDto {
    fn from(c: &ColourCount) -> Self {
        ColourCountDto { code: c.code.clone(), name: c.name.clone(), green: c.green, yellow: c.yellow, red: c.red }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ScoreDto {
    #[schema(value_type = crate::vocab::ColourCode)]
    pub overall: String,
    #[schema(value_type = crate::vocab::ColourCode)]
    pub activities: String,
    #[schema(value_type = crate::vocab::ColourCode)]
    pub participants: String,
    /// Green: figures submitted by the deadline; yellow: late; red: missing.
    #[schema(value_type = crate::vocab::ColourCode)]
    pub monthly: String,
}

impl From<KpiScore> for ScoreDto {
    fn from(s: KpiScore) -> Self {
        ScoreDto {
            overall: s.overall.code().into(),
            activities: s.activities.code().into(),
            participants: s.participants.code().into(),
            monthly: s.monthly.code().into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LibraryKpiDto {
    pub library_id: i64,
    pub library_name: String,
    pub region_code: String,
    pub period: String,
    /// Approved activities that started in the month.
    pub activities: i64,
    pub participants: i64,
    /// When the month's figures were first submitted (Unix seconds).
    pub monthly_submitted_at: Option<i64>,
    /// Null when the library was not expected to report (not an active programme member).
    pub score: Option<ScoreDto>,
}

impl From<&LibraryKpi> for LibraryKpiDto {
    fn from(k: &LibraryKpi) -> Self {
        let f = &k.facts;
        LibraryKpiDto {
            library_id: f.library_id.get(),
            library_name: f.library_name.clone(),
            region_code: f.region_code.to_string(),
            period: f.period.to_string(),
            activities: f.activities,
            participants: f.participants,
            monthly_submitted_at: f.monthly_submitted_at,
            score: k.score.map(Into::into),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ThresholdsDto {
    pub activities_green: i64,
    pub activities_yellow: i64,
    pub participants_green: i64,
    pub participants_yellow: i64,
    pub deadline_day: u8,
}

#[derive(Serialize, ToSchema)]
pub struct RegionKpiDto {
    pub period: String,
    pub region: Option<String>,
    pub thresholds: ThresholdsDto,
    pub total: ColourCountDto,
    /// Per child region.
    pub regions: Vec<ColourCountDto>,
    /// The scored libraries (reddest first), one page.
    pub libraries: Vec<LibraryKpiDto>,
    pub libraries_total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KpiQuery {
    /// YYYY-MM; defaults to the last month that has ended.
    #[param(pattern = r"^20[1-9][0-9]-(0[1-9]|1[0-2])$")]
    period: Option<String>,
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    /// Only libraries of this colour.
    #[param(value_type = Option<crate::vocab::ColourCode>)]
    colour: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/kpi", tag = "monthly", params(KpiQuery), security(("bearer" = [])),
    responses((status = 200, body = RegionKpiDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, description = "Library-scoped accounts see their library's colours instead", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn region(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<KpiQuery>,
) -> ApiResult<Json<RegionKpiDto>> {
    let (region, period) = region_and_month(
        state.env.today(lentera_core::region::TimeZone::Wib),
        q.region.as_deref(),
        q.period.as_deref(),
    )?;
    let colour = colour_filter(q.colour.as_deref())?;
    let page = PageRequest::new(
        int_param(&q.page, "page", 1, 1_000_000)?,
        int_param(&q.per_page, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
    );
    let rules = state.kpi_rules();
    let v = state.run(move |s| kpi::region(s, &actor, &rules, region, period)).await?;
    let chosen: Vec<&LibraryKpi> = v.libraries_of(colour).collect();
    let t = rules.thresholds;
    Ok(Json(RegionKpiDto {
        period: period.to_string(),
        region: v.region.as_ref().map(|r| r.to_string()),
        thresholds: ThresholdsDto {
            activities_green: t.activities_green,
            activities_yellow: t.activities_yellow,
            participants_green: t.participants_green,
            participants_yellow: t.participants_yellow,
            deadline_day: rules.deadline_day,
        },
        total: (&v.total).into(),
        regions: v.rows.iter().map(Into::into).collect(),
        libraries: chosen
            .iter()
            .skip(page.offset() as usize)
            .take(page.per_page as usize)
            .map(|l| (*l).into())
            .collect(),
        libraries_total: chosen.len() as i64,
        page: page.page,
        per_page: page.per_page,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LibraryKpiQuery {
    /// How many months back from the last month that has ended (default 12).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 60)]
    months: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/libraries/{id}/kpi", tag = "monthly", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id"), LibraryKpiQuery),
    responses((status = 200, description = "Newest month first", body = Vec<LibraryKpiDto>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn library(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<LibraryKpiQuery>,
) -> ApiResult<Json<Vec<LibraryKpiDto>>> {
    let id = path_id(&id)?;
    let months = int_param(&q.months, "months", 1, 60)?.unwrap_or(12) as usize;
    let rules = state.kpi_rules();
    let v = state
        .run(move |s| {
            let lib = lentera_core::services::libraries::get(s, &actor, id)?;
            let last = Period::of(s.today(lib.region_code.time_zone())).previous();
            kpi::library_months(s, &actor, &rules, id, last, months)
        })
        .await?;
    Ok(Json(v.iter().map(Into::into).collect()))
}
