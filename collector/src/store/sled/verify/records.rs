//! One record of each tree, decoded with the store's own types and keys, and what it must
//! agree with in the other trees.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::store::credentials::CredentialRecord;
use crate::store::sled::{history_key, usage_key};
use crate::store::{DeviceRecord, HistoryEntry, STORE_SCHEMA_VERSION, UsageSample};

/// Decodes a register's stored JSON as the collector reads it.
pub type RegisterCheck = fn(&[u8]) -> anyhow::Result<()>;

/// What a record says about the others.
pub(super) enum Decoded {
    /// A device and its latest report.
    Device(Uuid, Uuid),
    Credential(String),
    /// A stored report id, of this device.
    Report(Uuid),
    /// A history entry of this device, made by this report.
    History(Uuid, Uuid),
    Usage(Uuid),
    /// A device bound to this credential.
    Binding(String),
    Other,
}

/// What the trees walked so far hold, for checking the ones after them.
#[derive(Default)]
pub(super) struct Refs {
    /// Each device, with its latest report.
    pub devices: HashMap<Uuid, Uuid>,
    pub credentials: HashSet<String>,
    /// The devices with at least one history entry.
    pub with_history: HashSet<Uuid>,
}

/// Decodes one record as the store reads it, checking that its key is the one the store
/// would have written it under.
pub(super) fn decode(
    tree: &str,
    key: &[u8],
    value: &[u8],
    registers: &[(&str, RegisterCheck)],
) -> Result<Decoded, String> {
    match tree {
        "devices" => device(key, value),
        "credentials" => {
            let record: CredentialRecord = json(value)?;
            if key != record.id.as_bytes() {
                return Err(format!("holds credential {}, not the one its key names", record.id));
            }
            Ok(Decoded::Credential(record.id))
        }
        "reports" => {
            uuid(key, "a report id")?;
            let device = device_of(value).ok_or("too short to name its device")?;
            std::str::from_utf8(&value[16..]).map_err(|_| "who sent it is not UTF-8 text")?;
            Ok(Decoded::Report(device))
        }
        "history" => {
            let entry: HistoryEntry = json(value)?;
            let device = device_of(key).ok_or("the key is not a history key")?;
            if key != history_key(device, entry.received_at, entry.report_id).as_slice() {
                return Err(format!("the entry (report {}) is not the one its key names", entry.report_id));
            }
            Ok(Decoded::History(device, entry.report_id))
        }
        "usage" => {
            let sample: UsageSample = json(value)?;
            let device = device_of(key).ok_or("the key is not a usage key")?;
            if key != usage_key(device, sample.collected_at).as_slice() {
                return Err(format!("the sample (collected {}) is not the one its key names", sample.collected_at));
            }
            Ok(Decoded::Usage(device))
        }
        "bindings" => {
            uuid(key, "a device id")?;
            let credential = std::str::from_utf8(value).map_err(|_| "the credential id is not UTF-8 text")?;
            Ok(Decoded::Binding(credential.to_string()))
        }
        "registers" => register(key, value, registers),
        "meta" => meta(key, value),
        _ => Ok(Decoded::Other),
    }
}

fn device(key: &[u8], value: &[u8]) -> Result<Decoded, String> {
    let id = uuid(key, "a device id")?;
    let record: DeviceRecord = json(value)?;
    if record.device_id != id {
        return Err(format!("holds device {}, not the one its key names", record.device_id));
    }
    let reported = record.report.device_id();
    if reported != id {
        return Err(format!("its latest report {} is of device {reported}", record.report.report_id));
    }
    let kind = record.report.device.kind();
    if record.kind != kind {
        return Err(format!("its kind is {:?} but its latest report is of a {kind:?}", record.kind));
    }
    Ok(Decoded::Device(id, record.report.report_id))
}

fn register(key: &[u8], value: &[u8], registers: &[(&str, RegisterCheck)]) -> Result<Decoded, String> {
    let name = std::str::from_utf8(key).map_err(|_| "the register name is not UTF-8 text")?;
    match registers.iter().find(|(known, _)| *known == name) {
        Some((_, check)) => check(value).map_err(|err| format!("{err:#}"))?,
        None => {
            json::<serde_json::Value>(value)?;
        }
    }
    Ok(Decoded::Other)
}

