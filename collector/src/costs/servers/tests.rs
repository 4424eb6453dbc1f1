use super::*;
use crate::costs::model::{Attribute, Department, Entity};

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
        rules: vec![OwnershipRule {
            line: 7,
            department: "it".into(),
            hostname: Some("srv-it-*".into()),
            subnet: None,
            site: None,
            folder: None,
            tag: None,
            attribute: None,
        }],
        years: vec![],
    }
}

fn head_count() -> Counting {
    Counting {
        platforms: Platforms::Both,
        as_of: None,
        seen_within_days: None,
        pro_rata: false,
        powered_off: PoweredOff::Count,
        vms_by: None,
    }
}

/// A rule for `department` with no criteria yet.
fn rule(line: usize, department: &str) -> OwnershipRule {
    OwnershipRule {
        line,
        department: department.into(),
        hostname: None,
        subnet: None,
        site: None,
        folder: None,
        tag: None,
        attribute: None,
    }
}

/// A VM on host `esx1` of vCenter `vc1`, tagged `utb` by its agent.
fn vm(name: &str, power: PowerState) -> ServerFacts {
    ServerFacts {
        vsphere: Some(VsphereFacts {
            vcenter: "vc1".into(),
            role: VsphereRole::Vm { host: Some("esx1".into()) },
            folder: None,
            tags: Some(vec![]),
            attributes: BTreeMap::new(),
            power,
        }),
        ..server(name, vec![(day(1, 1), Some("utb"))])
    }
}

fn server(hostname: &str, timeline: Vec<(NaiveDate, Option<&str>)>) -> ServerFacts {
    ServerFacts {
        device_id: Uuid::nil(),
        hostname: hostname.into(),
        site: None,
        class: Some(ServerClass::Virtual),
        vcpu: 4,
        ram_bytes: 8 << 30,
        disk_bytes: 100 << 30,
        first_seen: day(1, 1),
        last_seen: day(12, 31),
        tag_timeline: timeline.into_iter().map(|(d, t)| (d, t.map(str::to_string))).collect(),
        asset_department: None,
        addresses: vec![],
        vsphere: None,
    }
}

#[test]
fn a_subnet_rule_places_a_server_by_any_of_its_addresses() {
    let mut m = model();
    m.rules = vec![OwnershipRule {
        line: 9,
        department: "soc".into(),
        hostname: None,
        subnet: Some("10.20.0.0/16".parse().unwrap()),
        site: None,
        folder: None,
        tag: None,
        attribute: None,
    }];
    let mut s = server("web1", vec![(day(1, 1), Some("utb"))]);
    assert_eq!(placement(&m, &s, day(6, 1)).department.as_deref(), Some("utb"), "no address: the tag decides");
    s.addresses = vec!["192.168.1.4".parse().unwrap(), "10.20.7.1".parse().unwrap()];
    let p = placement(&m, &s, day(6, 1));
    assert_eq!((p.department.as_deref(), p.source.as_str()), (Some("soc"), "costs.toml rule at line 9"));
    s.addresses = vec!["10.21.0.1".parse().unwrap(), "2001:db8::1".parse().unwrap()];
    assert_eq!(placement(&m, &s, day(6, 1)).department.as_deref(), Some("utb"));
    // Every criterion of a rule must hold.
    m.rules[0].hostname = Some("db*".into());
    s.addresses = vec!["10.20.7.1".parse().unwrap()];
    assert_eq!(placement(&m, &s, day(6, 1)).department.as_deref(), Some("utb"));
}

#[test]
fn a_rule_wins_over_the_agent_tag() {
    let p = placement(&model(), &server("srv-it-01", vec![(day(1, 1), Some("soc"))]), day(6, 1));
    assert_eq!(p.department.as_deref(), Some("it"));
    assert_eq!(p.source, "costs.toml rule at line 7");
}

#[test]
fn an_unknown_tag_leaves_the_server_unassigned_with_the_reason() {
    let p = placement(&model(), &server("web1", vec![(day(1, 1), Some("ekonomi"))]), day(6, 1));
    assert_eq!(p.department, None);
    assert!(p.source.contains("\"ekonomi\""));
}

