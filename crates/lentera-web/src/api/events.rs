//! Programme events over the API: events with agenda and quotas, registrations, attendance
//! and video-conference reports, and the managed lists they use.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::event::{
    AgendaSession, AttendanceMark, Event, EventFilter, EventInput, PersonInput, Registration, RegistrationFilter,
    RegistrationStatus, format_time,
};
use lentera_core::library::{LibraryType, PageRequest};
use lentera_core::lists::ManagedList;
use lentera_core::region::RegionCode;
use lentera_core::services::{events, lists, personal_data};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::activities::CategoryListDto;
use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use crate::AppState;
use crate::http::error::ErrorBody;

#[derive(Serialize, ToSchema)]
pub struct TrainerDto {
    /// The trainer's user account, when they have one.
    pub user_id: Option<i64>,
    pub name: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct QuotaDto {
    /// Library type code (e.g. `umum_desa`).
    pub library_type: String,
    /// Seats for each library of this type.
    #[schema(minimum = 1, maximum = 100)]
    pub per_institution: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SessionDto {
    pub id: i64,
    #[schema(format = Date)]
    pub day: String,
    /// HH:MM in the host province's time zone.
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub module_id: Option<i64>,
    pub module_name: Option<String>,
    pub trainer: Option<String>,
}

impl From<&AgendaSession> for SessionDto {
    fn from(s: &AgendaSession) -> Self {
        SessionDto {
            id: s.id,
            day: s.day.to_string(),
            start_time: format_time(s.start_time),
            end_time: format_time(s.end_time),
            title: s.title.clone(),
            module_id: s.module_id,
            module_name: s.module_name.clone(),
            trainer: s.trainer.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventDto {
    pub id: i64,
    pub name: String,
    pub type_id: i64,
    pub type_name: String,
    pub year: i32,
    pub batch: Option<i64>,
    pub province_code: String,
    /// Time zone of the host province (WIB, WITA, WIT); dates and times are in it.
    pub time_zone: String,
    /// Region of the organising office; null for Perpusnas.
    pub organiser_region: Option<String>,
    /// `luring`, `daring` or `hibrida`.
    pub mode: String,
    pub venue: Option<String>,
    pub meeting_link: Option<String>,
    #[schema(format = Date)]
    pub start_date: String,
    #[schema(format = Date)]
    pub end_date: String,
    pub daily_start: String,
    pub daily_end: String,
    pub lesson_hours: i64,
    pub capacity: Option<i64>,
    pub attendance_threshold: i64,
    pub online_min_share: i64,
    pub signatory_name: Option<String>,
    pub signatory_title: Option<String>,
    pub description: Option<String>,
    pub registration_open: bool,
    /// Organisers only: the code of the public registration link `/daftar/{code}`.
    pub registration_code: Option<String>,
    pub registered: i64,
    pub trainers: Vec<TrainerDto>,
    pub quotas: Vec<QuotaDto>,
    pub version: i64,
}

fn event_dto(e: &Event, organiser: bool) -> EventDto {
    let f = &e.fields;
    EventDto {
        id: e.id.get(),
        name: f.name.clone(),
        type_id: f.type_id,
        type_name: e.type_name.clone(),
        year: f.year,
        batch: f.batch,
        province_code: f.province_code.to_string(),
        time_zone: f.time_zone().abbrev().into(),
        organiser_region: f.organiser_region.as_ref().map(|r| r.to_string()),
        mode: f.mode.code().into(),
        venue: f.venue.clone(),
        meeting_link: f.meeting_link.clone(),
        start_date: f.start_date.to_string(),
        end_date: f.end_date.to_string(),
        daily_start: format_time(f.daily_start),
        daily_end: format_time(f.daily_end),
        lesson_hours: f.lesson_hours,
        capacity: f.capacity,
        attendance_threshold: f.attendance_threshold,
        online_min_share: f.online_min_share,
        signatory_name: f.signatory_name.clone(),
        signatory_title: f.signatory_title.clone(),
        description: f.description.clone(),
        registration_open: f.registration_open,
        registration_code: organiser.then(|| e.registration_code.clone()),
        registered: e.registered,
        trainers: e.trainers.iter().map(|t| TrainerDto { user_id: t.user_id, name: t.name.clone() }).collect(),
        quotas: e
            .quotas
            .iter()
            .map(|q| QuotaDto { library_type: q.library_type.code().into(), per_institution: q.per_institution })
            .collect(),
        version: e.version,
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventDetailDto {
    #[serde(flatten)]
    pub event: EventDto,
    pub agenda: Vec<SessionDto>,
}

#[derive(Serialize, ToSchema)]
pub struct EventPageDto {
    pub items: Vec<EventDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    #[param(value_type = Option<i32>, minimum = 2018, maximum = 2100)]
    year: Option<String>,
    /// Host province code.
    #[param(pattern = r"^\s*[0-9]{2}\s*$")]
    province: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    type_id: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 99)]
    batch: Option<String>,
    /// Text in the event's name.
    #[param(min_length = 1)]
    q: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventQuery), security(("bearer" = [])),
    responses((status = 200, body = EventPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<EventQuery>,
) -> ApiResult<Json<EventPageDto>> {
    let filter = EventFilter {
        year: int_param(&q.year, "year", 2018, 2100)?.map(|y| y as i32),
        province: q.province.as_deref().map(RegionCode::parse).transpose()?,
        type_id: int_param(&q.type_id, "type_id", 1, i64::MAX)?,
        batch: int_param(&q.batch, "batch", 1, 99)?,
        query: q.q.clone(),
        ..Default::default()
    };
    let page = PageRequest::new(
        int_param(&q.page, "page", 1, 1_000_000)?,
        int_param(&q.per_page, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
    );
    let a = actor.clone();
    let p = state.run(move |s| events::list(s, &a, filter, page)).await?;
    Ok(Json(EventPageDto {
        items: p
            .items
            .iter()
            .map(|e| event_dto(e, events::can_manage(&actor, e.fields.organiser_region.as_ref())))
            .collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    pub type_id: i64,
    #[schema(minimum = 2018, maximum = 2100)]
    pub year: i64,
    #[schema(minimum = 1, maximum = 99)]
    pub batch: Option<i64>,
    /// Host province code, e.g. `35`.
    pub province_code: String,
    /// Region code of the organising office; leave out for Perpusnas.
    pub organiser_region: Option<String>,
    /// `luring`, `daring` or `hibrida`.
    pub mode: String,
    pub venue: Option<String>,
    pub meeting_link: Option<String>,
    #[schema(format = Date)]
    pub start_date: String,
    #[schema(format = Date)]
    pub end_date: String,
    /// HH:MM.
    pub daily_start: String,
    pub daily_end: String,
    #[schema(minimum = 1, maximum = 300)]
    pub lesson_hours: i64,
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
    #[schema(minimum = 1, maximum = 100)]
    pub attendance_threshold: Option<i64>,
    #[schema(minimum = 1, maximum = 100)]
    pub online_min_share: Option<i64>,
    pub signatory_name: Option<String>,
    pub signatory_title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub registration_open: bool,
    /// User ids of trainers (users with the trainer role).
    #[serde(default)]
    pub trainer_user_ids: Vec<i64>,
    /// Trainers without an account, by name.
    #[serde(default)]
    pub outside_trainers: Vec<String>,
    /// Required when updating: the version read.
    pub version: Option<i64>,
}

impl From<&EventRequest> for EventInput {
    fn from(r: &EventRequest) -> Self {
        let n = |v: Option<i64>| v.map(|n| n.to_string());
        EventInput {
            name: r.name.clone(),
            type_id: r.type_id.to_string(),
            year: r.year.to_string(),
            batch: n(r.batch),
            province_code: r.province_code.clone(),
            organiser_region: r.organiser_region.clone(),
            mode: r.mode.clone(),
            venue: r.venue.clone(),
            meeting_link: r.meeting_link.clone(),
            start_date: r.start_date.clone(),
            end_date: r.end_date.clone(),
            daily_start: r.daily_start.clone(),
            daily_end: r.daily_end.clone(),
            lesson_hours: r.lesson_hours.to_string(),
            capacity: n(r.capacity),
            attendance_threshold: n(r.attendance_threshold),
            online_min_share: n(r.online_min_share),
            signatory_name: r.signatory_name.clone(),
            signatory_title: r.signatory_title.clone(),
            description: r.description.clone(),
            registration_open: r.registration_open,
            outside_trainers: Some(r.outside_trainers.join("\n")),
            trainer_user_ids: r.trainer_user_ids.clone(),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = EventRequest, security(("bearer" = [])),
    responses((status = 201, body = EventDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<EventRequest>,
) -> ApiResult<(StatusCode, Json<EventDto>)> {
    let input = EventInput::from(&r);
    let e = state.run(move |s| events::create(s, &actor, &input)).await?;
    Ok((StatusCode::CREATED, Json(event_dto(&e, true))))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = EventDetailDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<EventDetailDto>> {
    let id = path_id(&id)?;
    let a = actor.clone();
    let (e, agenda) = state.run(move |s| Ok((events::get(s, &a, id)?, events::agenda(s, &a, id)?))).await?;
    let organiser = events::can_manage(&actor, e.fields.organiser_region.as_ref());
    Ok(Json(EventDetailDto { event: event_dto(&e, organiser), agenda: agenda.iter().map(Into::into).collect() }))
}

#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "events", request_body = EventRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = EventDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Stale version", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<EventRequest>,
) -> ApiResult<Json<EventDto>> {
    let id = path_id(&id)?;
    let version = r.version.ok_or_else(|| Error::field("version", "version wajib diisi.", "version is required."))?;
    let input = EventInput::from(&r);
    let e = state.run(move |s| events::update(s, &actor, id, version, &input)).await?;
    Ok(Json(event_dto(&e, true)))
}

#[utoipa::path(delete, path = "/api/v1/events/{id}", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "People are registered", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id)?;
    state.run(move |s| events::delete(s, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotasRequest {
    /// The complete set: types left out have no per-institution limit.
    pub quotas: Vec<QuotaDto>,
}

#[utoipa::path(put, path = "/api/v1/events/{id}/quotas", tag = "events", request_body = QuotasRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = EventDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_quotas(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<QuotasRequest>,
) -> ApiResult<Json<EventDto>> {
    let id = path_id(&id)?;
    let pairs: Vec<(String, String)> =
        r.quotas.iter().map(|q| (q.library_type.clone(), q.per_institution.to_string())).collect();
    if pairs.iter().any(|(t, _)| LibraryType::parse(t).is_none()) {
        return Err(Error::field("library_type", "Jenis perpustakaan tidak dikenal.", "Unknown library type.").into());
    }
    let e = state.run(move |s| events::save_quotas(s, &actor, id, &pairs)).await?;
    Ok(Json(event_dto(&e, true)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    #[schema(format = Date)]
    pub day: String,
    pub start_time: String,
    pub end_time: String,
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    pub module_id: Option<i64>,
    pub trainer: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/sessions", tag = "events", request_body = SessionRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 201, body = SessionDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_session(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<SessionRequest>,
) -> ApiResult<(StatusCode, Json<SessionDto>)> {
    let id = path_id(&id)?;
    let s = state
        .run(move |s| {
            let module = r.module_id.map(|m| m.to_string());
            let input = events::SessionInput {
                day: &r.day,
                start: &r.start_time,
                end: &r.end_time,
                title: &r.title,
                module_id: module.as_deref(),
                trainer: r.trainer.as_deref(),
            };
            events::add_session(s, &actor, id, &input)
        })
        .await?;
    Ok((StatusCode::CREATED, Json((&s).into())))
}

#[utoipa::path(delete, path = "/api/v1/events/{id}/sessions/{session_id}", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id"), ("session_id" = i64, Path, description = "Session id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_session(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, sid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (id, sid) = (path_id(&id)?, path_id(&sid)?);
    state.run(move |s| events::delete_session(s, &actor, id, sid)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    pub id: i64,
    pub full_name: String,
    /// `l` or `p`.
    pub gender: String,
    pub position: Option<String>,
    pub library_id: Option<i64>,
    /// The library's name, or the other institution.
    pub institution: String,
    pub region_code: String,
    /// Only for those who may see contacts (organisers, the person's own scope).
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl From<&lentera_core::event::Person> for PersonDto {
    fn from(p: &lentera_core::event::Person) -> Self {
        PersonDto {
            id: p.id,
            full_name: p.fields.full_name.clone(),
            gender: p.fields.gender.code().into(),
            position: p.fields.position.clone(),
            library_id: p.fields.library_id.map(|l| l.get()),
            institution: p.institution_label().into(),
            region_code: p.fields.region_code.to_string(),
            phone: p.fields.phone.clone(),
            email: p.fields.email.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationDto {
    pub id: i64,
    pub event_id: i64,
    pub person: PersonDto,
    /// `menunggu`, `terdaftar`, `daftar_tunggu`, `ditolak` or `batal`.
    pub status: String,
    /// The participant's check-in code (empty for those who may not see contacts).
    pub code: String,
    pub self_registered: bool,
    pub days_present: i64,
}

impl From<&Registration> for RegistrationDto {
    fn from(r: &Registration) -> Self {
        RegistrationDto {
            id: r.id,
            event_id: r.event_id.get(),
            person: (&r.person).into(),
            status: r.status.code().into(),
            code: r.code.clone(),
            self_registered: r.self_registered,
            days_present: r.days_present,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationListDto {
    pub items: Vec<RegistrationDto>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistrationQuery {
    /// Registration status code.
    #[param(value_type = Option<String>)]
    status: Option<String>,
    /// Text in the person's name.
    #[param(min_length = 1)]
    q: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/events/{id}/registrations", tag = "events", params(("id" = i64, Path, description = "Event id"), RegistrationQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Organisers and trainers see everyone; others the people of their scope", body = RegistrationListDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn registrations(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<RegistrationQuery>,
) -> ApiResult<Json<RegistrationListDto>> {
    let id = path_id(&id)?;
    let status = q
        .status
        .as_deref()
        .map(|s| {
            RegistrationStatus::parse(s)
                .ok_or_else(|| Error::field("status", "Status tidak dikenal.", "Unknown status."))
        })
        .transpose()?;
    let filter = RegistrationFilter { status, query: q.q.clone(), ..Default::default() };
    let regs = state.run(move |s| events::registrations(s, &actor, id, filter)).await?;
    Ok(Json(RegistrationListDto { items: regs.iter().map(Into::into).collect() }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRequest {
    #[schema(min_length = 1, max_length = 120)]
    pub full_name: String,
    /// `l` or `p`.
    pub gender: String,
    pub position: Option<String>,
    pub library_id: Option<i64>,
    /// When not from a library: the institution and its region code.
    pub institution: Option<String>,
    pub region_code: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl From<&PersonRequest> for PersonInput {
    fn from(p: &PersonRequest) -> Self {
        PersonInput {
            full_name: p.full_name.clone(),
            gender: p.gender.clone(),
            position: p.position.clone(),
            library_id: p.library_id.map(|l| l.to_string()),
            institution: p.institution.clone(),
            region_code: p.region_code.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NominationRequest {
    /// A known person; or give `person`.
    pub person_id: Option<i64>,
    pub person: Option<PersonRequest>,
    /// Confirms a warning (the phone or email belongs to someone with another name).
    #[serde(default)]
    pub confirm_warnings: bool,
}

#[derive(Serialize, ToSchema)]
pub struct NominationDto {
    pub registration: RegistrationDto,
    /// The details matched a person already recorded, whose record was used.
    pub reused_person: bool,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/registrations", tag = "events", request_body = NominationRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 201, description = "Registered, or on the waiting list (status daftar_tunggu) when the quota is full", body = NominationDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "Already registered", body = ErrorBody),
              (status = 422, description = "Invalid data, outside the caller's scope, or a warning to confirm", body = ErrorBody)))]
pub async fn nominate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<NominationRequest>,
) -> ApiResult<(StatusCode, Json<NominationDto>)> {
    let id = path_id(&id)?;
    if r.person_id.is_none() && r.person.is_none() {
        return Err(Error::field("person", "Isi person_id atau person.", "Give person_id or person.").into());
    }
    let n = events::Nomination {
        person_id: r.person_id,
        person: r.person.as_ref().map(PersonInput::from).unwrap_or_default(),
        confirmed: r.confirm_warnings,
    };
    let out = state.run(move |s| events::nominate(s, &actor, id, &n)).await?;
    Ok((
        StatusCode::CREATED,
        Json(NominationDto { registration: (&out.registration).into(), reused_person: out.reused_person }),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationStatusRequest {
    /// `terdaftar` (approve), `ditolak` (reject) or `batal` (withdraw).
    pub status: String,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/registrations/{registration_id}/status", tag = "events", request_body = RegistrationStatusRequest,
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id"), ("registration_id" = i64, Path, description = "Registration id")),
    responses((status = 200, description = "Approving when no seat is free puts the person on the waiting list", body = RegistrationDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, rid)): Path<(String, String)>,
    ApiJson(r): ApiJson<RegistrationStatusRequest>,
) -> ApiResult<Json<RegistrationDto>> {
    let (id, rid) = (path_id(&id)?, path_id(&rid)?);
    let to = RegistrationStatus::parse(&r.status)
        .ok_or_else(|| Error::field("status", "Status tidak dikenal.", "Unknown status."))?;
    let reg = state.run(move |s| events::set_status(s, &actor, id, rid, to)).await?;
    Ok(Json((&reg).into()))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MarkDto {
    pub registration_id: i64,
    #[schema(format = Date)]
    pub day: String,
    pub present: bool,
    /// `qr`, `manual` or `zoom`.
    pub source: String,
    /// Minutes in the video conference, when known.
    pub minutes: Option<i64>,
}

impl From<&AttendanceMark> for MarkDto {
    fn from(m: &AttendanceMark) -> Self {
        MarkDto {
            registration_id: m.registration_id,
            day: m.day.to_string(),
            present: m.present,
            source: m.source.code().into(),
            minutes: m.minutes,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceDto {
    /// The event's days.
    pub days: Vec<String>,
    pub marks: Vec<MarkDto>,
}

#[utoipa::path(get, path = "/api/v1/events/{id}/attendance", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = AttendanceDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn attendance(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<AttendanceDto>> {
    let id = path_id(&id)?;
    let (e, marks) = state.run(move |s| events::attendance(s, &actor, id)).await?;
    Ok(Json(AttendanceDto {
        days: e.fields.days().iter().map(|d| d.to_string()).collect(),
        marks: marks.iter().map(Into::into).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ManualMark {
    pub registration_id: i64,
    pub present: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRequest {
    #[schema(format = Date)]
    pub day: String,
    pub marks: Vec<ManualMark>,
}

#[derive(Serialize, ToSchema)]
pub struct SavedDto {
    pub saved: usize,
}

#[utoipa::path(put, path = "/api/v1/events/{id}/attendance", tag = "events", request_body = MarkRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, description = "Marks of registered participants saved; others ignored", body = SavedDto),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn mark(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<MarkRequest>,
) -> ApiResult<Json<SavedDto>> {
    let id = path_id(&id)?;
    let day = lentera_core::activity::parse_date(&r.day)
        .ok_or_else(|| Error::field("day", "Tanggal tidak valid.", "Invalid date."))?;
    let marks: Vec<(i64, bool)> = r.marks.iter().map(|m| (m.registration_id, m.present)).collect();
    let saved = state.run(move |s| events::mark(s, &actor, id, day, &marks)).await?;
    Ok(Json(SavedDto { saved }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConferenceRequest {
    #[schema(format = Date)]
    pub day: String,
    /// The participants report as exported (CSV text; comma, semicolon or tab).
    pub csv: String,
    /// Only report what would be recorded.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Serialize, ToSchema)]
pub struct UnmatchedDto {
    pub name: String,
    pub email: Option<String>,
    pub minutes: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ConferenceDto {
    pub present: usize,
    pub too_short: usize,
    /// The day's length in minutes the share is taken of.
    pub day_minutes: i64,
    pub unmatched: Vec<UnmatchedDto>,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/attendance/conference", tag = "events", request_body = ConferenceRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = ConferenceDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn conference(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<ConferenceRequest>,
) -> ApiResult<Json<ConferenceDto>> {
    let id = path_id(&id)?;
    let day = lentera_core::activity::parse_date(&r.day)
        .ok_or_else(|| Error::field("day", "Tanggal tidak valid.", "Invalid date."))?;
    let rows = crate::conference::read(r.csv.as_bytes())?;
    let out = state.run(move |s| events::import_conference(s, &actor, id, day, &rows, &[], !r.dry_run)).await?;
    Ok(Json(ConferenceDto {
        present: out.present,
        too_short: out.too_short,
        day_minutes: out.day_minutes,
        unmatched: out
            .matched
            .unmatched
            .into_iter()
            .map(|u| UnmatchedDto { name: u.name, email: u.email, minutes: u.minutes })
            .collect(),
    }))
}

async fn list_items(state: &AppState, list: ManagedList) -> ApiResult<Json<CategoryListDto>> {
    let items = state.run(move |s| lists::items(s, list, true)).await?;
    Ok(Json(CategoryListDto { items: items.iter().map(Into::into).collect() }))
}

#[utoipa::path(get, path = "/api/v1/event-types", tag = "events", security(("bearer" = [])),
    responses((status = 200, description = "Types in use, then retired ones", body = CategoryListDto), (status = 401, body = ErrorBody)))]
pub async fn event_types(State(state): State<AppState>, ApiActor(_): ApiActor) -> ApiResult<Json<CategoryListDto>> {
    list_items(&state, ManagedList::EventType).await
}

#[utoipa::path(get, path = "/api/v1/curriculum-modules", tag = "events", security(("bearer" = [])),
    responses((status = 200, description = "Modules in use, then retired ones", body = CategoryListDto), (status = 401, body = ErrorBody)))]
pub async fn modules(State(state): State<AppState>, ApiActor(_): ApiActor) -> ApiResult<Json<CategoryListDto>> {
    list_items(&state, ManagedList::Module).await
}

#[derive(Serialize, ToSchema)]
pub struct PersonPageDto {
    pub items: Vec<PersonDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Text in the name.
    #[param(min_length = 1)]
    q: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/people", tag = "events", params(PeopleQuery), security(("bearer" = [])),
    responses((status = 200, description = "People of the caller's scope", body = PersonPageDto), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn people(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<PeopleQuery>,
) -> ApiResult<Json<PersonPageDto>> {
    let page = PageRequest::new(
        int_param(&q.page, "page", 1, 1_000_000)?,
        int_param(&q.per_page, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
    );
    let query = q.q.clone();
    let p = state.run(move |s| events::people(s, &actor, query.as_deref(), page)).await?;
    Ok(Json(PersonPageDto {
        items: p.items.iter().map(Into::into).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(get, path = "/api/v1/people/{id}/export", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Person id")),
    responses((status = 200, description = "Everything held about the person (UU 27/2022): their record, training history, \
        and the log of changes and of who opened or exported it; the export itself is logged", body = Object),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn export_person(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<serde_json::Value>> {
    let id = path_id(&id)?;
    let data = state.run(move |s| personal_data::export(s, &actor, id)).await?;
    Ok(Json(serde_json::to_value(&data).map_err(Error::unexpected)?))
}

#[utoipa::path(post, path = "/api/v1/people/{id}/anonymise", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Person id")),
    responses((status = 204, description = "Name and contacts removed for good; registrations, attendance and certificates stay as counts"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn anonymise_person(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id)?;
    state.run(move |s| personal_data::anonymise(s, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
