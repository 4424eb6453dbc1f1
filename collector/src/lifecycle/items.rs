//! From inventory records to lifecycle items: each server, each network device, each
//! stack member and each replaceable part of a network device, with its in-service date
//! and where that date came from.

mod vsphere;

#[cfg(test)]
mod tests;

use arsring_protocol::{Component, Device, EntityClass, NetworkDevice, PlatformKind, Server};
use chrono::{DateTime, Utc};

use super::assets::{Asset, AssetIndex, Register};
use super::model::{AgeSource, Category, InService, Item, Software};
use crate::store::DeviceRecord;

pub fn items(records: &[std::sync::Arc<DeviceRecord>], register: &Register) -> Vec<Item> {
    let assets = &register.index();
    let mut out = Vec::with_capacity(records.len() * 2);
    for record in records {
        push_device_items(record, assets, &mut out);
    }
    out
}

/// One device's items, appended to `out`: the device, and for a network device its stack
/// members and parts.
pub fn push_device_items(record: &DeviceRecord, assets: &AssetIndex, out: &mut Vec<Item>) {
    match &record.report.device {
        Device::Server(s) => out.push(server_item(record, s, assets)),
        Device::Network(n) => network_items(record, n, assets, out),
        Device::Hypervisor(h) => out.push(vsphere::hypervisor_item(record, h, assets)),
        Device::VirtualMachine(vm) => out.push(vsphere::vm_item(record, vm, assets)),
    }
}

fn server_item(record: &DeviceRecord, s: &Server, assets: &AssetIndex) -> Item {
    let names: Vec<&str> =
        [Some(s.identity.hostname.as_str()), s.identity.fqdn.as_deref()].into_iter().flatten().collect();
    let asset = assets.lookup(s.hardware.serial.as_deref(), &names);
    let tagged = s.tags.extra.get("category").and_then(|c| Category::parse(c));
    let category = asset.and_then(|a| a.category).or(tagged).unwrap_or(match s.hardware.platform.kind {
        PlatformKind::Virtual | PlatformKind::Container => Category::VirtualMachine,
        PlatformKind::Physical | PlatformKind::Unknown => Category::Server,
    });
    // A virtual machine has no hardware age: its BIOS date is the hypervisor's virtual
    // firmware, and "first seen" would retire it by a lifetime it does not have.
    let in_service = match category {
        Category::VirtualMachine => from_register(asset),
        _ => from_register(asset)
            .or_else(|| s.hardware.bios.release_date.map(|date| InService { date, source: AgeSource::BiosDate }))
            .or(Some(first_seen(record.first_seen))),
    };
    Item {
        id: record.device_id.to_string(),
        device_id: record.device_id,
        device_name: s.identity.hostname.to_string(),
        component_index: None,
        category,
        vendor: s.hardware.vendor.as_deref().map(Into::into),
        model: s.hardware.model.as_deref().map(Into::into),
        serial: s.hardware.serial.as_deref().map(Into::into),
        site: asset.and_then(|a| a.site.clone()).or_else(|| s.tags.site.as_deref().map(Into::into)),
        department: asset.and_then(|a| a.department.clone()).or_else(|| s.tags.department.as_deref().map(Into::into)),
        in_service,
        software: match (&s.os.id, &s.os.version_id) {
            (Some(family), Some(version)) => {
                Some(Software { family: family.to_string(), version: version.to_string() })
            }
            _ => None,
        },
        purchase_cost: asset.and_then(|a| a.purchase_cost),
        warranty_end: asset.and_then(|a| a.warranty_end),
        last_seen: record.last_seen,
    }
}

