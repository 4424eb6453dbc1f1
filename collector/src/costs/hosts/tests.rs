//! Which hosts and VMs a host split counts, and that its parts always add up.

use std::collections::BTreeMap;

use arsring_protocol::PowerState;
use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

use super::*;
use crate::costs::model::{Department, Entity, Platforms, PoweredOff};
use crate::costs::servers::{VsphereFacts, VsphereRole};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

fn model() -> CostModel {
    CostModel {
        entities: vec![Entity { id: "k".into(), name: "Kommunen".into() }],
        departments: ["soc", "utb", "it"]
            .iter()
            .map(|d| Department { id: d.to_string(), name: d.to_uppercase(), entity: "k".into() })
            .collect(),
        rules: vec![],
        years: vec![],
    }
}

fn counting(powered_off: PoweredOff) -> Counting {
    Counting {
        platforms: Platforms::Physical,
        as_of: None,
        seen_within_days: None,
        pro_rata: false,
        powered_off,
        vms_by: Some(VmWeight::Vcpu),
    }
}

fn facts(n: u128, name: &str, department: Option<&str>, vcenter: &str, role: VsphereRole) -> ServerFacts {
    ServerFacts {
        device_id: Uuid::from_u128(n),
        hostname: name.into(),
        site: None,
        class: None,
        vcpu: 0,
        ram_bytes: 0,
        disk_bytes: 0,
        first_seen: day(1, 1),
        last_seen: day(12, 31),
        tag_timeline: vec![(day(1, 1), department.map(str::to_string))],
        asset_department: None,
        addresses: vec![],
        vsphere: Some(VsphereFacts {
            vcenter: vcenter.into(),
            role,
            folder: None,
            tags: None,
            attributes: BTreeMap::new(),
            power: PowerState::PoweredOn,
        }),
    }
}

fn host(n: u128, name: &str, department: Option<&str>) -> ServerFacts {
    facts(n, name, department, "vc1", VsphereRole::Host)
}

fn vm(n: u128, host: &str, department: &str, vcpu: u32) -> ServerFacts {
    let role = VsphereRole::Vm { host: Some(host.into()) };
    ServerFacts { vcpu, ..facts(n, &format!("vm{n}"), Some(department), "vc1", role) }
}

fn run(counting: &Counting, amount: Ore, servers: &[ServerFacts]) -> Result<HostSplit, HostSplitError> {
    split(&model(), counting, counting.vms_by.unwrap(), amount, servers, 2025, day(12, 31))
}

/// (hostname, department, units, idle, amount) of every part, in order.
fn parts(split: &HostSplit) -> Vec<(&str, Option<&str>, i128, bool, Ore)> {
    split.parts.iter().map(|p| (p.hostname.as_str(), p.department.as_deref(), p.units, p.idle, p.amount)).collect()
}

#[test]
fn vms_follow_their_host_by_name_in_their_own_vcenter() {
    let mut other = facts(2, "ESX1.example.se", Some("it"), "vc2", VsphereRole::Host);
    other.tag_timeline = vec![(day(1, 1), Some("it".into()))];
    let mut guest = vm(11, "esx1.example.se", "utb", 2);
    guest.vsphere.as_mut().unwrap().vcenter = "vc2".into();
    let fleet = [host(1, "esx1.example.se", Some("soc")), other, vm(10, "ESX1.EXAMPLE.SE", "soc", 2), guest];
    let s = run(&counting(PoweredOff::Count), 1001, &fleet).unwrap();
    assert_eq!(s.hosts, 2);
    // 10,01 SEK in two host shares (the odd öre to the first host by name, then device id).
    assert_eq!(parts(&s), [("vm10", Some("soc"), 2, false, 501), ("vm11", Some("utb"), 2, false, 500)]);
}

#[test]
fn skip_leaves_powered_off_vms_out_of_their_hosts_share() {
    let mut off = vm(11, "esx1", "utb", 4);
    off.vsphere.as_mut().unwrap().power = PowerState::PoweredOff;
    let mut only_off = vm(21, "esx2", "utb", 4);
    only_off.vsphere.as_mut().unwrap().power = PowerState::PoweredOff;
    let fleet = [host(1, "esx1", None), host(2, "esx2", Some("it")), vm(10, "esx1", "soc", 4), off, only_off];
    let counted = run(&counting(PoweredOff::Count), 1000, &fleet).unwrap();
    let expected = [
        ("vm10", Some("soc"), 4, false, 250),
        ("vm11", Some("utb"), 4, false, 250),
        ("vm21", Some("utb"), 4, false, 500),
    ];
    assert_eq!(parts(&counted), expected);
    let skipped = run(&counting(PoweredOff::Skip), 1000, &fleet).unwrap();
    assert_eq!(parts(&skipped), [("vm10", Some("soc"), 4, false, 500), ("esx2", Some("it"), 1, true, 500)]);
}

