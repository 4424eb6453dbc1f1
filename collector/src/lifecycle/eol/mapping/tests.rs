//! Table-driven tests of [`super`] (the mapping) against the fixtures transcribed from the
//! endoflife.date snapshot, with versions as real machines and devices report them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use proptest::prelude::*;

use super::{Mapping, PRODUCTS, product_for, products_needed, release_for};
use crate::lifecycle::eol::product::{Product, parse_api_product};
use crate::lifecycle::model::Software;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../../tests/fixtures/eol/", $name, ".json")).as_slice()
    };
}

const FIXTURES: &[&[u8]] = &[
    fixture!("almalinux"),
    fixture!("alpine-linux"),
    fixture!("amazon-linux"),
    fixture!("centos"),
    fixture!("centos-stream"),
    fixture!("cisco-ios-xe"),
    fixture!("debian"),
    fixture!("esxi"),
    fixture!("fortios"),
    fixture!("freebsd"),
    fixture!("opensuse"),
    fixture!("oracle-linux"),
    fixture!("panos"),
    fixture!("proxmox-ve"),
    fixture!("rhel"),
    fixture!("rocky-linux"),
    fixture!("routeros"),
    fixture!("sles"),
    fixture!("ubuntu"),
    fixture!("windows-server"),
    fixture!("windows-server-core"),
];

/// Parsed once: the proptests below ask for them hundreds of times.
static HELD: LazyLock<BTreeMap<String, Product>> = LazyLock::new(|| {
    FIXTURES.iter().map(|json| parse_api_product(json).expect("fixture parses")).map(|p| (p.name.clone(), p)).collect()
});

fn products() -> &'static BTreeMap<String, Product> {
    &HELD
}

fn sw(family: &str, version: &str) -> Software {
    Software { family: family.into(), version: version.into() }
}

#[test]
fn every_known_product_has_a_fixture() {
    let held = products();
    assert_eq!(held.keys().map(String::as_str).collect::<Vec<_>>(), PRODUCTS);
}

#[test]
fn real_world_versions_find_their_cycle() {
    let held = products();
    let cases = [
        ("debian", "12", "debian", "12"),
        ("debian", "11", "debian", "11"),
        ("debian", "3.1", "debian", "3.1"),
        ("ubuntu", "22.04", "ubuntu", "22.04"),
        ("ubuntu", "24.04", "ubuntu", "24.04"),
        ("rhel", "9.4", "rhel", "9"),
        ("rhel", "8.10", "rhel", "8"),
        ("rocky", "8.10", "rocky-linux", "8"),
        ("almalinux", "9.4", "almalinux", "9"),
        ("ol", "8.9", "oracle-linux", "8"),
        ("centos", "7", "centos", "7"),
        ("centos", "9", "centos-stream", "9"),
        ("sles", "15.5", "sles", "15.5"),
        ("sles", "12.5", "sles", "12.5"),
        ("sles", "15", "sles", "15.0"),
        ("opensuse-leap", "15.5", "opensuse", "15.5"),
        ("opensuse", "42.3", "opensuse", "42.3"),
        ("alpine", "3.20.3", "alpine-linux", "3.20"),
        ("alpine", "3.2.3", "alpine-linux", "3.2"),
        ("amzn", "2023", "amazon-linux", "2023"),
        ("amzn", "2", "amazon-linux", "2"),
        ("amzn", "2018.03", "amazon-linux", "2018.03"),
        ("freebsd", "14.1", "freebsd", "14.1"),
        ("freebsd", "14.1-RELEASE-p5", "freebsd", "14.1"),
        ("freebsd", "14", "freebsd", "14"),
        ("Cisco IOS-XE", "17.9.4a", "cisco-ios-xe", "17.9"),
        ("Cisco IOS-XE", "17.09.04a", "cisco-ios-xe", "17.9"),
        ("Cisco IOS-XE", "17.12.6a", "cisco-ios-xe", "17.12"),
        ("Cisco IOS-XE", "16.12.4", "cisco-ios-xe", "16.12"),
        ("FortiOS", "7.2.5", "fortios", "7.2"),
        ("FortiOS", "v7.4.3", "fortios", "7.4"),
        ("PAN-OS", "10.1.3", "panos", "10.1"),
        ("PAN-OS", "11.1.16-h1", "panos", "11.1"),
        ("PAN-OS", "9.0-xfr", "panos", "9.0-xfr"),
        ("PAN-OS", "9.0.17-h5", "panos", "9.0"),
        ("RouterOS", "6.48.6", "routeros", "6.48"),
        ("RouterOS", "7.12.1", "routeros", "7.12"),
        ("RouterOS", "7.12", "routeros", "7.12"),
        ("VMware ESXi", "7.0.3", "esxi", "7.0"),
        ("vmware-esxi", "8.0", "esxi", "8.0"),
        ("esxi", "8.0 Update 3", "esxi", "8.0"),
        ("esxi", "8", "esxi", "8.0"),
        ("windows-server", "2019", "windows-server", "2019"),
        ("Windows Server", "2012 R2", "windows-server", "2012-r2"),
        ("windows-server", "Windows Server 2022 Datacenter", "windows-server", "2022"),
        ("windows-server", "10.0.17763.5936", "windows-server", "2019"),
        ("windows-server", "10.0.20348", "windows-server", "2022"),
        ("windows-server", "10.0.25398", "windows-server", "23h2-ac"),
        ("windows-server", "6.3", "windows-server", "2012-r2"),
        ("windows-server", "5.2.3790", "windows-server", "2003-sp2"),
        ("proxmox-ve", "8.2.4", "proxmox-ve", "8"),
        // Case and blanks around os-release values do not matter.
        (" Debian ", " 12 ", "debian", "12"),
    ];
    for (family, version, product, cycle) in cases {
        match release_for(&sw(family, version), held) {
            Mapping::Found { product: p, cycle: c } => {
                assert_eq!((p.as_str(), c.name.as_str()), (product, cycle), "{family} {version}");
            }
            other => panic!("{family} {version}: {other:?}"),
        }
    }
}

