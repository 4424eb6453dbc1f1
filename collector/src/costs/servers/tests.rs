use super::*;
use crate::costs::model::{Department, Entity};

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
        }],
        years: vec![],
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
    let counting = Counting { platforms: Platforms::Both, as_of: None, seen_within_days: None, pro_rata: true };
    let d = driver(&model(), &s, &counting, 2025, day(12, 31));
    assert_eq!(d.len(), 2);
    assert_eq!((d[0].0.as_deref(), d[0].1), (Some("soc"), 181)); // 1 January – 30 June
    assert_eq!((d[1].0.as_deref(), d[1].1), (Some("utb"), 184)); // 1 July – 31 December
}

#[test]
fn head_count_on_the_counting_day() {
    let s = server("web1", vec![(day(1, 1), Some("soc")), (day(7, 1), Some("utb"))]);
    let counting =
        Counting { platforms: Platforms::Both, as_of: Some(day(3, 31)), seen_within_days: None, pro_rata: false };
    assert_eq!(driver(&model(), &s, &counting, 2025, day(12, 31))[0].0.as_deref(), Some("soc"));
    let physical = Counting { platforms: Platforms::Physical, ..counting };
    assert!(driver(&model(), &s, &physical, 2025, day(12, 31)).is_empty());
    let gone = ServerFacts { last_seen: day(2, 1), ..s };
    let recent = Counting { seen_within_days: Some(30), ..counting };
    assert!(driver(&model(), &gone, &recent, 2025, day(12, 31)).is_empty(), "not seen in the 30 days before 31 March");
}
