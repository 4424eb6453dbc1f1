//! The facts about servers that charges depend on, and who owns a server on a given day.
//!
//! Ownership, by precedence: a collector rule in `costs.toml` (first match), the asset
//! register's department, the department the agent was tagged with on that day (its
//! history), else unassigned. A tag or register value that is not a department of the
//! model leaves the server unassigned, with the reason: never silently dropped.

use std::collections::BTreeMap;
use std::net::IpAddr;

use arsring_protocol::PowerState;
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::model::{CostModel, Counting, OwnershipRule, Platforms, PoweredOff, ServerClass, VmWeight};
use super::reason::{NamedBy, Unplaced};

#[derive(Clone, Debug, PartialEq)]
pub struct ServerFacts {
    pub device_id: Uuid,
    pub hostname: String,
    pub site: Option<String>,
    /// `None` when the agent could not tell physical from virtual.
    pub class: Option<ServerClass>,
    pub vcpu: u32,
    pub ram_bytes: u64,
    pub disk_bytes: u64,
    pub first_seen: NaiveDate,
    pub last_seen: NaiveDate,
    /// The agent's department tag over time: (from day, value), in order.
    pub tag_timeline: Vec<(NaiveDate, Option<String>)>,
    pub asset_department: Option<String>,
    /// The addresses the agent last reported, for subnet rules.
    pub addresses: Vec<IpAddr>,
    /// What vCenter says of the server; `None` for a server only an agent reports.
    pub vsphere: Option<VsphereFacts>,
}

/// A server as vCenter describes it: an ESXi host, or a VM (also one whose guest runs the
/// agent, which then has the agent's facts and these).
#[derive(Clone, Debug, PartialEq)]
pub struct VsphereFacts {
    /// vCenter's instance UUID: a VM's host is looked for in the VM's own vCenter.
    pub vcenter: String,
    pub role: VsphereRole,
    /// A VM's folder path below the datacenter's VM folder, e.g. `Socialtjänst/Prod`.
    pub folder: Option<String>,
    /// A VM's tags as `Category/Tag`; `None` when the tagging service could not be read.
    pub tags: Option<Vec<String>>,
    /// Custom attributes by name (hosts and VMs).
    pub attributes: BTreeMap<String, String>,
    /// The power state vSphere last reported.
    pub power: PowerState,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VsphereRole {
    /// An ESXi host: its name in vCenter is the server's hostname.
    Host,
    /// A VM, with the name in vCenter of the host it runs on, when vCenter says.
    Vm { host: Option<String> },
}

/// Where a server belongs on a day, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Placement {
    /// `None`: unassigned.
    pub department: Option<String>,
    pub source: String,
    /// Why it is unassigned (`source` says it in English).
    #[serde(skip)]
    pub unplaced: Option<Unplaced>,
}

pub fn placement(model: &CostModel, server: &ServerFacts, day: NaiveDate) -> Placement {
    if let Some(rule) = model.rules.iter().find(|r| rule_matches(r, server)) {
        return Placement {
            department: Some(rule.department.clone()),
            source: format!("costs.toml rule at line {}", rule.line),
            unplaced: None,
        };
    }
    let unplaced = |why: Unplaced| Placement { department: None, source: why.to_string(), unplaced: Some(why) };
    let (value, named_by) = match (&server.asset_department, tag_on(server, day)) {
        (Some(d), _) => (d.clone(), NamedBy::AssetRegister),
        (None, Some(d)) => (d, NamedBy::AgentTag),
        (None, None) => return unplaced(Unplaced::Nothing),
    };
    match model.department(&value) {
        Some(_) => Placement { department: Some(value), source: named_by.to_string(), unplaced: None },
        None => unplaced(Unplaced::NotADepartment { named_by, value }),
    }
}

/// Every criterion a rule gives must hold; a subnet holds when any of the server's addresses
/// is in it (a server without reported addresses is in no subnet). The vSphere criteria
/// hold only for what vCenter reports: a server without vSphere facts, or whose tags could
/// not be read, matches no folder, tag or attribute.
fn rule_matches(rule: &OwnershipRule, server: &ServerFacts) -> bool {
    let vsphere = server.vsphere.as_ref();
    let folder = vsphere.and_then(|v| v.folder.as_deref());
    let tags = vsphere.and_then(|v| v.tags.as_deref()).unwrap_or_default();
    rule.hostname.as_deref().is_none_or(|g| crate::lifecycle::catalogue::glob(g, &server.hostname))
        && rule.site.as_deref().is_none_or(|s| server.site.as_deref() == Some(s))
        && rule.subnet.is_none_or(|net| server.addresses.iter().any(|a| net.contains(a)))
        && rule.folder.as_deref().is_none_or(|g| folder.is_some_and(|f| crate::lifecycle::catalogue::glob(g, f)))
        && rule.tag.as_deref().is_none_or(|t| tags.iter().any(|tag| same_text(tag, t)))
        && rule.attribute.as_ref().is_none_or(|a| {
            vsphere.is_some_and(|v| {
                v.attributes.iter().any(|(n, value)| same_text(n, &a.name) && same_text(value, &a.value))
            })
        })
}

/// Equal but for case (Unicode: `Socialtjänst` is `SOCIALTJÄNST`) and surrounding spaces
/// someone typed into vCenter; without allocating, as this runs per server and rule.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

