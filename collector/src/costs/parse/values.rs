//! Single values of `costs.toml`: SEK amounts, dates, host name globs and subnets. Each
//! returns what is wrong in words; the caller adds the context and the line.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::NaiveDate;
use toml::Value;

use crate::money::{Ore, parse_sek};

/// An SEK amount: a TOML integer (whole kronor) or text with öre (`"125 000,50"`).
pub(super) fn sek(value: &Value) -> Result<Ore, String> {
    match value {
        Value::Integer(kronor) => kronor.checked_mul(100).ok_or_else(|| format!("{kronor} SEK is too large")),
        Value::String(text) if too_many_decimals(text) => Err(format!(
            "{text:?} has more than two decimals; öre is the smallest unit (group thousands with spaces: \"1 000 000\")"
        )),
        Value::String(text) => parse_sek(text),
        Value::Float(f) => Err(format!(
            "{f} is a TOML decimal number, which cannot hold öre exactly; write whole SEK (125000) or text (\"125 000,50\")"
        )),
        other => Err(format!("expected an amount in SEK like 125000 or \"125 000,50\", not {}", a(other))),
    }
}

/// `"12,345"`: parse_sek refuses it too, but this says why.
fn too_many_decimals(text: &str) -> bool {
    let text = text.trim();
    let text = text.strip_suffix("kr").or_else(|| text.strip_suffix("SEK")).unwrap_or(text).trim_end();
    text.rfind([',', '.']).is_some_and(|pos| {
        let (whole, fraction) = (&text[..pos], &text[pos + 1..]);
        fraction.len() > 2 && fraction.chars().all(|c| c.is_ascii_digit()) && !whole.contains([',', '.'])
    })
}

/// A plain date, as a TOML date (`2025-12-31`) or text (`"2025-12-31"`).
pub(super) fn date(value: &Value) -> Result<NaiveDate, String> {
    match value {
        Value::String(text) => {
            let b = text.as_bytes();
            let shaped = b.len() == 10
                && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
            if !shaped {
                return Err(format!("{text:?} is not a date written YYYY-MM-DD"));
            }
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{text:?} is not a day in the calendar"))
        }
        Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .ok_or_else(|| format!("{dt} is not a day in the calendar")),
            _ => Err(format!("{dt} is not a plain date; write YYYY-MM-DD without a time")),
        },
        other => Err(format!("expected a date YYYY-MM-DD, not {}", a(other))),
    }
}

/// Host name globs as the collector matches them: `*` and `?` only, the rest literal.
pub(super) fn glob_problem(pattern: &str) -> Option<String> {
    if pattern.trim().is_empty() {
        return Some("is empty".into());
    }
    let bad = pattern.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '*' | '?')))?;
    Some(format!(
        "has {bad:?}: a host name glob has letters, digits, '-', '.', '_' and the wildcards '*' and '?' \
         (no [..] or {{..}}: write one rule per alternative)"
    ))
}

/// IPv4 or IPv6 CIDR with no host bits set, so `10.20.1.0/16` (a typo for /24?) is caught.
pub(super) fn cidr_problem(text: &str) -> Option<String> {
    let Some((address, prefix)) = text.trim().split_once('/') else {
        return Some("is not a subnet like 10.20.0.0/16 (one address: 10.20.0.5/32)".into());
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return Some(format!("has {address:?}, which is no IPv4 or IPv6 address"));
    };
    let (bits, max) = match address {
        IpAddr::V4(a) => (u128::from(a.to_bits()) << 96, 32),
        IpAddr::V6(a) => (a.to_bits(), 128),
    };
    let prefix = match prefix.parse::<u32>() {
        Ok(p) if p <= max && prefix.bytes().all(|b| b.is_ascii_digit()) => p,
        _ => return Some(format!("has prefix length {prefix:?}; give 0 to {max}")),
    };
    let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
    if bits & !mask == 0 {
        return None;
    }
    let network = match address {
        IpAddr::V4(_) => Ipv4Addr::from_bits(((bits & mask) >> 96) as u32).to_string(),
        IpAddr::V6(_) => Ipv6Addr::from_bits(bits & mask).to_string(),
    };
    Some(format!("has host bits set; the subnet is {network}/{prefix}"))
}

pub(super) fn site_problem(site: &str) -> Option<String> {
    site.trim().is_empty().then(|| "is empty".to_string())
}

/// "an integer", "a boolean": the kind of a TOML value, for a message.
fn a(value: &Value) -> String {
    let kind = value.type_str();
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {kind}")
}

/// A vSphere folder path below the datacenter's VM folder, as a glob (`Socialtjänst/*`):
/// folder names may hold spaces and most punctuation, so only the shapes no path has are
/// refused.
pub(super) fn folder_problem(pattern: &str) -> Option<String> {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        Some("is empty".into())
    } else if pattern.starts_with('/') {
        Some(
            "starts with '/': a folder path starts below the datacenter's VM folder, e.g. \"Socialtjänst/Prod\"".into(),
        )
    } else if pattern.ends_with('/') || pattern.contains("//") {
        Some("has an empty folder name; \"Socialtjänst/*\" matches every folder below Socialtjänst".into())
    } else if pattern.chars().any(char::is_control) {
        Some("has a control character".into())
    } else {
        None
    }
}

/// A vSphere tag as the poller reports it: `Category/Tag`.
pub(super) fn tag_problem(tag: &str) -> Option<String> {
    match tag.trim().split_once('/') {
        Some((category, name)) if !category.trim().is_empty() && !name.trim().is_empty() => None,
        _ => Some("is not a vSphere tag written Category/Tag, e.g. \"Verksamhet/Socialtjänst\"".into()),
    }
}
