//! Users, tokens, own account and the audit log over the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::audit::AuditFilter;
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::services::{accounts, audit as audit_service};
use lentera_core::user::{NewUserInput, UserUpdateInput};
use serde::Deserialize;

use super::dto::{
    AuditEntryDto, AuditPageDto, NewTokenDto, NewTokenRequest, NewUserRequest, PasswordChangeRequest,
    PasswordResetRequest, TokenDto, TokenListDto, UserDto, UserPageDto, UserUpdateRequest,
};
use super::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = UserDto), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, ApiActor(actor): ApiActor) -> ApiResult<Json<UserDto>> {
    let id = actor.user_id.ok_or(ApiError::from(Error::Unauthorized))?;
    let u = state.run(move |s| accounts::get_user(s, &actor, id)).await?;
    Ok(Json((&u).into()))
}

#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", request_body = PasswordChangeRequest, security(("bearer" = [])),
    responses((status = 204, description = "Changed; the account's sessions end"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, description = "Wrong current password", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<PasswordChangeRequest>,
) -> ApiResult<StatusCode> {
    match state
        .run(move |s| accounts::change_own_password(s, &actor, &req.current_password, &req.new_password, None))
        .await
    {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        // Over the API a wrong current password is a refusal, not a form mistake.
        Err(Error::Validation(f)) if f.iter().any(|f| f.field == "current_password") => Err(Error::Forbidden.into()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Text in the username or full name.
    #[param(min_length = 1)]
    q: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "accounts", params(UserQuery), security(("bearer" = [])),
    responses((status = 200, description = "Users the caller manages", body = UserPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> ApiResult<Json<UserPageDto>> {
    let page = PageRequest::new(
        int_param(&q.page, "page", 1, 1_000_000)?,
        int_param(&q.per_page, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
    );
    let p = state.run(move |s| accounts::list_users(s, &actor, q.q.as_deref(), page)).await?;
    Ok(Json(UserPageDto {
        items: p.items.iter().map(Into::into).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = NewUserRequest, security(("bearer" = [])),
    responses((status = 201, body = UserDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, description = "Username taken", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<NewUserRequest>,
) -> ApiResult<(StatusCode, Json<UserDto>)> {
    let input = NewUserInput {
        username: r.username,
        full_name: r.full_name,
        email: r.email,
        phone: r.phone,
        role: r.role,
        scope: r.scope,
        password: r.password,
    };
    let u = state.run(move |s| accounts::create_user(s, &actor, &input)).await?;
    Ok((StatusCode::CREATED, Json((&u).into())))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = UserDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<UserDto>> {
    let id = path_id(&id)?;
    let u = state.run(move |s| accounts::get_user(s, &actor, id)).await?;
    Ok(Json((&u).into()))
}

#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "accounts", request_body = UserUpdateRequest, security(("bearer" = [])), params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = UserDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<UserUpdateRequest>,
) -> ApiResult<Json<UserDto>> {
    let id = path_id(&id)?;
    let input = UserUpdateInput {
        full_name: r.full_name,
        email: r.email,
        phone: r.phone,
        role: r.role,
        scope: r.scope,
        active: r.active,
    };
    let u = state.run(move |s| accounts::update_user(s, &actor, id, &input)).await?;
    Ok(Json((&u).into()))
}

#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "accounts", request_body = PasswordResetRequest, security(("bearer" = [])), params(("id" = i64, Path, description = "User id")),
    responses((status = 204, description = "Password reset; the user's sessions end"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<PasswordResetRequest>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id)?;
    state.run(move |s| accounts::reset_password(s, &actor, id, &r.password)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, description = "The caller's own tokens", body = TokenListDto), (status = 401, body = ErrorBody)))]
pub async fn list_tokens(State(state): State<AppState>, ApiActor(actor): ApiActor) -> ApiResult<Json<TokenListDto>> {
    let t = state.run(move |s| accounts::tokens(s, &actor)).await?;
    Ok(Json(TokenListDto { items: t.iter().map(Into::into).collect() }))
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewTokenRequest, security(("bearer" = [])),
    responses((status = 201, body = NewTokenDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(r): ApiJson<NewTokenRequest>,
) -> ApiResult<(StatusCode, Json<NewTokenDto>)> {
    let uid = actor.user_id.ok_or(ApiError::from(Error::Unauthorized))?;
    let (token, secret) = state.run(move |s| accounts::create_token(s, &actor, uid, &r.name)).await?;
    Ok((StatusCode::CREATED, Json(NewTokenDto { token: TokenDto::from(&token), secret })))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path, description = "Token id")),
    responses((status = 204, description = "Revoked"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id)?;
    state.run(move |s| accounts::revoke_token(s, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// library, library_ktak, user, user_password, api_token.
    #[param(min_length = 1)]
    entity: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1)]
    entity_id: Option<String>,
    /// Region code; entries in its subtree (a region outside the caller's scope answers 403).
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    region: Option<String>,
    /// Username of the actor.
    #[param(min_length = 1)]
    actor: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "accounts", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = AuditPageDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn audit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<AuditPageDto>> {
    let region = match q.region.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(r) => Some(RegionCode::parse(r)?),
        None => None,
    };
    let filter = AuditFilter {
        entity: q.entity.clone().filter(|s| !s.is_empty()),
        entity_id: int_param(&q.entity_id, "entity_id", 1, i64::MAX)?,
        region,
        actor: q.actor.clone().filter(|s| !s.is_empty()),
        ..Default::default()
    };
    let page = PageRequest::new(
        int_param(&q.page, "page", 1, 1_000_000)?,
        int_param(&q.per_page, "per_page", 1, PageRequest::MAX_PER_PAGE)?,
    );
    let p = state.run(move |s| audit_service::list(s, &actor, filter, page)).await?;
    Ok(Json(AuditPageDto {
        items: p.items.iter().map(AuditEntryDto::from).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}
