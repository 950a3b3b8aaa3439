//! The JSON API under `/api/v1`: bearer-token authentication, one error object shape,
//! pagination, and an OpenAPI 3 document generated from these handlers' annotations.

mod accounts;
mod activities;
mod catalogue;
pub mod dto;
mod events;
mod indicators;
mod kpi;
mod libraries;
mod monthly;
mod regions;
mod report_imports;
mod review;
mod training;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use lentera_core::Error;
use lentera_core::access::Actor;
use lentera_core::services::accounts as account_service;
use serde::de::DeserializeOwned;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::AppState;
use crate::error::ApiError;

pub type ApiResult<T> = Result<T, ApiError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/regions", get(regions::list))
        .route("/regions/search", get(regions::search))
        .route("/regions/{code}", get(regions::show))
        .route("/regions/{code}/children", get(regions::children))
        .route("/libraries", get(libraries::list).post(libraries::create))
        .route("/libraries/export", get(libraries::export))
        .route(
            "/libraries/import",
            post(libraries::import).layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/libraries/{id}", get(libraries::show).put(libraries::update).delete(libraries::delete))
        .route("/libraries/{id}/ktak", get(libraries::ktak))
        .route("/libraries/{id}/equipment", get(libraries::equipment).post(libraries::add_equipment))
        .route(
            "/libraries/{id}/equipment/{equipment_id}",
            put(libraries::update_equipment).delete(libraries::delete_equipment),
        )
        .route("/libraries/{id}/ktak/{year}", put(libraries::save_ktak))
        .route("/me", get(accounts::me))
        .route("/me/password", post(accounts::change_password))
        .route("/users", get(accounts::list_users).post(accounts::create_user))
        .route("/users/{id}", get(accounts::show_user).patch(accounts::update_user))
        .route("/users/{id}/password", post(accounts::reset_password))
        .route("/tokens", get(accounts::list_tokens).post(accounts::create_token))
        .route("/tokens/{id}", axum::routing::delete(accounts::revoke_token))
        .route("/audit", get(accounts::audit))
        .route("/events", get(events::list).post(events::create))
        .route("/events/{id}", get(events::show).put(events::update).delete(events::delete))
        .route("/events/{id}/quotas", put(events::save_quotas))
        .route("/events/{id}/sessions", post(events::add_session))
        .route("/events/{id}/sessions/{session_id}", axum::routing::delete(events::delete_session))
        .route("/events/{id}/registrations", get(events::registrations).post(events::nominate))
        .route("/events/{id}/registrations/{registration_id}/status", post(events::set_status))
        .route("/events/{id}/attendance", get(events::attendance).put(events::mark))
        .route("/events/{id}/attendance/conference", post(events::conference))
        .route("/event-types", get(events::event_types))
        .route("/curriculum-modules", get(events::modules))
        .route("/people", get(events::people))
        .route("/people/{id}/export", get(events::export_person))
        .route("/people/{id}/anonymise", post(events::anonymise_person))
        .route("/indicators/summary", get(indicators::summary))
        .route("/indicators/pivot", get(indicators::pivot))
        .route("/indicators/dhis2", get(indicators::dhis2))
        .route("/indicators/values", get(catalogue::values))
        .route("/indicators/catalogue", get(catalogue::list).post(catalogue::create))
        .route("/indicators/catalogue/{code}", put(catalogue::update))
        .route("/indicators/catalogue/{code}/values", get(catalogue::breakdown))
        .route("/iplm", get(indicators::iplm))
        .route("/questions", get(training::questions).post(training::add_question))
        .route("/events/{id}/tests/{kind}", put(training::set_test))
        .route("/events/{id}/report", get(training::event_report))
        .route("/event-reports/{year}", get(training::year_report))
        .route("/events/{id}/certificates", get(training::certificates).post(training::issue))
        .route("/events/{id}/certificates/{certificate_id}/revoke", post(training::revoke))
        .route("/certificates/{number}", get(training::verify))
        .route("/events/{id}/follow-ups", get(training::event_follow_ups))
        .route("/libraries/{id}/follow-ups", get(training::library_follow_ups))
        .route("/activities", get(activities::list).post(activities::create))
        .route("/activities/{id}", get(activities::show).put(activities::update))
        .route("/activities/{id}/transitions", post(activities::transition))
        .route("/activity-categories", get(activities::categories))
        .route(
            "/activities/{id}/photos",
            get(activities::photos)
                .post(activities::add_photo)
                .layer(axum::extract::DefaultBodyLimit::max(lentera_core::activity::MAX_PHOTO_BYTES + 1024)),
        )
        .route("/activities/{id}/photos/{photo_id}", axum::routing::delete(activities::delete_photo))
        .route("/photos/{name}", get(activities::photo_file))
        .route("/monthly-reports", get(monthly::list).post(monthly::create))
        .route("/monthly-reports/{id}", get(monthly::show).put(monthly::update))
        .route("/monthly-reports/{id}/transitions", post(monthly::transition))
        .route(
            "/activities/import",
            post(report_imports::activities).layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route(
            "/monthly-reports/import",
            post(report_imports::monthly).layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/completeness", get(kpi::completeness))
        .route("/kpi", get(kpi::region))
        .route("/libraries/{id}/kpi", get(kpi::library))
        .fallback(|| async { ApiError::from(Error::NotFound) })
}

/// The caller of an authenticated API route, from `Authorization: Bearer <token>`.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && t.len() <= 200)
            .ok_or(ApiError::from(Error::Unauthorized))?;
        let user = state.run(move |s| account_service::user_by_token(s, &token)).await?;
        user.map(|u| ApiActor(Actor::from_user(&u))).ok_or(ApiError::from(Error::Unauthorized))
    }
}

