//! What every API handler reads from a request: the caller (a bearer token), a JSON body and
//! query parameters that answer with the API's error object when malformed, path ids and
//! bounded numbers.

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use lentera_core::Error;
use lentera_core::access::Actor;
use lentera_core::services::accounts as account_service;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::http::error::ApiError;

pub type ApiResult<T> = Result<T, ApiError>;

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

/// [`crate::http::params::id_in_path`] in the API.
pub fn path_id<I: From<i64>>(s: &str) -> ApiResult<I> {
    crate::http::params::id_in_path(s).map_err(ApiError::from)
}

/// A client id in a request body: absent, or a UUID as the OpenAPI document says (an empty
/// string is refused here; pages may send a blank hidden field, which the services ignore).
pub fn client_id(v: &Option<String>) -> ApiResult<()> {
    match v {
        Some(c) if !lentera_core::reporting::valid_client_id(c.trim()) => {
            Err(Error::field("client_id", "client_id harus UUID.", "client_id must be a UUID.").into())
        }
        _ => Ok(()),
    }
}
