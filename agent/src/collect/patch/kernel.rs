//! Kernel comparison: whether the running kernel is older than the newest installed one,
//! the reboot test used where the package manager has no reboot flag of its own.

use std::cmp::Ordering;

use arsring_protocol::RebootRequired;

/// RPM's version ordering (rpmvercmp): digit runs compare as numbers, letter runs as
/// text, digits beat letters, `~` sorts before everything. Good enough for the kernel
/// release strings compared here, which come in the same shape from every distribution.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        let skip = |s: &[u8]| s.iter().position(|c| c.is_ascii_alphanumeric() || *c == b'~').unwrap_or(s.len());
        a = &a[skip(a)..];
        b = &b[skip(b)..];
        match (a.first(), b.first()) {
            (Some(b'~'), Some(b'~')) => {
                a = &a[1..];
                b = &b[1..];
                continue;
            }
            (Some(b'~'), _) => return Ordering::Less,
            (_, Some(b'~')) => return Ordering::Greater,
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let digits = x.is_ascii_digit();
                if digits != y.is_ascii_digit() {
                    return if digits { Ordering::Greater } else { Ordering::Less };
                }
                let run = |s: &[u8]| {
                    s.iter().position(|c| c.is_ascii_digit() != digits || !c.is_ascii_alphanumeric()).unwrap_or(s.len())
                };
                let (ra, rb) = (&a[..run(a)], &b[..run(b)]);
                let ord = if digits {
                    let (ta, tb) = (trim_zeros(ra), trim_zeros(rb));
                    ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
                } else {
                    ra.cmp(rb)
                };
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[ra.len()..];
                b = &b[rb.len()..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits.iter().position(|c| *c != b'0').unwrap_or(digits.len());
    &digits[start..]
}

/// Reboot needed when the running kernel is older than the newest installed kernel
/// package. `installed` holds kernel releases in `uname -r` form; `what` names where
/// they came from for the `source` text.
pub fn kernel_reboot(running: Option<&str>, installed: &[String], what: &str) -> RebootRequired {
    let Some(running) = running.map(str::trim).filter(|r| !r.is_empty()) else {
        return RebootRequired { required: None, source: "running kernel release unreadable".into() };
    };
    let Some(newest) = installed.iter().max_by(|a, b| compare_versions(a, b)) else {
        return RebootRequired {
            required: None,
            source: format!("no {what} installed to compare with running kernel {running} (container?)").into(),
        };
    };
    if !installed.iter().any(|k| k == running) {
        return RebootRequired {
            required: None,
            source: format!("running kernel {running} is not among the installed {what} (container or custom kernel?)")
                .into(),
        };
    }
    let required = compare_versions(newest, running) == Ordering::Greater;
    let source = if required {
        format!("running kernel {running} is older than installed {newest} ({what})")
    } else {
        format!("running kernel {running} is the newest installed ({what})")
    };
    RebootRequired { required: Some(required), source: source.into() }
}

/// The running kernel release, as `uname -r` prints it.
pub fn running_kernel() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/osrelease").ok().map(|s| s.trim().to_string())
}

#[cfg(test)]
mod tests;
