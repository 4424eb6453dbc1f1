//! Imports of what users maintain: the asset register and the model catalogue (admin
//! only), and reading them back. An import is validated completely before anything is
//! stored; `?dry_run=true` shows what it would change.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::error::ApiError;
use super::format::{Format, FormatQuery, csv_response};
use crate::lifecycle::assets::{self, DeviceKeys};
use crate::lifecycle::catalogue;
use crate::registers::{ASSETS, CATALOGUE};
use crate::table::CellError;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    #[serde(default)]
    dry_run: bool,
}

pub fn cell_error(err: CellError) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, err.column.clone().unwrap_or_default(), err.to_string())
}

pub async fn import_assets(
    State(app): State<AppState>,
    query: Result<Query<ImportQuery>, QueryRejection>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let incoming = assets::parse(&body).map_err(cell_error)?;
    Ok(Json(store_assets(&app, incoming, q.dry_run).await?))
}

/// Merges validated rows into the asset register (unless a dry run) and says what changed.
pub async fn store_assets(
    app: &AppState,
    incoming: Vec<assets::Asset>,
    dry_run: bool,
) -> Result<serde_json::Value, ApiError> {
    let _writing = app.register_lock.lock().await;
    let rows = incoming.len();
    let matching = assets::match_devices(&incoming, &device_keys(app));
    let merge = assets::merge(&app.registers.get().assets, incoming);
    let changes = merge.added + merge.changed;
    if !dry_run && changes > 0 {
        let bytes = serde_json::to_vec(&merge.register).map_err(|e| ApiError::internal(e.into()))?;
        app.store.put_register(ASSETS, bytes).await.map_err(ApiError::internal)?;
        let register = merge.register.clone();
        app.registers.update(move |r| r.assets = register);
    }
    Ok(json!({
        "dry_run": dry_run,
        "stored": !dry_run && changes > 0,
        "rows": rows,
        "added": merge.added,
        "changed": merge.changed,
        "unchanged": merge.unchanged,
        "matched": matching.matched,
        "unmatched_lines": matching.unmatched,
        "ambiguous": matching.ambiguous.iter().map(|(line, ids)| json!({"line": line, "devices": ids})).collect::<Vec<_>>(),
    }))
}

/// What each known device can be recognised by in the register.
fn device_keys(app: &AppState) -> Vec<DeviceKeys> {
    use arsring_protocol::Device;
    app.store
        .devices()
        .iter()
        .map(|r| match &r.report.device {
            Device::Server(s) => DeviceKeys {
                device_id: r.device_id,
                serials: s.hardware.serial.iter().cloned().collect(),
                names: [Some(s.identity.hostname.clone()), s.identity.fqdn.clone()].into_iter().flatten().collect(),
            },
            Device::Network(n) => {
                let host =
                    n.identity.address.rsplit_once(':').map_or(n.identity.address.clone(), |(h, _)| h.to_string());
                DeviceKeys {
                    device_id: r.device_id,
                    serials: n.chassis.iter().chain(&n.components).filter_map(|c| c.serial.clone()).collect(),
                    names: [n.system.as_ref().and_then(|s| s.name.clone()), Some(host)].into_iter().flatten().collect(),
                }
            }
        })
        .collect()
}

pub async fn assets(
    State(app): State<AppState>,
    query: Result<Query<FormatQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let register = app.registers.get();
    Ok(match q.format {
        Format::Json => {
            Json(json!({"count": register.assets.assets.len(), "assets": register.assets.assets})).into_response()
        }
        Format::Csv => {
            #[derive(serde::Serialize)]
            struct Row<'a> {
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
            let rows: Vec<Row> = register
                .assets
                .assets
                .iter()
                .map(|a| Row {
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

/// Replaces the model catalogue with the uploaded CSV (it is the user's complete list).
pub async fn import_catalogue(
    State(app): State<AppState>,
    query: Result<Query<ImportQuery>, QueryRejection>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let catalogue = catalogue::parse(&body).map_err(cell_error)?;
    let unchanged = store_catalogue(&app, &catalogue, q.dry_run).await?;
    Ok(Json(
        json!({"dry_run": q.dry_run, "stored": !q.dry_run && !unchanged, "entries": catalogue.entries.len(), "unchanged": unchanged}),
    ))
}

/// Replaces the stored catalogue unless it is the same (or a dry run); `true` when unchanged.
pub async fn store_catalogue(
    app: &AppState,
    catalogue: &catalogue::Catalogue,
    dry_run: bool,
) -> Result<bool, ApiError> {
    let _writing = app.register_lock.lock().await;
    let unchanged = app.registers.get().catalogue == *catalogue;
    if !dry_run && !unchanged {
        let bytes = serde_json::to_vec(catalogue).map_err(|e| ApiError::internal(e.into()))?;
        app.store.put_register(CATALOGUE, bytes).await.map_err(ApiError::internal)?;
        let stored = catalogue.clone();
        app.registers.update(move |r| r.catalogue = stored);
    }
    Ok(unchanged)
}

pub async fn catalogue(
    State(app): State<AppState>,
    query: Result<Query<FormatQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let register = app.registers.get();
    let entries = &register.catalogue.entries;
    Ok(match q.format {
        Format::Json => Json(json!({"count": entries.len(), "entries": entries})).into_response(),
        Format::Csv => csv_response(entries, "catalogue"),
    })
}
