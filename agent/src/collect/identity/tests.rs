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

#[test]
fn macs_are_the_machines_own_cards() {
    let dir = tempfile::tempdir().unwrap();
    let iface = |name: &str, kind: &str, mac: &str| {
        let d = dir.path().join("sys/class/net").join(name);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("type"), format!("{kind}\n")).unwrap();
        std::fs::write(d.join("address"), format!("{mac}\n")).unwrap();
    };
    iface("lo", "772", "00:00:00:00:00:00");
    iface("ens192", "1", "00:50:56:AB:CD:EF");
    iface("ens224", "1", "00:50:56:ab:cd:01");
    iface("docker0", "1", "02:42:ac:11:00:02");
    iface("bond0", "1", "00:50:56:ab:cd:ef");
    iface("wg0", "65534", "");
    let host = Host::at(dir.path());
    assert_eq!(mac_addresses(&host), Some(vec!["00:50:56:ab:cd:01".to_string(), "00:50:56:ab:cd:ef".to_string()]));
    assert_eq!(mac_addresses(&Host::at(dir.path().join("nowhere"))), None, "no /sys: not collected");
}

#[test]
fn mac_normalisation() {
    assert_eq!(normal_mac("00-50-56-AB-CD-EF").as_deref(), Some("00:50:56:ab:cd:ef"));
    assert_eq!(normal_mac_any("0050.56ab.cdef").as_deref(), Some("00:50:56:ab:cd:ef"), "Cisco's notation");
    assert_eq!(normal_mac_any("005056-abcdef").as_deref(), Some("00:50:56:ab:cd:ef"), "HP's notation");
    for bad in ["0050.56ab", "0050-56ab-cdef", "005056abcdef"] {
        assert_eq!(normal_mac_any(bad), None, "{bad}");
    }
    for bad in ["", "00:50:56", "zz:50:56:ab:cd:ef", "00:00:00:00:00:00", "02:42:ac:11:00:02", "01:00:5e:00:00:01"] {
        assert_eq!(normal_mac(bad), None, "{bad}");
    }
}
