use arsring_protocol::{Neighbour, NeighbourProtocol, Report};
use chrono::{TimeZone, Utc};

use super::*;
use crate::sample;

/// Three sample switches named `dist-1`, `acc-1`, `acc-2`, at 10.9.0.{1,2,3}.
fn switches() -> Vec<Report> {
    let at = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
    let mut reports = sample::fleet(0, 3, 7, at);
    for (i, (report, name)) in reports.iter_mut().zip(["dist-1", "acc-1", "acc-2"]).enumerate() {
        let Device::Network(n) = &mut report.device else { panic!("sample network device") };
        n.system.as_mut().unwrap().name = Some(name.into());
        n.identity.address = format!("10.9.0.{}:161", i + 1);
        n.neighbours.clear();
        n.lldp_local = None;
    }
    reports
}

fn lldp_local(report: &mut Report, chassis_id: Option<&str>, name: Option<&str>) {
    let Device::Network(n) = &mut report.device else { panic!() };
    n.lldp_local = Some(arsring_protocol::LldpLocal {
        chassis_id: chassis_id.map(str::to_string),
        name: name.map(str::to_string),
    });
}

fn neighbour(protocol: NeighbourProtocol, local: &str, name: Option<&str>, port: &str) -> Neighbour {
    Neighbour {
        protocol,
        local_port: Some(local.into()),
        name: name.map(str::to_string),
        port: Some(port.into()),
        chassis_id: None,
        platform: None,
        address: None,
    }
}

fn set(report: &mut Report, neighbours: Vec<Neighbour>) {
    let Device::Network(n) = &mut report.device else { panic!() };
    n.neighbours = neighbours;
}

#[test]
fn access_switches_show_on_the_distribution_switch_they_hang_off() {
    let mut reports = switches();
    // Only the access switches run LLDP; one names its uplink by FQDN, the other by CDP
    // with the serial in brackets, as Nexus does.
    set(
        &mut reports[1],
        vec![neighbour(NeighbourProtocol::Lldp, "Gi1/0/52", Some("dist-1.kommun.example"), "Te1/1/1")],
    );
    set(&mut reports[2], vec![neighbour(NeighbourProtocol::Cdp, "Gi0/1", Some("DIST-1(FOC123)"), "Te1/1/2")]);
    let records = sample::records(&reports, reports[0].collected_at);
    let ids: Vec<Uuid> = records.iter().map(|r| r.device_id).collect();
    let t = topology(&records);

    let dist = t.of(ids[0]);
    assert_eq!(dist.len(), 2);
    assert_eq!(
        (dist[0].local_port.as_deref(), dist[0].name.as_str(), dist[0].port.as_deref(), dist[0].device),
        (Some("Te1/1/1"), "acc-1", Some("Gi1/0/52"), Some(ids[1]))
    );
    assert!(dist.iter().all(|l| l.seen_by_neighbour));
    assert_eq!(dist[1].device, Some(ids[2]));
    assert_eq!(dist[1].protocol, "CDP");

    let acc = t.of(ids[1]);
    assert_eq!(acc.len(), 1);
    assert_eq!((acc[0].name.as_str(), acc[0].device, acc[0].seen_by_neighbour), ("dist-1", Some(ids[0]), false));
}

#[test]
fn a_link_both_ends_report_is_listed_once_per_end_and_strangers_keep_their_names() {
    let mut reports = switches();
    set(
        &mut reports[0],
        vec![
            neighbour(NeighbourProtocol::Lldp, "Te1/1/1", Some("acc-1"), "Gi1/0/52"),
            neighbour(NeighbourProtocol::Lldp, "Gi1/0/1", Some("ap-3.example"), "eth0"),
        ],
    );
    set(&mut reports[1], vec![neighbour(NeighbourProtocol::Lldp, "Gi1/0/52", Some("dist-1"), "Te1/1/1")]);
    let mut by_address = neighbour(NeighbourProtocol::Cdp, "Gi0/2", None, "Gi0/9");
    by_address.address = Some("10.9.0.1".into());
    set(&mut reports[2], vec![by_address]);
    let records = sample::records(&reports, reports[0].collected_at);
    let ids: Vec<Uuid> = records.iter().map(|r| r.device_id).collect();
    let t = topology(&records);

    let dist = t.of(ids[0]);
    let names: Vec<(&str, bool)> = dist.iter().map(|l| (l.name.as_str(), l.seen_by_neighbour)).collect();
    // By local port: acc-2 is on Gi0/9 (as acc-2 saw it), ap-3 on Gi1/0/1, acc-1 on Te1/1/1.
    assert_eq!(names, vec![("acc-2", true), ("ap-3.example", false), ("acc-1", false)]);
    assert_eq!(dist[1].device, None);
    assert_eq!(t.of(ids[1]).len(), 1, "acc-1's own report only");
    assert_eq!(t.of(ids[2])[0].device, Some(ids[0]), "matched by management address");
}

