//! SNMP values owned and decoupled from the wire library, and how they become text.

use std::fmt;

/// An object identifier as its arcs.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Oid(pub Vec<u32>);

impl Oid {
    pub fn parse(dotted: &str) -> Option<Oid> {
        let arcs: Option<Vec<u32>> = dotted.trim_start_matches('.').split('.').map(|a| a.parse().ok()).collect();
        arcs.filter(|a| a.len() >= 2).map(Oid)
    }

    pub fn child(&self, arc: u32) -> Oid {
        let mut arcs = self.0.clone();
        arcs.push(arc);
        Oid(arcs)
    }

    pub fn starts_with(&self, prefix: &Oid) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// The arcs after `prefix`, if this OID is under it.
    pub fn suffix(&self, prefix: &Oid) -> Option<&[u32]> {
        self.starts_with(prefix).then(|| &self.0[prefix.0.len()..])
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&text.join("."))
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Integer(i64),
    Bytes(Vec<u8>),
    Oid(Oid),
    Counter(u64),
    Ticks(u32),
    IpAddress([u8; 4]),
    Null,
    /// noSuchObject / noSuchInstance: the device has no such value.
    Missing,
    EndOfMibView,
    /// A type we do not use (Opaque, nested constructs).
    Other,
}

impl Value {
    /// The value as display text: UTF-8 (or Latin-1 for the odd device) with NULs and
    /// surrounding whitespace removed; binary data as hex. Empty means unknown: `None`.
    pub fn text(&self) -> Option<String> {
        let text = match self {
            Value::Bytes(bytes) => bytes_to_text(bytes),
            Value::Integer(n) => n.to_string(),
            Value::Counter(n) => n.to_string(),
            Value::Ticks(n) => n.to_string(),
            Value::Oid(oid) => oid.to_string(),
            Value::IpAddress(ip) => std::net::Ipv4Addr::from(*ip).to_string(),
            Value::Null | Value::Missing | Value::EndOfMibView | Value::Other => return None,
        };
        let text = text.trim().to_string();
        (!text.is_empty()).then_some(text)
    }

    /// [`Value::text`] on one line: line breaks and tabs become single spaces, for fields a
    /// report carries as one line (names, models, serials; only `sysDescr`, `sysContact`
    /// and `sysLocation` may span lines).
    pub fn line(&self) -> Option<String> {
        let text = self.text()?;
        if !text.contains(['\n', '\r', '\t']) {
            return Some(text);
        }
        Some(
            text.split(['\n', '\r', '\t']).map(str::trim).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" "),
        )
    }

    pub fn integer(&self) -> Option<i64> {
        match self {
            Value::Integer(n) => Some(*n),
            Value::Counter(n) => i64::try_from(*n).ok(),
            Value::Ticks(n) => Some(i64::from(*n)),
            _ => None,
        }
    }
}

/// Control characters other than whitespace are what distinguishes a binary value (a MAC,
/// a packed date) from text that happens to be Latin-1.
fn bytes_to_text(bytes: &[u8]) -> String {
    let trimmed: &[u8] = {
        let end = bytes.iter().rposition(|b| *b != 0).map_or(0, |p| p + 1);
        &bytes[..end]
    };
    let binary = trimmed.iter().any(|b| (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || *b == 0x7f);
    if binary {
        return trimmed.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":");
    }
    match std::str::from_utf8(trimmed) {
        Ok(text) => text.to_string(),
        // Latin-1 maps byte for byte onto the first 256 code points.
        Err(_) => trimmed.iter().map(|b| char::from(*b)).collect(),
    }
}

#[cfg(test)]
mod tests;
