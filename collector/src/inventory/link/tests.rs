use arsring_protocol::{Report, example_report, example_vm_report};
use chrono::Utc;

use super::*;

fn record(report: Report) -> Arc<DeviceRecord> {
    Arc::new(DeviceRecord {
        device_id: report.device_id(),
        kind: report.device.kind(),
        first_seen: report.collected_at,
        last_seen: report.collected_at,
        unreachable: None,
        report,
        linked: None,
    })
}

/// A guest running the agent: its product UUID and MACs as the agent reads them.
fn agent(n: u128, product_uuid: Option<Uuid>, macs: &[&str]) -> Arc<DeviceRecord> {
    let mut report = example_report(Uuid::from_u128(1000 + n), Uuid::from_u128(n), Utc::now());
    let Device::Server(s) = &mut report.device else { unreachable!() };
    s.hardware.product_uuid = product_uuid;
    s.identity.hostname = "srv-eko-app01".into();
    s.identity.mac_addresses = Some(macs.iter().map(|m| m.to_string()).collect());
    record(report)
}

fn vm(n: u128, bios_uuid: Option<Uuid>, macs: &[&str]) -> Arc<DeviceRecord> {
    let mut report = example_vm_report(Uuid::from_u128(2000 + n), Uuid::from_u128(n), Utc::now());
    let Device::VirtualMachine(v) = &mut report.device else { unreachable!() };
    v.name = format!("srv-eko-app0{n}");
    v.bios_uuid = bios_uuid;
    v.mac_addresses = macs.iter().map(|m| m.to_string()).collect();
    record(report)
}

const U: Uuid = Uuid::from_u128(0x4211_2233_4455_6677_8899_aabb_ccdd_eeff);
const M1: &str = "00:50:56:ab:00:01";
const M2: &str = "00:50:56:ab:00:02";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

#[test]
fn the_bios_uuid_links_a_guest_to_its_vm_in_either_byte_order() {
    for guest_sees in [U, swapped(U)] {
        let links = link(&[agent(1, Some(guest_sees), &[]), vm(2, Some(U), &[]), vm(3, Some(id(9)), &[])]);
        assert_eq!(links.links, vec![Link { agent: id(1), vm: id(2), by: LinkedBy::BiosUuid }]);
        assert!(links.conflicts.is_empty());
    }
    assert_eq!(swapped(U).to_string(), "33221142-5544-7766-8899-aabbccddeeff");
    assert_eq!(swapped(swapped(U)), U);
}

#[test]
fn a_shared_mac_links_when_no_uuid_does() {
    let links = link(&[agent(1, None, &[M1]), vm(2, None, &[M2, M1]), vm(3, None, &[])]);
    assert_eq!(links.links, vec![Link { agent: id(1), vm: id(2), by: LinkedBy::MacAddress }]);
}

#[test]
fn never_by_name_alone() {
    // Same hostname, same VM name pattern, nothing else in common.
    let links = link(&[agent(1, Some(id(7)), &[M1]), vm(1 + 1, Some(U), &[M2])]);
    assert!(links.links.is_empty());
}

#[test]
fn clones_sharing_a_bios_uuid_merge_nothing_and_are_a_conflict() {
    let links = link(&[agent(1, Some(U), &[]), vm(2, Some(U), &[M1]), vm(3, Some(U), &[M2])]);
    assert!(links.links.is_empty(), "two VMs are never merged into one: {:?}", links.links);
    assert_eq!(links.conflicts.len(), 1);
    assert_eq!(links.conflicts[0].devices, vec![id(2), id(3)]);
    assert!(links.conflicts[0].reason.contains("share the BIOS UUID"), "{}", links.conflicts[0].reason);

    // The clone's own MAC still tells which of the two the guest is.
    let links = link(&[agent(1, Some(U), &[M2]), vm(2, Some(U), &[M1]), vm(3, Some(U), &[M2])]);
    assert_eq!(links.links, vec![Link { agent: id(1), vm: id(3), by: LinkedBy::MacAddress }]);
    assert_eq!(links.conflicts.len(), 1, "the shared UUID is still shown");
}

#[test]
fn a_vm_two_agents_claim_is_linked_to_neither() {
    let links = link(&[agent(1, Some(U), &[]), agent(4, Some(U), &[]), vm(2, Some(U), &[])]);
    assert!(links.links.is_empty());
    assert_eq!(links.conflicts.len(), 1);
    assert_eq!(links.conflicts[0].devices, vec![id(2), id(1), id(4)]);
}

#[test]
fn a_mac_on_two_vms_links_nothing() {
    let links = link(&[agent(1, None, &[M1]), vm(2, None, &[M1]), vm(3, None, &[M1])]);
    assert!(links.links.is_empty());
    assert_eq!(links.conflicts[0].devices, vec![id(1), id(2), id(3)]);
}
