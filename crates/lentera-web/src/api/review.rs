//! The review path of every kind of report over the API: one handler to read a report and
//! one to take a workflow step, generic over the kind. Each kind's module documents its own
//! paths (OpenAPI) with a one-line wrapper around these.

use axum::Json;
use axum::extract::{Path, State};
use lentera_core::reporting::Report;
use lentera_core::services::review;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiResult, path_id};
use crate::AppState;

/// A kind of report as the API shows it (each kind implements it beside its DTO).
pub trait ReviewApi: Report {
    type Dto: Serialize + for<'a> From<&'a Self> + Send;
}

/// One report the caller may read.
pub async fn show<R: ReviewApi>(state: AppState, ApiActor(actor): ApiActor, id: String) -> ApiResult<Json<R::Dto>> {
    let id = path_id(&id)?;
    let r = state.run(move |s| review::get::<R>(s, &actor, id)).await?;
    Ok(Json((&r).into()))
}

/// Takes one workflow step; answers with the report as it is now.
pub async fn transition<R: ReviewApi>(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    r: TransitionRequest,
) -> ApiResult<Json<R::Dto>> {
    let id = path_id(&id)?;
    let step = crate::http::parse_transition(&r.transition)?;
    let policy = state.review_policy();
    let report = state.run(move |s| review::transition::<R>(s, &actor, policy, id, step, r.comment.as_deref())).await?;
    Ok(Json((&report).into()))
}

// The request and response bodies of these routes, as the OpenAPI document shows them.

/// A workflow step. `return` and `reopen` need a comment.
#[derive(Deserialize, ToSchema)]
pub struct TransitionRequest {
    #[schema(value_type = crate::vocab::TransitionCode)]
    pub transition: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}
