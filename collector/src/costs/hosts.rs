//! `host_split`: the ESXi hosts' yearly cost, in equal shares over the hosts counted, each
//! host's share over the VMs running on it by vCPU or memory, each VM's part to the VM's
//! department. A host with no VMs, or whose VMs weigh nothing, is idle: its share goes to
//! the host's own department. Both divisions are the largest remainder in öre, so the parts
//! always add up to the amount.
//!
//! Hosts and VMs are counted as any server is on the pool's day (`servers::counted_on`):
//! `as_of`, `seen_within_days`, and for VMs `powered_off`. A VM is on a host when vCenter
//! names the host (case-insensitive) in the VM's own vCenter, so two vCenters with hosts
//! of the same name never share VMs.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::model::{CostModel, Counting, VmWeight};
use super::servers::{ServerFacts, count_day, counted_on, is_esxi_host, placement, vm_host, vm_weight};
use super::split;
use crate::money::Ore;

/// One server's part of the pool: a VM's, or an idle host's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub device_id: Uuid,
    pub hostname: String,
    /// The host whose share this part is of (for an idle host, itself).
    pub host: Uuid,
    /// `None`: unassigned.
    pub department: Option<String>,
    /// Why the server belongs there (`servers::placement`).
    pub source: String,
    /// The VM's weight (vCPU or MiB); 1 for an idle host.
    pub units: i128,
    pub idle: bool,
    pub amount: Ore,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostSplit {
    /// The hosts counted, whose shares the amount is divided into.
    pub hosts: usize,
    /// Only parts with an amount or a weight: a VM weighing nothing gets no part.
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HostSplitError {
    #[error("{}", super::reason::NotAllocated::NoHosts)]
    NoHosts,
    #[error("{0}")]
    Split(#[from] split::SplitError),
}

pub fn split(
    model: &CostModel,
    counting: &Counting,
    by: VmWeight,
    amount: Ore,
    servers: &[ServerFacts],
    year: i32,
    today: NaiveDate,
) -> Result<HostSplit, HostSplitError> {
    let day = count_day(counting, year, today);
    let counted = |s: &&ServerFacts| counted_on(s, counting, year, day);
    let mut hosts: Vec<&ServerFacts> = servers.iter().filter(|s| is_esxi_host(s)).filter(counted).collect();
    if hosts.is_empty() {
        return Err(HostSplitError::NoHosts);
    }
    hosts.sort_by(|a, b| by_name(a, b));
    // The VMs counted, by (vCenter, host name in lower case), each host's in name order.
    let mut vms: BTreeMap<(&str, String), Vec<&ServerFacts>> = BTreeMap::new();
    for vm in servers.iter().filter(counted) {
        if let Some((vcenter, host)) = vm_host(vm) {
            vms.entry((vcenter, host.to_lowercase())).or_default().push(vm);
        }
    }
    vms.values_mut().for_each(|list| list.sort_by(|a, b| by_name(a, b)));
    let shares = split::split(amount, &numbered(hosts.iter().map(|_| 1)))?;
    let mut parts = Vec::new();
    for (host, share) in hosts.iter().zip(shares) {
        let vcenter = host.vsphere.as_ref().map_or("", |v| v.vcenter.as_str());
        let on_host = vms.get(&(vcenter, host.hostname.to_lowercase())).map_or(&[][..], Vec::as_slice);
        parts.extend(host_parts(model, host, on_host, by, share.amount, day)?);
    }
    Ok(HostSplit { hosts: hosts.len(), parts })
}

/// One host's share over its VMs by weight, or all of it to the host when it is idle.
fn host_parts(
    model: &CostModel,
    host: &ServerFacts,
    vms: &[&ServerFacts],
    by: VmWeight,
    share: Ore,
    day: NaiveDate,
) -> Result<Vec<Part>, HostSplitError> {
    let part = |server: &ServerFacts, units: i128, idle: bool, amount: Ore| {
        let p = placement(model, server, day);
        Part {
            device_id: server.device_id,
            hostname: server.hostname.clone(),
            host: host.device_id,
            department: p.department,
            source: p.source,
            units,
            idle,
            amount,
        }
    };
    let weights = numbered(vms.iter().map(|vm| vm_weight(vm, by)));
    if weights.iter().all(|(_, w)| *w == 0) {
        return Ok(vec![part(host, 1, true, share)]);
    }
    let shares = split::split(share, &weights)?;
    Ok(vms
        .iter()
        .zip(weights.iter().zip(shares))
        .filter(|(_, ((_, w), _))| *w > 0)
        .map(|(vm, ((_, w), s))| part(vm, *w, false, s.amount))
        .collect())
}

/// Ids that sort in the order given: `split` serves equal remainders in id order, so the
/// tie rule follows the host and VM names (see `by_name`).
fn numbered(weights: impl Iterator<Item = i128>) -> Vec<(String, i128)> {
    weights.enumerate().map(|(i, w)| (format!("{i:010}"), w)).collect()
}

/// Name order, case-insensitive, then device id: stable whatever order the store lists.
fn by_name(a: &ServerFacts, b: &ServerFacts) -> std::cmp::Ordering {
    (a.hostname.to_lowercase(), a.device_id).cmp(&(b.hostname.to_lowercase(), b.device_id))
}

#[cfg(test)]
mod tests;
