//! The state every use case shares: the store, the credentials, the registers and the
//! caches computed from them. Cloning an `AppState` is cheap (one `Arc`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Duration, Utc};

use super::assessment::CachedAssessment;
use super::metrics::Metrics;
use super::registers::{PolicySource, Shared};
use crate::config::Config;
use crate::inventory::DeviceRow;
use crate::sessions::Sessions;
use crate::store::Store;
use crate::store::access::{Access, SessionsKept};
use crate::tokens::TokenStore;

/// The settings the use cases read, taken from `collector.toml`.
#[derive(Clone, Debug)]
pub struct AppConfig {
    pub stale_after_days: i64,
    /// `lifecycle.toml`; the built-in policy when absent.
    pub lifecycle_policy: Option<PathBuf>,
    /// endoflife.date's API v1 base URL, and a CA to trust for it (else the system store).
    pub eol_url: reqwest::Url,
    pub eol_ca: Option<PathBuf>,
    /// `[ldap]`: dashboard log-in with directory accounts.
    pub ldap: Option<crate::config::LdapConfig>,
    /// `[store]`: PostgreSQL; the embedded store in the data directory without it.
    pub store: Option<crate::store::postgres::PgSettings>,
    /// The data directory: where a snapshot is written before it is sent.
    pub data_dir: PathBuf,
}

impl AppConfig {
    /// The use cases' settings of a collector configuration. A `lifecycle.toml` in the data
    /// directory is used when the configuration names none.
    pub fn from_config(config: &Config) -> AppConfig {
        let default_policy = config.data_dir.join("lifecycle.toml");
        AppConfig {
            stale_after_days: config.stale_after_days,
            lifecycle_policy: config.lifecycle.clone().or_else(|| default_policy.exists().then_some(default_policy)),
            eol_url: config.eol.url.clone(),
            eol_ca: config.eol.ca.clone(),
            store: config.store.clone(),
            ldap: config.ldap.clone(),
            data_dir: config.data_dir.clone(),
        }
    }
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub tokens: TokenStore,
    pub metrics: Arc<Metrics>,
    pub config: AppConfig,
    pub registers: Shared,
    pub policy: PolicySource,
    /// Serialises imports (read, merge, write) so two at once cannot lose an update.
    pub register_lock: tokio::sync::Mutex<()>,
    /// The fleet with linked VMs shown once, kept per store generation.
    pub fleet: std::sync::Mutex<Option<Arc<super::fleet::Fleet>>>,
    /// The latest lifecycle assessment, reused while nothing it depends on has changed.
    pub assessments: std::sync::Mutex<Option<CachedAssessment>>,
    /// Each server's department tag over time, per record (`app::timelines`).
    pub timelines: super::timelines::Timelines,
    /// Every server's facts, per fleet and registers (`app::costs`).
    pub charge_facts: super::costs::KeptFacts,
    /// Dashboard log-ins.
    pub sessions: Sessions,
    /// Who changed what (`audit.jsonl` beside the embedded store, or PostgreSQL's table).
    pub audit: crate::audit::AuditLog,
    /// Directory log-in (LDAP) and its count of failed log-ins.
    pub directory: crate::directory::Directory,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Opens the store and tokens for the command line: in `data_dir`, or in PostgreSQL when
/// the configuration names it. Dashboard sessions stay in memory: only a serving collector
/// keeps them (`open_serving`), so a command-line import never reads or rewrites a
/// dashboard's sessions.
pub fn open(data_dir: &Path, config: AppConfig) -> anyhow::Result<AppState> {
    let store = open_store(data_dir, &config)?;
    let access = store.access(data_dir, SessionsKept::InMemory)?;
    AppState::new(store, access, config)
}

/// Opens the store for a collector that serves: dashboard sessions outlive a restart (and,
/// with PostgreSQL, are shared with the other collectors).
pub fn open_serving(data_dir: &Path, config: AppConfig) -> anyhow::Result<AppState> {
    let store = open_store(data_dir, &config)?;
    let access = store.access(data_dir, SessionsKept::Kept)?;
    AppState::new(store, access, config)
}

/// The engine the configuration names: PostgreSQL with `[store]` (or `--store`), else the
/// embedded store in `data_dir`.
fn open_store(data_dir: &Path, config: &AppConfig) -> anyhow::Result<Store> {
    match &config.store {
        Some(settings) => Store::open_postgres(settings.clone()),
        None => Store::open(data_dir),
    }
}

impl AppState {
    /// The state over `store` and what it keeps of who may do what (`access`).
    pub fn new(store: Store, access: Access, config: AppConfig) -> anyhow::Result<Self> {
        let registers = Shared::load(&store)?;
        let policy = PolicySource::new(config.lifecycle_policy.clone())?;
        let directory = crate::directory::Directory::new(config.ldap.clone());
        let Access { tokens, sessions, audit } = access;
        Ok(AppState(Arc::new(Inner {
            store,
            tokens,
            metrics: Metrics::new(),
            config,
            registers,
            policy,
            register_lock: tokio::sync::Mutex::new(()),
            fleet: std::sync::Mutex::new(None),
            assessments: std::sync::Mutex::new(None),
            timelines: Default::default(),
            charge_facts: Default::default(),
            sessions,
            audit,
            directory,
        })))
    }

    /// Every device as a row, as of now.
    pub fn rows(&self) -> Arc<Vec<DeviceRow>> {
        super::fleet(self).rows(Utc::now(), Duration::days(self.config.stale_after_days))
    }
}
