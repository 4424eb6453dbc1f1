//! Vendor and model from sysObjectID (SNMPv2-MIB `sysObjectID.0`).
//!
//! A sysObjectID lives under the vendor's private enterprise arc, `1.3.6.1.4.1.<N>`, where
//! `N` is the IANA Private Enterprise Number. [`enterprise`] extracts `N`, [`vendor`] names the
//! vendor behind it, and [`model_from_object_id`] knows a small set of product OIDs.
//!
//! Everything here is a pure function over strings: no I/O, no allocation on the lookup paths.
//! Unknown input gives `None`, never a guess.

pub mod objects;
mod table;

#[cfg(test)]
mod tests;

/// The private enterprise arc every vendor sysObjectID starts with.
const ENTERPRISES_ARC: &str = "1.3.6.1.4.1.";

/// The IANA enterprise number of a dotted sysObjectID such as `1.3.6.1.4.1.9.1.516` (a leading
/// dot, as net-snmp prints it, is accepted). `None` for anything outside `1.3.6.1.4.1`, for
/// malformed OIDs (empty or non-numeric arcs) and for numbers that do not fit in a `u32`
/// (OID arcs are unbounded, enterprise numbers in practice are not).
pub fn enterprise(sys_object_id: &str) -> Option<u32> {
    let arcs = dotted_arcs(sys_object_id)?;
    let rest = arcs.strip_prefix(ENTERPRISES_ARC)?;
    let first = rest.split('.').next()?;
    parse_arc(first)
}

/// The vendor name for an IANA enterprise number, from the table in `vendor/table.rs`.
/// Names are short display names (`Cisco`, `Juniper`, `H3C`), not the IANA registrant text.
pub fn vendor(enterprise: u32) -> Option<&'static str> {
    table::ENTERPRISES.binary_search_by_key(&enterprise, |&(n, _)| n).ok().map(|i| table::ENTERPRISES[i].1)
}

/// The product name of a well-known sysObjectID, or `None`. Only OIDs whose product a public
/// source confirms are listed (see `vendor/table.rs`); Cisco entries use the object names of
/// CISCO-PRODUCTS-MIB (`catalyst3560G48TS`), as LibreNMS and Netdisco report them.
///
/// ENTITY-MIB's `entPhysicalModelName` of the chassis is the better source when the device
/// fills it in; this is the fallback for devices that do not.
pub fn model_from_object_id(sys_object_id: &str) -> Option<&'static str> {
    let arcs = dotted_arcs(sys_object_id)?;
    let rest = arcs.strip_prefix(ENTERPRISES_ARC)?;
    table::MODELS.iter().find(|&&(suffix, _)| suffix == rest).map(|&(_, model)| model)
}

/// Product arcs whose devices all run one OS, for devices whose sysDescr does not say; such
/// an arc outranks what the vendor's other lines run. Brocade's Fibre Channel switches
/// (SW-MIB's product arc, 1588.2.1.1) run Fabric OS: so read by Observium's `fabos`
/// definition and Checkmk's Brocade detection; their sysDescr is a model or an address.
/// FortiSwitches (FORTINET-FORTISWITCH-MIB fnFortiSwitchMib 106, its products under 106.1;
/// LibreNMS os_detection/fortiswitch.yaml) run FortiSwitchOS, not the FortiOS of Fortinet's
/// other products, and often answer no sysDescr.
const OS_ARCS: &[(&str, &str)] =
    &[("1588.2.1.1", super::firmware::BROCADE_FOS), ("12356.106.1", super::firmware::FORTISWITCH_OS)];

/// The OS family every device under a product arc of `sys_object_id` runs, if known.
pub fn os_from_object_id(sys_object_id: &str) -> Option<&'static str> {
    let rest = dotted_arcs(sys_object_id)?.strip_prefix(ENTERPRISES_ARC)?;
    OS_ARCS
        .iter()
        .find(|(arc, _)| rest == *arc || rest.strip_prefix(arc).is_some_and(|r| r.starts_with('.')))
        .map(|(_, os)| *os)
}

/// The OID without its optional leading dot, if every arc is a non-empty run of ASCII digits.
fn dotted_arcs(oid: &str) -> Option<&str> {
    let oid = oid.trim();
    let oid = oid.strip_prefix('.').unwrap_or(oid);
    let well_formed =
        !oid.is_empty() && oid.split('.').all(|arc| !arc.is_empty() && arc.bytes().all(|b| b.is_ascii_digit()));
    well_formed.then_some(oid)
}

fn parse_arc(arc: &str) -> Option<u32> {
    // `u32::from_str` would accept a leading `+`; `dotted_arcs` has already ruled that out.
    arc.parse().ok()
}
