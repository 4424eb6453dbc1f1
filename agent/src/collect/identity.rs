//! Who the server is: a stable device id, the hostname and the FQDN.

use std::net::IpAddr;

use arsring_protocol::{DeviceIdSource, InterfaceAddress};
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

fn useful_addresses(found: impl IntoIterator<Item = (String, IpAddr, u8)>) -> Vec<InterfaceAddress> {
    let mut out: Vec<InterfaceAddress> = found
        .into_iter()
        .filter(|(_, address, _)| match address {
            IpAddr::V4(a) => !a.is_loopback() && !a.is_link_local() && !a.is_unspecified(),
            IpAddr::V6(a) => !a.is_loopback() && !a.is_unicast_link_local() && !a.is_unspecified(),
        })
        .map(|(interface, address, prefix)| InterfaceAddress { interface, address, prefix })
        .collect();
    // Sorted, so the same addresses make the same report and no change shows in the history.
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_that_place_a_server_are_kept_in_a_stable_order() {
        let found = [
            ("lo", "127.0.0.1", 8),
            ("lo", "::1", 128),
            ("eno1", "fe80::a00:27ff:fe4e:66a1", 64),
            ("eno1", "169.254.10.2", 16),
            ("eno2", "10.20.4.17", 24),
            ("eno1", "2001:db8:20:4::17", 64),
            ("eno1", "192.168.1.5", 24),
            ("eno1", "192.168.1.5", 24),
        ];
        let kept = useful_addresses(found.iter().map(|(i, a, p)| (i.to_string(), a.parse().unwrap(), *p)));
        let shown: Vec<String> = kept.iter().map(|a| format!("{} {}/{}", a.interface, a.address, a.prefix)).collect();
        assert_eq!(shown, ["eno1 192.168.1.5/24", "eno1 2001:db8:20:4::17/64", "eno2 10.20.4.17/24"]);
    }

    #[test]
    fn this_machine_has_an_interface_list() {
        // Whatever the addresses are, the list is read (lo exists on every Linux host).
        assert!(addresses().is_some());
    }

    fn host_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Host) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path.trim_start_matches('/'));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let host = Host::at(dir.path());
        (dir, host)
    }

    #[test]
    fn machine_id_is_hashed_and_stable() {
        let (_d, host) = host_with(&[("/etc/machine-id", "b08dfa6083e7567a1921a715000001fb\n")]);
        let (a, source) = device_id(&host, None);
        let (b, _) = device_id(&host, None);
        assert_eq!(a, b);
        assert_eq!(source, DeviceIdSource::MachineId);
        assert_ne!(a.simple().to_string(), "b08dfa6083e7567a1921a715000001fb");
    }

    #[test]
    fn persisted_id_wins() {
        let (_d, host) = host_with(&[("/etc/machine-id", "b08dfa6083e7567a1921a715000001fb\n")]);
        let known = (Uuid::from_u128(7), DeviceIdSource::Generated);
        assert_eq!(device_id(&host, Some(known)), known);
    }

    #[test]
    fn dmi_uuid_when_no_machine_id() {
        let (_d, host) = host_with(&[
            ("/etc/machine-id", "uninitialized\n"),
            ("/sys/class/dmi/id/product_uuid", "4c4c4544-0058-4b10-8032-b4c04f4d3533\n"),
        ]);
        let (id, source) = device_id(&host, None);
        assert_eq!(source, DeviceIdSource::DmiProductUuid);
        assert_eq!(id.to_string(), "4c4c4544-0058-4b10-8032-b4c04f4d3533");
    }

    #[test]
    fn generated_when_nothing_is_readable() {
        let (_d, host) = host_with(&[]);
        assert_eq!(device_id(&host, None).1, DeviceIdSource::Generated);
    }
}
