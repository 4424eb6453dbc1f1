//! The shared engine: PostgreSQL, for two or more collectors serving one inventory (and a
//! store a database administrator backs up and replicates as usual).
//!
//! Tables mirror the sled trees (`migrations/V1__initial.sql`). A report is one transaction,
//! answered after commit: a 2xx means committed. What every collector keeps in memory (the
//! latest records, the credentials, the registers) is loaded at start and kept in step with
//! the others' commits by notifications (`listen`).
//!
//! The tokens, dashboard sessions and audit log are here too (`access`, and `tokens`,
//! `sessions`, `audit`), shared by every collector, where the embedded engine keeps files.
//!
//! The engine runs on a small runtime of its own, so its connections and its listener do
//! not depend on whichever runtime called it, and the few reads the application makes
//! synchronously (a device's history, its usage, a register) can wait for it from any
//! thread, like a read from sled's disk.

mod access;
mod audit;
mod connect;
mod credentials;
mod ingest;
mod listen;
mod schema;
mod sessions;
pub mod snapshot;
mod tokens;

pub use access::PgAccess;
pub use connect::PgSettings;

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use anyhow::Context;
use arsring_protocol::Report;
use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use tokio_postgres::types::Json;
use uuid::Uuid;

use super::cache::Cache;
use super::credentials::{CredentialRecord, Enrolment};
use super::{DeviceRecord, HistoryEntry, Ingested, Sender, Unavailable, UsageSample};

/// The notification channel all collectors of one database listen on.
const CHANNEL: &str = "arsring";

pub(super) struct PgEngine {
    shared: Arc<Shared>,
    runtime: Option<tokio::runtime::Runtime>,
}

/// What the engine's tasks share.
struct Shared {
    settings: PgSettings,
    pool: Pool,
    cache: Arc<Cache>,
    registers: RwLock<HashMap<String, Vec<u8>>>,
    /// Bumped when another collector's register change is read in.
    register_generation: AtomicU64,
    credential_reads: credentials::Reads,
    /// This collector's name in notifications, to skip its own.
    instance: String,
    /// Tokens, sessions and the audit log, on the same pool.
    access: Arc<PgAccess>,
}

impl PgEngine {
    /// Connects, applies missing migrations, loads what is kept in memory, and starts
    /// following the other collectors.
    pub fn open(settings: PgSettings) -> anyhow::Result<(PgEngine, Arc<Cache>)> {
        let runtime = runtime(2)?;
        let shown = settings.shown();
        let (pool, instance) = (settings.pool()?, Uuid::new_v4().simple().to_string());
        let access = PgAccess::with_engine(settings.clone(), pool.clone(), instance.clone(), runtime.handle().clone());
        let shared = Arc::new(Shared {
            pool,
            settings,
            cache: Arc::new(Cache::default()),
            registers: RwLock::default(),
            register_generation: AtomicU64::new(0),
            credential_reads: credentials::Reads::default(),
            instance,
            access: Arc::new(access),
        });
        let opening = shared.clone();
        wait(runtime.handle(), async move {
            drop(migrated(&opening.settings, &opening.pool).await?);
            opening.reload_all().await
        })
        .with_context(|| format!("opening the store in {shown}"))?;
        runtime.spawn(listen::follow(shared.clone()));
        let cache = shared.cache.clone();
        Ok((PgEngine { shared, runtime: Some(runtime) }, cache))
    }

    fn runtime(&self) -> &tokio::runtime::Runtime {
        self.runtime.as_ref().expect("the runtime lives as long as the engine")
    }

    /// The tokens, sessions and audit log, followed as other collectors change them.
    pub fn access(&self) -> Arc<PgAccess> {
        self.shared.access.clone()
    }

