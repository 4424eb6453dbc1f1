//! How a record sits in sled: its JSON, compressed with zstd and a dictionary of what
//! records share, when that makes it smaller.
//!
//! A device's record holds its whole latest report and is written again on every report,
//! and sled's log keeps each version until it cleans the segment: stored as text, the store
//! took more room than the reports themselves. Records compress well (the same keys, enum
//! values and shapes in every one), the short ones only with a dictionary that already holds
//! those (`codec/records.zdict`, trained on the sample fleet's records; see the test
//! `train_the_dictionary`). Every frame names its dictionary (or none), so a dictionary,
//! once shipped, is kept for reading. JSON starts with `{` and a zstd frame with its magic
//! number, so records written before compression existed read as they are, and no store
//! needs converting.

use std::cell::RefCell;
use std::sync::LazyLock;

use serde::Serialize;
use serde::de::DeserializeOwned;
use zstd::dict::{DecoderDictionary, EncoderDictionary};

use crate::store::DeviceRecord;

/// zstd's fastest positive level. With the dictionary it makes a report's record about 4 %
/// larger than the default level 3 (505 bytes against 486 for the example report), and its
/// one hash table, against level 3's two, leaves more of the writer's cache to everything else:
/// alternating builds under ingest load, about 3 µs of collector CPU a report less
/// (`docs/benchmarks.md`, ingest, eighth look).
const LEVEL: i32 = 1;
/// The first bytes of every zstd frame (RFC 8878, 3.1.1).
const MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];
/// A record decompressed is never larger than the largest report with room to spare; a
/// frame claiming more is damage, not a record.
const MAX_RECORD: usize = 16 * arsring_protocol::MAX_REPORT_BYTES;

pub(super) const DICTIONARY: &[u8] = include_bytes!("codec/records.zdict");
static ENCODER: LazyLock<EncoderDictionary<'static>> = LazyLock::new(|| EncoderDictionary::copy(DICTIONARY, LEVEL));
static DECODER: LazyLock<DecoderDictionary<'static>> = LazyLock::new(|| DecoderDictionary::copy(DICTIONARY));
static DICTIONARY_ID: LazyLock<Option<std::num::NonZeroU32>> =
    LazyLock::new(|| zstd::zstd_safe::get_dict_id_from_dict(DICTIONARY));

thread_local! {
    // A context holds tables of its own (a compressor about a megabyte): one per thread, not
    // one per record. Pages decode thousands of history entries at a time.
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

pub fn encode<T: Serialize>(value: &T) -> anyhow::Result<Vec<u8>> {
    pack(serde_json::to_vec(value)?)
}

/// JSON as it is stored: compressed when that makes it smaller.
fn pack(json: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    let packed = COMPRESSOR.with_borrow_mut(|slot| -> std::io::Result<Vec<u8>> {
        let compressor = match slot {
            Some(compressor) => compressor,
            None => slot.insert(zstd::bulk::Compressor::with_prepared_dictionary(&ENCODER)?),
        };
        compressor.compress(&json)
    })?;
    Ok(if packed.len() < json.len() { packed } else { json })
}

/// `record` encoded as [`encode`] encodes it, its report taken from `report_json`: one JSON
/// value (the body the report was decoded from, or the report written already), spliced in
/// as it is.
pub fn encode_record(record: &DeviceRecord, report_json: &[u8]) -> anyhow::Result<Vec<u8>> {
    /// `DeviceRecord`'s fields, in its order and with its names.
    #[derive(Serialize)]
    struct Written<'a> {
        device_id: &'a uuid::Uuid,
        kind: &'a arsring_protocol::DeviceKind,
        first_seen: &'a chrono::DateTime<chrono::Utc>,
        last_seen: &'a chrono::DateTime<chrono::Utc>,
        unreachable: &'a Option<crate::store::Unreachable>,
    }
    let DeviceRecord {
        device_id,
        kind,
        first_seen,
        last_seen,
        unreachable,
        report: _,
        linked: _,
        facts_fingerprint: _,
    } = record;
    let mut json = serde_json::to_vec(&Written { device_id, kind, first_seen, last_seen, unreachable })?;
    // `report` comes last, as `DeviceRecord` writes it: `{…,"report":<report_json>}`.
    json.pop();
    json.reserve(report_json.len() + 11);
    json.extend_from_slice(b",\"report\":");
    json.extend_from_slice(report_json);
    json.push(b'}');
    pack(json)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> anyhow::Result<T> {
    if !bytes.starts_with(&MAGIC) {
        return Ok(serde_json::from_slice(bytes)?);
    }
    // Every frame written here states its size; the buffer is made for that, not for the
    // largest record (which would map and unmap megabytes per record read).
    let size = match zstd::zstd_safe::get_frame_content_size(bytes) {
        Ok(Some(size)) if size <= MAX_RECORD as u64 => size as usize,
        _ => anyhow::bail!("a compressed record whose size is not stated, or is too large"),
    };
    let json = match zstd::zstd_safe::get_dict_id_from_frame(bytes) {
        None => zstd::bulk::decompress(bytes, size)?,
        Some(id) if Some(id) == *DICTIONARY_ID => DECOMPRESSOR.with_borrow_mut(|slot| {
            let decompressor = match slot {
                Some(decompressor) => decompressor,
                None => slot.insert(zstd::bulk::Decompressor::with_prepared_dictionary(&DECODER)?),
            };
            decompressor.decompress(bytes, size)
        })?,
        Some(id) => anyhow::bail!("compressed with dictionary {id}, which this collector does not have"),
    };
    Ok(serde_json::from_slice(&json)?)
}

#[cfg(test)]
mod tests;