/// A JSON object body whose parse errors answer with the API's error object (400).
/// Only objects are accepted: serde would otherwise read a struct from a JSON array.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bad = |detail: String| {
            ApiError::bad_request(
                "body",
                &format!("Isi permintaan bukan JSON yang sesuai: {detail}"),
                &format!("The body is not the expected JSON: {detail}"),
            )
        };
        let Json(value) = Json::<serde_json::Value>::from_request(req, state).await.map_err(|e| bad(e.body_text()))?;
        if !value.is_object() {
            return Err(bad("expected a JSON object".into()));
        }
        serde_json::from_value(value).map(ApiJson).map_err(|e| bad(e.to_string()))
    }
}

/// Query parameters whose parse errors answer with the API's error object (400). An empty
/// value (`?page=`) is refused: in the API a parameter is either given or left out.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        if let Some((name, _)) = query.split('&').filter_map(|kv| kv.split_once('=')).find(|(_, v)| v.is_empty()) {
            return Err(ApiError::bad_request(
                name,
                &format!("Parameter '{name}' kosong; isi atau hilangkan."),
                &format!("Parameter '{name}' is empty; give a value or leave it out."),
            ));
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(e) => Err(ApiError::bad_request(
                "query",
                &format!("Parameter tidak sah: {}", e.body_text()),
                &format!("Invalid parameters: {}", e.body_text()),
            )),
        }
    }
}

/// Reads a required whole number sent as `5` or `5.0`.
pub fn whole_number_required<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64>,
{
    use serde::de::Error as _;
    whole_number(d)?.ok_or_else(|| D::Error::custom("expected a whole number"))
}

/// Reads an optional whole number that a client may send as `5` or `5.0`.
pub fn whole_number<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64>,
{
    use serde::de::Error as _;
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    let n = match v {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(serde_json::Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i,
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => f as i64,
            _ => return Err(D::Error::custom("expected a whole number")),
        },
        Some(_) => return Err(D::Error::custom("expected a whole number")),
    };
    T::try_from(n).map(Some).map_err(|_| D::Error::custom("number out of range"))
}

/// An optional whole-number query parameter within bounds (422 outside them).
pub fn int_param(v: &Option<String>, field: &str, min: i64, max: i64) -> ApiResult<Option<i64>> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(Error::field(
                field,
                &format!("Harus bilangan bulat {min}–{max}."),
                &format!("Must be a whole number {min}–{max}."),
            )
            .into()),
        },
    }
}

