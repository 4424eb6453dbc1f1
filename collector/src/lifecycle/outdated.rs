//! The network technician's work list: switches, routers, firewalls and wireless gear that
//! are past or near end of life or end of security updates (firmware included), worst first.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{AgeSource, Category, Ore, Project};
use super::status::{RuleMatch, Status};
use super::{Assessed, age_years};
use crate::inventory::topology::{Link, Topology};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Outdated {
    pub device_id: uuid::Uuid,
    pub name: String,
    pub site: Option<String>,
    pub category: Category,
    pub vendor: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub firmware: Option<String>,
    pub age_years: Option<f64>,
    pub age_source: Option<Cow<'static, str>>,
    /// Where the age comes from, as a fact (`age_source` is its English).
    #[serde(skip)]
    pub age_from: Option<AgeSource>,
    pub status: Status,
    /// The rule that decided the status.
    pub reason: Option<String>,
    /// That rule with its facts (`reason` is its English), for the Swedish workbook.
    #[serde(skip)]
    pub decided_by: Option<RuleMatch>,
    pub since: Option<NaiveDate>,
    pub replace_by: Option<NaiveDate>,
    pub replacement_model: Option<String>,
    pub replacement_cost_ore: Option<Ore>,
    pub last_seen: chrono::DateTime<chrono::Utc>,
    /// Devices on the other end of its LLDP/CDP links, seen from either end: what goes
    /// down with it, or what it hangs off.
    pub connections: usize,
    /// `acc-1 (Te1/1/1 ↔ Gi1/0/52); acc-2 (…)`.
    pub connected_to: Option<String>,
}

pub fn outdated(assessed: &[Assessed], today: NaiveDate, topology: &Topology) -> Vec<Outdated> {
    let mut rows: Vec<&Assessed> = assessed
        .iter()
        .filter(|a| a.item.category.project() == Some(Project::Network))
        .filter(|a| a.assessment.status >= Status::Due)
        .collect();
    // Worst status first; within it, what has been past longest (or comes soonest); then name.
    rows.sort_by(|a, b| {
        b.assessment
            .status
            .cmp(&a.assessment.status)
            .then(a.assessment.replace_by.cmp(&b.assessment.replace_by))
            .then(a.item.device_name.cmp(&b.item.device_name))
            .then(a.item.id.cmp(&b.item.id))
    });
    rows.into_iter()
        .map(|a| Outdated {
            device_id: a.item.device_id,
            name: a.item.device_name.clone(),
            site: a.item.site.clone(),
            category: a.item.category,
            vendor: a.item.vendor.clone(),
            model: a.item.model.clone(),
            serial: a.item.serial.clone(),
            firmware: a.item.software.as_ref().map(|s| format!("{} {}", s.family, s.version)),
            age_years: age_years(&a.item, today),
            age_source: a.item.in_service.map(|s| Cow::Borrowed(s.source.describe())),
            age_from: a.item.in_service.map(|s| s.source),
            status: a.assessment.status,
            reason: a.assessment.decided_by.as_ref().map(|r| r.rule.clone()),
            decided_by: a.assessment.decided_by.clone(),
            since: a.assessment.decided_by.as_ref().map(|r| r.date),
            replace_by: a.assessment.replace_by,
            replacement_model: a.assessment.replacement_model.clone(),
            replacement_cost_ore: a.assessment.replacement_cost.as_ref().map(|c| c.ore),
            last_seen: a.item.last_seen,
            connections: topology.of(a.item.device_id).len(),
            connected_to: connected_to(topology.of(a.item.device_id)),
        })
        .collect()
}

/// The links as one line, for the work list and its CSV.
pub fn connected_to(links: &[Link]) -> Option<String> {
    let ports = |l: &Link| match (&l.local_port, &l.port) {
        (Some(local), Some(remote)) => format!(" ({local} ↔ {remote})"),
        (Some(local), None) => format!(" ({local})"),
        _ => String::new(),
    };
    let text: Vec<String> = links.iter().map(|l| format!("{}{}", l.name, ports(l))).collect();
    (!text.is_empty()).then(|| text.join("; "))
}
