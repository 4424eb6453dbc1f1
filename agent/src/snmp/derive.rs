//! From raw answers to the facts a technician reads: vendor, model, category, OS and
//! firmware version, serial. Each fact says where it came from, and a fact nothing supports
//! stays unknown.

use super::vendor_mib::{Completion, Field, VendorFacts};
use super::{firmware, vendor};
use arsring_protocol::{Component, Derived, Sourced, SystemGroup};

/// Everything a poll read that facts are derived from.
pub struct Evidence<'a> {
    pub system: &'a SystemGroup,
    pub sys_services: Option<u8>,
    /// ENTITY-MIB chassis, or a vendor table's stack units where ENTITY-MIB has none.
    pub chassis: &'a [Component],
    pub vendor: &'a VendorFacts,
    /// ENTITY-MIB cells a vendor column filled in (`vendor_mib::complete_entities`), so the
    /// fact names the vendor object, not ENTITY-MIB.
    pub completed: &'a [Completion],
    /// The category configured for the target, which wins over any guess.
    pub category: Option<&'a str>,
}

/// ENTITY-MIB first where it answers, then the vendor's own objects, then sysObjectID and
/// sysDescr.
pub fn derive(e: Evidence<'_>) -> Derived {
    let (system, sys_services, category) = (e.system, e.sys_services, e.category);
    let first_chassis = main_chassis(e.chassis);
    let descr = system.descr.as_deref().unwrap_or("");
    let descr_os = firmware::from_sys_descr(descr);
    let vendor = vendor_of(system, descr_os.as_ref().map(|os| os.family), first_chassis);
    let model = model_of(system, first_chassis, e.vendor);
    // A product arc that names its OS outranks the vendor's usual one (a FortiSwitch is a
    // Fortinet that does not run FortiOS).
    let product_os = system.object_id.as_deref().and_then(vendor::os_from_object_id);
    let vendor_for_os = vendor.as_ref().map(|v| v.value.as_str()).filter(|_| product_os.is_none());
    let (os_family, os_version) = match os_of(descr_os, vendor_for_os, first_chassis, e.vendor) {
        (None, version) => os_from_product(system, first_chassis, e.vendor).unwrap_or((None, version)),
        found => found,
    };
    let category = match category {
        Some(c) => Some(sourced(c, "agent.toml target category")),
        None => firmware::category(
            vendor.as_ref().map(|v| v.value.as_str()),
            descr,
            model.as_ref().map(|m| m.value.as_str()),
            sys_services,
        )
        .map(|(c, why)| sourced(c, why)),
    };
    let from_entity = first_chassis.filter(|c| c.source.is_none());
    let from_table = first_chassis.filter(|c| c.source.is_some());
    let source = |c: &Component, field: Field, entity_object: &str| match e
        .completed
        .iter()
        .find(|f| f.index == c.index && f.field == field)
    {
        Some(f) => format!("{} of entity {}", f.object, c.index),
        None => format!("ENTITY-MIB {entity_object} of chassis {}", c.index),
    };
    let serial = from_entity
        .and_then(|c| Some(sourced(c.serial.as_ref()?, &source(c, Field::Serial, "entPhysicalSerialNum"))))
        .or_else(|| e.vendor.serial.clone())
        .or_else(|| from_table.and_then(|c| Some(sourced(c.serial.as_ref()?, c.source.as_deref()?))));
    let manufactured = from_entity.and_then(|c| {
        Some(Sourced { value: c.manufactured?, source: source(c, Field::Manufactured, "entPhysicalMfgDate") })
    });
    Derived { vendor, model, category, os_family, os_version, serial, manufactured }
}

/// The chassis that speaks for the device: of a stack, the lowest-numbered one with a serial.
pub fn main_chassis(chassis: &[Component]) -> Option<&Component> {
    let mut sorted: Vec<&Component> = chassis.iter().collect();
    sorted.sort_by_key(|c| c.index);
    sorted.iter().find(|c| c.serial.is_some()).or(sorted.first()).copied()
}

