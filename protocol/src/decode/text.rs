//! The checks every text field of a report passes: not empty where required, not too long,
//! no control characters, and no line breaks outside descriptions.

use std::fmt;

use super::{InputError, MAX_TEXT};
use crate::Sourced;

/// One line of text: names, versions, serials, sources. A line break here would let a value
/// pose as two lines in a log or a CSV reader that ignores quoting.
///
/// `field` is written out only when the value is refused: callers pass `format_args!` for
/// indexed paths, and a report's hundreds of package names then cost no allocation.
pub(crate) fn text(field: impl fmt::Display, value: &str, required: bool) -> Result<(), InputError> {
    checked(field, value, required, Breaks::Refused)
}

/// Text that devices write over several lines (`sysDescr`, a VM's annotation); other
/// control characters are still junk.
pub(crate) fn free_text(field: impl fmt::Display, value: &str, required: bool) -> Result<(), InputError> {
    checked(field, value, required, Breaks::Allowed)
}

pub(crate) fn opt_text(field: impl fmt::Display, value: &Option<impl AsRef<str>>) -> Result<(), InputError> {
    match value {
        Some(v) => text(field, v.as_ref(), true),
        None => Ok(()),
    }
}

/// A value with its source, both one line of text, when there is one.
pub(crate) fn sourced(field: &str, value: &Option<Sourced<String>>) -> Result<(), InputError> {
    match value {
        Some(v) => {
            text(format_args!("{field}.value"), &v.value, true)?;
            text(format_args!("{field}.source"), &v.source, true)
        }
        None => Ok(()),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Breaks {
    Allowed,
    Refused,
}

fn checked(field: impl fmt::Display, value: &str, required: bool, breaks: Breaks) -> Result<(), InputError> {
    let fault = if required && value.trim().is_empty() {
        Some("must not be empty")
    } else if value.len() > MAX_TEXT {
        Some(TOO_LONG)
    } else {
        match controls(value) {
            Controls::Other => Some("contains control characters"),
            Controls::Breaks if breaks == Breaks::Refused => {
                Some("contains a line break (only descriptions may span lines)")
            }
            _ => None,
        }
    };
    match fault {
        Some(message) => Err(InputError::new(field.to_string(), message)),
        None => Ok(()),
    }
}

const TOO_LONG: &str = "longer than 1024 bytes";
const _: () = assert!(MAX_TEXT == 1024, "TOO_LONG states MAX_TEXT");

/// The worst control characters in a text.
#[derive(Debug, PartialEq)]
enum Controls {
    None,
    /// Line breaks (`\n`, `\r`) and perhaps tabs, nothing else.
    Breaks,
    /// A control character other than a tab or a line break.
    Other,
}

/// Unicode's control characters (`char::is_control`) are C0, DEL and C1: U+0000–U+001F,
/// U+007F–U+009F, the C1 ones written `C2 80`–`C2 9F` in UTF-8. So the bytes tell, without
/// decoding a character, in one pass for every check.
fn controls(value: &str) -> Controls {
    let bytes = value.as_bytes();
    let mut found = Controls::None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\t' => {}
            b'\n' | b'\r' => found = Controls::Breaks,
            0..0x20 | 0x7F => return Controls::Other,
            0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => return Controls::Other,
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests;