#[test]
fn moving_department_mid_year_splits_the_days() {
    let s = server("web1", vec![(day(1, 1), Some("soc")), (day(7, 1), Some("utb"))]);
    let counting =
        Counting { platforms: Platforms::Both, as_of: None, seen_within_days: None, pro_rata: true, ..head_count() };
    let d = driver(&model(), &s, &counting, 2025, day(12, 31));
    assert_eq!(d.len(), 2);
    assert_eq!((d[0].0.as_deref(), d[0].1), (Some("soc"), 181)); // 1 January – 30 June
    assert_eq!((d[1].0.as_deref(), d[1].1), (Some("utb"), 184)); // 1 July – 31 December
}

#[test]
fn head_count_on_the_counting_day() {
    let s = server("web1", vec![(day(1, 1), Some("soc")), (day(7, 1), Some("utb"))]);
    let counting = Counting { as_of: Some(day(3, 31)), ..head_count() };
    assert_eq!(driver(&model(), &s, &counting, 2025, day(12, 31))[0].0.as_deref(), Some("soc"));
    let physical = Counting { platforms: Platforms::Physical, ..counting };
    assert!(driver(&model(), &s, &physical, 2025, day(12, 31)).is_empty());
    let gone = ServerFacts { last_seen: day(2, 1), ..s };
    let recent = Counting { seen_within_days: Some(30), ..counting };
    assert!(driver(&model(), &gone, &recent, 2025, day(12, 31)).is_empty(), "not seen in the 30 days before 31 March");
}

#[test]
fn vsphere_rules_place_by_folder_tag_and_attribute() {
    let mut m = model();
    m.rules = vec![
        OwnershipRule { folder: Some("Socialtjänst/*".into()), ..rule(10, "soc") },
        OwnershipRule { tag: Some("Verksamhet/IT-drift".into()), ..rule(11, "it") },
        OwnershipRule {
            attribute: Some(Attribute { name: "Verksamhet".into(), value: "Socialtjänst".into() }),
            ..rule(12, "soc")
        },
    ];
    let placed = |s: &ServerFacts| {
        let p = placement(&m, s, day(6, 1));
        (p.department, p.source)
    };
    let rule_at = |dept: &str, line: usize| (Some(dept.to_string()), format!("costs.toml rule at line {line}"));
    let with = |f: &dyn Fn(&mut VsphereFacts)| {
        let mut s = vm("web1", PowerState::PoweredOn);
        f(s.vsphere.as_mut().unwrap());
        s
    };
    // Folder: a glob on the path, case-insensitive beyond ASCII; `/*` is below the folder only.
    assert_eq!(placed(&with(&|v| v.folder = Some("SOCIALTJÄNST/Prod/Web".into()))), rule_at("soc", 10));
    assert_eq!(placed(&with(&|v| v.folder = Some("Socialtjänst".into()))).0.as_deref(), Some("utb"));
    // Tag: equal but for case, among any of the VM's tags; unreadable tags match nothing.
    let tagged = |tags: Option<Vec<&str>>| {
        with(&move |v| v.tags = tags.clone().map(|t| t.into_iter().map(str::to_string).collect()))
    };
    assert_eq!(placed(&tagged(Some(vec!["Backup/Guld", "verksamhet/it-DRIFT"]))), rule_at("it", 11));
    assert_eq!(placed(&tagged(Some(vec!["Verksamhet/IT"]))).0.as_deref(), Some("utb"));
    assert_eq!(placed(&tagged(None)).0.as_deref(), Some("utb"));
    // Attribute: name and value equal but for case and stray spaces; another value is no match.
    let attributed = |name: &str, value: &str| {
        let (name, value) = (name.to_string(), value.to_string());
        with(&move |v| v.attributes = [(name.clone(), value.clone())].into())
    };
    assert_eq!(placed(&attributed("verksamhet", "socialtjänst ")), rule_at("soc", 12));
    assert_eq!(placed(&attributed("Verksamhet", "Skola")).0.as_deref(), Some("utb"));
    assert_eq!(placed(&attributed("Förvaltning", "Socialtjänst")).0.as_deref(), Some("utb"));
    // A host's custom attributes place it too.
    let mut host = with(&|v| v.attributes = [("Verksamhet".into(), "Socialtjänst".into())].into());
    host.vsphere.as_mut().unwrap().role = VsphereRole::Host;
    assert_eq!(placed(&host), rule_at("soc", 12));
    // A server only an agent reports has no folder, tag or attribute.
    assert_eq!(placed(&server("web1", vec![(day(1, 1), Some("utb"))])).0.as_deref(), Some("utb"));
    // Every criterion a rule gives must hold.
    m.rules = vec![OwnershipRule {
        folder: Some("Socialtjänst/*".into()),
        tag: Some("Miljö/Prod".into()),
        ..rule(13, "soc")
    }];
    let mut both = with(&|v| v.folder = Some("Socialtjänst/Prod".into()));
    assert_eq!(placement(&m, &both, day(6, 1)).department.as_deref(), Some("utb"), "the tag is missing");
    both.vsphere.as_mut().unwrap().tags = Some(vec!["Miljö/Prod".into()]);
    assert_eq!(placement(&m, &both, day(6, 1)).department.as_deref(), Some("soc"));
}

