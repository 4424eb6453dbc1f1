//! From store records to the facts charges depend on (pure: the caller reads the history).

use arsring_protocol::{Device, PlatformKind};

mod vsphere;

use super::model::ServerClass;
use super::servers::ServerFacts;
use crate::lifecycle::assets::AssetIndex;
use crate::store::{DeviceRecord, HistoryEntry};

/// A server's department tag over time: the day of each change and the tag it took.
pub type Timeline = Vec<(chrono::NaiveDate, Option<String>)>;

/// The department tag's changes, from a device's history, oldest first.
pub fn department_timeline(history: &[HistoryEntry]) -> Timeline {
    history
        .iter()
        .flat_map(|e| {
            e.changes
                .iter()
                .filter(|c| c.field == "tags.department")
                .map(move |c| (e.received_at.date_naive(), c.to.clone()))
        })
        .collect()
}

/// A server's facts; `None` for network devices, which are not charged per server.
/// `timeline` is its `department_timeline`.
pub fn server_facts(
    record: &DeviceRecord,
    timeline: &[(chrono::NaiveDate, Option<String>)],
    assets: &AssetIndex,
) -> Option<ServerFacts> {
    match &record.report.device {
        Device::Server(_) => agent_facts(record, timeline, assets),
        Device::Hypervisor(h) => Some(vsphere::host_facts(record, h, assets)),
        Device::VirtualMachine(vm) => Some(vsphere::vm_facts(record, vm, assets)),
        Device::Network(_) => None,
    }
}

fn agent_facts(
    record: &DeviceRecord,
    timeline: &[(chrono::NaiveDate, Option<String>)],
    assets: &AssetIndex,
) -> Option<ServerFacts> {
    let Device::Server(s) = &record.report.device else { return None };
    let names: Vec<&str> =
        [Some(s.identity.hostname.as_str()), s.identity.fqdn.as_deref()].into_iter().flatten().collect();
    let asset = assets.lookup(s.hardware.serial.as_deref(), &names);
    let mut tag_timeline = timeline.to_vec();
    if tag_timeline.is_empty() {
        tag_timeline.push((record.first_seen.date_naive(), s.tags.department.as_deref().map(Into::into)));
    }
    let facts = ServerFacts {
        device_id: record.device_id,
        hostname: s.identity.hostname.to_string(),
        site: asset.and_then(|a| a.site.clone()).or_else(|| s.tags.site.as_deref().map(Into::into)),
        class: match s.hardware.platform.kind {
            PlatformKind::Physical => Some(ServerClass::Physical),
            PlatformKind::Virtual | PlatformKind::Container => Some(ServerClass::Virtual),
            PlatformKind::Unknown => None,
        },
        vcpu: s.hardware.cpu.threads,
        ram_bytes: s.hardware.memory_bytes.unwrap_or(0),
        disk_bytes: s.hardware.disks.iter().map(|d| d.size_bytes).sum(),
        first_seen: record.first_seen.date_naive(),
        last_seen: record.last_seen.date_naive(),
        tag_timeline,
        asset_department: asset.and_then(|a| a.department.clone()),
        addresses: s.identity.addresses.iter().flatten().map(|a| a.address).collect(),
        vsphere: None,
    };
    // A VM whose guest runs the agent: vSphere speaks for what it is given and where it is.
    Some(match record.linked.as_deref().map(|l| &l.report.device) {
        Some(Device::VirtualMachine(vm)) => vsphere::with_vm(facts, vm),
        _ => facts,
    })
}

#[cfg(test)]
mod tests;
