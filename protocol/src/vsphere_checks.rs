//! Validation of the vSphere poller's reports (see `decode` for the shared rules).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::decode::{InputError, check_macs, free_text, not_future_date, opt_text, sourced, text};
use crate::{Hypervisor, Placement, VirtualMachine};

/// More attributes or tags than any vCenter defines for one object.
const MAX_ATTRIBUTES: usize = 256;
const MAX_VM_ADDRESSES: usize = 1024;
const MAX_MEMORY_BYTES: u64 = 1 << 50;
const MAX_DISK_BYTES: u64 = 1 << 60;
const MAX_CPUS: u32 = 1 << 16;
/// A VM's annotation is free text; vCenter allows much more than other fields.
const MAX_ANNOTATION: usize = 64 * 1024;

pub(crate) fn validate_hypervisor(h: &Hypervisor, latest: DateTime<Utc>) -> Result<(), InputError> {
    if h.device_id.is_nil() {
        return Err(InputError::new("device.device_id", "must not be the nil UUID"));
    }
    text("device.name", &h.name, true)?;
    placement(&h.placement)?;
    if let Some(a) = &h.absent {
        text("device.absent.reason", &a.reason, true)?;
    }
    for (field, value) in [
        ("device.vendor", h.vendor.as_deref()),
        ("device.model", h.model.as_deref()),
        ("device.asset_tag", h.asset_tag.as_deref()),
        ("device.bios.vendor", h.bios.vendor.as_deref()),
        ("device.bios.version", h.bios.version.as_deref()),
        ("device.cpu.model", h.cpu.model.as_deref()),
        ("device.connection_state", h.connection_state.as_deref()),
    ] {
        opt_text(field, &value)?;
    }
    sourced("device.serial", &h.serial)?;
    if let Some(date) = h.bios.release_date {
        not_future_date("device.bios.release_date", date, latest)?;
    }
    if h.cpu.threads > MAX_CPUS {
        return Err(InputError::new("device.cpu.threads", "must be at most 65536"));
    }
    memory("device.memory_bytes", h.memory_bytes)?;
    if let Some(p) = &h.product {
        text("device.product.name", &p.name, true)?;
        text("device.product.version", &p.version, true)?;
        opt_text("device.product.build", &p.build)?;
        opt_text("device.product.full_name", &p.full_name)?;
    }
    if h.addresses.len() > MAX_VM_ADDRESSES {
        return Err(InputError::new("device.addresses", format!("more than {MAX_VM_ADDRESSES} addresses")));
    }
    attributes("device.custom_attributes", &h.custom_attributes)
}

pub(crate) fn validate_vm(vm: &VirtualMachine) -> Result<(), InputError> {
    if vm.device_id.is_nil() {
        return Err(InputError::new("device.device_id", "must not be the nil UUID"));
    }
    text("device.name", &vm.name, true)?;
    placement(&vm.placement)?;
    if let Some(a) = &vm.absent {
        text("device.absent.reason", &a.reason, true)?;
    }
    for (field, value) in [
        ("device.host", &vm.host),
        ("device.folder", &vm.folder),
        ("device.resource_pool", &vm.resource_pool),
        ("device.guest.configured_id", &vm.guest.configured_id),
        ("device.guest.configured_name", &vm.guest.configured_name),
        ("device.guest.tools_id", &vm.guest.tools_id),
        ("device.guest.tools_name", &vm.guest.tools_name),
        ("device.guest.tools_running", &vm.guest.tools_running),
        ("device.guest.hostname", &vm.guest.hostname),
    ] {
        opt_text(field, value)?;
    }
    if let Some(os) = &vm.guest.os {
        text("device.guest.os.value.family", &os.value.family, true)?;
        opt_text("device.guest.os.value.version", &os.value.version)?;
        text("device.guest.os.source", &os.source, true)?;
    }
    if vm.guest.addresses.len() > MAX_VM_ADDRESSES {
        return Err(InputError::new("device.guest.addresses", format!("more than {MAX_VM_ADDRESSES} addresses")));
    }
    check_macs("device.mac_addresses", &vm.mac_addresses)?;
    allocation(vm)?;
    if let Some(note) = &vm.annotation {
        if note.len() > MAX_ANNOTATION {
            return Err(InputError::new("device.annotation", format!("longer than {MAX_ANNOTATION} bytes")));
        }
        if note.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            return Err(InputError::new("device.annotation", "contains control characters"));
        }
    }
    attributes("device.custom_attributes", &vm.custom_attributes)?;
    if let Some(tags) = &vm.tags {
        if tags.len() > MAX_ATTRIBUTES {
            return Err(InputError::new("device.tags", format!("more than {MAX_ATTRIBUTES} tags")));
        }
        for (i, tag) in tags.iter().enumerate() {
            text(format_args!("device.tags[{i}]"), tag, true)?;
        }
    }
    Ok(())
}

fn placement(p: &Placement) -> Result<(), InputError> {
    text("device.placement.vcenter", &p.vcenter, true)?;
    text("device.placement.vcenter_name", &p.vcenter_name, true)?;
    text("device.placement.moref", &p.moref, true)?;
    opt_text("device.placement.datacenter", &p.datacenter)?;
    opt_text("device.placement.cluster", &p.cluster)
}

fn allocation(vm: &VirtualMachine) -> Result<(), InputError> {
    let a = &vm.allocation;
    if let Some(vcpu) = a.vcpu
        && (vcpu == 0 || vcpu > MAX_CPUS)
    {
        return Err(InputError::new("device.allocation.vcpu", "must be between 1 and 65536"));
    }
    memory("device.allocation.memory_bytes", a.memory_bytes)?;
    for (field, value) in [
        ("device.allocation.disk_provisioned_bytes", a.disk_provisioned_bytes),
        ("device.allocation.disk_used_bytes", a.disk_used_bytes),
    ] {
        if value.is_some_and(|v| v > MAX_DISK_BYTES) {
            return Err(InputError::new(field, "absurd size (over 2^60 bytes)"));
        }
    }
    Ok(())
}

fn memory(field: &str, value: Option<u64>) -> Result<(), InputError> {
    match value {
        Some(mem) if mem == 0 || mem > MAX_MEMORY_BYTES => Err(InputError::new(field, "must be between 1 and 2^50")),
        _ => Ok(()),
    }
}

fn attributes(field: &str, map: &BTreeMap<String, String>) -> Result<(), InputError> {
    if map.len() > MAX_ATTRIBUTES {
        return Err(InputError::new(field, format!("more than {MAX_ATTRIBUTES} attributes")));
    }
    for (key, value) in map {
        text(format_args!("{field} (key)"), key, true)?;
        // Free text in vCenter, so it may span lines like an annotation.
        free_text(format_args!("{field}.{key}"), value, false)?;
    }
    Ok(())
}