#[test]
fn names_are_compared_without_domain_case_or_serial() {
    assert_eq!(key("Core-SW1.kommun.example"), "core-sw1");
    assert_eq!(key("N5K-A(SSI183706KP)"), "n5k-a");
    assert_eq!(key("(odd)"), "(odd)");
}

/// A server a switch sees by LLDP: by its hostname, or (no system name sent) by the chassis
/// id being one of its MACs, written however the switch writes MACs. The server gets the
/// link from the other end; a switch of the same name as a server is still the switch.
#[test]
fn servers_are_recognised_by_name_or_by_one_of_their_macs() {
    let at = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
    let mut reports = switches();
    let mut servers = sample::fleet(3, 0, 7, at);
    let names = ["db01", "web01", "acc-2"];
    let macs = [vec!["14:18:77:3a:5c:01", "14:18:77:3a:5c:02"], vec!["f4:02:70:aa:bb:cc"], vec!["00:50:56:00:00:01"]];
    for ((report, name), macs) in servers.iter_mut().zip(names).zip(macs) {
        let Device::Server(s) = &mut report.device else { panic!("sample server") };
        s.identity.hostname = name.into();
        s.identity.mac_addresses = Some(macs.into_iter().map(Into::into).collect());
    }
    let mut by_mac = neighbour(NeighbourProtocol::Lldp, "Gi1/0/7", None, "eno2");
    by_mac.chassis_id = Some("14-18-77-3A-5C-02".into());
    let mut not_a_mac = neighbour(NeighbourProtocol::Lldp, "Gi1/0/9", None, "port 9");
    not_a_mac.chassis_id = Some("f402.70aa.bbcc.00".into());
    set(
        &mut reports[1],
        vec![
            by_mac,
            neighbour(NeighbourProtocol::Lldp, "Gi1/0/8", Some("web01.kommun.example"), "eth0"),
            not_a_mac,
            neighbour(NeighbourProtocol::Lldp, "Gi1/0/52", Some("acc-2"), "Gi0/1"),
        ],
    );
    reports.extend(servers);
    let records = sample::records(&reports, at);
    let ids: Vec<Uuid> = records.iter().map(|r| r.device_id).collect();
    let t = topology(&records);

    let acc = t.of(ids[1]);
    let seen: Vec<(&str, Option<Uuid>)> = acc.iter().map(|l| (l.name.as_str(), l.device)).collect();
    assert_eq!(
        seen,
        vec![("acc-2", Some(ids[2])), ("db01", Some(ids[3])), ("web01", Some(ids[4])), ("f402.70aa.bbcc.00", None)],
        "by local port: Gi1/0/52, 7, 8, 9"
    );
    let db = t.of(ids[3]);
    assert_eq!(db.len(), 1);
    assert_eq!(
        (db[0].local_port.as_deref(), db[0].name.as_str(), db[0].port.as_deref()),
        (Some("eno2"), "acc-1", Some("Gi1/0/7"))
    );
    assert!(db[0].seen_by_neighbour);
    assert!(t.of(ids[5]).is_empty(), "the server named like a switch is not taken for it");
}

#[test]
fn what_topology_takes_from_servers_is_fingerprinted() {
    let at = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
    let reports = sample::fleet(2, 1, 7, at);
    let records = sample::records(&reports, at);
    let before = servers_fingerprint(&records);
    assert_eq!(servers_fingerprint(&sample::records(&reports, at)), before, "same servers, same number");
    let mut renamed = reports.clone();
    let Device::Server(s) = &mut renamed[0].device else { panic!() };
    s.identity.hostname = "renamed".into();
    assert_ne!(servers_fingerprint(&sample::records(&renamed, at)), before);
    let mut new_mac = reports.clone();
    let Device::Server(s) = &mut new_mac[1].device else { panic!() };
    s.identity.mac_addresses = Some(vec!["02:00:00:00:00:01".into()]);
    assert_ne!(servers_fingerprint(&sample::records(&new_mac, at)), before);
}

