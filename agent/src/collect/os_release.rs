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
        id: take("ID"),
        name: take("NAME"),
        version: take("VERSION"),
        version_id: take("VERSION_ID"),
        pretty_name: take("PRETTY_NAME"),
        kernel,
        arch: Some(std::env::consts::ARCH.to_string()),
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
mod tests {
    use super::*;

    const DEBIAN_12: &str = include_str!("fixtures/os-release/debian-12");
    const UBUNTU_2204: &str = include_str!("fixtures/os-release/ubuntu-22.04");
    const RHEL_9: &str = include_str!("fixtures/os-release/rhel-9.4");
    const ALPINE: &str = include_str!("fixtures/os-release/alpine-3.20");

    #[test]
    fn debian() {
        let os = os_from_fields(parse(DEBIAN_12), Some("6.1.0-28-amd64".into()));
        assert_eq!(os.id.as_deref(), Some("debian"));
        assert_eq!(os.version_id.as_deref(), Some("12"));
        assert_eq!(os.version.as_deref(), Some("12 (bookworm)"));
        assert_eq!(os.pretty_name.as_deref(), Some("Debian GNU/Linux 12 (bookworm)"));
        assert_eq!(os.kernel.as_deref(), Some("6.1.0-28-amd64"));
    }

    #[test]
    fn ubuntu() {
        let os = os_from_fields(parse(UBUNTU_2204), None);
        assert_eq!(os.id.as_deref(), Some("ubuntu"));
        assert_eq!(os.version_id.as_deref(), Some("22.04"));
        assert_eq!(os.version.as_deref(), Some("22.04.4 LTS (Jammy Jellyfish)"));
    }

    #[test]
    fn rhel() {
        let os = os_from_fields(parse(RHEL_9), None);
        assert_eq!(os.id.as_deref(), Some("rhel"));
        assert_eq!(os.version_id.as_deref(), Some("9.4"));
        assert_eq!(os.name.as_deref(), Some("Red Hat Enterprise Linux"));
    }

    #[test]
    fn alpine_has_no_version_field() {
        let os = os_from_fields(parse(ALPINE), None);
        assert_eq!(os.id.as_deref(), Some("alpine"));
        assert_eq!(os.version_id.as_deref(), Some("3.20.3"));
        assert_eq!(os.version, None, "absent stays absent");
    }

    #[test]
    fn family_includes_id_like() {
        let text = "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\n";
        assert_eq!(family_of(&parse(text)), ["rocky", "rhel", "centos", "fedora"]);
        assert!(family_of(&parse("garbage\n=\n==x")).is_empty());
        assert_eq!(family_of(&parse(DEBIAN_12)), ["debian"]);
    }

    #[test]
    fn quoting() {
        let fields = parse("A=\"x \\\"y\\\" \\$z\"\nB='it''\nC=plain\nD=\"open\n=nokey\nbad key=1\n");
        assert_eq!(fields["A"], "x \"y\" $z");
        assert_eq!(fields.get("B"), None, "unbalanced single quote is skipped");
        assert_eq!(fields["C"], "plain");
        assert_eq!(fields.get("D"), None);
        assert_eq!(fields.len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC*") {
            let _ = parse(&text);
        }
    }
}