#[test]
fn powered_off_vms_are_left_out_only_by_skip_pools() {
    let count = head_count();
    let skip = Counting { powered_off: PoweredOff::Skip, ..head_count() };
    let units =
        |s: &ServerFacts, c: &Counting| driver(&model(), s, c, 2025, day(12, 31)).iter().map(|d| d.1).sum::<i128>();
    let off = vm("old-app", PowerState::PoweredOff);
    assert_eq!((units(&off, &count), units(&off, &skip)), (1, 0));
    let pro_rata_skip = Counting { pro_rata: true, ..skip.clone() };
    assert_eq!(units(&off, &pro_rata_skip), 0, "skipped for the whole year: vSphere tells today's state");
    // Suspended and unknown count as running (see `powered_off`), and so does a host.
    for power in [PowerState::PoweredOn, PowerState::Suspended, PowerState::Unknown] {
        assert_eq!(units(&vm("app", power), &skip), 1, "{power:?}");
    }
    let mut host = vm("esx1", PowerState::PoweredOff);
    host.vsphere.as_mut().unwrap().role = VsphereRole::Host;
    assert_eq!(units(&host, &skip), 1);
    assert_eq!(units(&server("agent-only", vec![]), &skip), 1, "no vSphere facts: never off");
}

#[test]
fn a_host_split_drill_down_gives_each_vm_its_weight() {
    let by_vcpu = Counting { vms_by: Some(VmWeight::Vcpu), platforms: Platforms::Physical, ..head_count() };
    let by_memory = Counting { vms_by: Some(VmWeight::Memory), ..by_vcpu.clone() };
    let rows = |s: &ServerFacts, c: &Counting| driver(&model(), s, c, 2025, day(12, 31));
    let vm = vm("app1", PowerState::PoweredOff);
    assert_eq!(rows(&vm, &by_vcpu), [(Some("utb".to_string()), 4, "agent tag".to_string())]);
    assert_eq!(rows(&vm, &by_memory)[0].1, 8192, "8 GiB in MiB");
    let skip = Counting { powered_off: PoweredOff::Skip, ..by_vcpu.clone() };
    assert!(rows(&vm, &skip).is_empty());
    let mut host = vm.clone();
    host.vsphere.as_mut().unwrap().role = VsphereRole::Host;
    assert!(rows(&host, &by_vcpu).is_empty(), "a host's share goes to its VMs");
    assert!(rows(&server("agent-only", vec![]), &by_vcpu).is_empty(), "not on a host vSphere reports");
    let small = ServerFacts { vcpu: 0, ..vm.clone() };
    assert!(rows(&small, &by_vcpu).is_empty(), "weighs nothing, gets nothing");
}
