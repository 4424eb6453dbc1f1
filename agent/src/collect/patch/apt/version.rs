//! Debian version ordering, as dpkg defines it (deb-version(7)): epoch, then the upstream
//! version, then the revision, each compared by alternating runs of non-digits (letters
//! before other characters, `~` before everything, even the end) and numbers.

use std::cmp::Ordering;

/// Orders two Debian versions the way `dpkg --compare-versions` does.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (epoch_a, upstream_a, revision_a) = split(a);
    let (epoch_b, upstream_b, revision_b) = split(b);
    epoch_a
        .cmp(&epoch_b)
        .then_with(|| compare_part(upstream_a.as_bytes(), upstream_b.as_bytes()))
        .then_with(|| compare_part(revision_a.as_bytes(), revision_b.as_bytes()))
}

/// `epoch:upstream-revision`; a missing epoch is 0 and a missing revision is empty.
fn split(version: &str) -> (u64, &str, &str) {
    let (epoch, rest) = match version.split_once(':') {
        Some((epoch, rest)) if !epoch.is_empty() && epoch.bytes().all(|b| b.is_ascii_digit()) => {
            (epoch.parse().unwrap_or(u64::MAX), rest)
        }
        _ => (0, version),
    };
    match rest.rsplit_once('-') {
        Some((upstream, revision)) => (epoch, upstream, revision),
        None => (epoch, rest, ""),
    }
}

/// dpkg's weight of a character in a non-digit run; the end of the string weighs 0.
fn weight(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(b'~') => -1,
        Some(c) => i32::from(c) + 256,
    }
}

fn compare_part(mut a: &[u8], mut b: &[u8]) -> Ordering {
    let digit = |s: &[u8]| s.first().is_some_and(u8::is_ascii_digit);
    while !a.is_empty() || !b.is_empty() {
        while (!a.is_empty() && !digit(a)) || (!b.is_empty() && !digit(b)) {
            let (wa, wb) = (weight(a.first().copied()), weight(b.first().copied()));
            if wa != wb {
                return wa.cmp(&wb);
            }
            a = a.get(1..).unwrap_or_default();
            b = b.get(1..).unwrap_or_default();
        }
        let (na, rest_a) = number(a);
        let (nb, rest_b) = number(b);
        (a, b) = (rest_a, rest_b);
        // Without leading zeros, the longer number is the larger; equal lengths compare digit by digit.
        let order = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

/// The run of digits at the start of `s` without leading zeros, and what follows it.
fn number(s: &[u8]) -> (&[u8], &[u8]) {
    let zeros = s.iter().take_while(|&&c| c == b'0').count();
    let s = &s[zeros..];
    let len = s.iter().take_while(|c| c.is_ascii_digit()).count();
    s.split_at(len)
}

#[cfg(test)]
mod tests;
