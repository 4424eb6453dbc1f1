//! Worked examples and properties of the charge report.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

use super::{UNASSIGNED, report};
use crate::costs::model::*;
use crate::costs::servers::ServerFacts;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

fn counting(pro_rata: bool) -> Counting {
    Counting { platforms: Platforms::Both, as_of: None, seen_within_days: None, pro_rata }
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
    assert_eq!(r.pools[0].unassigned_quantity, 2);
    assert_eq!(r.pools[0].unassigned_amount, 20_000_000, "2 of 9 servers");
    let unassigned_line = r.lines.iter().find(|l| l.entity.is_none()).unwrap();
    assert_eq!(unassigned_line.amount, 20_000_000);
    assert_eq!(r.grand_total, 90_000_000, "the pool still adds up, the unassigned share shown apart");
    assert!(UNASSIGNED < "A", "the unassigned bucket sorts first in ties");
}

#[test]
fn no_year_and_no_servers_are_errors_not_zeros() {
    let m = model(vec![pool("platform", Some(1000), Method::PerServer, false)], vec![], None);
    assert!(report(&m, 2024, &fleet(), day(12, 31)).is_err());
    let err = report(&m, 2025, &[], day(12, 31)).unwrap_err().to_string();
    assert!(err.contains("no servers are counted"), "{err}");
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
