//! Charge facts of the vSphere poller's devices: an ESXi host is a physical server, a VM a
//! virtual one sized by what vSphere allocates it, both with where vCenter places them.

use arsring_protocol::{Hypervisor, VirtualMachine};

use crate::costs::model::ServerClass;
use crate::costs::servers::{ServerFacts, VsphereFacts, VsphereRole};
use crate::lifecycle::assets::AssetIndex;
use crate::store::DeviceRecord;

pub(super) fn host_facts(record: &DeviceRecord, h: &Hypervisor, assets: &AssetIndex) -> ServerFacts {
    let serial = h.serial.as_ref().map(|s| s.value.as_str());
    let asset = assets.lookup(serial, &[h.name.as_str()]);
    ServerFacts {
        device_id: record.device_id,
        hostname: h.name.clone(),
        site: asset.and_then(|a| a.site.clone()).or_else(|| h.placement.datacenter.clone()),
        class: Some(ServerClass::Physical),
        vcpu: h.cpu.threads,
        ram_bytes: h.memory_bytes.unwrap_or(0),
        disk_bytes: 0,
        first_seen: record.first_seen.date_naive(),
        last_seen: record.last_seen.date_naive(),
        tag_timeline: vec![(record.first_seen.date_naive(), None)],
        asset_department: asset.and_then(|a| a.department.clone()),
        addresses: h.addresses.clone(),
        // Hosts sit in no VM folder, and the poller reads tags for VMs only.
        vsphere: Some(VsphereFacts {
            vcenter: h.placement.vcenter.clone(),
            role: VsphereRole::Host,
            folder: None,
            tags: None,
            attributes: h.custom_attributes.clone(),
            power: h.power_state,
        }),
    }
}

pub(super) fn vm_facts(record: &DeviceRecord, vm: &VirtualMachine, assets: &AssetIndex) -> ServerFacts {
    let names: Vec<&str> = [Some(vm.name.as_str()), vm.guest.hostname.as_deref()].into_iter().flatten().collect();
    let asset = assets.lookup(None, &names);
    let facts = ServerFacts {
        device_id: record.device_id,
        hostname: vm.name.clone(),
        site: asset.and_then(|a| a.site.clone()).or_else(|| vm.placement.datacenter.clone()),
        class: Some(ServerClass::Virtual),
        vcpu: 0,
        ram_bytes: 0,
        disk_bytes: 0,
        first_seen: record.first_seen.date_naive(),
        last_seen: record.last_seen.date_naive(),
        tag_timeline: vec![(record.first_seen.date_naive(), None)],
        asset_department: asset.and_then(|a| a.department.clone()),
        addresses: vm.guest.addresses.clone(),
        vsphere: None,
    };
    with_vm(facts, vm)
}

/// What vSphere says of a VM, over what the agent in it (if any) says: what it is
/// allocated, where vCenter places it, and whether it runs.
pub(super) fn with_vm(facts: ServerFacts, vm: &VirtualMachine) -> ServerFacts {
    let a = &vm.allocation;
    ServerFacts {
        vcpu: a.vcpu.unwrap_or(facts.vcpu),
        ram_bytes: a.memory_bytes.unwrap_or(facts.ram_bytes),
        disk_bytes: a.disk_provisioned_bytes.unwrap_or(facts.disk_bytes),
        class: Some(ServerClass::Virtual),
        vsphere: Some(VsphereFacts {
            vcenter: vm.placement.vcenter.clone(),
            role: VsphereRole::Vm { host: vm.host.clone() },
            folder: vm.folder.clone(),
            tags: vm.tags.clone(),
            attributes: vm.custom_attributes.clone(),
            power: vm.power_state,
        }),
        ..facts
    }
}
