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
mod tests;
