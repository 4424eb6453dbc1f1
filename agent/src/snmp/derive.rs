//! From raw answers to the facts a technician reads: vendor, model, category, OS and
//! firmware version, serial. Each fact says where it came from, and a fact nothing supports
//! stays unknown.

use arsring_protocol::{Component, Derived, Sourced, SystemGroup};

use super::{firmware, vendor};

pub fn derive(
    system: &SystemGroup,
    sys_services: Option<u8>,
    chassis: &[Component],
    category: Option<&str>,
) -> Derived {
    let first_chassis = main_chassis(chassis);
    let descr = system.descr.as_deref().unwrap_or("");
    let vendor = vendor_of(system, first_chassis);
    let model = model_of(system, first_chassis);
    let (os_family, os_version) = os_of(descr, vendor.as_ref().map(|v| v.value.as_str()), first_chassis);
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
    let serial = first_chassis.and_then(|c| {
        let serial = c.serial.as_ref()?;
        Some(sourced(serial, &format!("ENTITY-MIB entPhysicalSerialNum of chassis {}", c.index)))
    });
    Derived { vendor, model, category, os_family, os_version, serial }
}

/// The chassis that speaks for the device: of a stack, the lowest-numbered one with a serial.
pub fn main_chassis(chassis: &[Component]) -> Option<&Component> {
    let mut sorted: Vec<&Component> = chassis.iter().collect();
    sorted.sort_by_key(|c| c.index);
    sorted.iter().find(|c| c.serial.is_some()).or(sorted.first()).copied()
}

fn vendor_of(system: &SystemGroup, chassis: Option<&Component>) -> Option<Sourced<String>> {
    let from_oid = system.object_id.as_deref().and_then(|oid| {
        let number = vendor::enterprise(oid)?;
        let name = vendor::vendor(number)?;
        Some(sourced(name, &format!("sysObjectID enterprise number {number}")))
    });
    from_oid.or_else(|| {
        let c = chassis?;
        Some(sourced(c.manufacturer.as_ref()?, &format!("ENTITY-MIB entPhysicalMfgName of chassis {}", c.index)))
    })
}

fn model_of(system: &SystemGroup, chassis: Option<&Component>) -> Option<Sourced<String>> {
    // Juniper fills entPhysicalModelName with a part number (`710-030012`); a product name
    // from sysObjectID or sysDescr serves the technician better.
    let chassis_model = chassis.and_then(|c| c.model.as_deref().map(|m| (c.index, m)));
    if let Some((index, model)) = chassis_model
        && !is_part_number(model)
    {
        return Some(sourced(model, &format!("ENTITY-MIB entPhysicalModelName of chassis {index}")));
    }
    if let Some(oid) = system.object_id.as_deref()
        && let Some(model) = vendor::model_from_object_id(oid)
    {
        return Some(sourced(model, &format!("sysObjectID {oid}")));
    }
    let descr = system.descr.as_deref().unwrap_or("");
    if let Some(model) = firmware::model_from_sys_descr(descr) {
        return Some(sourced(model, "sysDescr"));
    }
    if let Some((index, model)) = chassis_model {
        return Some(sourced(model, &format!("ENTITY-MIB entPhysicalModelName of chassis {index} (a part number)")));
    }
    let first_line = descr.lines().next()?.trim();
    (!first_line.is_empty())
        .then(|| sourced(&first_line.chars().take(120).collect::<String>(), "sysDescr (first line)"))
}

/// `710-030012`: digits and dashes only.
fn is_part_number(model: &str) -> bool {
    model.chars().all(|c| c.is_ascii_digit() || c == '-') && model.chars().any(|c| c.is_ascii_digit())
}

fn os_of(
    descr: &str,
    vendor: Option<&str>,
    chassis: Option<&Component>,
) -> (Option<Sourced<String>>, Option<Sourced<String>>) {
    let (index, sw, fw) = match chassis {
        Some(c) => (c.index, c.software_rev.as_deref(), c.firmware_rev.as_deref()),
        None => (0, None, None),
    };
    let from_entity = format!("ENTITY-MIB software/firmware revision of chassis {index}");
    if let Some(os) = firmware::from_sys_descr(descr) {
        let version = match os.version {
            Some(v) => Some(sourced(&v, "sysDescr")),
            None => firmware::version_from_entity(os.family, sw, fw).map(|v| sourced(&v, &from_entity)),
        };
        return (Some(sourced(os.family, "sysDescr")), version);
    }
    if let Some(os) = firmware::from_entity(vendor, sw, fw) {
        let family = sourced(os.family, &format!("vendor and {from_entity}"));
        return (Some(family), os.version.map(|v| sourced(&v, &from_entity)));
    }
    (None, revision_of(chassis))
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