/// `family` is the OS family sysDescr names, if any.
fn vendor_of(system: &SystemGroup, family: Option<&str>, chassis: Option<&Component>) -> Option<Sourced<String>> {
    let from_oid = system.object_id.as_deref().and_then(|oid| {
        let number = vendor::enterprise(oid)?;
        let name = vendor::vendor(number)?;
        // Broadcom's FASTPATH answers with Broadcom's number on the switches other makers sell
        // with it (Ubiquiti's EdgeSwitch); the family sysDescr names says whose it is.
        if name == "Broadcom"
            && let Some((family, maker)) = family.and_then(|f| Some((f, firmware::vendor_of_family(f)?)))
        {
            return Some(sourced(maker, &format!("sysDescr names {family}, {maker}'s (enterprise number {number})")));
        }
        Some(sourced(name, &format!("sysObjectID enterprise number {number}")))
    });
    from_oid.or_else(|| {
        let c = chassis?;
        Some(sourced(c.manufacturer.as_ref()?, &format!("ENTITY-MIB entPhysicalMfgName of chassis {}", c.index)))
    })
}

fn model_of(system: &SystemGroup, chassis: Option<&Component>, vendor: &VendorFacts) -> Option<Sourced<String>> {
    // Juniper fills entPhysicalModelName with a part number (`710-030012`); a product name
    // from sysObjectID or sysDescr serves the technician better.
    let chassis_model = chassis.and_then(|c| c.model.as_deref().map(|m| (c, m)));
    // A stack member from a vendor's table names its row (`JUNIPER-VIRTUALCHASSIS-MIB … 0`).
    let source_of = |c: &Component| match &c.source {
        Some(row) => row.clone(),
        None => format!("ENTITY-MIB entPhysicalModelName of chassis {}", c.index),
    };
    if let Some((c, model)) = chassis_model
        && !is_part_number(model)
    {
        return Some(sourced(model, &source_of(c)));
    }
    if let Some(oid) = system.object_id.as_deref()
        && let Some(model) = vendor::model_from_object_id(oid)
    {
        return Some(sourced(model, &format!("sysObjectID {oid}")));
    }
    // After the product OID: jnxBoxDescr says `Juniper MX960 Internet Backbone Router`.
    if let Some(model) = &vendor.model {
        return Some(model.clone());
    }
    let descr = system.descr.as_deref().unwrap_or("");
    if let Some(model) = firmware::model_from_sys_descr(descr) {
        return Some(sourced(model, "sysDescr"));
    }
    // A firmware object that leads with the model (FortiSwitch's `FortiSwitch-248D-FPOE v3.3.3,build…`).
    if let Some(object) = &vendor.firmware
        && let Some(model) = firmware::model_from_sys_descr(&object.value)
    {
        return Some(sourced(model, &object.source));
    }
    let entity_chassis = chassis.filter(|c| c.source.is_none());
    if let Some((index, model)) =
        entity_chassis.and_then(|c| Some((c.index, chassis_descr_model(c.description.as_deref()?)?)))
    {
        return Some(sourced(model, &format!("ENTITY-MIB entPhysicalDescr of chassis {index}")));
    }
    // The first line of sysDescr is no model (`Linux Wac`, `FIREWALL`): unknown is better.
    chassis_model.map(|(c, model)| sourced(model, &format!("{} (a part number)", source_of(c))))
}

/// The model in a chassis' entPhysicalDescr, for a chassis without entPhysicalModelName:
/// what the sysDescr rules read there (`RouterOS 6.40.5 (stable) on RB952Ui-5ac2nD`), else
/// the description itself when it is one short line with a model number in it (`OmniStack LS
/// 6212P`, `Brocade6510`), which is how such devices name the product; a trailing word that
/// only says it is the chassis (`ME60-X8 frame`) is left out.
fn chassis_descr_model(descr: &str) -> Option<&str> {
    if let Some(model) = firmware::model_from_sys_descr(descr) {
        return Some(model);
    }
    let d = descr.trim();
    let d = match d.rsplit_once(' ') {
        Some((head, last)) if ["frame", "chassis"].iter().any(|w| last.eq_ignore_ascii_case(w)) => head.trim_end(),
        _ => d,
    };
    let numbered = d.split_whitespace().any(|w| w.bytes().any(|b| b.is_ascii_digit()) && w.len() >= 3);
    let ok = !d.is_empty() && d.len() <= 40 && numbered && !d.contains(char::is_control);
    ok.then_some(d)
}

