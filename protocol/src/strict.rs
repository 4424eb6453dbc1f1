//! What serde alone lets through: duplicate keys in a JSON object (the last would win
//! silently, so two values could hide one another) and dates that are not exactly
//! `YYYY-MM-DD` (chrono also reads `2023-6-14`).

use std::collections::HashSet;
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
pub fn no_duplicate_keys(body: &[u8]) -> Result<(), Refusal> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let walked = Walk { path: String::new() }.deserialize(&mut de).and_then(|()| de.end());
    walked.map_err(|err| {
        let message = err.to_string();
        match message.split_once(&format!(": {DUPLICATE}")) {
            Some((path, _)) => Refusal::Duplicate(path.to_string()),
            None => Refusal::Malformed(message),
        }
    })
}

struct Walk {
    path: String,
}

impl<'de> DeserializeSeed<'de> for Walk {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() { key.clone() } else { format!("{}.{key}", self.path) };
            if !seen.insert(key) {
                return Err(de::Error::custom(format!("{path}: {DUPLICATE}")));
            }
            map.next_value_seed(Walk { path })?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        while seq.next_element_seed(Walk { path: format!("{}[{i}]", self.path) })?.is_some() {
            i += 1;
        }
        Ok(())
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
