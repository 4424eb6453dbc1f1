//! From vCenter's objects to the poller's reports: pure, so every rule here (which serial,
//! which identifiers, which folder path) is tested on plain data.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use arsring_protocol::{
    Allocation, Bios, Cpu, Guest, HostProduct, Hypervisor, Placement, PowerState, Sourced, VirtualMachine,
};
use chrono::NaiveDate;
use uuid::Uuid;

use super::guest::guest_os;
use super::session::Object;
use super::soap::Node;

/// Namespace of the poller's device ids, so a VM or host keeps its id across polls.
const DEVICE_ID_NAMESPACE: Uuid = Uuid::from_u128(0x9c2e_51f0_6a3b_4e77_b1d8_0f5e_2a7c_4d93);

/// What is known about vCenter's inventory tree: each folder, datacenter, cluster,
/// resource pool or vApp by id, with its name, kind and parent.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    nodes: HashMap<String, TreeNode>,
}

#[derive(Clone, Debug)]
struct TreeNode {
    name: String,
    kind: String,
    parent: Option<String>,
    /// A vApp's VM folder (`parentFolder`): its VMs have no folder of their own.
    folder: Option<String>,
}

/// The kinds of the resource pool hierarchy: a vApp is a resource pool too.
const POOL_KINDS: [&str; 2] = ["ResourcePool", "VirtualApp"];

impl Tree {
    pub fn from_objects(objects: &[Object]) -> Tree {
        let nodes = objects
            .iter()
            .map(|o| {
                let node = TreeNode {
                    name: text(o, "name").unwrap_or_default(),
                    kind: o.kind.clone(),
                    parent: text(o, "parent"),
                    folder: text(o, "parentFolder"),
                };
                (o.id.clone(), node)
            })
            .collect();
        Tree { nodes }
    }

    /// The ancestors of `id`, nearest first, as (kind, name).
    fn ancestors(&self, id: Option<&str>) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        let mut next = id;
        // Bounded: a malformed tree with a cycle must not hang the poller.
        while let Some(current) = next.filter(|_| out.len() < 64) {
            let Some(node) = self.nodes.get(current) else { break };
            out.push((node.kind.as_str(), node.name.as_str()));
            next = node.parent.as_deref();
        }
        out
    }

    /// The folder a VM is in: its own (`parent`), or for a VM in a vApp (which has none),
    /// its vApp's, or that vApp's parent vApp's.
    fn vm_folder(&self, parent: Option<&str>, vapp: Option<&str>) -> Option<String> {
        if parent.is_some() {
            return self.folder_path(parent);
        }
        let mut next = vapp;
        for _ in 0..64 {
            let node = self.nodes.get(next?)?;
            if node.folder.is_some() {
                return self.folder_path(node.folder.as_deref());
            }
            next = node.parent.as_deref().filter(|p| self.nodes.get(*p).is_some_and(|n| n.kind == "VirtualApp"));
        }
        None
    }

    fn nearest(&self, id: Option<&str>, kind: &str) -> Option<String> {
        self.ancestors(id).into_iter().find(|(k, _)| *k == kind).map(|(_, n)| n.to_string())
    }

    fn datacenter(&self, id: Option<&str>) -> Option<String> {
        self.nearest(id, "Datacenter")
    }

    /// Folder names between the object and its datacenter, below the datacenter's own
    /// `vm` or `host` folder: `Socialtjänst/Prod`.
    fn folder_path(&self, parent: Option<&str>) -> Option<String> {
        let chain: Vec<&str> =
            self.ancestors(parent).into_iter().take_while(|(k, _)| *k == "Folder").map(|(_, n)| n).collect();
        let below_root: Vec<&str> = chain.into_iter().rev().skip(1).collect();
        (!below_root.is_empty()).then(|| below_root.join("/"))
    }

    /// Resource pool (and vApp) names below the cluster's root pool: `Produktion/Kritiskt`,
    /// `Produktion/Ekonomisystem` for a VM in the vApp `Ekonomisystem`.
    fn pool_path(&self, pool: Option<&str>) -> Option<String> {
        let chain: Vec<&str> =
            self.ancestors(pool).into_iter().take_while(|(k, _)| POOL_KINDS.contains(k)).map(|(_, n)| n).collect();
        let below_root: Vec<&str> = chain.into_iter().rev().skip(1).collect();
        (!below_root.is_empty()).then(|| below_root.join("/"))
    }

    fn cluster(&self, compute_resource: Option<&str>) -> Option<String> {
        self.nearest(compute_resource, "ClusterComputeResource")
    }
}

