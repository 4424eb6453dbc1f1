//! Server costs and department charges: the cost model's versions, the charge report of a
//! year, the servers each department pays for, and servers that look unused.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::fleet::Fleet;
use super::registers::{COSTS, CostVersion, Registers};
use super::{AppState, Error, Result};
use crate::audit::Event;
use crate::costs::engine::{self, ChargeReport};
use crate::costs::facts::server_facts;
use crate::costs::model::ServerClass;
use crate::costs::savings::{self, Candidate, Thresholds};
use crate::costs::servers::{ServerFacts, count_day, driver};
use crate::money::Ore;

/// The outcome of importing `costs.toml`.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ModelImport {
    /// `false` when the model equals the version in force, which is then kept.
    pub stored: bool,
    pub by: String,
    pub years: Vec<i32>,
    pub departments: usize,
}

/// Stores `text` as a new version of the cost model when it differs from the current one.
pub async fn import_model(app: &AppState, text: String, by: &str) -> Result<ModelImport> {
    let model = crate::costs::parse::parse(&text).map_err(|e| {
        let field = e.line.map(|l| format!("line {l}")).unwrap_or_default();
        Error::invalid(field, e.to_string())
    })?;
    let _writing = app.lock_registers().await?;
    let mut history = app.registers.get(&app.store).costs.clone();
    let unchanged = history.latest().is_some_and(|v| v.model == model);
    if !unchanged {
        history.versions.push(CostVersion { at: Utc::now(), by: by.into(), source: text, model: model.clone() });
        let bytes = serde_json::to_vec(&history).map_err(Error::internal)?;
        app.store.put_register(COSTS, bytes).await.map_err(Error::Internal)?;
        app.registers.update(move |r| r.costs = history);
        let years: Vec<String> = model.years.iter().map(|y| y.year.to_string()).collect();
        app.record(Event::new(by, "costs.model", format!("new version for years {}", years.join(", "))))?;
    }
    Ok(ModelImport {
        stored: !unchanged,
        by: by.into(),
        years: model.years.iter().map(|y| y.year).collect(),
        departments: model.departments.len(),
    })
}

/// End of the `as_of` day (the model in force then), or now.
pub fn moment(as_of: Option<NaiveDate>) -> DateTime<Utc> {
    as_of.and_then(|d| d.and_hms_opt(23, 59, 59)).map_or_else(Utc::now, |t| t.and_utc())
}

/// The cost model in force on the `as_of` day (or now).
pub fn version(app: &AppState, as_of: Option<NaiveDate>) -> Result<CostVersion> {
    let registers = app.registers.get(&app.store);
    registers.costs.effective(moment(as_of)).cloned().ok_or_else(|| {
        Error::NotFound("no cost model was in force then; import one with arsring-collector costs import".into())
    })
}

/// One stored version of the cost model, without its text.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VersionSummary {
    pub at: DateTime<Utc>,
    pub by: String,
    pub years: Vec<i32>,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VersionList {
    pub count: usize,
    pub versions: Vec<VersionSummary>,
}

/// Every version ever imported, oldest first.
pub fn versions(app: &AppState) -> Vec<VersionSummary> {
    let registers = app.registers.get(&app.store);
    registers
        .costs
        .versions
        .iter()
        .map(|v| VersionSummary { at: v.at, by: v.by.clone(), years: v.model.years.iter().map(|y| y.year).collect() })
        .collect()
}

/// Every server's facts as the last charge report made them, with the fleet and the
/// registers they were made from: the same two (by identity; holding them keeps their
/// addresses from being reused) give the same facts.
#[derive(Default)]
pub struct KeptFacts(Mutex<Option<FactsOf>>);

struct FactsOf {
    fleet: Arc<Fleet>,
    registers: Arc<Registers>,
    facts: Arc<Vec<ServerFacts>>,
}

/// Every server's facts, from the latest records and their histories.
fn fleet(app: &AppState) -> Result<Arc<Vec<ServerFacts>>> {
    let registers = app.registers.get(&app.store);
    let fleet = super::fleet(app);
    let mut kept = app.charge_facts.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(k) = kept.as_ref()
        && Arc::ptr_eq(&k.fleet, &fleet)
        && Arc::ptr_eq(&k.registers, &registers)
    {
        return Ok(k.facts.clone());
    }
    let assets = registers.assets.index();
    let servers: Vec<_> = fleet.records.iter().filter(|r| r.kind != arsring_protocol::DeviceKind::Network).collect();
    let timelines = super::timelines::timelines(app, &servers)?;
    let facts: Arc<Vec<ServerFacts>> = Arc::new(
        servers.iter().zip(timelines).flat_map(|(record, timeline)| server_facts(record, &timeline, &assets)).collect(),
    );
    *kept = Some(FactsOf { fleet: fleet.clone(), registers: registers.clone(), facts: facts.clone() });
    Ok(facts)
}

