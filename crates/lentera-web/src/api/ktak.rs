//! A library's yearly KTAK figures over the API.

use axum::Json;
use axum::extract::{Path, State};
use lentera_core::Error;
use lentera_core::library::KtakFigures;
use lentera_core::services::libraries;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiJson, ApiResult, path_id};
use crate::AppState;
use crate::http::ApiError;
use crate::http::error::ErrorBody;

#[utoipa::path(get, path = "/api/v1/libraries/{id}/ktak", tag = "libraries", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 200, body = KtakListDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn ktak(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<KtakListDto>> {
    let id = path_id(&id)?;
    let rows = state.run(move |s| libraries::ktak(s, &actor, id)).await?;
    Ok(Json(KtakListDto { items: rows.iter().map(Into::into).collect() }))
}

#[utoipa::path(put, path = "/api/v1/libraries/{id}/ktak/{year}", tag = "libraries", request_body = KtakRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id"), ("year" = i32, Path, description = "Year of the figures")),
    responses((status = 200, body = KtakDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_ktak(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, year)): Path<(String, String)>,
    ApiJson(req): ApiJson<KtakRequest>,
) -> ApiResult<Json<KtakDto>> {
    let id = path_id(&id)?;
    let year: i32 = year.parse().map_err(|_| ApiError::from(Error::NotFound))?;
    let k = KtakFigures {
        year,
        collection_titles: req.collection_titles,
        collection_copies: req.collection_copies,
        staff_librarians: req.staff_librarians,
        staff_other: req.staff_other,
        members: req.members,
        visits: req.visits,
    };
    let dto = KtakDto::from(&k);
    state.run(move |s| libraries::save_ktak(s, &actor, id, &k)).await?;
    Ok(Json(dto))
}

// The request and response bodies of these routes, as the OpenAPI document shows them.

#[derive(Serialize, Deserialize, ToSchema)]
pub struct KtakDto {
    pub year: i32,
    pub collection_titles: Option<i64>,
    pub collection_copies: Option<i64>,
    pub staff_librarians: Option<i64>,
    pub staff_other: Option<i64>,
    pub members: Option<i64>,
    pub visits: Option<i64>,
}

impl From<&KtakFigures> for KtakDto {
    fn from(k: &KtakFigures) -> Self {
        KtakDto {
            year: k.year,
            collection_titles: k.collection_titles,
            collection_copies: k.collection_copies,
            staff_librarians: k.staff_librarians,
            staff_other: k.staff_other,
            members: k.members,
            visits: k.visits,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct KtakListDto {
    pub items: Vec<KtakDto>,
}

/// KTAK figures for the year in the path; missing figures are null. Counts are 0 to 10⁹.
#[derive(Deserialize, ToSchema)]
pub struct KtakRequest {
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub collection_titles: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub collection_copies: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub staff_librarians: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub staff_other: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub members: Option<i64>,
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub visits: Option<i64>,
}
