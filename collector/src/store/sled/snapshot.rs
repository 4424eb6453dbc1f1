//! The embedded store in the portable form (`store::snapshot`), and back.
//!
//! A snapshot is taken on the writer thread, so no report is committed while the trees are
//! read: what it holds is the store at one moment, every reference resolved. Reports wait
//! meanwhile (about 0.6 s at 20 000 devices, a 127 MiB store; docs/benchmarks.md).
//!
//! A restore builds the store in `<data_dir>/.restoring` and moves it into place only once
//! the whole file has been read and its trailer checked: a bad file leaves nothing behind.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;
use uuid::Uuid;

use super::{SledEngine, Tables, codec, history_key, usage_key};
use crate::audit::{AuditLog, Filter};
use crate::sessions::SessionFile;
use crate::store::access::TokenBackend;
use crate::store::snapshot::{self, Row, Sink, Trailer};
use crate::tokens::TokenFile;

/// The files beside the store, moved with it by a restore.
const FILES: [&str; 3] = [crate::tokens::FILE, crate::sessions::FILE, crate::audit::FILE];

impl SledEngine {
    /// Every record, at one moment, into `sink`.
    pub(in crate::store) async fn export(&self, mut sink: Sink) -> anyhow::Result<()> {
        let dir = self.dir.clone();
        self.writer.apply(Box::new(move |tables: &Tables| tables.export(&dir, &mut sink))).await
    }
}

impl Tables {
    fn export(&self, dir: &Path, sink: &mut Sink) -> anyhow::Result<()> {
        for item in self.credentials_tree.iter() {
            let (_, value) = item?;
            sink(Row::Credential { record: serde_json::from_slice(&value).context("a credential")? })?;
        }
        for item in self.bindings.iter() {
            let (key, value) = item?;
            let credential_id = String::from_utf8(value.to_vec()).context("a binding")?;
            sink(Row::Binding { device_id: uuid_at(&key, 0)?, credential_id })?;
        }
        for record in TokenFile::at(dir).list()? {
            sink(Row::Token { record })?;
        }
        for item in self.registers.iter() {
            let (key, value) = item?;
            sink(Row::register(String::from_utf8(key.to_vec()).context("a register's name")?, &value)?)?;
        }
        for item in self.reports.iter() {
            let (key, value) = item?;
            let sent_by = String::from_utf8(value.get(16..).unwrap_or_default().to_vec()).context("a report")?;
            let (report_id, device_id) = (uuid_at(&key, 0)?, uuid_at(&value, 0)?);
            sink(Row::Report { report_id, device_id, sent_by, received_at: None })?;
        }
        for item in self.devices.iter() {
            let (_, value) = item?;
            sink(Row::Device { record: codec::decode(&value).context("a device")? })?;
        }
        for item in self.history.iter() {
            let (key, value) = item?;
            sink(Row::History { device_id: uuid_at(&key, 0)?, entry: codec::decode(&value)? })?;
        }
        for item in self.usage.iter() {
            let (key, value) = item?;
            sink(Row::Usage { device_id: uuid_at(&key, 0)?, sample: codec::decode(&value)? })?;
        }
        for (key, session) in SessionFile::at(dir).all()? {
            sink(Row::Session { key, session })?;
        }
        let mut events = AuditLog::at(dir).read(&Filter::default(), usize::MAX)?;
        events.reverse();
        for event in events {
            sink(Row::audit(event))?;
        }
        Ok(())
    }

    fn restore_row(&self, row: Row) -> anyhow::Result<()> {
        match row {
            Row::Credential { record } => {
                self.credentials_tree.insert(record.id.as_bytes(), serde_json::to_vec(&record)?)?;
            }
            Row::Binding { device_id, credential_id } => {
                self.bindings.insert(device_id.as_bytes(), credential_id.as_bytes())?;
            }
            Row::Register { name, document } => {
                self.registers.insert(name.as_bytes(), serde_json::to_vec(&document)?)?;
            }
            // The embedded store does not keep the time of receipt (its history does).
            Row::Report { report_id, device_id, sent_by, received_at: _ } => {
                let value = [device_id.as_bytes().as_slice(), sent_by.as_bytes()].concat();
                self.reports.insert(report_id.as_bytes(), value)?;
            }
            Row::Device { record } => {
                self.devices.insert(record.device_id.as_bytes(), codec::encode(&record)?)?;
            }
            Row::History { device_id, entry } => {
                let key = history_key(device_id, entry.received_at, entry.report_id);
                self.history.insert(key, codec::encode(&entry)?)?;
            }
            Row::Usage { device_id, sample } => {
                self.usage.insert(usage_key(device_id, sample.collected_at), codec::encode(&sample)?)?;
            }
            Row::Token { .. } | Row::Session { .. } | Row::Audit { .. } => unreachable!("kept in files"),
        }
        Ok(())
    }
}

/// The first 16 bytes from `at` as a UUID.
fn uuid_at(bytes: &[u8], at: usize) -> anyhow::Result<Uuid> {
    let raw = bytes.get(at..at + 16).context("a key shorter than a UUID")?;
    Ok(Uuid::from_slice(raw)?)
}

/// Restores a snapshot into `data_dir`, which must hold no store yet. Returns the trailer.
pub fn restore(data_dir: &Path, input: impl BufRead) -> anyhow::Result<Trailer> {
    if let Some(found) = ["store"].iter().chain(FILES.iter()).map(|f| data_dir.join(f)).find(|p| p.exists()) {
        anyhow::bail!("{} already exists: restore into a data directory without a store", found.display());
    }
    let work = data_dir.join(".restoring");
    if work.exists() {
        std::fs::remove_dir_all(&work).with_context(|| format!("removing an earlier attempt, {}", work.display()))?;
    }
    let restored = restore_into(&work, input);
    if restored.is_ok() {
        for name in ["store"].iter().chain(FILES.iter()) {
            let from = work.join(name);
            if from.exists() {
                std::fs::rename(&from, data_dir.join(name)).with_context(|| format!("moving {name} into place"))?;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    restored
}

fn restore_into(work: &Path, input: impl BufRead) -> anyhow::Result<Trailer> {
    let tables = super::open::tables(work)?;
    let (mut tokens, mut sessions, mut events) = (Vec::new(), Vec::new(), Vec::new());
    let trailer = snapshot::read(input, |row| {
        match row {
            Row::Token { record } => tokens.push(record),
            Row::Session { key, session } => sessions.push((key, session)),
            Row::Audit { event } => events.push(event),
            row => tables.restore_row(row)?,
        }
        Ok(())
    })?;
    tables.db.flush()?;
    drop(tables);
    if !tokens.is_empty() {
        TokenFile::at(work).replace(tokens)?;
    }
    let kept = SessionFile::at(work);
    for (key, session) in sessions.iter().filter(|(_, s)| s.live()) {
        crate::store::access::SessionBackend::put(&kept, key, session)?;
    }
    crate::audit::write_all(work, &events)?;
    Ok(trailer)
}
