//! The embedded engine: sled on disk, in `<data_dir>/store`.
//!
//! Trees: `meta` (schema version), `devices` (latest record per device id), `reports`
//! (every report id ever stored, with its device and sender, so a re-send is recognised),
//! `history` (per device, the changes each report brought), `usage` (per device, the
//! utilisation sample of each report), `registers` (what users import, one JSON document
//! each), `credentials` and `bindings`. The reports that arrived together are written one
//! after another after an intent naming them (`intent`: a crash cuts at most one report,
//! settled on the next open), and `ingest` returns only after the log is flushed to disk: a
//! 2xx from the API means durable.
//! Device records, history entries and usage samples are JSON, compressed (`codec`).
//!
//! All writes go through one writer thread (`writer`), which stores whatever is waiting as
//! one group (`commit`), and what arrived meanwhile as the next, flushes once for them, then
//! answers (group commit); what arrives during the flush starts the next flush's groups.
//! What can be done on the caller's thread is done there first (`commit::Arrival::
//! decided_ahead`: the effect, its encoding, the id's look-up), and the writer only checks it
//! still holds (`recent`). There is never more than one flush at a time, and
//! every flush is a plain `flush`: under load, sled 0.34 deadlocked when many `flush_async`
//! calls filled its thread pool while a transaction waited for its lock (seen with 32
//! concurrent clients, each flushing on its own).

mod codec;
mod commit;
mod credentials;
mod intent;
mod open;
mod recent;
pub mod snapshot;
pub mod verify;
mod writer;

pub use open::{CACHE_BYTES, private_dir};

use std::path::Path;
use std::sync::Arc;

use arsring_protocol::Report;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::cache::Cache;
use super::{HistoryEntry, Ingested, Sender, UsageSample};

pub(super) struct SledEngine {
    tables: Arc<Tables>,
    writer: writer::Writer,
    /// The data directory: the tokens, sessions and audit log are files beside the store.
    dir: std::path::PathBuf,
}

/// The sled trees; written only by the writer thread.
pub(super) struct Tables {
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
    /// The schema version, and the intent of the last group of reports (`intent`).
    meta: sled::Tree,
    cache: Arc<Cache>,
    /// The report ids stored lately, for callers that look ids up ahead of the writer.
    recent: recent::Recent,
}

impl SledEngine {
    /// Opens the store in `dir`, creating it on first start, with what it holds in memory. A
    /// damaged store is an error naming it (sled's panics included), never a panic.
    pub fn open(dir: &Path) -> anyhow::Result<(SledEngine, Arc<Cache>)> {
        let tables = Arc::new(open::tables(dir)?);
        let cache = tables.cache.clone();
        Ok((SledEngine { writer: writer::Writer::start(tables.clone())?, tables, dir: dir.to_path_buf() }, cache))
    }

    /// `body`: the JSON `report` was decoded from, stored as it is; `None` writes the report.
    pub async fn ingest(
        &self,
        report: Report,
        body: Option<bytes::Bytes>,
        now: DateTime<Utc>,
        sender: Sender,
    ) -> anyhow::Result<Ingested> {
        let arrival = match body {
            Some(body) => commit::Arrival::as_sent(report, body, now, sender),
            None => commit::Arrival::new(report, now, sender)?,
        };
        self.writer.ingest(arrival.decided_ahead(&self.tables)?).await
    }

    pub fn history(&self, id: Uuid) -> anyhow::Result<Vec<HistoryEntry>> {
        self.tables
            .history
            .scan_prefix(id.as_bytes())
            .map(|item| {
                let (_, value) = item?;
                codec::decode(&value)
            })
            .collect()
    }

    pub fn register(&self, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
        Ok(self.tables.registers.get(name)?.map(|v| v.to_vec()))
    }

    pub async fn put_register(&self, name: &str, json: Vec<u8>) -> anyhow::Result<()> {
        let name = name.to_string();
        self.writer
            .apply(Box::new(move |tables: &Tables| {
                tables.registers.insert(name.as_bytes(), json)?;
                Ok(())
            }))
            .await
    }

    pub fn usage(&self, id: Uuid, since: DateTime<Utc>) -> anyhow::Result<Vec<UsageSample>> {
        let start = usage_key(id, since);
        let mut end = id.as_bytes().to_vec();
        end.extend_from_slice(&u64::MAX.to_be_bytes());
        self.tables
            .usage
            .range(start..=end)
            .map(|item| {
                let (_, value) = item?;
                codec::decode(&value)
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

pub(super) fn usage_key(device_id: Uuid, at: DateTime<Utc>) -> Vec<u8> {
    let micros = u64::try_from(at.timestamp_micros()).unwrap_or(0);
    let mut key = Vec::with_capacity(24);
    key.extend_from_slice(device_id.as_bytes());
    key.extend_from_slice(&micros.to_be_bytes());
    key
}

/// Device id, then receipt time big-endian, so a prefix scan yields one device's history in order.
pub(super) fn history_key(device_id: Uuid, at: DateTime<Utc>, report_id: Uuid) -> Vec<u8> {
    let micros = u64::try_from(at.timestamp_micros()).unwrap_or(0);
    let mut key = Vec::with_capacity(40);
    key.extend_from_slice(device_id.as_bytes());
    key.extend_from_slice(&micros.to_be_bytes());
    key.extend_from_slice(report_id.as_bytes());
    key
}
