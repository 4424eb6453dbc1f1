//! Who the server is: a stable device id, the hostname and the FQDN.

use std::net::IpAddr;

use arsring_protocol::{DeviceIdSource, InterfaceAddress, mac};
use uuid::Uuid;

use super::host::Host;

/// Namespace for deriving device ids, so that the raw machine-id never leaves the host
/// (machine-id(5) asks applications to hash it with their own key).
const DEVICE_ID_NAMESPACE: Uuid = Uuid::from_u128(0x6b1e_2f5c_83a4_4c1d_9e57_a2d0_4f38_b611);

/// The device id: the persisted one if there is one, else derived from machine-id, else
/// from the DMI product UUID, else random. The caller persists what this returns.
pub fn device_id(host: &Host, persisted: Option<(Uuid, DeviceIdSource)>) -> (Uuid, DeviceIdSource) {
    if let Some(known) = persisted {
        return known;
    }
    if let Some(machine_id) =
        host.read_value("/etc/machine-id").filter(|id| id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return (Uuid::new_v5(&DEVICE_ID_NAMESPACE, machine_id.as_bytes()), DeviceIdSource::MachineId);
    }
    if let Some(uuid) = host
        .read_value("/sys/class/dmi/id/product_uuid")
        .and_then(|text| Uuid::parse_str(&text).ok())
        .filter(|u| !u.is_nil() && !u.is_max())
    {
        return (uuid, DeviceIdSource::DmiProductUuid);
    }
    (Uuid::new_v4(), DeviceIdSource::Generated)
}

pub fn hostname(host: &Host) -> String {
    host.read_value("/proc/sys/kernel/hostname")
        .or_else(|| sysinfo::System::host_name().ok())
        .unwrap_or_else(|| "localhost".to_string())
}

/// The resolver's canonical name for `hostname`, when it is fully qualified.
pub fn fqdn(hostname: &str) -> Option<String> {
    let hints =
        dns_lookup::AddrInfoHints { flags: libc::AI_CANONNAME, address: 0, socktype: libc::SOCK_STREAM, protocol: 0 };
    dns_lookup::getaddrinfo(Some(hostname), None, Some(hints))
        .ok()?
        .filter_map(|entry| entry.ok()?.canonname)
        .find(|name| name.contains('.') && !name.starts_with("localhost"))
}

/// The interfaces' addresses, for placing the server by subnet: loopback, link-local and
/// unspecified addresses say nothing about where a server stands, so they are left out.
/// `None` when the interface list could not be read at all (Linux always has `lo`).
pub fn addresses() -> Option<Vec<InterfaceAddress>> {
    let networks = sysinfo::Networks::new_with_refreshed_list().ok()?;
    if networks.is_empty() {
        return None;
    }
    let found = networks.iter().flat_map(|(name, data)| {
        let name = name.to_string_lossy().into_owned();
        data.ip_networks().iter().map(move |n| (name.clone(), n.addr, n.prefix))
    });
    Some(useful_addresses(found))
}

/// The MAC addresses of the Ethernet interfaces (`/sys/class/net/*/address` with type 1),
/// lower case and sorted. Loopback, all-zero and locally administered addresses (bridges,
/// veth pairs, containers: random and shared across hosts) are left out, so what is left
/// names the machine's own cards; a VM's are the ones vCenter lists for it.
pub fn mac_addresses(host: &Host) -> Option<Vec<String>> {
    let interfaces = host.list("/sys/class/net");
    if interfaces.is_empty() {
        return None;
    }
    let mut macs: Vec<String> = interfaces
        .iter()
        .filter(|name| host.read_value(&format!("/sys/class/net/{name}/type")).as_deref() == Some("1"))
        .filter_map(|name| host.read_value(&format!("/sys/class/net/{name}/address")))
        .filter_map(|mac| normal_mac(&mac))
        .collect();
    macs.sort();
    macs.dedup();
    Some(macs)
}

/// `aa:bb:cc:dd:ee:ff` in lower case, or `None` for what is not a globally unique MAC.
pub fn normal_mac(text: &str) -> Option<String> {
    let mac = normal_mac_any(text)?;
    let first = u8::from_str_radix(&mac[..2], 16).ok()?;
    (first & 0x03 == 0).then_some(mac)
}

/// Any unicast or multicast MAC as `aa:bb:cc:dd:ee:ff`; `None` for what is not one.
pub fn normal_mac_any(text: &str) -> Option<String> {
    let octets = mac::octets(text)?;
    (octets != [0; 6]).then(|| mac::colon_hex(&octets))
}

fn useful_addresses(found: impl IntoIterator<Item = (String, IpAddr, u8)>) -> Vec<InterfaceAddress> {
    let mut out: Vec<InterfaceAddress> = found
        .into_iter()
        .filter(|(_, address, _)| match address {
            IpAddr::V4(a) => !a.is_loopback() && !a.is_link_local() && !a.is_unspecified(),
            IpAddr::V6(a) => !a.is_loopback() && !a.is_unicast_link_local() && !a.is_unspecified(),
        })
        .map(|(interface, address, prefix)| InterfaceAddress { interface: interface.into(), address, prefix })
        .collect();
    // Sorted, so the same addresses make the same report and no change shows in the history.
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
