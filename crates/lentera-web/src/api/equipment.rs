//! A library's equipment over the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lentera_core::services::libraries;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiActor, ApiJson, ApiResult, path_id};
use crate::AppState;
use crate::http::error::ErrorBody;

#[utoipa::path(get, path = "/api/v1/libraries/{id}/equipment", tag = "libraries", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 200, body = EquipmentListDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn equipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<EquipmentListDto>> {
    let id = path_id(&id)?;
    let items = state.run(move |s| libraries::equipment(s, &actor, id)).await?;
    Ok(Json(EquipmentListDto { items: items.iter().map(Into::into).collect() }))
}

#[utoipa::path(post, path = "/api/v1/libraries/{id}/equipment", tag = "libraries", request_body = EquipmentRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id")),
    responses((status = 201, body = EquipmentDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_equipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<EquipmentRequest>,
) -> ApiResult<(StatusCode, Json<EquipmentDto>)> {
    let id = path_id(&id)?;
    let input = (&req).into();
    let e = state.run(move |s| libraries::save_equipment(s, &actor, id, None, &input)).await?;
    Ok((StatusCode::CREATED, Json((&e).into())))
}

#[utoipa::path(put, path = "/api/v1/libraries/{id}/equipment/{equipment_id}", tag = "libraries", request_body = EquipmentRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id"), ("equipment_id" = i64, Path, description = "Equipment record id")),
    responses((status = 200, body = EquipmentDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_equipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, eid)): Path<(String, String)>,
    ApiJson(req): ApiJson<EquipmentRequest>,
) -> ApiResult<Json<EquipmentDto>> {
    let (id, eid) = (path_id(&id)?, path_id(&eid)?);
    let input = (&req).into();
    let e = state.run(move |s| libraries::save_equipment(s, &actor, id, Some(eid), &input)).await?;
    Ok(Json((&e).into()))
}

#[utoipa::path(delete, path = "/api/v1/libraries/{id}/equipment/{equipment_id}", tag = "libraries", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Library id"), ("equipment_id" = i64, Path, description = "Equipment record id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_equipment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, eid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (id, eid) = (path_id(&id)?, path_id(&eid)?);
    state.run(move |s| libraries::delete_equipment(s, &actor, id, eid)).await?;
    Ok(StatusCode::NO_CONTENT)
}

// The request and response bodies of these routes, as the OpenAPI document shows them.

#[derive(Serialize, ToSchema)]
pub struct EquipmentDto {
    pub id: i64,
    pub library_id: i64,
    pub item: String,
    pub description: Option<String>,
    pub quantity: i64,
    pub year_received: Option<i32>,
    pub source: Option<String>,
    pub condition: String,
    pub in_use: bool,
    pub updated_at: i64,
}

impl From<&lentera_core::library::Equipment> for EquipmentDto {
    fn from(e: &lentera_core::library::Equipment) -> Self {
        EquipmentDto {
            id: e.id,
            library_id: e.library_id.get(),
            item: e.item.code().into(),
            description: e.description.clone(),
            quantity: e.quantity,
            year_received: e.year_received,
            source: e.source.clone(),
            condition: e.condition.code().into(),
            in_use: e.in_use,
            updated_at: e.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EquipmentListDto {
    pub items: Vec<EquipmentDto>,
}

/// Equipment received by a library.
#[derive(Deserialize, ToSchema)]
pub struct EquipmentRequest {
    #[schema(value_type = crate::vocab::EquipmentItemCode)]
    pub item: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub description: Option<String>,
    #[serde(deserialize_with = "super::extract::whole_number_required")]
    #[schema(minimum = 1, maximum = 1000000)]
    pub quantity: i64,
    /// From 1998 to this year.
    #[serde(default, deserialize_with = "super::extract::whole_number")]
    #[schema(minimum = 1998)]
    pub year_received: Option<i32>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub source: Option<String>,
    #[schema(value_type = crate::vocab::EquipmentConditionCode)]
    pub condition: String,
    pub in_use: bool,
}

impl From<&EquipmentRequest> for lentera_core::library::EquipmentInput {
    fn from(r: &EquipmentRequest) -> Self {
        lentera_core::library::EquipmentInput {
            item: r.item.clone(),
            description: r.description.clone(),
            quantity: r.quantity.to_string(),
            year_received: r.year_received.map(|y| y.to_string()),
            source: r.source.clone(),
            condition: r.condition.clone(),
            in_use: r.in_use,
        }
    }
}
