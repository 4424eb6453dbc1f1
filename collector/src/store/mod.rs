//! The embedded store: sled on disk, with an in-memory index of the latest state.
//!
//! Trees: `meta` (schema version), `devices` (latest record per device id), `reports`
//! (every report id ever stored, so a re-send is recognised), `history` (per device, the
//! changes each report brought), `usage` (per device, the utilisation sample of each
//! report) and `registers` (what users import: asset register, model catalogue, release
//! cycles, cost-model versions; one JSON document each). One sled transaction writes a
//! report's entries in `reports`, `devices`, `history` and `usage`, and `ingest` returns only
//! after the log is flushed to disk: a 2xx from the API means durable.
//!
//! All writes go through one writer thread (`writer`), which commits whatever reports are
//! waiting and then flushes once for all of them (group commit). Besides being fast, this
//! keeps sled's transactions and flushes from ever running concurrently: under load, sled
//! 0.34 deadlocks when many `flush_async` calls fill its thread pool while a transaction
//! waits for its lock (seen with 32 concurrent clients).
//!
//! The latest record of every device is served from memory (`index`), which the writer
//! updates after each commit. A device's history, its usage samples and the registers are
//! read from sled when asked for.

mod open;
pub use open::private_dir;
pub mod verify;
mod writer;

pub mod credentials;
pub mod history;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

use anyhow::bail;
use arsring_protocol::{Device, DeviceKind, Report};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};
use uuid::Uuid;

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
#[derive(Clone, Debug, Serialize, Deserialize)]
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

pub struct Store {
    tables: Arc<Tables>,
    writer: writer::Writer,
}

/// The sled trees and the in-memory index; written only by the writer thread.
struct Tables {
    db: sled::Db,
    devices: sled::Tree,
    reports: sled::Tree,
    history: sled::Tree,
    registers: sled::Tree,
    /// Per server and report: how busy it was (for finding servers that look unused).
    usage: sled::Tree,
    /// Per-device credentials (id → record) and bindings (device id → credential id).
    credentials_tree: sled::Tree,
    bindings: sled::Tree,
    credentials: RwLock<credentials::Credentials>,
    index: RwLock<BTreeMap<Uuid, Arc<DeviceRecord>>>,
    /// Bumped whenever the index changes, so views computed from it can be reused until then.
    generation: std::sync::atomic::AtomicU64,
}

impl Store {
    /// Opens the store in `dir`, creating it on first start. A damaged store is an error
    /// naming it (sled's panics included), never a panic.
    pub fn open(dir: &Path) -> anyhow::Result<Store> {
        let tables = Arc::new(open::tables(dir)?);
        Ok(Store { writer: writer::Writer::start(tables.clone())?, tables })
    }

    /// Stores a validated report durably; `now` is the time of receipt.
    pub async fn ingest(&self, report: Report, now: DateTime<Utc>, sender: Sender) -> anyhow::Result<Ingested> {
        self.writer.ingest(report, now, sender).await
    }

    pub fn device(&self, id: Uuid) -> Option<Arc<DeviceRecord>> {
        self.tables.index.read().ok()?.get(&id).cloned()
    }

