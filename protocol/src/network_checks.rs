//! Validation of network-device reports (see `decode` for the shared rules).

use chrono::{DateTime, Utc};

use crate::decode::{InputError, check_tags, free_text, not_future_date, opt_text, sourced, text};
use crate::{Component, Neighbour, NetworkDevice};

/// More entities than any real chassis has: a stack of 9 large modular switches has a few
/// thousand; beyond this the agent's row cap was not applied.
const MAX_ENTITIES: usize = 20_000;

/// More neighbours than ports on the largest chassis, with a few per port.
const MAX_NEIGHBOURS: usize = 20_000;

/// The poller notes at most a line per entity and vendor object.
const MAX_NOTES: usize = MAX_ENTITIES + 100;

pub(crate) fn validate_network(d: &NetworkDevice, latest: DateTime<Utc>) -> Result<(), InputError> {
    if d.identity.device_id.is_nil() {
        return Err(InputError::new("device.identity.device_id", "must not be the nil UUID"));
    }
    text("device.identity.address", &d.identity.address, true)?;
    let r = &d.reachability;
    opt_text("device.reachability.reason", &r.reason)?;
    if !r.reachable && r.reason.is_none() {
        return Err(InputError::new("device.reachability.reason", "an unreachable device needs a reason"));
    }
    if !r.reachable && (d.system.is_some() || !d.chassis.is_empty() || !d.components.is_empty()) {
        return Err(InputError::new("device.reachability.reachable", "an unreachable device cannot carry inventory"));
    }
    if let Some(s) = &d.system {
        // Devices write sysDescr, sysContact and sysLocation over several lines.
        for (field, value) in [
            ("device.system.descr", &s.descr),
            ("device.system.location", &s.location),
            ("device.system.contact", &s.contact),
        ] {
            if let Some(value) = value {
                free_text(field, value, true)?;
            }
        }
        opt_text("device.system.object_id", &s.object_id)?;
        opt_text("device.system.name", &s.name)?;
        if let Some(oid) = &s.object_id
            && !is_dotted_oid(oid)
        {
            return Err(InputError::new("device.system.object_id", format!("{oid:?} is not a dotted OID")));
        }
    }
    let derived = &d.derived;
    for (field, value) in [
        ("device.derived.vendor", &derived.vendor),
        ("device.derived.model", &derived.model),
        ("device.derived.category", &derived.category),
        ("device.derived.os_family", &derived.os_family),
        ("device.derived.os_version", &derived.os_version),
        ("device.derived.serial", &derived.serial),
    ] {
        sourced(field, value)?;
    }
    if let Some(date) = &derived.manufactured {
        text("device.derived.manufactured.source", &date.source, true)?;
        not_future_date("device.derived.manufactured.value", date.value, latest)?;
    }
    if d.chassis.len() + d.components.len() > MAX_ENTITIES {
        return Err(InputError::new("device.components", format!("more than {MAX_ENTITIES} entities")));
    }
    for (list, items) in [("device.chassis", &d.chassis), ("device.components", &d.components)] {
        for (i, c) in items.iter().enumerate() {
            component(&format!("{list}[{i}]"), c, latest)?;
        }
    }
    if !d.reachability.reachable && !d.neighbours.is_empty() {
        return Err(InputError::new("device.neighbours", "an unreachable device cannot carry neighbours"));
    }
    if d.neighbours.len() > MAX_NEIGHBOURS {
        return Err(InputError::new("device.neighbours", format!("more than {MAX_NEIGHBOURS} neighbours")));
    }
    for (i, n) in d.neighbours.iter().enumerate() {
        neighbour(&format!("device.neighbours[{i}]"), n)?;
    }
    if let Some(local) = &d.lldp_local {
        if !d.reachability.reachable {
            return Err(InputError::new("device.lldp_local", "an unreachable device cannot carry what it answered"));
        }
        opt_text("device.lldp_local.chassis_id", &local.chassis_id)?;
        opt_text("device.lldp_local.name", &local.name)?;
    }
    if d.notes.len() > MAX_NOTES {
        return Err(InputError::new("device.notes", format!("more than {MAX_NOTES} notes")));
    }
    for (i, note) in d.notes.iter().enumerate() {
        text(format_args!("device.notes[{i}]"), note, true)?;
    }
    check_tags(&d.tags)
}

fn component(field: &str, c: &Component, latest: DateTime<Utc>) -> Result<(), InputError> {
    for (name, value) in [
        ("description", &c.description),
        ("name", &c.name),
        ("model", &c.model),
        ("hardware_rev", &c.hardware_rev),
        ("firmware_rev", &c.firmware_rev),
        ("software_rev", &c.software_rev),
        ("serial", &c.serial),
        ("manufacturer", &c.manufacturer),
        ("source", &c.source),
    ] {
        opt_text(format_args!("{field}.{name}"), value)?;
    }
    if let Some(date) = c.manufactured {
        not_future_date(&format!("{field}.manufactured"), date, latest)?;
    }
    Ok(())
}

fn neighbour(field: &str, n: &Neighbour) -> Result<(), InputError> {
    for (name, value) in [
        ("local_port", &n.local_port),
        ("name", &n.name),
        ("port", &n.port),
        ("chassis_id", &n.chassis_id),
        ("platform", &n.platform),
        ("address", &n.address),
    ] {
        opt_text(format_args!("{field}.{name}"), value)?;
    }
    if n.name.is_none() && n.chassis_id.is_none() && n.address.is_none() {
        return Err(InputError::new(field, "a neighbour needs a name, chassis id or address"));
    }
    Ok(())
}

fn is_dotted_oid(oid: &str) -> bool {
    let parts: Vec<&str> = oid.split('.').collect();
    parts.len() >= 2 && parts.len() <= 128 && parts.iter().all(|p| !p.is_empty() && p.parse::<u32>().is_ok())
}
