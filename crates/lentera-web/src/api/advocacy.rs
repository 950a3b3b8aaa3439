//! Stakeholders, advocacy activities and commitments over the API, and promises kept.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::advocacy::CommitmentFilter;
use lentera_core::advocacy::{
    Advocacy, AdvocacyFilter, AdvocacyInput, AdvocacyKind, Commitment, CommitmentInput, CommitmentStanding, Owner,
    PromisesKept, Stakeholder, StakeholderFilter, StakeholderInput, StakeholderKind,
};
use lentera_core::ids::LibraryId;
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::services::advocacy as svc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use crate::AppState;
use crate::http::error::ErrorBody;

fn id_of(s: &str) -> ApiResult<i64> {
    Ok(path_id::<LibraryId>(s)?.get())
}

fn page_of(q_page: &Option<String>, q_per: &Option<String>) -> ApiResult<PageRequest> {
    Ok(PageRequest::new(
        int_param(q_page, "page", 1, 1_000_000)?,
        int_param(q_per, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
    ))
}

fn region_param(v: &Option<String>) -> ApiResult<Option<RegionCode>> {
    Ok(v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(RegionCode::parse).transpose()?)
}

/// Who a new record belongs to: a library, or an office's region.
#[derive(Deserialize, ToSchema)]
pub struct OwnerRequest {
    #[serde(default)]
    #[schema(minimum = 1)]
    pub library_id: Option<i64>,
    /// An office's region code, when no library is given.
    #[serde(default)]
    #[schema(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    pub office_region: Option<String>,
}

pub(super) async fn owner(state: &AppState, actor: &lentera_core::access::Actor, o: &OwnerRequest) -> ApiResult<Owner> {
    let library = o.library_id.map(LibraryId::new);
    let region = region_param(&o.office_region)?;
    let actor = actor.clone();
    Ok(state.run(move |s| svc::owner_for(s, &actor, library, region)).await?)
}

#[derive(Serialize, ToSchema)]
pub struct OwnerDto {
    pub library_id: Option<i64>,
    pub library_name: Option<String>,
    pub region_code: String,
}

impl From<&Owner> for OwnerDto {
    fn from(o: &Owner) -> Self {
        OwnerDto {
            library_id: o.library_id.map(|l| l.get()),
            library_name: o.library_name.clone(),
            region_code: o.region_code.to_string(),
        }
    }
}

// ---- Stakeholders ----

#[derive(Serialize, ToSchema)]
pub struct StakeholderDto {
    pub id: i64,
    pub owner: OwnerDto,
    pub name: String,
    #[schema(value_type = crate::vocab::StakeholderKindCode)]
    pub kind: String,
    pub position: Option<String>,
    /// Personal data: only for the owner's chain (null otherwise).
    pub phone: Option<String>,
    pub email: Option<String>,
    #[schema(value_type = crate::vocab::StakeholderRoleCode)]
    pub role: String,
    /// YYYY-MM-DD.
    pub since: Option<String>,
    pub until: Option<String>,
    pub notes: Option<String>,
    pub version: i64,
}

impl From<&Stakeholder> for StakeholderDto {
    fn from(s: &Stakeholder) -> Self {
        StakeholderDto {
            id: s.id,
            owner: (&s.owner).into(),
            name: s.name.clone(),
            kind: s.kind.code().into(),
            position: s.position.clone(),
            phone: s.phone.clone(),
            email: s.email.clone(),
            role: s.role.code().into(),
            since: s.since.map(|d| d.to_string()),
            until: s.until.map(|d| d.to_string()),
            notes: s.notes.clone(),
            version: s.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StakeholderPageDto {
    pub items: Vec<StakeholderDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct StakeholderFieldsRequest {
    #[schema(max_length = 200)]
    pub name: String,
    #[schema(value_type = crate::vocab::StakeholderKindCode)]
    pub kind: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub position: Option<String>,
    #[serde(default)]
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub email: Option<String>,
    #[schema(value_type = crate::vocab::StakeholderRoleCode)]
    pub role: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
}

impl From<StakeholderFieldsRequest> for StakeholderInput {
    fn from(r: StakeholderFieldsRequest) -> Self {
        StakeholderInput {
            name: r.name,
            kind: r.kind,
            position: r.position,
            phone: r.phone,
            email: r.email,
            role: r.role,
            since: r.since,
            until: r.until,
            notes: r.notes,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewStakeholderRequest {
    #[serde(flatten)]
    pub owner: OwnerRequest,
    #[serde(flatten)]
    pub fields: StakeholderFieldsRequest,
}

#[derive(Deserialize, ToSchema)]
pub struct StakeholderUpdateRequest {
    #[serde(flatten)]
    pub fields: StakeholderFieldsRequest,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    pub version: i64,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StakeholderQuery {
    #[param(max_length = 100)]
    q: Option<String>,
    #[param(value_type = Option<crate::vocab::StakeholderKindCode>)]
    kind: Option<String>,
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    library_id: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/stakeholders", tag = "advocacy", params(StakeholderQuery), security(("bearer" = [])),
    responses((status = 200, body = StakeholderPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn stakeholders(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<StakeholderQuery>,
) -> ApiResult<Json<StakeholderPageDto>> {
    let kind = q
        .kind
        .as_deref()
        .map(|k| StakeholderKind::parse(k).ok_or_else(|| Error::field("kind", "Jenis tidak dikenal.", "Unknown type.")))
        .transpose()?;
    if q.q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(
            Error::field("q", "Kata kunci terlalu panjang (maks. 100 karakter).", "Query too long (max 100).").into()
        );
    }
    let f = StakeholderFilter {
        region: region_param(&q.region)?,
        library_id: int_param(&q.library_id, "library_id", 1, i64::MAX)?.map(LibraryId::new),
        query: q.q.clone(),
        kind,
    };
    let page = page_of(&q.page, &q.per_page)?;
    let p = state.run(move |s| svc::stakeholders(s, &actor, f, page)).await?;
    Ok(Json(StakeholderPageDto {
        items: p.items.iter().map(Into::into).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(post, path = "/api/v1/stakeholders", tag = "advocacy", request_body = NewStakeholderRequest, security(("bearer" = [])),
    responses((status = 201, body = StakeholderDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_stakeholder(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<NewStakeholderRequest>,
) -> ApiResult<(StatusCode, Json<StakeholderDto>)> {
    let owner = owner(&state, &actor, &r.owner).await?;
    let input: StakeholderInput = r.fields.into();
    let s = state.run(move |s| svc::create_stakeholder(s, &actor, &owner, &input)).await?;
    Ok((StatusCode::CREATED, Json((&s).into())))
}

#[utoipa::path(get, path = "/api/v1/stakeholders/{id}", tag = "advocacy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Stakeholder id")),
    responses((status = 200, body = StakeholderDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn stakeholder(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<StakeholderDto>> {
    let id = id_of(&id)?;
    let s = state.run(move |s| svc::stakeholder(s, &actor, id)).await?;
    Ok(Json((&s).into()))
}

#[utoipa::path(put, path = "/api/v1/stakeholders/{id}", tag = "advocacy", request_body = StakeholderUpdateRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Stakeholder id")),
    responses((status = 200, body = StakeholderDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Stale version", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_stakeholder(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<StakeholderUpdateRequest>,
) -> ApiResult<Json<StakeholderDto>> {
    let id = id_of(&id)?;
    let input: StakeholderInput = r.fields.into();
    let s = state.run(move |s| svc::update_stakeholder(s, &actor, id, r.version, &input)).await?;
    Ok(Json((&s).into()))
}

// ---- Advocacy and commitments ----

#[derive(Serialize, ToSchema)]
pub struct CommitmentDto {
    pub id: i64,
    pub advocacy_id: i64,
    pub stakeholder_id: i64,
    pub stakeholder_name: String,
    #[schema(value_type = crate::vocab::CommitmentKindCode)]
    pub kind: String,
    pub description: String,
    #[schema(value_type = Option<crate::vocab::FundingSourceCode>)]
    pub source: Option<String>,
    /// Integer rupiah.
    pub amount: Option<i64>,
    pub year: i32,
    pub due: Option<String>,
    pub line_no: Option<i32>,
    #[schema(value_type = crate::vocab::CommitmentStandingCode)]
    pub standing: String,
    /// Rupiah of the promise recorded in its line's budget or spending.
    pub kept_amount: i64,
}

impl CommitmentDto {
    fn of(c: &Commitment, today: time::Date) -> Self {
        CommitmentDto {
            id: c.id,
            advocacy_id: c.advocacy_id,
            stakeholder_id: c.stakeholder_id,
            stakeholder_name: c.stakeholder_name.clone(),
            kind: c.kind.code().into(),
            description: c.description.clone(),
            source: c.source.map(|s| s.code().into()),
            amount: c.amount,
            year: c.year,
            due: c.due.map(|d| d.to_string()),
            line_no: c.line_no,
            standing: c.standing(today).code().into(),
            kept_amount: c.kept_amount(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AdvocacyDto {
    pub id: i64,
    pub client_id: Option<String>,
    pub owner: OwnerDto,
    pub date: String,
    #[schema(value_type = crate::vocab::AdvocacyKindCode)]
    pub kind: String,
    pub message: String,
    pub outcome: Option<String>,
    pub stakeholder_ids: Vec<i64>,
    pub commitments: Vec<CommitmentDto>,
    pub version: i64,
}

impl AdvocacyDto {
    fn of(a: &Advocacy, today: time::Date) -> Self {
        AdvocacyDto {
            id: a.id,
            client_id: a.client_id.clone(),
            owner: (&a.owner).into(),
            date: a.date.to_string(),
            kind: a.kind.code().into(),
            message: a.message.clone(),
            outcome: a.outcome.clone(),
            stakeholder_ids: a.met.iter().map(|m| m.0).collect(),
            commitments: a.commitments.iter().map(|c| CommitmentDto::of(c, today)).collect(),
            version: a.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AdvocacyPageDto {
    pub items: Vec<AdvocacyDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct AdvocacyFieldsRequest {
    /// YYYY-MM-DD, not in the future.
    pub date: String,
    #[schema(value_type = crate::vocab::AdvocacyKindCode)]
    pub kind: String,
    #[schema(max_length = 2000)]
    pub message: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub outcome: Option<String>,
    /// The stakeholders met (the owner's or its offices').
    #[schema(min_items = 1, max_items = 50)]
    pub stakeholder_ids: Vec<i64>,
}

impl From<AdvocacyFieldsRequest> for AdvocacyInput {
    fn from(r: AdvocacyFieldsRequest) -> Self {
        AdvocacyInput {
            date: r.date,
            kind: r.kind,
            message: r.message,
            outcome: r.outcome,
            stakeholder_ids: r.stakeholder_ids.iter().map(|i| i.to_string()).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewAdvocacyRequest {
    #[serde(flatten)]
    pub owner: OwnerRequest,
    #[serde(default)]
    #[schema(pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub client_id: Option<String>,
    #[serde(flatten)]
    pub fields: AdvocacyFieldsRequest,
}

#[derive(Deserialize, ToSchema)]
pub struct AdvocacyUpdateRequest {
    #[serde(flatten)]
    pub fields: AdvocacyFieldsRequest,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    pub version: i64,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdvocacyQuery {
    #[param(value_type = Option<i32>, minimum = 2018, maximum = 2100)]
    year: Option<String>,
    #[param(value_type = Option<crate::vocab::AdvocacyKindCode>)]
    kind: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    stakeholder_id: Option<String>,
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    library_id: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

fn today(state: &AppState) -> time::Date {
    state.env.today(lentera_core::region::TimeZone::Wib)
}

#[utoipa::path(get, path = "/api/v1/advocacy", tag = "advocacy", params(AdvocacyQuery), security(("bearer" = [])),
    responses((status = 200, body = AdvocacyPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<AdvocacyQuery>,
) -> ApiResult<Json<AdvocacyPageDto>> {
    let kind = q
        .kind
        .as_deref()
        .map(|k| AdvocacyKind::parse(k).ok_or_else(|| Error::field("kind", "Jenis tidak dikenal.", "Unknown kind.")))
        .transpose()?;
    let f = AdvocacyFilter {
        region: region_param(&q.region)?,
        library_id: int_param(&q.library_id, "library_id", 1, i64::MAX)?.map(LibraryId::new),
        year: int_param(&q.year, "year", 2018, 2100)?.map(|y| y as i32),
        kind,
        stakeholder_id: int_param(&q.stakeholder_id, "stakeholder_id", 1, i64::MAX)?,
    };
    let page = page_of(&q.page, &q.per_page)?;
    let today = today(&state);
    let p = state.run(move |s| svc::list(s, &actor, f, page)).await?;
    Ok(Json(AdvocacyPageDto {
        items: p.items.iter().map(|a| AdvocacyDto::of(a, today)).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(post, path = "/api/v1/advocacy", tag = "advocacy", request_body = NewAdvocacyRequest, security(("bearer" = [])),
    responses((status = 201, body = AdvocacyDto), (status = 200, description = "A retry with the same client_id", body = AdvocacyDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<NewAdvocacyRequest>,
) -> ApiResult<(StatusCode, Json<AdvocacyDto>)> {
    super::extract::client_id(&r.client_id)?;
    let owner = owner(&state, &actor, &r.owner).await?;
    let input: AdvocacyInput = r.fields.into();
    let client_id = r.client_id;
    let today = today(&state);
    let (a, created) = state.run(move |s| svc::create(s, &actor, &owner, client_id.as_deref(), &input)).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(AdvocacyDto::of(&a, today))))
}

#[utoipa::path(get, path = "/api/v1/advocacy/{id}", tag = "advocacy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Advocacy id")),
    responses((status = 200, body = AdvocacyDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<AdvocacyDto>> {
    let id = id_of(&id)?;
    let today = today(&state);
    let a = state.run(move |s| svc::advocacy(s, &actor, id)).await?;
    Ok(Json(AdvocacyDto::of(&a, today)))
}

#[utoipa::path(put, path = "/api/v1/advocacy/{id}", tag = "advocacy", request_body = AdvocacyUpdateRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Advocacy id")),
    responses((status = 200, body = AdvocacyDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Stale version", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<AdvocacyUpdateRequest>,
) -> ApiResult<Json<AdvocacyDto>> {
    let id = id_of(&id)?;
    let input: AdvocacyInput = r.fields.into();
    let today = today(&state);
    let a = state.run(move |s| svc::update(s, &actor, id, r.version, &input)).await?;
    Ok(Json(AdvocacyDto::of(&a, today)))
}

/// A promise by one of those met. Money needs its source and amount; it is expected in a
/// line of the library's plan for the year (the given one, else the first of its source).
#[derive(Deserialize, ToSchema)]
pub struct CommitmentRequest {
    pub stakeholder_id: i64,
    #[schema(value_type = crate::vocab::CommitmentKindCode)]
    pub kind: String,
    #[schema(max_length = 500)]
    pub description: String,
    #[serde(default)]
    #[schema(value_type = Option<crate::vocab::FundingSourceCode>)]
    pub source: Option<String>,
    /// Integer rupiah.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000000000000000_i64)]
    pub amount: Option<i64>,
    #[schema(minimum = 2018, maximum = 2100)]
    pub year: i32,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    #[schema(minimum = 1)]
    pub line_no: Option<i32>,
}

#[utoipa::path(post, path = "/api/v1/advocacy/{id}/commitments", tag = "advocacy", request_body = CommitmentRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Advocacy id")),
    responses((status = 201, body = CommitmentDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_commitment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<CommitmentRequest>,
) -> ApiResult<(StatusCode, Json<CommitmentDto>)> {
    let id = id_of(&id)?;
    let input = CommitmentInput {
        stakeholder_id: r.stakeholder_id.to_string(),
        kind: r.kind,
        description: r.description,
        source: r.source,
        amount: r.amount.map(|a| a.to_string()),
        year: r.year.to_string(),
        due: r.due,
        line_no: r.line_no.map(|n| n.to_string()),
    };
    let today = today(&state);
    let c = state.run(move |s| svc::add_commitment(s, &actor, id, &input)).await?;
    Ok((StatusCode::CREATED, Json(CommitmentDto::of(&c, today))))
}

/// A hand-made resolution (promises that are not money: kept or lapsed; money may only
/// lapse) and, for money, the plan line it is expected in.
#[derive(Deserialize, ToSchema)]
pub struct ResolveRequest {
    #[serde(default)]
    #[schema(value_type = Option<crate::vocab::CommitmentStandingCode>)]
    pub resolution: Option<String>,
    #[serde(default)]
    #[schema(minimum = 1)]
    pub line_no: Option<i32>,
}

#[utoipa::path(put, path = "/api/v1/commitments/{id}", tag = "advocacy", request_body = ResolveRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Commitment id")),
    responses((status = 200, body = CommitmentDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn resolve(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<ResolveRequest>,
) -> ApiResult<Json<CommitmentDto>> {
    let id = id_of(&id)?;
    let resolution = r
        .resolution
        .as_deref()
        .map(|s| {
            CommitmentStanding::parse(s)
                .filter(|s| *s != CommitmentStanding::Open)
                .ok_or_else(|| Error::field("resolution", "Pilihan tidak dikenal.", "Unknown resolution."))
        })
        .transpose()?;
    let today = today(&state);
    let c = state.run(move |s| svc::resolve_commitment(s, &actor, id, resolution, r.line_no)).await?;
    Ok(Json(CommitmentDto::of(&c, today)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PromisesQuery {
    #[param(value_type = Option<i32>, minimum = 2018, maximum = 2100)]
    year: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    stakeholder_id: Option<String>,
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    library_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PromisesKeptDto {
    pub made: i64,
    pub kept: i64,
    pub kept_partly: i64,
    pub lapsed: i64,
    pub open: i64,
    pub rupiah_promised: i64,
    pub rupiah_kept: i64,
}

impl From<&PromisesKept> for PromisesKeptDto {
    fn from(p: &PromisesKept) -> Self {
        PromisesKeptDto {
            made: p.made,
            kept: p.kept,
            kept_partly: p.kept_partly,
            lapsed: p.lapsed,
            open: p.open,
            rupiah_promised: p.rupiah_promised,
            rupiah_kept: p.rupiah_kept,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/commitments/summary", tag = "advocacy", params(PromisesQuery), security(("bearer" = [])),
    responses((status = 200, description = "Promises made and kept in the caller's scope", body = PromisesKeptDto), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn promises_kept(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<PromisesQuery>,
) -> ApiResult<Json<PromisesKeptDto>> {
    let f = CommitmentFilter {
        region: region_param(&q.region)?,
        library_id: int_param(&q.library_id, "library_id", 1, i64::MAX)?.map(LibraryId::new),
        stakeholder_id: int_param(&q.stakeholder_id, "stakeholder_id", 1, i64::MAX)?,
        year: int_param(&q.year, "year", 2018, 2100)?.map(|y| y as i32),
    };
    let p = state.run(move |s| svc::promises_kept(s, &actor, f)).await?;
    Ok(Json((&p).into()))
}
