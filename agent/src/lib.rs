//! The Årsring agent: it looks at the server it runs on and reports what it sees.
//!
//! The data path is `collect` → `deliver` (or `spool` when the collector cannot take it) →
//! the collector's `POST /api/v1/reports`. `daemon` runs that path on a cron schedule.
//!
//! Collection only reads: files the kernel and distribution expose, and package managers
//! in simulation mode. It never changes the system, and whatever it cannot read it reports
//! as unknown rather than guessing.

pub mod collect;
pub mod config;
pub mod daemon;
pub mod deliver;
pub mod enrol;
pub mod snmp;
pub mod spool;
pub mod state;
pub mod vsphere;

/// The agent's version, as reported in every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
