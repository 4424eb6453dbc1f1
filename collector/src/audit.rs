//! The audit log: who changed what, and when, for a municipality's auditors. Each event is
//! durable before the change is answered. Where it is kept is the store's business
//! (`store::access::AuditBackend`): with the embedded store, one JSON line per event in
//! `<data-dir>/audit.jsonl` (mode 0600), appended and synced, a file beside the store like
//! `tokens.json`, so that `token create` on the command line is on record too while the
//! collector runs; with PostgreSQL, a row of its `audit` table, committed, one log for every
//! collector of the database.
//!
//! Recorded: reports refused (and why), enrolments and refused enrolments, keys revoked,
//! identities reset, register and catalogue imports, cost-model versions, release-cycle
//! imports and syncs, tokens created and revoked, log-ins and failed log-ins. Accepted
//! reports are on record in each device's history, with the key that sent them.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::store::access::AuditBackend;

/// The audit log's file in the data directory (embedded store).
pub const FILE: &str = "audit.jsonl";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Event {
    pub at: DateTime<Utc>,
    /// Who: a user or token name, `admin: …`, a key id (`cred_…`), `anna (directory)`.
    pub actor: String,
    /// What, as `noun.verb`: `report.refused`, `import.assets`, `token.create`, `login.failed`…
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    /// In words: the reason of a refusal, what an import changed.
    pub detail: String,
}

impl Event {
    pub fn new(actor: impl Into<String>, action: &str, detail: impl Into<String>) -> Event {
        Event {
            at: Utc::now(),
            actor: actor.into(),
            action: action.into(),
            device_id: None,
            credential: None,
            detail: detail.into(),
        }
    }

    pub fn device(self, id: Uuid) -> Event {
        Event { device_id: Some(id), ..self }
    }

    pub fn credential(self, id: impl Into<String>) -> Event {
        Event { credential: Some(id.into()), ..self }
    }
}

/// Which events to read back; every criterion given must hold.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub device_id: Option<Uuid>,
    pub credential: Option<String>,
    pub actor: Option<String>,
    /// An action or its prefix (`report.`, `import`).
    pub action: Option<String>,
}

impl Filter {
    fn matches(&self, e: &Event) -> bool {
        self.device_id.is_none_or(|d| e.device_id == Some(d))
            && self.credential.as_ref().is_none_or(|c| e.credential.as_ref() == Some(c))
            && self.actor.as_ref().is_none_or(|a| e.actor.to_lowercase().contains(&a.to_lowercase()))
            && self.action.as_ref().is_none_or(|a| e.action.starts_with(a.as_str()))
    }
}

/// The audit log, wherever the store keeps it.
pub struct AuditLog {
    kept: Arc<dyn AuditBackend>,
}

impl AuditLog {
    /// `audit.jsonl` in `data_dir`.
    pub fn at(data_dir: &Path) -> AuditLog {
        AuditLog::kept_in(Arc::new(AuditFile { path: data_dir.join(FILE), lock: Mutex::new(()) }))
    }

    pub fn kept_in(backend: Arc<dyn AuditBackend>) -> AuditLog {
        AuditLog { kept: backend }
    }

    /// Puts an event on record durably. An audit log that cannot be written is an error the
    /// caller must not hide.
    pub fn record(&self, event: &Event) -> anyhow::Result<()> {
        self.kept.append(event)
    }

    /// The events that match, newest first, at most `limit`.
    pub fn read(&self, filter: &Filter, limit: usize) -> anyhow::Result<Vec<Event>> {
        self.kept.read(filter, limit)
    }
}

/// Writes `audit.jsonl` in `data_dir` whole, oldest event first (a restore from a snapshot).
pub fn write_all(data_dir: &Path, events: &[Event]) -> anyhow::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let path = data_dir.join(FILE);
    let mut out = std::io::BufWriter::new(OpenOptions::new().create_new(true).write(true).mode(0o600).open(&path)?);
    for event in events {
        serde_json::to_writer(&mut out, event)?;
        out.write_all(b"\n")?;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(())
}

/// `audit.jsonl`: one JSON line per event.
struct AuditFile {
    path: PathBuf,
    /// Appends from this process one at a time (each line is one write in any case).
    lock: Mutex<()>,
}

impl AuditBackend for AuditFile {
    /// Appends an event and syncs it.
    fn append(&self, event: &Event) -> anyhow::Result<()> {
        let mut line = serde_json::to_vec(event)?;
        line.push(b'\n');
        let _one = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut file = OpenOptions::new().create(true).append(true).mode(0o600).open(&self.path)?;
        // One write per line: O_APPEND keeps lines from two processes whole.
        file.write_all(&line)?;
        file.sync_data()?;
        Ok(())
    }

    /// Lines that do not parse (a torn last line after a crash) are skipped and counted in
    /// the log.
    fn read(&self, filter: &Filter, limit: usize) -> anyhow::Result<Vec<Event>> {
        let file = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        let mut found = Vec::new();
        let mut unreadable = 0usize;
        for line in BufReader::new(file).lines() {
            match serde_json::from_str::<Event>(&line?) {
                Ok(e) if filter.matches(&e) => found.push(e),
                Ok(_) => {}
                Err(_) => unreadable += 1,
            }
        }
        if unreadable > 0 {
            tracing::warn!(unreadable, file = %self.path.display(), "audit lines that do not parse were skipped");
        }
        found.reverse();
        found.truncate(limit);
        Ok(found)
    }
}

#[cfg(test)]
mod tests;
