//! The HTTP API (v1). Handlers are thin: they parse the request, call the store or a pure
//! function in `inventory`, and render JSON or CSV. Authorisation is a layer per route
//! group, so every route states who may call it.

pub mod auth;
pub mod devices;
pub mod error;
pub mod format;
pub mod metrics;
pub mod reports;
pub mod summary;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use chrono::{Duration, Utc};

use crate::inventory::{self, DeviceRow};
use crate::store::Store;
use crate::tokens::TokenStore;
use metrics::Metrics;

#[derive(Clone, Debug)]
pub struct ApiConfig {
    pub stale_after_days: i64,
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub tokens: TokenStore,
    pub metrics: Arc<Metrics>,
    pub config: ApiConfig,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(store: Store, tokens: TokenStore, config: ApiConfig) -> Self {
        AppState(Arc::new(Inner { store, tokens, metrics: Metrics::new(), config }))
    }

    /// Every device as a row, as of now.
    pub fn rows(&self) -> Vec<DeviceRow> {
        let now = Utc::now();
        let stale_after = Duration::days(self.config.stale_after_days);
        self.store.devices().iter().map(|r| inventory::row(r, now, stale_after)).collect()
    }
}

pub fn router(state: AppState) -> Router {
    let ingest = Router::new()
        .route("/api/v1/reports", post(reports::post))
        .layer(DefaultBodyLimit::max(arsring_protocol::MAX_REPORT_BYTES))
        .route_layer(from_fn_with_state(state.clone(), auth::ingest));
    let read = Router::new()
        .route("/api/v1/devices", get(devices::list))
        .route("/api/v1/devices/{id}", get(devices::get))
        .route("/api/v1/devices/{id}/history", get(devices::history))
        .route("/api/v1/summary", get(summary::get))
        .route("/metrics", get(metrics::get))
        .route_layer(from_fn_with_state(state.clone(), auth::read));
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .merge(ingest)
        .merge(read)
        .fallback(|| async { error::ApiError::not_found("route") })
        .with_state(state)
}
