//! One device as one flat row: the columns of the device list and of its CSV.

use arsring_protocol::{
    Device, DeviceKind, Hypervisor, NetworkDevice, PlatformKind, PowerState, Server, Sourced, Updates, VirtualMachine,
};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::store::DeviceRecord;

/// Patch status buckets, worst last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PatchStatus {
    UpToDate,
    Pending,
    Security,
    Unknown,
}

impl PatchStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PatchStatus::UpToDate => "up_to_date",
            PatchStatus::Pending => "pending",
            PatchStatus::Security => "security",
            PatchStatus::Unknown => "unknown",
        }
    }
}

/// Columns common to servers and network devices; the ones that do not apply are `null`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DeviceRow {
    pub device_id: Uuid,
    pub kind: Option<DeviceKind>,
    /// Hostname for a server; sysName (or the address) for a network device.
    pub hostname: String,
    pub fqdn: Option<String>,
    /// The address a network device was polled at; a server's interface addresses,
    /// separated by spaces (`null` when its agent did not report them).
    pub address: Option<String>,
    pub department: Option<String>,
    pub site: Option<String>,
    pub owner: Option<String>,
    pub vendor: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    /// `switch`, `router`, … for network devices.
    pub category: Option<String>,
    pub platform: Option<PlatformKind>,
    pub hypervisor: Option<String>,
    pub cpu_threads: Option<u32>,
    pub memory_bytes: Option<u64>,
    /// OS name and version (servers) or OS family (network devices).
    pub os: Option<String>,
    pub os_id: Option<String>,
    pub os_version_id: Option<String>,
    pub kernel: Option<String>,
    /// Network devices: the firmware/OS version.
    pub firmware: Option<String>,
    pub patch_status: Option<PatchStatus>,
    pub pending_updates: Option<u32>,
    pub security_updates: Option<u32>,
    pub reboot_required: Option<bool>,
    pub last_patched: Option<DateTime<Utc>>,
    /// When the agent's package manager counted the pending updates (an agent reuses its
    /// answer while nothing changed, so this may be before `last_seen`).
    pub updates_checked_at: Option<DateTime<Utc>>,
    pub cpu_busy_ratio: Option<f64>,
    pub port_count: Option<u32>,
    pub component_count: Option<usize>,
    pub agent_version: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// For a network device that stopped answering: why, and since when.
    pub unreachable_reason: Option<String>,
    pub unreachable_since: Option<DateTime<Utc>>,
    /// Not heard from within the stale threshold, or not answering its polls.
    pub stale: bool,
    /// Hosts and VMs, from vSphere.
    pub power_state: Option<PowerState>,
    /// Who reports the device: `agent`, `snmp`, `vsphere`, or `agent + vsphere` for a VM
    /// whose guest runs the agent.
    pub source: &'static str,
}

impl DeviceRow {
    /// A server in the counts and charges: one the agent runs on, an ESXi host, or a VM.
    pub fn is_server(&self) -> bool {
        matches!(self.kind, Some(DeviceKind::Server | DeviceKind::Hypervisor | DeviceKind::VirtualMachine))
    }
}

/// From when a record's row says `stale` (the one part of a row that depends on the time):
/// `None` when it is stale whatever the time (its poller could not reach it).
pub fn stale_from(record: &DeviceRecord, stale_after: Duration) -> Option<DateTime<Utc>> {
    match record.unreachable {
        Some(_) => None,
        None => record.last_seen.checked_add_signed(stale_after),
    }
}

