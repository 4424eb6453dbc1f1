//! Imports of what users maintain: the asset register and the model catalogue (admin
//! only), and reading them back. An import is validated completely before anything is
//! stored; `?dry_run=true` shows what it would change.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::extract::Query;
use super::format::{Format, FormatQuery, csv_response};
use super::openapi::{Csv, CsvUpload};
use crate::app::AppState;
use crate::app::imports::{self, AssetImport, CatalogueImport, CatalogueList, cell_error};
use crate::lifecycle::assets::Asset;
use crate::lifecycle::catalogue::{self, Entry};
use crate::tokens::Caller;
use arsring_protocol::ErrorBody;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Only check the file and say what would change; store nothing.
    #[serde(default)]
    dry_run: bool,
}

/// Merges the uploaded CSV into the asset register, validated whole before anything is
/// stored.
#[utoipa::path(
    post,
    path = "/api/v1/assets",
    tag = "registers",
    params(ImportQuery),
    request_body(content = CsvUpload, content_type = "text/csv"),
    responses(
        (status = 200, description = "Imported (or, with `dry_run`, what would change).", body = AssetImport),
        (status = 422, description = "A line or cell is wrong; `field` names the column, `message` the line.", body = ErrorBody),
    ),
)]
pub async fn import_assets(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> Result<Json<AssetImport>, ApiError> {
    let file = crate::lifecycle::assets::parse(&body).map_err(cell_error)?;
    Ok(Json(imports::import_assets(&app, file, q.dry_run, &caller.name).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct AssetList<'a> {
    count: usize,
    assets: &'a [Asset],
}

/// One register row as CSV: the columns of the import, amounts in SEK.
#[derive(Serialize)]
struct AssetRow<'a> {
    line: usize,
    serial: &'a Option<String>,
    hostname: &'a Option<String>,
    purchase_date: Option<chrono::NaiveDate>,
    purchase_cost_sek: Option<String>,
    warranty_end: Option<chrono::NaiveDate>,
    department: &'a Option<String>,
    site: &'a Option<String>,
    category: Option<&'static str>,
}

/// The asset register as imported.
#[utoipa::path(
    get,
    path = "/api/v1/assets",
    tag = "registers",
    params(FormatQuery),
    responses((status = 200, description = "The register.", content((AssetList = "application/json"), (Csv = "text/csv")))),
)]
pub async fn assets(State(app): State<AppState>, Query(q): Query<FormatQuery>) -> Result<Response, ApiError> {
    let register = app.registers.get(&app.store);
    let assets = &register.assets.assets;
    Ok(match q.format {
        Format::Json => Json(AssetList { count: assets.len(), assets }).into_response(),
        Format::Csv => {
            let rows: Vec<AssetRow> = assets
                .iter()
                .map(|a| AssetRow {
                    line: a.line,
                    serial: &a.serial,
                    hostname: &a.hostname,
                    purchase_date: a.purchase_date,
                    purchase_cost_sek: a.purchase_cost.map(crate::money::format_sek),
                    warranty_end: a.warranty_end,
                    department: &a.department,
                    site: &a.site,
                    category: a.category.map(|c| c.as_str()),
                })
                .collect();
            csv_response(&rows, "assets")
        }
    })
}

/// Replaces the model catalogue with the uploaded CSV, validated whole before anything is
/// stored.
///
/// The file is the user's complete list: entries it leaves out are removed.
#[utoipa::path(
    post,
    path = "/api/v1/lifecycle/catalogue",
    tag = "registers",
    params(ImportQuery),
    request_body(content = CsvUpload, content_type = "text/csv"),
    responses(
        (status = 200, description = "Imported (or, with `dry_run`, what would change).", body = CatalogueImport),
        (status = 422, description = "A line or cell is wrong; `field` names the column, `message` the line.", body = ErrorBody),
    ),
)]
pub async fn import_catalogue(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> Result<Json<CatalogueImport>, ApiError> {
    let file = catalogue::parse(&body).map_err(cell_error)?;
    Ok(Json(imports::import_catalogue(&app, file, q.dry_run, &caller.name).await?))
}

/// The model catalogue: end-of-life dates and prices per model.
#[utoipa::path(
    get,
    path = "/api/v1/lifecycle/catalogue",
    tag = "registers",
    params(FormatQuery),
    responses((status = 200, description = "The catalogue.", content((CatalogueList<Entry> = "application/json"), (Csv = "text/csv")))),
)]
pub async fn catalogue(State(app): State<AppState>, Query(q): Query<FormatQuery>) -> Result<Response, ApiError> {
    let register = app.registers.get(&app.store);
    let entries = &register.catalogue.entries;
    Ok(match q.format {
        Format::Json => Json(CatalogueList { count: entries.len(), entries: entries.iter().collect::<Vec<&Entry>>() })
            .into_response(),
        Format::Csv => csv_response(entries, "catalogue"),
    })
}
