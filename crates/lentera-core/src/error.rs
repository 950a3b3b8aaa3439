//! The one error policy of Lentera.
//!
//! Errors are either the user's fault (validation, not found, conflict, unauthorized,
//! forbidden, throttled) and carry a message meant for people, or `Unexpected`, whose context
//! is for the logs only: the web layer shows a generic message and never the cause.

use serde::Serialize;

/// A message beside one form field or API property, in Indonesian and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub message_en: String,
    #[serde(skip)]
    pub kind: FieldErrorKind,
}

/// What kind of problem a field has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldErrorKind {
    /// The value is not acceptable.
    #[default]
    Invalid,
    /// The value is well-formed but already used by another record (a conflict, which the API
    /// answers with 409 rather than 422).
    Taken,
    /// Not an error: something looks unusual (an outlier, a likely duplicate) and the
    /// submitter must confirm or correct it.
    Warning,
}

impl FieldError {
    pub fn new(field: &str, id: &str, en: &str) -> Self {
        Self {
            field: field.to_string(),
            message: id.to_string(),
            message_en: en.to_string(),
            kind: FieldErrorKind::Invalid,
        }
    }
    pub fn taken(field: &str, id: &str, en: &str) -> Self {
        Self { kind: FieldErrorKind::Taken, ..Self::new(field, id, en) }
    }
    pub fn warning(field: &str, id: &str, en: &str) -> Self {
        Self { kind: FieldErrorKind::Warning, ..Self::new(field, id, en) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    /// A conflicting state (duplicate NPP, stale edit, name taken); the text is for people.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("too many attempts")]
    Throttled,
    /// The record changed since it was read (another edit or review came first). Stores
    /// answer this; the service that asked says what it means to the person.
    #[error("stale")]
    Stale,
    /// Other records still refer to this one, so it cannot go.
    #[error("in use")]
    InUse,
    /// A unique value is already stored; the service that asked turns it into a message.
    #[error("duplicate: {0:?}")]
    Duplicate(Unique),
    /// A fault of the system, not the user's. The context goes to the logs only.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which unique value a store found taken. Adapters map their own constraint names to these;
/// the database's text never leaves the adapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    Username,
    LibraryNpp,
    /// A report's client id (activities, monthly reports).
    ClientId,
    /// A library's report for a month.
    MonthlyPeriod,
    /// A registration code within an event, or an event's public registration code.
    RegistrationCode,
    /// A person registered twice for one event.
    Registration,
    /// A participant's evaluation of an event.
    Evaluation,
    IndicatorCode,
    /// A managed list item's name.
    ListItemName,
    CertificateNumber,
    /// A library's work plan revision for a year.
    WorkPlanRevision,
    /// Any other unique key.
    Other,
}

impl Error {
    pub fn field(field: &str, id: &str, en: &str) -> Self {
        Error::Validation(vec![FieldError::new(field, id, en)])
    }
    /// A unique value (username, NPP) already in use.
    pub fn taken(field: &str, id: &str, en: &str) -> Self {
        Error::Validation(vec![FieldError::taken(field, id, en)])
    }
    pub fn unexpected(context: impl std::fmt::Display) -> Self {
        Error::Unexpected(context.to_string())
    }
    /// A stable machine-readable code, used by the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation_failed",
            Error::NotFound => "not_found",
            Error::Conflict(_) | Error::Duplicate(_) | Error::Stale | Error::InUse => "conflict",
            Error::Unauthorized => "unauthorized",
            Error::Forbidden => "forbidden",
            Error::Throttled => "too_many_attempts",
            Error::Unexpected(_) => "internal_error",
        }
    }
}

/// Collects field errors while parsing a form or payload, so all are reported at once.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, id: &str, en: &str) {
        self.0.push(FieldError::new(field, id, en));
    }
    pub fn extend(&mut self, err: Error) -> Result<()> {
        match err {
            Error::Validation(v) => {
                self.0.extend(v);
                Ok(())
            }
            other => Err(other),
        }
    }
    /// An optional text, trimmed (empty is `None`), at most `max` characters.
    pub fn bounded_text(&mut self, field: &str, v: Option<&str>, max: usize) -> Option<String> {
        let v = crate::text::clean_opt(v);
        if v.as_ref().is_some_and(|s| s.chars().count() > max) {
            self.add(
                field,
                &format!("Terlalu panjang (maks. {max} karakter)."),
                &format!("Too long (max {max} characters)."),
            );
        }
        v
    }

    /// A required text, trimmed, at most `max` characters.
    pub fn required_text(&mut self, field: &str, v: &str, max: usize) -> String {
        let v = v.trim().to_string();
        if v.is_empty() || v.chars().count() > max {
            self.add(
                field,
                &format!("Wajib diisi (maks. {max} karakter)."),
                &format!("Required (max {max} characters)."),
            );
        }
        v
    }

    /// An optional date as typed (`YYYY-MM-DD` or `DD/MM/YYYY`).
    pub fn optional_date(&mut self, field: &str, v: Option<&str>) -> Option<time::Date> {
        let v = crate::text::clean_opt(v)?;
        let d = crate::activity::parse_date(&v);
        if d.is_none() {
            self.add(field, "Tanggal tidak valid (HH/BB/TTTT).", "Invalid date (DD/MM/YYYY).");
        }
        d
    }

    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() { Ok(()) } else { Err(Error::Validation(self.0)) }
    }
}
