//! The facts about servers that charges depend on, and who owns a server on a given day.
//!
//! Ownership, by precedence: a collector rule in `costs.toml` (first match), the asset
//! register's department, the department the agent was tagged with on that day (its
//! history), else unassigned. A tag or register value that is not a department of the
//! model leaves the server unassigned, with the reason: never silently dropped.

use std::net::IpAddr;

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::model::{CostModel, Counting, OwnershipRule, Platforms, ServerClass};

#[derive(Clone, Debug, PartialEq)]
pub struct ServerFacts {
    pub device_id: Uuid,
    pub hostname: String,
    pub site: Option<String>,
    /// `None` when the agent could not tell physical from virtual.
    pub class: Option<ServerClass>,
    pub vcpu: u32,
    pub ram_bytes: u64,
    pub disk_bytes: u64,
    pub first_seen: NaiveDate,
    pub last_seen: NaiveDate,
    /// The agent's department tag over time: (from day, value), in order.
    pub tag_timeline: Vec<(NaiveDate, Option<String>)>,
    pub asset_department: Option<String>,
    /// The addresses the agent last reported, for subnet rules.
    pub addresses: Vec<IpAddr>,
}

/// Where a server belongs on a day, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Placement {
    /// `None`: unassigned.
    pub department: Option<String>,
    pub source: String,
}

pub fn placement(model: &CostModel, server: &ServerFacts, day: NaiveDate) -> Placement {
    if let Some(rule) = model.rules.iter().find(|r| rule_matches(r, server)) {
        return Placement {
            department: Some(rule.department.clone()),
            source: format!("costs.toml rule at line {}", rule.line),
        };
    }
    let (value, source) = match (&server.asset_department, tag_on(server, day)) {
        (Some(d), _) => (d.clone(), "asset register"),
        (None, Some(d)) => (d, "agent tag"),
        (None, None) => return Placement { department: None, source: "no rule, register entry or agent tag".into() },
    };
    match model.department(&value) {
        Some(_) => Placement { department: Some(value), source: source.into() },
        None => Placement {
            department: None,
            source: format!("{source} names {value:?}, which is not a department in costs.toml"),
        },
    }
}

/// Every criterion a rule gives must hold; a subnet holds when any of the server's addresses
/// is in it (a server without reported addresses is in no subnet).
fn rule_matches(rule: &OwnershipRule, server: &ServerFacts) -> bool {
    rule.hostname.as_deref().is_none_or(|g| crate::lifecycle::catalogue::glob(g, &server.hostname))
        && rule.site.as_deref().is_none_or(|s| server.site.as_deref() == Some(s))
        && rule.subnet.is_none_or(|net| server.addresses.iter().any(|a| net.contains(a)))
}

fn tag_on(server: &ServerFacts, day: NaiveDate) -> Option<String> {
    server.tag_timeline.iter().take_while(|(from, _)| *from <= day).last().and_then(|(_, d)| d.clone())
}

pub fn eligible(server: &ServerFacts, platforms: Platforms) -> bool {
    match platforms {
        Platforms::Both => true,
        Platforms::Physical => server.class == Some(ServerClass::Physical),
        Platforms::Virtual => server.class == Some(ServerClass::Virtual),
    }
}

/// The day a head count is taken: the pool's `as_of`, else the year's last day, but never
/// after `today` (a report during the year counts what exists now).
pub fn count_day(counting: &Counting, year: i32, today: NaiveDate) -> NaiveDate {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    counting.as_of.unwrap_or(end).min(today)
}

/// A server's share of a pool's driver: for a head count one unit on the counting day; pro
/// rata, its days in service during the year split by where it belonged each day.
/// Returns (department or `None` for unassigned, units, placement source).
pub fn driver(
    model: &CostModel,
    server: &ServerFacts,
    counting: &Counting,
    year: i32,
    today: NaiveDate,
) -> Vec<(Option<String>, i128, String)> {
    if !eligible(server, counting.platforms) {
        return vec![];
    }
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let day = count_day(counting, year, today);
    if !counting.pro_rata {
        let seen_from = match counting.seen_within_days {
            Some(days) => day - chrono::Duration::days(i64::from(days)),
            None => start,
        };
        if server.first_seen > day || server.last_seen < seen_from {
            return vec![];
        }
        let p = placement(model, server, day);
        return vec![(p.department, 1, p.source)];
    }
    let (from, to) = (server.first_seen.max(start), server.last_seen.min(day));
    if from > to {
        return vec![];
    }
    // Ownership only changes where the tag timeline does; walk those segments.
    let mut cuts: Vec<NaiveDate> =
        server.tag_timeline.iter().map(|(d, _)| *d).filter(|d| *d > from && *d <= to).collect();
    cuts.push(to.succ_opt().unwrap_or(to));
    let mut out: Vec<(Option<String>, i128, String)> = Vec::new();
    let mut segment_start = from;
    for cut in cuts {
        let days = i128::from((cut - segment_start).num_days());
        if days > 0 {
            let p = placement(model, server, segment_start);
            match out.iter_mut().find(|(d, _, _)| *d == p.department) {
                Some(entry) => entry.1 += days,
                None => out.push((p.department, days, p.source)),
            }
        }
        segment_start = cut;
    }
    out
}

#[cfg(test)]
mod tests {
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
        assert!(
            driver(&model(), &gone, &recent, 2025, day(12, 31)).is_empty(),
            "not seen in the 30 days before 31 March"
        );
    }
}
