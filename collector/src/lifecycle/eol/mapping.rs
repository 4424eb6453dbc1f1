//! Which endoflife.date product and release cycle a [`Software`] belongs to.
//!
//! Families come from two places: servers report their os-release `ID` (`debian`, `rocky`,
//! `amzn`…), network devices the OS family our SNMP parser names (`Cisco IOS-XE`, `FortiOS`…,
//! the constants in `agent::snmp::firmware`). A product's own id (`windows-server`, `esxi`,
//! `proxmox-ve`…) is accepted too, for sources that already speak endoflife.date.
//!
//! | family | product | version → cycle |
//! | --- | --- | --- |
//! | `debian` | `debian` | `12` → `12`, `3.1` → `3.1` |
//! | `ubuntu` | `ubuntu` | `22.04` → `22.04` |
//! | `rhel`, `rocky`, `almalinux`, `ol` | `rhel`, `rocky-linux`, `almalinux`, `oracle-linux` | `9.4` → `9` (majors) |
//! | `centos` | `centos`, or `centos-stream` from major 9 | `7.9.2009` → `7`; `9` → Stream `9` |
//! | `sles` | `sles` | `15.5` → `15.5` (cycles are service packs); `15` → `15.0` |
//! | `opensuse-leap`, `opensuse` | `opensuse` | `15.5` → `15.5` |
//! | `alpine` | `alpine-linux` | `3.20.3` → `3.20` |
//! | `amzn` | `amazon-linux` | `2023` → `2023`, `2` → `2`, `2018.03` → `2018.03` |
//! | `freebsd` | `freebsd` | `14.1` / `14.1-RELEASE-p5` → `14.1` (releng, not stable/`14`) |
//! | `Cisco IOS-XE` | `cisco-ios-xe` | `17.9.4a`, `17.09.04a` → `17.9`; no cycles before 16.12 |
//! | `FortiOS` | `fortios` | `7.2.5`, `v7.2.5` → `7.2` |
//! | `PAN-OS` | `panos` | `10.1.3-h1` → `10.1`; `9.0-xfr` → `9.0-xfr` |
//! | `RouterOS` | `routeros` | `6.48.6` → `6.48`, `7.12.1` → `7.12` |
//! | `VMware ESXi`, `vmware-esxi` | `esxi` | `7.0.3`, `7.0 Update 3` → `7.0`; `8` → `8.0` |
//! | `Windows Server`, `windows-server` | `windows-server` | `2012 R2` → `2012-r2`; `10.0.17763[.x]` → `2019` |
//! | `Proxmox VE`, `proxmox-ve` | `proxmox-ve` | `8.2.4` → `8` |
//!
//! The general rule is the longest cycle name that is a prefix of the version on `.`
//! boundaries. Numeric parts compare as numbers (`09` = `9`, and `3.2` is not a prefix of
//! `3.20.3`); the last part of the cycle may be followed in the version by a suffix that
//! does not continue the number (`1-RELEASE`, `0 Update 3`, `4a`). For SLES and ESXi only,
//! a single number with no cycle of its own tries `N.0` (SLES 15 GA reports `15`). Windows
//! Server is matched by name, else by kernel build against each cycle's `latest` (preferring
//! LTSC to the semi-annual channel; `10.0` without a build is ambiguous and finds nothing).
//!
//! Families endoflife.date does not cover (Junos, NX-OS, classic IOS, Comware, VRP…) give
//! [`Mapping::NoProduct`] with a reason saying so: their end of support comes from the model
//! catalogue and the age policies instead.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use arsring_protocol::os_family;

use super::product::{Cycle, Product};
use crate::lifecycle::model::Software;

/// Where a piece of software stands on endoflife.date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Mapping {
    Found {
        product: String,
        cycle: Cycle,
    },
    /// No endoflife.date product covers this family; the reason says why.
    NoProduct {
        reason: String,
    },
    /// The product is known but its data has not been fetched or imported yet.
    NotSynced {
        product: String,
    },
    /// The product's data has no cycle for this version.
    NoCycle {
        product: String,
        version: String,
    },
}

/// Reported family → endoflife.date product id (checked first, exactly, then ignoring case).
const FAMILIES: &[(&str, &str)] = &[
    // os-release ID
    ("debian", "debian"),
    ("ubuntu", "ubuntu"),
    ("rhel", "rhel"),
    ("rocky", "rocky-linux"),
    ("almalinux", "almalinux"),
    ("centos", "centos"),
    ("ol", "oracle-linux"),
    ("sles", "sles"),
    ("opensuse-leap", "opensuse"),
    // openSUSE Leap 42.x wrote ID=opensuse.
    ("opensuse", "opensuse"),
    ("alpine", "alpine-linux"),
    ("amzn", "amazon-linux"),
    ("freebsd", "freebsd"),
    // The network OS families pollers name (`os_family`).
    (os_family::CISCO_IOS_XE, "cisco-ios-xe"),
    (os_family::FORTIOS, "fortios"),
    (os_family::PAN_OS, "panos"),
    (os_family::ROUTEROS, "routeros"),
    // Names other sources use; the file names of the snapshot (pan-os, vmware-esxi) are
    // aliases of the API ids (its permalinks).
    ("pan-os", "panos"),
    ("VMware ESXi", "esxi"),
    ("vmware-esxi", "esxi"),
    ("Windows Server", "windows-server"),
    ("Proxmox VE", "proxmox-ve"),
];

