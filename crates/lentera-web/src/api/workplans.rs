//! Work plans over the API: the plan with its needs, planned activities and budget lines,
//! its review and revisions, recorded budget amounts, plan vs actual, a region's sums, and
//! an activity report's link to the plan.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::ids::{ActivityId, LibraryId};
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::services::workplans::{self, Start};
use lentera_core::workplan::{
    BudgetLineInput, NeedInput, PlanInput, PlanLink, PlanVsActual, PlannedActivityInput, RegionPlanSummary, SourceSums,
    WorkPlan, WorkPlanFilter,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use super::review::TransitionRequest;
use crate::AppState;
use crate::http::error::ErrorBody;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkPlanQuery {
    #[param(value_type = Option<i32>, minimum = 2018, maximum = 2100)]
    year: Option<String>,
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

fn year_param(v: &Option<String>) -> ApiResult<Option<i32>> {
    Ok(int_param(v, "year", 2018, 2100)?.map(|y| y as i32))
}

#[utoipa::path(get, path = "/api/v1/work-plans", tag = "work-plans", params(WorkPlanQuery), security(("bearer" = [])),
    responses((status = 200, body = WorkPlanPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<WorkPlanQuery>,
) -> ApiResult<Json<WorkPlanPageDto>> {
    let mut f = WorkPlanFilter { year: year_param(&q.year)?, ..Default::default() };
    if let Some(s) = &q.status {
        f.status = Some(
            ReportStatus::parse(s).ok_or_else(|| Error::field("status", "Status tidak dikenal.", "Unknown status."))?,
        );
    }
    if let Some(r) = &q.region {
        f.region = Some(RegionCode::parse(r)?);
    }
    f.library_id = int_param(&q.library_id, "library_id", 1, i64::MAX)?.map(LibraryId::new);
    let page = PageRequest::new(
        int_param(&q.page, "page", 1, 1_000_000)?,
        int_param(&q.per_page, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
    );
    let p = state.run(move |s| workplans::list(s, &actor, f, page)).await?;
    Ok(Json(WorkPlanPageDto {
        items: p.items.iter().map(Into::into).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(post, path = "/api/v1/work-plans", tag = "work-plans", request_body = NewWorkPlanRequest, security(("bearer" = [])),
    responses((status = 201, description = "Created as a draft", body = WorkPlanDto),
              (status = 200, description = "A retry: the plan created earlier with the same client_id", body = WorkPlanDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "The library has a plan for that year (change the draft or revise the approved plan)", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<NewWorkPlanRequest>,
) -> ApiResult<(StatusCode, Json<WorkPlanDto>)> {
    super::extract::client_id(&r.client_id)?;
    let start = match (r.content, r.from_follow_up) {
        (Some(c), _) => Start::Content(c.into()),
        (None, true) => Start::FollowUp,
        (None, false) => Start::Empty,
    };
    let (plan, created) = state
        .run(move |s| workplans::create(s, &actor, LibraryId::new(r.library_id), r.client_id.as_deref(), r.year, start))
        .await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json((&plan).into())))
}

#[utoipa::path(get, path = "/api/v1/work-plans/{id}", tag = "work-plans", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Plan id")),
    responses((status = 200, body = WorkPlanDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    actor: ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<WorkPlanDto>> {
    super::review::show::<WorkPlan>(state, actor, id).await
}

#[utoipa::path(put, path = "/api/v1/work-plans/{id}", tag = "work-plans", request_body = WorkPlanUpdateRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Plan id")),
    responses((status = 200, body = WorkPlanDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Locked, stale version, or a line with recorded amounts removed", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<WorkPlanUpdateRequest>,
) -> ApiResult<Json<WorkPlanDto>> {
    let id = path_id(&id)?;
    let input: PlanInput = r.content.into();
    let plan = state.run(move |s| workplans::update(s, &actor, id, r.version, &input)).await?;
    Ok(Json((&plan).into()))
}

#[utoipa::path(post, path = "/api/v1/work-plans/{id}/transitions", tag = "work-plans", request_body = TransitionRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Plan id")),
    responses((status = 200, body = WorkPlanDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, description = "Not the caller's level or scope (the regency approves plans)", body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "The transition does not apply to the current status", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition(
    state: State<AppState>,
    actor: ApiActor,
    id: Path<String>,
    ApiJson(r): ApiJson<TransitionRequest>,
) -> ApiResult<Json<WorkPlanDto>> {
    super::review::transition::<WorkPlan>(state, actor, id, r).await
}

#[utoipa::path(post, path = "/api/v1/work-plans/{id}/revisions", tag = "work-plans", security(("bearer" = [])),
    params(("id" = i64, Path, description = "An approved plan's id")),
    responses((status = 201, description = "A new draft revision with the same content", body = WorkPlanDto),
              (status = 200, description = "The revision already open", body = WorkPlanDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn revise(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<WorkPlanDto>)> {
    let id = path_id(&id)?;
    let (plan, created) = state.run(move |s| workplans::revise(s, &actor, id)).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json((&plan).into())))
}

#[utoipa::path(put, path = "/api/v1/work-plans/{id}/budget-lines/{no}", tag = "work-plans", request_body = BudgetOutcomeRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "The approved plan in force"), ("no" = i32, Path, minimum = 1, description = "Line number")),
    responses((status = 200, body = WorkPlanDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "The plan is not the approved one in force", body = ErrorBody),
              (status = 422, description = "Spending without an approved amount, or more than approved", body = ErrorBody)))]
pub async fn record_outcome(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, no)): Path<(String, String)>,
    ApiJson(r): ApiJson<BudgetOutcomeRequest>,
) -> ApiResult<Json<WorkPlanDto>> {
    let id = path_id(&id)?;
    let no = int_param(&Some(no), "no", 1, i32::MAX as i64)?.unwrap_or(1) as i32;
    let (approved, realised) = (r.approved.map(|n| n.to_string()), r.realised.map(|n| n.to_string()));
    let plan = state
        .run(move |s| workplans::record_outcome(s, &actor, id, no, approved.as_deref(), realised.as_deref()))
        .await?;
    Ok(Json((&plan).into()))
}

#[utoipa::path(get, path = "/api/v1/work-plans/{id}/plan-vs-actual", tag = "work-plans", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Plan id")),
    responses((status = 200, body = PlanVsActualDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn plan_vs_actual(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<PlanVsActualDto>> {
    let id = path_id(&id)?;
    let p = state.run(move |s| workplans::plan_vs_actual(s, &actor, id)).await?;
    Ok(Json((&p).into()))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// The budget year (default: this year).
    #[param(value_type = Option<i32>, minimum = 2018, maximum = 2100)]
    year: Option<String>,
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/work-plans/summary", tag = "work-plans", params(SummaryQuery), security(("bearer" = [])),
    responses((status = 200, body = RegionPlanSummaryDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> ApiResult<Json<RegionPlanSummaryDto>> {
    let year = match year_param(&q.year)? {
        Some(y) => y,
        None => state.env.year(lentera_core::region::TimeZone::Wib),
    };
    let region = q.region.as_deref().map(RegionCode::parse).transpose()?;
    let s = state.run(move |s| workplans::region_summary(s, &actor, region, year)).await?;
    Ok(Json((&s).into()))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}/plan-link", tag = "work-plans", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity report id")),
    responses((status = 200, body = PlanLinkDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn activity_link(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<PlanLinkDto>> {
    let id: ActivityId = path_id(&id)?;
    let (link, plan) = state.run(move |s| workplans::activity_link(s, &actor, id)).await?;
    Ok(Json(PlanLinkDto::of(&link, plan.map(|p| p.id.get()))))
}

#[utoipa::path(put, path = "/api/v1/activities/{id}/plan-link", tag = "work-plans", request_body = PlanLinkRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity report id (a draft or returned one)")),
    responses((status = 200, body = PlanLinkDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "The report is locked, or its year has no approved plan", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn set_activity_link(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<PlanLinkRequest>,
) -> ApiResult<Json<PlanLinkDto>> {
    let id: ActivityId = path_id(&id)?;
    let link = PlanLink { planned_no: r.planned_no, draws: r.draws.iter().map(|d| (d.line_no, d.amount)).collect() };
    let (link, plan) = state
        .run(move |s| {
            workplans::link_activity(s, &actor, id, link)?;
            workplans::activity_link(s, &actor, id)
        })
        .await?;
    Ok(Json(PlanLinkDto::of(&link, plan.map(|p| p.id.get()))))
}

// The request and response bodies of these routes, as the OpenAPI document shows them.

#[derive(Serialize, Deserialize, ToSchema)]
pub struct NeedDto {
    /// Kept across revisions; leave out for a new row.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub no: Option<i32>,
    #[schema(max_length = 500)]
    pub problem: String,
    #[schema(max_length = 500)]
    pub need: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub group: String,
    #[schema(value_type = crate::vocab::NeedSourceCode)]
    pub source: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PlannedActivityDto {
    #[serde(default)]
    #[schema(minimum = 1)]
    pub no: Option<i32>,
    #[schema(max_length = 500)]
    pub title: String,
    pub category_id: i64,
    #[schema(minimum = 1, maximum = 12)]
    pub month: i32,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub target_group: String,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000)]
    pub target_participants: i64,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub expected_result: Option<String>,
    /// The `no` of the need it answers.
    #[serde(default)]
    pub need_no: Option<i32>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct BudgetLineDto {
    #[serde(default)]
    #[schema(minimum = 1)]
    pub no: Option<i32>,
    #[schema(value_type = crate::vocab::FundingSourceCode)]
    pub source: String,
    #[schema(max_length = 500)]
    pub description: String,
    /// The `no` of the planned activity it pays for.
    #[serde(default)]
    pub activity_no: Option<i32>,
    /// Integer rupiah.
    #[schema(minimum = 1, maximum = 1000000000000000_i64)]
    pub proposed: i64,
    /// Recorded on the approved plan (read-only here).
    #[serde(default, skip_deserializing)]
    pub approved: Option<i64>,
    #[serde(default, skip_deserializing)]
    pub realised: Option<i64>,
}

/// What a plan says. Rows with a `no` keep it; new rows get the next number.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct PlanContentDto {
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub summary: Option<String>,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub needs: Vec<NeedDto>,
    #[serde(default)]
    #[schema(max_items = 100)]
    pub activities: Vec<PlannedActivityDto>,
    #[serde(default)]
    #[schema(max_items = 200)]
    pub lines: Vec<BudgetLineDto>,
}

impl From<PlanContentDto> for PlanInput {
    fn from(c: PlanContentDto) -> Self {
        PlanInput {
            summary: c.summary,
            needs: c
                .needs
                .into_iter()
                .map(|n| NeedInput { no: n.no, problem: n.problem, need: n.need, group: n.group, source: n.source })
                .collect(),
            activities: c
                .activities
                .into_iter()
                .map(|a| PlannedActivityInput {
                    no: a.no,
                    title: a.title,
                    category_id: a.category_id.to_string(),
                    month: a.month.to_string(),
                    target_group: a.target_group,
                    target_participants: a.target_participants.to_string(),
                    expected_result: a.expected_result,
                    need_no: a.need_no.map(|n| n.to_string()),
                })
                .collect(),
            lines: c
                .lines
                .into_iter()
                .map(|l| BudgetLineInput {
                    no: l.no,
                    source: l.source,
                    description: l.description,
                    activity_no: l.activity_no.map(|n| n.to_string()),
                    proposed: l.proposed.to_string(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WorkPlanDto {
    pub id: i64,
    pub client_id: Option<String>,
    pub library_id: i64,
    pub library_name: String,
    pub region_code: String,
    pub year: i32,
    pub revision: i32,
    #[schema(value_type = crate::vocab::ReportStatusCode)]
    pub status: String,
    pub review_comment: Option<String>,
    pub content: PlanContentDto,
    /// Sum of the proposed amounts, integer rupiah.
    pub proposed_total: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl From<&WorkPlan> for WorkPlanDto {
    fn from(p: &WorkPlan) -> Self {
        let c = &p.content;
        WorkPlanDto {
            id: p.id.get(),
            client_id: p.client_id.clone(),
            library_id: p.library_id.get(),
            library_name: p.library_name.clone(),
            region_code: p.region_code.to_string(),
            year: p.year,
            revision: p.revision,
            status: p.status.code().into(),
            review_comment: p.review_comment.clone(),
            proposed_total: c.proposed_total(),
            content: PlanContentDto {
                summary: c.summary.clone(),
                needs: c
                    .needs
                    .iter()
                    .map(|n| NeedDto {
                        no: Some(n.no),
                        problem: n.problem.clone(),
                        need: n.need.clone(),
                        group: n.group.clone(),
                        source: n.source.code().into(),
                    })
                    .collect(),
                activities: c
                    .activities
                    .iter()
                    .map(|a| PlannedActivityDto {
                        no: Some(a.no),
                        title: a.title.clone(),
                        category_id: a.category_id,
                        month: a.month.into(),
                        target_group: a.target_group.clone(),
                        target_participants: a.target_participants,
                        expected_result: a.expected_result.clone(),
                        need_no: a.need_no,
                    })
                    .collect(),
                lines: c
                    .lines
                    .iter()
                    .map(|l| BudgetLineDto {
                        no: Some(l.no),
                        source: l.source.code().into(),
                        description: l.description.clone(),
                        activity_no: l.activity_no,
                        proposed: l.proposed,
                        approved: l.approved,
                        realised: l.realised,
                    })
                    .collect(),
            },
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
        }
    }
}

impl super::review::ReviewApi for WorkPlan {
    type Dto = WorkPlanDto;
}

#[derive(Serialize, ToSchema)]
pub struct WorkPlanPageDto {
    pub items: Vec<WorkPlanDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A library's plan for a year: empty, from the given content, or started from its Bimtek
/// follow-up plans (RTL).
#[derive(Deserialize, ToSchema)]
pub struct NewWorkPlanRequest {
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    #[schema(minimum = 1)]
    pub library_id: i64,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    #[schema(minimum = 2018, maximum = 2100)]
    pub year: i32,
    #[serde(default)]
    #[schema(pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub client_id: Option<String>,
    #[serde(default)]
    pub from_follow_up: bool,
    #[serde(default)]
    pub content: Option<PlanContentDto>,
}

#[derive(Deserialize, ToSchema)]
pub struct WorkPlanUpdateRequest {
    pub content: PlanContentDto,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    pub version: i64,
}

/// What the budget holder approved and what was spent, integer rupiah; `null` clears.
#[derive(Deserialize, ToSchema)]
pub struct BudgetOutcomeRequest {
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000000000000_i64)]
    pub approved: Option<i64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000000000000_i64)]
    pub realised: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct SourceSumsDto {
    #[schema(value_type = crate::vocab::FundingSourceCode)]
    pub source: String,
    pub proposed: i64,
    pub approved: i64,
    pub realised: i64,
    /// Drawn by approved activity reports.
    pub drawn: i64,
}

fn sums(by_source: &[(lentera_core::workplan::FundingSource, SourceSums)]) -> Vec<SourceSumsDto> {
    by_source
        .iter()
        .map(|(src, s)| SourceSumsDto {
            source: src.code().into(),
            proposed: s.proposed,
            approved: s.approved,
            realised: s.realised,
            drawn: s.drawn,
        })
        .collect()
}

#[derive(Serialize, ToSchema)]
pub struct ActivityActualDto {
    pub no: i32,
    pub title: String,
    pub month: i32,
    pub target_participants: i64,
    pub reported: i64,
    pub participants: i64,
}

#[derive(Serialize, ToSchema)]
pub struct PlanVsActualDto {
    pub activities: Vec<ActivityActualDto>,
    pub unplanned: i64,
    pub by_source: Vec<SourceSumsDto>,
}

impl From<&PlanVsActual> for PlanVsActualDto {
    fn from(p: &PlanVsActual) -> Self {
        PlanVsActualDto {
            activities: p
                .activities
                .iter()
                .map(|a| ActivityActualDto {
                    no: a.no,
                    title: a.title.clone(),
                    month: a.month.into(),
                    target_participants: a.target_participants,
                    reported: a.reported,
                    participants: a.participants,
                })
                .collect(),
            unplanned: p.unplanned,
            by_source: sums(&p.by_source),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegionPlanSummaryDto {
    pub plans_approved: i64,
    pub plans_open: i64,
    pub planned_activities: i64,
    pub planned_participants: i64,
    pub reported_activities: i64,
    pub reported_participants: i64,
    pub by_source: Vec<SourceSumsDto>,
}

impl From<&RegionPlanSummary> for RegionPlanSummaryDto {
    fn from(s: &RegionPlanSummary) -> Self {
        RegionPlanSummaryDto {
            plans_approved: s.plans_approved,
            plans_open: s.plans_open,
            planned_activities: s.planned_activities,
            planned_participants: s.planned_participants,
            reported_activities: s.reported_activities,
            reported_participants: s.reported_participants,
            by_source: sums(&s.by_source),
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct DrawDto {
    pub line_no: i32,
    /// Integer rupiah.
    #[schema(minimum = 1, maximum = 1000000000000000_i64)]
    pub amount: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct PlanLinkRequest {
    #[serde(default)]
    pub planned_no: Option<i32>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub draws: Vec<DrawDto>,
}

#[derive(Serialize, ToSchema)]
pub struct PlanLinkDto {
    /// The approved plan in force for the activity's year, if any.
    pub work_plan_id: Option<i64>,
    pub planned_no: Option<i32>,
    pub draws: Vec<DrawDto>,
}

impl PlanLinkDto {
    fn of(link: &PlanLink, work_plan_id: Option<i64>) -> Self {
        PlanLinkDto {
            work_plan_id,
            planned_no: link.planned_no,
            draws: link.draws.iter().map(|(line_no, amount)| DrawDto { line_no: *line_no, amount: *amount }).collect(),
        }
    }
}

// ---- The budget calendar ----

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// The budget year (default: next year); its steps fall in the year before.
    #[param(value_type = Option<i32>, minimum = 2018, maximum = 2100)]
    year: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DeadlineDto {
    #[schema(value_type = crate::vocab::BudgetStepCode)]
    pub step: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// Moved from the legal date by this deployment.
    pub moved: bool,
    /// Whether the step decides the village budget (else the regency's or province's).
    pub village: bool,
}

impl From<&lentera_core::calendar::Deadline> for DeadlineDto {
    fn from(d: &lentera_core::calendar::Deadline) -> Self {
        DeadlineDto { step: d.step.code().into(), date: d.date.to_string(), moved: d.moved, village: d.step.village() }
    }
}

#[utoipa::path(get, path = "/api/v1/budget-calendar", tag = "work-plans", params(CalendarQuery), security(("bearer" = [])),
    responses((status = 200, description = "Each step's deadline for money in the budget year", body = Vec<DeadlineDto>),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn budget_calendar(
    State(state): State<AppState>,
    ApiActor(_actor): ApiActor,
    ApiQuery(q): ApiQuery<CalendarQuery>,
) -> ApiResult<Json<Vec<DeadlineDto>>> {
    let year = year_param(&q.year)?.unwrap_or(state.env.year(lentera_core::region::TimeZone::Wib) + 1);
    let cal = state.run(lentera_core::services::calendar::calendar).await?;
    Ok(Json(cal.for_budget_year(year).into_iter().map(|d| (&d).into()).collect()))
}

/// A step's new month and day (in the year before the budget year); `null` for both returns
/// it to the legal date.
#[derive(Deserialize, ToSchema)]
pub struct StepRequest {
    #[serde(default)]
    #[schema(minimum = 1, maximum = 12)]
    pub month: Option<u8>,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 31)]
    pub day: Option<u8>,
}

#[utoipa::path(put, path = "/api/v1/budget-calendar/{step}", tag = "work-plans", request_body = StepRequest, security(("bearer" = [])),
    params(("step" = crate::vocab::BudgetStepCode, Path, description = "The step")),
    responses((status = 204, description = "Saved"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, description = "National administrators only", body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_step(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(step): Path<String>,
    ApiJson(r): ApiJson<StepRequest>,
) -> ApiResult<StatusCode> {
    let step = lentera_core::calendar::BudgetStep::parse(&step).ok_or(Error::NotFound)?;
    let date = match (r.month, r.day) {
        (Some(m), Some(d)) => Some((m, d)),
        (None, None) => None,
        _ => {
            return Err(Error::field(
                "day",
                "Isi bulan dan tanggal, atau kosongkan keduanya.",
                "Give month and day, or neither.",
            )
            .into());
        }
    };
    state.run(move |s| lentera_core::services::calendar::save_step(s, &actor, step, date)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MissingQuery {
    #[param(value_type = Option<i32>, minimum = 2018, maximum = 2100)]
    year: Option<String>,
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MissingPlanDto {
    pub library_id: i64,
    pub library_name: String,
    pub region_code: String,
    /// Personal data of the manager, for follow-up by coordinators.
    pub manager_name: Option<String>,
    pub phone: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MissingPlansDto {
    pub budget_year: i32,
    pub next_step: Option<DeadlineDto>,
    pub total: i64,
    /// The first 500.
    pub libraries: Vec<MissingPlanDto>,
}

#[utoipa::path(get, path = "/api/v1/work-plans/missing", tag = "work-plans", params(MissingQuery), security(("bearer" = [])),
    responses((status = 200, body = MissingPlansDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, description = "Coordinators only", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn missing(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<MissingQuery>,
) -> ApiResult<Json<MissingPlansDto>> {
    let year = year_param(&q.year)?;
    let region = q.region.as_deref().map(RegionCode::parse).transpose()?;
    let m = state.run(move |s| lentera_core::services::calendar::missing_plans(s, &actor, region, year, 500)).await?;
    Ok(Json(MissingPlansDto {
        budget_year: m.budget_year,
        next_step: m.next.as_ref().map(Into::into),
        total: m.total,
        libraries: m
            .libraries
            .into_iter()
            .map(|l| MissingPlanDto {
                library_id: l.library_id.get(),
                library_name: l.library_name,
                region_code: l.region_code.to_string(),
                manager_name: l.manager_name,
                phone: l.phone,
            })
            .collect(),
    }))
}
