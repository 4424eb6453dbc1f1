//! Operating system family and firmware version of a network device.
//!
//! The primary source is sysDescr (SNMPv2-MIB `sysDescr.0`), whose wording each vendor fixes
//! per OS family: `Cisco IOS Software, C3560 Software (…), Version 12.2(55)SE3, …`,
//! `Juniper Networks, Inc. mx960 internet router, kernel JUNOS 16.1R6.7, …`. Some devices
//! put only a model or a host name there (Huawei `S12704`, FortiGate), so the chassis row of
//! ENTITY-MIB (`entPhysicalSoftwareRev`, `entPhysicalFirmwareRev`) is the fallback.
//!
//! The intended order for a caller (each step records its own source):
//! 1. [`from_sys_descr`] — family and, usually, version;
//! 2. when it gave a family but no version: [`version_from_entity`] with that family;
//! 3. when it gave nothing: [`from_entity`] with the vendor from sysObjectID.
//!
//! [`category`] guesses switch / router / firewall / … with a short reason, and
//! [`model_from_sys_descr`] picks the model out of sysDescr for the families that name it.
//!
//! Pure functions over strings: no I/O, no regex, no panics on any input. Anything that is
//! not recognised gives `None` rather than a guess. Input is scanned up to [`MAX_SCAN`] bytes
//! (a sysDescr is at most 255 octets by the MIB; agents exceed that, but not by kilobytes).

mod category;
mod families;
mod fastpath;
mod model;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_librenms;
#[cfg(test)]
mod tests_more;
#[cfg(test)]
mod tests_recordings;
#[cfg(test)]
mod tests_recordings_public;

pub use category::{category, vendor_of_family};
pub use model::model_from_sys_descr;

/// What the device runs. `family` is one of the constants below; `version` is the firmware
/// version exactly as the vendor writes it (`12.2(55)SE3`, `16.1R6.7`, `V200R012C00SPC500`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OsInfo {
    pub family: &'static str,
    pub version: Option<String>,
}

pub use arsring_protocol::os_family::*;

/// How much of any input string is looked at.
pub const MAX_SCAN: usize = 4096;

/// OS family and version from sysDescr; `None` when no known family matches.
pub fn from_sys_descr(descr: &str) -> Option<OsInfo> {
    families::detect(clip(descr))
}

/// OS family and version from the chassis' ENTITY-MIB software / firmware revision, for
/// devices whose sysDescr says nothing usable. `vendor` is the name [`super::vendor::vendor`]
/// returns; it decides the family when the revision string alone does not name one.
pub fn from_entity(vendor: Option<&str>, software_rev: Option<&str>, firmware_rev: Option<&str>) -> Option<OsInfo> {
    // Some revisions carry the OS name themselves (`RGOS 10.4(3)p4 …`, `FortiCarrier-3000D v5.4.5,…`).
    if let Some(info) = software_rev.and_then(from_sys_descr) {
        return Some(info);
    }
    let family = family_of_vendor(vendor?, software_rev.unwrap_or(""))?;
    Some(OsInfo { family, version: version_from_entity(family, software_rev, firmware_rev) })
}

/// The version in ENTITY-MIB revisions for a family already known (from sysDescr or vendor):
/// `entPhysicalSoftwareRev` first, `entPhysicalFirmwareRev` second.
pub fn version_from_entity(family: &str, software_rev: Option<&str>, firmware_rev: Option<&str>) -> Option<String> {
    [software_rev, firmware_rev]
        .into_iter()
        .flatten()
        .find_map(|rev| entity_version(family, clip(rev).trim()).and_then(families::sane_version))
}

/// Families a vendor's ENTITY-MIB revision can be attributed to without sysDescr. Only vendors
/// with a single OS line (or a revision format unique to one line) are listed.
fn family_of_vendor(vendor: &str, software_rev: &str) -> Option<&'static str> {
    let rev = clip(software_rev).trim();
    match vendor {
        "Huawei" if families::vrp_code(rev).is_some() => Some(HUAWEI_VRP),
        "Juniper" if families::looks_like_junos_version(rev) => Some(JUNOS),
        "Palo Alto Networks" => Some(PAN_OS),
        "Fortinet" => Some(FORTIOS),
        "MikroTik" => Some(ROUTEROS),
        "Arista" => Some(ARISTA_EOS),
        "Ruijie" => Some(RUIJIE_RGOS),
        "H3C" if !rev.is_empty() => Some(COMWARE),
        _ => None,
    }
}

