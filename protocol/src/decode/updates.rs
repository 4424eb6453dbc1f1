//! `patch.updates`, decoded without buffering it.
//!
//! `Updates` is internally tagged (`"status": "known"` beside the figures), and serde's
//! derived decoder for such an enum copies the whole object into a buffer of its own, every
//! key and string allocated, before it decodes the variant from that copy: each report's
//! package list was parsed twice. Our agents write the tag first (serde writes an enum's
//! tag first), so the tag is read where it stands and the variant's fields are decoded
//! straight from the rest of the object. An object laid out otherwise is still accepted,
//! through the derived decoder.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::strict::KeySeed;
use crate::{PendingPackage, Updates};

const TAG: &str = "status";
const VARIANTS: &[&str] = &["known", "unknown"];

/// `Updates::Known`'s fields; the conversion below names every one, so a field added to
/// the variant and not here does not compile.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Known {
    pending: u32,
    security: Option<u32>,
    packages: Vec<PendingPackage>,
    packages_truncated: bool,
    source: compact_str::CompactString,
    #[serde(default)]
    checked_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Unknown {
    reason: compact_str::CompactString,
}

pub(crate) fn status_first<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Updates, D::Error> {
    deserializer.deserialize_map(StatusFirst)
}

struct StatusFirst;

impl<'de> Visitor<'de> for StatusFirst {
    type Value = Updates;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with `status` and the figures or the reason")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Updates, A::Error> {
        let Some(first) = map.next_key_seed(KeySeed)? else {
            return Err(de::Error::missing_field(TAG));
        };
        if first != TAG {
            return any_order(first.into_owned(), map);
        }
        let status = map.next_value_seed(KeySeed)?;
        let rest = MapAccessDeserializer::new(map);
        Ok(match &*status {
            "known" => {
                let Known { pending, security, packages, packages_truncated, source, checked_at } =
                    Known::deserialize(rest)?;
                Updates::Known { pending, security, packages, packages_truncated, source, checked_at }
            }
            "unknown" => {
                let Unknown { reason } = Unknown::deserialize(rest)?;
                Updates::Unknown { reason }
            }
            other => return Err(de::Error::unknown_variant(other, VARIANTS)),
        })
    }
}

/// The object read whole (its first key already taken), then decoded by the derived decoder.
fn any_order<'de, A: MapAccess<'de>>(first: String, mut map: A) -> Result<Updates, A::Error> {
    let mut object = serde_json::Map::new();
    object.insert(first, map.next_value()?);
    while let Some(key) = map.next_key::<String>()? {
        let value = map.next_value()?;
        if object.insert(key.clone(), value).is_some() {
            return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
        }
    }
    Updates::deserialize(serde_json::Value::Object(object)).map_err(de::Error::custom)
}

#[cfg(test)]
mod tests;
