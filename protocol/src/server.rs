//! What an agent reports about the server it runs on.
//!
//! Its text fields are `CompactString`s: text of up to 24 bytes (most names, versions,
//! serials and tags) sits inline, so the collector allocates nothing for it when it decodes a
//! report and frees nothing when the record is replaced, on another thread than the one that
//! decoded it (docs/benchmarks.md, ingest, seventh look). OpenAPI describes them as strings.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Everything the agent knows about its own server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub identity: Identity,
    pub hardware: Hardware,
    pub os: Os,
    pub patch: Patch,
    pub utilisation: Utilisation,
    pub tags: Tags,
}

/// Who the server is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// Stable across reports, reboots and agent upgrades.
    pub device_id: Uuid,
    /// Where `device_id` was derived from.
    pub device_id_source: DeviceIdSource,
    #[schema(value_type = String)]
    pub hostname: CompactString,
    /// Fully qualified name from the resolver; `null` when it has none beyond `hostname`.
    #[schema(value_type = Option<String>)]
    pub fqdn: Option<CompactString>,
    /// The addresses of its interfaces, loopback and link-local left out, so the collector
    /// can place a server by subnet. `null`: not collected (agents before this field).
    #[serde(default)]
    pub addresses: Option<Vec<InterfaceAddress>>,
    /// The MAC addresses of its Ethernet interfaces, lower case, colon-separated, so a VM
    /// the vSphere poller also reports is recognised. `null`: not collected (before schema 3).
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>)]
    pub mac_addresses: Option<Vec<CompactString>>,
}

/// One address on one network interface.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterfaceAddress {
    #[schema(value_type = String)]
    pub interface: CompactString,
    #[schema(value_type = String, examples("192.0.2.10"))]
    pub address: std::net::IpAddr,
    /// Prefix length of the interface's network: 0–32 for IPv4, 0–128 for IPv6.
    pub prefix: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceIdSource {
    /// A UUIDv5 of `/etc/machine-id` (never the raw id, which is meant to stay local).
    MachineId,
    /// The SMBIOS product UUID (`/sys/class/dmi/id/product_uuid`, readable by root).
    DmiProductUuid,
    /// Random, because neither of the above could be read; persisted by the agent.
    Generated,
}

/// The machine's hardware. `null` means the agent could not read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Hardware {
    #[schema(value_type = Option<String>)]
    pub vendor: Option<CompactString>,
    #[schema(value_type = Option<String>)]
    pub model: Option<CompactString>,
    /// Needs root on most systems; `null` when not readable.
    #[schema(value_type = Option<String>)]
    pub serial: Option<CompactString>,
    /// SMBIOS chassis type in words, e.g. `Rack Mount Chassis`.
    #[schema(value_type = Option<String>)]
    pub chassis_type: Option<CompactString>,
    /// The SMBIOS product UUID as the kernel shows it (readable by root): a VM's BIOS UUID
    /// in vSphere. `null` when not readable or before schema 3.
    #[serde(default)]
    pub product_uuid: Option<Uuid>,
    pub bios: Bios,
    pub cpu: Cpu,
    pub memory_bytes: Option<u64>,
    pub disks: Vec<Disk>,
    pub platform: Platform,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Bios {
    #[schema(value_type = Option<String>)]
    pub vendor: Option<CompactString>,
    #[schema(value_type = Option<String>)]
    pub version: Option<CompactString>,
    /// The firmware's release date; an estimate of the hardware's age, never its purchase date.
    #[serde(with = "crate::strict::date")]
    pub release_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cpu {
    #[schema(value_type = Option<String>)]
    pub model: Option<CompactString>,
    /// Physical packages, from `/proc/cpuinfo` `physical id`.
    pub sockets: Option<u32>,
    /// Physical cores over all sockets.
    pub cores: Option<u32>,
    /// Logical CPUs the OS schedules on.
    pub threads: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Disk {
    /// Kernel name, e.g. `sda`, `nvme0n1`, `vda`.
    #[schema(value_type = String)]
    pub name: CompactString,
    pub size_bytes: u64,
    #[schema(value_type = Option<String>)]
    pub model: Option<CompactString>,
    #[schema(value_type = Option<String>)]
    pub serial: Option<CompactString>,
    /// `true` for spinning disks; `null` when the kernel does not say.
    pub rotational: Option<bool>,
}

/// Physical, virtual or container, with the evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub kind: PlatformKind,
    /// The hypervisor or container engine, e.g. `vmware`, `kvm`, `hyper-v`, `docker`; `null` when not identifiable.
    #[schema(value_type = Option<String>)]
    pub technology: Option<CompactString>,
    /// What the decision rests on, e.g. `dmi sys_vendor "VMware, Inc."`.
    #[schema(value_type = String)]
    pub source: CompactString,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlatformKind {
    Physical,
    Virtual,
    Container,
    Unknown,
}

impl PlatformKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlatformKind::Physical => "physical",
            PlatformKind::Virtual => "virtual",
            PlatformKind::Container => "container",
            PlatformKind::Unknown => "unknown",
        }
    }
}

