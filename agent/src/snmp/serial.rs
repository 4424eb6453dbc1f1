//! What counts as a serial number. The asset register, warranty and renewal are keyed on
//! it, so a placeholder taken for a serial is worse than none: two switches answering
//! `N/A` would become one asset.
//!
//! Devices answer padding (spaces, NULs, 0xFF from blank EEPROMs), placeholders (`N/A`,
//! `unknown`, `0`), prefixes (Juniper's `S/N `) and binary. [`serial`] turns an answer into a
//! serial or the reason it is none.

use super::value::Value;

/// The serial in `value`, or why there is none.
pub fn serial(value: &Value) -> Result<String, String> {
    let bytes = match value {
        Value::Bytes(bytes) => bytes.as_slice(),
        Value::Missing | Value::Null | Value::EndOfMibView => return Err("not answered".into()),
        other => return Err(format!("not a string ({})", kind(other))),
    };
    let padding = |b: &u8| matches!(b, 0 | 0xff) || b.is_ascii_whitespace();
    let start = bytes.iter().position(|b| !padding(b));
    let end = bytes.iter().rposition(|b| !padding(b));
    let (Some(start), Some(end)) = (start, end) else {
        return Err(if bytes.is_empty() { "empty".into() } else { "only padding (spaces, NULs or 0xFF)".into() });
    };
    let core = &bytes[start..=end];
    if core.iter().any(|b| !(0x20..0x7f).contains(b)) {
        return Err("not printable ASCII".into());
    }
    let text = std::str::from_utf8(core).map_err(|_| "not printable ASCII".to_string())?;
    let text = strip_label(text);
    if text.is_empty() {
        return Err("only a label".into());
    }
    if placeholder(text) {
        return Err(format!("placeholder {text:?}"));
    }
    if text.len() > 64 {
        return Err("longer than any serial (64 characters)".into());
    }
    Ok(text.to_string())
}

/// `S/N ACAB6788` (Juniper jnxContentsSerialNo), `SN: 123`.
fn strip_label(text: &str) -> &str {
    for label in ["S/N", "SN:", "Serial Number:", "Serial:"] {
        if text.get(..label.len()).is_some_and(|head| head.eq_ignore_ascii_case(label)) {
            return text[label.len()..].trim_start_matches([' ', ':']).trim();
        }
    }
    text
}

/// Words devices put where a serial would be; also a run of one repeated character
/// (`0000000000`, `xxxxxxxx`) and Juniper's `BUILTIN` for parts without their own serial.
pub fn placeholder(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "n/a",
        "na",
        "none",
        "null",
        "unknown",
        "unavailable",
        "not available",
        "not applicable",
        "not specified",
        "not set",
        "default",
        "default string",
        "to be filled by o.e.m.",
        "serial number",
        "builtin",
        "-",
    ];
    let lower = text.to_ascii_lowercase();
    if WORDS.contains(&lower.as_str()) {
        return true;
    }
    let mut chars = text.chars();
    let first = chars.next();
    first.is_some_and(|f| chars.all(|c| c == f) && (f == '0' || !f.is_ascii_alphanumeric() || text.len() > 3))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Integer(_) => "integer",
        Value::Oid(_) => "OID",
        Value::Counter(_) => "counter",
        Value::Ticks(_) => "time ticks",
        Value::IpAddress(_) => "IP address",
        _ => "other type",
    }
}

#[cfg(test)]
mod tests;
