//! endoflife.date release cycles: sync from the API (the collector fetches), import from
//! files (for a machine without internet: the CLI reads them and posts), and list.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::extract::Query;
use super::format::{Format, FormatQuery, csv_response};
use super::openapi::Csv;
use crate::app::AppState;
use crate::app::imports::{self, EolImport, EolSync, SyncOutcome, SyncRequest};
use crate::lifecycle::eol::product::Product;
use crate::tokens::Caller;
use arsring_protocol::ErrorBody;

/// Fetches release cycles from endoflife.date.
///
/// `{"products": [...]}`, or no body for the products the fleet needs. Answers 502 when
/// not one product could be fetched: the sync failed, whatever the reasons per product.
#[utoipa::path(
    post,
    path = "/api/v1/lifecycle/eol/sync",
    tag = "registers",
    request_body(content = Option<SyncRequest>, description = "Products to fetch; none for those the fleet needs."),
    responses(
        (status = 200, description = "What was fetched, unchanged or failed, product by product.", body = EolSync),
        (status = 422, description = "The body is not a list of products.", body = ErrorBody),
        (status = 502, description = "Not one product could be fetched from endoflife.date.", body = ErrorBody),
    ),
)]
pub async fn sync_products(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EolSync>, ApiError> {
    let body = body.map_err(body_error)?;
    let request: SyncRequest = if body.trim_ascii().is_empty() { SyncRequest::default() } else { json(&body)? };
    let synced = imports::sync_eol(&app, request, &caller.name).await?;
    match nothing_fetched(&synced) {
        Some(err) => Err(err),
        None => Ok(Json(synced)),
    }
}

/// Products parsed from files by the CLI (`eol import DIR`); they replace stored ones of
/// the same name.
#[utoipa::path(
    post,
    path = "/api/v1/lifecycle/eol",
    tag = "registers",
    request_body(content = Vec<Product>, description = "Products with their release cycles."),
    responses(
        (status = 200, description = "Imported.", body = EolImport),
        (status = 422, description = "Not products; `field` names what is wrong (`[0].releases[2].eol`).", body = ErrorBody),
    ),
)]
pub async fn import_products(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EolImport>, ApiError> {
    let products: Vec<Product> = json(&body.map_err(body_error)?)?;
    Ok(Json(EolImport { imported: imports::import_eol(&app, products, &caller.name).await? }))
}

/// The endoflife.date products held, with their release cycles.
#[utoipa::path(
    get,
    path = "/api/v1/lifecycle/eol",
    tag = "registers",
    params(FormatQuery),
    responses((status = 200, description = "The products.", content((imports::EolProducts = "application/json"), (Csv = "text/csv")))),
)]
pub async fn list(State(app): State<AppState>, Query(q): Query<FormatQuery>) -> Result<Response, ApiError> {
    let list = imports::eol_products(&app);
    Ok(match q.format {
        Format::Json => Json(list).into_response(),
        Format::Csv => csv_response(&list.products, "eol-products"),
    })
}

/// A body that could not be read (too large, cut off), in the API's error shape: axum's
/// own rejection is plain text.
fn body_error(rejection: BytesRejection) -> ApiError {
    ApiError::new(rejection.status(), "", rejection.body_text())
}

/// The body decoded as `T`. Not JSON at all is 400; JSON of the wrong shape is 422 naming
/// the field (`[0].releases[2].eol`), as axum's `Json` would but in the API's error shape.
fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(body)).map_err(|e| {
        // Where a syntax error stopped, the last step is unknown (`[0].?`): name what is known.
        let path = e.path().to_string();
        let field = path.trim_end_matches('?').trim_end_matches('.').to_string();
        let status = match e.inner().classify() {
            serde_json::error::Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiError::new(status, field, format!("the body is not what this route takes: {}", e.inner()))
    })
}

/// 502 naming the first failure when every product failed (endoflife.date or the way to it
/// is down); `None` when at least one was fetched or unchanged, or none was asked for.
fn nothing_fetched(synced: &EolSync) -> Option<ApiError> {
    let products = &synced.products;
    if products.is_empty() || products.iter().any(|p| p.result != SyncOutcome::Failed) {
        return None;
    }
    let first = &products[0];
    let why = format!("{}: {}", first.product, first.reason.as_deref().unwrap_or("no reason given"));
    let message = if products.len() == 1 {
        format!("the product could not be fetched from endoflife.date: {why}")
    } else {
        let names: Vec<&str> = products.iter().map(|p| p.product.as_str()).collect();
        format!(
            "none of the {} products could be fetched from endoflife.date ({}); {why}",
            products.len(),
            names.join(", ")
        )
    };
    Some(ApiError::new(StatusCode::BAD_GATEWAY, "products", message))
}

#[cfg(test)]
mod tests;