/// A year's charges, the model version they come from and the servers they count.
pub struct Charges {
    pub version: CostVersion,
    pub report: ChargeReport,
    pub servers: Arc<Vec<ServerFacts>>,
}

/// The charge report of `year` (default: this year) as it was on `as_of` (default: now).
pub fn charges(app: &AppState, year: Option<i32>, as_of: Option<NaiveDate>) -> Result<Charges> {
    let version = version(app, as_of)?;
    let today = moment(as_of).date_naive();
    let servers = fleet(app)?;
    let report = engine::report(&version.model, year.unwrap_or(today.year()), &servers, today)
        .map_err(|e| Error::bad_input("year", e.to_string()))?;
    Ok(Charges { version, report, servers })
}

/// Who imported the model version a report comes from, and when.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ModelRef {
    pub at: DateTime<Utc>,
    pub by: String,
}

/// The charge report as the API answers it.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChargesAnswer {
    pub model: ModelRef,
    pub report: ChargeReport,
}

impl Charges {
    pub fn answer(&self) -> ChargesAnswer {
        ChargesAnswer {
            model: ModelRef { at: self.version.at, by: self.version.by.clone() },
            report: self.report.clone(),
        }
    }
}

/// One server's share of one pool, and how it was placed.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChargedServer {
    pub hostname: String,
    pub device_id: Uuid,
    pub department: String,
    pub pool: String,
    pub class: Option<ServerClass>,
    /// 1 for a head count, days for pro rata.
    pub units: i64,
    pub placed_by: String,
    /// What the server costs its department a year by the server-driven pools.
    pub cost_per_year: Ore,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChargedServers {
    pub year: i32,
    pub counted_on: Option<NaiveDate>,
    pub count: usize,
    pub servers: Vec<ChargedServer>,
}

/// The servers each department is charged for, pool by pool; one department's if given.
pub fn charged_servers(
    app: &AppState,
    year: Option<i32>,
    as_of: Option<NaiveDate>,
    department: Option<&str>,
) -> Result<ChargedServers> {
    let Charges { version, report, servers } = charges(app, year, as_of)?;
    let model = &version.model;
    let year = model.year(report.year).ok_or_else(|| Error::bad_input("year", "no such year"))?;
    let mut rows = Vec::new();
    for s in servers.iter() {
        let cost = savings::server_cost(model, &report, s);
        for pool in &year.pools {
            for (owner, units, source) in driver(model, s, &pool.counting, report.year, report.today) {
                let owner = owner.unwrap_or_else(|| engine::UNASSIGNED.into());
                if department.is_some_and(|d| d != owner) {
                    continue;
                }
                rows.push(ChargedServer {
                    hostname: s.hostname.clone(),
                    device_id: s.device_id,
                    department: owner,
                    pool: pool.id.clone(),
                    class: s.class,
                    units: i64::try_from(units).unwrap_or(i64::MAX),
                    placed_by: source,
                    cost_per_year: cost,
                });
            }
        }
    }
    rows.sort_by(|a, b| (&a.department, &a.hostname, &a.pool).cmp(&(&b.department, &b.hostname, &b.pool)));
    let counted_on = year.pools.first().map(|p| count_day(&p.counting, report.year, report.today));
    Ok(ChargedServers { year: report.year, counted_on, count: rows.len(), servers: rows })
}

/// Servers that look unused, and what they cost.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Savings {
    pub thresholds: Thresholds,
    pub count: usize,
    pub cost_per_year: Ore,
    pub servers: Vec<Candidate>,
}

pub fn savings(app: &AppState, year: Option<i32>, thresholds: Thresholds) -> Result<Savings> {
    if !(0.0..=1.0).contains(&thresholds.cpu_below) {
        return Err(Error::bad_input("cpu_below", "a share between 0 and 1"));
    }
    let Charges { version, report, servers } = charges(app, year, None)?;
    let now = Utc::now();
    let since = now - chrono::Duration::days(i64::from(thresholds.window_days));
    let ids: Vec<Uuid> = servers.iter().map(|s| s.device_id).collect();
    let usage = app.store.usage_of(&ids, since).map_err(Error::Internal)?;
    let with_usage: Vec<_> = servers.iter().cloned().zip(usage).collect();
    let found = savings::candidates(&version.model, &report, &with_usage, &thresholds, now);
    let cost_per_year = found.iter().map(|c| c.cost_per_year).sum();
    Ok(Savings { thresholds, count: found.len(), cost_per_year, servers: found })
}

#[cfg(test)]
mod tests;