/// Parses an id from the path; anything that is not an id cannot exist.
pub fn path_id(s: &str) -> ApiResult<i64> {
    s.parse::<i64>().ok().filter(|&n| n > 0).ok_or(ApiError::from(Error::NotFound))
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Lentera API", description = "TPBIS programme data: regions, libraries, accounts, audit. Errors always use the ErrorBody shape.", version = "1"),
    paths(
        regions::list, regions::search, regions::show, regions::children,
        libraries::list, libraries::create, libraries::show, libraries::update, libraries::delete,
        libraries::ktak, libraries::save_ktak, libraries::equipment, libraries::add_equipment,
        libraries::update_equipment, libraries::delete_equipment, libraries::import, libraries::export,
        accounts::me, accounts::change_password, accounts::list_users, accounts::create_user, accounts::show_user,
        accounts::update_user, accounts::reset_password, accounts::list_tokens, accounts::create_token,
        accounts::revoke_token, accounts::audit, activities::list, activities::create, activities::show,
        activities::update, activities::transition, activities::categories, activities::photos, activities::add_photo,
        activities::delete_photo, activities::photo_file, monthly::list, monthly::create, monthly::show, monthly::update,
        monthly::transition, kpi::completeness, kpi::region, kpi::library,
        report_imports::activities, report_imports::monthly,
        events::list, events::create, events::show, events::update, events::delete, events::save_quotas,
        events::add_session, events::delete_session, events::registrations, events::nominate, events::set_status,
        events::attendance, events::mark, events::conference, events::event_types, events::modules, events::people,
        events::export_person, events::anonymise_person,
        training::questions, training::add_question, training::set_test, training::event_report, training::year_report,
        training::certificates, training::issue, training::revoke, training::verify, training::event_follow_ups,
        training::library_follow_ups, indicators::summary, indicators::pivot, indicators::dhis2, indicators::iplm,
        catalogue::list, catalogue::create, catalogue::update, catalogue::values, catalogue::breakdown,
    ),
    components(schemas(
        dto::LibraryTypeCode, dto::LibraryStatusCode, dto::ProgrammeTierCode, dto::RoleCode,
        crate::query::SortCode, regions::LevelName, libraries::ImportMode, libraries::FileFormat,
        activities::StatusCode_, activities::PhotoSizeName, dto::TransitionCode, dto::EquipmentItemCode, dto::EquipmentConditionCode,
    )),
    modifiers(&BearerAuth),
    tags((name = "regions", description = "Official regions (public)"), (name = "libraries", description = "The library registry"), (name = "accounts", description = "Users, tokens, audit"), (name = "activities", description = "Community-engagement activity reports and their review"), (name = "monthly", description = "Monthly library figures, their review, completeness and KPI colours"), (name = "events", description = "Programme events (Bimtek and others): registration within quotas, attendance"), (name = "indicators", description = "Indicator figures from approved reports"))
)]
pub struct ApiDoc;

/// The OpenAPI document, generated from the handlers' annotations, with the year bounds
/// that move with the calendar filled in.
pub fn openapi() -> utoipa::openapi::OpenApi {
    use lentera_core::library::FIRST_PROGRAMME_YEAR;
    let mut doc = ApiDoc::openapi();
    let year = lentera_core::clock::Clock::year(&lentera_core::clock::SystemClock, lentera_core::region::TimeZone::Wib);
    set_property_bounds(&mut doc, "LibraryRequest", "founded_year", 1800, year);
    set_property_bounds(&mut doc, "ProgrammeRequest", "year", FIRST_PROGRAMME_YEAR, year + 1);
    set_path_param_bounds(&mut doc, "/api/v1/libraries/{id}/ktak/{year}", "year", FIRST_PROGRAMME_YEAR - 10, year);
    set_property_bounds(&mut doc, "EquipmentRequest", "year_received", FIRST_PROGRAMME_YEAR - 20, year);
    doc
}

fn integer_schema(min: i32, max: i32) -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int32)))
        .minimum(Some(min))
        .maximum(Some(max))
        .build()
}

fn set_property_bounds(doc: &mut utoipa::openapi::OpenApi, schema: &str, property: &str, min: i32, max: i32) {
    use utoipa::openapi::{RefOr, schema::Schema};
    let Some(components) = doc.components.as_mut() else { return };
    if let Some(RefOr::T(Schema::Object(obj))) = components.schemas.get_mut(schema)
        && let Some(RefOr::T(Schema::Object(p))) = obj.properties.get_mut(property)
    {
        p.minimum = Some(min.into());
        p.maximum = Some(max.into());
    }
}

fn set_path_param_bounds(doc: &mut utoipa::openapi::OpenApi, path: &str, name: &str, min: i32, max: i32) {
    use utoipa::openapi::{RefOr, schema::Schema};
    let Some(item) = doc.paths.paths.get_mut(path) else { return };
    for op in [item.get.as_mut(), item.put.as_mut()].into_iter().flatten() {
        for p in op.parameters.iter_mut().flatten().filter(|p| p.name == name) {
            p.schema = Some(RefOr::T(Schema::Object(integer_schema(min, max))));
        }
    }
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}
