//! The JSON API under `/api/v1`: bearer-token authentication, one error object shape,
//! pagination, and an OpenAPI 3 document generated from these handlers' annotations.

mod accounts;
pub mod dto;
mod libraries;
mod regions;

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
        .route("/libraries/{id}/ktak/{year}", put(libraries::save_ktak))
        .route("/me", get(accounts::me))
        .route("/me/password", post(accounts::change_password))
        .route("/users", get(accounts::list_users).post(accounts::create_user))
        .route("/users/{id}", get(accounts::show_user).patch(accounts::update_user))
        .route("/users/{id}/password", post(accounts::reset_password))
        .route("/tokens", get(accounts::list_tokens).post(accounts::create_token))
        .route("/tokens/{id}", axum::routing::delete(accounts::revoke_token))
        .route("/audit", get(accounts::audit))
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

/// A JSON body whose parse errors answer with the API's error object.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(ApiError::bad_request(
                "body",
                &format!("Isi permintaan bukan JSON yang sesuai: {}", e.body_text()),
                &format!("The body is not the expected JSON: {}", e.body_text()),
            )),
        }
    }
}

/// Query parameters whose parse errors answer with the API's error object.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
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
        libraries::ktak, libraries::save_ktak, libraries::import, libraries::export,
        accounts::me, accounts::change_password, accounts::list_users, accounts::create_user, accounts::show_user,
        accounts::update_user, accounts::reset_password, accounts::list_tokens, accounts::create_token,
        accounts::revoke_token, accounts::audit,
    ),
    modifiers(&BearerAuth),
    tags((name = "regions", description = "Official regions (public)"), (name = "libraries", description = "The library registry"), (name = "accounts", description = "Users, tokens, audit"))
)]
pub struct ApiDoc;

/// The OpenAPI document, generated from the handlers' annotations.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}
