//! `lifecycle.toml`: how long each category of equipment should serve (e.g. servers five
//! years, as in their depreciation period), overridable per site or department; when
//! "due" starts; what a replacement costs when nothing more specific is known.

use std::collections::BTreeMap;

use anyhow::{Context, bail};
use serde::Deserialize;

use super::model::{Category, Ore};

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub due_within_months: u32,
    pub horizon_years: u32,
    lifetimes: BTreeMap<Category, u32>,
    costs: BTreeMap<Category, Ore>,
    overrides: Vec<Override>,
}

#[derive(Clone, Debug, PartialEq)]
struct Override {
    site: Option<String>,
    department: Option<String>,
    category: Category,
    lifetime_years: u32,
}

/// A lifetime and what set it, for the assessment's explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lifetime {
    pub years: u32,
    /// The override's site and department, in that order; empty for the category default.
    pub scope: Vec<Scope>,
}

/// What an override of `lifecycle.toml` is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Site(String),
    Department(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    due_within_months: Option<u32>,
    horizon_years: Option<u32>,
    #[serde(default)]
    lifetime_years: BTreeMap<String, u32>,
    #[serde(default)]
    replacement_cost_sek: BTreeMap<String, Amount>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Amount {
    Whole(i64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    site: Option<String>,
    department: Option<String>,
    category: String,
    lifetime_years: u32,
}

impl Default for Policy {
    /// Depreciation-style lifetimes common in Swedish public IT; every one overridable.
    fn default() -> Self {
        use Category::*;
        let lifetimes = [
            (Server, 5),
            (HypervisorHost, 5),
            (Storage, 5),
            (Switch, 8),
            (Router, 8),
            (Firewall, 6),
            (WirelessController, 6),
            (AccessPoint, 6),
            (LoadBalancer, 6),
            (PowerSupply, 8),
            (Fan, 8),
            (Module, 8),
            (Transceiver, 8),
        ];
        Policy {
            due_within_months: 12,
            horizon_years: 5,
            lifetimes: lifetimes.into_iter().collect(),
            costs: BTreeMap::new(),
            overrides: vec![],
        }
    }
}

impl Policy {
    pub fn parse(text: &str) -> anyhow::Result<Policy> {
        let file: File = toml::from_str(text)?;
        let mut policy = Policy::default();
        if let Some(m) = file.due_within_months {
            if m > 120 {
                bail!("due_within_months: at most 120");
            }
            policy.due_within_months = m;
        }
        if let Some(h) = file.horizon_years {
            if !(1..=30).contains(&h) {
                bail!("horizon_years: between 1 and 30");
            }
            policy.horizon_years = h;
        }
        for (name, years) in file.lifetime_years {
            let category = category(&name).with_context(|| format!("lifetime_years.{name}"))?;
            if !(1..=50).contains(&years) {
                bail!("lifetime_years.{name}: between 1 and 50 years");
            }
            policy.lifetimes.insert(category, years);
        }
        for (name, amount) in file.replacement_cost_sek {
            let category = category(&name).with_context(|| format!("replacement_cost_sek.{name}"))?;
            let ore = match amount {
                Amount::Whole(sek) => sek.checked_mul(100).context("too large")?,
                Amount::Text(text) => crate::money::parse_sek(&text).map_err(anyhow::Error::msg)?,
            };
            if ore < 0 {
                bail!("replacement_cost_sek.{name}: must not be negative");
            }
            policy.costs.insert(category, ore);
        }
        for (i, o) in file.overrides.into_iter().enumerate() {
            let category = category(&o.category).with_context(|| format!("overrides[{i}].category"))?;
            if o.site.is_none() && o.department.is_none() {
                bail!("overrides[{i}]: needs a site or a department");
            }
            if !(1..=50).contains(&o.lifetime_years) {
                bail!("overrides[{i}].lifetime_years: between 1 and 50 years");
            }
            policy.overrides.push(Override {
                site: o.site,
                department: o.department,
                category,
                lifetime_years: o.lifetime_years,
            });
        }
        Ok(policy)
    }

    /// The lifetime for an item; an override naming both site and department beats one
    /// naming either, which beats the category default.
    pub fn lifetime(&self, category: Category, site: Option<&str>, department: Option<&str>) -> Option<Lifetime> {
        let matches = |o: &&Override| {
            o.category == category
                && o.site.as_deref().is_none_or(|s| Some(s) == site)
                && o.department.as_deref().is_none_or(|d| Some(d) == department)
        };
        let best = self
            .overrides
            .iter()
            .filter(matches)
            .max_by_key(|o| usize::from(o.site.is_some()) + usize::from(o.department.is_some()));
        if let Some(o) = best {
            let scope = [o.site.clone().map(Scope::Site), o.department.clone().map(Scope::Department)];
            return Some(Lifetime { years: o.lifetime_years, scope: scope.into_iter().flatten().collect() });
        }
        Some(Lifetime { years: *self.lifetimes.get(&category)?, scope: Vec::new() })
    }

    pub fn default_cost(&self, category: Category) -> Option<Ore> {
        self.costs.get(&category).copied()
    }
}

fn category(name: &str) -> anyhow::Result<Category> {
    Category::parse(name).with_context(|| {
        let known: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        format!("unknown category {name:?} (known: {})", known.join(", "))
    })
}

#[cfg(test)]
mod tests;
