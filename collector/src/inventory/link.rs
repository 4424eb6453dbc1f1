//! Counted once: a VM that vSphere reports and whose guest also runs the agent is one
//! machine. Its two records are linked by the guest's SMBIOS product UUID (the VM's BIOS
//! UUID), else by a MAC address they share; never by name. A BIOS UUID that two VMs share
//! (clones) links nothing and is a conflict to resolve.

use std::collections::HashMap;
use std::sync::Arc;

use arsring_protocol::Device;
use serde::Serialize;
use uuid::Uuid;

use crate::store::DeviceRecord;

/// How an agent's record and a VM's record were found to be one machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkedBy {
    BiosUuid,
    MacAddress,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Link {
    /// The agent's record: it stays the device.
    pub agent: Uuid,
    /// The vSphere poller's record of the VM, shown with it.
    pub vm: Uuid,
    pub by: LinkedBy,
}

/// Records that could be one machine but are left apart, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Conflict {
    pub devices: Vec<Uuid>,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Links {
    pub links: Vec<Link>,
    pub conflicts: Vec<Conflict>,
}

/// The SMBIOS UUID with its first three fields' bytes reversed. VMware virtual hardware
/// before version 13 stored them big-endian where SMBIOS 2.6 says little-endian, so a
/// guest's kernel shows such a VM's BIOS UUID with those bytes swapped.
pub fn swapped(uuid: Uuid) -> Uuid {
    let mut b = *uuid.as_bytes();
    b[0..4].reverse();
    b[4..6].reverse();
    b[6..8].reverse();
    Uuid::from_bytes(b)
}

struct Vm<'a> {
    id: Uuid,
    name: &'a str,
    bios_uuid: Option<Uuid>,
    macs: &'a [String],
}

struct Agent<'a> {
    id: Uuid,
    product_uuid: Option<Uuid>,
    macs: &'a [compact_str::CompactString],
}

/// Finds which agent records and VM records are one machine.
pub fn link(records: &[Arc<DeviceRecord>]) -> Links {
    let mut vms = Vec::new();
    let mut agents = Vec::new();
    for r in records {
        match &r.report.device {
            Device::VirtualMachine(vm) => vms.push(Vm {
                id: r.device_id,
                name: &vm.name,
                bios_uuid: vm.bios_uuid.filter(|u| !u.is_nil()),
                macs: &vm.mac_addresses,
            }),
            Device::Server(s) => agents.push(Agent {
                id: r.device_id,
                product_uuid: s.hardware.product_uuid.filter(|u| !u.is_nil()),
                macs: s.identity.mac_addresses.as_deref().unwrap_or_default(),
            }),
            _ => {}
        }
    }
    let mut out = Links::default();
    let shared = shared_bios_uuids(&vms, &mut out.conflicts);
    // Indexes, so a fleet of thousands of agents and VMs is linked in linear time.
    let mut by_bios: HashMap<Uuid, Vec<usize>> = HashMap::new();
    let mut by_mac: HashMap<&str, Vec<usize>> = HashMap::new();
    for (v, vm) in vms.iter().enumerate() {
        if let Some(b) = vm.bios_uuid.filter(|b| !shared.contains_key(b)) {
            by_bios.entry(b).or_default().push(v);
            if swapped(b) != b {
                by_bios.entry(swapped(b)).or_default().push(v);
            }
        }
        for mac in vm.macs {
            by_mac.entry(mac.as_str()).or_default().push(v);
        }
    }
    let mut candidates: Vec<(usize, usize, LinkedBy)> = Vec::new();
    for (a, agent) in agents.iter().enumerate() {
        let by_uuid = agent.product_uuid.and_then(|u| by_bios.get(&u)).map_or(&[][..], Vec::as_slice);
        if let [v] = by_uuid[..] {
            candidates.push((a, v, LinkedBy::BiosUuid));
            continue;
        }
        let mut sharing: Vec<usize> =
            agent.macs.iter().flat_map(|m| by_mac.get(m.as_str())).flatten().copied().collect();
        sharing.sort_unstable();
        sharing.dedup();
        if let [v] = sharing[..] {
            candidates.push((a, v, LinkedBy::MacAddress));
        } else if sharing.len() > 1 {
            let mut devices = vec![agent.id];
            devices.extend(sharing.iter().map(|&v| vms[v].id));
            out.conflicts
                .push(Conflict { devices, reason: "the agent's MAC addresses belong to more than one VM".into() });
        }
    }
    // A VM claimed by two agent records (a reinstalled guest reporting under a new id, say)
    // is linked to neither: which one is the machine is for a person to decide.
    let mut claims: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(a, v, _) in &candidates {
        claims.entry(v).or_default().push(a);
    }
    for (a, v, by) in candidates {
        match claims[&v].as_slice() {
            [_] => out.links.push(Link { agent: agents[a].id, vm: vms[v].id, by }),
            many if many[0] == a => {
                let mut devices = vec![vms[v].id];
                devices.extend(many.iter().map(|&a| agents[a].id));
                let reason = format!("more than one agent reports being VM {:?}", vms[v].name);
                out.conflicts.push(Conflict { devices, reason });
            }
            _ => {}
        }
    }
    out
}

/// BIOS UUIDs that more than one VM has (a clone keeps its source's unless told otherwise),
/// each recorded as a conflict.
fn shared_bios_uuids(vms: &[Vm], conflicts: &mut Vec<Conflict>) -> HashMap<Uuid, Vec<Uuid>> {
    let mut by_uuid: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for vm in vms {
        if let Some(u) = vm.bios_uuid {
            by_uuid.entry(u).or_default().push(vm.id);
        }
    }
    by_uuid.retain(|_, ids| ids.len() > 1);
    let mut shared: Vec<(&Uuid, &Vec<Uuid>)> = by_uuid.iter().collect();
    shared.sort();
    for (uuid, ids) in shared {
        let names: Vec<&str> = vms.iter().filter(|vm| ids.contains(&vm.id)).map(|vm| vm.name).collect();
        conflicts.push(Conflict {
            devices: ids.clone(),
            reason: format!("VMs {} share the BIOS UUID {uuid}; give the clones their own", names.join(", ")),
        });
    }
    by_uuid
}

#[cfg(test)]
mod tests;
