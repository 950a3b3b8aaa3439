//! A submitted HTML form, read leniently: missing fields are empty strings and get field
//! messages from validation, never a bare 422.

use std::collections::HashMap;

use axum::extract::{FromRequest, Request};
use lentera_core::Error;

use super::error::PageError;

/// A submitted HTML form as name → value (the last value wins).
#[derive(Clone, Default)]
pub struct Form(pub HashMap<String, String>);

impl Form {
    pub fn get(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or("")
    }
    pub fn opt(&self, k: &str) -> Option<String> {
        self.0.get(k).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
    }
}

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = PageError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Form(pairs) = axum::Form::<Vec<(String, String)>>::from_request(req, state).await.map_err(|_| {
            PageError(Error::field("form", "Formulir tidak dapat dibaca.", "The form could not be read."))
        })?;
        Ok(Form(pairs.into_iter().collect()))
    }
}
