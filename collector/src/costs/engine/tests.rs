//! Worked examples and properties of the charge report.

use std::collections::BTreeMap;

use arsring_protocol::PowerState;
use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

use super::{UNASSIGNED, report};
use crate::costs::model::*;
use crate::costs::servers::{ServerFacts, VsphereFacts, VsphereRole};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

fn counting(pro_rata: bool) -> Counting {
    Counting {
        platforms: Platforms::Both,
        as_of: None,
        seen_within_days: None,
        pro_rata,
        powered_off: PoweredOff::Count,
        vms_by: None,
    }
}

fn pool(id: &str, amount: Option<i64>, method: Method, pro_rata: bool) -> Pool {
    Pool { line: 1, id: id.into(), name: id.into(), amount, method, counting: counting(pro_rata) }
}

fn model(pools: Vec<Pool>, keys: Vec<Key>, settlement: Option<Settlement>) -> CostModel {
    CostModel {
        entities: ["X", "Y", "Z"].iter().map(|e| Entity { id: e.to_string(), name: format!("Entity {e}") }).collect(),
        departments: [("A", "X"), ("B", "Y"), ("C", "Z"), ("D", "Z")]
            .iter()
            .map(|(d, e)| Department { id: d.to_string(), name: format!("Dept {d}"), entity: e.to_string() })
            .collect(),
        rules: vec![],
        years: vec![Year { year: 2025, pools, keys, settlement }],
    }
}

fn server(n: u128, department: Option<&str>, class: ServerClass) -> ServerFacts {
    ServerFacts {
        device_id: Uuid::from_u128(n),
        hostname: format!("srv{n}"),
        site: None,
        class: Some(class),
        vcpu: 4,
        ram_bytes: 16 << 30,
        disk_bytes: 500_000_000_000,
        first_seen: day(1, 1),
        last_seen: day(12, 31),
        tag_timeline: vec![(day(1, 1), department.map(str::to_string))],
        asset_department: None,
        addresses: vec![],
        vsphere: None,
    }
}

/// A owns 2, B 3, C 2 servers; D owns none.
fn fleet() -> Vec<ServerFacts> {
    let owners = ["A", "A", "B", "B", "B", "C", "C"];
    owners.iter().enumerate().map(|(i, d)| server(i as u128, Some(d), ServerClass::Virtual)).collect()
}

fn amount(r: &super::ChargeReport, pool: &str, department: &str) -> i64 {
    r.lines.iter().filter(|l| l.pool == pool && l.department.as_deref() == Some(department)).map(|l| l.amount).sum()
}

/// PRODUCT.md: 1 000 000 SEK per_server over 7 servers.
#[test]
fn worked_example_per_server() {
    let m = model(vec![pool("platform", Some(100_000_000), Method::PerServer, false)], vec![], None);
    let r = report(&m, 2025, &fleet(), day(12, 31)).unwrap();
    assert_eq!(amount(&r, "platform", "A"), 28_571_429);
    assert_eq!(amount(&r, "platform", "B"), 42_857_143);
    assert_eq!(amount(&r, "platform", "C"), 28_571_428);
    assert_eq!(amount(&r, "platform", "D"), 0, "a department owning no servers is charged nothing");
    assert_eq!(r.grand_total, 100_000_000);
    assert_eq!(r.pools[0].unit_cost, Some(14_285_714), "142 857,14 SEK per server");
    assert_eq!(r.pools[0].quantity, 7);
}

/// PRODUCT.md: 600 000 SEK by employees + pupils per member.
#[test]
fn worked_example_key_between_entities() {
    let key = Key {
        line: 2,
        id: "members".into(),
        name: "members".into(),
        weights: [("X", 150), ("Y", 300), ("Z", 50)].iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    };
    let m =
        model(vec![pool("shared", Some(60_000_000), Method::Key { key: "members".into() }, false)], vec![key], None);
    let r = report(&m, 2025, &[], day(12, 31)).unwrap();
    let by_entity: BTreeMap<&str, i64> = r.entities.iter().map(|e| (e.id.as_str(), e.amount)).collect();
    assert_eq!(by_entity, [("X", 18_000_000), ("Y", 36_000_000), ("Z", 6_000_000)].into());
    assert_eq!(r.lines[0].driver, "weight 150 of 500");
}

