//! A group of reports stored together, with one flush after it.
//!
//! sled 0.34 seals its I/O buffer for every transaction, and each sealed buffer is a write
//! of its own on sled's I/O threads; one transaction per report made those writes, their
//! hand-offs and their thread switches the larger part of ingest. The writer stores what
//! arrived together with plain inserts after an intent (`intent`), one report after another:
//! each report's effect is decided from the record the reports before it in the group left.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use anyhow::Context;
use arsring_protocol::Report;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::intent::{self, Intended};
use super::{Tables, codec, history_key, usage_key};
use crate::store::effect::effect_of;
use crate::store::{DeviceRecord, Ingested, Sender};

/// A report as the writer receives it, with its JSON: the body it was decoded from, or
/// written on the caller's thread. Serialising the report was half of encoding its record,
/// and the writer is one thread for every caller.
#[derive(Clone)]
pub(super) struct Arrival {
    report_id: Uuid,
    device_id: Uuid,
    content: Content,
    /// When its id was looked up ahead and found absent: the groups stored before that look-up
    /// (`Recent::checked`).
    absent_after: Option<u64>,
    /// One JSON value that reads back as the report.
    json: Bytes,
    now: DateTime<Utc>,
    sender: Sender,
}

#[derive(Clone)]
enum Content {
    /// To be decided by the writer, against the record latest when its turn comes.
    Report(Report),
    /// Decided on the caller's thread against `seen`, the device's record then (`None`: no
    /// record). The writer keeps that only if `seen` is still the latest when its turn comes.
    Ahead { seen: Option<Arc<DeviceRecord>>, decided: Box<Decided> },
}

impl Arrival {
    pub fn new(report: Report, now: DateTime<Utc>, sender: Sender) -> anyhow::Result<Arrival> {
        let json = serde_json::to_vec(&report)?.into();
        Ok(Arrival::as_sent(report, json, now, sender))
    }

    /// `body`: what `report` was decoded from by `arsring_protocol::decode_report`, which
    /// reads back as it (its test `an_accepted_body_reads_back_plainly_as_the_report_decoded`).
    pub fn as_sent(report: Report, body: Bytes, now: DateTime<Utc>, sender: Sender) -> Arrival {
        let (report_id, device_id) = (report.report_id, report.device_id());
        Arrival { report_id, device_id, content: Content::Report(report), absent_after: None, json: body, now, sender }
    }

    /// Looks its id up and decides and encodes the report here, against the device's record
    /// now, so that the writer (one thread for every caller) has only to check that neither
    /// has changed since and write. Most of a report's CPU on the writer was this: the
    /// effect, the record's JSON and its zstd frame, and the random read of its id.
    pub fn decided_ahead(self, tables: &Tables) -> anyhow::Result<Arrival> {
        let Content::Report(report) = self.content else { return Ok(self) };
        let checked = tables.recent.checked();
        if tables.reports.get(self.report_id.as_bytes())?.is_some() {
            // A re-send (agents re-send what was not answered, all at once after an outage):
            // the writer finds it stored and answers without deciding anything.
            return Ok(Arrival { content: Content::Report(report), ..self });
        }
        let seen = tables.cache.device(self.device_id);
        let decided = decide(seen.as_deref(), report, &self.json, self.now, &self.sender)?;
        Ok(Arrival {
            content: Content::Ahead { seen, decided: Box::new(decided) },
            absent_after: Some(checked),
            ..self
        })
    }

    #[cfg(test)]
    pub fn device_id(&self) -> Uuid {
        self.device_id
    }
}

/// A report's effect, with what it writes encoded.
#[derive(Clone)]
struct Decided {
    outcome: Ingested,
    usage: Option<(Vec<u8>, Vec<u8>)>,
    history: Option<(Vec<u8>, Vec<u8>)>,
    /// The new latest record, when the report replaces it, with its stable hash.
    record: Option<(DeviceRecord, Vec<u8>, u64)>,
}

