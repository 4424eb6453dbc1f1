//! The cost model (`costs.toml`): who is billed, which servers belong to whom, and the cost
//! pools of each year with their allocation methods. Plain data; `parse` builds it from
//! TOML and checks it, `engine` computes charges from it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Ore;

/// A municipality, company or association that receives an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
}

/// A cost centre, charged for its servers; belongs to one billed entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub id: String,
    pub name: String,
    pub entity: String,
}

/// A collector rule placing servers with a department; rules win over agent tags and the
/// asset register, and the first matching rule wins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnershipRule {
    /// Line in costs.toml, to explain a placement.
    pub line: usize,
    pub department: String,
    /// Glob on the host name (`srv-soc-*`), case-insensitive.
    pub hostname: Option<String>,
    /// A network one of the server's addresses is in (stored as `"10.20.0.0/16"`).
    pub subnet: Option<ipnet::IpNet>,
    pub site: Option<String>,
    /// Glob on the VM's vSphere folder path (`Socialtjänst/*`), case-insensitive.
    #[serde(default)]
    pub folder: Option<String>,
    /// A vSphere tag as `Category/Tag`, case-insensitive.
    #[serde(default)]
    pub tag: Option<String>,
    /// A vSphere custom attribute and its value.
    #[serde(default)]
    pub attribute: Option<Attribute>,
}

/// A vSphere custom attribute a rule asks for; name and value match case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    pub name: String,
    pub value: String,
}

/// Which servers a pool counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platforms {
    Physical,
    Virtual,
    Both,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counting {
    pub platforms: Platforms,
    /// Count the servers in service on this day (default: the last day of the year).
    pub as_of: Option<NaiveDate>,
    /// Only servers seen within this many days before `as_of` (default: seen during the year).
    pub seen_within_days: Option<u32>,
    /// Charge by days in service during the year instead of a head count on `as_of`, so a
    /// server that arrives, leaves or moves department mid-year is charged pro rata.
    pub pro_rata: bool,
    /// Whether a VM vSphere reports powered off is counted (`servers::powered_off`).
    #[serde(default)]
    pub powered_off: PoweredOff,
    /// `host_split` pools: what a VM weighs in its host's share. It lives with the counting,
    /// not the method, because it decides what one server's driver is, and
    /// `servers::driver` (the per-server drill-down) is given the counting alone.
    #[serde(default)]
    pub vms_by: Option<VmWeight>,
}

/// What a server-counting pool does with VMs vSphere reports powered off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoweredOff {
    #[default]
    Count,
    Skip,
}

/// What divides a host's share between the VMs on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VmWeight {
    Vcpu,
    /// Allocated memory, weighed in MiB (vSphere allocates whole MB).
    Memory,
}

/// What a consumption pool measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Vcpu,
    RamGb,
    DiskTb,
}

/// Server size classes for per-class unit prices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServerClass {
    Physical,
    Virtual,
}

impl ServerClass {
    pub fn as_str(self) -> &'static str {
        match self {
            ServerClass::Physical => "physical",
            ServerClass::Virtual => "virtual",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Method {
    /// A price per server per year (optionally per class) times each department's servers;
    /// the pool's total is an output.
    UnitPrice { price: Ore, by_class: BTreeMap<ServerClass, Ore> },
    /// The pool's amount divided over all counted servers; the unit cost is an output.
    PerServer,
    /// The amount split by measured consumption.
    Consumption { measure: Measure },
    /// The amount split by a weights table of the year.
    Key { key: String },
    /// Equal shares between the listed departments or entities.
    Equal { between: Vec<String> },
    /// All of it to one department (or entity).
    Direct { to: String },
    /// The ESXi hosts' cost: the amount in equal shares over the hosts counted, each host's
    /// share over the VMs on it by `Counting::vms_by`; a host without (weighed) VMs charges
    /// its own department.
    HostSplit,
}

impl Method {
    /// The method's name as `costs.toml` and the report write it.
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }

    pub fn kind(&self) -> MethodKind {
        match self {
            Method::UnitPrice { .. } => MethodKind::UnitPrice,
            Method::PerServer => MethodKind::PerServer,
            Method::Consumption { .. } => MethodKind::Consumption,
            Method::Key { .. } => MethodKind::Key,
            Method::Equal { .. } => MethodKind::Equal,
            Method::Direct { .. } => MethodKind::Direct,
            Method::HostSplit => MethodKind::HostSplit,
        }
    }
}

/// A method without its parameters, as a charge report names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    UnitPrice,
    PerServer,
    Consumption,
    Key,
    Equal,
    Direct,
    HostSplit,
}

impl MethodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MethodKind::UnitPrice => "unit_price",
            MethodKind::PerServer => "per_server",
            MethodKind::Consumption => "consumption",
            MethodKind::Key => "key",
            MethodKind::Equal => "equal",
            MethodKind::Direct => "direct",
            MethodKind::HostSplit => "host_split",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    pub line: usize,
    pub id: String,
    pub name: String,
    /// The pool's amount; `None` for unit-price pools, whose total is computed.
    pub amount: Option<Ore>,
    pub method: Method,
    pub counting: Counting,
}

/// Weights per department or per billed entity, e.g. employees plus pupils, re-decided yearly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    pub line: usize,
    pub id: String,
    pub name: String,
    pub weights: BTreeMap<String, i64>,
}

/// Spreading a surplus (positive) or deficit (negative) by a key so the centre ends at zero.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub line: usize,
    pub outcome: Ore,
    pub key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Year {
    pub year: i32,
    pub pools: Vec<Pool>,
    pub keys: Vec<Key>,
    pub settlement: Option<Settlement>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostModel {
    pub entities: Vec<Entity>,
    pub departments: Vec<Department>,
    pub rules: Vec<OwnershipRule>,
    pub years: Vec<Year>,
}

impl CostModel {
    pub fn year(&self, year: i32) -> Option<&Year> {
        self.years.iter().find(|y| y.year == year)
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }
}