#[test]
fn key_with_fractional_shares_sums_to_the_oere() {
    let weights = [("A", 1), ("B", 1), ("C", 1)].iter().map(|(k, v)| (k.to_string(), *v)).collect();
    let key = Key { line: 2, id: "k".into(), name: "k".into(), weights };
    let m = model(vec![pool("p", Some(10_000_001), Method::Key { key: "k".into() }, false)], vec![key], None);
    let r = report(&m, 2025, &[], day(12, 31)).unwrap();
    assert_eq!([amount(&r, "p", "A"), amount(&r, "p", "B"), amount(&r, "p", "C")], [3_333_334, 3_333_334, 3_333_333]);
    assert_eq!(r.grand_total, 10_000_001);
}

#[test]
fn unit_price_times_counts_by_class() {
    let mut fleet = fleet();
    fleet[0].class = Some(ServerClass::Physical);
    let by_class = [(ServerClass::Physical, 2_400_000), (ServerClass::Virtual, 900_000)].into();
    let m = model(vec![pool("price", None, Method::UnitPrice { price: 1_000_000, by_class }, false)], vec![], None);
    let r = report(&m, 2025, &fleet, day(12, 31)).unwrap();
    assert_eq!(amount(&r, "price", "A"), 2_400_000 + 900_000);
    assert_eq!(amount(&r, "price", "B"), 3 * 900_000);
    assert_eq!(r.pools[0].amount, 2_400_000 + 6 * 900_000, "the pool's total is an output");
}

#[test]
fn a_server_moving_department_mid_year_is_charged_pro_rata() {
    let mut mover = server(99, Some("A"), ServerClass::Virtual);
    mover.tag_timeline.push((day(7, 1), Some("B".into())));
    let m = model(
        vec![pool("price", None, Method::UnitPrice { price: 3_650_000, by_class: Default::default() }, true)],
        vec![],
        None,
    );
    let r = report(&m, 2025, &[mover], day(12, 31)).unwrap();
    // 36 500 SEK a year = 100 SEK a day: 181 days with A, 184 with B.
    assert_eq!(amount(&r, "price", "A"), 1_810_000);
    assert_eq!(amount(&r, "price", "B"), 1_840_000);
    assert_eq!(r.lines.iter().find(|l| l.department.as_deref() == Some("A")).unwrap().driver, "181 server-days");
}

#[test]
fn settlement_of_a_deficit_follows_the_key() {
    let weights = [("X", 1), ("Y", 2)].iter().map(|(k, v)| (k.to_string(), *v)).collect();
    let key = Key { line: 2, id: "k".into(), name: "k".into(), weights };
    let settlement = Settlement { line: 9, outcome: -100_001, key: "k".into() };
    let m =
        model(vec![pool("direct", Some(500), Method::Direct { to: "D".into() }, false)], vec![key], Some(settlement));
    let r = report(&m, 2025, &[], day(12, 31)).unwrap();
    let settled: Vec<i64> = r.lines.iter().filter(|l| l.pool == "settlement").map(|l| l.amount).collect();
    assert_eq!(settled, [-33_334, -66_667]);
    assert_eq!(r.grand_total, 500 - 100_001);
}

#[test]
fn unassigned_servers_are_listed_and_carry_their_share() {
    let mut fleet = fleet();
    fleet.push(server(50, None, ServerClass::Virtual));
    fleet.push(server(51, Some("no-such-dept"), ServerClass::Virtual));
    let m = model(vec![pool("platform", Some(90_000_000), Method::PerServer, false)], vec![], None);
    let r = report(&m, 2025, &fleet, day(12, 31)).unwrap();
    assert_eq!(r.unassigned.len(), 2);
    assert!(r.unassigned.iter().any(|u| u.reason.contains("no-such-dept")));
    // Each reason comes with its facts, and says them in English.
    for u in &r.unassigned {
        let why = u.why.as_ref().expect("the facts behind the reason");
        assert_eq!(why.to_string(), u.reason);
    }
    assert_eq!(r.pools[0].unassigned_quantity, 2);
    assert_eq!(r.pools[0].unassigned_amount, 20_000_000, "2 of 9 servers");
    let unassigned_line = r.lines.iter().find(|l| l.entity.is_none()).unwrap();
    assert_eq!(unassigned_line.amount, 20_000_000);
    assert_eq!(r.grand_total, 90_000_000, "the pool still adds up, the unassigned share shown apart");
    assert!(UNASSIGNED < "A", "the unassigned bucket sorts first in ties");
}