pub fn row(record: &DeviceRecord, now: DateTime<Utc>, stale_after: Duration) -> DeviceRow {
    let base = DeviceRow {
        device_id: record.device_id,
        kind: Some(record.kind),
        agent_version: record.report.agent.version.clone(),
        first_seen: record.first_seen,
        last_seen: record.last_seen,
        unreachable_reason: record.unreachable.as_ref().map(|u| u.reason.clone()),
        unreachable_since: record.unreachable.as_ref().map(|u| u.since),
        stale: stale_from(record, stale_after).is_none_or(|from| now > from),
        ..DeviceRow::default()
    };
    match &record.report.device {
        Device::Server(s) => match record.linked.as_deref().map(|l| &l.report.device) {
            Some(Device::VirtualMachine(vm)) => with_vsphere(server_row(base, s), vm),
            _ => server_row(base, s),
        },
        Device::Network(n) => network_row(base, n),
        Device::Hypervisor(h) => hypervisor_row(base, h),
        Device::VirtualMachine(vm) => vm_row(base, vm),
    }
}

/// An agent's server that vSphere also reports: the agent speaks for the OS and patches,
/// vSphere for what the VM is given and whether it runs.
fn with_vsphere(row: DeviceRow, vm: &VirtualMachine) -> DeviceRow {
    DeviceRow {
        cpu_threads: vm.allocation.vcpu.or(row.cpu_threads),
        memory_bytes: vm.allocation.memory_bytes.or(row.memory_bytes),
        power_state: Some(vm.power_state),
        source: "agent + vsphere",
        ..row
    }
}

fn hypervisor_row(base: DeviceRow, h: &Hypervisor) -> DeviceRow {
    let addresses: Vec<String> = h.addresses.iter().map(ToString::to_string).collect();
    DeviceRow {
        hostname: h.name.clone(),
        fqdn: h.name.contains('.').then(|| h.name.clone()),
        address: (!addresses.is_empty()).then(|| addresses.join(" ")),
        site: h.placement.datacenter.clone(),
        vendor: h.vendor.clone(),
        model: h.model.clone(),
        serial: h.serial.as_ref().map(|s| s.value.clone()),
        category: Some("hypervisor_host".into()),
        platform: Some(PlatformKind::Physical),
        cpu_threads: (h.cpu.threads > 0).then_some(h.cpu.threads),
        memory_bytes: h.memory_bytes,
        os: h.product.as_ref().map(|p| p.full_name.clone().unwrap_or_else(|| format!("{} {}", p.name, p.version))),
        os_id: h.product.as_ref().map(|_| "esxi".into()),
        os_version_id: h.product.as_ref().map(|p| p.version.clone()),
        firmware: h.product.as_ref().and_then(|p| p.build.clone()),
        patch_status: Some(PatchStatus::Unknown),
        power_state: Some(h.power_state),
        source: "vsphere",
        ..base
    }
}

fn vm_row(base: DeviceRow, vm: &VirtualMachine) -> DeviceRow {
    let g = &vm.guest;
    let addresses: Vec<String> = g.addresses.iter().map(ToString::to_string).collect();
    DeviceRow {
        hostname: vm.name.clone(),
        fqdn: g.hostname.clone().filter(|h| h.contains('.')),
        address: (!addresses.is_empty()).then(|| addresses.join(" ")),
        site: vm.placement.datacenter.clone(),
        category: Some("virtual_machine".into()),
        platform: Some(PlatformKind::Virtual),
        hypervisor: Some("vmware".into()),
        cpu_threads: vm.allocation.vcpu,
        memory_bytes: vm.allocation.memory_bytes,
        os: g.tools_name.clone().or_else(|| g.configured_name.clone()),
        os_id: g.os.as_ref().map(|o| o.value.family.clone()),
        os_version_id: g.os.as_ref().and_then(|o| o.value.version.clone()),
        patch_status: Some(PatchStatus::Unknown),
        power_state: Some(vm.power_state),
        source: "vsphere",
        ..base
    }
}

