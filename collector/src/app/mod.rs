//! The application layer: the collector's use cases and the state they share. The adapters
//! (`api`, `web`, `commands` through `local`) call these functions and render what they
//! return; nothing here knows of HTTP, HTML or the command line.
//!
//! Each use case reads the store and the registers, calls the pure domain (`inventory`,
//! `lifecycle`, `costs`) and, for a change, writes through the store, all in one place, so
//! an import from a page, the API or the CLI is the same import.

mod assessment;
pub mod audit;
pub mod costs;
mod error;
pub mod fleet;
pub mod identity;
pub mod imports;
pub mod ingest;
pub mod inventory;
pub mod lifecycle;
pub mod login;
pub mod metrics;
pub mod registers;
pub mod snapshot;
mod state;
mod timelines;

pub use assessment::{CachedAssessment, assessed};
pub use error::{Error, Result};
pub use fleet::{Fleet, fleet};
pub use state::{AppConfig, AppState, Inner, open, open_serving};

/// See [`AppState::lock_registers`].
pub struct RegistersHeld<'a> {
    _local: tokio::sync::MutexGuard<'a, ()>,
    _shared: crate::store::RegisterLock,
}

impl AppState {
    /// Whether the collector can take reports now: its store answers.
    pub async fn healthy(&self) -> Result<()> {
        self.store.healthy().await.map_err(Error::Internal)
    }

    /// Held while a register is read, changed and written back (an import, an endoflife.date
    /// sync, a cost model), so that two changes at once cannot lose one: in this process, and
    /// across every collector of a shared store. Once held, the registers are current.
    pub async fn lock_registers(&self) -> Result<RegistersHeld<'_>> {
        let local = self.register_lock.lock().await;
        let shared = self.store.lock_registers().await.map_err(Error::Internal)?;
        Ok(RegistersHeld { _local: local, _shared: shared })
    }

    /// Puts a change on record. A change that cannot be put on record is reported as an
    /// internal error: an unaudited change must not look like a clean one.
    pub fn record(&self, event: crate::audit::Event) -> Result<()> {
        self.audit.record(&event).map_err(|e| Error::internal(e.context("writing the audit log")))
    }
}

/// An application on an empty store in a new temporary directory (removed with the guard).
#[cfg(test)]
pub(crate) fn temporary() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), AppConfig::from_config(&crate::config::Config::default())).unwrap();
    (dir, app)
}

/// A `temporary` application holding `reports`, each received at `received`.
#[cfg(test)]
pub(crate) async fn holding(
    reports: &[arsring_protocol::Report],
    received: chrono::DateTime<chrono::Utc>,
) -> (tempfile::TempDir, AppState) {
    let (dir, app) = temporary();
    for r in reports {
        app.store.ingest(r.clone(), received, crate::store::Sender::operator("test")).await.unwrap();
    }
    (dir, app)
}
