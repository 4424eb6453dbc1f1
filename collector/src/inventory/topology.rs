//! Who is connected to whom, from the LLDP and CDP tables network devices report: each
//! device's links, both those it sees and those its neighbours see of it, so the outdated
//! distribution switch shows the access switches that hang off it even when only the
//! access switches run LLDP.
//!
//! A neighbour is matched to a known device by its chassis id first: the id a network
//! device gives itself in LLDP (`lldp_local`), or one of a server's MACs (lldpd on Linux
//! sends one). Names repeat (factory names, a renamed box), chassis ids do not; an id two
//! devices claim, or a placeholder, matches nothing. Else by name (sysName or the LLDP name
//! the device gives itself; LLDP and CDP often give the FQDN, CDP on Nexus adds `(serial)`),
//! else by its management address. Network devices come first where a server has the same
//! name or MAC. An unmatched neighbour is still listed, under the name it gave. A server a
//! switch sees gets the link from the other end, as a switch that runs no LLDP does.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use arsring_protocol::{Device, NetworkDevice, mac};
use serde::Serialize;
use uuid::Uuid;

use crate::store::DeviceRecord;

/// One link of one device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = NeighbourLink)]
pub struct Link {
    /// This device's port, when known.
    pub local_port: Option<String>,
    /// The other end: a known device's name, else the name (or chassis id, or address) it gave.
    pub name: String,
    pub port: Option<String>,
    pub device: Option<Uuid>,
    /// `LLDP` or `CDP`.
    pub protocol: &'static str,
    /// Whether this device's own table holds the link, or only the other end's.
    pub seen_by_neighbour: bool,
}

#[derive(Debug, Default)]
pub struct Topology {
    links: HashMap<Uuid, Vec<Link>>,
}

impl Topology {
    pub fn of(&self, device: Uuid) -> &[Link] {
        self.links.get(&device).map_or(&[], Vec::as_slice)
    }
}

/// `core-sw1.example.org` → `core-sw1`; `N5K-A(SSI1837…)` → `n5k-a`.
fn key(name: &str) -> String {
    let name = name.trim();
    let name = match name.find('(') {
        Some(i) if name.ends_with(')') && i > 0 => &name[..i],
        _ => name,
    };
    name.split('.').next().unwrap_or(name).trim().to_lowercase()
}

/// A chassis id as it is compared: a MAC however it is written (`arsring_protocol::mac`) as
/// twelve hex digits, `aabbccddeeff`; any other id (a serial, a name: LLDP's `local`
/// subtype) as it is, without case, so twelve bare hex digits meet the MAC they may be.
fn chassis_key(id: &str) -> Option<String> {
    let id = id.trim();
    match mac::octets(id) {
        // Placeholders some agents answer when LLDP is off: no device's.
        Some(octets) if octets == [0; 6] || octets == [0xff; 6] => None,
        Some(octets) => Some(octets.iter().map(|b| format!("{b:02x}")).collect()),
        None => (!id.is_empty()).then(|| id.to_lowercase()),
    }
}

/// Chassis ids, each of the one device that claims it; an id claimed by devices of two
/// kinds is the network device's (they come first), by two of one kind nobody's.
#[derive(Default)]
struct Chassis(HashMap<String, Option<(Uuid, bool)>>);

impl Chassis {
    fn claim(&mut self, id: &str, device: Uuid, network: bool) {
        let Some(key) = chassis_key(id) else { return };
        let claimed = self.0.entry(key).or_insert(Some((device, network)));
        match *claimed {
            Some((other, other_network)) if other != device && other_network == network => *claimed = None,
            _ => {}
        }
    }

    fn get(&self, id: &str) -> Option<&Uuid> {
        self.0.get(&chassis_key(id)?)?.as_ref().map(|(device, _)| device)
    }
}

/// A server's name and MACs, the facts by which a switch's neighbour is recognised as it.
fn server_identity(record: &DeviceRecord) -> Option<(&str, &[impl AsRef<str>])> {
    match &record.report.device {
        Device::Server(s) => Some((s.identity.hostname.as_str(), s.identity.mac_addresses.as_deref().unwrap_or(&[]))),
        _ => None,
    }
}

