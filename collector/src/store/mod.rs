//! The store: every device's latest record, its history and usage, the registers users
//! import, and the device credentials, behind one interface (`Store`) whatever the engine.
//!
//! Engines: `sled` (embedded, in the data directory; the default) and, for two or more
//! collectors sharing one database, PostgreSQL. Both store what `effect` decides, a pure
//! function of the previous record and the report, and both keep the latest records and the
//! credentials in memory (`cache`), which every read of the fleet uses.
//!
//! Beside the inventory, each engine keeps the API tokens, the dashboard sessions and the
//! audit log (`access`): the embedded one in files in the data directory, PostgreSQL in
//! tables every collector of the database shares.

pub mod access;
mod cache;
pub mod credentials;
mod effect;
pub mod history;
pub mod migrate;
pub mod postgres;
pub mod sled;
pub mod snapshot;

pub use self::sled::{private_dir, verify};

use std::path::Path;
use std::sync::Arc;

use arsring_protocol::{DeviceKind, Report};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use cache::Cache;

pub use history::Change;

/// The on-disk layout version this build reads and writes.
pub const STORE_SCHEMA_VERSION: u32 = 1;

/// The latest known state of one device.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DeviceRecord {
    pub device_id: Uuid,
    pub kind: DeviceKind,
    /// When the collector first received a report of this device.
    pub first_seen: DateTime<Utc>,
    /// When the collector last received an inventory of this device (for a network device,
    /// the last poll it answered).
    pub last_seen: DateTime<Utc>,
    /// Set while the device does not answer its polls; it keeps its last inventory.
    #[serde(default)]
    pub unreachable: Option<Unreachable>,
    /// The most recent report with an inventory (by `collected_at`, not by arrival), or
    /// the first report if the device has never answered.
    pub report: Report,
    /// The vSphere poller's record of the same machine, when this is a VM whose guest runs
    /// the agent. Attached when the fleet is read (`inventory::link`); never stored.
    #[serde(skip)]
    pub linked: Option<Arc<DeviceRecord>>,
    /// A fingerprint of `report`'s tracked facts (`history::fingerprint`), kept in memory
    /// with the record that holds that report: the device's next report, most often with
    /// the same facts, is compared with it instead of listing these facts again. Never
    /// stored; `None` on a record read back, which is then listed once.
    #[serde(skip)]
    pub facts_fingerprint: Option<u128>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unreachable {
    /// The first unanswered poll of this outage.
    pub since: DateTime<Utc>,
    /// The latest unanswered poll.
    pub last_attempt: DateTime<Utc>,
    pub reason: String,
}

/// One report's worth of change to a device.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub received_at: DateTime<Utc>,
    pub collected_at: DateTime<Utc>,
    pub report_id: Uuid,
    /// `true` for the first report of the device; `changes` then lists every fact.
    pub first: bool,
    pub changes: Vec<Change>,
    /// Who sent the report: a credential id, or an administrator's name. `None` before
    /// this was recorded.
    #[serde(default)]
    pub by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ingested {
    /// Stored; `changes` facts differ from the previous report.
    Stored { device_id: Uuid, first: bool, changes: usize },
    /// Stored, but older than what we hold (a spooled report arriving late), so the
    /// latest state is unchanged.
    StoredLate { device_id: Uuid },
    /// This report id was stored before; nothing changed.
    Duplicate { device_id: Uuid },
    /// Not stored: the device is bound to another credential.
    Refused { device_id: Uuid, bound_to: String },
}

impl Ingested {
    pub fn device_id(&self) -> Uuid {
        match self {
            Ingested::Stored { device_id, .. }
            | Ingested::StoredLate { device_id }
            | Ingested::Duplicate { device_id }
            | Ingested::Refused { device_id, .. } => *device_id,
        }
    }
}

/// Who sends a report, as the store records and checks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sender {
    /// Recorded on the history entry: a credential id, or an administrator's name.
    pub by: String,
    /// A credential the device must be bound to; bound now if the device is not yet.
    /// `None` for an administrator, who may report any device (on record).
    pub bind_to: Option<String>,
}

impl Sender {
    /// An operator's report (admin token, admin socket, tests and benchmarks): binds nothing.
    pub fn operator(name: &str) -> Sender {
        Sender { by: format!("admin: {name}"), bind_to: None }
    }
}

/// The store, whichever engine holds it.
pub struct Store {
    cache: Arc<Cache>,
    engine: Engine,
}

enum Engine {
    Sled(self::sled::SledEngine),
    Postgres(postgres::PgEngine),
}

/// The store cannot be reached now (the database is down): the request may succeed later,
/// so the API answers 503 and an agent keeps its report.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unavailable(pub String);

/// Held while a register is read, changed and written back: with PostgreSQL, a lock every
/// collector of the database respects (released when dropped); nothing more with the
/// embedded store, which one process owns.
pub struct RegisterLock {
    _held: Option<postgres::RegisterLock>,
}

/// Calls the same method on whichever engine holds the store.
macro_rules! on_engine {
    ($store:expr, $engine:ident => $call:expr) => {
        match &$store.engine {
            Engine::Sled($engine) => $call,
            Engine::Postgres($engine) => $call,
        }
    };
}

impl Store {
    /// Opens the embedded store in `dir`, creating it on first start. A damaged store is an
    /// error naming it (sled's panics included), never a panic.
    pub fn open(dir: &Path) -> anyhow::Result<Store> {
        let (engine, cache) = self::sled::SledEngine::open(dir)?;
        Ok(Store { cache, engine: Engine::Sled(engine) })
    }