#[test]
fn found_cycle_carries_the_dates() {
    let Mapping::Found { cycle, .. } = release_for(&sw("ubuntu", "22.04"), products()) else {
        panic!("ubuntu 22.04 not found");
    };
    assert_eq!(cycle.eol_from.map(|d| d.to_string()).as_deref(), Some("2027-04-01"));
    assert_eq!(cycle.eoes_from.map(|d| d.to_string()).as_deref(), Some("2032-04-09"));
    assert_eq!(cycle.codename.as_deref(), Some("Jammy Jellyfish"));
}

#[test]
fn versions_without_a_cycle() {
    let held = products();
    let cases = [
        // endoflife.date's IOS XE data starts at 16.12: 16.9 is not there.
        ("Cisco IOS-XE", "16.9.4", "cisco-ios-xe"),
        // IOS XE 3.x reports the IOS train it is built on.
        ("Cisco IOS-XE", "15.5(3)S1a", "cisco-ios-xe"),
        ("debian", "", "debian"),
        ("ubuntu", "22.05", "ubuntu"),
        ("rhel", "99", "rhel"),
        ("alpine", "3", "alpine-linux"),
        ("RouterOS", "7", "routeros"),
        ("windows-server", "10.0", "windows-server"),
        ("windows-server", "2008 R2", "windows-server"),
        ("FortiOS", &"7.".repeat(100), "fortios"),
    ];
    for (family, version, product) in cases {
        let expected = Mapping::NoCycle { product: product.into(), version: version.into() };
        assert_eq!(release_for(&sw(family, version), held), expected, "{family} {version}");
    }
}

#[test]
fn families_without_a_product_say_why() {
    let held = products();
    let cases = [
        ("Junos", "endoflife.date has no release data for Junos"),
        ("Cisco IOS", "no release data for Cisco IOS"),
        ("Cisco NX-OS", "no release data"),
        ("Huawei VRP", "no release data"),
        ("Comware", "no release data"),
        ("opensuse-tumbleweed", "rolling release"),
        ("plan9", "no endoflife.date product is mapped to the OS family \"plan9\""),
        ("", "unknown"),
    ];
    for (family, needle) in cases {
        match release_for(&sw(family, "1.0"), held) {
            Mapping::NoProduct { reason } => assert!(reason.contains(needle), "{family}: {reason}"),
            other => panic!("{family}: {other:?}"),
        }
    }
}

/// Every family a poller can name (the protocol's list, which the agent's parsers use) is
/// either mapped or explicitly not covered: none falls through as "unknown".
#[test]
fn every_snmp_family_is_decided() {
    let families = arsring_protocol::os_family::ALL;
    let held = products();
    for &family in families {
        if product_for(family).is_some() {
            continue;
        }
        match release_for(&sw(family, "1.0"), held) {
            Mapping::NoProduct { reason } => assert!(reason.contains("no release data"), "{family}: {reason}"),
            other => panic!("{family}: {other:?}"),
        }
    }
}

#[test]
fn missing_product_data_is_not_synced() {
    let expected = Mapping::NotSynced { product: "debian".into() };
    assert_eq!(release_for(&sw("debian", "12"), &BTreeMap::new()), expected);
}

#[test]
fn a_fleet_needs_its_products_only() {
    let fleet = [
        sw("debian", "12"),
        sw("debian", "11"),
        sw("centos", "7"),
        sw("centos", "9"),
        sw("Junos", "21.4R3"),
        sw("FortiOS", "7.2.5"),
        sw("PAN-OS", "10.1.3"),
    ];
    let needed: Vec<&str> = products_needed(fleet.iter()).into_iter().collect();
    assert_eq!(needed, ["centos", "centos-stream", "debian", "fortios", "panos"]);
}

#[test]
fn product_for_families() {
    assert_eq!(product_for("rocky"), Some("rocky-linux"));
    assert_eq!(product_for("amzn"), Some("amazon-linux"));
    assert_eq!(product_for("PAN-OS"), Some("panos"));
    assert_eq!(product_for("cisco ios-xe"), Some("cisco-ios-xe"));
    assert_eq!(product_for("windows-server"), Some("windows-server"));
    assert_eq!(product_for("Junos"), None);
    assert_eq!(product_for("fedora"), None);
}

proptest! {
    #[test]
    fn never_panics(family in "[ -~]{0,20}|Cisco IOS-XE|RouterOS|windows-server|sles|centos", version in ".{0,40}") {
        let held = products();
        let _ = release_for(&sw(&family, &version), held);
    }

    /// A version that names a cycle exactly always finds that cycle.
    #[test]
    fn exact_cycle_names_match_themselves(index in 0usize..1000) {
        let held = products();
        let all: Vec<(&String, &String)> =
            held.iter().flat_map(|(p, prod)| prod.releases.iter().map(move |c| (p, &c.name))).collect();
        let (product, cycle) = all[index % all.len()];
        // Only products a family maps to directly by id (centos 9+ is Stream, by design).
        prop_assume!(product != "centos");
        match release_for(&sw(product, cycle), held) {
            Mapping::Found { cycle: found, .. } => prop_assert_eq!(&found.name, cycle),
            other => prop_assert!(false, "{} {}: {:?}", product, cycle, other),
        }
    }
}