/// endoflife.date product ids this module knows; each is also accepted as a family.
pub const PRODUCTS: &[&str] = &[
    "almalinux",
    "alpine-linux",
    "amazon-linux",
    "centos",
    "centos-stream",
    "cisco-ios-xe",
    "debian",
    "esxi",
    "fortios",
    "freebsd",
    "opensuse",
    "oracle-linux",
    "panos",
    "proxmox-ve",
    "rhel",
    "rocky-linux",
    "routeros",
    "sles",
    "ubuntu",
    "windows-server",
    "windows-server-core",
];

/// Network OS families that endoflife.date has no data for: every family a poller names
/// ([`os_family::ALL`]) that [`FAMILIES`] does not map, and names older agents wrote.
fn not_covered(family: &str) -> bool {
    let same = |f: &&str| f.eq_ignore_ascii_case(family);
    os_family::ALL.iter().any(|f| same(f) && product_for(f).is_none()) || ["FastIron"].iter().any(same)
}

/// os-release IDs of rolling releases: no cycles, so no end of life to look up.
const ROLLING: &[&str] = &["opensuse-tumbleweed", "opensuse-slowroll", "arch", "gentoo", "void"];

/// The endoflife.date product for a family. For `centos` this is `centos`; [`release_for`]
/// and [`products_needed`] switch to `centos-stream` from major version 9, because CentOS
/// Stream reports `ID=centos` too and there is no CentOS Linux 9.
pub fn product_for(family: &str) -> Option<&'static str> {
    let family = family.trim();
    let exact = FAMILIES.iter().find(|(f, _)| *f == family).map(|(_, p)| *p);
    exact
        .or_else(|| PRODUCTS.iter().find(|p| **p == family).copied())
        .or_else(|| FAMILIES.iter().find(|(f, _)| f.eq_ignore_ascii_case(family)).map(|(_, p)| *p))
        .or_else(|| PRODUCTS.iter().find(|p| p.eq_ignore_ascii_case(family)).copied())
}

/// The products a fleet needs, to fetch only those.
pub fn products_needed<'a>(softwares: impl Iterator<Item = &'a Software>) -> BTreeSet<&'static str> {
    softwares.filter_map(product_of).collect()
}

/// The release cycle of `software` in `products` (keyed by product id).
pub fn release_for(software: &Software, products: &BTreeMap<String, Product>) -> Mapping {
    let Some(name) = product_of(software) else {
        return Mapping::NoProduct { reason: no_product_reason(&software.family) };
    };
    let Some(product) = products.get(name) else {
        return Mapping::NotSynced { product: name.into() };
    };
    match find_cycle(name, &product.releases, &software.version) {
        Some(cycle) => Mapping::Found { product: name.into(), cycle: cycle.clone() },
        None => Mapping::NoCycle { product: name.into(), version: software.version.clone() },
    }
}

/// [`product_for`], with the version deciding between CentOS Linux and CentOS Stream.
fn product_of(software: &Software) -> Option<&'static str> {
    match product_for(&software.family)? {
        // CentOS Stream 8 also says ID=centos VERSION_ID=8 and lands on CentOS Linux 8;
        // both are past end of life, so the answer differs only in the date.
        "centos" if leading_number(clean(&software.version)).is_some_and(|major| major >= 9) => Some("centos-stream"),
        product => Some(product),
    }
}

fn no_product_reason(family: &str) -> String {
    let family = family.trim();
    let listed = |list: &[&str]| list.iter().any(|f| f.eq_ignore_ascii_case(family));
    if family.is_empty() {
        "the OS family is unknown".into()
    } else if not_covered(family) {
        format!(
            "endoflife.date has no release data for {family}: its end of support comes from the model \
             catalogue and the age policies"
        )
    } else if listed(ROLLING) {
        format!("{family} is a rolling release: it has no release cycles that reach end of life")
    } else {
        let shown: String = family.chars().take(80).collect();
        format!("no endoflife.date product is mapped to the OS family {shown:?}")
    }
}

fn find_cycle<'a>(product: &str, cycles: &'a [Cycle], version: &str) -> Option<&'a Cycle> {
    let version = clean(version);
    // Versions are short; a long one is garbage, and bounding it bounds the work.
    if version.is_empty() || version.len() > 128 {
        return None;
    }
    if product.starts_with("windows-server") {
        return windows_cycle(cycles, version);
    }
    // SLES 15 GA reports VERSION_ID=15 and an ESXi may say `8`, for the cycles `15.0`, `8.0`.
    // Only these two: elsewhere `3` is not `3.0` (Alpine 3.0 is one cycle of many 3.x).
    let dot_zero = matches!(product, "sles" | "esxi") && is_number(version);
    longest_prefix(cycles, version)
        .or_else(|| dot_zero.then(|| format!("{version}.0")).and_then(|v| longest_prefix(cycles, &v)))
}

