//! The charge report of a year: per department one line per pool (method, driver, unit
//! price, amount), totals per billed entity, and a grand total equal to the sum of the
//! pools plus the settlement. Pure: the model, the server facts and a date in; data out.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::driver::Driver;
use super::hosts::{self, Part};
use super::model::{CostModel, Measure, Method, MethodKind, Pool, ServerClass, VmWeight, Year};
use super::reason::{NotAllocated, Unplaced};
use super::servers::{ServerFacts, count_day, driver};
use super::split::{self, Share};
use crate::money::Ore;

/// The id that servers without an owner are collected under in splits (sorts first).
pub const UNASSIGNED: &str = "(unassigned)";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Line {
    pub pool: String,
    pub pool_name: String,
    pub method: MethodKind,
    /// `None` for an entity-level line (a key or equal split between billed entities) and
    /// for the unassigned servers' share.
    pub department: Option<String>,
    /// `None` only for the unassigned servers' share.
    pub entity: Option<String>,
    /// What the amount is driven by, in words: `3 servers`, `1 095 server-days`, `412 vCPU`, `weight 150 of 500`.
    pub driver: String,
    /// The quantities `driver` words, for pages in another language. Not part of the API
    /// (`driver` says the same); absent in a report read back from JSON.
    #[serde(skip)]
    pub driven_by: Option<Driver>,
    pub quantity: i64,
    /// Unit-price pools: the price per server and year.
    pub unit_price: Option<Ore>,
    pub amount: Ore,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PoolSummary {
    pub id: String,
    pub name: String,
    pub method: MethodKind,
    /// The pool's amount: as given, or (unit price) as computed.
    pub amount: Ore,
    /// Servers (or server-days, or units measured) the pool was driven by, unassigned
    /// included; for `host_split` the ESXi hosts counted.
    pub quantity: i64,
    /// Per-server pools: the cost of one server for the year; `host_split`: of one host.
    /// Rounded to whole öre (the split itself is exact).
    pub unit_cost: Option<Ore>,
    /// What the unassigned servers carry: billed to nobody until someone owns them. For
    /// `host_split` the quantity is the servers (VMs and idle hosts) nobody owns.
    pub unassigned_quantity: i64,
    pub unassigned_amount: Ore,
    /// The pool's amount when its method finds nothing to divide it by this year (no
    /// server, no host counted): reported, billed to nobody, with the reason. Zero otherwise.
    #[serde(default)]
    pub not_allocated_amount: Ore,
    #[serde(default)]
    pub not_allocated_reason: Option<String>,
    /// Why, as facts, for pages and workbooks in another language. Not part of the API
    /// (`not_allocated_reason` says the same); absent in a report read back from JSON.
    #[serde(skip)]
    pub not_allocated_why: Option<NotAllocated>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Total {
    pub id: String,
    pub name: String,
    pub amount: Ore,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChargeReport {
    pub year: i32,
    pub today: NaiveDate,
    pub rounding: String,
    pub pools: Vec<PoolSummary>,
    pub lines: Vec<Line>,
    pub departments: Vec<Total>,
    pub entities: Vec<Total>,
    /// Servers no rule, register or tag places, with the reason; their share is in
    /// the pools' `unassigned_amount`.
    pub unassigned: Vec<Unassigned>,
    pub settlement: Option<Ore>,
    /// Every line added up; equals the pools' amounts plus the settlement. Pools not
    /// allocated are in neither (see [`ChargeReport::not_allocated_amount`]).
    pub grand_total: Ore,
}

impl ChargeReport {
    /// What the unassigned servers carry over all pools: billed to nobody yet.
    pub fn unassigned_amount(&self) -> Ore {
        self.pools.iter().map(|p| p.unassigned_amount).sum()
    }

    /// The amounts of pools that found nothing to divide them by: in no line.
    pub fn not_allocated_amount(&self) -> Ore {
        self.pools.iter().map(|p| p.not_allocated_amount).sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Unassigned {
    pub hostname: String,
    pub reason: String,
    /// `reason` as facts, for pages and workbooks in another language; not in the API.
    #[serde(skip)]
    pub why: Option<Unplaced>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CostError {
    #[error("costs.toml has no year {0}")]
    NoYear(i32),
    #[error("pool {pool:?}: {message}")]
    Pool { pool: String, message: String },
}

pub fn report(
    model: &CostModel,
    year: i32,
    servers: &[ServerFacts],
    today: NaiveDate,
) -> Result<ChargeReport, CostError> {
    let y = model.year(year).ok_or(CostError::NoYear(year))?;
    let mut pools = Vec::new();
    let mut lines = Vec::new();
    for pool in &y.pools {
        let (summary, pool_lines) = pool_charges(model, y, pool, servers, today)?;
        pools.push(summary);
        lines.extend(pool_lines);
    }
    let settlement = match &y.settlement {
        Some(s) => {
            let pool = Pool {
                line: s.line,
                id: "settlement".into(),
                name: format!("Year-end settlement {year}"),
                amount: Some(s.outcome),
                method: Method::Key { key: s.key.clone() },
                counting: y.pools.first().map(|p| p.counting.clone()).unwrap_or_else(default_counting),
            };
            lines.extend(pool_charges(model, y, &pool, servers, today)?.1);
            Some(s.outcome)
        }
        None => None,
    };
    let unassigned = unassigned_servers(model, y, servers, today);
    Ok(ChargeReport {
        year,
        today,
        rounding: split::RULE.into(),
        departments: totals(&lines, |l| l.department.clone(), |id| model.department(id).map(|d| d.name.clone())),
        entities: totals(
            &lines,
            |l| l.entity.clone(),
            |id| model.entities.iter().find(|e| e.id == id).map(|e| e.name.clone()),
        ),
        grand_total: lines.iter().map(|l| l.amount).sum(),
        pools,
        lines,
        unassigned,
        settlement,
    })
}

fn default_counting() -> super::model::Counting {
    super::model::Counting {
        platforms: super::model::Platforms::Both,
        as_of: None,
        seen_within_days: None,
        pro_rata: false,
        powered_off: super::model::PoweredOff::Count,
        vms_by: None,
    }
}

/// Drivers per department (`None` = unassigned), and per class for unit prices.
type Drivers = BTreeMap<(Option<String>, Option<ServerClass>), i128>;

fn pool_charges(
    model: &CostModel,
    year: &Year,
    pool: &Pool,
    servers: &[ServerFacts],
    today: NaiveDate,
) -> Result<(PoolSummary, Vec<Line>), CostError> {
    if pool.method == Method::HostSplit {
        return host_split_charges(model, year, pool, servers, today);
    }
    let drivers = drivers(model, year, pool, servers, today);
    let amount = pool.amount.unwrap_or(0);
    if matches!(pool.method, Method::PerServer | Method::Consumption { .. }) && drivers.values().all(|w| *w == 0) {
        let why = match pool.method {
            Method::PerServer => NotAllocated::NoServersCounted,
            _ => NotAllocated::NothingMeasured,
        };
        return Ok((not_allocated(pool, amount, why), vec![]));
    }
    let shares = shares(year, pool, &drivers, amount)?;
    let lines = lines(model, pool, shares);
    let quantity: i128 = drivers.values().sum();
    let unassigned_quantity: i128 = drivers.iter().filter(|((d, _), _)| d.is_none()).map(|(_, w)| *w).sum();
    let unit_cost = match pool.method {
        // One server for a whole year: the amount over the servers (or server-years), rounded half up.
        Method::PerServer if quantity > 0 => {
            let per_year = if pool.counting.pro_rata { quantity } else { quantity * i128::from(days_in(year.year)) };
            Some(clamp((i128::from(amount) * i128::from(days_in(year.year)) * 2 + per_year) / (2 * per_year)))
        }
        _ => None,
    };
    let summary = PoolSummary {
        id: pool.id.clone(),
        name: pool.name.clone(),
        method: pool.method.kind(),
        amount: lines.iter().map(|l| l.amount).sum(),
        quantity: clamp(quantity),
        unit_cost,
        unassigned_quantity: clamp(unassigned_quantity),
        unassigned_amount: lines.iter().filter(|l| l.entity.is_none()).map(|l| l.amount).sum(),
        not_allocated_amount: 0,
        not_allocated_reason: None,
        not_allocated_why: None,
    };
    Ok((summary, lines))
}

/// A pool whose method finds nothing to divide it by: its amount, in no line, and why.
fn not_allocated(pool: &Pool, amount: Ore, why: NotAllocated) -> PoolSummary {
    PoolSummary {
        id: pool.id.clone(),
        name: pool.name.clone(),
        method: pool.method.kind(),
        amount: 0,
        quantity: 0,
        unit_cost: None,
        unassigned_quantity: 0,
        unassigned_amount: 0,
        not_allocated_amount: amount,
        not_allocated_reason: Some(why.to_string()),
        not_allocated_why: Some(why),
    }
}

/// What each department's servers drive a server-driven pool by: servers, server-days or a
/// measured quantity, per class where prices differ by class. Empty for other methods.
fn drivers(model: &CostModel, year: &Year, pool: &Pool, servers: &[ServerFacts], today: NaiveDate) -> Drivers {
    let mut drivers: Drivers = BTreeMap::new();
    if !matches!(pool.method, Method::UnitPrice { .. } | Method::PerServer | Method::Consumption { .. }) {
        return drivers;
    }
    let measured = |s: &ServerFacts, m: Measure| -> i128 {
        match m {
            Measure::Vcpu => i128::from(s.vcpu),
            Measure::RamGb => i128::from(s.ram_bytes),
            Measure::DiskTb => i128::from(s.disk_bytes),
        }
    };
    for s in servers {
        for (department, units, _) in driver(model, s, &pool.counting, year.year, today) {
            let (class, weight) = match &pool.method {
                Method::UnitPrice { by_class, .. } if !by_class.is_empty() => (s.class, units),
                Method::Consumption { measure } => (None, units * measured(s, *measure)),
                _ => (None, units),
            };
            *drivers.entry((department, class)).or_default() += weight;
        }
    }
    drivers
}

/// The pool's amount divided by its method: one row per department or entity.
fn shares(year: &Year, pool: &Pool, drivers: &Drivers, amount: Ore) -> Result<Vec<ShareRow>, CostError> {
    let err = |message: String| CostError::Pool { pool: pool.id.clone(), message };
    Ok(match &pool.method {
        Method::UnitPrice { price, by_class } => unit_price_shares(year, pool, drivers, *price, by_class),
        Method::PerServer | Method::Consumption { .. } => {
            let weights: Vec<(String, i128)> =
                drivers.iter().map(|((d, _), w)| (d.clone().unwrap_or_else(|| UNASSIGNED.into()), *w)).collect();
            if weights.iter().all(|(_, w)| *w == 0) {
                return Err(err("no servers are counted, so there is nothing to divide the amount by".into()));
            }
            let split = split::split(amount, &weights).map_err(|e| err(e.to_string()))?;
            zip_shares(split, &weights, |units| driver_of(pool, units))
        }
        Method::Key { key } => {
            let key = year.keys.iter().find(|k| &k.id == key).ok_or_else(|| err(format!("unknown key {key:?}")))?;
            let weights: Vec<(String, i128)> = key.weights.iter().map(|(id, w)| (id.clone(), i128::from(*w))).collect();
            let total: i128 = weights.iter().map(|(_, w)| *w).sum();
            let split = split::split(amount, &weights).map_err(|e| err(format!("key {:?}: {e}", key.id)))?;
            zip_shares(split, &weights, |weight| Driver::Weight { weight, total })
        }
        Method::Equal { between } => {
            let weights: Vec<(String, i128)> = between.iter().map(|id| (id.clone(), 1)).collect();
            let n = weights.len();
            let split = split::split(amount, &weights).map_err(|e| err(e.to_string()))?;
            zip_shares(split, &weights, |_| Driver::EqualShare { of: n })
        }
        Method::Direct { to } => vec![(Some(to.clone()), None, Driver::AllOfIt, 1, None, amount)],
        Method::HostSplit => return Err(err("a host split is divided over the fleet's hosts and VMs".into())),
    })
}

/// `host_split`: the parts of `hosts::split`, one line per department for its VMs and one
/// for its idle hosts.
fn host_split_charges(
    model: &CostModel,
    year: &Year,
    pool: &Pool,
    servers: &[ServerFacts],
    today: NaiveDate,
) -> Result<(PoolSummary, Vec<Line>), CostError> {
    let err = |message: String| CostError::Pool { pool: pool.id.clone(), message };
    let by = pool.counting.vms_by.ok_or_else(|| err("host_split needs by = \"vcpu\" or \"memory\"".into()))?;
    let amount = pool.amount.unwrap_or(0);
    let split = match hosts::split(model, &pool.counting, by, amount, servers, year.year, today) {
        Err(hosts::HostSplitError::NoHosts) => {
            return Ok((not_allocated(pool, amount, NotAllocated::NoHosts), vec![]));
        }
        split => split.map_err(|e| err(e.to_string()))?,
    };
    let lines = lines(model, pool, host_split_rows(&split.parts, by));
    let hosts = i128::try_from(split.hosts).unwrap_or(i128::MAX);
    let summary = PoolSummary {
        id: pool.id.clone(),
        name: pool.name.clone(),
        method: pool.method.kind(),
        amount: lines.iter().map(|l| l.amount).sum(),
        quantity: clamp(hosts),
        // One host's share, rounded half up.
        unit_cost: Some(clamp((i128::from(amount) * 2 + hosts) / (2 * hosts))),
        unassigned_quantity: clamp(split.parts.iter().filter(|p| p.department.is_none()).count() as i128),
        unassigned_amount: lines.iter().filter(|l| l.entity.is_none()).map(|l| l.amount).sum(),
        not_allocated_amount: 0,
        not_allocated_reason: None,
        not_allocated_why: None,
    };
    Ok((summary, lines))
}

/// The parts summed per (department, idle): `24 vCPU on 2 hosts`, `1 idle host`.
fn host_split_rows(parts: &[Part], by: VmWeight) -> Vec<ShareRow> {
    type Sum = (i128, Ore, Vec<uuid::Uuid>);
    let mut sums: BTreeMap<(Option<String>, bool), Sum> = BTreeMap::new();
    for p in parts {
        let sum = sums.entry((p.department.clone(), p.idle)).or_default();
        sum.0 += p.units;
        sum.1 += p.amount;
        if !sum.2.contains(&p.host) {
            sum.2.push(p.host);
        }
    }
    sums.into_iter()
        .map(|((department, idle), (units, amount, hosts))| {
            let driver = match idle {
                true => Driver::IdleHosts { hosts: hosts.len() },
                false => Driver::OnHosts { units, by, hosts: hosts.len() },
            };
            (department, None, driver, clamp(units), None, amount)
        })
        .collect()
}

/// Unit prices: each department pays its servers (or server-days) times the price of their class.
fn unit_price_shares(
    year: &Year,
    pool: &Pool,
    drivers: &Drivers,
    price: Ore,
    by_class: &BTreeMap<ServerClass, Ore>,
) -> Vec<ShareRow> {
    let pro_rata = pool.counting.pro_rata;
    let days_in_year = i128::from(days_in(year.year));
    drivers
        .iter()
        .map(|((dept, class), units)| {
            let price = class.and_then(|c| by_class.get(&c)).copied().unwrap_or(price);
            // Pro rata: price × server-days ÷ days in the year, rounded half up to whole öre.
            let value = if pro_rata {
                (i128::from(price) * units * 2 + days_in_year) / (2 * days_in_year)
            } else {
                i128::from(price) * units
            };
            let driver = Driver::Servers { count: *units, class: *class, days: pro_rata };
            (dept.clone(), *class, driver, clamp(*units), Some(price), clamp(value))
        })
        .collect()
}

/// What a server-driven share is driven by: `12 servers`, `48 vCPU-days`.
fn driver_of(pool: &Pool, units: i128) -> Driver {
    let days = pool.counting.pro_rata;
    match &pool.method {
        Method::Consumption { measure: Measure::Vcpu } => Driver::Vcpu { units, days },
        Method::Consumption { measure: Measure::RamGb } => Driver::Ram { bytes: units, days },
        Method::Consumption { measure: Measure::DiskTb } => Driver::Disk { bytes: units, days },
        _ => Driver::Servers { count: units, class: None, days },
    }
}

/// The shares as charge lines, each department with the entity it is billed to.
fn lines(model: &CostModel, pool: &Pool, shares: Vec<ShareRow>) -> Vec<Line> {
    shares
        .into_iter()
        .map(|(id, _class, driver, quantity, unit_price, amount)| {
            let (department, entity) = match id.as_deref() {
                None => (None, None),
                Some(id) => match model.department(id) {
                    Some(d) => (Some(d.id.clone()), Some(d.entity.clone())),
                    None => (None, Some(id.to_string())),
                },
            };
            Line {
                pool: pool.id.clone(),
                pool_name: pool.name.clone(),
                method: pool.method.kind(),
                department,
                entity,
                driver: driver.to_string(),
                driven_by: Some(driver),
                quantity,
                unit_price,
                amount,
            }
        })
        .collect()
}

type ShareRow = (Option<String>, Option<ServerClass>, Driver, i64, Option<Ore>, Ore);

fn zip_shares(split: Vec<Share>, weights: &[(String, i128)], driver: impl Fn(i128) -> Driver) -> Vec<ShareRow> {
    split
        .into_iter()
        .map(|share| {
            let w = weights.iter().find(|(id, _)| *id == share.id).map_or(0, |(_, w)| *w);
            let id = (share.id != UNASSIGNED).then_some(share.id);
            (id, None, driver(w), clamp(w), None, share.amount)
        })
        .collect()
}

fn clamp(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

pub fn days_in(year: i32) -> u32 {
    NaiveDate::from_ymd_opt(year, 12, 31).map_or(365, |d| d.ordinal())
}

fn totals(lines: &[Line], key: impl Fn(&Line) -> Option<String>, name: impl Fn(&str) -> Option<String>) -> Vec<Total> {
    let mut sums: BTreeMap<String, Ore> = BTreeMap::new();
    for l in lines {
        if let Some(k) = key(l) {
            *sums.entry(k).or_default() += l.amount;
        }
    }
    sums.into_iter().map(|(id, amount)| Total { name: name(&id).unwrap_or_else(|| id.clone()), id, amount }).collect()
}

/// Servers counted by some pool of the year but owned by nobody, with the reason.
fn unassigned_servers(model: &CostModel, year: &Year, servers: &[ServerFacts], today: NaiveDate) -> Vec<Unassigned> {
    let counting = year.pools.iter().map(|p| &p.counting).next().cloned().unwrap_or_else(default_counting);
    let day = count_day(&counting, year.year, today);
    let mut out: Vec<Unassigned> = servers
        .iter()
        .filter(|s| s.first_seen <= day)
        .filter_map(|s| {
            let p = super::servers::placement(model, s, day);
            p.department.is_none().then(|| Unassigned {
                hostname: s.hostname.clone(),
                reason: p.source,
                why: p.unplaced,
            })
        })
        .collect();
    out.sort_by(|a, b| a.hostname.cmp(&b.hostname));
    out
}

/// The year of `today` when no year is asked for.
pub fn current_year(today: NaiveDate) -> i32 {
    today.year()
}

#[cfg(test)]
mod tests;