    /// Runs `work` on the engine's runtime and waits for it, from async code.
    async fn run<T: Send + 'static>(
        &self,
        work: impl Future<Output = anyhow::Result<T>> + Send + 'static,
    ) -> anyhow::Result<T> {
        self.runtime().spawn(work).await.context("the PostgreSQL store stopped")?
    }

    pub async fn ingest(&self, report: Report, now: DateTime<Utc>, sender: Sender) -> anyhow::Result<Ingested> {
        let shared = self.shared.clone();
        self.run(async move {
            let mut client = shared.client().await?;
            let committed = ingest::ingest(&mut client, report, now, &sender, &shared.instance)
                .await
                .map_err(|e| unavailable(&shared.settings, e))?;
            if let Some(credential) = committed.bound {
                shared.cache.bind(committed.outcome.device_id(), credential);
            }
            if let Some(record) = committed.record {
                shared.cache.put_device(record);
            }
            Ok(committed.outcome)
        })
        .await
    }

    pub fn history(&self, id: Uuid) -> anyhow::Result<Vec<HistoryEntry>> {
        Ok(self.histories_of(&[id])?.pop().unwrap_or_default())
    }

    pub fn histories_of(&self, ids: &[Uuid]) -> anyhow::Result<Vec<Vec<HistoryEntry>>> {
        let sql = "SELECT device_id, entry FROM history WHERE device_id = ANY($1) \
                   ORDER BY device_id, received_at, report_id";
        self.per_device(ids, sql, None)
    }

    pub fn usage(&self, id: Uuid, since: DateTime<Utc>) -> anyhow::Result<Vec<UsageSample>> {
        Ok(self.usage_of(&[id], since)?.pop().unwrap_or_default())
    }

    pub fn usage_of(&self, ids: &[Uuid], since: DateTime<Utc>) -> anyhow::Result<Vec<Vec<UsageSample>>> {
        let sql = "SELECT device_id, sample FROM usage WHERE device_id = ANY($1) AND collected_at >= $2 \
                   ORDER BY device_id, collected_at";
        self.per_device(ids, sql, Some(since))
    }

    /// The documents `sql` selects as `(device_id, document)` for the devices `$1` (and
    /// `$2`, `since`, when given), grouped by device in the order of `ids`: one query for
    /// many devices.
    fn per_device<T: serde::de::DeserializeOwned + Send + 'static>(
        &self,
        ids: &[Uuid],
        sql: &'static str,
        since: Option<DateTime<Utc>>,
    ) -> anyhow::Result<Vec<Vec<T>>> {
        let (shared, wanted) = (self.shared.clone(), ids.to_vec());
        let mut found: HashMap<Uuid, Vec<T>> = wait(self.runtime().handle(), async move {
            let client = shared.client().await?;
            let rows = match since {
                Some(since) => client.query(sql, &[&wanted, &since]).await,
                None => client.query(sql, &[&wanted]).await,
            };
            let mut found: HashMap<Uuid, Vec<T>> = HashMap::new();
            for row in rows.map_err(|e| unavailable(&shared.settings, e))? {
                found.entry(row.get(0)).or_default().push(row.get::<_, Json<T>>(1).0);
            }
            Ok(found)
        })?;
        Ok(ids.iter().map(|id| found.remove(id).unwrap_or_default()).collect())
    }

    pub fn register(&self, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
        Ok(self.shared.registers.read().map_err(|_| anyhow::anyhow!("registers poisoned"))?.get(name).cloned())
    }

    /// Takes the database-wide lock on the registers, then reads them again: a change
    /// another collector committed a moment ago may not have been announced yet.
    pub async fn lock_registers(&self) -> anyhow::Result<RegisterLock> {
        let shared = self.shared.clone();
        let client = self
            .run(async move {
                let client = shared.client().await?;
                let locked = client.execute("SELECT pg_advisory_lock($1)", &[&REGISTER_LOCK]).await;
                locked.map_err(|e| unavailable(&shared.settings, e))?;
                shared.reload_registers(&client).await?;
                Ok(client)
            })
            .await?;
        Ok(RegisterLock { client: Some(client), runtime: self.runtime().handle().clone() })
    }

    pub fn register_generation(&self) -> u64 {
        self.shared.register_generation.load(Ordering::Acquire)
    }

    pub async fn put_register(&self, name: &str, json: Vec<u8>) -> anyhow::Result<()> {
        let (shared, name) = (self.shared.clone(), name.to_string());
        self.run(async move {
            let mut client = shared.client().await?;
            let tx = client.transaction().await.map_err(|e| unavailable(&shared.settings, e))?;
            let saved = async {
                tx.execute(
                    "INSERT INTO registers (name, document, changed_at) VALUES ($1, $2, now()) \
                     ON CONFLICT (name) DO UPDATE SET document = EXCLUDED.document, changed_at = now()",
                    &[&name, &json],
                )
                .await?;
                tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &format!("{} register {name}", shared.instance)])
                    .await?;
                tx.commit().await
            };
            saved.await.map_err(|e| unavailable(&shared.settings, e))?;
            shared.registers.write().map_err(|_| anyhow::anyhow!("registers poisoned"))?.insert(name, json);
            Ok(())
        })
        .await
    }

    /// Every table at one moment (one REPEATABLE READ transaction) into `sink`.
    pub async fn export(&self, mut sink: super::snapshot::Sink) -> anyhow::Result<()> {
        let shared = self.shared.clone();
        self.run(async move {
            let mut client = shared.client().await?;
            snapshot::export(&mut client, &mut *sink).await
        })
        .await
    }

    pub fn report_count(&self) -> usize {
        self.count("SELECT count(*) FROM reports").unwrap_or(0)
    }

    pub fn size_on_disk(&self) -> u64 {
        self.count("SELECT pg_database_size(current_database())").unwrap_or(0) as u64
    }

    fn count(&self, sql: &'static str) -> anyhow::Result<usize> {
        let shared = self.shared.clone();
        wait(self.runtime().handle(), async move {
            let client = shared.client().await?;
            let n: i64 = client.query_one(sql, &[]).await?.get(0);
            Ok(usize::try_from(n).unwrap_or(0))
        })
    }

    /// Whether the database answers now.
    pub async fn healthy(&self) -> anyhow::Result<()> {
        let shared = self.shared.clone();
        self.run(async move {
            let client = shared.client().await?;
            client.query_one("SELECT 1", &[]).await.map_err(|e| unavailable(&shared.settings, e))?;
            Ok(())
        })
        .await
    }

    /// An active device key the database has and this collector has not heard of yet; if
    /// there is one, the credentials are read again so that its bindings come too.
    pub fn credential_by_hash(&self, hash: &str) -> anyhow::Result<Option<CredentialRecord>> {
        let (shared, hash) = (self.shared.clone(), hash.to_string());
        wait(self.runtime().handle(), async move {
            let client = shared.client().await?;
            let sql = "SELECT record FROM credentials WHERE hash = $1 AND record->>'revoked_at' IS NULL";
            let Some(row) = client.query_opt(sql, &[&hash]).await? else { return Ok(None) };
            shared.reload_credentials(&client).await?;
            Ok(Some(row.get::<_, Json<CredentialRecord>>(0).0))
        })
    }

    pub async fn enrol(&self, record: CredentialRecord) -> anyhow::Result<Enrolment> {
        let shared = self.shared.clone();
        self.run(async move {
            let mut client = shared.client().await?;
            let done = credentials::enrol(&mut client, record, &shared.instance).await;
            shared.reload_credentials(&client).await?;
            done.map_err(|e| unavailable(&shared.settings, e))
        })
        .await
    }

    pub async fn revoke(
        &self,
        id: &str,
        release: bool,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<CredentialRecord>> {
        let (shared, id) = (self.shared.clone(), id.to_string());
        self.run(async move {
            let mut client = shared.client().await?;
            let done = credentials::revoke(&mut client, &id, release, now, &shared.instance).await;
            shared.reload_credentials(&client).await?;
            done.map_err(|e| unavailable(&shared.settings, e))
        })
        .await
    }

    pub async fn reset(&self, device: Uuid, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
        let shared = self.shared.clone();
        self.run(async move {
            let mut client = shared.client().await?;
            let done = credentials::reset(&mut client, device, now, &shared.instance).await;
            shared.reload_credentials(&client).await?;
            done.map_err(|e| unavailable(&shared.settings, e))
        })
        .await
    }
}

