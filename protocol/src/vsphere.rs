//! What the vSphere poller reports: ESXi hosts (the physical servers) and virtual machines
//! (whatever their OS), as vCenter describes them over its Web Services API.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Bios, Cpu, Sourced};

/// Where an object sits in vCenter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// vCenter's `about.instanceUuid`: which vCenter the object belongs to.
    pub vcenter: String,
    /// The host name of the vCenter polled, as configured.
    pub vcenter_name: String,
    /// The managed object id (`vm-1234`, `host-56`), unique within that vCenter.
    pub moref: String,
    pub datacenter: Option<String>,
    /// `null` for a standalone host (or a VM on one).
    pub cluster: Option<String>,
}

/// Why the poller did not see an object this time; the collector keeps what it knew.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// e.g. `no longer in vCenter vcenter01`, `vCenter did not answer: timed out`.
    pub reason: String,
    /// `true` when vCenter answered and the object is not in it any more; `false` when
    /// vCenter could not be asked.
    pub gone: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PowerState {
    PoweredOn,
    PoweredOff,
    Suspended,
    /// vCenter did not say (e.g. a host it cannot reach); never guessed.
    Unknown,
}

impl PowerState {
    pub fn as_str(self) -> &'static str {
        match self {
            PowerState::PoweredOn => "powered_on",
            PowerState::PoweredOff => "powered_off",
            PowerState::Suspended => "suspended",
            PowerState::Unknown => "unknown",
        }
    }
}

/// An ESXi host: a physical server of the datacenter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Hypervisor {
    /// A UUIDv5 of the vCenter and the host's hardware UUID (its moref when it has none).
    pub device_id: Uuid,
    /// The host's name in vCenter, usually its FQDN.
    pub name: String,
    pub placement: Placement,
    pub absent: Option<Absence>,
    /// The SMBIOS UUID (`summary.hardware.uuid`).
    pub hardware_uuid: Option<Uuid>,
    pub vendor: Option<String>,
    pub model: Option<String>,
    /// The chassis serial or service tag, with the identifier it was read from.
    pub serial: Option<Sourced<String>>,
    pub asset_tag: Option<String>,
    pub bios: Bios,
    pub cpu: Cpu,
    pub memory_bytes: Option<u64>,
    /// `config.product`: e.g. name `VMware ESXi`, version `7.0.3`, build `21930508`.
    pub product: Option<HostProduct>,
    pub power_state: PowerState,
    /// `connected`, `disconnected` or `notResponding`, as vCenter says.
    pub connection_state: Option<String>,
    /// Management addresses (the VMkernel interfaces vCenter lists).
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    pub addresses: Vec<IpAddr>,
    /// Custom attributes by name.
    #[serde(default, deserialize_with = "crate::strict::unique_keys")]
    pub custom_attributes: BTreeMap<String, String>,
    /// Virtual machines registered on the host, templates left out.
    pub vm_count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HostProduct {
    pub name: String,
    pub version: String,
    pub build: Option<String>,
    pub full_name: Option<String>,
}

/// A virtual machine, whatever runs in it. Templates are not reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VirtualMachine {
    /// A UUIDv5 of the vCenter and the VM's instance UUID (its moref when it has none).
    pub device_id: Uuid,
    /// The VM's name in vCenter.
    pub name: String,
    pub placement: Placement,
    pub absent: Option<Absence>,
    /// `config.instanceUuid`: vCenter's own id for the VM, unique even between clones.
    pub instance_uuid: Option<Uuid>,
    /// `config.uuid`: the SMBIOS UUID the guest sees (clones may share it).
    pub bios_uuid: Option<Uuid>,
    /// The host the VM runs on (its name in vCenter).
    pub host: Option<String>,
    /// The folder path below the datacenter's VM folder, e.g. `Socialtjänst/Prod`.
    pub folder: Option<String>,
    /// The resource pool path below the cluster, e.g. `Produktion/Kritiskt`.
    pub resource_pool: Option<String>,
    pub power_state: PowerState,
    pub guest: Guest,
    pub allocation: Allocation,
    /// The MAC addresses of its virtual network cards, lower case, colon-separated.
    #[serde(default)]
    pub mac_addresses: Vec<String>,
    pub annotation: Option<String>,
    /// Custom attributes by name.
    #[serde(default, deserialize_with = "crate::strict::unique_keys")]
    pub custom_attributes: BTreeMap<String, String>,
    /// vSphere tags as `Category/Tag`; `null` when the tagging service could not be read.
    pub tags: Option<Vec<String>>,
}

/// The guest OS, as configured for the VM and as VMware Tools inside it report it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Guest {
    /// `config.guestId`, e.g. `windows2019srv_64Guest`.
    pub configured_id: Option<String>,
    /// `config.guestFullName`, e.g. `Microsoft Windows Server 2016 or later (64-bit)`.
    pub configured_name: Option<String>,
    /// `guest.guestId` as VMware Tools report it; `null` without running Tools.
    pub tools_id: Option<String>,
    pub tools_name: Option<String>,
    /// `guest.toolsRunningStatus`, e.g. `guestToolsRunning`.
    pub tools_running: Option<String>,
    /// `guest.hostName`.
    pub hostname: Option<String>,
    /// Every address Tools report on the VM's cards.
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    pub addresses: Vec<IpAddr>,
    /// The OS family and version for release cycles (`windows-server` `2019`, `rhel` `8`),
    /// with what it was derived from; `null` when neither id names a release.
    pub os: Option<Sourced<GuestOs>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuestOs {
    /// An endoflife.date-style family: `windows-server`, `rhel`, `debian`, `ubuntu`, `sles`…
    pub family: String,
    /// The release within the family (`2019`, `8`, `12`); `null` when the id names only the family.
    pub version: Option<String>,
}

/// What the VM is given, from its configuration and vCenter's storage summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    pub vcpu: Option<u32>,
    pub memory_bytes: Option<u64>,
    /// Disk space provisioned (committed + uncommitted).
    pub disk_provisioned_bytes: Option<u64>,
    /// Disk space used on the datastores (committed).
    pub disk_used_bytes: Option<u64>,
}