#[test]
fn hosts_and_vms_are_counted_on_the_pool_day() {
    let silent = ServerFacts { last_seen: day(6, 30), ..host(2, "esx2", Some("it")) };
    let gone = ServerFacts { last_seen: day(3, 1), ..vm(11, "esx1", "utb", 4) };
    let fleet = [host(1, "esx1", None), silent, vm(10, "esx1", "soc", 4), gone, vm(20, "esx2", "utb", 4)];
    let recent = Counting { seen_within_days: Some(90), ..counting(PoweredOff::Count) };
    let s = run(&recent, 1000, &fleet).unwrap();
    assert_eq!((s.hosts, parts(&s)), (1, vec![("vm10", Some("soc"), 4, false, 1000)]));
    let early = Counting { as_of: Some(day(2, 1)), ..recent };
    let s = run(&early, 1000, &fleet).unwrap();
    assert_eq!(s.hosts, 2, "on 1 February both hosts ran");
    assert_eq!(s.parts.iter().map(|p| p.amount).collect::<Vec<_>>(), [250, 250, 500]);
    let vms_only = [vm(10, "esx1", "soc", 4)];
    assert_eq!(run(&counting(PoweredOff::Count), 1000, &vms_only), Err(HostSplitError::NoHosts));
}

#[test]
fn memory_weighs_in_mib() {
    let big = ServerFacts { ram_bytes: 12 << 30, ..vm(10, "esx1", "soc", 1) };
    let small = ServerFacts { ram_bytes: 4 << 30, ..vm(11, "esx1", "utb", 7) };
    let by_memory = Counting { vms_by: Some(VmWeight::Memory), ..counting(PoweredOff::Count) };
    let s = run(&by_memory, 1000, &[host(1, "esx1", None), big, small]).unwrap();
    assert_eq!(parts(&s), [("vm10", Some("soc"), 12_288, false, 750), ("vm11", Some("utb"), 4096, false, 250)]);
}

proptest! {
    /// For random hosts and VMs (some on hosts not counted, some weighing nothing), the parts
    /// add up to the amount exactly, each host's to its equal share within one öre, and every
    /// counted host has a part or VMs with one.
    #[test]
    fn a_host_split_always_adds_up(
        amount in 0i64..1_000_000_000_000,
        hosts in proptest::collection::vec((proptest::option::of(0usize..3), any::<bool>()), 1..8),
        vms in proptest::collection::vec((0usize..10, 0u32..64, 0usize..4, any::<bool>()), 0..60),
        skip in any::<bool>(),
    ) {
        let depts = ["soc", "utb", "it", "nobody"];
        let mut fleet: Vec<ServerFacts> = hosts.iter().enumerate().map(|(i, (dept, seen))| ServerFacts {
            last_seen: if *seen { day(12, 31) } else { day(1, 31) },
            ..host(i as u128, &format!("esx{i}"), dept.map(|d| depts[d]))
        }).collect();
        fleet.extend(vms.iter().enumerate().map(|(i, (on, vcpu, dept, off))| {
            let mut v = vm(1000 + i as u128, &format!("esx{on}"), depts[*dept], *vcpu);
            v.vsphere.as_mut().unwrap().power = if *off { PowerState::PoweredOff } else { PowerState::PoweredOn };
            v
        }));
        let c = Counting { seen_within_days: Some(30), ..counting(if skip { PoweredOff::Skip } else { PoweredOff::Count }) };
        let counted = hosts.iter().filter(|(_, seen)| *seen).count();
        match run(&c, amount, &fleet) {
            Err(e) => prop_assert!(counted == 0 && e == HostSplitError::NoHosts, "{}", e),
            Ok(s) => {
                prop_assert_eq!(s.hosts, counted);
                prop_assert_eq!(s.parts.iter().map(|p| p.amount).sum::<Ore>(), amount);
                prop_assert!(s.parts.iter().all(|p| p.amount >= 0 && p.units > 0));
                let mut per_host: BTreeMap<Uuid, Ore> = BTreeMap::new();
                for p in &s.parts {
                    *per_host.entry(p.host).or_default() += p.amount;
                }
                prop_assert_eq!(per_host.len(), counted);
                let (low, high) = (per_host.values().min().unwrap(), per_host.values().max().unwrap());
                prop_assert!(high - low <= 1, "equal host shares: {:?}", per_host);
            }
        }
    }
}