fn server_row(base: DeviceRow, s: &Server) -> DeviceRow {
    let (pending, security, status, checked_at) = match &s.patch.updates {
        Updates::Known { pending, security, checked_at, .. } => {
            let status = match (pending, security) {
                (0, _) => PatchStatus::UpToDate,
                (_, Some(sec)) if *sec > 0 => PatchStatus::Security,
                _ => PatchStatus::Pending,
            };
            (Some(*pending), *security, status, *checked_at)
        }
        Updates::Unknown { .. } => (None, None, PatchStatus::Unknown, None),
    };
    DeviceRow {
        hostname: s.identity.hostname.to_string(),
        fqdn: s.identity.fqdn.as_deref().map(Into::into),
        address: s
            .identity
            .addresses
            .as_ref()
            .map(|list| list.iter().map(|a| a.address.to_string()).collect::<Vec<_>>().join(" ")),
        department: s.tags.department.as_deref().map(Into::into),
        site: s.tags.site.as_deref().map(Into::into),
        owner: s.tags.owner.as_deref().map(Into::into),
        vendor: s.hardware.vendor.as_deref().map(Into::into),
        model: s.hardware.model.as_deref().map(Into::into),
        serial: s.hardware.serial.as_deref().map(Into::into),
        category: Some("server".into()),
        platform: Some(s.hardware.platform.kind),
        hypervisor: s.hardware.platform.technology.as_deref().map(Into::into),
        cpu_threads: Some(s.hardware.cpu.threads),
        memory_bytes: s.hardware.memory_bytes,
        os: s.os.pretty_name.as_deref().or(s.os.name.as_deref()).map(Into::into),
        os_id: s.os.id.as_deref().map(Into::into),
        os_version_id: s.os.version_id.as_deref().map(Into::into),
        kernel: s.os.kernel.as_deref().map(Into::into),
        patch_status: Some(status),
        pending_updates: pending,
        security_updates: security,
        reboot_required: s.patch.reboot_required.required,
        last_patched: s.patch.last_installed.as_ref().map(|l| l.value),
        updates_checked_at: checked_at,
        cpu_busy_ratio: s.utilisation.cpu_busy_ratio,
        source: "agent",
        ..base
    }
}

fn network_row(base: DeviceRow, n: &NetworkDevice) -> DeviceRow {
    let value = |s: &Option<Sourced<String>>| s.as_ref().map(|s| s.value.clone());
    let sys_name = n.system.as_ref().and_then(|s| s.name.clone());
    DeviceRow {
        hostname: sys_name.unwrap_or_else(|| n.identity.address.clone()),
        address: Some(n.identity.address.clone()),
        department: n.tags.department.as_deref().map(Into::into),
        site: n.tags.site.as_deref().map(Into::into),
        owner: n.tags.owner.as_deref().map(Into::into),
        vendor: value(&n.derived.vendor),
        model: value(&n.derived.model),
        serial: value(&n.derived.serial),
        category: value(&n.derived.category),
        os: value(&n.derived.os_family),
        firmware: value(&n.derived.os_version),
        port_count: Some(n.port_count),
        component_count: Some(n.chassis.len() + n.components.len()),
        source: "snmp",
        ..base
    }
}

/// The device list's filters; all given ones must match.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub kind: Option<DeviceKind>,
    pub site: Option<String>,
    pub department: Option<String>,
    /// Case-insensitive substring of hostname, FQDN, address, vendor, model, serial, OS or owner.
    pub text: Option<String>,
}

impl Filter {
    pub fn matches(&self, row: &DeviceRow) -> bool {
        let eq = |want: &Option<String>, have: &Option<String>| {
            want.as_ref().is_none_or(|w| have.as_ref().is_some_and(|h| h.to_lowercase() == w.to_lowercase()))
        };
        self.kind.is_none_or(|k| Some(k) == row.kind)
            && eq(&self.site, &row.site)
            && eq(&self.department, &row.department)
            && self.text.as_ref().is_none_or(|t| text_matches(row, &t.to_lowercase()))
    }
}

fn text_matches(row: &DeviceRow, needle: &str) -> bool {
    row.hostname.to_lowercase().contains(needle)
        || [&row.fqdn, &row.address, &row.vendor, &row.model, &row.serial, &row.os, &row.owner]
            .into_iter()
            .flatten()
            .any(|field| field.to_lowercase().contains(needle))
}