/// Whether a `powered_off = "skip"` pool leaves the server out: only a VM vSphere reports
/// powered off. A suspended VM counts as running: it is paused, not retired (its memory
/// waits on the datastore and it resumes where it stopped), and skipping it would let a VM
/// suspended over the counting day go unbilled. An unknown state is never guessed to be
/// off, and a host's hardware costs the same whether it runs or not.
pub fn powered_off(server: &ServerFacts) -> bool {
    server
        .vsphere
        .as_ref()
        .is_some_and(|v| matches!(v.role, VsphereRole::Vm { .. }) && v.power == PowerState::PoweredOff)
}

/// A VM's vCenter and the name of its host, when vCenter says where it runs.
pub fn vm_host(server: &ServerFacts) -> Option<(&str, &str)> {
    match &server.vsphere {
        Some(VsphereFacts { vcenter, role: VsphereRole::Vm { host: Some(host) }, .. }) => Some((vcenter, host)),
        _ => None,
    }
}

pub fn is_esxi_host(server: &ServerFacts) -> bool {
    server.vsphere.as_ref().is_some_and(|v| v.role == VsphereRole::Host)
}

/// What a VM weighs in its host's share: vCPU, or memory in MiB (vSphere allocates whole MB,
/// so MiB lose nothing and read better than bytes in the drill-down).
pub fn vm_weight(server: &ServerFacts, by: VmWeight) -> i128 {
    match by {
        VmWeight::Vcpu => i128::from(server.vcpu),
        VmWeight::Memory => i128::from(server.ram_bytes >> 20),
    }
}

fn tag_on(server: &ServerFacts, day: NaiveDate) -> Option<String> {
    server.tag_timeline.iter().take_while(|(from, _)| *from <= day).last().and_then(|(_, d)| d.clone())
}

pub fn eligible(server: &ServerFacts, platforms: Platforms) -> bool {
    match platforms {
        Platforms::Both => true,
        Platforms::Physical => server.class == Some(ServerClass::Physical),
        Platforms::Virtual => server.class == Some(ServerClass::Virtual),
    }
}

/// The day a head count is taken: the pool's `as_of`, else the year's last day, but never
/// after `today` (a report during the year counts what exists now).
pub fn count_day(counting: &Counting, year: i32, today: NaiveDate) -> NaiveDate {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    counting.as_of.unwrap_or(end).min(today)
}

/// A server's share of a pool's driver: for a head count one unit on the counting day; pro
/// rata, its days in service during the year split by where it belonged each day.
/// Returns (department or `None` for unassigned, units, placement source).
pub fn driver(
    model: &CostModel,
    server: &ServerFacts,
    counting: &Counting,
    year: i32,
    today: NaiveDate,
) -> Vec<(Option<String>, i128, String)> {
    if let Some(by) = counting.vms_by {
        return vm_driver(model, server, counting, by, year, today);
    }
    if !eligible(server, counting.platforms) || skipped(server, counting) {
        return vec![];
    }
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let day = count_day(counting, year, today);
    if !counting.pro_rata {
        if !counted_on(server, counting, year, day) {
            return vec![];
        }
        let p = placement(model, server, day);
        return vec![(p.department, 1, p.source)];
    }
    let (from, to) = (server.first_seen.max(start), server.last_seen.min(day));
    if from > to {
        return vec![];
    }
    // Ownership only changes where the tag timeline does; walk those segments.
    let mut cuts: Vec<NaiveDate> =
        server.tag_timeline.iter().map(|(d, _)| *d).filter(|d| *d > from && *d <= to).collect();
    cuts.push(to.succ_opt().unwrap_or(to));
    let mut out: Vec<(Option<String>, i128, String)> = Vec::new();
    let mut segment_start = from;
    for cut in cuts {
        let days = i128::from((cut - segment_start).num_days());
        if days > 0 {
            let p = placement(model, server, segment_start);
            match out.iter_mut().find(|(d, _, _)| *d == p.department) {
                Some(entry) => entry.1 += days,
                None => out.push((p.department, days, p.source)),
            }
        }
        segment_start = cut;
    }
    out
}

/// A VM's units in a `host_split` pool: its weight, when it is counted. Hosts give theirs
/// to their VMs; an idle host's own charge depends on the whole fleet (`hosts::split`),
/// which one server's facts cannot tell, so the report's line shows it.
fn vm_driver(
    model: &CostModel,
    server: &ServerFacts,
    counting: &Counting,
    by: VmWeight,
    year: i32,
    today: NaiveDate,
) -> Vec<(Option<String>, i128, String)> {
    let day = count_day(counting, year, today);
    let units = vm_weight(server, by);
    if vm_host(server).is_none() || units == 0 || !counted_on(server, counting, year, day) {
        return vec![];
    }
    let p = placement(model, server, day);
    vec![(p.department, units, p.source)]
}

fn skipped(server: &ServerFacts, counting: &Counting) -> bool {
    counting.powered_off == PoweredOff::Skip && powered_off(server)
}

/// Whether a head count on `day` counts the server: in service that day, seen during the
/// year or within `seen_within_days` before the day, and not a VM a "skip" pool leaves out.
pub fn counted_on(server: &ServerFacts, counting: &Counting, year: i32, day: NaiveDate) -> bool {
    let seen_from = match counting.seen_within_days {
        Some(days) => day - chrono::Duration::days(i64::from(days)),
        None => NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(day),
    };
    server.first_seen <= day && server.last_seen >= seen_from && !skipped(server, counting)
}

#[cfg(test)]
mod tests;
