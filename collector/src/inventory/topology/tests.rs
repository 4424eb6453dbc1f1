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
    }
    reports
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