#[test]
fn no_year_is_an_error_and_a_pool_with_nothing_to_count_is_reported_not_allocated() {
    let m = model(
        vec![
            pool("platform", Some(1000), Method::PerServer, false),
            pool("backup", Some(500), Method::Direct { to: "A".into() }, false),
        ],
        vec![],
        None,
    );
    assert!(report(&m, 2024, &fleet(), day(12, 31)).is_err());
    let r = report(&m, 2025, &[], day(12, 31)).unwrap();
    let platform = &r.pools[0];
    assert_eq!((platform.amount, platform.not_allocated_amount), (0, 1000));
    assert!(platform.not_allocated_reason.as_deref().unwrap().contains("no servers are counted"));
    assert_eq!(platform.not_allocated_why, Some(crate::costs::reason::NotAllocated::NoServersCounted));
    assert!(r.lines.iter().all(|l| l.pool != "platform"), "billed to nobody");
    assert_eq!(r.pools[1].amount, 500, "the other pools as usual");
    assert_eq!(r.grand_total, 500);
    assert_eq!(r.not_allocated_amount(), 1000);
}

fn on_vsphere(server: ServerFacts, role: VsphereRole, power: PowerState) -> ServerFacts {
    let vsphere = VsphereFacts {
        vcenter: "vc1".into(),
        role,
        folder: None,
        tags: Some(vec![]),
        attributes: BTreeMap::new(),
        power,
    };
    ServerFacts { vsphere: Some(vsphere), ..server }
}

/// An ESXi host without an agent tag, placed by the asset register when `department` is given.
fn esx(n: u128, name: &str, department: Option<&str>) -> ServerFacts {
    let host = ServerFacts {
        hostname: name.into(),
        asset_department: department.map(str::to_string),
        ..server(n, None, ServerClass::Physical)
    };
    on_vsphere(host, VsphereRole::Host, PowerState::PoweredOn)
}

fn guest(n: u128, host: &str, department: Option<&str>, vcpu: u32, power: PowerState) -> ServerFacts {
    let vm = ServerFacts { vcpu, ..server(n, department, ServerClass::Virtual) };
    on_vsphere(vm, VsphereRole::Vm { host: Some(host.into()) }, power)
}

fn host_split(amount: i64, powered_off: PoweredOff) -> Pool {
    let mut p = pool("hosts", Some(amount), Method::HostSplit, false);
    p.counting = Counting { platforms: Platforms::Physical, powered_off, vms_by: Some(VmWeight::Vcpu), ..p.counting };
    p
}

/// The pool's lines as (department, driver, quantity, amount).
fn lines_of<'a>(r: &'a super::ChargeReport, pool: &str) -> Vec<(Option<&'a str>, &'a str, i64, i64)> {
    r.lines
        .iter()
        .filter(|l| l.pool == pool)
        .map(|l| (l.department.as_deref(), l.driver.as_str(), l.quantity, l.amount))
        .collect()
}

