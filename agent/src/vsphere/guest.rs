//! Which OS release a VM runs, from what vSphere knows of its guest: the id and name VMware
//! Tools report (what actually runs), else the id and name configured for the VM (what
//! someone chose when creating it). Only a release that the text states is given; a family
//! alone (`ubuntu64Guest`, `windows9Server64Guest` = "2016 or later") has no version.

use arsring_protocol::{GuestOs, Sourced};

/// `(configured id, configured name, Tools id, Tools name)` → the OS release, with its source.
pub fn guest_os(
    configured_id: Option<&str>,
    configured_name: Option<&str>,
    tools_id: Option<&str>,
    tools_name: Option<&str>,
) -> Option<Sourced<GuestOs>> {
    let candidates = [
        (tools_name, "VMware Tools guestFullName", from_name as fn(&str) -> Option<GuestOs>),
        (tools_id, "VMware Tools guestId", from_id),
        (configured_name, "configured guestFullName", from_name),
        (configured_id, "configured guestId", from_id),
    ];
    let found: Vec<Sourced<GuestOs>> = candidates
        .iter()
        .filter_map(|(text, what, parse)| {
            let text = (*text)?;
            Some(Sourced { value: parse(text)?, source: format!("{what} {text:?}") })
        })
        .collect();
    // The first source that names a release wins; else the first that names a family.
    found.iter().find(|s| s.value.version.is_some()).or(found.first()).cloned()
}

fn os(family: &str, version: Option<String>) -> Option<GuestOs> {
    Some(GuestOs { family: family.into(), version })
}

/// From a full name such as `Microsoft Windows Server 2019 (64-bit)` or `Red Hat Enterprise
/// Linux 8 (64-bit)`.
pub fn from_name(name: &str) -> Option<GuestOs> {
    let lower = name.to_lowercase();
    if let Some(rest) = lower.split_once("windows server").map(|(_, r)| r) {
        let year = rest.split_whitespace().next().filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
        // "2016 or later" names no release.
        let version = year.filter(|_| !rest.contains("or later")).map(|y| {
            let r2 = rest.split_whitespace().nth(1) == Some("r2");
            if r2 { format!("{y} R2") } else { y.to_string() }
        });
        return os("windows-server", version);
    }
    let families = [
        ("red hat enterprise linux", "rhel"),
        ("rocky linux", "rocky-linux"),
        ("almalinux", "almalinux"),
        ("oracle linux", "oracle-linux"),
        ("centos", "centos"),
        ("debian gnu/linux", "debian"),
        ("ubuntu", "ubuntu"),
        ("suse linux enterprise", "sles"),
    ];
    let (text, family) = families.iter().find(|(text, _)| lower.contains(text))?;
    let rest = &lower[lower.find(text).unwrap_or(0) + text.len()..];
    let version = rest
        .split(|c: char| c.is_whitespace() || c == '(')
        .find(|w| !w.is_empty())
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(|w| w.trim_end_matches(['.', ',']).to_string());
    // An Ubuntu version is a year and month (22.04); a bare "8" is not one.
    let version = version.filter(|v| *family != "ubuntu" || v.contains('.'));
    os(family, version)
}

/// From a guest id such as `windows2019srv_64Guest`, `rhel8_64Guest`, `debian11_64Guest`.
pub fn from_id(id: &str) -> Option<GuestOs> {
    let windows: [(&str, &str); 10] = [
        ("windows2022srvNext", "2025"),
        ("windows2019srvNext", "2022"),
        ("windows2019srv", "2019"),
        ("windows8Server", "2012"),
        ("windows7Server", "2008 R2"),
        ("winLonghorn", "2008"),
        ("winNetEnterprise", "2003"),
        ("winNetStandard", "2003"),
        ("winNetDatacenter", "2003"),
        ("windows9Server", ""),
    ];
    if let Some((_, version)) = windows.iter().find(|(prefix, _)| id.starts_with(prefix)) {
        return os("windows-server", (!version.is_empty()).then(|| version.to_string()));
    }
    let linux = [
        ("rhel", "rhel"),
        ("rockylinux", "rocky-linux"),
        ("almalinux", "almalinux"),
        ("oracleLinux", "oracle-linux"),
        ("centos", "centos"),
        ("debian", "debian"),
        ("ubuntu", "ubuntu"),
        ("sles", "sles"),
    ];
    let (prefix, family) = linux.iter().find(|(prefix, _)| id.starts_with(prefix))?;
    let digits: String = id[prefix.len()..].chars().take_while(char::is_ascii_digit).collect();
    // `ubuntu64Guest`: the 64 is the bitness, not a release.
    let version = (!digits.is_empty() && *family != "ubuntu" && digits != "64").then_some(digits);
    os(family, version)
}

#[cfg(test)]
mod tests;