/// What the topology takes from servers, as one number: while it stays the same (most
/// reports change usage and patches, not names or interfaces) a fleet keeps its topology.
pub fn servers_fingerprint(records: &[Arc<DeviceRecord>]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for record in records {
        if let Some((name, macs)) = server_identity(record) {
            (record.device_id, name).hash(&mut hasher);
            macs.iter().for_each(|mac| mac.as_ref().hash(&mut hasher));
        }
    }
    hasher.finish()
}

/// The links of every network device in `records` (servers among them are recognised as
/// neighbours; their own records hold no tables).
pub fn topology(records: &[Arc<DeviceRecord>]) -> Topology {
    let network: Vec<(Uuid, &NetworkDevice)> = records
        .iter()
        .filter_map(|r| match &r.report.device {
            Device::Network(n) => Some((r.device_id, n.as_ref())),
            _ => None,
        })
        .collect();
    let mut by_name: HashMap<String, Uuid> = HashMap::new();
    let mut by_address: HashMap<String, Uuid> = HashMap::new();
    let mut by_chassis = Chassis::default();
    let mut names: HashMap<Uuid, String> = HashMap::new();
    for (id, n) in &network {
        let host = n.identity.address.rsplit_once(':').map_or(n.identity.address.as_str(), |(h, _)| h);
        by_address.insert(host.to_string(), *id);
        let name = n.system.as_ref().and_then(|s| s.name.clone()).unwrap_or_else(|| host.to_string());
        by_name.entry(key(&name)).or_insert(*id);
        names.insert(*id, name);
        let local = n.lldp_local.as_ref();
        if let Some(lldp_name) = local.and_then(|l| l.name.as_deref()) {
            by_name.entry(key(lldp_name)).or_insert(*id);
        }
        if let Some(chassis_id) = local.and_then(|l| l.chassis_id.as_deref()) {
            by_chassis.claim(chassis_id, *id, true);
        }
    }
    for record in records {
        let Some((name, macs)) = server_identity(record) else { continue };
        by_name.entry(key(name)).or_insert(record.device_id);
        names.insert(record.device_id, name.to_string());
        for address in macs.iter().filter(|m| mac::octets(m.as_ref()).is_some()) {
            by_chassis.claim(address.as_ref(), record.device_id, false);
        }
    }
    let mut topology = Topology::default();
    let mut seen: HashSet<(Uuid, Uuid)> = HashSet::new();
    for (id, n) in &network {
        for neighbour in &n.neighbours {
            let matched = neighbour
                .chassis_id
                .as_deref()
                .and_then(|id| by_chassis.get(id))
                .or_else(|| neighbour.name.as_deref().and_then(|name| by_name.get(&key(name))))
                .or_else(|| neighbour.address.as_deref().and_then(|a| by_address.get(a)))
                .copied()
                .filter(|other| other != id);
            let given = [&neighbour.name, &neighbour.chassis_id, &neighbour.address].into_iter().flatten().next();
            let name = matched.and_then(|m| names.get(&m)).or(given).cloned().unwrap_or_default();
            topology.links.entry(*id).or_default().push(Link {
                local_port: neighbour.local_port.clone(),
                name,
                port: neighbour.port.clone(),
                device: matched,
                protocol: neighbour.protocol.as_str(),
                seen_by_neighbour: false,
            });
            if let Some(other) = matched {
                seen.insert((*id, other));
            }
        }
    }
    // The other end of each matched link, unless that end reported it itself.
    let reverse: Vec<(Uuid, Link)> = topology
        .links
        .iter()
        .flat_map(|(id, links)| links.iter().map(move |l| (*id, l)))
        .filter_map(|(id, l)| {
            let other = l.device?;
            (!seen.contains(&(other, id))).then(|| {
                let link = Link {
                    local_port: l.port.clone(),
                    name: names.get(&id).cloned().unwrap_or_default(),
                    port: l.local_port.clone(),
                    device: Some(id),
                    protocol: l.protocol,
                    seen_by_neighbour: true,
                };
                (other, link)
            })
        })
        .collect();
    for (other, link) in reverse {
        topology.links.entry(other).or_default().push(link);
    }
    for links in topology.links.values_mut() {
        links.sort_by(|a, b| (&a.local_port, &a.name).cmp(&(&b.local_port, &b.name)));
        links.dedup();
    }
    topology
}

#[cfg(test)]
mod tests;