fn entity_version(family: &str, rev: &str) -> Option<String> {
    if rev.is_empty() {
        return None;
    }
    match family {
        HUAWEI_VRP | HUAWEI_YUNSHAN => families::vrp_code(rev).map(str::to_owned),
        RUIJIE_RGOS => after(rev, "RGOS ").and_then(version_at).or_else(|| plain_version(rev)),
        FORTIOS => families::fortios_version(rev).or_else(|| plain_version(rev)),
        FORTISWITCH_OS => families::fortinet_release(rev)
            .map(|(_, release)| release)
            .or_else(|| families::fortios_version(rev))
            .or_else(|| plain_version(rev)),
        // Comware writes `5.20 Release 1513P62` / `7.1.075 7751P01`: keep the words, not just one.
        COMWARE => (rev.len() <= 64 && rev.bytes().any(|b| b.is_ascii_digit())).then(|| collapse_spaces(rev)),
        // SW-MIB `swFirmwareVersion` says `v7.0.2c`, the chassis revision `7.2.1`: one spelling
        // whichever object it came from (Observium's fabos poller drops the `v` too).
        BROCADE_FOS => plain_version(rev).map(|v| match v.strip_prefix('v') {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest.to_owned(),
            _ => v,
        }),
        _ => plain_version(rev),
    }
}

/// A revision that is one version-like token (`16.1R6.7`, `8.0.1`, `12.2(55)SE3`), or
/// starts with one before a comma: IOS chassis rows repeat sysDescr's tail there,
/// `15.4(3)M3, RELEASE SOFTWARE (fc2)`.
fn plain_version(rev: &str) -> Option<String> {
    let one_token = |t: &str| {
        t.len() <= 64
            && !t.contains(char::is_whitespace)
            && t.starts_with(|c: char| c.is_ascii_alphanumeric())
            && t.bytes().any(|b| b.is_ascii_digit())
    };
    let head = rev.split(", ").next().unwrap_or(rev);
    [rev, head].into_iter().find(|t| one_token(t)).map(str::to_owned)
}

// ---- small string helpers shared by the submodules ----

/// At most [`MAX_SCAN`] bytes of `s`, cut on a char boundary.
fn clip(s: &str) -> &str {
    if s.len() <= MAX_SCAN {
        return s;
    }
    let mut end = MAX_SCAN;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The text after the first occurrence of `needle`.
fn after<'a>(hay: &'a str, needle: &str) -> Option<&'a str> {
    hay.find(needle).map(|i| &hay[i + needle.len()..])
}

/// Byte offset of the first ASCII-case-insensitive occurrence of an ASCII `needle`. A match
/// consists of ASCII bytes only, so both ends are char boundaries.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || n.len() > h.len() {
        return None;
    }
    h.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    find_ci(hay, needle).is_some()
}

/// The first token of `s` after leading blanks: up to whitespace, `,`, `;` or a character
/// outside ASCII. Versions and models are ASCII; some agents separate sysDescr's lines with
/// a byte that is no line break (Force10's `…Version: 8.4.2.5\xDACopyright…`).
fn token(s: &str) -> &str {
    let s = s.trim_start();
    let end = s.find(|c: char| c.is_whitespace() || c == ',' || c == ';' || !c.is_ascii()).unwrap_or(s.len());
    &s[..end]
}

/// The first token of `s` as a version: must contain a digit; a sentence-ending `.` is dropped.
fn version_at(s: &str) -> Option<String> {
    let t = token(s).trim_end_matches('.');
    (t.len() <= 64 && t.bytes().any(|b| b.is_ascii_digit())).then(|| t.to_owned())
}

/// `6.3.1.11`, `1.0.1.4720839`: digits and dots only, with at least one dot, from a digit.
fn dotted_release(s: &str) -> bool {
    s.contains('.') && s.starts_with(|c: char| c.is_ascii_digit()) && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
