//! The wire format between `arsring-agent` and `arsring-collector`.
//!
//! One [`Report`] is one observation of one device at one moment. The agent builds it,
//! serialises it as JSON and posts it; the collector decodes it with [`decode_report`],
//! which also validates it, so both sides agree on what a well-formed report is.
//!
//! Two conventions run through every type here:
//!
//! * **Unknown is unknown.** A fact the agent could not read is `null` (an `Option`), or an
//!   explicit `unknown` variant carrying the reason. It is never a made-up default such
//!   as `0` or an empty string.
//! * **Facts carry their source.** Where a value is derived (whether a machine is virtual,
//!   when it was last patched), the report says what it was derived from.
//!
//! `docs/protocol.md` documents every field. Bump [`SCHEMA_VERSION`] on any change that an
//! older collector could not read.

mod answer;
mod decode;
mod example;
pub mod mac;
mod network;
mod network_checks;
pub mod os_family;
pub mod schema;
mod server;
pub mod strict;
mod vsphere;
mod vsphere_checks;

pub use answer::{ErrorBody, ErrorDetail, Receipt, ReceiptStatus};
pub use decode::{InputError, decode_report, validate};
pub use example::{example_host_report, example_report, example_vm_report};
pub use network::*;
pub use server::*;
pub use vsphere::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The schema version this crate writes.
///
/// 2 added `device.identity.addresses`. 3 added the vSphere poller's device kinds
/// (`hypervisor`, `virtual_machine`) and, for servers, `device.hardware.product_uuid` and
/// `device.identity.mac_addresses` (to recognise a VM that also runs the agent). 4 added a
/// network device's neighbours, notes, manufacturing date and parts' sources. 5 added
/// `device.patch.updates.checked_at` (how old a reused answer is). 6 added a network
/// device's `lldp_local` (its own LLDP chassis id and name). A collector
/// accepts every version from [`OLDEST_SCHEMA_VERSION`] up to this one, so agents can be
/// upgraded after the collector.
pub const SCHEMA_VERSION: u32 = 6;

/// The oldest schema version a collector still accepts.
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// The largest report body a collector accepts, in bytes.
pub const MAX_REPORT_BYTES: usize = 1024 * 1024;

/// The most pending packages an agent lists by name; the count is always complete.
pub const MAX_PENDING_PACKAGES: usize = 500;

/// A new report's id: a UUIDv7 (RFC 9562), its first 48 bits the time in milliseconds, the
/// rest random. A store keys years of reports by their ids; ids that grow with time land
/// beside the ones just written (sled's rightmost leaves, the end of a PostgreSQL index)
/// instead of on a random page of a tree too large to stay in memory. The collector accepts
/// any UUID but the nil one, so reports of older agents (UUIDv4) are as good.
pub fn new_report_id() -> Uuid {
    Uuid::now_v7()
}

/// One observation of one device, as sent by an agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Always [`SCHEMA_VERSION`] for reports this crate writes.
    pub schema_version: u32,
    /// Unique per report; a re-sent report keeps its id so the collector stores it once.
    /// Årsring's agents send UUIDv7 ids (the time first, `new_report_id`); any UUID but the
    /// nil one is accepted.
    pub report_id: Uuid,
    /// When the agent finished collecting, in UTC.
    pub collected_at: DateTime<Utc>,
    /// The program that made the report.
    pub agent: AgentInfo,
    /// What was observed.
    pub device: Device,
}

impl Report {
    /// The stable id of the device this report is about.
    pub fn device_id(&self) -> Uuid {
        match &self.device {
            Device::Server(server) => server.identity.device_id,
            Device::Network(device) => device.identity.device_id,
            Device::Hypervisor(host) => host.device_id,
            Device::VirtualMachine(vm) => vm.device_id,
        }
    }
}

/// The agent that produced a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentInfo {
    /// The agent's version, e.g. `0.1.0`.
    pub version: String,
    /// The host the agent ran on (for a server report, the server itself).
    pub host: String,
}

/// The device a report is about, tagged by `kind`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Device {
    /// A server (physical or virtual) running the agent itself.
    Server(Box<Server>),
    /// A switch, router or other device the agent polled over SNMP.
    Network(Box<NetworkDevice>),
    /// An ESXi host, as the vSphere poller found it in vCenter.
    Hypervisor(Box<Hypervisor>),
    /// A virtual machine, as the vSphere poller found it in vCenter.
    VirtualMachine(Box<VirtualMachine>),
}

impl Device {
    /// The `kind` tag as it appears on the wire.
    pub fn kind(&self) -> DeviceKind {
        match self {
            Device::Server(_) => DeviceKind::Server,
            Device::Network(_) => DeviceKind::Network,
            Device::Hypervisor(_) => DeviceKind::Hypervisor,
            Device::VirtualMachine(_) => DeviceKind::VirtualMachine,
        }
    }
}

/// The kinds of device the collector knows, as used in API filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    Server,
    Network,
    Hypervisor,
    VirtualMachine,
}

impl DeviceKind {
    pub const ALL: [DeviceKind; 4] =
        [DeviceKind::Server, DeviceKind::Network, DeviceKind::Hypervisor, DeviceKind::VirtualMachine];

    pub fn as_str(self) -> &'static str {
        match self {
            DeviceKind::Server => "server",
            DeviceKind::Network => "network",
            DeviceKind::Hypervisor => "hypervisor",
            DeviceKind::VirtualMachine => "virtual_machine",
        }
    }
}

impl std::str::FromStr for DeviceKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DeviceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown device kind `{s}` (known: server, network, hypervisor, virtual_machine)"))
    }
}
