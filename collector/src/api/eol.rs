//! endoflife.date release cycles: sync from the API (the collector fetches), import from
//! files (for a machine without internet: the CLI reads them and posts), and list.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::error::ApiError;
use super::format::{Format, FormatQuery, csv_response};
use crate::lifecycle::eol::client::{RetryLimits, SyncResult, sync};
use crate::lifecycle::eol::mapping::products_needed;
use crate::lifecycle::eol::product::{Product, valid_product_name};
use crate::lifecycle::items;
use crate::registers::EOL;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// Products to fetch; by default those the fleet's OS and firmware need.
    #[serde(default)]
    products: Vec<String>,
}

pub async fn sync_products(
    State(app): State<AppState>,
    body: Option<Json<SyncRequest>>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let requested = body.map(|Json(b)| b.products).unwrap_or_default();
    for name in &requested {
        if !valid_product_name(name) {
            return Err(ApiError::bad_query("products", format!("{name:?} is not a product name")));
        }
    }
    let names: Vec<String> = if requested.is_empty() {
        let registers = app.registers.get();
        let fleet = items::items(&app.store.devices(), &registers.assets);
        products_needed(fleet.iter().filter_map(|i| i.software.as_ref())).into_iter().map(str::to_string).collect()
    } else {
        requested
    };
    let tls = arsring_agent::deliver::tls_config(app.config.eol_ca.as_deref()).map_err(ApiError::internal)?;
    let http = reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .user_agent(concat!("arsring-collector/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| ApiError::internal(e.into()))?;
    let _writing = app.register_lock.lock().await;
    let previous = app.registers.get().eol.clone();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let results = sync(&http, &app.config.eol_url, &refs, &previous, RetryLimits::default()).await;
    let mut next = previous;
    let mut report = Vec::new();
    for (name, result) in results {
        let outcome = match result {
            SyncResult::Updated(product) => {
                next.insert(name.clone(), product);
                json!({"product": name, "result": "updated"})
            }
            SyncResult::NotModified => json!({"product": name, "result": "not_modified"}),
            SyncResult::Failed(reason) => json!({"product": name, "result": "failed", "reason": reason}),
        };
        report.push(outcome);
    }
    store(&app, next).await?;
    Ok(Json(json!({"products": report})))
}

/// Products parsed from files by the CLI (`eol import DIR`); they replace stored ones of
/// the same name.
pub async fn import_products(
    State(app): State<AppState>,
    Json(products): Json<Vec<Product>>,
) -> Result<Json<serde_json::Value>, ApiError> {
    for (i, p) in products.iter().enumerate() {
        if !valid_product_name(&p.name) || p.releases.is_empty() {
            return Err(ApiError::bad_query(&format!("[{i}].name"), format!("{:?} is not a usable product", p.name)));
        }
    }
    let _writing = app.register_lock.lock().await;
    let mut next = app.registers.get().eol.clone();
    let names: Vec<String> = products.iter().map(|p| p.name.clone()).collect();
    for p in products {
        next.insert(p.name.clone(), p);
    }
    store(&app, next).await?;
    Ok(Json(json!({"imported": names})))
}

async fn store(app: &AppState, products: BTreeMap<String, Product>) -> Result<(), ApiError> {
    let bytes = serde_json::to_vec(&products).map_err(|e| ApiError::internal(e.into()))?;
    app.store.put_register(EOL, bytes).await.map_err(ApiError::internal)?;
    app.registers.update(move |r| r.eol = products);
    Ok(())
}

/// One stored product, as listed.
#[derive(serde::Serialize)]
struct ProductRow<'a> {
    product: &'a str,
    cycles: usize,
    fetched_at: Option<chrono::DateTime<chrono::Utc>>,
    etag: Option<&'a str>,
}

pub async fn list(
    State(app): State<AppState>,
    query: Result<Query<FormatQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let registers = app.registers.get();
    let products: Vec<ProductRow> = registers
        .eol
        .values()
        .map(|p| ProductRow {
            product: &p.name,
            cycles: p.releases.len(),
            fetched_at: p.fetched_at,
            etag: p.etag.as_deref(),
        })
        .collect();
    Ok(match q.format {
        Format::Json => Json(json!({"count": products.len(), "products": products})).into_response(),
        Format::Csv => csv_response(&products, "eol-products"),
    })
}
