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
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use super::review::TransitionRequest;
use crate::AppState;
use crate::http::error::ErrorBody;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthlyQuery {
    /// YYYY-MM.
    #[param(pattern = r"^20[1-9][0-9]-(0[1-9]|1[0-2])$")]
    period: Option<String>,
    #[param(value_type = Option<crate::vocab::ReportStatusCode>)]
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
    f.library_id = int_param(&q.library_id, "library_id", 1, i64::MAX)?.map(lentera_core::ids::LibraryId::new);
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
    let (report, created) = state
        .run(move |s| {
            monthly::create(s, &actor, lentera_core::ids::LibraryId::new(r.library_id), r.client_id.as_deref(), &input)
        })
        .await?;
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

// The request and response bodies of these routes, as the OpenAPI document shows them.

/// One month's figures; visitors are required, the rest default to 0.
#[derive(Serialize, Deserialize, ToSchema, Default)]
pub struct MonthlyFiguresDto {
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub visitors_male: i64,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub visitors_female: i64,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub new_members: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub total_members: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub loans: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub onsite_reading: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub ict_users: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub collection_titles: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub collection_copies: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub staff_librarians: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub staff_other: Option<i64>,
}

impl MonthlyFiguresDto {
    fn of(f: &lentera_core::monthly::MonthlyFigures) -> Self {
        MonthlyFiguresDto {
            visitors_male: f.visitors_male,
            visitors_female: f.visitors_female,
            new_members: Some(f.new_members),
            total_members: Some(f.total_members),
            loans: Some(f.loans),
            onsite_reading: Some(f.onsite_reading),
            ict_users: Some(f.ict_users),
            collection_titles: Some(f.collection_titles),
            collection_copies: Some(f.collection_copies),
            staff_librarians: Some(f.staff_librarians),
            staff_other: Some(f.staff_other),
        }
    }

    /// The figures as form input for the core's validation.
    pub fn to_input(&self, period: &str, confirm_warnings: bool) -> lentera_core::monthly::MonthlyInput {
        let o = |v: Option<i64>| v.unwrap_or(0).to_string();
        let values = [
            ("visitors_male", self.visitors_male.to_string()),
            ("visitors_female", self.visitors_female.to_string()),
            ("new_members", o(self.new_members)),
            ("total_members", o(self.total_members)),
            ("loans", o(self.loans)),
            ("onsite_reading", o(self.onsite_reading)),
            ("ict_users", o(self.ict_users)),
            ("collection_titles", o(self.collection_titles)),
            ("collection_copies", o(self.collection_copies)),
            ("staff_librarians", o(self.staff_librarians)),
            ("staff_other", o(self.staff_other)),
        ];
        lentera_core::monthly::MonthlyInput {
            period: period.to_string(),
            values: values.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            visitors_total: None,
            confirm_warnings,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MonthlyReportDto {
    pub id: i64,
    pub client_id: Option<String>,
    pub library_id: i64,
    pub library_name: String,
    pub region_code: String,
    /// YYYY-MM.
    pub period: String,
    pub figures: MonthlyFiguresDto,
    pub visitors_total: i64,
    /// draft, submitted, verified, approved, returned.
    pub status: String,
    pub review_comment: Option<String>,
    pub submitted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl From<&lentera_core::monthly::MonthlyReport> for MonthlyReportDto {
    fn from(r: &lentera_core::monthly::MonthlyReport) -> Self {
        MonthlyReportDto {
            id: r.id.get(),
            client_id: r.client_id.clone(),
            library_id: r.library_id.get(),
            library_name: r.library_name.clone(),
            region_code: r.region_code.to_string(),
            period: r.period.to_string(),
            figures: MonthlyFiguresDto::of(&r.figures),
            visitors_total: r.figures.visitors(),
            status: r.status.code().into(),
            review_comment: r.review_comment.clone(),
            submitted_at: r.submitted_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MonthlyPageDto {
    pub items: Vec<MonthlyReportDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A month's report for a library; one per month (a second one answers 409).
#[derive(Deserialize, ToSchema)]
pub struct NewMonthlyRequest {
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    #[schema(minimum = 1)]
    pub library_id: i64,
    #[serde(default)]
    #[schema(pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub client_id: Option<String>,
    /// YYYY-MM, not after the current month.
    #[schema(pattern = r"^20[1-9][0-9]-(0[1-9]|1[0-2])$")]
    pub period: String,
    pub figures: MonthlyFiguresDto,
    #[serde(default)]
    pub confirm_warnings: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct MonthlyUpdateRequest {
    pub figures: MonthlyFiguresDto,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    pub version: i64,
    #[serde(default)]
    pub confirm_warnings: bool,
}

impl super::review::ReviewApi for MonthlyReport {
    type Dto = MonthlyReportDto;
}
