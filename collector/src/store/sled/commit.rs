//! A group of reports committed in one sled transaction.
//!
//! sled 0.34 seals its I/O buffer at the end of every transaction, so each transaction is a
//! write of its own on sled's I/O threads; one transaction per report made those writes,
//! their hand-offs and their thread switches the larger part of ingest. The writer commits
//! what arrived together in one transaction instead, still one report after another: each
//! report's effect is decided from the record the reports before it in the group left.

use std::collections::{HashMap, HashSet};

use anyhow::bail;
use arsring_protocol::Report;
use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};
use uuid::Uuid;

use super::{Tables, codec, history_key, usage_key};
use crate::store::effect::effect_of;
use crate::store::{DeviceRecord, Ingested, Sender};

/// A report as the writer receives it, its JSON already written on the caller's thread:
/// serialising the report is half of encoding its record, and the writer is one thread for
/// every caller.
#[derive(Clone)]
pub(super) struct Arrival {
    pub report: Report,
    pub json: Box<RawValue>,
    pub now: DateTime<Utc>,
    pub sender: Sender,
}

impl Arrival {
    pub fn new(report: Report, now: DateTime<Utc>, sender: Sender) -> anyhow::Result<Arrival> {
        Ok(Arrival { json: serde_json::value::to_raw_value(&report)?, report, now, sender })
    }
}

/// What one report writes, encoded before the transaction.
struct Prepared {
    device_id: Uuid,
    report_id: [u8; 16],
    /// The device id, then who sent it: every stored report says which credential.
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
    /// Commits `reports` in order, in one transaction (not yet durable: the writer flushes
    /// after it). Each answer is the report's own; a failed transaction fails every report
    /// that would have written.
    pub(super) fn commit_group(&self, reports: Vec<Arrival>) -> Vec<anyhow::Result<Ingested>> {
        let mut group = Group::default();
        let mut outcomes: Vec<anyhow::Result<(Ingested, bool)>> =
            reports.into_iter().map(|arrival| self.prepare(arrival, &mut group)).collect();
        if !group.prepared.is_empty() {
            match self.write(&group.prepared) {
                Err(err) => {
                    let message = format!("{err:#}");
                    for outcome in &mut outcomes {
                        if matches!(outcome, Ok((_, true))) {
                            *outcome = Err(anyhow::anyhow!("{message}"));
                        }
                    }
                }
                Ok(()) => {
                    for p in group.prepared {
                        if let Some(credential) = p.bind {
                            self.cache.bind(p.device_id, credential);
                        }
                        if let Some((record, _)) = p.record {
                            self.cache.put_device(record);
                        }
                    }
                }
            }
        }
        outcomes.into_iter().map(|o| o.map(|(ingested, _)| ingested)).collect()
    }

    /// Decides and encodes one report; `true` when it writes.
    fn prepare(&self, arrival: Arrival, group: &mut Group) -> anyhow::Result<(Ingested, bool)> {
        let Arrival { report, json, now, sender } = arrival;
        let sender = &sender;
        let device_id = report.device_id();
        // Only this thread writes bindings and reports, so reading them here cannot race a writer.
        let bound = group.bound.get(&device_id).cloned().or_else(|| self.cache.binding(device_id));
        let bind = match (&sender.bind_to, bound) {
            (Some(wanted), Some(bound)) if *wanted != bound => {
                return Ok((Ingested::Refused { device_id, bound_to: bound }, false));
            }
            (Some(wanted), None) => Some(wanted.clone()),
            _ => None,
        };
        let report_id = *report.report_id.as_bytes();
        if group.report_ids.contains(&report_id) || self.reports.get(report_id)?.is_some() {
            return Ok((Ingested::Duplicate { device_id }, false));
        }
        let stored = self.cache.device(device_id);
        let previous = match group.latest.get(&device_id) {
            Some(&i) => group.prepared[i].record.as_ref().map(|(r, _)| r),
            None => stored.as_deref(),
        };
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
                true => codec::encode_record(&effect.record, &json)?,
                false => codec::encode(&effect.record)?,
            };
            Some((effect.record, bytes))
        } else {
            None
        };
        if let Some(credential) = &bind {
            group.bound.insert(device_id, credential.clone());
        }
        if record.is_some() {
            group.latest.insert(device_id, group.prepared.len());
        }
        group.report_ids.insert(report_id);
        let sent = [device_id.as_bytes().as_slice(), sender.by.as_bytes()].concat();
        group.prepared.push(Prepared { device_id, report_id, sent, bind, usage, record, history });
        Ok((effect.outcome, true))
    }

    fn write(&self, prepared: &[Prepared]) -> anyhow::Result<()> {
        let trees = (&self.devices, &self.reports, &self.history, &self.usage, &self.bindings);
        let result = trees.transaction(|(devices, reports, history, usage, bindings)| {
            for p in prepared {
                reports.insert(&p.report_id, p.sent.as_slice())?;
                if let Some(credential) = &p.bind {
                    bindings.insert(p.device_id.as_bytes(), credential.as_bytes())?;
                }
                if let Some((key, value)) = &p.usage {
                    usage.insert(key.as_slice(), value.as_slice())?;
                }
                if let Some((_, bytes)) = &p.record {
                    devices.insert(p.device_id.as_bytes(), bytes.as_slice())?;
                }
                if let Some((key, value)) = &p.history {
                    history.insert(key.as_slice(), value.as_slice())?;
                }
            }
            Ok::<_, ConflictableTransactionError<()>>(())
        });
        match result {
            Ok(()) => Ok(()),
            Err(TransactionError::Storage(err)) => Err(err.into()),
            Err(TransactionError::Abort(())) => bail!("store transaction aborted"),
        }
    }
}

#[cfg(test)]
mod tests;
