//! Activity partners over the API: the stakeholders linked to a report, and the matching
//! helper that proposes links for the partner text of a library's earlier reports.

use axum::Json;
use axum::extract::{Path, State};
use lentera_core::ids::{ActivityId, LibraryId};
use lentera_core::partners::Target;
use lentera_core::services::partners;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiJson, ApiResult, path_id};
use crate::AppState;
use crate::http::error::ErrorBody;

#[derive(Serialize, ToSchema)]
pub struct PartnerDto {
    /// The stakeholder's id.
    id: i64,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct PartnersDto {
    partners: Vec<PartnerDto>,
}

impl PartnersDto {
    fn of(list: Vec<(i64, String)>) -> Self {
        PartnersDto { partners: list.into_iter().map(|(id, name)| PartnerDto { id, name }).collect() }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnersRequest {
    /// Stakeholders of the activity's library (or of its offices); replaces the links.
    #[schema(max_items = 20)]
    stakeholder_ids: Vec<i64>,
}

#[utoipa::path(get, path = "/api/v1/activities/{id}/partners", tag = "advocacy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity report id")),
    responses((status = 200, body = PartnersDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_activity(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<PartnersDto>> {
    let id: ActivityId = path_id(&id)?;
    Ok(Json(PartnersDto::of(state.run(move |s| partners::of_activity(s, &actor, id)).await?)))
}

#[utoipa::path(put, path = "/api/v1/activities/{id}/partners", tag = "advocacy", request_body = PartnersRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Activity report id (any status: partners are not reviewed figures)")),
    responses((status = 200, body = PartnersDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<PartnersRequest>,
) -> ApiResult<Json<PartnersDto>> {
    let id: ActivityId = path_id(&id)?;
    Ok(Json(PartnersDto::of(state.run(move |s| partners::set(s, &actor, id, r.stakeholder_ids)).await?)))
}

#[derive(Serialize, ToSchema)]
pub struct NameMatchDto {
    /// A partner name read from the report's text.
    name: String,
    /// The stakeholder it most likely means, if any.
    stakeholder: Option<PartnerDto>,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionDto {
    activity_id: i64,
    title: String,
    #[schema(value_type = String, format = Date)]
    start_date: String,
    /// The report's partner text as written.
    text: String,
    names: Vec<NameMatchDto>,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionsDto {
    /// Reports with partner text and no linked partner (the newest 10 are listed).
    total: i64,
    items: Vec<SuggestionDto>,
}

#[utoipa::path(get, path = "/api/v1/libraries/{id}/partner-suggestions", tag = "advocacy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 200, body = SuggestionsDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn suggestions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<SuggestionsDto>> {
    let id: LibraryId = path_id(&id)?;
    let (total, items) = state.run(move |s| partners::suggestions(s, &actor, id)).await?;
    Ok(Json(SuggestionsDto {
        total,
        items: items
            .into_iter()
            .map(|s| SuggestionDto {
                activity_id: s.activity_id.get(),
                title: s.title,
                start_date: s.start_date.to_string(),
                text: s.text,
                names: s
                    .names
                    .into_iter()
                    .map(|(name, m)| NameMatchDto { name, stakeholder: m.map(|(id, name)| PartnerDto { id, name }) })
                    .collect(),
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmedLink {
    activity_id: i64,
    /// What each confirmed partner name becomes; names left out are skipped.
    #[schema(max_items = 20)]
    targets: Vec<TargetDto>,
}

/// A stakeholder already recorded, or a new one made with this name.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum TargetDto {
    Existing {
        stakeholder_id: i64,
    },
    New {
        #[schema(min_length = 1, max_length = 120)]
        name: String,
    },
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    #[schema(max_items = 50)]
    links: Vec<ConfirmedLink>,
}

#[derive(Serialize, ToSchema)]
pub struct AppliedDto {
    activities: usize,
    new_stakeholders: usize,
}

#[utoipa::path(post, path = "/api/v1/libraries/{id}/partner-suggestions", tag = "advocacy", request_body = ConfirmRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 200, body = AppliedDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<ConfirmRequest>,
) -> ApiResult<Json<AppliedDto>> {
    let id: LibraryId = path_id(&id)?;
    let links = r
        .links
        .into_iter()
        .map(|l| {
            let targets = l
                .targets
                .into_iter()
                .map(|t| match t {
                    TargetDto::Existing { stakeholder_id } => Target::Existing { stakeholder_id },
                    TargetDto::New { name } => Target::New { name },
                })
                .collect();
            Ok((path_id::<ActivityId>(&l.activity_id.to_string())?, targets))
        })
        .collect::<Result<Vec<_>, crate::http::error::ApiError>>()?;
    let applied = state.run(move |s| partners::apply(s, &actor, id, links)).await?;
    Ok(Json(AppliedDto { activities: applied.activities, new_stakeholders: applied.new_stakeholders }))
}