    /// Changes whenever the set of latest device records changes.
    pub fn generation(&self) -> u64 {
        self.tables.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    /// All devices, by id.
    pub fn devices(&self) -> Vec<Arc<DeviceRecord>> {
        self.tables.index.read().map(|i| i.values().cloned().collect()).unwrap_or_default()
    }

    /// A device's history, oldest first.
    pub fn history(&self, id: Uuid) -> anyhow::Result<Vec<HistoryEntry>> {
        self.tables
            .history
            .scan_prefix(id.as_bytes())
            .map(|item| {
                let (_, value) = item?;
                Ok(serde_json::from_slice(&value)?)
            })
            .collect()
    }

    /// A register (asset register, model catalogue, release cycles…) as stored: one JSON
    /// document per register, replaced whole, so it is never half-updated.
    pub fn register(&self, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
        Ok(self.tables.registers.get(name)?.map(|v| v.to_vec()))
    }

    /// Replaces a register durably.
    pub async fn put_register(&self, name: &str, json: Vec<u8>) -> anyhow::Result<()> {
        let name = name.to_string();
        self.writer
            .apply(Box::new(move |tables: &Tables| {
                tables.registers.insert(name.as_bytes(), json)?;
                Ok(())
            }))
            .await
    }

    /// The usage samples of a server collected at or after `since`, oldest first.
    pub fn usage(&self, id: Uuid, since: DateTime<Utc>) -> anyhow::Result<Vec<UsageSample>> {
        let start = usage_key(id, since);
        let mut end = id.as_bytes().to_vec();
        end.extend_from_slice(&u64::MAX.to_be_bytes());
        self.tables
            .usage
            .range(start..=end)
            .map(|item| {
                let (_, value) = item?;
                Ok(serde_json::from_slice(&value)?)
            })
            .collect()
    }

    pub fn report_count(&self) -> usize {
        self.tables.reports.len()
    }

    pub fn size_on_disk(&self) -> u64 {
        self.tables.db.size_on_disk().unwrap_or(0)
    }
}

impl Tables {
    /// Commits one report (not yet durable: the writer flushes after a group of commits).
    fn commit(&self, report: Report, now: DateTime<Utc>, sender: &Sender) -> anyhow::Result<Ingested> {
        let device_id = report.device_id();
        // Only this thread writes bindings, so reading them here cannot race a writer.
        let bound = self.credentials.read().ok().and_then(|c| c.bindings.get(&device_id).cloned());
        let bind = match (&sender.bind_to, bound) {
            (Some(wanted), Some(bound)) if *wanted != bound => {
                return Ok(Ingested::Refused { device_id, bound_to: bound });
            }
            (Some(wanted), None) => Some(wanted.clone()),
            _ => None,
        };
        let previous = self.index.read().ok().and_then(|i| i.get(&device_id).cloned());
        let usage = usage_sample(&report)?;
        let mut effect = effect_of(previous.as_deref(), report, now);
        if let Some(entry) = effect.history.as_mut() {
            entry.by = Some(sender.by.clone());
        }
        let record_bytes = serde_json::to_vec(&effect.record)?;
        let entry_bytes = effect.history.as_ref().map(serde_json::to_vec).transpose()?;
        let report_id = *effect.report_id.as_bytes();
        let history_key = history_key(device_id, now, effect.report_id);

        let trees = (&self.devices, &self.reports, &self.history, &self.usage, &self.bindings);
        let result = trees.transaction(|(devices, reports, history, usage_tree, bindings)| {
            if reports.get(report_id)?.is_some() {
                return Ok(false);
            }
            // The device id, then who sent it: every stored report says which credential.
            reports.insert(&report_id, [device_id.as_bytes().as_slice(), sender.by.as_bytes()].concat())?;
            if let Some(credential) = &bind {
                bindings.insert(device_id.as_bytes(), credential.as_bytes())?;
            }
            if let Some((key, value)) = &usage {
                usage_tree.insert(key.as_slice(), value.as_slice())?;
            }
            if effect.replaces_latest {
                devices.insert(device_id.as_bytes(), record_bytes.as_slice())?;
            }
            if let Some(entry) = &entry_bytes {
                history.insert(history_key.as_slice(), entry.as_slice())?;
            }
            Ok::<_, ConflictableTransactionError<()>>(true)
        });
        let stored = match result {
            Ok(stored) => stored,
            Err(TransactionError::Storage(err)) => return Err(err.into()),
            Err(TransactionError::Abort(())) => bail!("store transaction aborted"),
        };
        if !stored {
            return Ok(Ingested::Duplicate { device_id });
        }
        if let Some(credential) = bind
            && let Ok(mut creds) = self.credentials.write()
        {
            creds.bindings.insert(device_id, credential);
        }
        if effect.replaces_latest {
            let mut index = self.index.write().map_err(|_| anyhow::anyhow!("index poisoned"))?;
            index.insert(device_id, Arc::new(effect.record));
            self.generation.fetch_add(1, std::sync::atomic::Ordering::Release);
        }
        Ok(effect.outcome)
    }
}

/// What one report does to the store; decided without touching it.
struct Effect {
    report_id: Uuid,
    record: DeviceRecord,
    replaces_latest: bool,
    history: Option<HistoryEntry>,
    outcome: Ingested,
}

fn effect_of(previous: Option<&DeviceRecord>, report: Report, now: DateTime<Utc>) -> Effect {
    let device_id = report.device_id();
    let report_id = report.report_id;
    let collected_at = report.collected_at;
    let unanswered = unanswered_poll(&report);
    match previous {
        Some(prev) if report.collected_at < prev.report.collected_at => Effect {
            report_id,
            record: prev.clone(),
            replaces_latest: false,
            history: None,
            outcome: Ingested::StoredLate { device_id },
        },
        // A known device that did not answer keeps its inventory; only the outage is noted.
        Some(prev) if unanswered.is_some() => {
            let reason = unanswered.unwrap_or_default();
            let since = prev.unreachable.as_ref().map_or(now, |u| u.since);
            let changes = match &prev.unreachable {
                Some(u) if u.reason == reason => vec![],
                _ => vec![Change {
                    field: "reachability".into(),
                    from: Some(prev.unreachable.as_ref().map_or("reachable".into(), |u| u.reason.clone())),
                    to: Some(reason.clone()),
                }],
            };
            let mut record = prev.clone();
            record.unreachable = Some(Unreachable { since, last_attempt: now, reason });
            Effect {
                report_id,
                history: entry(now, collected_at, report_id, false, changes),
                outcome: Ingested::Stored { device_id, first: false, changes: 0 },
                record,
                replaces_latest: true,
            }
        }
        _ => {
            let old = previous.map(|p| history::facts(&p.report)).unwrap_or_default();
            let mut changes = history::diff(&old, &history::facts(&report));
            if let Some(u) = previous.and_then(|p| p.unreachable.as_ref()) {
                changes.push(Change {
                    field: "reachability".into(),
                    from: Some(u.reason.clone()),
                    to: Some("reachable".into()),
                });
            }
            let first = previous.is_none();
            let outcome = Ingested::Stored { device_id, first, changes: changes.len() };
            let history = entry(now, collected_at, report_id, first, changes);
            let record = DeviceRecord {
                device_id,
                kind: report.device.kind(),
                first_seen: previous.map_or(now, |p| p.first_seen),
                last_seen: if unanswered.is_some() { previous.map_or(now, |p| p.last_seen) } else { now },
                unreachable: unanswered.map(|reason| Unreachable { since: now, last_attempt: now, reason }),
                report,
                linked: None,
            };
            Effect { report_id, record, replaces_latest: true, history, outcome }
        }
    }
}

/// The reason, when the report says its poller could not see the device: a network device
/// that did not answer, a host or VM gone from vCenter or behind a vCenter that did not answer.
fn unanswered_poll(report: &Report) -> Option<String> {
    match &report.device {
        Device::Network(n) if !n.reachability.reachable => {
            Some(n.reachability.reason.clone().unwrap_or_else(|| "unreachable".into()))
        }
        Device::Hypervisor(h) => h.absent.as_ref().map(|a| a.reason.clone()),
        Device::VirtualMachine(vm) => vm.absent.as_ref().map(|a| a.reason.clone()),
        _ => None,
    }
}

/// A history entry, when there is something to record.
fn entry(
    at: DateTime<Utc>,
    collected_at: DateTime<Utc>,
    report_id: Uuid,
    first: bool,
    changes: Vec<Change>,
) -> Option<HistoryEntry> {
    (first || !changes.is_empty()).then_some(HistoryEntry {
        received_at: at,
        collected_at,
        report_id,
        first,
        changes,
        by: None,
    })
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

fn usage_sample(report: &Report) -> anyhow::Result<Option<(Vec<u8>, Vec<u8>)>> {
    let Device::Server(s) = &report.device else { return Ok(None) };
    let u = &s.utilisation;
    let sample = UsageSample {
        collected_at: report.collected_at,
        window_secs: (report.collected_at - u.window_start).num_seconds().max(0),
        cpu_busy_ratio: u.cpu_busy_ratio,
        net_bytes: u.net_rx_bytes.zip(u.net_tx_bytes).map(|(rx, tx)| rx.saturating_add(tx)),
    };
    Ok(Some((usage_key(report.device_id(), report.collected_at), serde_json::to_vec(&sample)?)))
}

fn usage_key(device_id: Uuid, at: DateTime<Utc>) -> Vec<u8> {
    let micros = u64::try_from(at.timestamp_micros()).unwrap_or(0);
    let mut key = Vec::with_capacity(24);
    key.extend_from_slice(device_id.as_bytes());
    key.extend_from_slice(&micros.to_be_bytes());
    key
}

/// Device id, then receipt time big-endian, so a prefix scan yields one device's history in order.
fn history_key(device_id: Uuid, at: DateTime<Utc>, report_id: Uuid) -> Vec<u8> {
    let micros = u64::try_from(at.timestamp_micros()).unwrap_or(0);
    let mut key = Vec::with_capacity(40);
    key.extend_from_slice(device_id.as_bytes());
    key.extend_from_slice(&micros.to_be_bytes());
    key.extend_from_slice(report_id.as_bytes());
    key
}

#[cfg(test)]
mod tests;
