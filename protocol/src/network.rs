//! What an agent reports about a switch, router or other device it polled over SNMP.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Sourced, Tags};

/// One network device as seen by one SNMP poll.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkDevice {
    pub identity: NetworkIdentity,
    pub reachability: Reachability,
    /// SNMPv2-MIB system group; `null` when the device did not answer.
    pub system: Option<SystemGroup>,
    /// Facts derived from the answers, each with the source it was derived from.
    pub derived: Derived,
    /// Chassis entities: one for a standalone device, one per member of a stack.
    pub chassis: Vec<Component>,
    /// Modules, power supplies, fans, transceivers and other field-replaceable parts.
    pub components: Vec<Component>,
    /// Ports (entPhysicalClass `port`) are counted, not listed.
    pub port_count: u32,
    /// `true` when the entity table was cut at the agent's row cap.
    pub entities_truncated: bool,
    /// What the device sees on its ports (LLDP-MIB, CISCO-CDP-MIB); empty from agents
    /// that predate neighbours.
    #[serde(default)]
    pub neighbours: Vec<Neighbour>,
    /// How the device names itself to its LLDP neighbours, which is what their tables hold
    /// about it: its name there may differ from sysName, and its chassis id is unique where
    /// names are not. `null` when it answers neither (no LLDP, or an agent before schema 6).
    #[serde(default)]
    pub lldp_local: Option<LldpLocal>,
    /// What the poll read but did not take, and why: placeholders, repeated serials, a
    /// table the device ended early (`chassis 1 entPhysicalSerialNum: placeholder "N/A"`).
    #[serde(default)]
    pub notes: Vec<String>,
    pub tags: Tags,
}

/// One device seen on a port, as the polled device's LLDP or CDP table names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Neighbour {
    pub protocol: NeighbourProtocol,
    /// The polled device's own port: ifName (else the LLDP local port description or id).
    pub local_port: Option<String>,
    /// The neighbour's name: lldpRemSysName, cdpCacheDeviceId.
    pub name: Option<String>,
    /// The neighbour's port: lldpRemPortId (its description when the id is a MAC),
    /// cdpCacheDevicePort.
    pub port: Option<String>,
    /// lldpRemChassisId as text (MAC addresses as `aa:bb:cc:dd:ee:ff`).
    pub chassis_id: Option<String>,
    /// cdpCachePlatform, or the first line of lldpRemSysDesc.
    pub platform: Option<String>,
    /// The neighbour's management address: cdpCacheAddress.
    pub address: Option<String>,
}

/// The device's own LLDP identity: LLDP-MIB `lldpLocalSystemData` (or LLDP-V2-MIB's
/// `lldpV2LocalSystemData`), written as its neighbours' tables write theirs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LldpLocal {
    /// lldpLocChassisId as text, in the form of [`Neighbour::chassis_id`]; placeholders (a
    /// MAC of zeros) are left out.
    pub chassis_id: Option<String>,
    /// lldpLocSysName.
    pub name: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NeighbourProtocol {
    Lldp,
    Cdp,
}

impl NeighbourProtocol {
    pub fn as_str(self) -> &'static str {
        match self {
            NeighbourProtocol::Lldp => "LLDP",
            NeighbourProtocol::Cdp => "CDP",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkIdentity {
    pub device_id: Uuid,
    pub device_id_source: NetworkIdSource,
    /// The address polled, `host:port`.
    pub address: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkIdSource {
    /// A UUIDv5 of the vendor's enterprise number and the chassis serial: the same switch
    /// keeps its id when its address changes.
    ChassisSerial,
    /// A UUIDv5 of the polled address, for devices without a readable serial.
    Address,
    /// The id the agent last used for this address (the device did not answer this time).
    Remembered,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reachability {
    pub reachable: bool,
    /// Why the device could not be inventoried, e.g. `timeout after 3 attempts`,
    /// `authentication failure (wrong digest)`, `unknown user name`.
    pub reason: Option<String>,
    /// SNMP requests the poll took (GET and GETBULK, retries included).
    pub requests: u32,
    pub elapsed_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemGroup {
    pub descr: Option<String>,
    /// sysObjectID in dotted form, e.g. `1.3.6.1.4.1.9.1.516`.
    pub object_id: Option<String>,
    /// sysUpTime in seconds.
    pub uptime_secs: Option<u64>,
    pub name: Option<String>,
    pub location: Option<String>,
    pub contact: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    pub vendor: Option<Sourced<String>>,
    pub model: Option<Sourced<String>>,
    /// `switch`, `router`, `firewall`, `wireless_controller`, `access_point`, …
    pub category: Option<Sourced<String>>,
    /// e.g. `Cisco IOS`, `Cisco IOS-XE`, `Junos`, `Comware`, `Huawei VRP`.
    pub os_family: Option<Sourced<String>>,
    pub os_version: Option<Sourced<String>>,
    /// The chassis serial (of the first chassis, for a stack).
    pub serial: Option<Sourced<String>>,
    /// The chassis manufacturing date, from ENTITY-MIB or a vendor object.
    #[serde(default)]
    pub manufactured: Option<Sourced<NaiveDate>>,
}

/// One row of ENTITY-MIB's entPhysicalTable. Empty strings from the device are `null`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// entPhysicalIndex.
    pub index: u32,
    pub class: EntityClass,
    pub description: Option<String>,
    pub name: Option<String>,
    pub model: Option<String>,
    pub hardware_rev: Option<String>,
    pub firmware_rev: Option<String>,
    pub software_rev: Option<String>,
    pub serial: Option<String>,
    pub manufacturer: Option<String>,
    /// entPhysicalMfgDate, when the device fills it in.
    #[serde(default, with = "crate::strict::date")]
    pub manufactured: Option<NaiveDate>,
    /// entPhysicalIsFRU.
    pub fru: Option<bool>,
    /// entPhysicalContainedIn; `null` at the top of the containment tree.
    pub parent: Option<u32>,
    /// Where the row came from when it is not entPhysicalTable, e.g.
    /// `JUNIPER-MIB jnxContentsTable 7.1.0.0`; `null` for ENTITY-MIB.
    #[serde(default)]
    pub source: Option<String>,
}

/// entPhysicalClass (RFC 6933).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntityClass {
    Other,
    Unknown,
    Chassis,
    Backplane,
    Container,
    PowerSupply,
    Fan,
    Sensor,
    Module,
    Port,
    Stack,
    Cpu,
    EnergyObject,
    Battery,
    StorageDrive,
}

impl EntityClass {
    /// From the MIB's integer; `None` for values the MIB does not define.
    pub fn from_code(code: i64) -> Option<EntityClass> {
        use EntityClass::*;
        Some(match code {
            1 => Other,
            2 => Unknown,
            3 => Chassis,
            4 => Backplane,
            5 => Container,
            6 => PowerSupply,
            7 => Fan,
            8 => Sensor,
            9 => Module,
            10 => Port,
            11 => Stack,
            12 => Cpu,
            13 => EnergyObject,
            14 => Battery,
            15 => StorageDrive,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        use EntityClass::*;
        match self {
            Other => "other",
            Unknown => "unknown",
            Chassis => "chassis",
            Backplane => "backplane",
            Container => "container",
            PowerSupply => "power_supply",
            Fan => "fan",
            Sensor => "sensor",
            Module => "module",
            Port => "port",
            Stack => "stack",
            Cpu => "cpu",
            EnergyObject => "energy_object",
            Battery => "battery",
            StorageDrive => "storage_drive",
        }
    }
}