#[test]
fn macs_are_compared_however_they_are_written() {
    for written in ["14:18:77:3A:5C:01", "1418.773a.5c01", "14-18-77-3a-5c-01", "141877-3a5c01", "1418773A5C01"] {
        assert_eq!(chassis_key(written).as_deref(), Some("1418773a5c01"), "{written}");
    }
    assert_eq!(chassis_key("Core-SW1").as_deref(), Some("core-sw1"), "not a MAC: the id itself, without case");
    assert_eq!(chassis_key("00:00:00:00:00:00"), None, "a placeholder");
    assert_eq!(chassis_key("ff-ff-ff-ff-ff-ff"), None, "a placeholder");
    assert_eq!(chassis_key("  "), None);
}

/// Routers whose sysNames say nothing of the names their neighbours know them by (as the
/// anonymised snmpsim-data MX960 recordings: sysName `DUMSYS-17`, LLDP name
/// `re0-SNNU-YT-CORE-1`): matched by the chassis id each gives itself, or by that LLDP name.
/// A chassis id beats a name that several devices share; an id two devices claim, or one of
/// zeros, matches nothing.
#[test]
fn devices_are_recognised_by_the_chassis_id_and_name_they_give_in_lldp() {
    let mut reports = switches();
    lldp_local(&mut reports[0], Some("a8:d0:e5:f7:f7:c0"), Some("re0-SNNU-CA-CORE-2"));
    lldp_local(&mut reports[1], Some("A8-D0-E5-F6-17-C0"), None);
    lldp_local(&mut reports[2], None, Some("acc-1"));
    let by_chassis = |local: &str, id: &str, name: &str| {
        let mut n = neighbour(NeighbourProtocol::Lldp, local, Some(name), "xe-0/0/0");
        n.chassis_id = Some(id.into());
        n
    };
    set(
        &mut reports[2],
        vec![
            // Named like acc-1 (and like acc-2's own LLDP name), but this chassis is dist-1's.
            by_chassis("Gi1/0/1", "a8d0.e5f7.f7c0", "acc-1"),
            by_chassis("Gi1/0/2", "a8:d0:e5:f6:17:c0", "somewhere-else"),
            neighbour(NeighbourProtocol::Lldp, "Gi1/0/3", Some("re0-SNNU-CA-CORE-2.example"), "xe-0/0/1"),
            by_chassis("Gi1/0/4", "00:00:00:00:00:00", "unknown-1"),
        ],
    );
    let records = sample::records(&reports, chrono::Utc::now());
    let ids: Vec<Uuid> = records.iter().map(|r| r.device_id).collect();
    let t = topology(&records);
    let seen: Vec<(&str, Option<Uuid>)> = t.of(ids[2]).iter().map(|l| (l.name.as_str(), l.device)).collect();
    assert_eq!(
        seen,
        vec![("dist-1", Some(ids[0])), ("acc-1", Some(ids[1])), ("dist-1", Some(ids[0])), ("unknown-1", None)],
        "by local port: Gi1/0/1 to 4"
    );

    // Two devices claiming one chassis id: it names neither, and the name decides.
    lldp_local(&mut reports[0], Some("00:11:22:33:44:55"), None);
    lldp_local(&mut reports[1], Some("00:11:22:33:44:55"), None);
    set(&mut reports[2], vec![by_chassis("Gi1/0/1", "00:11:22:33:44:55", "acc-1")]);
    let t = topology(&sample::records(&reports, chrono::Utc::now()));
    assert_eq!(t.of(ids[2])[0].device, Some(ids[1]), "matched by name, not by the shared id");
    set(&mut reports[2], vec![by_chassis("Gi1/0/1", "00:11:22:33:44:55", "stranger")]);
    let t = topology(&sample::records(&reports, chrono::Utc::now()));
    assert_eq!(t.of(ids[2])[0].device, None);
}

#[test]
fn chassis_ids_are_compared_as_macs_or_as_text() {
    assert_eq!(chassis_key("A8-D0-E5-F6-17-C0").as_deref(), Some("a8d0e5f617c0"));
    assert_eq!(chassis_key(" FOC1234X567 ").as_deref(), Some("foc1234x567"));
    assert_eq!(chassis_key("00:00:00:00:00:00"), None);
    assert_eq!(chassis_key("ff:ff:ff:ff:ff:ff"), None);
    assert_eq!(chassis_key("  "), None);
}
