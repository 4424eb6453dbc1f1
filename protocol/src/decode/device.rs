//! The device of a report, decoded straight from the body's bytes.
//!
//! `device` is an internally tagged object (`"kind": "server"` beside the fields). Serde's
//! tagged enums buffer the content and lose the path of an error inside it, and going
//! through a `serde_json::Value` parses every report twice and allocates every key and
//! string. Instead the tag is read first (`kind`), then the device's own type is decoded
//! from the same bytes with the tag passed over (`Untagged`), under `serde_path_to_error`,
//! so a message still names `device.hardware.memory_bytes`.
//!
//! A report as our agents and pollers write it has `kind` first in its device (serde writes
//! an enum's tag first) and no faults. Such a body is decoded in one pass ([`in_one_pass`]):
//! the tag read where it stands, the rest of the object handed to the device's own type.
//! Only a body that fails there, or is laid out otherwise, takes the passes above.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, IntoDeserializer, MapAccess, Visitor};

use serde::Deserialize;

use super::{InputError, strip_position};
use crate::strict::KeySeed;
use crate::{AgentInfo, Device, Report};

const TAG: &str = "kind";

/// The report in one pass over the body, or `None` for a body that does not decode this
/// way (a fault, or a device whose `kind` is not its first key): the caller decodes that one
/// again to name what is wrong. Nothing a strict decode refuses gets through here: serde's
/// derived structs refuse a field named twice (and, denying unknown fields, a second
/// `kind`), the protocol's maps refuse a repeated key (`strict::unique_keys`), and
/// anything after the report is refused.
pub(super) fn in_one_pass(body: &[u8]) -> Option<Report> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct OnePass {
        schema_version: u32,
        report_id: uuid::Uuid,
        collected_at: chrono::DateTime<chrono::Utc>,
        agent: AgentInfo,
        #[serde(deserialize_with = "kind_first")]
        device: Device,
    }
    // Checked as UTF-8 once, whole: from bytes, serde_json checks each string on its own.
    let text = std::str::from_utf8(body).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let report = OnePass::deserialize(&mut de).ok()?;
    de.end().ok()?;
    let OnePass { schema_version, report_id, collected_at, agent, device } = report;
    Some(Report { schema_version, report_id, collected_at, agent, device })
}

fn kind_first<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Device, D::Error> {
    deserializer.deserialize_map(KindFirst)
}

struct KindFirst;

impl<'de> Visitor<'de> for KindFirst {
    type Value = Device;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a device object whose first key is `kind`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Device, A::Error> {
        if map.next_key_seed(KeySeed)?.as_deref() != Some(TAG) {
            return Err(de::Error::custom("`kind` is not the device's first key"));
        }
        let kind = map.next_value_seed(KeySeed)?;
        let rest = MapAccessDeserializer::new(map);
        Ok(match &*kind {
            "server" => Device::Server(Box::new(Deserialize::deserialize(rest)?)),
            "network" => Device::Network(Box::new(Deserialize::deserialize(rest)?)),
            "hypervisor" => Device::Hypervisor(Box::new(Deserialize::deserialize(rest)?)),
            "virtual_machine" => Device::VirtualMachine(Box::new(Deserialize::deserialize(rest)?)),
            _ => return Err(de::Error::custom("unknown device kind")),
        })
    }
}

/// The device, its kind read first.
pub(super) fn decode(raw: &serde_json::value::RawValue) -> Result<Device, InputError> {
    let kind = kind(raw.get()).map_err(|err| InputError::new("device", strip_position(&err.to_string())))?;
    let json = raw.get().as_bytes();
    match kind {
        Some(serde_json::Value::String(kind)) => Ok(match kind.as_str() {
            "server" => Device::Server(Box::new(decode_at("device", json, Tag::Skipped)?)),
            "network" => Device::Network(Box::new(decode_at("device", json, Tag::Skipped)?)),
            "hypervisor" => Device::Hypervisor(Box::new(decode_at("device", json, Tag::Skipped)?)),
            "virtual_machine" => Device::VirtualMachine(Box::new(decode_at("device", json, Tag::Skipped)?)),
            _ => {
                return Err(InputError::new(
                    "device.kind",
                    format!("unknown device kind `{kind}` (known: server, network, hypervisor, virtual_machine)"),
                ));
            }
        }),
        Some(_) => Err(InputError::new("device.kind", "must be a string")),
        None => Err(InputError::new("device.kind", "missing field")),
    }
}

/// Whether the object's `kind` is passed over (`device::Untagged`).
#[derive(Clone, Copy)]
pub(super) enum Tag {
    Kept,
    Skipped,
}

/// Decodes `T` from `json`. Tracking the path costs an allocation per key, so it is done
/// only for a body that fails, decoded a second time to name the field.
pub(super) fn decode_at<'de, T: Deserialize<'de>>(prefix: &str, json: &'de [u8], tag: Tag) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let fast = match tag {
        Tag::Kept => T::deserialize(&mut de),
        Tag::Skipped => T::deserialize(Untagged(&mut de)),
    };
    if let Ok(value) = fast {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(json);
    match tag {
        Tag::Kept => deserialize_at(prefix, &mut de),
        Tag::Skipped => deserialize_at(prefix, Untagged(&mut de)),
    }
}

/// Deserialises `T`, naming the failing field as a dotted path under `prefix`.
fn deserialize_at<'de, T, D>(prefix: &str, de: D) -> Result<T, InputError>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let field = match (prefix, path.as_str()) {
            (p, ".") => p.to_string(),
            ("", path) => path.to_string(),
            (p, path) => format!("{p}.{path}"),
        };
        InputError::new(field, strip_position(&err.inner().to_string()))
    })
}

/// The `kind` of a device object: `Ok(None)` when it has none; an error when `device` is
/// not an object.
pub(super) fn kind(device: &str) -> Result<Option<serde_json::Value>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(device);
    de.deserialize_map(Probe)
}

struct Probe;

impl<'de> Visitor<'de> for Probe {
    type Value = Option<serde_json::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kind = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == TAG {
                kind = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(kind)
    }
}

/// A JSON object read as a struct that does not know the tag: the tag's key and value are
/// passed over, every other key reaches the struct (which may refuse it).
pub(super) struct Untagged<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Untagged<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(SkipTag(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(SkipTag(visitor))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct SkipTag<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for SkipTag<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Skipping(map))
    }
}

struct Skipping<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Skipping<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.0.next_key_seed(KeySeed)? else { return Ok(None) };
            if key == TAG {
                self.0.next_value::<IgnoredAny>()?;
                continue;
            }
            let key: de::value::CowStrDeserializer<'de, A::Error> = key.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}
