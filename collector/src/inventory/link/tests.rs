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
        facts_fingerprint: None,
    })
}

/// A guest running the agent: its product UUID and MACs as the agent reads them.
fn agent(n: u128, product_uuid: Option<Uuid>, macs: &[&str]) -> Arc<DeviceRecord> {
    let mut report = example_report(Uuid::from_u128(1000 + n), Uuid::from_u128(n), Utc::now());
    let Device::Server(s) = &mut report.device else { unreachable!() };
    s.hardware.product_uuid = product_uuid;
    s.identity.hostname = "srv-eko-app01".into();
    s.identity.mac_addresses = Some(macs.iter().map(|m| (*m).into()).collect());
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

/// The candidates by a scan of every VM for every agent: the rule as first written, before
/// the indexes. `link` must choose exactly what this chooses.
fn scanned(records: &[Arc<DeviceRecord>]) -> Vec<(Uuid, Vec<Uuid>, Vec<Uuid>)> {
    let mut conflicts = Vec::new();
    let vms: Vec<(Uuid, Option<Uuid>, &[String])> = records
        .iter()
        .filter_map(|r| match &r.report.device {
            Device::VirtualMachine(vm) => {
                Some((r.device_id, vm.bios_uuid.filter(|u| !u.is_nil()), &vm.mac_addresses[..]))
            }
            _ => None,
        })
        .collect();
    let as_vms: Vec<Vm> = vms.iter().map(|(id, b, macs)| Vm { id: *id, name: "", bios_uuid: *b, macs }).collect();
    let shared = shared_bios_uuids(&as_vms, &mut conflicts);
    records
        .iter()
        .filter_map(|r| match &r.report.device {
            Device::Server(s) => Some((r.device_id, s.hardware.product_uuid.filter(|u| !u.is_nil()), s)),
            _ => None,
        })
        .map(|(id, product, s)| {
            let macs = s.identity.mac_addresses.as_deref().unwrap_or_default();
            let by_uuid = vms
                .iter()
                .filter(|(_, b, _)| {
                    b.is_some_and(|b| !shared.contains_key(&b) && product.is_some_and(|u| b == u || swapped(b) == u))
                })
                .map(|(v, _, _)| *v)
                .collect();
            let by_mac = vms
                .iter()
                .filter(|(_, _, m)| m.iter().any(|m| macs.iter().any(|x| x == m)))
                .map(|(v, _, _)| *v)
                .collect();
            (id, by_uuid, by_mac)
        })
        .collect()
}

proptest::proptest! {
    #[test]
    fn the_indexes_choose_what_a_scan_of_every_pair_chooses(
        agents in proptest::collection::vec((proptest::option::of(0u8..6), proptest::collection::vec(0u8..6, 0..3)), 0..8),
        vms in proptest::collection::vec((proptest::option::of(0u8..6), proptest::collection::vec(0u8..6, 0..3)), 0..8),
    ) {
        // Few UUIDs (some the byte-swapped form of others) and few MACs, so they collide.
        let uuid = |n: u8| {
            let u = Uuid::from_u128(0x1000 + u128::from(n / 2));
            if n.is_multiple_of(2) { u } else { swapped(u) }
        };
        let mac = |n: &u8| format!("00:50:56:00:00:0{n}");
        let mut records = Vec::new();
        for (i, (u, macs)) in agents.iter().enumerate() {
            let macs: Vec<String> = macs.iter().map(mac).collect();
            records.push(agent(i as u128 + 1, u.map(uuid), &macs.iter().map(String::as_str).collect::<Vec<_>>()));
        }
        for (i, (u, macs)) in vms.iter().enumerate() {
            let macs: Vec<String> = macs.iter().map(mac).collect();
            records.push(vm(i as u128 + 100, u.map(uuid), &macs.iter().map(String::as_str).collect::<Vec<_>>()));
        }
        let links = link(&records);
        for (agent, by_uuid, by_mac) in scanned(&records) {
            let linked = links.links.iter().find(|l| l.agent == agent);
            let claimed_by_others = |v: &Uuid| links.conflicts.iter().any(|c| c.devices[0] == *v && c.devices.contains(&agent));
            match (&by_uuid[..], &by_mac[..]) {
                ([v], _) => proptest::prop_assert!(
                    linked.is_some_and(|l| l.vm == *v && l.by == LinkedBy::BiosUuid) || claimed_by_others(v)
                ),
                (_, [v]) => proptest::prop_assert!(
                    linked.is_some_and(|l| l.vm == *v && l.by == LinkedBy::MacAddress) || claimed_by_others(v)
                ),
                (_, many) => {
                    proptest::prop_assert!(linked.is_none());
                    if many.len() > 1 {
                        let mut expected = vec![agent];
                        expected.extend(many);
                        proptest::prop_assert!(links.conflicts.iter().any(|c| c.devices == expected));
                    }
                }
            }
        }
    }
}