/// What `report` does to the device whose latest record is `previous`, encoded. Pure: the
/// same inputs decide the same, on whichever thread.
fn decide(
    previous: Option<&DeviceRecord>,
    report: Report,
    json: &[u8],
    now: DateTime<Utc>,
    sender: &Sender,
) -> anyhow::Result<Decided> {
    let device_id = report.device_id();
    let effect = effect_of(previous, report, now, sender);
    let usage = match &effect.usage {
        Some(sample) => Some((usage_key(device_id, sample.collected_at), codec::encode(sample)?)),
        None => None,
    };
    let history = match &effect.history {
        Some(entry) => Some((history_key(device_id, now, effect.report_id), codec::encode(entry)?)),
        None => None,
    };
    let record = if effect.replaces_latest {
        // Most often the record holds this very report, whose JSON is written already.
        let bytes = match effect.record.report.report_id == effect.report_id {
            true => codec::encode_record(&effect.record, json)?,
            false => codec::encode(&effect.record)?,
        };
        let hash = intent::record_hash(&bytes);
        Some((effect.record, bytes, hash))
    } else {
        None
    };
    Ok(Decided { outcome: effect.outcome, usage, history, record })
}

/// What one report writes, encoded before any of it is written.
struct Prepared {
    /// Its ids, sender and what it writes, as the intent records them.
    intended: Intended,
    /// Its `reports` entry: the device id, then who sent it (every stored report says which
    /// credential).
    sent: Vec<u8>,
    bind: Option<String>,
    usage: Option<(Vec<u8>, Vec<u8>)>,
    /// The new latest record, when the report replaces it.
    record: Option<(DeviceRecord, Vec<u8>)>,
    history: Option<(Vec<u8>, Vec<u8>)>,
}

/// What the reports before this one in the group changed.
#[derive(Default)]
struct Group {
    prepared: Vec<Prepared>,
    /// Device id → the last of `prepared` that replaces its record.
    latest: HashMap<Uuid, usize>,
    bound: HashMap<Uuid, String>,
    report_ids: HashSet<[u8; 16]>,
}

impl Tables {
    /// Stores `reports` in order (not yet durable: the writer flushes after it). Each answer
    /// is the report's own. If a write fails, the reports stored whole before it are answered
    /// as stored and the rest fail with it (the next open settles the one it cut, `intent`).
    pub(super) fn commit_group(&self, reports: Vec<Arrival>) -> Vec<anyhow::Result<Ingested>> {
        let mut group = Group::default();
        let outcomes: Vec<anyhow::Result<(Ingested, bool)>> =
            reports.into_iter().map(|arrival| self.prepare(arrival, &mut group)).collect();
        if group.prepared.is_empty() {
            return outcomes.into_iter().map(|o| o.map(|(ingested, _)| ingested)).collect();
        }
        let (whole, failed) = match self.write(&group.prepared) {
            Ok(()) => (group.prepared.len(), None),
            Err((whole, err)) => (whole, Some(format!("{err:#}"))),
        };
        match failed {
            None => self.recent.stored(group.prepared.iter().map(|p| *p.intended.report_id.as_bytes()).collect()),
            // Which of the cut report's entries landed is not known here.
            Some(_) => self.recent.forget(),
        }
        for p in group.prepared.into_iter().take(whole) {
            if let Some(credential) = p.bind {
                self.cache.bind(p.intended.device_id, credential);
            }
            if let Some((record, _)) = p.record {
                self.cache.put_device(record);
            }
        }
        let mut writing = 0;
        outcomes
            .into_iter()
            .map(|outcome| match outcome {
                Ok((ingested, true)) => {
                    writing += 1;
                    match &failed {
                        Some(message) if writing > whole => Err(anyhow::anyhow!("{message}")),
                        _ => Ok(ingested),
                    }
                }
                other => other.map(|(ingested, _)| ingested),
            })
            .collect()
    }

