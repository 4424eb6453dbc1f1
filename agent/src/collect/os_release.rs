//! The operating system, from `os-release(5)` and the kernel.

use std::collections::HashMap;

use arsring_protocol::Os;

use super::host::Host;

/// Reads `/etc/os-release` (or `/usr/lib/os-release`, its documented fallback) and the kernel.
pub fn collect(host: &Host) -> Os {
    let fields = host
        .read("/etc/os-release")
        .or_else(|| host.read("/usr/lib/os-release"))
        .map(|text| parse(&text))
        .unwrap_or_default();
    os_from_fields(fields, host.read_value("/proc/sys/kernel/osrelease"))
}

/// `ID` and `ID_LIKE`, lower-cased, e.g. `["rocky", "rhel", "centos", "fedora"]`: the
/// distribution family, which decides the package manager.
pub fn family(host: &Host) -> Vec<String> {
    let fields = host.read("/etc/os-release").or_else(|| host.read("/usr/lib/os-release")).unwrap_or_default();
    family_of(&parse(&fields))
}

fn family_of(fields: &HashMap<String, String>) -> Vec<String> {
    ["ID", "ID_LIKE"]
        .iter()
        .filter_map(|key| fields.get(*key))
        .flat_map(|value| value.split_whitespace().map(str::to_ascii_lowercase))
        .collect()
}

fn os_from_fields(mut fields: HashMap<String, String>, kernel: Option<String>) -> Os {
    let mut take = |key: &str| fields.remove(key).filter(|v| !v.trim().is_empty());
    Os {
        id: take("ID").map(Into::into),
        name: take("NAME").map(Into::into),
        version: take("VERSION").map(Into::into),
        version_id: take("VERSION_ID").map(Into::into),
        pretty_name: take("PRETTY_NAME").map(Into::into),
        kernel: kernel.map(Into::into),
        arch: Some(std::env::consts::ARCH.into()),
    }
}

/// Parses os-release's shell-compatible `KEY=value` lines. Malformed lines are skipped, as
/// systemd does; quoting follows the spec: double quotes with `\` escapes, or single quotes.
pub fn parse(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let (key, raw) = line.split_once('=')?;
            let key = key.trim();
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return None;
            }
            Some((key.to_string(), unquote(raw.trim())?))
        })
        .collect()
}

/// Only whole values are accepted: text after a closing quote (shell concatenation) or an
/// unterminated quote makes the line malformed.
fn unquote(raw: &str) -> Option<String> {
    let mut chars = raw.chars();
    match chars.next() {
        Some('"') => {
            let mut out = String::new();
            let mut escaped = false;
            while let Some(c) = chars.next() {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => return chars.next().is_none().then_some(out),
                    (true, c) => {
                        if !matches!(c, '$' | '"' | '\\' | '`') {
                            out.push('\\');
                        }
                        out.push(c);
                        escaped = false;
                    }
                    (false, c) => out.push(c),
                }
            }
            None
        }
        Some('\'') => {
            let rest = chars.as_str();
            let end = rest.find('\'')?;
            (end + 1 == rest.len()).then(|| rest[..end].to_string())
        }
        _ => Some(raw.to_string()),
    }
}

#[cfg(test)]
mod tests;