impl Drop for PgEngine {
    /// The engine may be dropped on an async thread, where a runtime cannot be waited for.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Shared {
    async fn client(&self) -> anyhow::Result<deadpool_postgres::Client> {
        self.pool.get().await.map_err(|e| unavailable(&self.settings, e))
    }

    /// Everything kept in memory, read afresh.
    async fn reload_all(&self) -> anyhow::Result<()> {
        let client = self.client().await?;
        let rows = client.query("SELECT record FROM devices", &[]).await?;
        let devices = rows.into_iter().map(|row| row.get::<_, Json<DeviceRecord>>(0).0);
        self.cache.replace_devices(devices);
        self.reload_credentials(&client).await?;
        self.reload_registers(&client).await?;
        self.access.reloaded();
        Ok(())
    }

    /// Every register, read afresh; the application reads them again when it next looks.
    async fn reload_registers(&self, client: &deadpool_postgres::Client) -> anyhow::Result<()> {
        let rows = client.query("SELECT name, document FROM registers", &[]).await?;
        let registers: HashMap<String, Vec<u8>> = rows.into_iter().map(|row| (row.get(0), row.get(1))).collect();
        let mut held = self.registers.write().map_err(|_| anyhow::anyhow!("registers poisoned"))?;
        if *held != registers {
            *held = registers;
            self.register_generation.fetch_add(1, Ordering::AcqRel);
        }
        Ok(())
    }

