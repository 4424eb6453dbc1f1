//! The one-pass decoder against the decoder that names faults: the same reports, the same
//! refusals.

use std::fmt::Write;

use chrono::{TimeZone, Utc};
use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess, Visitor};
use uuid::Uuid;

use super::{decode_naming_the_fault, decode_report, device, supported};
use crate::{Report, example_host_report, example_report, example_vm_report};

fn examples() -> Vec<Report> {
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 11, 0, 0).unwrap();
    let (report, device) = (Uuid::from_u128(1), Uuid::from_u128(2));
    vec![
        example_report(report, device, at),
        example_vm_report(report, device, at),
        example_host_report(report, device, at),
    ]
}

#[test]
fn reports_as_we_write_them_decode_in_one_pass() {
    for report in examples() {
        let body = serde_json::to_vec(&report).unwrap();
        assert_eq!(device::in_one_pass(&body), Some(report));
    }
}

#[test]
fn what_one_pass_accepts_the_naming_decoder_accepts_alike() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut bodies: Vec<Vec<u8>> = examples().iter().map(|r| serde_json::to_vec(r).unwrap()).collect();
    for entry in std::fs::read_dir(corpus).unwrap() {
        bodies.push(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let mut one_pass = 0;
    for body in &bodies {
        // The version is checked after either decoder, as `decode_report` does.
        let one = device::in_one_pass(body).filter(|r| supported(&r.schema_version.into()).is_ok());
        if let Some(report) = one {
            assert_eq!(decode_naming_the_fault(body).as_ref(), Ok(&report), "{}", String::from_utf8_lossy(body));
            one_pass += 1;
        }
    }
    assert!(one_pass >= 3, "the examples at least decode in one pass");
}

/// Every object key of every example, sent twice, with `kind` first (the one-pass layout)
/// and last (the other): refused, and named by its path.
#[test]
fn a_key_sent_twice_anywhere_is_refused_in_either_layout() {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    let mut tried = 0;
    for report in examples() {
        let tree: Json = serde_json::from_slice(&serde_json::to_vec(&report).unwrap()).unwrap();
        for kind_first in [true, false] {
            let mut keys = 0;
            tree.write(&mut Writer { twice: usize::MAX, kind_first, ..Writer::default() }, "", &mut keys);
            for twice in 0..keys {
                let mut w = Writer { twice, kind_first, ..Writer::default() };
                tree.write(&mut w, "", &mut 0);
                let path = w.doubled.expect("one key doubled");
                let err = decode_report(w.out.as_bytes(), now).expect_err(&w.out);
                if path == "schema_version" {
                    // Refused for its version, which cannot be read from a doubled key.
                    assert!(err.message.contains("duplicate field"), "{err}");
                } else {
                    assert_eq!(
                        (err.field.as_str(), err.message.as_str()),
                        (path.as_str(), "the key appears twice in one object")
                    );
                }
                tried += 1;
            }
        }
    }
    assert!(tried > 200, "only {tried} keys doubled");
}

/// JSON in the order it was written (`serde_json::Value` sorts keys).
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    Scalar(String),
}

#[derive(Default)]
struct Writer {
    out: String,
    /// The number, in document order, of the key to write twice.
    twice: usize,
    kind_first: bool,
    doubled: Option<String>,
}

impl Json {
    /// Writes the value, counting keys in `seen` (a doubled value is written with no key doubled).
    fn write(&self, w: &mut Writer, path: &str, seen: &mut usize) {
        match self {
            Json::Scalar(text) => w.out.push_str(text),
            Json::Array(items) => {
                w.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        w.out.push(',');
                    }
                    item.write(w, &format!("{path}[{i}]"), seen);
                }
                w.out.push(']');
            }
            Json::Object(entries) => {
                let mut entries: Vec<_> = entries.iter().collect();
                entries.sort_by_key(|(key, _)| (key == "kind") != w.kind_first);
                w.out.push('{');
                for (i, (key, value)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        w.out.push(',');
                    }
                    let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                    write!(w.out, "{key:?}:").unwrap();
                    let doubled = *seen == w.twice;
                    *seen += 1;
                    value.write(w, &at, seen);
                    if doubled {
                        write!(w.out, ",{key:?}:").unwrap();
                        let twice = std::mem::replace(&mut w.twice, usize::MAX);
                        value.write(w, &at, &mut 0);
                        w.twice = twice;
                        w.doubled = Some(at);
                    }
                }
                w.out.push('}');
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Json::Object(entries))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Scalar(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Scalar(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Scalar(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Scalar(serde_json::to_string(&v).unwrap()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Scalar(serde_json::to_string(v).unwrap()))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Scalar("null".into()))
    }
}

/// The collector stores a report's body as it was sent (not the report written again), and
/// reads it back with the plain derived decoder: so whatever `decode_report` accepts must
/// read back, that way, as exactly the report it decoded.
#[test]
fn an_accepted_body_reads_back_plainly_as_the_report_decoded() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    for report in examples() {
        bodies.push(serde_json::to_vec(&report).unwrap());
        bodies.push(serde_json::to_vec_pretty(&report).unwrap());
        // Keys in reverse alphabetical order, `kind` not first: the layout the one pass leaves
        // to the other decoder.
        let value = serde_json::to_value(&report).unwrap();
        bodies.push(reversed(&value).into_bytes());
    }
    for entry in std::fs::read_dir(corpus).unwrap() {
        bodies.push(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let now = Utc::now() + chrono::Duration::days(365 * 100);
    let mut accepted = 0;
    for body in &bodies {
        if let Ok(report) = decode_report(body, now) {
            let plain: Report = serde_json::from_slice(body).unwrap();
            assert_eq!(plain, report, "{}", String::from_utf8_lossy(body));
            accepted += 1;
        }
    }
    assert!(accepted >= 9, "the examples in every layout at least: {accepted}");
}

/// `value` as JSON with every object's keys in reverse order.
fn reversed(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), reversed(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        serde_json::Value::Array(items) => format!("[{}]", items.iter().map(reversed).collect::<Vec<_>>().join(",")),
        other => other.to_string(),
    }
}