/// The vCenter the objects came from.
pub struct Origin<'a> {
    pub instance_uuid: &'a str,
    pub name: &'a str,
    /// Custom field keys → names.
    pub fields: &'a HashMap<String, String>,
}

fn text(o: &Object, path: &str) -> Option<String> {
    o.props.get(path).map(|n| n.text.clone()).filter(|t| !t.is_empty())
}

fn number<T: std::str::FromStr>(o: &Object, path: &str) -> Option<T> {
    o.props.get(path)?.text.parse().ok()
}

/// A UUID as vSphere writes it; the all-zero and all-`f` "unset" values are no UUID.
fn uuid(value: Option<&str>) -> Option<Uuid> {
    Uuid::parse_str(value?.trim()).ok().filter(|u| !u.is_nil() && !u.is_max())
}

fn power(value: Option<&str>) -> PowerState {
    match value {
        Some("poweredOn") => PowerState::PoweredOn,
        Some("poweredOff") => PowerState::PoweredOff,
        Some("suspended") => PowerState::Suspended,
        _ => PowerState::Unknown,
    }
}

fn custom_values(node: Option<&Node>, fields: &HashMap<String, String>) -> BTreeMap<String, String> {
    let Some(node) = node else { return BTreeMap::new() };
    node.children
        .iter()
        .filter_map(|v| {
            let name = fields.get(v.text_at("key")?)?;
            Some((name.clone(), v.text_at("value").unwrap_or_default().to_string()))
        })
        .collect()
}

fn device_id(kind: &str, vcenter: &str, own: &str) -> Uuid {
    Uuid::new_v5(&DEVICE_ID_NAMESPACE, format!("{kind}:{vcenter}:{own}").as_bytes())
}

fn placement(origin: &Origin, tree: &Tree, o: &Object, compute_resource: Option<&str>) -> Placement {
    Placement {
        vcenter: origin.instance_uuid.to_string(),
        vcenter_name: origin.name.to_string(),
        moref: o.id.clone(),
        datacenter: tree.datacenter(text(o, "parent").as_deref()).or_else(|| tree.datacenter(compute_resource)),
        cluster: tree.cluster(compute_resource),
    }
}

/// The chassis serial among a host's identifiers, and which one it was. Vendors fill them
/// differently: Dell's ServiceTag is the serial, Lenovo's is the machine type, and ESXi 6.7
/// hides a Lenovo serial in an OEM string `SN: …`; ESXi 7 and later also give
/// `systemInfo.serialNumber`.
pub fn host_serial(
    identifiers: &[(String, String)],
    system_serial: Option<&str>,
    model: Option<&str>,
) -> Option<Sourced<String>> {
    let junk = |v: &str| {
        let v = v.trim();
        v.is_empty()
            || ["none", "unknown", "n/a", "not specified", "0", "no asset tag"].contains(&v.to_lowercase().as_str())
            || v.chars().all(|c| c == '0' || c == 'f' || c == 'F' || c == ' ')
    };
    // A machine type (`7Z71CTO1WW`) appears in the model as `-[7Z71CTO1WW]-`.
    let machine_type = |v: &str| model.is_some_and(|m| m.contains(&format!("[{v}]")));
    let found = |key: &str| identifiers.iter().find(|(k, v)| k == key && !junk(v) && !machine_type(v));
    let sourced = |value: &str, source: &str| Some(Sourced { value: value.trim().to_string(), source: source.into() });
    if let Some(s) = system_serial.filter(|s| !junk(s) && !machine_type(s)) {
        return sourced(s, "hardware.systemInfo.serialNumber");
    }
    for key in ["SerialNumberTag", "EnclosureSerialNumberTag", "ServiceTag"] {
        if let Some((_, v)) = found(key) {
            return sourced(v, &format!("summary.hardware.otherIdentifyingInfo {key}"));
        }
    }
    identifiers.iter().filter(|(k, _)| k == "OemSpecificString").find_map(|(_, v)| {
        let serial = v.trim().strip_prefix("SN:").map(str::trim).filter(|s| !junk(s))?;
        sourced(serial, "summary.hardware.otherIdentifyingInfo OemSpecificString SN:")
    })
}

