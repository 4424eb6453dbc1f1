//! The tracked facts of the vSphere poller's reports: configuration, not the power state or
//! disk use, which move too often to be history.

use std::collections::BTreeMap;

use arsring_protocol::{Hypervisor, Placement, VirtualMachine};

type Facts = BTreeMap<String, String>;

fn put(out: &mut Facts, key: &str, value: Option<String>) {
    if let Some(v) = value {
        out.insert(key.to_string(), v);
    }
}

fn placement(p: &Placement, out: &mut Facts) {
    put(out, "vcenter", Some(p.vcenter_name.clone()));
    put(out, "datacenter", p.datacenter.clone());
    put(out, "cluster", p.cluster.clone());
}

fn attributes(map: &BTreeMap<String, String>, out: &mut Facts) {
    for (key, value) in map {
        put(out, &format!("custom_attributes.{key}"), Some(value.clone()));
    }
}

pub(super) fn hypervisor_facts(h: &Hypervisor, out: &mut Facts) {
    put(out, "name", Some(h.name.clone()));
    placement(&h.placement, out);
    put(out, "hardware.vendor", h.vendor.clone());
    put(out, "hardware.model", h.model.clone());
    put(out, "hardware.serial", h.serial.as_ref().map(|s| s.value.clone()));
    put(out, "hardware.asset_tag", h.asset_tag.clone());
    put(out, "hardware.bios.version", h.bios.version.clone());
    put(out, "hardware.bios.release_date", h.bios.release_date.map(|d| d.to_string()));
    put(out, "hardware.cpu.model", h.cpu.model.clone());
    put(out, "hardware.cpu.sockets", h.cpu.sockets.map(|n| n.to_string()));
    put(out, "hardware.cpu.cores", h.cpu.cores.map(|n| n.to_string()));
    put(out, "hardware.memory_bytes", h.memory_bytes.map(|n| n.to_string()));
    if let Some(p) = &h.product {
        put(out, "product", Some(format!("{} {}", p.name, p.version)));
        put(out, "product.build", p.build.clone());
    }
    attributes(&h.custom_attributes, out);
}

pub(super) fn vm_facts(vm: &VirtualMachine, out: &mut Facts) {
    put(out, "name", Some(vm.name.clone()));
    placement(&vm.placement, out);
    put(out, "bios_uuid", vm.bios_uuid.map(|u| u.to_string()));
    put(out, "host", vm.host.clone());
    put(out, "folder", vm.folder.clone());
    put(out, "resource_pool", vm.resource_pool.clone());
    put(out, "guest.configured_id", vm.guest.configured_id.clone());
    put(out, "guest.tools_name", vm.guest.tools_name.clone());
    put(out, "guest.hostname", vm.guest.hostname.clone());
    let a = &vm.allocation;
    put(out, "allocation.vcpu", a.vcpu.map(|n| n.to_string()));
    put(out, "allocation.memory_bytes", a.memory_bytes.map(|n| n.to_string()));
    put(out, "allocation.disk_provisioned_bytes", a.disk_provisioned_bytes.map(|n| n.to_string()));
    for mac in &vm.mac_addresses {
        put(out, &format!("mac.{mac}"), Some("present".into()));
    }
    attributes(&vm.custom_attributes, out);
    for tag in vm.tags.iter().flatten() {
        put(out, &format!("tags.{tag}"), Some("present".into()));
    }
}
