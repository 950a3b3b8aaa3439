//! Users, tokens, own account and the audit log over the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::Error;
use lentera_core::audit::AuditEntry;
use lentera_core::audit::AuditFilter;
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::services::{accounts, audit as audit_service};
use lentera_core::user::{ApiToken, User};
use lentera_core::user::{NewUserInput, UserUpdateInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiJson, ApiQuery, ApiResult, int_param, path_id};
use crate::AppState;
use crate::http::error::{ApiError, ErrorBody};

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

// The request and response bodies of these routes, as the OpenAPI document shows them.

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// national_admin, province_coordinator, regency_coordinator, library_manager, trainer, viewer.
    pub role: String,
    /// `nation`, a region code, or `library:ID`.
    pub scope: String,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<&User> for UserDto {
    fn from(u: &User) -> Self {
        UserDto {
            id: u.id,
            username: u.username.clone(),
            full_name: u.full_name.clone(),
            email: u.email.clone(),
            phone: u.phone.clone(),
            role: u.role.code().into(),
            scope: u.scope.to_text(),
            active: u.active,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserPageDto {
    pub items: Vec<UserDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct NewUserRequest {
    /// 3–40 letters, digits, dots, underscores or hyphens (stored in lower case).
    #[schema(pattern = r"^\s*[A-Za-z0-9._\-]{3,40}\s*$")]
    pub username: String,
    #[schema(pattern = r"\S", max_length = 120)]
    pub full_name: String,
    #[serde(default)]
    #[schema(pattern = r"^\s*([^@\s]+@[^@\s.]([^@\s]*\.)+[^@\s.]+)?\s*$", max_length = 200)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*(([ +\-().]*[0-9]){8,20}[ +\-().]*)?\s*$")]
    pub phone: Option<String>,
    #[schema(value_type = crate::vocab::RoleCode)]
    pub role: String,
    /// `nation`, a province or regency code (`35`, `35.07`), `library:ID` or `npp:NPP`; it must fit the
    /// role (422 otherwise) and lie inside the caller's scope (403 otherwise).
    #[serde(default)]
    #[schema(
        pattern = r"^\s*(nation|nasional|[0-9]{2}(\.[0-9]{2})?|library:[0-9]{1,15}|npp:[A-Za-z0-9.\-]{1,32})?\s*$"
    )]
    pub scope: Option<String>,
    #[schema(min_length = 10, max_length = 200)]
    pub password: String,
}

/// Changes to an account; absent properties stay as they are.
#[derive(Deserialize, ToSchema)]
pub struct UserUpdateRequest {
    #[serde(default)]
    #[schema(pattern = r"\S", max_length = 120)]
    pub full_name: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*([^@\s]+@[^@\s.]([^@\s]*\.)+[^@\s.]+)?\s*$", max_length = 200)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*(([ +\-().]*[0-9]){8,20}[ +\-().]*)?\s*$")]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::vocab::RoleCode>)]
    pub role: Option<String>,
    #[serde(default)]
    #[schema(
        pattern = r"^\s*(nation|nasional|[0-9]{2}(\.[0-9]{2})?|library:[0-9]{1,15}|npp:[A-Za-z0-9.\-]{1,32})?\s*$"
    )]
    pub scope: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChangeRequest {
    /// A wrong current password answers 403.
    #[schema(max_length = 200)]
    pub current_password: String,
    #[schema(min_length = 10, max_length = 200)]
    pub new_password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    #[schema(min_length = 10, max_length = 200)]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenDto {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl From<&ApiToken> for TokenDto {
    fn from(t: &ApiToken) -> Self {
        TokenDto {
            id: t.id,
            name: t.name.clone(),
            prefix: t.prefix.clone(),
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TokenListDto {
    pub items: Vec<TokenDto>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewTokenRequest {
    #[schema(pattern = r"\S", max_length = 80)]
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct NewTokenDto {
    #[serde(flatten)]
    pub token: TokenDto,
    /// The secret; shown only now.
    pub secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    /// create, update, delete.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub region_code: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl From<&AuditEntry> for AuditEntryDto {
    fn from(e: &AuditEntry) -> Self {
        AuditEntryDto {
            id: e.id,
            at: e.at,
            actor_user_id: e.actor_user_id,
            actor_name: e.actor_name.clone(),
            action: e.action.code().into(),
            entity: e.entity.clone(),
            entity_id: e.entity_id,
            region_code: e.region_code.clone(),
            before: e.before.clone(),
            after: e.after.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditPageDto {
    pub items: Vec<AuditEntryDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}
