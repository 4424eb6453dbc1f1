use serde::Deserialize;
use serde_json::Value;

use crate::{Patch, Updates};

const KNOWN: &str = r#"{"status":"known","pending":2,"security":1,"packages":[{"name":"openssl","installed":"3.0.14-1~deb12u2","candidate":"3.0.15-1~deb12u1","security":true}],"packages_truncated":false,"source":"apt-get -s dist-upgrade","checked_at":"2026-11-30T08:00:00Z"}"#;
const KNOWN_SHORT: &str =
    r#"{"status":"known","pending":0,"security":null,"packages":[],"packages_truncated":false,"source":"apk"}"#;
const UNKNOWN: &str = r#"{"status":"unknown","reason":"apt-get timed out after 60 s"}"#;

/// A `patch` object around `updates`, written as given (key order kept).
fn patch(updates: &str) -> String {
    format!(
        r#"{{"manager":"apt","updates":{updates},"last_installed":null,"reboot_required":{{"required":false,"source":"x"}}}}"#
    )
}

fn decode(updates: &str) -> Result<Updates, serde_json::Error> {
    Patch::deserialize(&mut serde_json::Deserializer::from_str(&patch(updates))).map(|p| p.updates)
}

/// What serde's derived decoder makes of the same `updates` object.
fn derived(updates: &str) -> Result<Updates, serde_json::Error> {
    Updates::deserialize(&mut serde_json::Deserializer::from_str(updates))
}

/// An object's pairs in written order (serde_json's `Map` would sort them).
struct Pairs(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> serde::de::Visitor<'de> for InOrder {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// `updates` written with its keys in reverse order: the tag last.
fn reversed(updates: &str) -> String {
    let Pairs(pairs) = serde_json::from_str(updates).unwrap();
    let fields: Vec<String> = pairs.iter().rev().map(|(k, v)| format!("{}:{v}", Value::from(k.as_str()))).collect();
    format!("{{{}}}", fields.join(","))
}

#[test]
fn the_tag_first_or_last_decodes_as_the_derived_decoder_does() {
    for updates in [KNOWN, KNOWN_SHORT, UNKNOWN] {
        let expected = derived(updates).unwrap();
        assert_eq!(decode(updates).unwrap(), expected, "tag first: {updates}");
        let last = reversed(updates);
        assert!(last.ends_with(&format!("\"status\":{}}}", Value::from(expected_status(&expected)))), "{last}");
        assert_eq!(decode(&last).unwrap(), expected, "tag last: {last}");
    }
}

fn expected_status(updates: &Updates) -> &'static str {
    match updates {
        Updates::Known { .. } => "known",
        Updates::Unknown { .. } => "unknown",
    }
}

#[test]
fn what_the_derived_decoder_refuses_is_refused_wherever_the_tag_is() {
    let refused = [
        r#"{"status":"later","reason":"x"}"#,
        r#"{"status":"unknown"}"#,
        r#"{"status":"unknown","reason":"x","extra":1}"#,
        r#"{"status":"known","pending":1}"#,
        r#"{"status":"known","pending":-1,"security":null,"packages":[],"packages_truncated":false,"source":"apt"}"#,
        r#"{"status":7,"reason":"x"}"#,
        r#"{"status":"unknown","reason":"x","status":"known"}"#,
        r#"{"reason":"x","status":"unknown","reason":"y"}"#,
        r#"{"status":"unknown","reason":"x","reason":"y"}"#,
        r#"{"reason":"x"}"#,
        r#"{}"#,
        r#"[]"#,
        r#""known""#,
    ];
    for updates in refused {
        assert!(derived(updates).is_err(), "the derived decoder accepts {updates}");
        assert!(decode(updates).is_err(), "accepted {updates}");
        if updates.starts_with("{\"status\"") && updates.len() > 2 {
            assert!(decode(&reversed(updates)).is_err(), "accepted reversed {updates}");
        }
    }
}

#[test]
fn a_fault_inside_the_figures_is_named_by_its_field() {
    let bad = KNOWN.replace(r#""pending":2"#, r#""pending":"two""#);
    let text = patch(&bad);
    let err = serde_path_to_error::deserialize::<_, Patch>(&mut serde_json::Deserializer::from_str(&text)).unwrap_err();
    assert_eq!(err.path().to_string(), "updates.pending");
}
