//! The Årsring collector: receives agent reports over HTTPS, keeps them in an embedded sled
//! store, and serves the inventory through a JSON/CSV API.
//!
//! Data path: `api::reports` (decode and validate with `arsring_protocol`) → `store`
//! (durable, deduplicated, with history) → `inventory` (pure views: rows, filters, summary)
//! → `api` (JSON, CSV, Prometheus) and `web` (the dashboard's pages, rendered by
//! `arsring_dashboard`). `tokens` and `tls` guard the edge; `server` binds.

pub mod api;
pub mod commands;
pub mod config;
pub mod costs;
pub mod inventory;
pub mod lifecycle;
pub mod local;
pub mod money;
pub mod quickstart;
pub mod registers;
pub mod sample;
pub mod server;
pub mod store;
pub mod table;
pub mod tls;
pub mod tokens;
pub mod web;

use std::path::Path;

use api::{ApiConfig, AppState};

/// Opens the store and tokens in `data_dir` and builds the shared state of the API.
pub fn open_state(data_dir: &Path, config: ApiConfig) -> anyhow::Result<AppState> {
    let store = store::Store::open(data_dir)?;
    let tokens = tokens::TokenStore::open(data_dir)?;
    AppState::new(store, tokens, web::session::Sessions::at(data_dir), config)
}

/// The API settings of a collector configuration.
pub fn api_config(config: &config::Config) -> ApiConfig {
    let default_policy = config.data_dir.join("lifecycle.toml");
    ApiConfig {
        stale_after_days: config.stale_after_days,
        lifecycle_policy: config.lifecycle.clone().or_else(|| default_policy.exists().then_some(default_policy)),
        eol_url: config.eol.url.clone(),
        eol_ca: config.eol.ca.clone(),
    }
}
