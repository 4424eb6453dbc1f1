//! The HTTP API (v1). Handlers are thin: they parse the request, call the store or a pure
//! function in `inventory`, and render JSON or CSV. Authorisation is a layer per route
//! group, so every route states who may call it.

mod assessment;
pub mod auth;
pub mod costs;
pub mod devices;
pub mod eol;
pub mod error;
pub mod format;
pub mod lifecycle;
pub mod metrics;
pub mod plan;
pub mod registers;
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
    /// `lifecycle.toml`; the built-in policy when absent.
    pub lifecycle_policy: Option<std::path::PathBuf>,
    /// endoflife.date's API v1 base URL, and a CA to trust for it (else the system store).
    pub eol_url: reqwest::Url,
    pub eol_ca: Option<std::path::PathBuf>,
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub tokens: TokenStore,
    pub metrics: Arc<Metrics>,
    pub config: ApiConfig,
    pub registers: crate::registers::Shared,
    pub policy: crate::registers::PolicySource,
    /// Serialises imports (read, merge, write) so two at once cannot lose an update.
    pub register_lock: tokio::sync::Mutex<()>,
    /// The latest lifecycle assessment, reused while nothing it depends on has changed.
    pub assessments: std::sync::Mutex<Option<assessment::CachedAssessment>>,
    /// Dashboard log-ins.
    pub sessions: crate::web::session::Sessions,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(
        store: Store,
        tokens: TokenStore,
        sessions: crate::web::session::Sessions,
        config: ApiConfig,
    ) -> anyhow::Result<Self> {
        let registers = crate::registers::Shared::new(crate::registers::Registers::load(&store)?);
        let policy = crate::registers::PolicySource::new(config.lifecycle_policy.clone())?;
        Ok(AppState(Arc::new(Inner {
            store,
            tokens,
            metrics: Metrics::new(),
            config,
            registers,
            policy,
            register_lock: tokio::sync::Mutex::new(()),
            assessments: std::sync::Mutex::new(None),
            sessions,
        })))
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
        .route("/api/v1/lifecycle/items", get(lifecycle::list))
        .route("/api/v1/lifecycle/heatmap", get(lifecycle::heatmap))
        .route("/api/v1/lifecycle/heatmap/cell", get(lifecycle::cell))
        .route("/api/v1/lifecycle/outdated", get(lifecycle::outdated))
        .route("/api/v1/lifecycle/plan", get(plan::get))
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
        .merge(costs::admin_routes())
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
        .route_layer(from_fn_with_state(state.clone(), auth::admin));
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .merge(ingest)
        .merge(read)
        .merge(admin)
        .merge(crate::web::routes())
        .fallback(|| async { error::ApiError::not_found("route") })
        // Tables and CSV shrink ten-fold; only for clients that ask (Accept-Encoding). Pages
        // carry a CSRF token next to reflected filters, but the SameSite=Strict cookie keeps
        // other sites from making the requests a BREACH-style guess would need.
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}