fn identifiers(hardware: Option<&Node>) -> Vec<(String, String)> {
    hardware
        .map(|h| {
            h.all("otherIdentifyingInfo")
                .filter_map(|i| {
                    Some((i.text_at("identifierType/key")?.to_string(), i.text_at("identifierValue")?.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `2023-08-29T00:00:00Z` → the date.
fn date(value: Option<&str>) -> Option<NaiveDate> {
    let value = value?;
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

pub fn hypervisor(origin: &Origin, tree: &Tree, o: &Object, vm_count: u32) -> Hypervisor {
    let hw = o.props.get("summary.hardware");
    let hw_text = |path: &str| hw.and_then(|h| h.text_at(path)).map(str::to_string);
    let hw_number = |path: &str| hw.and_then(|h| h.text_at(path)).and_then(|t| t.parse::<u32>().ok());
    let bios = o.props.get("hardware.biosInfo");
    let product = o.props.get("config.product").and_then(|p| {
        Some(HostProduct {
            name: p.text_at("name")?.to_string(),
            version: p.text_at("version")?.to_string(),
            build: p.text_at("build").map(str::to_string),
            full_name: p.text_at("fullName").map(str::to_string),
        })
    });
    let ids = identifiers(hw);
    let model = hw_text("model");
    let system_serial = o.props.get("hardware.systemInfo").and_then(|s| s.text_at("serialNumber"));
    let hardware_uuid = uuid(hw_text("uuid").as_deref());
    let compute_resource = text(o, "parent");
    let addresses: Vec<IpAddr> = o
        .props
        .get("config.network.vnic")
        .map(|v| v.children.iter().filter_map(|n| n.text_at("spec/ip/ipAddress")?.parse().ok()).collect())
        .unwrap_or_default();
    Hypervisor {
        device_id: device_id("host", origin.instance_uuid, &hardware_uuid.map_or(o.id.clone(), |u| u.to_string())),
        name: text(o, "name").unwrap_or_else(|| o.id.clone()),
        placement: placement(origin, tree, o, compute_resource.as_deref()),
        absent: None,
        hardware_uuid,
        vendor: hw_text("vendor"),
        serial: host_serial(&ids, system_serial, model.as_deref()),
        model,
        asset_tag: ids
            .iter()
            .find(|(k, v)| k == "AssetTag" && !v.trim().is_empty() && v != "No Asset Tag")
            .map(|(_, v)| v.clone()),
        bios: Bios {
            vendor: bios.and_then(|b| b.text_at("vendor")).map(Into::into),
            version: bios.and_then(|b| b.text_at("biosVersion")).map(Into::into),
            release_date: date(bios.and_then(|b| b.text_at("releaseDate"))),
        },
        cpu: Cpu {
            model: hw_text("cpuModel").map(Into::into),
            sockets: hw_number("numCpuPkgs"),
            cores: hw_number("numCpuCores"),
            threads: hw_number("numCpuThreads").unwrap_or(0),
        },
        memory_bytes: hw_text("memorySize").and_then(|m| m.parse().ok()).filter(|m| *m > 0),
        product,
        power_state: power(text(o, "runtime.powerState").as_deref()),
        connection_state: text(o, "runtime.connectionState"),
        addresses,
        custom_attributes: custom_values(o.props.get("customValue"), origin.fields),
        vm_count,
    }
}

/// Each host's name and compute resource (its cluster or standalone parent), by id.
pub fn host_names(hosts: &[Object]) -> HashMap<String, (String, Option<String>)> {
    hosts
        .iter()
        .map(|h| {
            let name = h.props.get("name").map_or(h.id.clone(), |n| n.text.clone());
            (h.id.clone(), (name, h.props.get("parent").map(|p| p.text.clone())))
        })
        .collect()
}

/// `about.apiType` of an ESXi host answering for itself, without vCenter.
pub const HOST_AGENT: &str = "HostAgent";

/// Which vSphere this is, for the ids of its hosts and VMs: vCenter's instance UUID, or for
/// an ESXi host polled on its own (it has none) that host's hardware UUID, so that its VMs
/// keep their ids from poll to poll. Anything else without an instance UUID is not read.
pub fn instance(instance_uuid: Option<&str>, api_type: &str, hosts: &[Object]) -> Result<String, String> {
    if let Some(id) = instance_uuid {
        return Ok(id.to_string());
    }
    let lone = match hosts {
        [host] if api_type == HOST_AGENT => host.props.get("summary.hardware").and_then(|h| h.text_at("uuid")),
        _ => None,
    };
    match uuid(lone) {
        Some(id) => Ok(id.to_string()),
        None => Err(format!("ServiceContent without about/instanceUuid (apiType {api_type:?})")),
    }
}

/// `true` for a template, which is not a machine and is not reported.
pub fn is_template(o: &Object) -> bool {
    text(o, "config.template").as_deref() == Some("true")
}

pub fn virtual_machine(
    origin: &Origin,
    tree: &Tree,
    o: &Object,
    hosts: &HashMap<String, (String, Option<String>)>,
) -> VirtualMachine {
    let instance_uuid = uuid(text(o, "config.instanceUuid").as_deref());
    let host_id = text(o, "runtime.host");
    let (host, compute_resource) = host_id.as_deref().and_then(|h| hosts.get(h)).cloned().unzip();
    let compute_resource = compute_resource.flatten();
    let guest = guest(o);
    let macs = macs(o);
    let committed: Option<u64> = number(o, "summary.storage.committed");
    let uncommitted: Option<u64> = number(o, "summary.storage.uncommitted");
    let mut placement = placement(origin, tree, o, compute_resource.as_deref());
    if placement.datacenter.is_none() {
        placement.datacenter = tree.datacenter(text(o, "resourcePool").as_deref());
    }
    VirtualMachine {
        device_id: device_id("vm", origin.instance_uuid, &instance_uuid.map_or(o.id.clone(), |u| u.to_string())),
        name: text(o, "name").unwrap_or_else(|| o.id.clone()),
        placement,
        absent: None,
        instance_uuid,
        bios_uuid: uuid(text(o, "config.uuid").as_deref()),
        host,
        folder: tree.vm_folder(text(o, "parent").as_deref(), text(o, "parentVApp").as_deref()),
        resource_pool: tree.pool_path(text(o, "resourcePool").as_deref()),
        power_state: power(text(o, "runtime.powerState").as_deref()),
        guest,
        allocation: Allocation {
            vcpu: number(o, "config.hardware.numCPU").filter(|n: &u32| *n > 0),
            memory_bytes: number::<u64>(o, "config.hardware.memoryMB").filter(|m| *m > 0).map(|m| m << 20),
            disk_provisioned_bytes: committed.zip(uncommitted).map(|(c, u)| c.saturating_add(u)).or(committed),
            disk_used_bytes: committed,
        },
        mac_addresses: macs,
        annotation: text(o, "config.annotation"),
        custom_attributes: custom_values(o.props.get("customValue"), origin.fields),
        tags: None,
    }
}

fn guest(o: &Object) -> Guest {
    let configured_id = text(o, "config.guestId");
    let configured_name = text(o, "config.guestFullName");
    let tools_id = text(o, "guest.guestId");
    let tools_name = text(o, "guest.guestFullName");
    let mut addresses: Vec<IpAddr> = o
        .props
        .get("guest.net")
        .map(|net| {
            net.children.iter().flat_map(|nic| nic.all("ipAddress")).filter_map(|a| a.text.parse().ok()).collect()
        })
        .unwrap_or_default();
    addresses.sort();
    addresses.dedup();
    Guest {
        os: guest_os(configured_id.as_deref(), configured_name.as_deref(), tools_id.as_deref(), tools_name.as_deref()),
        configured_id,
        configured_name,
        tools_id,
        tools_name,
        tools_running: text(o, "guest.toolsRunningStatus"),
        hostname: text(o, "guest.hostName"),
        addresses,
    }
}

/// The MAC addresses of the VM's network cards, from its configured devices.
fn macs(o: &Object) -> Vec<String> {
    let mut macs: Vec<String> = o
        .props
        .get("config.hardware.device")
        .map(|devices| {
            devices
                .children
                .iter()
                .filter_map(|d| d.text_at("macAddress"))
                .filter_map(crate::collect::identity::normal_mac_any)
                .collect()
        })
        .unwrap_or_default();
    macs.sort();
    macs.dedup();
    macs
}

#[cfg(test)]
mod tests;