/// Trimmed, without a `v` before the number (`v7.2.5`, as FortiOS writes it).
fn clean(version: &str) -> &str {
    let v = version.trim();
    match v.strip_prefix(['v', 'V']) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        _ => v,
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn leading_number(s: &str) -> Option<u64> {
    let end = s.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(s.len());
    s.get(..end)?.parse().ok()
}

fn longest_prefix<'a>(cycles: &'a [Cycle], version: &str) -> Option<&'a Cycle> {
    let parts: Vec<&str> = version.split('.').collect();
    let mut best: Option<(&Cycle, (usize, bool))> = None;
    for cycle in cycles {
        if let Some(score) = prefix_score(&cycle.name, &parts)
            && best.is_none_or(|(_, b)| score > b)
        {
            best = Some((cycle, score));
        }
    }
    best.map(|(cycle, _)| cycle)
}

/// How a cycle part fits the version part at the same position.
#[derive(PartialEq)]
enum Fit {
    Exact,
    /// The version part goes on after it (`1-RELEASE` after `1`): fine for the last part only.
    Prefix,
}

/// `(parts matched, last part exact)` when the cycle is a prefix of the version, so that the
/// longer cycle wins and, at equal length, `9.0-xfr` beats `9.0` for version `9.0-xfr`.
fn prefix_score(cycle: &str, version: &[&str]) -> Option<(usize, bool)> {
    let parts: Vec<&str> = cycle.split('.').collect();
    if parts.len() > version.len() {
        return None;
    }
    let mut exact = true;
    for (i, (c, v)) in parts.iter().zip(version).enumerate() {
        match part_fit(c, v)? {
            Fit::Exact => {}
            Fit::Prefix if i + 1 == parts.len() => exact = false,
            Fit::Prefix => return None,
        }
    }
    Some((parts.len(), exact))
}

fn part_fit(cycle: &str, version: &str) -> Option<Fit> {
    if cycle.is_empty() {
        return None;
    }
    if is_number(cycle) {
        let end = version.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(version.len());
        let (digits, rest) = version.split_at(end);
        // Compared as numbers without parsing (no overflow): `09` is `9`, `20` is not `2`.
        let same = !digits.is_empty() && digits.trim_start_matches('0') == cycle.trim_start_matches('0');
        return same.then_some(if rest.is_empty() { Fit::Exact } else { Fit::Prefix });
    }
    if version.eq_ignore_ascii_case(cycle) {
        return Some(Fit::Exact);
    }
    let head = version.get(..cycle.len())?;
    let next = version.get(cycle.len()..)?.chars().next()?;
    (head.eq_ignore_ascii_case(cycle) && !next.is_ascii_alphanumeric()).then_some(Fit::Prefix)
}

/// Windows Server: by name (`2019`, `2012 R2`, `Windows Server 2008 R2 SP1`), else by kernel
/// build, which endoflife.date gives as each cycle's `latest` (`10.0.17763`).
fn windows_cycle<'a>(cycles: &'a [Cycle], version: &str) -> Option<&'a Cycle> {
    const NOISE: &[&str] = &["microsoft", "windows", "server", "standard", "datacenter", "essentials", "foundation"];
    let lower = version.to_ascii_lowercase();
    let name = lower.split_whitespace().filter(|w| !NOISE.contains(w)).collect::<Vec<_>>().join("-");
    if let Some(cycle) = cycles.iter().find(|c| c.name.eq_ignore_ascii_case(&name)) {
        return Some(cycle);
    }
    let parts: Vec<&str> = version.split('.').collect();
    if parts.len() < 2 || !parts.iter().all(|p| is_number(p)) {
        return None;
    }
    let n = parts.len().min(3);
    let same_build = |c: &&Cycle| {
        let latest: Vec<&str> = c.latest.as_deref().unwrap_or("").split('.').collect();
        latest.get(..n).is_some_and(|l| l == &parts[..n])
    };
    let candidates: Vec<&Cycle> = cycles.iter().filter(same_build).collect();
    // 10.0.17763 is both 2019 (LTSC) and 1809 (semi-annual): servers run the LTSC.
    let lts: Vec<&Cycle> = candidates.iter().copied().filter(|c| c.lts).collect();
    let pool = if lts.is_empty() { candidates } else { lts };
    if n < 3 && pool.len() > 1 {
        return None; // `10.0` is every release from 2016 to 2025
    }
    // Service packs keep the build (2003 and 2003 SP2 are both 5.2.3790): take the newest.
    pool.into_iter().max_by_key(|c| c.release_date)
}

#[cfg(test)]
mod tests;
