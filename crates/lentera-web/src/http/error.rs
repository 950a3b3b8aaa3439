//! Mapping the core's errors to HTTP: one table, used by pages and the API alike.
//! Internal causes are logged with an incident number and never shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lentera_core::Error;
use serde::Serialize;

/// What a store's refusal means when no service said more (Indonesian, English).
const STALE: (&str, &str) = (
    "Data ini sudah berubah sejak dibuka; muat ulang lalu ulangi.",
    "This changed since it was opened; reload and try again.",
);
const IN_USE: (&str, &str) = ("Data ini masih dipakai oleh data lain.", "Other records still use this.");

pub fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::NotFound => StatusCode::NOT_FOUND,
        Error::Conflict(_) | Error::Duplicate { .. } | Error::Stale | Error::InUse => StatusCode::CONFLICT,
        Error::Unauthorized => StatusCode::UNAUTHORIZED,
        Error::Forbidden => StatusCode::FORBIDDEN,
        Error::Throttled => StatusCode::TOO_MANY_REQUESTS,
        Error::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn log_unexpected(e: &Error) -> Option<String> {
    if let Error::Unexpected(cause) = e {
        let incident = lentera_core::password::new_secret()[..8].to_string();
        tracing::error!(incident, cause, "unexpected error");
        Some(incident)
    } else {
        None
    }
}

/// What the page-error middleware needs to render an error page.
#[derive(Debug, Clone)]
pub struct PageErrorInfo {
    pub status: StatusCode,
    pub message: Option<String>,
    pub incident: Option<String>,
}

/// An error on an HTML page. Unauthorized visitors are sent to sign in.
#[derive(Debug)]
pub struct PageError(pub Error);

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, Error::Unauthorized) {
            return Redirect::to("/masuk").into_response();
        }
        let status = status_of(&self.0);
        let incident = log_unexpected(&self.0);
        let message = match &self.0 {
            Error::Conflict(m) => Some(m.clone()),
            Error::Duplicate { .. } => Some("Nilai sudah dipakai.".to_string()),
            Error::Stale => Some(STALE.0.to_string()),
            Error::InUse => Some(IN_USE.0.to_string()),
            Error::Validation(v) => Some(v.iter().map(|f| f.message.clone()).collect::<Vec<_>>().join(" ")),
            _ => None,
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(PageErrorInfo { status, message, incident });
        res
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: validation_failed, not_found, conflict, unauthorized,
    /// forbidden, too_many_attempts, bad_request, internal_error.
    pub code: String,
    /// A message for people, in Indonesian.
    pub message: String,
    /// The same in English.
    pub message_en: String,
    /// Problems with individual fields or parameters (validation errors only).
    pub fields: Vec<FieldErrorBody>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldErrorBody {
    pub field: String,
    pub message: String,
    pub message_en: String,
}

/// An error answered by the JSON API. Malformed requests (unparseable JSON or query) answer
/// 400; well-formed but invalid data answers 422.
#[derive(Debug)]
pub struct ApiError(pub Error, pub Option<StatusCode>);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e, None)
    }
}

impl ApiError {
    pub fn bad_request(field: &str, id: &str, en: &str) -> Self {
        ApiError(Error::Validation(vec![lentera_core::FieldError::new(field, id, en)]), Some(StatusCode::BAD_REQUEST))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        use lentera_core::error::FieldErrorKind;
        let all = |kind| matches!(&self.0, Error::Validation(f) if !f.is_empty() && f.iter().all(|f| f.kind == kind));
        let (taken, warnings) = (all(FieldErrorKind::Taken), all(FieldErrorKind::Warning));
        let status = self.1.unwrap_or_else(|| if taken { StatusCode::CONFLICT } else { status_of(&self.0) });
        let incident = log_unexpected(&self.0);
        let (message, message_en) = match &self.0 {
            Error::Validation(_) if status == StatusCode::BAD_REQUEST => {
                ("Permintaan tidak dapat dibaca.".to_string(), "The request could not be read.".to_string())
            }
            Error::Validation(_) if taken => ("Nilai sudah dipakai.".to_string(), "Value already in use.".to_string()),
            Error::Validation(_) if warnings => (
                "Periksa peringatan; kirim ulang dengan confirm_warnings: true bila data sudah benar.".to_string(),
                "Check the warnings; send again with confirm_warnings: true if the data is right.".to_string(),
            ),
            Error::Validation(_) => ("Data tidak valid.".to_string(), "Invalid data.".to_string()),
            Error::NotFound => ("Tidak ditemukan.".into(), "Not found.".into()),
            Error::Conflict(m) => (m.clone(), m.clone()),
            Error::Duplicate { .. } => ("Nilai sudah dipakai.".into(), "Value already in use.".into()),
            Error::Stale => (STALE.0.into(), STALE.1.into()),
            Error::InUse => (IN_USE.0.into(), IN_USE.1.into()),
            Error::Unauthorized => (
                "Perlu masuk: kirim token API sebagai Bearer.".into(),
                "Authentication required: send an API token as Bearer.".into(),
            ),
            Error::Forbidden => ("Anda tidak berhak melakukan ini.".into(), "You are not allowed to do this.".into()),
            Error::Throttled => {
                ("Terlalu banyak percobaan; coba lagi nanti.".into(), "Too many attempts; try again later.".into())
            }
            Error::Unexpected(_) => (
                format!("Terjadi kesalahan sistem (insiden {}).", incident.clone().unwrap_or_default()),
                format!("Internal error (incident {}).", incident.unwrap_or_default()),
            ),
        };
        let code = match status {
            StatusCode::BAD_REQUEST => "bad_request",
            StatusCode::CONFLICT => "conflict",
            _ if warnings => "confirmation_required",
            _ => self.0.code(),
        };
        let fields = match self.0 {
            Error::Validation(v) => v
                .into_iter()
                .map(|f| FieldErrorBody { field: f.field, message: f.message, message_en: f.message_en })
                .collect(),
            _ => Vec::new(),
        };
        let body = ErrorBody { error: ErrorDetail { code: code.into(), message, message_en, fields } };
        let mut res = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// A handler that panicked answers 500; the page middleware renders it as an error page.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    let info = PageErrorInfo { status: StatusCode::INTERNAL_SERVER_ERROR, message: None, incident: None };
    let mut res = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    res.extensions_mut().insert(info);
    res
}
