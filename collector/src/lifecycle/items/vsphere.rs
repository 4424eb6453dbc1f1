//! Lifecycle items of the vSphere poller's devices: an ESXi host ages like any server and
//! is retired by its ESXi release; a VM has no hardware age and is retired by its guest OS.

use arsring_protocol::{Hypervisor, VirtualMachine};

use super::{first_seen, from_register};
use crate::lifecycle::assets::AssetIndex;
use crate::lifecycle::model::{AgeSource, Category, InService, Item, Software};
use crate::store::DeviceRecord;

pub(super) fn hypervisor_item(record: &DeviceRecord, h: &Hypervisor, assets: &AssetIndex) -> Item {
    let serial = h.serial.as_ref().map(|s| s.value.clone());
    let asset = assets.lookup(serial.as_deref(), &[h.name.as_str()]);
    let in_service = from_register(asset)
        .or_else(|| h.bios.release_date.map(|date| InService { date, source: AgeSource::BiosDate }))
        .or(Some(first_seen(record.first_seen)));
    Item {
        id: record.device_id.to_string(),
        device_id: record.device_id,
        device_name: h.name.clone(),
        component_index: None,
        category: asset.and_then(|a| a.category).unwrap_or(Category::HypervisorHost),
        vendor: h.vendor.clone(),
        model: h.model.clone(),
        serial,
        site: asset.and_then(|a| a.site.clone()).or_else(|| h.placement.datacenter.clone()),
        department: asset.and_then(|a| a.department.clone()),
        in_service,
        // `VMware ESXi 7.0.3` maps to endoflife.date's `esxi` release `7.0`.
        software: h.product.as_ref().map(|p| Software { family: p.name.clone(), version: p.version.clone() }),
        purchase_cost: asset.and_then(|a| a.purchase_cost),
        warranty_end: asset.and_then(|a| a.warranty_end),
        last_seen: record.last_seen,
    }
}

pub(super) fn vm_item(record: &DeviceRecord, vm: &VirtualMachine, assets: &AssetIndex) -> Item {
    let names: Vec<&str> = [Some(vm.name.as_str()), vm.guest.hostname.as_deref()].into_iter().flatten().collect();
    let asset = assets.lookup(None, &names);
    // Only a release the guest's id or name states; a family alone is no release cycle.
    let software = vm.guest.os.as_ref().and_then(|os| {
        let version = os.value.version.clone()?;
        Some(Software { family: os.value.family.clone(), version })
    });
    Item {
        id: record.device_id.to_string(),
        device_id: record.device_id,
        device_name: vm.name.clone(),
        component_index: None,
        category: Category::VirtualMachine,
        vendor: Some("VMware".into()),
        model: None,
        serial: None,
        site: asset.and_then(|a| a.site.clone()).or_else(|| vm.placement.datacenter.clone()),
        department: asset.and_then(|a| a.department.clone()),
        // A VM is not bought: no in-service date unless the register gives one.
        in_service: from_register(asset),
        software,
        purchase_cost: asset.and_then(|a| a.purchase_cost),
        warranty_end: asset.and_then(|a| a.warranty_end),
        last_seen: record.last_seen,
    }
}
