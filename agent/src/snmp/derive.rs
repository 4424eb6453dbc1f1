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
    if let Some(c) = chassis
        && let Some(model) = &c.model
    {
        return Some(sourced(model, &format!("ENTITY-MIB entPhysicalModelName of chassis {}", c.index)));
    }
    if let Some(oid) = system.object_id.as_deref()
        && let Some(model) = vendor::model_from_object_id(oid)
    {
        return Some(sourced(model, &format!("sysObjectID {oid}")));
    }
    let descr = system.descr.as_deref()?.lines().next()?.trim();
    (!descr.is_empty()).then(|| sourced(&descr.chars().take(120).collect::<String>(), "sysDescr (first line)"))
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
