//! The summary: servers by department and site, OS versions, patch status, quiet agents.

use std::collections::BTreeMap;

use arsring_protocol::{DeviceKind, PlatformKind};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::row::{DeviceRow, PatchStatus};

#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct PlatformCounts {
    pub total: usize,
    pub physical: usize,
    pub r#virtual: usize,
    pub container: usize,
    pub unknown: usize,
}

impl PlatformCounts {
    fn add(&mut self, kind: PlatformKind) {
        self.total += 1;
        match kind {
            PlatformKind::Physical => self.physical += 1,
            PlatformKind::Virtual => self.r#virtual += 1,
            PlatformKind::Container => self.container += 1,
            PlatformKind::Unknown => self.unknown += 1,
        }
    }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Group {
    /// `null` for servers without the label.
    pub key: Option<String>,
    #[serde(flatten)]
    pub counts: PlatformCounts,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub key: String,
    pub count: usize,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct StaleAgent {
    pub device_id: Uuid,
    pub hostname: String,
    pub last_seen: DateTime<Utc>,
    pub days_silent: i64,
}

/// Network devices, and how many do not answer their poller.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct NetworkCounts {
    pub total: usize,
    pub unreachable: usize,
}

/// Network devices of one site (`null`: no site known).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NetworkGroup {
    pub key: Option<String>,
    #[serde(flatten)]
    pub counts: NetworkCounts,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub generated_at: DateTime<Utc>,
    pub stale_after_days: i64,
    pub servers: PlatformCounts,
    pub by_department: Vec<Group>,
    pub by_site: Vec<Group>,
    pub os_versions: Vec<Count>,
    pub patch_status: BTreeMap<&'static str, usize>,
    pub reboot_required: usize,
    pub stale_agents: Vec<StaleAgent>,
    pub network: NetworkCounts,
    pub network_by_site: Vec<NetworkGroup>,
}

pub fn summary(rows: &[DeviceRow], now: DateTime<Utc>, stale_after_days: i64) -> Summary {
    let servers: Vec<&DeviceRow> = rows.iter().filter(|r| r.is_server()).collect();
    let mut total = PlatformCounts::default();
    let mut by_department: BTreeMap<Option<String>, PlatformCounts> = BTreeMap::new();
    let mut by_site: BTreeMap<Option<String>, PlatformCounts> = BTreeMap::new();
    let mut os_versions: BTreeMap<String, usize> = BTreeMap::new();
    let mut patch_status: BTreeMap<&'static str, usize> =
        [PatchStatus::UpToDate, PatchStatus::Pending, PatchStatus::Security, PatchStatus::Unknown]
            .into_iter()
            .map(|s| (s.as_str(), 0))
            .collect();
    for row in &servers {
        let platform = row.platform.unwrap_or(PlatformKind::Unknown);
        total.add(platform);
        by_department.entry(row.department.clone()).or_default().add(platform);
        by_site.entry(row.site.clone()).or_default().add(platform);
        *os_versions.entry(row.os.clone().unwrap_or_else(|| "unknown".into())).or_default() += 1;
        *patch_status.entry(row.patch_status.unwrap_or(PatchStatus::Unknown).as_str()).or_default() += 1;
    }
    let groups = |map: BTreeMap<Option<String>, PlatformCounts>| {
        map.into_iter().map(|(key, counts)| Group { key, counts }).collect()
    };
    let mut os_versions: Vec<Count> = os_versions.into_iter().map(|(key, count)| Count { key, count }).collect();
    os_versions.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    // Agents only: a host or VM that vSphere no longer shows is marked by its poller.
    let mut stale_agents: Vec<StaleAgent> = servers
        .iter()
        .filter(|r| r.kind == Some(DeviceKind::Server) && now - r.last_seen > Duration::days(stale_after_days))
        .map(|r| StaleAgent {
            device_id: r.device_id,
            hostname: r.hostname.clone(),
            last_seen: r.last_seen,
            days_silent: (now - r.last_seen).num_days(),
        })
        .collect();
    stale_agents.sort_by_key(|s| s.last_seen);
    let (network, network_by_site) = network_counts(rows);
    Summary {
        generated_at: now,
        stale_after_days,
        servers: total,
        by_department: groups(by_department),
        by_site: groups(by_site),
        os_versions,
        patch_status,
        reboot_required: servers.iter().filter(|r| r.reboot_required == Some(true)).count(),
        stale_agents,
        network,
        network_by_site,
    }
}

fn network_counts(rows: &[DeviceRow]) -> (NetworkCounts, Vec<NetworkGroup>) {
    let mut total = NetworkCounts::default();
    let mut by_site: BTreeMap<Option<String>, NetworkCounts> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.kind == Some(DeviceKind::Network)) {
        let unreachable = usize::from(row.unreachable_reason.is_some());
        for counts in [&mut total, by_site.entry(row.site.clone()).or_default()] {
            counts.total += 1;
            counts.unreachable += unreachable;
        }
    }
    (total, by_site.into_iter().map(|(key, counts)| NetworkGroup { key, counts }).collect())
}

#[cfg(test)]
mod tests;
