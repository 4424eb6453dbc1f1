//! What changed between two reports of a device, for its history.
//!
//! Only configuration facts are compared (identity, hardware, OS, tags, when it was last
//! patched); utilisation and pending-update counts move with every report and would drown
//! the history in noise.

mod vsphere;

use std::collections::BTreeMap;

use arsring_protocol::{Device, NetworkDevice, Report, Server};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Change {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A report's tracked facts as `field → value`; absent or unknown facts are left out.
pub fn facts(report: &Report) -> BTreeMap<String, String> {
    let mut facts = BTreeMap::new();
    facts.insert("agent.version".into(), report.agent.version.clone());
    match &report.device {
        Device::Server(server) => server_facts(server, &mut facts),
        Device::Network(device) => network_facts(device, &mut facts),
        Device::Hypervisor(host) => vsphere::hypervisor_facts(host, &mut facts),
        Device::VirtualMachine(vm) => vsphere::vm_facts(vm, &mut facts),
    }
    facts
}

fn network_facts(d: &NetworkDevice, out: &mut BTreeMap<String, String>) {
    let mut put = |key: String, value: Option<String>| {
        if let Some(v) = value {
            out.insert(key, v);
        }
    };
    put("address".into(), Some(d.identity.address.clone()));
    if let Some(s) = &d.system {
        put("system.name".into(), s.name.clone());
        put("system.object_id".into(), s.object_id.clone());
        put("system.location".into(), s.location.clone());
        put("system.contact".into(), s.contact.clone());
    }
    let v = |s: &Option<arsring_protocol::Sourced<String>>| s.as_ref().map(|s| s.value.clone());
    put("vendor".into(), v(&d.derived.vendor));
    put("model".into(), v(&d.derived.model));
    put("category".into(), v(&d.derived.category));
    put("os_family".into(), v(&d.derived.os_family));
    put("os_version".into(), v(&d.derived.os_version));
    put("serial".into(), v(&d.derived.serial));
    put("port_count".into(), Some(d.port_count.to_string()));
    // Components are keyed by serial where they have one: a swapped power supply shows as one
    // removed and one added, even if the device renumbered its entities.
    for c in d.chassis.iter().chain(&d.components) {
        let key = match &c.serial {
            Some(serial) => format!("{}.{serial}", c.class.as_str()),
            None => format!("{}.index{}", c.class.as_str(), c.index),
        };
        let description = [c.model.as_deref(), c.description.as_deref(), c.software_rev.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        put(key, Some(description));
    }
    put("tags.department".into(), d.tags.department.clone());
    put("tags.site".into(), d.tags.site.clone());
    put("tags.owner".into(), d.tags.owner.clone());
    for (key, value) in &d.tags.extra {
        put(format!("tags.extra.{key}"), Some(value.clone()));
    }
}

fn server_facts(s: &Server, out: &mut BTreeMap<String, String>) {
    let mut put = |key: &str, value: Option<String>| {
        if let Some(v) = value {
            out.insert(key.to_string(), v);
        }
    };
    let hw = &s.hardware;
    put("hostname", Some(s.identity.hostname.clone()));
    put("fqdn", s.identity.fqdn.clone());
    put("hardware.vendor", hw.vendor.clone());
    put("hardware.model", hw.model.clone());
    put("hardware.serial", hw.serial.clone());
    put("hardware.chassis_type", hw.chassis_type.clone());
    put("hardware.product_uuid", hw.product_uuid.map(|u| u.to_string()));
    put("hardware.bios.vendor", hw.bios.vendor.clone());
    put("hardware.bios.version", hw.bios.version.clone());
    put("hardware.bios.release_date", hw.bios.release_date.map(|d| d.to_string()));
    put("hardware.cpu.model", hw.cpu.model.clone());
    put("hardware.cpu.sockets", hw.cpu.sockets.map(|n| n.to_string()));
    put("hardware.cpu.cores", hw.cpu.cores.map(|n| n.to_string()));
    put("hardware.cpu.threads", Some(hw.cpu.threads.to_string()));
    put("hardware.memory_bytes", hw.memory_bytes.map(|n| n.to_string()));
    put("hardware.platform", Some(hw.platform.kind.as_str().to_string()));
    put("hardware.platform.technology", hw.platform.technology.clone());
    for disk in &hw.disks {
        let description = format!(
            "{} bytes, model {}, serial {}",
            disk.size_bytes,
            disk.model.as_deref().unwrap_or("unknown"),
            disk.serial.as_deref().unwrap_or("unknown")
        );
        put(&format!("hardware.disks.{}", disk.name), Some(description));
    }
    put("os.id", s.os.id.clone());
    put("os.version_id", s.os.version_id.clone());
    put("os.pretty_name", s.os.pretty_name.clone());
    put("os.kernel", s.os.kernel.clone());
    put("os.arch", s.os.arch.clone());
    put("patch.manager", s.patch.manager.map(|m| m.as_str().to_string()));
    put("patch.last_installed", s.patch.last_installed.as_ref().map(|l| l.value.to_rfc3339()));
    put("tags.department", s.tags.department.clone());
    put("tags.site", s.tags.site.clone());
    put("tags.owner", s.tags.owner.clone());
    for (key, value) in &s.tags.extra {
        put(&format!("tags.extra.{key}"), Some(value.clone()));
    }
}

/// A fingerprint of a report's facts: equal facts give equal fingerprints, and different
/// facts the same one with a chance of about 2⁻¹²⁸ (SipHash-1-3 with its 128-bit output, one
/// pass). In memory only.
pub fn fingerprint(facts: &BTreeMap<String, String>) -> u128 {
    use std::hash::Hash;
    let mut hasher = siphasher::sip128::SipHasher13::new();
    facts.hash(&mut hasher);
    siphasher::sip128::Hasher128::finish128(&hasher).as_u128()
}

/// Field-by-field differences, in field order.
pub fn diff(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<Change> {
    let mut fields: Vec<&String> = old.keys().chain(new.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| old.get(*f) != new.get(*f))
        .map(|f| Change { field: f.clone(), from: old.get(f).cloned(), to: new.get(f).cloned() })
        .collect()
}

#[cfg(test)]
mod tests;