/// `710-030012`: digits and dashes only.
fn is_part_number(model: &str) -> bool {
    model.chars().all(|c| c.is_ascii_digit() || c == '-') && model.chars().any(|c| c.is_ascii_digit())
}

/// `descr_os` is what sysDescr says ([`firmware::from_sys_descr`]).
fn os_of(
    descr_os: Option<firmware::OsInfo>,
    vendor: Option<&str>,
    chassis: Option<&Component>,
    facts: &VendorFacts,
) -> FamilyAndVersion {
    let (index, sw, fw) = match chassis {
        Some(c) => (c.index, c.software_rev.as_deref(), c.firmware_rev.as_deref()),
        None => (0, None, None),
    };
    let from_entity = format!("ENTITY-MIB software/firmware revision of chassis {index}");
    // Where no parser reads a version, the revision as the device words it is still the
    // device's own statement; it matches no release cycle, so the status stays unknown.
    let raw = || revision_of(chassis).or_else(|| facts.firmware.clone());
    if let Some(os) = descr_os {
        let version = match os.version {
            Some(v) => Some(sourced(&v, "sysDescr")),
            None => firmware::version_from_entity(os.family, sw, fw)
                .map(|v| sourced(&v, &from_entity))
                .or_else(|| vendor_version(os.family, facts))
                .or_else(raw),
        };
        return (Some(sourced(os.family, "sysDescr")), version);
    }
    if let Some(os) = firmware::from_entity(vendor, sw, fw) {
        let family = sourced(os.family, &format!("vendor and {from_entity}"));
        let version = os.version.map(|v| sourced(&v, &from_entity)).or_else(|| vendor_version(os.family, facts));
        return (Some(family), version.or_else(raw));
    }
    (None, raw())
}

/// An OS family and its version, each with its source.
type FamilyAndVersion = (Option<Sourced<String>>, Option<Sourced<String>>);

/// The OS of a product arc every device of which runs one OS (`vendor::os_from_object_id`),
/// with the version its firmware object or chassis revision gives.
fn os_from_product(system: &SystemGroup, chassis: Option<&Component>, facts: &VendorFacts) -> Option<FamilyAndVersion> {
    let oid = system.object_id.as_deref()?;
    let family = vendor::os_from_object_id(oid)?;
    let version = vendor_version(family, facts).or_else(|| {
        let c = chassis?;
        let v = firmware::version_from_entity(family, c.software_rev.as_deref(), c.firmware_rev.as_deref())?;
        Some(sourced(&v, &format!("ENTITY-MIB software/firmware revision of chassis {}", c.index)))
    });
    Some((Some(sourced(family, &format!("sysObjectID {oid}"))), version))
}

/// The version in a vendor firmware object, read as the family's parser reads a revision
/// (`11.0(1)B3P3T5` of Ruijie's `N18000_RGOS 11.0(1)B3P3T5, Release(05131117)`).
fn vendor_version(family: &str, facts: &VendorFacts) -> Option<Sourced<String>> {
    let object = facts.firmware.as_ref()?;
    let version = firmware::version_from_entity(family, Some(&object.value), None)?;
    Some(sourced(&version, &object.source))
}

/// The chassis software (else firmware) revision as the device words it, when no known
/// OS family explains it.
fn revision_of(chassis: Option<&Component>) -> Option<Sourced<String>> {
    let c = chassis?;
    if let Some(sw) = &c.software_rev {
        return Some(sourced(sw, &format!("ENTITY-MIB entPhysicalSoftwareRev of chassis {}", c.index)));
    }
    let fw = c.firmware_rev.as_ref()?;
    Some(sourced(fw, &format!("ENTITY-MIB entPhysicalFirmwareRev of chassis {}", c.index)))
}

fn sourced(value: &str, source: &str) -> Sourced<String> {
    Sourced { value: value.to_string(), source: source.to_string() }
}

#[cfg(test)]
mod tests;