/// The operating system, from `/etc/os-release` and `uname`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Os {
    /// `ID`, e.g. `debian`, `rhel`, `ubuntu`.
    #[schema(value_type = Option<String>)]
    pub id: Option<CompactString>,
    /// `NAME`, e.g. `Debian GNU/Linux`.
    #[schema(value_type = Option<String>)]
    pub name: Option<CompactString>,
    /// `VERSION`, e.g. `12 (bookworm)`.
    #[schema(value_type = Option<String>)]
    pub version: Option<CompactString>,
    /// `VERSION_ID`, e.g. `12`, `22.04`, `9.4`.
    #[schema(value_type = Option<String>)]
    pub version_id: Option<CompactString>,
    #[schema(value_type = Option<String>)]
    pub pretty_name: Option<CompactString>,
    /// Kernel release (`uname -r`).
    #[schema(value_type = Option<String>)]
    pub kernel: Option<CompactString>,
    /// Machine architecture (`uname -m`).
    #[schema(value_type = Option<String>)]
    pub arch: Option<CompactString>,
}

/// Patch level, read from local package metadata without changing anything.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// The package manager found, `null` when none of the known ones is installed.
    pub manager: Option<PackageManager>,
    #[serde(deserialize_with = "crate::decode::updates::status_first")]
    pub updates: Updates,
    /// When packages were last installed or upgraded.
    #[schema(value_type = Option<Sourced<crate::schema::Timestamp>>)]
    pub last_installed: Option<Sourced<DateTime<Utc>>>,
    pub reboot_required: RebootRequired,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PackageManager {
    Apt,
    Dnf,
    Yum,
    Zypper,
    Apk,
}

impl PackageManager {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageManager::Apt => "apt",
            PackageManager::Dnf => "dnf",
            PackageManager::Yum => "yum",
            PackageManager::Zypper => "zypper",
            PackageManager::Apk => "apk",
        }
    }
}

/// Pending updates: counted, or unknown with the reason. Never a silent zero.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum Updates {
    Known {
        pending: u32,
        /// `null` when the package manager cannot tell security updates apart (e.g. apk).
        security: Option<u32>,
        /// The pending packages, at most [`crate::MAX_PENDING_PACKAGES`].
        packages: Vec<PendingPackage>,
        /// `true` when `packages` was cut at the cap; `pending` still counts all.
        packages_truncated: bool,
        /// The command the figures came from.
        #[schema(value_type = String)]
        source: CompactString,
        /// When the package manager gave them: earlier than the report when the agent
        /// reused its answer because nothing it depends on had changed (the package database,
        /// the package lists, the sources) since. `null` from agents before schema 5.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        checked_at: Option<DateTime<Utc>>,
    },
    Unknown {
        #[schema(value_type = String)]
        reason: CompactString,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PendingPackage {
    #[schema(value_type = String)]
    pub name: CompactString,
    /// `null` for a package that would be newly installed.
    #[schema(value_type = Option<String>)]
    pub installed: Option<CompactString>,
    #[schema(value_type = String)]
    pub candidate: CompactString,
    pub security: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RebootRequired {
    /// `null` when the agent cannot tell.
    pub required: Option<bool>,
    #[schema(value_type = String)]
    pub source: CompactString,
}

/// A value together with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sourced<T> {
    pub value: T,
    pub source: String,
}

/// How busy the server was since the previous report (or since boot for the first one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Utilisation {
    pub uptime_secs: u64,
    /// 1, 5 and 15 minute load averages at collection time.
    pub load_average: [f64; 3],
    /// Start of the window the figures below cover.
    pub window_start: DateTime<Utc>,
    pub window_basis: WindowBasis,
    /// Share of CPU time not idle in the window, 0.0 to 1.0.
    pub cpu_busy_ratio: Option<f64>,
    /// Bytes received and sent on all non-loopback interfaces in the window.
    pub net_rx_bytes: Option<u64>,
    pub net_tx_bytes: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WindowBasis {
    /// Counters compared with those saved at the previous report.
    PreviousReport,
    /// First report (or counters reset by a reboot): figures since boot.
    Boot,
}

/// Labels from the agent's configuration. The collector decides who pays; these only inform it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Tags {
    #[schema(value_type = Option<String>)]
    pub department: Option<CompactString>,
    #[schema(value_type = Option<String>)]
    pub site: Option<CompactString>,
    #[schema(value_type = Option<String>)]
    pub owner: Option<CompactString>,
    /// Free-form labels.
    #[serde(default, deserialize_with = "crate::strict::unique_keys")]
    pub extra: BTreeMap<String, String>,
}
