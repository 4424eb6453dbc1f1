//! The Årsring collector: receives agent reports over HTTPS, keeps them in an embedded sled
//! store, and serves the inventory through a JSON/CSV API.
//!
//! Data path: `api::reports` (decode and validate with `arsring_protocol`) → `store`
//! (durable, deduplicated, with history) → `inventory` (pure views: rows, filters, summary)
//! → `api` (JSON, CSV, Prometheus). `tokens` and `tls` guard the edge; `server` binds.

pub mod api;
pub mod config;
pub mod inventory;
pub mod lifecycle;
pub mod money;
pub mod local;
pub mod quickstart;
pub mod server;
pub mod store;
pub mod table;
pub mod tls;
pub mod tokens;

use std::path::Path;

use api::{ApiConfig, AppState};

/// Opens the store and tokens in `data_dir` and builds the shared state of the API.
pub fn open_state(data_dir: &Path, stale_after_days: i64) -> anyhow::Result<AppState> {
    let store = store::Store::open(data_dir)?;
    let tokens = tokens::TokenStore::open(data_dir)?;
    Ok(AppState::new(store, tokens, ApiConfig { stale_after_days }))
}
