//! Event outcomes over the API: the question bank, tests, results and reports, certificates
//! (with the public verification), follow-up plans.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::services::event_reports::{self, Breakdown, EventLine};
use lentera_core::services::training;
use lentera_core::training::{Gain, Question, QuestionFields, TestKind};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use crate::AppState;
use crate::http::error::ErrorBody;

#[derive(Serialize, ToSchema)]
pub struct QuestionDto {
    pub id: i64,
    pub module_id: i64,
    pub module_name: String,
    pub text: String,
    pub options: Vec<String>,
    /// Index (from 0) of the correct option.
    pub correct: usize,
    pub explanation: Option<String>,
    pub retired: bool,
}

impl From<&Question> for QuestionDto {
    fn from(q: &Question) -> Self {
        QuestionDto {
            id: q.id,
            module_id: q.module_id,
            module_name: q.module_name.clone(),
            text: q.fields.text.clone(),
            options: q.fields.options.clone(),
            correct: q.fields.correct,
            explanation: q.fields.explanation.clone(),
            retired: q.retired,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct QuestionListDto {
    pub items: Vec<QuestionDto>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuestionQuery {
    #[param(value_type = Option<i64>, minimum = 1)]
    module_id: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/questions", tag = "events", params(QuestionQuery), security(("bearer" = [])),
    responses((status = 200, body = QuestionListDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, description = "Coordinators and trainers only", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn questions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<QuestionQuery>,
) -> ApiResult<Json<QuestionListDto>> {
    let module = int_param(&q.module_id, "module_id", 1, i64::MAX)?;
    let qs = state.run(move |s| training::questions(s, &actor, module)).await?;
    Ok(Json(QuestionListDto { items: qs.iter().map(Into::into).collect() }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionRequest {
    pub module_id: i64,
    #[schema(min_length = 1, max_length = 1000)]
    pub text: String,
    /// 2–6 options.
    pub options: Vec<String>,
    /// Index (from 0) of the correct option.
    pub correct: usize,
    pub explanation: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/questions", tag = "events", request_body = QuestionRequest, security(("bearer" = [])),
    responses((status = 201, body = QuestionDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_question(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<QuestionRequest>,
) -> ApiResult<(StatusCode, Json<QuestionDto>)> {
    let correct = r.correct.checked_add(1).map(|c| c.to_string()).unwrap_or_default();
    let fields = QuestionFields::parse(
        &r.module_id.to_string(),
        &r.text,
        &r.options.join("\n"),
        &correct,
        r.explanation.as_deref(),
    )?;
    if r.options.iter().any(|o| o.contains('\n') || o.trim().is_empty()) {
        return Err(Error::field(
            "options",
            "Setiap pilihan satu baris dan tidak kosong.",
            "Each option is one non-empty line.",
        )
        .into());
    }
    let q = state.run(move |s| training::save_question(s, &actor, None, &fields, false)).await?;
    Ok((StatusCode::CREATED, Json((&q).into())))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct EventTestDto {
    pub question_ids: Vec<i64>,
    #[schema(minimum = 1, maximum = 240)]
    pub time_limit_minutes: Option<i64>,
    /// Participants may take it now (on their page `/ikut/{event}`).
    pub open: bool,
}

#[utoipa::path(put, path = "/api/v1/events/{id}/tests/{kind}", tag = "events", request_body = EventTestDto, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id"), ("kind" = String, Path, description = "`pre` or `post`")),
    responses((status = 200, body = EventTestDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_test(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, kind)): Path<(String, String)>,
    ApiJson(r): ApiJson<EventTestDto>,
) -> ApiResult<Json<EventTestDto>> {
    let id = path_id(&id)?;
    let kind = TestKind::parse(&kind).ok_or(Error::NotFound)?;
    let t = state
        .run(move |s| training::set_test(s, &actor, id, kind, &r.question_ids, r.time_limit_minutes, r.open))
        .await?;
    Ok(Json(EventTestDto { question_ids: t.question_ids, time_limit_minutes: t.time_limit_minutes, open: t.open }))
}

#[derive(Serialize, ToSchema)]
pub struct GainDto {
    /// Percent correct before and after; null when nobody took that test.
    pub pre: Option<i64>,
    pub post: Option<i64>,
}

impl From<&Gain> for GainDto {
    fn from(g: &Gain) -> Self {
        GainDto { pre: g.pre, post: g.post }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CountDto {
    pub key: String,
    pub label: String,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct BreakdownDto {
    pub by_province: Vec<CountDto>,
    /// Library type code, or `lainnya` for other institutions.
    pub by_institution: Vec<CountDto>,
    pub male: i64,
    pub female: i64,
}

impl From<&Breakdown> for BreakdownDto {
    fn from(b: &Breakdown) -> Self {
        BreakdownDto {
            by_province: b
                .by_province
                .iter()
                .map(|(c, n, v)| CountDto { key: c.clone(), label: n.clone(), count: *v })
                .collect(),
            by_institution: b
                .by_institution
                .iter()
                .map(|(t, v)| CountDto {
                    key: t.map(|t| t.code().to_string()).unwrap_or_else(|| "lainnya".into()),
                    label: t
                        .map(|t| t.label(lentera_core::i18n::Lang::Id).to_string())
                        .unwrap_or_else(|| "Lembaga lain".into()),
                    count: *v,
                })
                .collect(),
            male: b.male,
            female: b.female,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventLineDto {
    pub event_id: i64,
    pub name: String,
    #[schema(format = Date)]
    pub start_date: String,
    pub registered: i64,
    pub female: i64,
    pub attendance_rate: i64,
    pub gain: GainDto,
    /// Averages ×10 (43 = 4.3) on 1–5 scales; null without answers.
    pub evaluation_content_x10: Option<i64>,
    pub evaluation_trainers_x10: Option<i64>,
    pub evaluation_organisation_x10: Option<i64>,
    pub evaluation_answers: i64,
}

impl From<&EventLine> for EventLineDto {
    fn from(l: &EventLine) -> Self {
        EventLineDto {
            event_id: l.event.id.get(),
            name: l.event.fields.name.clone(),
            start_date: l.event.fields.start_date.to_string(),
            registered: l.registered,
            female: l.female,
            attendance_rate: l.attendance_rate,
            gain: (&l.gain).into(),
            evaluation_content_x10: l.evaluation.content_x10,
            evaluation_trainers_x10: l.evaluation.trainers_x10,
            evaluation_organisation_x10: l.evaluation.organisation_x10,
            evaluation_answers: l.evaluation.answers,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventReportDto {
    pub summary: EventLineDto,
    pub breakdown: BreakdownDto,
    /// Per event day: date and how many were present.
    pub days: Vec<(String, i64)>,
}

#[utoipa::path(get, path = "/api/v1/events/{id}/report", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, description = "Aggregates only (no names)", body = EventReportDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn event_report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<EventReportDto>> {
    let id = path_id(&id)?;
    let r = state.run(move |s| event_reports::event(s, &actor, id)).await?;
    Ok(Json(EventReportDto {
        summary: (&r.line).into(),
        breakdown: (&r.breakdown).into(),
        days: r.days.iter().map(|(d, n)| (d.to_string(), *n)).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct YearReportDto {
    pub year: i32,
    pub events: Vec<EventLineDto>,
    pub breakdown: BreakdownDto,
    /// Different people trained.
    pub people: i64,
    pub attendance_rate: i64,
    pub gain: GainDto,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    #[param(value_type = Option<i64>, minimum = 1)]
    type_id: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/event-reports/{year}", tag = "events", params(("year" = i32, Path, minimum = 2018, maximum = 2100), YearQuery),
    security(("bearer" = [])),
    responses((status = 200, body = YearReportDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn year_report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(year): Path<String>,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Json<YearReportDto>> {
    let year = year.parse::<i32>().ok().filter(|y| (2018..=2100).contains(y)).ok_or(Error::NotFound)?;
    let type_id = int_param(&q.type_id, "type_id", 1, i64::MAX)?;
    let r = state.run(move |s| event_reports::year(s, &actor, year, type_id)).await?;
    Ok(Json(YearReportDto {
        year: r.year,
        events: r.events.iter().map(Into::into).collect(),
        breakdown: (&r.breakdown).into(),
        people: r.people,
        attendance_rate: r.attendance_rate,
        gain: (&r.gain).into(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct CertificateDto {
    pub id: i64,
    pub registration_id: i64,
    pub number: String,
    pub person_name: String,
    pub revoked: bool,
    pub revoked_reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CertificateListDto {
    pub items: Vec<CertificateDto>,
}

#[utoipa::path(get, path = "/api/v1/events/{id}/certificates", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = CertificateListDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn certificates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<CertificateListDto>> {
    let id = path_id(&id)?;
    let (_, certs) = state.run(move |s| training::certificates(s, &actor, id)).await?;
    Ok(Json(CertificateListDto {
        items: certs
            .iter()
            .map(|c| CertificateDto {
                id: c.certificate.id,
                registration_id: c.certificate.registration_id,
                number: c.certificate.number.clone(),
                person_name: c.person_name.clone(),
                revoked: c.certificate.revoked_at.is_some(),
                revoked_reason: c.certificate.revoked_reason.clone(),
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct IssuedDto {
    /// Certificates newly issued (eligible participants without one).
    pub issued: usize,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/certificates", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = IssuedDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn issue(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<IssuedDto>> {
    let id = path_id(&id)?;
    let issued = state.run(move |s| training::issue(s, &actor, id)).await?;
    Ok(Json(IssuedDto { issued }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/certificates/{certificate_id}/revoke", tag = "events", request_body = RevokeRequest,
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id"), ("certificate_id" = i64, Path, description = "Certificate id")),
    responses((status = 204, description = "Revoked"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, description = "Already revoked", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, cid)): Path<(String, String)>,
    ApiJson(r): ApiJson<RevokeRequest>,
) -> ApiResult<StatusCode> {
    let (id, cid) = (path_id(&id)?, path_id(&cid)?);
    state.run(move |s| training::revoke(s, &actor, id, cid, &r.reason)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct VerificationDto {
    pub number: String,
    pub person_name: String,
    pub event_name: String,
    pub revoked: bool,
}

#[utoipa::path(get, path = "/api/v1/certificates/{number}", tag = "events",
    params(("number" = String, Path, description = "Certificate number")),
    responses((status = 200, description = "Genuine (check `revoked`); public, name and event only", body = VerificationDto),
              (status = 404, description = "No such certificate", body = ErrorBody)))]
pub async fn verify(State(state): State<AppState>, Path(number): Path<String>) -> ApiResult<Json<VerificationDto>> {
    let v = state.run(move |s| training::verify(s, &number)).await?;
    Ok(Json(VerificationDto {
        number: v.number,
        person_name: v.person_name,
        event_name: v.event_name,
        revoked: v.revoked,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct FollowUpDto {
    pub event_id: i64,
    pub event_name: String,
    pub library_id: i64,
    pub library_name: String,
    pub plan: String,
    pub target_date: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FollowUpListDto {
    pub items: Vec<FollowUpDto>,
}

fn follow_up_list(plans: Vec<lentera_core::training::FollowUpPlan>) -> FollowUpListDto {
    FollowUpListDto {
        items: plans
            .into_iter()
            .map(|p| FollowUpDto {
                event_id: p.event_id.get(),
                event_name: p.event_name,
                library_id: p.library_id.get(),
                library_name: p.library_name,
                plan: p.plan,
                target_date: p.target_date.map(|d| d.to_string()),
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/events/{id}/follow-ups", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = FollowUpListDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn event_follow_ups(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<FollowUpListDto>> {
    let id = path_id(&id)?;
    let plans = state.run(move |s| training::follow_ups_of_event(s, &actor, id)).await?;
    Ok(Json(follow_up_list(plans)))
}

#[utoipa::path(get, path = "/api/v1/libraries/{id}/follow-ups", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 200, body = FollowUpListDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn library_follow_ups(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<FollowUpListDto>> {
    let id = path_id(&id)?;
    let plans = state.run(move |s| training::follow_ups_of_library(s, &actor, id)).await?;
    Ok(Json(follow_up_list(plans)))
}
