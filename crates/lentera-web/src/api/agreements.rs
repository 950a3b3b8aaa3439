//! Regulations, partnerships and their documents over the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::agreements::{
    AgreementFilter, Document, DocumentOwner, Partnership, PartnershipInput, Regulation, RegulationInput,
};
use lentera_core::ids::LibraryId;
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::services::agreements as svc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::advocacy::{OwnerDto, OwnerRequest, owner};
use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use crate::AppState;
use crate::http::error::ErrorBody;

fn id_of(s: &str) -> ApiResult<i64> {
    Ok(path_id::<LibraryId>(s)?.get())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementQuery {
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    library_id: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

impl AgreementQuery {
    fn parts(&self) -> ApiResult<(AgreementFilter, PageRequest)> {
        let region =
            self.region.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(RegionCode::parse).transpose()?;
        let library_id = int_param(&self.library_id, "library_id", 1, i64::MAX)?.map(LibraryId::new);
        let page = PageRequest::new(
            int_param(&self.page, "page", 1, 1_000_000)?,
            int_param(&self.per_page, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
        );
        Ok((AgreementFilter { region, library_id }, page))
    }
}

// ---- Regulations ----

#[derive(Serialize, ToSchema)]
pub struct RegulationDto {
    pub id: i64,
    pub owner: OwnerDto,
    pub title: String,
    #[schema(value_type = crate::vocab::RegulationLevelCode)]
    pub level: String,
    #[schema(value_type = crate::vocab::RegulationStatusCode)]
    pub status: String,
    pub number: Option<String>,
    /// YYYY-MM-DD.
    pub enacted_on: Option<String>,
    pub advocacy_ids: Vec<i64>,
    pub notes: Option<String>,
    pub version: i64,
}

impl From<&Regulation> for RegulationDto {
    fn from(r: &Regulation) -> Self {
        RegulationDto {
            id: r.id,
            owner: (&r.owner).into(),
            title: r.title.clone(),
            level: r.level.code().into(),
            status: r.status.code().into(),
            number: r.number.clone(),
            enacted_on: r.enacted_on.map(|d| d.to_string()),
            advocacy_ids: r.advocacy_ids.clone(),
            notes: r.notes.clone(),
            version: r.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegulationPageDto {
    pub items: Vec<RegulationDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A regulation; `enacted` needs its number and date; enacted or dropped ones stay so.
#[derive(Deserialize, ToSchema)]
pub struct RegulationFieldsRequest {
    #[schema(max_length = 300)]
    pub title: String,
    #[schema(value_type = crate::vocab::RegulationLevelCode)]
    pub level: String,
    #[schema(value_type = crate::vocab::RegulationStatusCode)]
    pub status: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub number: Option<String>,
    /// YYYY-MM-DD, not in the future.
    #[serde(default)]
    pub enacted_on: Option<String>,
    /// The owner's advocacy activities behind it.
    #[serde(default)]
    pub advocacy_ids: Vec<i64>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
}

impl From<RegulationFieldsRequest> for RegulationInput {
    fn from(r: RegulationFieldsRequest) -> Self {
        RegulationInput {
            title: r.title,
            level: r.level,
            status: r.status,
            number: r.number,
            enacted_on: r.enacted_on,
            advocacy_ids: r.advocacy_ids.iter().map(|i| i.to_string()).collect(),
            notes: r.notes,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewRegulationRequest {
    #[serde(flatten)]
    pub owner: OwnerRequest,
    #[serde(flatten)]
    pub fields: RegulationFieldsRequest,
}

#[derive(Deserialize, ToSchema)]
pub struct RegulationUpdateRequest {
    #[serde(flatten)]
    pub fields: RegulationFieldsRequest,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    pub version: i64,
}

#[utoipa::path(get, path = "/api/v1/regulations", tag = "advocacy", params(AgreementQuery), security(("bearer" = [])),
    responses((status = 200, body = RegulationPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn regulations(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<AgreementQuery>,
) -> ApiResult<Json<RegulationPageDto>> {
    let (f, page) = q.parts()?;
    let p = state.run(move |s| svc::regulations(s, &actor, f, page)).await?;
    Ok(Json(RegulationPageDto {
        items: p.items.iter().map(Into::into).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(post, path = "/api/v1/regulations", tag = "advocacy", request_body = NewRegulationRequest, security(("bearer" = [])),
    responses((status = 201, body = RegulationDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_regulation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<NewRegulationRequest>,
) -> ApiResult<(StatusCode, Json<RegulationDto>)> {
    let owner = owner(&state, &actor, &r.owner).await?;
    let input: RegulationInput = r.fields.into();
    let reg = state.run(move |s| svc::create_regulation(s, &actor, &owner, &input)).await?;
    Ok((StatusCode::CREATED, Json((&reg).into())))
}

#[utoipa::path(get, path = "/api/v1/regulations/{id}", tag = "advocacy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Regulation id")),
    responses((status = 200, body = RegulationDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn regulation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<RegulationDto>> {
    let id = id_of(&id)?;
    let r = state.run(move |s| svc::regulation(s, &actor, id)).await?;
    Ok(Json((&r).into()))
}

#[utoipa::path(put, path = "/api/v1/regulations/{id}", tag = "advocacy", request_body = RegulationUpdateRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Regulation id")),
    responses((status = 200, body = RegulationDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Stale version, or a final status changed", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_regulation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<RegulationUpdateRequest>,
) -> ApiResult<Json<RegulationDto>> {
    let id = id_of(&id)?;
    let input: RegulationInput = r.fields.into();
    let reg = state.run(move |s| svc::update_regulation(s, &actor, id, r.version, &input)).await?;
    Ok(Json((&reg).into()))
}

// ---- Partnerships ----

#[derive(Serialize, ToSchema)]
pub struct PartnershipDto {
    pub id: i64,
    pub owner: OwnerDto,
    pub title: String,
    pub partner: String,
    pub stakeholder_id: Option<i64>,
    pub starts_on: String,
    pub ends_on: Option<String>,
    #[schema(value_type = Vec<crate::vocab::ContributionCode>)]
    pub library_brings: Vec<String>,
    #[schema(value_type = Vec<crate::vocab::ContributionCode>)]
    pub partner_brings: Vec<String>,
    pub description: Option<String>,
    /// Integer rupiah.
    pub value: Option<i64>,
    /// Days left when the renewal is due (60 days or fewer before the end), else null.
    pub renewal_due_in_days: Option<i64>,
    pub version: i64,
}

impl PartnershipDto {
    fn of(p: &Partnership, today: time::Date) -> Self {
        let codes = |v: &[lentera_core::agreements::Contribution]| v.iter().map(|c| c.code().to_string()).collect();
        PartnershipDto {
            id: p.id,
            owner: (&p.owner).into(),
            title: p.title.clone(),
            partner: p.partner.clone(),
            stakeholder_id: p.stakeholder_id,
            starts_on: p.starts_on.to_string(),
            ends_on: p.ends_on.map(|d| d.to_string()),
            library_brings: codes(&p.library_brings),
            partner_brings: codes(&p.partner_brings),
            description: p.description.clone(),
            value: p.value,
            renewal_due_in_days: match p.term(today) {
                lentera_core::agreements::Term::RenewalDue(d) => Some(d),
                _ => None,
            },
            version: p.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PartnershipPageDto {
    pub items: Vec<PartnershipDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct PartnershipFieldsRequest {
    #[schema(max_length = 300)]
    pub title: String,
    #[schema(max_length = 200)]
    pub partner: String,
    #[serde(default)]
    pub stakeholder_id: Option<i64>,
    /// YYYY-MM-DD.
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::vocab::ContributionCode>)]
    pub library_brings: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::vocab::ContributionCode>)]
    pub partner_brings: Vec<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000000000000_i64)]
    pub value: Option<i64>,
}

impl From<PartnershipFieldsRequest> for PartnershipInput {
    fn from(r: PartnershipFieldsRequest) -> Self {
        PartnershipInput {
            title: r.title,
            partner: r.partner,
            stakeholder_id: r.stakeholder_id.map(|i| i.to_string()),
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            library_brings: r.library_brings,
            partner_brings: r.partner_brings,
            description: r.description,
            value: r.value.map(|v| v.to_string()),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewPartnershipRequest {
    #[serde(flatten)]
    pub owner: OwnerRequest,
    #[serde(flatten)]
    pub fields: PartnershipFieldsRequest,
}

#[derive(Deserialize, ToSchema)]
pub struct PartnershipUpdateRequest {
    #[serde(flatten)]
    pub fields: PartnershipFieldsRequest,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    pub version: i64,
}

fn today(state: &AppState) -> time::Date {
    state.env.today(lentera_core::region::TimeZone::Wib)
}

#[utoipa::path(get, path = "/api/v1/partnerships", tag = "advocacy", params(AgreementQuery), security(("bearer" = [])),
    responses((status = 200, description = "Ending soonest first", body = PartnershipPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn partnerships(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<AgreementQuery>,
) -> ApiResult<Json<PartnershipPageDto>> {
    let (f, page) = q.parts()?;
    let today = today(&state);
    let p = state.run(move |s| svc::partnerships(s, &actor, f, page)).await?;
    Ok(Json(PartnershipPageDto {
        items: p.items.iter().map(|m| PartnershipDto::of(m, today)).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(post, path = "/api/v1/partnerships", tag = "advocacy", request_body = NewPartnershipRequest, security(("bearer" = [])),
    responses((status = 201, body = PartnershipDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_partnership(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<NewPartnershipRequest>,
) -> ApiResult<(StatusCode, Json<PartnershipDto>)> {
    let owner = owner(&state, &actor, &r.owner).await?;
    let input: PartnershipInput = r.fields.into();
    let today = today(&state);
    let p = state.run(move |s| svc::create_partnership(s, &actor, &owner, &input)).await?;
    Ok((StatusCode::CREATED, Json(PartnershipDto::of(&p, today))))
}

#[utoipa::path(get, path = "/api/v1/partnerships/{id}", tag = "advocacy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Partnership id")),
    responses((status = 200, body = PartnershipDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn partnership(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<PartnershipDto>> {
    let id = id_of(&id)?;
    let today = today(&state);
    let p = state.run(move |s| svc::partnership(s, &actor, id)).await?;
    Ok(Json(PartnershipDto::of(&p, today)))
}

#[utoipa::path(put, path = "/api/v1/partnerships/{id}", tag = "advocacy", request_body = PartnershipUpdateRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Partnership id")),
    responses((status = 200, body = PartnershipDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Stale version", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_partnership(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<PartnershipUpdateRequest>,
) -> ApiResult<Json<PartnershipDto>> {
    let id = id_of(&id)?;
    let input: PartnershipInput = r.fields.into();
    let today = today(&state);
    let p = state.run(move |s| svc::update_partnership(s, &actor, id, r.version, &input)).await?;
    Ok(Json(PartnershipDto::of(&p, today)))
}

// ---- Documents ----

#[derive(Serialize, ToSchema)]
pub struct DocumentDto {
    /// Its address: `/dokumen/{name}` (signed in).
    pub name: String,
    pub filename: String,
    pub content_type: String,
    pub bytes: i64,
    pub created_at: i64,
}

impl From<&Document> for DocumentDto {
    fn from(d: &Document) -> Self {
        DocumentDto {
            name: d.name.clone(),
            filename: d.filename.clone(),
            content_type: d.content_type.clone(),
            bytes: d.bytes,
            created_at: d.created_at,
        }
    }
}

fn kind_of(s: &str) -> ApiResult<DocumentOwner> {
    Ok(DocumentOwner::parse(s).ok_or(Error::NotFound)?)
}

#[utoipa::path(get, path = "/api/v1/documents/{kind}/{id}", tag = "advocacy", security(("bearer" = [])),
    params(("kind" = crate::vocab::DocumentOwnerCode, Path, description = "What the documents belong to"), ("id" = i64, Path, description = "Its id")),
    responses((status = 200, body = Vec<DocumentDto>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn documents(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((kind, id)): Path<(String, String)>,
) -> ApiResult<Json<Vec<DocumentDto>>> {
    let (kind, id) = (kind_of(&kind)?, id_of(&id)?);
    let docs = state.run(move |s| svc::documents(s, &actor, kind, id)).await?;
    Ok(Json(docs.iter().map(Into::into).collect()))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The name to show for the file.
    #[param(max_length = 200)]
    filename: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/documents/{kind}/{id}", tag = "advocacy", security(("bearer" = [])),
    params(("kind" = crate::vocab::DocumentOwnerCode, Path, description = "What the document belongs to"), ("id" = i64, Path, description = "Its id"), UploadQuery),
    request_body(content = Vec<u8>, description = "The file: a PDF, or a JPEG/PNG/WebP image (re-encoded without its metadata); at most 20 MB. Told by its bytes, whatever the content type.", content_type = "application/octet-stream"),
    responses((status = 201, body = DocumentDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Too many documents", body = ErrorBody),
              (status = 413, description = "Larger than the upload limit"),
              (status = 422, description = "Not a PDF or image, or damaged", body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((kind, id)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<DocumentDto>)> {
    let (kind, id) = (kind_of(&kind)?, id_of(&id)?);
    let a = actor.clone();
    state.run(move |s| svc::check_upload(s, &a, kind, id).map(|_| ())).await?;
    if body.is_empty() {
        return Err(Error::field("file", "Kirim isi berkasnya.", "Send the file's bytes.").into());
    }
    if q.filename.as_ref().is_some_and(|f| f.chars().count() > 200) {
        return Err(Error::field(
            "filename",
            "Nama berkas terlalu panjang (maks. 200).",
            "File name too long (max 200).",
        )
        .into());
    }
    let name = q.filename.unwrap_or_else(|| "dokumen".into());
    let dir = state.config.files_dir.clone();
    let d = state.run(move |s| crate::documents::store(s, &actor, &dir, kind, id, &name, &body)).await?;
    Ok((StatusCode::CREATED, Json((&d).into())))
}