/// 1 000 000 SEK over three hosts: esx-a and esx-b carry VMs of A, B and C and one nobody
/// owns; esx-c's only VM weighs nothing, so it is idle and charges D, its register owner.
// Long on purpose: the worked example, every line to the öre.
#[test]
fn host_split_worked_example() {
    let on = PowerState::PoweredOn;
    let fleet = vec![
        esx(1, "esx-a", None),
        esx(2, "esx-b", None),
        esx(3, "esx-c", Some("D")),
        guest(10, "esx-a", Some("A"), 4, on),
        guest(11, "esx-a", Some("B"), 2, on),
        guest(12, "esx-a", None, 1, on),
        guest(20, "esx-b", Some("C"), 6, on),
        guest(21, "esx-b", Some("A"), 4, on),
        guest(30, "esx-c", Some("A"), 0, on),
        server(40, Some("B"), ServerClass::Virtual), // only an agent reports it: on no host
    ];
    let m = model(vec![host_split(100_000_000, PoweredOff::Count)], vec![], None);
    let r = report(&m, 2025, &fleet, day(12, 31)).unwrap();
    // Host shares 333 333,34 (esx-a, first by name), 333 333,33 and 333 333,33.
    // esx-a by 4 + 2 + 1 vCPU: 190 476,19 + 95 238,10 + 47 619,05 (the two öre by largest remainder).
    // esx-b by 6 + 4 vCPU: 200 000,00 + 133 333,33.
    let expected = [
        (None, "1 vCPU on 1 host", 1, 4_761_905),
        (Some("A"), "8 vCPU on 2 hosts", 8, 19_047_619 + 13_333_333),
        (Some("B"), "2 vCPU on 1 host", 2, 9_523_810),
        (Some("C"), "6 vCPU on 1 host", 6, 20_000_000),
        (Some("D"), "1 idle host", 1, 33_333_333),
    ];
    assert_eq!(lines_of(&r, "hosts"), expected);
    assert_eq!(expected.iter().map(|l| l.3).sum::<i64>(), 100_000_000);
    assert_eq!(r.grand_total, 100_000_000);
    let summary = &r.pools[0];
    assert_eq!((summary.method, summary.amount, summary.quantity), (MethodKind::HostSplit, 100_000_000, 3));
    assert_eq!(summary.unit_cost, Some(33_333_333), "one host's share");
    assert_eq!((summary.unassigned_quantity, summary.unassigned_amount), (1, 4_761_905));
    let unassigned = r.lines.iter().find(|l| l.pool == "hosts" && l.department.is_none()).unwrap();
    assert_eq!(unassigned.entity, None, "billed to nobody until someone owns the VM");
    let by_entity: BTreeMap<&str, i64> = r.entities.iter().map(|e| (e.id.as_str(), e.amount)).collect();
    assert_eq!(by_entity, [("X", 32_380_952), ("Y", 9_523_810), ("Z", 53_333_333)].into());
}

#[test]
fn host_split_skips_powered_off_vms_when_told() {
    let fleet = vec![
        esx(1, "esx-a", Some("D")),
        guest(10, "esx-a", Some("A"), 2, PowerState::PoweredOn),
        guest(11, "esx-a", Some("B"), 6, PowerState::PoweredOff),
        guest(12, "esx-a", Some("C"), 2, PowerState::Suspended),
    ];
    let counted = model(vec![host_split(1_000_000, PoweredOff::Count)], vec![], None);
    let r = report(&counted, 2025, &fleet, day(12, 31)).unwrap();
    let amounts: Vec<(Option<&str>, i64)> = lines_of(&r, "hosts").iter().map(|l| (l.0, l.3)).collect();
    assert_eq!(amounts, [(Some("A"), 200_000), (Some("B"), 600_000), (Some("C"), 200_000)]);
    let skipping = model(vec![host_split(1_000_000, PoweredOff::Skip)], vec![], None);
    let r = report(&skipping, 2025, &fleet, day(12, 31)).unwrap();
    let amounts: Vec<(Option<&str>, i64)> = lines_of(&r, "hosts").iter().map(|l| (l.0, l.3)).collect();
    assert_eq!(amounts, [(Some("A"), 500_000), (Some("C"), 500_000)], "suspended is not off");
    let r = report(&skipping, 2025, &fleet[1..], day(12, 31)).unwrap();
    assert_eq!(r.pools[0].not_allocated_amount, 1_000_000);
    assert!(r.pools[0].not_allocated_reason.as_deref().unwrap().contains("no ESXi hosts are counted"));
    assert!(lines_of(&r, "hosts").is_empty());
}

#[test]
fn powered_off_vms_are_not_counted_by_skip_pools() {
    let mut fleet = fleet();
    fleet.push(guest(50, "esx-a", Some("D"), 4, PowerState::PoweredOff));
    let mut skip = pool("platform", Some(80_000_000), Method::PerServer, false);
    skip.counting.powered_off = PoweredOff::Skip;
    let count = pool("count", Some(80_000_000), Method::PerServer, false);
    let r = report(&model(vec![skip, count], vec![], None), 2025, &fleet, day(12, 31)).unwrap();
    assert_eq!((amount(&r, "platform", "D"), r.pools[0].quantity), (0, 7));
    assert_eq!((amount(&r, "count", "D"), r.pools[1].quantity), (10_000_000, 8));
}

