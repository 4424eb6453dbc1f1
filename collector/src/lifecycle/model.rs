//! The lifecycle engine's plain data: what is assessed, and what it is assessed against.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::money::Ore;

/// What kind of thing an item is; decides its policy lifetime and its renewal project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Server,
    /// A virtual machine or container: its end of life is its OS's, never its age (its
    /// "BIOS date" is the hypervisor's virtual firmware, and it is not bought or replaced).
    VirtualMachine,
    HypervisorHost,
    Storage,
    Switch,
    Router,
    Firewall,
    WirelessController,
    AccessPoint,
    LoadBalancer,
    PowerSupply,
    Fan,
    Module,
    Transceiver,
    Other,
}

impl Category {
    pub const ALL: [Category; 15] = [
        Category::Server,
        Category::VirtualMachine,
        Category::HypervisorHost,
        Category::Storage,
        Category::Switch,
        Category::Router,
        Category::Firewall,
        Category::WirelessController,
        Category::AccessPoint,
        Category::LoadBalancer,
        Category::PowerSupply,
        Category::Fan,
        Category::Module,
        Category::Transceiver,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Server => "server",
            Category::VirtualMachine => "virtual_machine",
            Category::HypervisorHost => "hypervisor_host",
            Category::Storage => "storage",
            Category::Switch => "switch",
            Category::Router => "router",
            Category::Firewall => "firewall",
            Category::WirelessController => "wireless_controller",
            Category::AccessPoint => "access_point",
            Category::LoadBalancer => "load_balancer",
            Category::PowerSupply => "power_supply",
            Category::Fan => "fan",
            Category::Module => "module",
            Category::Transceiver => "transceiver",
            Category::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The renewal project that replaces this kind of equipment.
    pub fn project(self) -> Option<Project> {
        match self {
            Category::Server | Category::VirtualMachine | Category::HypervisorHost | Category::Storage => {
                Some(Project::Datacenter)
            }
            Category::Switch
            | Category::Router
            | Category::Firewall
            | Category::WirelessController
            | Category::AccessPoint
            | Category::LoadBalancer => Some(Project::Network),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Project {
    Datacenter,
    Network,
}

/// Where an in-service date came from, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgeSource {
    /// The asset register's purchase date.
    AssetRegister,
    /// ENTITY-MIB entPhysicalMfgDate.
    ManufacturingDate,
    /// The BIOS release date: an estimate (firmware can be newer than the hardware).
    BiosDate,
    /// The first time the collector saw it: the item is at least this old.
    FirstSeen,
}

impl AgeSource {
    pub fn describe(self) -> &'static str {
        match self {
            AgeSource::AssetRegister => "purchase date (asset register)",
            AgeSource::ManufacturingDate => "manufacturing date (ENTITY-MIB)",
            AgeSource::BiosDate => "BIOS release date (estimate)",
            AgeSource::FirstSeen => "first seen by the collector (lower bound)",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InService {
    pub date: NaiveDate,
    pub source: AgeSource,
}

/// A cost with where the figure came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Cost {
    pub ore: Ore,
    pub source: String,
}

/// One thing whose lifecycle is assessed: a device, or a component of a network device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Item {
    /// `device_id` for a device, `device_id/index` for a component.
    pub id: String,
    pub device_id: Uuid,
    /// The device's name (hostname or sysName), also for its components.
    pub device_name: String,
    /// `null` for the device itself, the entPhysicalIndex for a component.
    pub component_index: Option<u32>,
    pub category: Category,
    pub vendor: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub site: Option<String>,
    pub department: Option<String>,
    pub in_service: Option<InService>,
    /// OS or firmware as (family or OS id, version), for release-cycle rules.
    pub software: Option<Software>,
    /// From the asset register, when known.
    pub purchase_cost: Option<Ore>,
    pub warranty_end: Option<NaiveDate>,
    pub last_seen: chrono::DateTime<chrono::Utc>,
}

impl Item {
    /// Where the age comes from, for people; or why there is none where that is by design.
    pub fn age_source(&self) -> Option<&'static str> {
        match (self.in_service, self.category) {
            (Some(i), _) => Some(i.source.describe()),
            (None, Category::VirtualMachine) => Some("none (virtual machine)"),
            (None, _) => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Software {
    /// os-release `ID` (`debian`, `rhel`…) for servers; OS family (`Cisco IOS-XE`…) for network devices.
    pub family: String,
    /// `VERSION_ID` or the firmware version.
    pub version: String,
}