    async fn reload_credentials(&self, client: &deadpool_postgres::Client) -> anyhow::Result<()> {
        let ticket = self.credential_reads.begin();
        let loaded = credentials::load(client).await?;
        let mut kept = self.cache.credentials.write().map_err(|_| anyhow::anyhow!("credentials poisoned"))?;
        if self.credential_reads.keep(ticket) {
            *kept = loaded;
        }
        Ok(())
    }

    async fn reload_register(&self, client: &deadpool_postgres::Client, name: &str) -> anyhow::Result<()> {
        let row = client.query_opt("SELECT document FROM registers WHERE name = $1", &[&name]).await?;
        let mut registers = self.registers.write().map_err(|_| anyhow::anyhow!("registers poisoned"))?;
        match row {
            Some(row) => registers.insert(name.to_string(), row.get(0)),
            None => registers.remove(name),
        };
        self.register_generation.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }
}

/// An arbitrary constant every collector shares: "regs" in ASCII.
const REGISTER_LOCK: i64 = 0x7265_6773;

/// The session-level advisory lock on the registers, held on a connection of its own.
pub struct RegisterLock {
    client: Option<deadpool_postgres::Client>,
    runtime: tokio::runtime::Handle,
}

impl Drop for RegisterLock {
    /// Unlocks on the engine's runtime (a drop cannot wait). A connection that is gone has
    /// released the lock already.
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            self.runtime.spawn(async move {
                if client.execute("SELECT pg_advisory_unlock($1)", &[&REGISTER_LOCK]).await.is_err() {
                    drop(deadpool_postgres::Object::take(client));
                }
            });
        }
    }
}

/// A connection from `pool` once the schema is what this build knows: missing migrations
/// applied, a database a newer collector migrated refused.
async fn migrated(settings: &PgSettings, pool: &Pool) -> anyhow::Result<deadpool_postgres::Client> {
    let mut client = pool.get().await.map_err(|e| unavailable(settings, e))?;
    schema::migrate(&mut client).await?;
    Ok(client)
}

/// The small runtime the store's connections live on (`workers` threads).
fn runtime(workers: usize) -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("store-postgres")
        .enable_all()
        .build()
        .context("starting the PostgreSQL store's runtime")
}

/// Waits for `work` on `runtime` from any thread (async or not): the work runs there, the
/// caller only blocks on a channel.
fn wait<T: Send + 'static>(
    runtime: &tokio::runtime::Handle,
    work: impl Future<Output = anyhow::Result<T>> + Send + 'static,
) -> anyhow::Result<T> {
    let (done, result) = std::sync::mpsc::sync_channel(1);
    runtime.spawn(async move {
        let _ = done.send(work.await);
    });
    result.recv().context("the PostgreSQL store stopped")?
}

/// A database that does not answer is an outage, not a fault in the request: the API
/// answers 503 and agents keep their reports. Anything else (a statement the database
/// refuses) is a fault, answered 500 and logged.
fn unavailable(settings: &PgSettings, err: impl std::error::Error + 'static) -> anyhow::Error {
    let why = arsring_cli::error_chain(&err);
    let message = format!("PostgreSQL at {} cannot be used: {why}", settings.shown());
    if is_outage(&err) { anyhow::Error::new(Unavailable(message)) } else { anyhow::anyhow!(message) }
}

/// Connection and pool failures, and the SQLSTATE classes that mean "not now": connection
/// exceptions (08), insufficient resources (53), operator intervention such as a shutdown
/// (57), and transaction rollbacks such as a deadlock or serialization failure (40).
fn is_outage(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cause {
        if let Some(pg) = e.downcast_ref::<tokio_postgres::Error>() {
            if let Some(code) = pg.code() {
                return ["08", "40", "53", "57"].iter().any(|class| code.code().starts_with(class));
            }
            if pg.is_closed() {
                return true;
            }
        }
        if e.is::<std::io::Error>() || e.is::<deadpool_postgres::PoolError>() && !pool_misuse(e) {
            return true;
        }
        cause = e.source();
    }
    false
}

/// A pool error that is not about reaching the database.
fn pool_misuse(err: &(dyn std::error::Error + 'static)) -> bool {
    matches!(
        err.downcast_ref::<deadpool_postgres::PoolError>(),
        Some(
            deadpool_postgres::PoolError::Closed
                | deadpool_postgres::PoolError::NoRuntimeSpecified
                | deadpool_postgres::PoolError::PostCreateHook(_)
        )
    )
}