proptest! {
    /// For random pools and fleets, every pool's shares add up to it and none has the
    /// opposite sign of its pool.
    #[test]
    fn pools_always_add_up(
        amounts in proptest::collection::vec(-10_000_000_000i64..10_000_000_000, 1..6),
        owners in proptest::collection::vec(0usize..5, 1..60),
        weights in proptest::collection::vec(0i64..10_000, 4),
    ) {
        let depts = ["A", "B", "C", "D"];
        let fleet: Vec<ServerFacts> = owners.iter().enumerate()
            .map(|(i, o)| server(i as u128, depts.get(*o).copied(), if i % 3 == 0 { ServerClass::Physical } else { ServerClass::Virtual }))
            .collect();
        let key = Key { line: 1, id: "k".into(), name: "k".into(), weights: depts.iter().zip(&weights).map(|(d, w)| (d.to_string(), *w)).collect() };
        let methods = [Method::PerServer, Method::Key { key: "k".into() }, Method::Consumption { measure: Measure::Vcpu }, Method::Equal { between: vec!["A".into(), "X".into()] }, Method::Direct { to: "C".into() }];
        let pools: Vec<Pool> = amounts.iter().enumerate()
            .map(|(i, a)| pool(&format!("p{i}"), Some(a.abs() * if i % 2 == 0 { 1 } else { -1 }), methods[i % methods.len()].clone(), i % 2 == 1))
            .collect();
        let m = model(pools.clone(), vec![key], None);
        match report(&m, 2025, &fleet, day(12, 31)) {
            Ok(r) => {
                for p in &pools {
                    let lines: Vec<i64> = r.lines.iter().filter(|l| l.pool == p.id).map(|l| l.amount).collect();
                    prop_assert_eq!(lines.iter().sum::<i64>(), p.amount.unwrap());
                    prop_assert!(lines.iter().all(|a| *a == 0 || (*a > 0) == (p.amount.unwrap() > 0)));
                }
                prop_assert_eq!(r.grand_total, pools.iter().map(|p| p.amount.unwrap()).sum::<i64>());
            }
            Err(e) => prop_assert!(weights.iter().all(|w| *w == 0) || e.to_string().contains("key"), "{}", e),
        }
    }
}

proptest! {
    /// A host split's lines, one per department and kind, add up to the pool whatever the
    /// hosts, VMs, weights and owners.
    #[test]
    fn host_split_lines_always_add_up(
        amount in 0i64..10_000_000_000,
        hosts in proptest::collection::vec(proptest::option::of(0usize..4), 1..6),
        vms in proptest::collection::vec((0usize..8, 0u32..48, proptest::option::of(0usize..5), any::<bool>()), 0..40),
        skip in any::<bool>(),
    ) {
        let depts = ["A", "B", "C", "D", "no-such-dept"];
        let mut fleet: Vec<ServerFacts> =
            hosts.iter().enumerate().map(|(i, d)| esx(i as u128, &format!("esx{i}"), d.map(|d| depts[d]))).collect();
        fleet.extend(vms.iter().enumerate().map(|(i, (on, vcpu, d, off))| {
            let power = if *off { PowerState::PoweredOff } else { PowerState::PoweredOn };
            guest(100 + i as u128, &format!("esx{on}"), d.map(|d| depts[d]), *vcpu, power)
        }));
        let m = model(vec![host_split(amount, if skip { PoweredOff::Skip } else { PoweredOff::Count })], vec![], None);
        let r = report(&m, 2025, &fleet, day(12, 31)).unwrap();
        prop_assert_eq!(r.lines.iter().map(|l| l.amount).sum::<i64>(), amount);
        prop_assert_eq!(r.pools[0].amount, amount);
        prop_assert!(r.lines.iter().all(|l| l.amount >= 0));
        prop_assert_eq!(r.pools[0].quantity, hosts.len() as i64);
    }
}
