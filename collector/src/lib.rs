//! The Årsring collector: receives agent reports over HTTPS, keeps them in an embedded sled
//! store, and answers questions about them: the inventory, the lifecycle heat map and
//! renewal plan, and the charges per department.
//!
//! Data path: an adapter (`api`, `web`, or `commands` through `local`) → `app` (the use
//! cases and their shared state) → the pure domain (`inventory`, `lifecycle`, `costs`) and
//! the `store`. `server` puts the adapters behind one router; `tokens`, `sessions` and
//! `tls` guard the edge. ARCHITECTURE.md draws the map and states the invariants.

pub mod api;
pub mod app;
pub mod audit;
pub mod commands;
pub mod config;
pub mod costs;
pub mod directory;
pub mod export;
pub mod inventory;
pub mod lifecycle;
pub mod local;
pub mod money;
pub mod quickstart;
pub mod sample;
pub mod server;
pub mod sessions;
pub mod store;
pub mod table;
pub mod tls;
pub mod tokens;
pub mod web;