    /// Opens the shared store in PostgreSQL, applying the migrations this build needs.
    pub fn open_postgres(settings: postgres::PgSettings) -> anyhow::Result<Store> {
        let (engine, cache) = postgres::PgEngine::open(settings)?;
        Ok(Store { cache, engine: Engine::Postgres(engine) })
    }

    /// Whether the store can take writes now (for `/healthz`).
    pub async fn healthy(&self) -> anyhow::Result<()> {
        match &self.engine {
            Engine::Sled(_) => Ok(()),
            Engine::Postgres(engine) => engine.healthy().await,
        }
    }

    /// Which engine holds the store, for `/metrics` and messages.
    pub fn engine_name(&self) -> &'static str {
        match &self.engine {
            Engine::Sled(_) => "sled",
            Engine::Postgres(_) => "postgres",
        }
    }

    /// Stores a validated report durably; `now` is the time of receipt.
    pub async fn ingest(&self, report: Report, now: DateTime<Utc>, sender: Sender) -> anyhow::Result<Ingested> {
        self.ingest_with(report, None, now, sender).await
    }

    /// [`Store::ingest`] for a report decoded from `body` by `arsring_protocol::decode_report`:
    /// the embedded store keeps the body as the report's JSON rather than writing it again
    /// (the decoder guarantees it reads back as `report`).
    pub async fn ingest_as_sent(
        &self,
        report: Report,
        body: bytes::Bytes,
        now: DateTime<Utc>,
        sender: Sender,
    ) -> anyhow::Result<Ingested> {
        self.ingest_with(report, Some(body), now, sender).await
    }

    async fn ingest_with(
        &self,
        report: Report,
        body: Option<bytes::Bytes>,
        now: DateTime<Utc>,
        sender: Sender,
    ) -> anyhow::Result<Ingested> {
        match &self.engine {
            Engine::Sled(engine) => engine.ingest(report, body, now, sender).await,
            Engine::Postgres(engine) => engine.ingest(report, now, sender).await,
        }
    }

    pub fn device(&self, id: Uuid) -> Option<Arc<DeviceRecord>> {
        self.cache.device(id)
    }

    /// Changes whenever the set of latest device records changes.
    pub fn generation(&self) -> u64 {
        self.cache.generation()
    }

    /// All devices, by id.
    pub fn devices(&self) -> Vec<Arc<DeviceRecord>> {
        self.cache.devices()
    }

    /// A device's history, oldest first.
    pub fn history(&self, id: Uuid) -> anyhow::Result<Vec<HistoryEntry>> {
        on_engine!(self, engine => engine.history(id))
    }

    /// The histories of each of `ids`, in the order of `ids`: one query for PostgreSQL
    /// rather than one per device.
    pub fn histories_of(&self, ids: &[Uuid]) -> anyhow::Result<Vec<Vec<HistoryEntry>>> {
        match &self.engine {
            Engine::Sled(engine) => ids.iter().map(|id| engine.history(*id)).collect(),
            Engine::Postgres(engine) => engine.histories_of(ids),
        }
    }

    /// A register (asset register, model catalogue, release cycles…) as stored: one JSON
    /// document per register, replaced whole, so it is never half-updated.
    pub fn register(&self, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
        on_engine!(self, engine => engine.register(name))
    }

    /// Moves on whenever another collector has changed a register (PostgreSQL); the
    /// embedded store has no other writer, so it stays 0.
    pub fn register_generation(&self) -> u64 {
        match &self.engine {
            Engine::Sled(_) => 0,
            Engine::Postgres(engine) => engine.register_generation(),
        }
    }

    /// Waits for the lock on the registers (see [`RegisterLock`]); once it is held, what
    /// `register` returns is what the store holds.
    pub async fn lock_registers(&self) -> anyhow::Result<RegisterLock> {
        match &self.engine {
            Engine::Sled(_) => Ok(RegisterLock { _held: None }),
            Engine::Postgres(engine) => Ok(RegisterLock { _held: Some(engine.lock_registers().await?) }),
        }
    }

    /// Replaces a register durably.
    pub async fn put_register(&self, name: &str, json: Vec<u8>) -> anyhow::Result<()> {
        on_engine!(self, engine => engine.put_register(name, json).await)
    }

    /// The usage samples of a server collected at or after `since`, oldest first.
    pub fn usage(&self, id: Uuid, since: DateTime<Utc>) -> anyhow::Result<Vec<UsageSample>> {
        on_engine!(self, engine => engine.usage(id, since))
    }

    /// Every record of the store at one moment, the tokens, sessions and audit log
    /// included, into `sink`: the portable form (`snapshot`) of `store backup`.
    pub async fn export(&self, sink: snapshot::Sink) -> anyhow::Result<()> {
        on_engine!(self, engine => engine.export(sink).await)
    }

    /// The usage samples of each of `ids` collected at or after `since`, oldest first, in
    /// the order of `ids`: one query for PostgreSQL rather than one per server.
    pub fn usage_of(&self, ids: &[Uuid], since: DateTime<Utc>) -> anyhow::Result<Vec<Vec<UsageSample>>> {
        match &self.engine {
            Engine::Sled(engine) => ids.iter().map(|id| engine.usage(*id, since)).collect(),
            Engine::Postgres(engine) => engine.usage_of(ids, since),
        }
    }

    pub fn report_count(&self) -> usize {
        on_engine!(self, engine => engine.report_count())
    }

    pub fn size_on_disk(&self) -> u64 {
        on_engine!(self, engine => engine.size_on_disk())
    }
}

/// How busy a server was over one report's window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsageSample {
    pub collected_at: DateTime<Utc>,
    pub window_secs: i64,
    pub cpu_busy_ratio: Option<f64>,
    /// Bytes received plus sent in the window.
    pub net_bytes: Option<u64>,
}

#[cfg(test)]
mod tests;
