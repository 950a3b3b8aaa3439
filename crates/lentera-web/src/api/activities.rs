//! Activity reports over the API, with safe retries (client ids) and workflow transitions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::activity::{Activity, ActivityFilter, ActivityInput, parse_date};
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::services::activities;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use super::review::TransitionRequest;
use crate::http::error::ErrorBody;
use crate::{AppState, photos};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// Region code; activities of libraries in its subtree.
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    library_id: Option<String>,
    /// draft, submitted, verified, approved, returned.
    #[param(value_type = Option<crate::vocab::ReportStatusCode>)]
    status: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    category_id: Option<String>,
    /// Activities ending on or after this date (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    from: Option<String>,
    /// Activities starting on or before this date.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<String>,
    #[param(min_length = 1)]
    q: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/activities", tag = "activities", params(ActivityQuery), security(("bearer" = [])),
    responses((status = 200, body = ActivityPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<ActivityQuery>,
) -> ApiResult<Json<ActivityPageDto>> {
    let mut errs = lentera_core::error::Errors::default();
    let mut f = ActivityFilter { query: q.q.clone(), ..Default::default() };
    if let Some(r) = &q.region {
        f.region = RegionCode::parse(r).map_err(|e| errs.extend(e)).ok();
    }
    if let Some(s) = &q.status {
        f.status = ReportStatus::parse(s);
        if f.status.is_none() {
            errs.add("status", "Status tidak dikenal.", "Unknown status.");
        }
    }
    for (field, v, slot) in [("from", &q.from, &mut f.from), ("to", &q.to, &mut f.to)] {
        if let Some(d) = v {
            *slot = parse_date(d);
            if slot.is_none() {
                errs.add(field, "Tanggal tidak sah (YYYY-MM-DD).", "Invalid date (YYYY-MM-DD).");
            }
        }
    }
    errs.finish()?;
    f.library_id = int_param(&q.library_id, "library_id", 1, i64::MAX)?.map(lentera_core::ids::LibraryId::new);
    f.category_id = int_param(&q.category_id, "category_id", 1, i64::MAX)?;
    let page = PageRequest::new(
        int_param(&q.page, "page", 1, 1_000_000)?,
        int_param(&q.per_page, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
    );
    let p = state.run(move |s| activities::list(s, &actor, f, page)).await?;
    Ok(Json(ActivityPageDto {
        items: p.items.iter().map(Into::into).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(post, path = "/api/v1/activities", tag = "activities", request_body = NewActivityRequest, security(("bearer" = [])),
    responses((status = 201, description = "Created as a draft", body = ActivityDto),
              (status = 200, description = "A retry: the report created earlier with the same client_id", body = ActivityDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, description = "Invalid data, or warnings to confirm (code confirmation_required)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<NewActivityRequest>,
) -> ApiResult<(StatusCode, Json<ActivityDto>)> {
    let input = ActivityInput::from(&r.activity);
    let (a, created) = state
        .run(move |s| {
            activities::create(
                s,
                &actor,
                lentera_core::ids::LibraryId::new(r.library_id),
                r.client_id.as_deref(),
                &input,
            )
        })
        .await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json((&a).into())))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity id")),
    responses((status = 200, body = ActivityDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    actor: ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<ActivityDto>> {
    super::review::show::<Activity>(state, actor, id).await
}

#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "activities", request_body = ActivityUpdateRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity id")),
    responses((status = 200, body = ActivityDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Locked (under review or approved) or stale version", body = ErrorBody),
              (status = 422, description = "Invalid data, or warnings to confirm (code confirmation_required)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<ActivityUpdateRequest>,
) -> ApiResult<Json<ActivityDto>> {
    let id = path_id(&id)?;
    let input = ActivityInput::from(&r.activity);
    let a = state.run(move |s| activities::update(s, &actor, id, r.version, &input)).await?;
    Ok(Json((&a).into()))
}

#[utoipa::path(post, path = "/api/v1/activities/{id}/transitions", tag = "activities", request_body = TransitionRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity id")),
    responses((status = 200, body = ActivityDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, description = "Not the caller's level or scope", body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "The transition does not apply to the current status", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition(
    state: State<AppState>,
    actor: ApiActor,
    id: Path<String>,
    ApiJson(r): ApiJson<TransitionRequest>,
) -> ApiResult<Json<ActivityDto>> {
    super::review::transition::<Activity>(state, actor, id, r).await
}

#[utoipa::path(get, path = "/api/v1/activity-categories", tag = "activities", security(("bearer" = [])),
    responses((status = 200, description = "Categories in use, then retired ones", body = CategoryListDto), (status = 401, body = ErrorBody)))]
pub async fn categories(State(state): State<AppState>, ApiActor(_): ApiActor) -> ApiResult<Json<CategoryListDto>> {
    let cats = state.run(|s| activities::categories(s, true)).await?;
    Ok(Json(CategoryListDto { items: cats.iter().map(Into::into).collect() }))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}/photos", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity id")),
    responses((status = 200, body = PhotoListDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn photos(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<PhotoListDto>> {
    let id = path_id(&id)?;
    let list = state.run(move |s| activities::photos(s, &actor, id)).await?;
    Ok(Json(PhotoListDto { items: list.iter().map(Into::into).collect() }))
}

#[utoipa::path(post, path = "/api/v1/activities/{id}/photos", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity id")),
    request_body(content = Vec<u8>, description = "The photo file: JPEG, PNG or WebP, at most 10 MB. It is re-encoded without EXIF/GPS data.", content_type = "image/jpeg"),
    responses((status = 201, body = PhotoDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "The report is locked (under review or approved)", body = ErrorBody),
              (status = 413, description = "Larger than the upload limit"),
              (status = 422, description = "Not an image, too large, damaged, or already 10 photos", body = ErrorBody)))]
pub async fn add_photo(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<PhotoDto>)> {
    let id = path_id(&id)?;
    let a = actor.clone();
    state.run(move |s| activities::check_photo_upload(s, &a, id, 1).map(|_| ())).await?;
    let dir = state.config.files_dir.clone();
    let p = state.run(move |s| photos::add_to_activity(s, &actor, &dir, id, &body)).await?;
    Ok((StatusCode::CREATED, Json((&p).into())))
}

#[utoipa::path(delete, path = "/api/v1/activities/{id}/photos/{photo_id}", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity id"), ("photo_id" = i64, Path, description = "Photo id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "The report is locked", body = ErrorBody)))]
pub async fn delete_photo(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, pid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (id, pid) = (path_id(&id)?, path_id(&pid)?);
    let dir = state.config.files_dir.clone();
    state
        .run(move |s| {
            let p = activities::delete_photo(s, &actor, id, pid)?;
            photos::remove(&dir, &p.name);
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PhotoSize {
    /// `thumb` for the thumbnail; the web-size copy otherwise.
    #[param(value_type = Option<crate::vocab::PhotoSizeName>)]
    size: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/photos/{name}", tag = "activities", security(("bearer" = [])),
    params(("name" = String, Path, description = "The photo's name"), PhotoSize),
    responses((status = 200, description = "The JPEG file", content_type = "image/jpeg", body = Vec<u8>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn photo_file(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(name): Path<String>,
    ApiQuery(q): ApiQuery<PhotoSize>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let thumb = match q.size.as_deref() {
        None | Some("web") => false,
        Some("thumb") => true,
        Some(_) => {
            return Err(crate::http::error::ApiError::bad_request(
                "size",
                "size: web atau thumb.",
                "size: web or thumb.",
            ));
        }
    };
    if !photos::valid_name(&name) {
        return Err(Error::NotFound.into());
    }
    let dir = state.config.files_dir.clone();
    let bytes = state
        .run(move |s| {
            let p = activities::photo(s, &actor, &name)?;
            std::fs::read(photos::path_of(&dir, &p.name, thumb))
                .map_err(|e| Error::unexpected(format!("photo file: {e}")))
        })
        .await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "image/jpeg"),
            (axum::http::header::CACHE_CONTROL, "private, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}

// The request and response bodies of these routes, as the OpenAPI document shows them.

#[derive(Serialize, ToSchema)]
pub struct ParticipantsDto {
    pub total: i64,
    pub male: i64,
    pub female: i64,
    pub children: i64,
    pub teens: i64,
    pub adults: i64,
    pub elderly: i64,
    pub disabled: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityDto {
    pub id: i64,
    pub client_id: Option<String>,
    pub library_id: i64,
    pub library_name: String,
    pub region_code: String,
    pub title: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    pub end_date: String,
    pub place: Option<String>,
    pub category_id: i64,
    pub category_name: String,
    pub description: Option<String>,
    pub resource_persons: Option<String>,
    pub partners: Option<String>,
    pub participants: ParticipantsDto,
    pub outputs: Option<String>,
    pub income_participants: Option<i64>,
    /// Integer rupiah.
    pub income_rupiah: Option<i64>,
    pub links: Vec<String>,
    pub story: Option<String>,
    pub story_consent: bool,
    /// draft, submitted, verified, approved, returned.
    pub status: String,
    pub review_comment: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl From<&lentera_core::activity::Activity> for ActivityDto {
    fn from(a: &lentera_core::activity::Activity) -> Self {
        let f = &a.fields;
        let p = &f.participants;
        ActivityDto {
            id: a.id.get(),
            client_id: a.client_id.clone(),
            library_id: a.library_id.get(),
            library_name: a.library_name.clone(),
            region_code: a.region_code.to_string(),
            title: f.title.clone(),
            start_date: f.start_date.to_string(),
            end_date: f.end_date.to_string(),
            place: f.place.clone(),
            category_id: f.category_id,
            category_name: a.category_name.clone(),
            description: f.description.clone(),
            resource_persons: f.resource_persons.clone(),
            partners: f.partners.clone(),
            participants: ParticipantsDto {
                total: p.total(),
                male: p.male,
                female: p.female,
                children: p.children,
                teens: p.teens,
                adults: p.adults,
                elderly: p.elderly,
                disabled: p.disabled,
            },
            outputs: f.outputs.clone(),
            income_participants: f.income_participants,
            income_rupiah: f.income_rupiah,
            links: f.links.clone(),
            story: f.story.clone(),
            story_consent: f.story_consent,
            status: a.status.code().into(),
            review_comment: a.review_comment.clone(),
            created_at: a.created_at,
            updated_at: a.updated_at,
            version: a.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActivityPageDto {
    pub items: Vec<ActivityDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Participant counts; men + women make the total; age groups, when given, add up to it.
#[derive(Deserialize, ToSchema, Default)]
pub struct ParticipantsRequest {
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub male: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub female: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub children: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub teens: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub adults: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub elderly: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub disabled: Option<i64>,
}

/// An activity report. Dates are YYYY-MM-DD, not in the future at the library's place.
#[derive(Deserialize, ToSchema)]
pub struct ActivityRequest {
    #[schema(pattern = r"\S", max_length = 200)]
    pub title: String,
    #[schema(format = Date)]
    pub start_date: String,
    #[serde(default)]
    #[schema(format = Date)]
    pub end_date: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub place: Option<String>,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    #[schema(minimum = 1)]
    pub category_id: i64,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub resource_persons: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub partners: Option<String>,
    #[serde(default)]
    pub participants: ParticipantsRequest,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub outputs: Option<String>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0)]
    pub income_participants: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0)]
    pub income_rupiah: Option<i64>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub links: Vec<String>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub story: Option<String>,
    #[serde(default)]
    pub story_consent: bool,
    /// Keep the data despite warnings (a likely duplicate, an unusual participant count);
    /// without it such a report answers 422 with the code `confirmation_required`.
    #[serde(default)]
    pub confirm_warnings: bool,
}

impl From<&ActivityRequest> for lentera_core::activity::ActivityInput {
    fn from(r: &ActivityRequest) -> Self {
        let n = |v: Option<i64>| v.map(|v| v.to_string());
        let p = &r.participants;
        lentera_core::activity::ActivityInput {
            title: r.title.clone(),
            start_date: r.start_date.clone(),
            end_date: r.end_date.clone(),
            place: r.place.clone(),
            category_id: r.category_id.to_string(),
            description: r.description.clone(),
            resource_persons: r.resource_persons.clone(),
            partners: r.partners.clone(),
            participants_total: None,
            male: n(p.male),
            female: n(p.female),
            children: n(p.children),
            teens: n(p.teens),
            adults: n(p.adults),
            elderly: n(p.elderly),
            disabled: n(p.disabled),
            outputs: r.outputs.clone(),
            income_participants: n(r.income_participants),
            income_rupiah: n(r.income_rupiah),
            links: Some(r.links.join("\n")),
            story: r.story.clone(),
            story_consent: r.story_consent,
            confirm_warnings: r.confirm_warnings,
        }
    }
}

/// A new report for a library; `client_id` (a UUID made by the client) makes retries safe.
#[derive(Deserialize, ToSchema)]
pub struct NewActivityRequest {
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    #[schema(minimum = 1)]
    pub library_id: i64,
    #[serde(default)]
    #[schema(pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub client_id: Option<String>,
    #[serde(flatten)]
    pub activity: ActivityRequest,
}

#[derive(Deserialize, ToSchema)]
pub struct ActivityUpdateRequest {
    #[serde(flatten)]
    pub activity: ActivityRequest,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    pub version: i64,
}

#[derive(Serialize, ToSchema)]
pub struct CategoryDto {
    pub id: i64,
    pub name: String,
    pub retired: bool,
}

impl From<&lentera_core::lists::ListItem> for CategoryDto {
    fn from(c: &lentera_core::lists::ListItem) -> Self {
        CategoryDto { id: c.id, name: c.name.clone(), retired: c.retired }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CategoryListDto {
    pub items: Vec<CategoryDto>,
}

#[derive(Serialize, ToSchema)]
pub struct PhotoDto {
    pub id: i64,
    pub activity_id: i64,
    /// Fetch the file at `/api/v1/photos/{name}` (add `?size=thumb` for the thumbnail).
    pub name: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
    pub created_at: i64,
}

impl From<&lentera_core::activity::Photo> for PhotoDto {
    fn from(p: &lentera_core::activity::Photo) -> Self {
        PhotoDto {
            id: p.id,
            activity_id: p.activity_id.get(),
            name: p.name.clone(),
            width: p.width,
            height: p.height,
            bytes: p.bytes,
            created_at: p.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PhotoListDto {
    pub items: Vec<PhotoDto>,
}

impl super::review::ReviewApi for Activity {
    type Dto = ActivityDto;
}
