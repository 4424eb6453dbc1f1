//! What serde alone lets through: duplicate keys in a JSON object (the last would win
//! silently, so two values could hide one another) and dates that are not exactly
//! `YYYY-MM-DD` (chrono also reads `2023-6-14`).
//!
//! Serde's derived structs already refuse a field named twice; maps do not, so every map
//! of the protocol reads through [`unique_keys`]. [`no_duplicate_keys`] walks a whole body
//! and names the path of a duplicate: the decoder runs it only on a body that failed, to
//! say why.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Why [`no_duplicate_keys`] refused a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The key at this dotted path (e.g. `device.tags.site`) appears twice in its object.
    Duplicate(String),
    /// The body is not JSON at all.
    Malformed(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Refusal::Duplicate(path) => write!(f, "{path}: {DUPLICATE}"),
            Refusal::Malformed(message) => write!(f, "malformed JSON: {message}"),
        }
    }
}

const DUPLICATE: &str = "the key appears twice in one object";

/// Refuses a body in which any object, at any depth, names a key twice, naming the path.
/// Every report passes through here, so a good body costs no allocation per key: keys are
/// borrowed from the body (unless escaped), kept in one buffer for all open objects, and a
/// path is made only for the duplicate found.
pub fn no_duplicate_keys(body: &[u8]) -> Result<(), Refusal> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let mut trail = Trail { keys: Vec::with_capacity(64), found: None };
    let walked = Walk { trail: &mut trail }.deserialize(&mut de).and_then(|()| de.end());
    match (walked, trail.found) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(mut found)) => {
            found.reverse();
            Err(Refusal::Duplicate(path(&found)))
        }
        (Err(err), None) => Err(Refusal::Malformed(err.to_string())),
    }
}

/// What the walk keeps between values.
struct Trail<'de> {
    /// The keys of every object still open, outermost first.
    keys: Vec<Cow<'de, str>>,
    /// The duplicate's path, innermost step first, filled in as the walk unwinds.
    found: Option<Vec<Step>>,
}

enum Step {
    Key(String),
    Index(usize),
}

fn path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Objects with more keys than this are checked through a hash set instead of by scanning.
const SCANNED: usize = 24;

struct Walk<'t, 'de> {
    trail: &'t mut Trail<'de>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let start = self.trail.keys.len();
        let mut many: Option<HashSet<Cow<'de, str>>> = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let open = &self.trail.keys[start..];
            let seen = match &mut many {
                Some(set) => !set.insert(key.clone()),
                None => open.contains(&key),
            };
            if seen {
                self.trail.found = Some(vec![Step::Key(key.into_owned())]);
                return Err(de::Error::custom(DUPLICATE));
            }
            if many.is_none() && open.len() >= SCANNED {
                many = Some(open.iter().cloned().chain([key.clone()]).collect());
            }
            let at = self.trail.keys.len();
            self.trail.keys.push(key);
            let walked = map.next_value_seed(Walk { trail: &mut *self.trail });
            if walked.is_err() {
                if let Some(found) = &mut self.trail.found {
                    found.push(Step::Key(self.trail.keys[at].to_string()));
                }
                return walked;
            }
        }
        self.trail.keys.truncate(start);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            match seq.next_element_seed(Walk { trail: &mut *self.trail }) {
                Ok(Some(())) => i += 1,
                Ok(None) => return Ok(()),
                Err(err) => {
                    if let Some(found) = &mut self.trail.found {
                        found.push(Step::Index(i));
                    }
                    return Err(err);
                }
            }
        }
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A map of strings that refuses a key it has already read, where serde's map would keep
/// the last value silently.
pub fn unique_keys<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    struct Unique;
    impl<'de> Visitor<'de> for Unique {
        type Value = BTreeMap<String, String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object of strings")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, String>()? {
                if out.insert(key, value).is_some() {
                    return Err(de::Error::custom(DUPLICATE));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique)
}

/// A key, borrowed from the body when it has no escapes.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E>(self, key: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(key.to_owned()))
    }
}

/// `Option<NaiveDate>` read only from `YYYY-MM-DD` (four-digit year from 1900, two-digit
/// month and day).
pub mod date {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else { return Ok(None) };
        parse(&text).map(Some).map_err(serde::de::Error::custom)
    }

    pub fn parse(text: &str) -> Result<NaiveDate, String> {
        let b = text.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        let shown: String = text.chars().take(40).collect();
        if !shape {
            return Err(format!("{shown:?} is not a date written YYYY-MM-DD"));
        }
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| format!("{shown:?} is not a date in the calendar"))?;
        // No inventory fact or report date is older than electronic computers.
        if date.year() < 1900 {
            return Err(format!("{shown:?} is before 1900"));
        }
        Ok(date)
    }
}

#[cfg(test)]
mod tests;
