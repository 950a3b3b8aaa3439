//! Monthly library figures over the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::library::PageRequest;
use lentera_core::monthly::{MonthlyFilter, MonthlyReport, require_period};
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::services::monthly;
use serde::Deserialize;

use super::dto::{MonthlyPageDto, MonthlyReportDto, MonthlyUpdateRequest, NewMonthlyRequest, TransitionRequest};
use super::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use crate::AppState;
use crate::error::ErrorBody;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthlyQuery {
    /// YYYY-MM.
    #[param(pattern = r"^20[1-9][0-9]-(0[1-9]|1[0-2])$")]
    period: Option<String>,
    #[param(value_type = Option<super::activities::StatusCode_>)]
    status: Option<String>,
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    library_id: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/monthly-reports", tag = "monthly", params(MonthlyQuery), security(("bearer" = [])),
    responses((status = 200, body = MonthlyPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<MonthlyQuery>,
) -> ApiResult<Json<MonthlyPageDto>> {
    let mut f = MonthlyFilter::default();
    if let Some(p) = &q.period {
        f.period = Some(require_period(p)?);
    }
    if let Some(s) = &q.status {
        f.status = Some(
            ReportStatus::parse(s).ok_or_else(|| Error::field("status", "Status tidak dikenal.", "Unknown status."))?,
        );
    }
    if let Some(r) = &q.region {
        f.region = Some(RegionCode::parse(r)?);
    }
    f.library_id = int_param(&q.library_id, "library_id", 1, i64::MAX)?;
    let page = PageRequest::new(
        int_param(&q.page, "page", 1, 1_000_000)?,
        int_param(&q.per_page, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
    );
    let p = state.run(move |s| monthly::list(s, &actor, f, page)).await?;
    Ok(Json(MonthlyPageDto {
        items: p.items.iter().map(Into::into).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(post, path = "/api/v1/monthly-reports", tag = "monthly", request_body = NewMonthlyRequest, security(("bearer" = [])),
    responses((status = 201, description = "Created as a draft", body = MonthlyReportDto),
              (status = 200, description = "A retry: the report created earlier with the same client_id", body = MonthlyReportDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "A report for that month exists", body = ErrorBody),
              (status = 422, description = "Invalid figures, or warnings to confirm (code confirmation_required)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<NewMonthlyRequest>,
) -> ApiResult<(StatusCode, Json<MonthlyReportDto>)> {
    let input = r.figures.to_input(&r.period, r.confirm_warnings);
    let (report, created) =
        state.run(move |s| monthly::create(s, &actor, r.library_id, r.client_id.as_deref(), &input)).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json((&report).into())))
}

#[utoipa::path(get, path = "/api/v1/monthly-reports/{id}", tag = "monthly", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses((status = 200, body = MonthlyReportDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    actor: ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<MonthlyReportDto>> {
    super::review::show::<MonthlyReport>(state, actor, id).await
}

#[utoipa::path(put, path = "/api/v1/monthly-reports/{id}", tag = "monthly", request_body = MonthlyUpdateRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses((status = 200, body = MonthlyReportDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Locked or stale version", body = ErrorBody),
              (status = 422, description = "Invalid figures, or warnings to confirm (code confirmation_required)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<MonthlyUpdateRequest>,
) -> ApiResult<Json<MonthlyReportDto>> {
    let id = path_id(&id)?;
    // The period cannot change; the service takes it from the stored report.
    let input = r.figures.to_input("", r.confirm_warnings);
    let report = state.run(move |s| monthly::update(s, &actor, id, r.version, &input)).await?;
    Ok(Json((&report).into()))
}

#[utoipa::path(post, path = "/api/v1/monthly-reports/{id}/transitions", tag = "monthly", request_body = TransitionRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses((status = 200, body = MonthlyReportDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, description = "Not the caller's level or scope", body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "The transition does not apply to the current status", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition(
    state: State<AppState>,
    actor: ApiActor,
    id: Path<String>,
    ApiJson(r): ApiJson<TransitionRequest>,
) -> ApiResult<Json<MonthlyReportDto>> {
    super::review::transition::<MonthlyReport>(state, actor, id, r).await
}