fn network_items(record: &DeviceRecord, n: &NetworkDevice, assets: &AssetIndex, out: &mut Vec<Item>) {
    let value = |s: &Option<arsring_protocol::Sourced<String>>| s.as_ref().map(|s| s.value.clone());
    let sys_name = n.system.as_ref().and_then(|s| s.name.clone());
    let name = sys_name.clone().unwrap_or_else(|| n.identity.address.clone());
    let host = n.identity.address.rsplit_once(':').map_or(n.identity.address.as_str(), |(h, _)| h);
    let names: Vec<&str> = [sys_name.as_deref(), Some(host)].into_iter().flatten().collect();
    let serial = value(&n.derived.serial);
    let asset = assets.lookup(serial.as_deref(), &names);
    let category = asset
        .and_then(|a| a.category)
        .or_else(|| n.derived.category.as_ref().and_then(|c| Category::parse(&c.value)))
        .unwrap_or(Category::Other);
    let site = asset.and_then(|a| a.site.clone()).or_else(|| n.tags.site.as_deref().map(Into::into));
    let department = asset.and_then(|a| a.department.clone()).or_else(|| n.tags.department.as_deref().map(Into::into));
    // The same chassis the agent took the device's serial from.
    let main = arsring_agent::snmp::derive::main_chassis(&n.chassis);
    let in_service = from_register(asset)
        .or_else(|| {
            main.and_then(|c| c.manufactured).map(|date| InService { date, source: AgeSource::ManufacturingDate })
        })
        .unwrap_or_else(|| first_seen(record.first_seen));
    let software = match (&n.derived.os_family, &n.derived.os_version) {
        (Some(f), Some(v)) => Some(Software { family: f.value.clone(), version: v.value.clone() }),
        _ => None,
    };
    let device = Item {
        id: record.device_id.to_string(),
        device_id: record.device_id,
        device_name: name.clone(),
        component_index: None,
        category,
        vendor: value(&n.derived.vendor),
        model: value(&n.derived.model),
        serial,
        site,
        department,
        in_service: Some(in_service),
        software,
        purchase_cost: asset.and_then(|a| a.purchase_cost),
        warranty_end: asset.and_then(|a| a.warranty_end),
        last_seen: record.last_seen,
    };
    // Stack members are switches of their own; parts are items under their device.
    let parts = n
        .chassis
        .iter()
        .filter(|c| Some(c.index) != main.map(|m| m.index))
        .map(|c| (c, category))
        .chain(n.components.iter().filter_map(|c| part_category(c).map(|cat| (c, cat))));
    let parts: Vec<Item> = parts.map(|(c, cat)| part_item(&device, c, cat, assets, record.first_seen)).collect();
    out.push(device);
    out.extend(parts);
}

fn part_item(device: &Item, c: &Component, category: Category, assets: &AssetIndex, seen: DateTime<Utc>) -> Item {
    let asset = c.serial.as_deref().and_then(|s| assets.lookup(Some(s), &[]));
    let in_service = from_register(asset)
        .or_else(|| c.manufactured.map(|date| InService { date, source: AgeSource::ManufacturingDate }))
        .unwrap_or_else(|| first_seen(seen));
    Item {
        id: format!("{}/{}", device.device_id, c.index),
        device_id: device.device_id,
        device_name: device.device_name.clone(),
        component_index: Some(c.index),
        category,
        vendor: c.manufacturer.clone().or_else(|| device.vendor.clone()),
        model: c.model.clone().or_else(|| c.description.clone()),
        serial: c.serial.clone(),
        site: device.site.clone(),
        department: device.department.clone(),
        in_service: Some(in_service),
        software: None,
        purchase_cost: asset.and_then(|a| a.purchase_cost),
        warranty_end: asset.and_then(|a| a.warranty_end),
        last_seen: device.last_seen,
    }
}

/// Which ENTITY-MIB parts are tracked, and as what. Pluggable optics report as modules
/// on most vendors; their names give them away.
fn part_category(c: &Component) -> Option<Category> {
    match c.class {
        EntityClass::PowerSupply => Some(Category::PowerSupply),
        EntityClass::Fan => Some(Category::Fan),
        EntityClass::Module => {
            let text = format!("{} {}", c.description.as_deref().unwrap_or(""), c.model.as_deref().unwrap_or(""))
                .to_lowercase();
            let optic = ["sfp", "xfp", "qsfp", "gbic", "transceiver", "optic"].iter().any(|w| text.contains(w));
            Some(if optic { Category::Transceiver } else { Category::Module })
        }
        _ => None,
    }
}

fn from_register(asset: Option<&Asset>) -> Option<InService> {
    asset?.purchase_date.map(|date| InService { date, source: AgeSource::AssetRegister })
}

fn first_seen(at: DateTime<Utc>) -> InService {
    InService { date: at.date_naive(), source: AgeSource::FirstSeen }
}
