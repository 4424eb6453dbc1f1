//! The HTTP API (v1): JSON, CSV and Prometheus over the application layer. Handlers are
//! thin: they read the request, call a use case in `app`, and render its answer.
//! Authorisation is a layer per route group, so every route states who may call it.

mod audit;
pub mod auth;
mod costs;
mod devices;
mod eol;
pub mod error;
mod extract;
pub mod format;
mod identity;
mod lifecycle;
mod metrics;
mod registers;
mod reports;
mod store;
mod summary;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use crate::app::AppState;

/// The API's routes, each group behind its role check.
pub fn routes(state: AppState) -> Router<AppState> {
    let ingest = Router::new()
        .route("/api/v1/reports", post(reports::post))
        .layer(DefaultBodyLimit::max(arsring_protocol::MAX_REPORT_BYTES))
        .route_layer(from_fn_with_state(state.clone(), auth::ingest));
    let enrol = Router::new()
        .route("/api/v1/enrol", post(identity::enrol))
        .layer(DefaultBodyLimit::max(16 * 1024))
        .route_layer(from_fn_with_state(state.clone(), auth::enrol));
    let read = Router::new()
        .route("/api/v1/devices", get(devices::list))
        .route("/api/v1/devices/{id}", get(devices::get))
        .route("/api/v1/devices/{id}/history", get(devices::history))
        .route("/api/v1/inventory/links", get(devices::links))
        .route("/api/v1/summary", get(summary::get))
        .route("/metrics", get(metrics::get))
        .route("/api/v1/lifecycle/items", get(lifecycle::list))
        .route("/api/v1/lifecycle/summary", get(lifecycle::share))
        .route("/api/v1/lifecycle/heatmap", get(lifecycle::heatmap))
        .route("/api/v1/lifecycle/heatmap/cell", get(lifecycle::cell))
        .route("/api/v1/lifecycle/outdated", get(lifecycle::outdated))
        .route("/api/v1/lifecycle/plan", get(lifecycle::plan))
        .route("/api/v1/assets", get(registers::assets))
        .route("/api/v1/lifecycle/catalogue", get(registers::catalogue))
        .route("/api/v1/lifecycle/eol", get(eol::list))
        .merge(costs::read_routes())
        .route_layer(from_fn_with_state(state.clone(), auth::read));
    let admin = Router::new()
        .route("/api/v1/assets", post(registers::import_assets))
        .route("/api/v1/lifecycle/catalogue", post(registers::import_catalogue))
        .route("/api/v1/lifecycle/eol", post(eol::import_products))
        .route("/api/v1/lifecycle/eol/sync", post(eol::sync_products))
        .route("/api/v1/credentials", get(identity::list))
        .route("/api/v1/audit", get(audit::list))
        .route("/api/v1/store/snapshot", get(store::snapshot))
        .route("/api/v1/credentials/{id}/revoke", post(identity::revoke))
        .route("/api/v1/devices/{id}/reset-identity", post(identity::reset_identity))
        .merge(costs::admin_routes())
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
        .route_layer(from_fn_with_state(state, auth::admin));
    Router::new().route("/healthz", get(health)).merge(ingest).merge(enrol).merge(read).merge(admin)
}

/// Liveness and readiness for a load balancer: 503 while the store cannot take writes.
async fn health(axum::extract::State(app): axum::extract::State<AppState>) -> axum::response::Response {
    use axum::response::IntoResponse;
    match app.healthy().await {
        Ok(()) => "ok\n".into_response(),
        Err(err) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, format!("{err}\n")).into_response(),
    }
}

/// The answer to a path no route serves.
pub async fn not_found() -> error::ApiError {
    error::ApiError::not_found("route")
}

#[cfg(test)]
mod tests;
