//! The tracked facts of the vSphere poller's reports: configuration, not the power state or
//! disk use, which move too often to be history.

use std::collections::BTreeMap;

use arsring_protocol::{Hypervisor, Placement, VirtualMachine};

use super::Sink;

fn placement(p: &Placement, out: &mut impl Sink) {
    out.fact("vcenter", &p.vcenter_name);
    out.maybe("datacenter", p.datacenter.as_ref());
    out.maybe("cluster", p.cluster.as_ref());
}

fn attributes(map: &BTreeMap<String, String>, out: &mut impl Sink) {
    for (key, value) in map {
        out.fact(format_args!("custom_attributes.{key}"), value);
    }
}

pub(super) fn hypervisor_facts(h: &Hypervisor, out: &mut impl Sink) {
    out.fact("name", &h.name);
    placement(&h.placement, out);
    out.maybe("hardware.vendor", h.vendor.as_ref());
    out.maybe("hardware.model", h.model.as_ref());
    out.maybe("hardware.serial", h.serial.as_ref().map(|s| &s.value));
    out.maybe("hardware.asset_tag", h.asset_tag.as_ref());
    out.maybe("hardware.bios.version", h.bios.version.as_ref());
    out.maybe("hardware.bios.release_date", h.bios.release_date);
    out.maybe("hardware.cpu.model", h.cpu.model.as_ref());
    out.maybe("hardware.cpu.sockets", h.cpu.sockets);
    out.maybe("hardware.cpu.cores", h.cpu.cores);
    out.maybe("hardware.memory_bytes", h.memory_bytes);
    if let Some(p) = &h.product {
        out.fact("product", format_args!("{} {}", p.name, p.version));
        out.maybe("product.build", p.build.as_ref());
    }
    attributes(&h.custom_attributes, out);
}

pub(super) fn vm_facts(vm: &VirtualMachine, out: &mut impl Sink) {
    out.fact("name", &vm.name);
    placement(&vm.placement, out);
    out.maybe("bios_uuid", vm.bios_uuid);
    out.maybe("host", vm.host.as_ref());
    out.maybe("folder", vm.folder.as_ref());
    out.maybe("resource_pool", vm.resource_pool.as_ref());
    out.maybe("guest.configured_id", vm.guest.configured_id.as_ref());
    out.maybe("guest.tools_name", vm.guest.tools_name.as_ref());
    out.maybe("guest.hostname", vm.guest.hostname.as_ref());
    let a = &vm.allocation;
    out.maybe("allocation.vcpu", a.vcpu);
    out.maybe("allocation.memory_bytes", a.memory_bytes);
    out.maybe("allocation.disk_provisioned_bytes", a.disk_provisioned_bytes);
    for mac in &vm.mac_addresses {
        out.fact(format_args!("mac.{mac}"), "present");
    }
    attributes(&vm.custom_attributes, out);
    for tag in vm.tags.iter().flatten() {
        out.fact(format_args!("tags.{tag}"), "present");
    }
}
