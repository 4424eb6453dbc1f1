//! endoflife.date release cycles: sync from the API (the collector fetches), import from
//! files (for a machine without internet: the CLI reads them and posts), and list.

use axum::Json;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::extract::Query;
use super::format::{Format, FormatQuery, csv_response};
use crate::app::AppState;
use crate::app::imports::{self, EolImport, EolSync, SyncRequest};
use crate::lifecycle::eol::product::Product;
use crate::tokens::Caller;

pub async fn sync_products(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Option<Json<SyncRequest>>,
) -> Result<Json<EolSync>, ApiError> {
    let requested = body.map(|Json(b)| b.products).unwrap_or_default();
    Ok(Json(imports::sync_eol(&app, requested, &caller.name).await?))
}

/// Products parsed from files by the CLI (`eol import DIR`); they replace stored ones of
/// the same name.
pub async fn import_products(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    Json(products): Json<Vec<Product>>,
) -> Result<Json<EolImport>, ApiError> {
    Ok(Json(EolImport { imported: imports::import_eol(&app, products, &caller.name).await? }))
}

pub async fn list(State(app): State<AppState>, Query(q): Query<FormatQuery>) -> Result<Response, ApiError> {
    let list = imports::eol_products(&app);
    Ok(match q.format {
        Format::Json => Json(list).into_response(),
        Format::Csv => csv_response(&list.products, "eol-products"),
    })
}
