//! Possible savings: servers that look unused (little CPU and little network over a window,
//! by the agents' own figures), with what each costs its department per year.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::engine::ChargeReport;
use super::model::{CostModel, Measure, Method, Pool, PoweredOff, ServerClass};
use super::servers::{ServerFacts, placement};
use crate::money::Ore;
use crate::store::UsageSample;

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Days of usage looked at, back from today.
    pub window_days: u32,
    /// Average share of CPU time busy below which a server looks idle.
    pub cpu_below: f64,
    /// Network traffic (in + out) per day below which a server looks unused, in megabytes.
    pub net_below_mb_per_day: u64,
    /// Days of samples needed before a server is judged at all.
    pub min_observed_days: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { window_days: 30, cpu_below: 0.02, net_below_mb_per_day: 50, min_observed_days: 7.0 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Candidate {
    pub device_id: Uuid,
    pub hostname: String,
    pub department: Option<String>,
    pub avg_cpu_busy: f64,
    pub net_mb_per_day: f64,
    pub observed_days: f64,
    /// What the server costs its department a year by the report's server-driven pools.
    pub cost_per_year: Ore,
}

pub fn candidates(
    model: &CostModel,
    report: &ChargeReport,
    servers: &[(ServerFacts, Vec<UsageSample>)],
    thresholds: &Thresholds,
    now: DateTime<Utc>,
) -> Vec<Candidate> {
    let since = now - chrono::Duration::days(i64::from(thresholds.window_days));
    let mut out: Vec<Candidate> = servers
        .iter()
        .filter_map(|(facts, samples)| {
            let samples: Vec<&UsageSample> = samples.iter().filter(|s| s.collected_at >= since).collect();
            let seconds: i64 = samples.iter().map(|s| s.window_secs).sum();
            let observed_days = seconds as f64 / 86_400.0;
            if observed_days < thresholds.min_observed_days {
                return None;
            }
            let (busy, weight) = samples
                .iter()
                .filter_map(|s| Some((s.cpu_busy_ratio? * s.window_secs as f64, s.window_secs as f64)))
                .fold((0.0, 0.0), |(a, b), (x, w)| (a + x, b + w));
            let bytes: u64 = samples.iter().filter_map(|s| s.net_bytes).sum();
            if weight == 0.0 {
                return None;
            }
            let (avg_cpu_busy, net_mb_per_day) = (busy / weight, bytes as f64 / 1e6 / observed_days);
            let idle = avg_cpu_busy < thresholds.cpu_below && net_mb_per_day < thresholds.net_below_mb_per_day as f64;
            idle.then(|| Candidate {
                device_id: facts.device_id,
                hostname: facts.hostname.clone(),
                department: placement(model, facts, now.date_naive()).department,
                avg_cpu_busy: (avg_cpu_busy * 10_000.0).round() / 10_000.0,
                net_mb_per_day: (net_mb_per_day * 10.0).round() / 10.0,
                observed_days: (observed_days * 10.0).round() / 10.0,
                cost_per_year: server_cost(model, report, facts),
            })
        })
        .collect();
    out.sort_by(|a, b| b.cost_per_year.cmp(&a.cost_per_year).then(a.hostname.cmp(&b.hostname)));
    out
}

/// One server's yearly cost: unit prices for its class, per-server unit costs, and its
/// share of consumption pools. Not its part of a `host_split` pool: that depends on the
/// other VMs on its host, which one server's facts do not tell.
pub fn server_cost(model: &CostModel, report: &ChargeReport, facts: &ServerFacts) -> Ore {
    let Some(year) = model.year(report.year) else { return 0 };
    let skipped = |p: &&Pool| p.counting.powered_off == PoweredOff::Skip && super::servers::powered_off(facts);
    year.pools
        .iter()
        .filter(|p| super::servers::eligible(facts, p.counting.platforms))
        .filter(|p| !skipped(p))
        .map(|pool| {
            let summary = report.pools.iter().find(|s| s.id == pool.id);
            match &pool.method {
                Method::UnitPrice { price, by_class } => {
                    facts.class.and_then(|c: ServerClass| by_class.get(&c)).copied().unwrap_or(*price)
                }
                Method::PerServer => summary.and_then(|s| s.unit_cost).unwrap_or(0),
                Method::Consumption { measure } => summary.map_or(0, |s| {
                    let mine = match measure {
                        Measure::Vcpu => i128::from(facts.vcpu),
                        Measure::RamGb => i128::from(facts.ram_bytes),
                        Measure::DiskTb => i128::from(facts.disk_bytes),
                    };
                    let days = if pool.counting.pro_rata { i128::from(super::engine::days_in(report.year)) } else { 1 };
                    let total = i128::from(s.quantity).max(1);
                    i64::try_from(i128::from(s.amount) * mine * days / total).unwrap_or(0)
                }),
                _ => 0,
            }
        })
        .sum()
}
