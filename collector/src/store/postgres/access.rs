//! Tokens, dashboard sessions and the audit log in PostgreSQL (`migrations/V2__…`), shared
//! by every collector of the database: `tokens`, `sessions` and `audit` implement the
//! `store::access` traits for [`PgAccess`].
//!
//! A serving collector's `PgAccess` shares the engine's pool and runtime, and the engine's
//! listener keeps it in step with the others: a notification `<instance> tokens` makes
//! the token set be read again, `<instance> session <hash>` drops a closed session from
//! memory at once. The command line opens one alone ([`PgAccess::open`]): no inventory
//! loaded, nothing followed.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use anyhow::Context;
use deadpool_postgres::{GenericClient, Pool};
use tokio::runtime::{Handle, Runtime};
use uuid::Uuid;

use super::sessions::SessionCache;
use super::{CHANNEL, PgSettings, unavailable};

/// Tokens, sessions and the audit log in one PostgreSQL database.
pub struct PgAccess {
    db: Arc<Db>,
    runtime: Handle,
    /// A runtime of its own when opened alone; else the engine's, which owns it.
    _own: Option<OwnRuntime>,
    /// Bumped whenever the tokens may have changed: by this collector's own changes, by
    /// another's notification, and after the listener (re)connects.
    tokens_version: AtomicU64,
    /// Sessions read lately.
    sessions: Mutex<SessionCache>,
}

/// What the queries need, moved into the work run on the runtime.
pub(super) struct Db {
    settings: PgSettings,
    pool: Pool,
    /// This collector's name in notifications.
    pub(super) instance: String,
}

impl Db {
    pub(super) async fn client(&self) -> anyhow::Result<deadpool_postgres::Client> {
        self.pool.get().await.map_err(|e| unavailable(&self.settings, e))
    }

    /// A database error as an outage (the API answers 503).
    pub(super) fn unavailable(&self, err: impl std::error::Error + 'static) -> anyhow::Error {
        unavailable(&self.settings, err)
    }
}

/// A runtime dropped without waiting: it may be dropped on an async thread.
struct OwnRuntime(Option<Runtime>);

impl Drop for OwnRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl PgAccess {
    /// On the engine's pool and runtime, named `instance` like the engine's notifications.
    pub(super) fn with_engine(settings: PgSettings, pool: Pool, instance: String, runtime: Handle) -> PgAccess {
        PgAccess {
            db: Arc::new(Db { settings, pool, instance }),
            runtime,
            _own: None,
            tokens_version: AtomicU64::new(0),
            sessions: Mutex::default(),
        }
    }

    /// Alone, for the command line: connects and applies missing migrations (a database a
    /// newer collector migrated is refused), without loading the inventory.
    pub fn open(settings: PgSettings) -> anyhow::Result<Arc<PgAccess>> {
        let runtime = super::runtime(1)?;
        let shown = settings.shown();
        let pool = settings.pool()?;
        let instance = Uuid::new_v4().simple().to_string();
        let mut access = PgAccess::with_engine(settings, pool, instance, runtime.handle().clone());
        access._own = Some(OwnRuntime(Some(runtime)));
        access
            .wait(|db| async move { super::migrated(&db.settings, &db.pool).await.map(drop) })
            .with_context(|| format!("opening the store in {shown}"))?;
        Ok(Arc::new(access))
    }

    /// Runs `work` on the runtime and waits for it, from any thread.
    pub(super) fn wait<T, F>(&self, work: impl FnOnce(Arc<Db>) -> F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: Future<Output = anyhow::Result<T>> + Send + 'static,
    {
        super::wait(&self.runtime, work(self.db.clone()))
    }

    pub(super) fn tokens_version(&self) -> u64 {
        self.tokens_version.load(Ordering::Acquire)
    }

    /// The tokens may have changed: read them again on next use.
    pub(super) fn tokens_changed(&self) {
        self.tokens_version.fetch_add(1, Ordering::AcqRel);
    }

    pub(super) fn session_cache(&self) -> MutexGuard<'_, SessionCache> {
        self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Another collector closed a session.
    pub(super) fn session_closed(&self, key: &str) {
        self.session_cache().forget(key);
    }

    /// After (re)connecting the listener: whatever was announced meanwhile is lost, so
    /// forget what is held and read it again.
    pub(super) fn reloaded(&self) {
        self.tokens_changed();
        self.session_cache().clear();
    }
}

/// Tells the other collectors, on commit, that `what` changed.
pub(super) async fn notify(
    client: &impl GenericClient,
    instance: &str,
    what: &str,
) -> Result<(), tokio_postgres::Error> {
    client.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &format!("{instance} {what}")]).await?;
    Ok(())
}