fn meta(key: &[u8], value: &[u8]) -> Result<Decoded, String> {
    match key {
        b"schema_version" => {
            let version = <[u8; 4]>::try_from(value).map(u32::from_be_bytes).map_err(|_| "not 4 bytes")?;
            if version != STORE_SCHEMA_VERSION {
                return Err(format!("{version}; this collector reads version {STORE_SCHEMA_VERSION}"));
            }
        }
        b"created_at" => {
            let text = std::str::from_utf8(value).map_err(|_| "not UTF-8 text")?;
            DateTime::parse_from_rfc3339(text).map_err(|err| format!("not a time: {err}"))?;
        }
        _ => {}
    }
    Ok(Decoded::Other)
}

/// Checks a decoded record against the trees walked before it, and notes it for those after.
pub(super) fn relate(decoded: Decoded, refs: &mut Refs, reports: &sled::Tree) -> Result<(), String> {
    let known = |device: &Uuid| refs.devices.contains_key(device);
    match decoded {
        Decoded::Device(device, latest) => {
            refs.devices.insert(device, latest);
        }
        Decoded::Credential(id) => {
            refs.credentials.insert(id);
        }
        Decoded::Report(device) if !known(&device) => {
            return Err(format!("a report of device {device}, which is not in devices"));
        }
        Decoded::History(device, report) => {
            if !known(&device) {
                return Err(format!("history of device {device}, which is not in devices"));
            }
            refs.with_history.insert(device);
            match reports.get(report.as_bytes()).map_err(|err| format!("cannot look up report {report}: {err}"))? {
                Some(value) if device_of(&value) == Some(device) => {}
                Some(_) => return Err(format!("made by report {report}, which reports stored for another device")),
                None => return Err(format!("made by report {report}, which is not in reports")),
            }
        }
        Decoded::Usage(device) if !known(&device) => {
            return Err(format!("a sample of device {device}, which is not in devices"));
        }
        Decoded::Binding(credential) if !refs.credentials.contains(&credential) => {
            return Err(format!("bound to credential {credential}, which is not in credentials"));
        }
        _ => {}
    }
    Ok(())
}

/// The device id at the start of a key (devices, history, usage) or of a `reports` value.
pub(super) fn device_of(bytes: &[u8]) -> Option<Uuid> {
    bytes.get(..16).and_then(|b| Uuid::from_slice(b).ok())
}

fn uuid(key: &[u8], what: &str) -> Result<Uuid, String> {
    Uuid::from_slice(key).map_err(|_| format!("the key is not {what} ({} bytes)", key.len()))
}

fn json<T: serde::de::DeserializeOwned>(value: &[u8]) -> Result<T, String> {
    super::super::codec::decode(value).map_err(|err| format!("does not decode: {err}"))
}

pub(super) fn show_key(tree: &str, key: &[u8]) -> String {
    let micros = |bytes: &[u8]| {
        let micros = <[u8; 8]>::try_from(bytes).map(u64::from_be_bytes).ok()?;
        DateTime::<Utc>::from_timestamp_micros(i64::try_from(micros).ok()?).map(|t| t.to_rfc3339())
    };
    let shown = match (tree, key.len()) {
        ("devices" | "reports" | "bindings", 16) => Uuid::from_slice(key).ok().map(|id| id.to_string()),
        ("history", 40) => device_of(key)
            .zip(micros(&key[16..24]))
            .zip(Uuid::from_slice(&key[24..]).ok())
            .map(|((device, at), report)| format!("{device}/{at}/{report}")),
        ("usage", 24) => device_of(key).zip(micros(&key[16..])).map(|(device, at)| format!("{device}/{at}")),
        ("credentials" | "registers" | "meta", _) => std::str::from_utf8(key).ok().map(str::to_string),
        _ => None,
    };
    shown.unwrap_or_else(|| format!("0x{}", hex::encode(key)))
}
