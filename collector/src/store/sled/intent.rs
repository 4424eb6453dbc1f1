//! What a group of reports is about to write, stored before it, so that a group cut short by
//! a crash is finished when the store is next opened.
//!
//! The writer stores a group with plain inserts, not a sled transaction: sled 0.34 seals its
//! I/O buffer twice at the start of every transaction, and each sealed buffer is handed to
//! its thread pool, which wakes all seven of its idle threads for it; that was about a fifth
//! of the CPU a report cost (docs/benchmarks.md, "Fourth look"). Plain inserts are not
//! atomic together. What makes them safe:
//!
//! - sled recovers a prefix of its log: recovery stops at the first message that did not
//!   reach the disk (`pagecache/iterator.rs`, and the contiguity check of the segments after
//!   the last stable one), and one thread's inserts take log positions in the order made;
//! - the writer stores this intent first, then each report's entries in a fixed order,
//!   its id last (`binding, usage, history, record, id`), and answers nobody before the
//!   flush that follows.
//!
//! So after a crash, every group but the last is whole, and of the last the reports before
//! one are whole and the ones after it absent. [`finish`] settles the one in between: if its
//! record landed, its id is added (the report is then stored whole: binding, usage and
//! history precede the record); if not, its history entry, if written, is removed, and the
//! report is as if never received (its sender had no answer and sends it again; the usage
//! sample and binding it may have left are what that re-send writes).

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::history_key;

/// The key in the `meta` tree; each group's intent replaces the one before.
pub(super) const KEY: &str = "ingest_intent";

/// One report of a group, as its writes can be recognised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Intended {
    pub report_id: Uuid,
    pub device_id: Uuid,
    /// Who sent it, as its `reports` entry records.
    pub by: String,
    /// When its history entry is keyed, if it writes one.
    pub history_at: Option<DateTime<Utc>>,
    /// The stable hash of the record it writes, if it replaces the device's record.
    pub record: Option<u64>,
}

/// A record's stable hash (SipHash-2-4 with fixed keys: the same in every build, as a hash
/// kept on disk must be).
pub(super) fn record_hash(bytes: &[u8]) -> u64 {
    siphasher::sip::SipHasher24::new_with_keys(0, 0).hash(bytes)
}

/// The `reports` entry of a report: its device, then who sent it.
pub(super) fn sent(device_id: Uuid, by: &str) -> Vec<u8> {
    [device_id.as_bytes().as_slice(), by.as_bytes()].concat()
}

/// Packed, as every group's intent stays in the log until sled cleans its segment (as JSON
/// it added a third to the store's size on disk). Per report: report id, device id (16 bytes
/// each), flags (1: history entry, 2: record), the history time in µs and the record's hash
/// (8 bytes each, when flagged), the sender's length (4 bytes) and name; integers big-endian.
pub(super) fn encode(group: &[&Intended]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(group.len() * 80);
    for intended in group {
        out.extend_from_slice(intended.report_id.as_bytes());
        out.extend_from_slice(intended.device_id.as_bytes());
        out.push(u8::from(intended.history_at.is_some()) | (u8::from(intended.record.is_some()) << 1));
        if let Some(at) = intended.history_at {
            out.extend_from_slice(&at.timestamp_micros().to_be_bytes());
        }
        if let Some(hash) = intended.record {
            out.extend_from_slice(&hash.to_be_bytes());
        }
        let by = u32::try_from(intended.by.len()).context("a sender's name longer than 4 GiB")?;
        out.extend_from_slice(&by.to_be_bytes());
        out.extend_from_slice(intended.by.as_bytes());
    }
    Ok(out)
}

pub(super) fn decode(bytes: &[u8]) -> anyhow::Result<Vec<Intended>> {
    let mut rest = bytes;
    let mut group = Vec::new();
    while !rest.is_empty() {
        group.push(decode_one(&mut rest).with_context(|| format!("report {} of the group", group.len() + 1))?);
    }
    Ok(group)
}

fn decode_one(rest: &mut &[u8]) -> anyhow::Result<Intended> {
    let mut take = |n: usize| -> anyhow::Result<&[u8]> {
        let Some((head, tail)) = rest.split_at_checked(n) else { bail!("cut short") };
        *rest = tail;
        Ok(head)
    };
    let uuid = |b: &[u8]| Uuid::from_slice(b).map_err(anyhow::Error::from);
    let (report_id, device_id) = (uuid(take(16)?)?, uuid(take(16)?)?);
    let flags = take(1)?[0];
    if flags & !3 != 0 {
        bail!("unknown flags {flags:#04x}");
    }
    let mut eight = || take(8).map(|b| <[u8; 8]>::try_from(b).expect("8 bytes"));
    let history_at = match flags & 1 != 0 {
        true => {
            let micros = i64::from_be_bytes(eight()?);
            Some(DateTime::from_timestamp_micros(micros).context("a history time out of range")?)
        }
        false => None,
    };
    let record = match flags & 2 != 0 {
        true => Some(u64::from_be_bytes(eight()?)),
        false => None,
    };
    let len = take(4).map(|b| u32::from_be_bytes(<[u8; 4]>::try_from(b).expect("4 bytes")))?;
    let len = usize::try_from(len).context("a sender's name longer than this machine can hold")?;
    let by = String::from_utf8(take(len)?.to_vec()).context("a sender's name that is not UTF-8")?;
    Ok(Intended { report_id, device_id, by, history_at, record })
}

/// What [`finish`] did to the reports of a cut group.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Finished {
    /// Record landed, id added.
    pub completed: Vec<Uuid>,
    /// Not stored; a history entry removed.
    pub undone: Vec<Uuid>,
}

/// Settles the last group's reports, if the last group was cut, and removes the intent. Run
/// on opening the store, before anything reads it.
pub(super) fn finish(
    meta: &sled::Tree,
    devices: &sled::Tree,
    reports: &sled::Tree,
    history: &sled::Tree,
) -> anyhow::Result<Finished> {
    let mut finished = Finished::default();
    let Some(bytes) = meta.get(KEY)? else { return Ok(finished) };
    let group = decode(&bytes)
        .map_err(|err| anyhow::anyhow!("meta/{KEY}: the last group's intent does not decode: {err:#}"))?;
    for intended in group {
        if reports.contains_key(intended.report_id.as_bytes())? {
            continue;
        }
        let landed = match intended.record {
            Some(hash) => devices.get(intended.device_id.as_bytes())?.is_some_and(|r| record_hash(&r) == hash),
            None => false,
        };
        if landed {
            reports.insert(intended.report_id.as_bytes(), sent(intended.device_id, &intended.by))?;
            finished.completed.push(intended.report_id);
        } else {
            if let Some(at) = intended.history_at {
                history.remove(history_key(intended.device_id, at, intended.report_id))?;
            }
            finished.undone.push(intended.report_id);
        }
    }
    meta.remove(KEY)?;
    Ok(finished)
}

#[cfg(test)]
mod tests;