    /// Decides and encodes one report, or keeps what was decided ahead if the record it was
    /// decided against is still the latest; `true` when it writes.
    fn prepare(&self, arrival: Arrival, group: &mut Group) -> anyhow::Result<(Ingested, bool)> {
        let Arrival { report_id, device_id, content, absent_after, json, now, sender } = arrival;
        // Only this thread writes bindings and reports, so reading them here cannot race a writer.
        let bound = group.bound.get(&device_id).cloned().or_else(|| self.cache.binding(device_id));
        let bind = match (&sender.bind_to, bound) {
            (Some(wanted), Some(bound)) if *wanted != bound => {
                return Ok((Ingested::Refused { device_id, bound_to: bound }, false));
            }
            (Some(wanted), None) => Some(wanted.clone()),
            _ => None,
        };
        let report_id = *report_id.as_bytes();
        let known = match absent_after.and_then(|checked| self.recent.stored_since(&report_id, checked)) {
            Some(known) => known,
            None => self.reports.get(report_id)?.is_some(),
        };
        if known || group.report_ids.contains(&report_id) {
            return Ok((Ingested::Duplicate { device_id }, false));
        }
        let stored = self.cache.device(device_id);
        let earlier = group.latest.get(&device_id).copied();
        let decided = match content {
            Content::Ahead { seen, decided } if earlier.is_none() && same(seen.as_ref(), stored.as_ref()) => *decided,
            content => {
                let previous = match earlier {
                    Some(i) => group.prepared[i].record.as_ref().map(|(r, _)| r),
                    None => stored.as_deref(),
                };
                let report = match content {
                    Content::Report(report) => report,
                    // Decided against a record since replaced: the report is read again from
                    // its JSON (rare: the same device twice in a short while).
                    Content::Ahead { .. } => serde_json::from_slice(&json).context("reading a report again")?,
                };
                decide(previous, report, &json, now, &sender)?
            }
        };
        let Decided { outcome, usage, history, record } = decided;
        if let Some(credential) = &bind {
            group.bound.insert(device_id, credential.clone());
        }
        if record.is_some() {
            group.latest.insert(device_id, group.prepared.len());
        }
        group.report_ids.insert(report_id);
        let intended = Intended {
            report_id: Uuid::from_bytes(report_id),
            device_id,
            by: sender.by.clone(),
            history_at: history.is_some().then_some(now),
            record: record.as_ref().map(|(_, _, hash)| *hash),
        };
        let sent = intent::sent(device_id, &sender.by);
        let record = record.map(|(record, bytes, _)| (record, bytes));
        group.prepared.push(Prepared { intended, sent, bind, usage, record, history });
        Ok((outcome, true))
    }

    /// Writes the group's intent, then each report's entries, its id last (the order
    /// `intent::finish` relies on). On failure, how many reports were written whole.
    fn write(&self, prepared: &[Prepared]) -> Result<(), (usize, anyhow::Error)> {
        let intended: Vec<&Intended> = prepared.iter().map(|p| &p.intended).collect();
        let intent = intent::encode(&intended).map_err(|err| (0, err))?;
        self.meta.insert(intent::KEY, intent).map_err(|err| (0, err.into()))?;
        for (whole, p) in prepared.iter().enumerate() {
            self.write_one(p).map_err(|err| (whole, err.into()))?;
        }
        Ok(())
    }

    fn write_one(&self, p: &Prepared) -> sled::Result<()> {
        for (tree, key, value) in self.inserts(p) {
            tree.insert(key, value)?;
        }
        Ok(())
    }

    /// A report's inserts, in the order `intent::finish` relies on: its id last.
    fn inserts<'a>(&'a self, p: &'a Prepared) -> impl Iterator<Item = (&'a sled::Tree, &'a [u8], &'a [u8])> {
        let device_id = p.intended.device_id.as_bytes().as_slice();
        let binding = p.bind.as_ref().map(|c| (&self.bindings, device_id, c.as_bytes()));
        let usage = p.usage.as_ref().map(|(k, v)| (&self.usage, k.as_slice(), v.as_slice()));
        let history = p.history.as_ref().map(|(k, v)| (&self.history, k.as_slice(), v.as_slice()));
        let record = p.record.as_ref().map(|(_, v)| (&self.devices, device_id, v.as_slice()));
        let id = Some((&self.reports, p.intended.report_id.as_bytes().as_slice(), p.sent.as_slice()));
        [binding, usage, history, record, id].into_iter().flatten()
    }
}

/// The same record: both none, or the one allocation (a record replaced is a new `Arc`, and the
/// one held here cannot be freed and its address reused meanwhile).
fn same(seen: Option<&Arc<DeviceRecord>>, latest: Option<&Arc<DeviceRecord>>) -> bool {
    match (seen, latest) {
        (None, None) => true,
        (Some(seen), Some(latest)) => Arc::ptr_eq(seen, latest),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
