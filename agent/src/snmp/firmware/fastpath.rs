//! Broadcom's FASTPATH switch software under its many brands: Dell's N-series, white-label
//! EFOS, Ubiquiti's EdgeSwitch, Netgear's managed and smart switches. They share one sysDescr
//! shape, `<product>, <release>, Linux <kernel>` or `<product>, <release>, B<boot code>`.

use super::*;

/// Broadcom FASTPATH descendants: `<product>, <version>, Linux <kernel>[, …]`, or with the
/// boot code third (`GS724Tv4 ProSafe 24-port Gigabit Ethernet Smart Switch, 6.3.1.11, B1.0.0.4`).
pub(super) fn recognise(d: &str) -> Option<OsInfo> {
    let (product, version) = parts(d)?;
    let family = if product.starts_with("Dell Networking N") {
        DELL_OS6
    } else if product.trim() == "EFOS" {
        EFOS
    } else if product.starts_with("EdgeSwitch") {
        EDGESWITCH
    } else if ["ProSafe", "ProSAFE", "NETGEAR", "Netgear"].iter().any(|m| product.contains(m)) {
        NETGEAR
    } else {
        return None;
    };
    Some(OsInfo { family, version: Some(version.to_owned()) })
}

/// The product and the release of a FASTPATH-style sysDescr, whatever the brand.
pub(super) fn parts(d: &str) -> Option<(&str, &str)> {
    let mut parts = d.split(", ");
    let (product, version, third) = (parts.next()?, parts.next()?, parts.next()?);
    let boot_code = third.strip_prefix('B').is_some_and(|rest| dotted_release(rest.trim_end()));
    (dotted_release(version) && (third.starts_with("Linux ") || boot_code)).then_some((product, version))
}
