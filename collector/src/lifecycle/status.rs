//! Each item's status and the rules behind it.
//!
//! Rules: the policy lifetime from the in-service date; the catalogue's end of support,
//! end of security updates and end of sale; the OS or firmware release cycle. Each rule
//! that applies gives a dated verdict; the most severe one decides, and all are listed.
//! Severity, worst first: past end of security updates (the vendor ships no fixes: a
//! security risk today), past end of life, due within the warning window, ok. When no rule
//! has a date, the status is unknown; it is never guessed.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use super::catalogue::{Catalogue, Entry};
use super::model::{AgeSource, Category, Cost, Item};
use super::policy::{Policy, Scope};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Unknown,
    Ok,
    Due,
    PastEndOfLife,
    PastEndOfSecurityUpdates,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unknown => "unknown",
            Status::Ok => "ok",
            Status::Due => "due",
            Status::PastEndOfLife => "past_end_of_life",
            Status::PastEndOfSecurityUpdates => "past_end_of_security_updates",
        }
    }
}

/// What kind of date a rule gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    EndOfLife,
    EndOfSecurityUpdates,
    /// Informational: does not by itself make an item due.
    EndOfSale,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RuleMatch {
    /// The rule in English, as the API, the CSV and the CLI give it.
    pub rule: String,
    pub milestone: Milestone,
    pub date: NaiveDate,
    pub status: Status,
    /// What the rule rests on, for pages that word it in another language. Not part of the
    /// API (its `rule` says the same); absent in an assessment read back from JSON.
    #[serde(skip)]
    pub basis: Option<Basis>,
}

/// The facts a rule's sentence is made of; its `Display` is the sentence in English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Basis {
    /// A `lifecycle.toml` lifetime counted from the in-service date.
    Lifetime { category: Category, years: u32, scope: Vec<Scope>, since: NaiveDate, source: AgeSource },
    /// A line of the model catalogue (`vendor model` as the line names them).
    Catalogue { line: usize, model: String, milestone: Milestone },
    /// An endoflife.date release cycle.
    Release { product: String, cycle: String, extended_until: Option<NaiveDate> },
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Basis::Lifetime { category, years, scope, since, source } => {
                let category = category.as_str();
                if scope.is_empty() {
                    write!(f, "lifecycle.toml: {category} lifetime {years} years")?;
                } else {
                    let scope: Vec<String> = scope
                        .iter()
                        .map(|part| match part {
                            Scope::Site(site) => format!("site {site}"),
                            Scope::Department(department) => format!("department {department}"),
                        })
                        .collect();
                    write!(f, "lifecycle.toml: {category} {years} years for {}", scope.join(", "))?;
                }
                write!(f, " from {since} ({})", source.describe())
            }
            Basis::Catalogue { line, model, milestone } => {
                let what = match milestone {
                    Milestone::EndOfLife => "end of support",
                    Milestone::EndOfSecurityUpdates => "end of security updates",
                    Milestone::EndOfSale => "end of sale",
                };
                write!(f, "catalogue line {line}: {model} {what}")
            }
            Basis::Release { product, cycle, extended_until } => {
                write!(f, "endoflife.date {product} {cycle}: security support ends")?;
                match extended_until {
                    Some(date) => write!(f, "; extended support until {date}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// An OS or firmware release cycle as found for an item (the caller looks it up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Release {
    Found {
        product: String,
        cycle: String,
        eol_from: Option<NaiveDate>,
        extended_until: Option<NaiveDate>,
    },
    /// Why there is none: product not covered, version unknown to it, data not synced.
    Missing(String),
    None,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Assessment {
    pub status: Status,
    /// The rule that decided the status, and the date it applies from.
    pub decided_by: Option<RuleMatch>,
    /// Every rule that applied.
    pub rules: Vec<RuleMatch>,
    /// Facts that could not be assessed, e.g. "no release cycle: Junos is not on endoflife.date".
    pub notes: Vec<String>,
    /// The first end of life or end of security updates: when the item must be replaced.
    pub replace_by: Option<NaiveDate>,
    pub replacement_cost: Option<Cost>,
    pub replacement_model: Option<String>,
}

pub fn assess(item: &Item, policy: &Policy, catalogue: &Catalogue, release: &Release, today: NaiveDate) -> Assessment {
    let entry = catalogue.find(item.vendor.as_deref(), item.model.as_deref());
    assess_with(item, policy, entry, release, today)
}

/// [`assess`] with the catalogue entry already found (many items share a model).
pub fn assess_with(
    item: &Item,
    policy: &Policy,
    entry: Option<&Entry>,
    release: &Release,
    today: NaiveDate,
) -> Assessment {
    let warn = |date: NaiveDate| date.checked_sub_months(Months::new(policy.due_within_months)).unwrap_or(date);
    let verdict = |milestone: Milestone, date: NaiveDate| match milestone {
        Milestone::EndOfSale => Status::Ok,
        _ if today >= date => {
            if milestone == Milestone::EndOfSecurityUpdates {
                Status::PastEndOfSecurityUpdates
            } else {
                Status::PastEndOfLife
            }
        }
        _ if today >= warn(date) => Status::Due,
        _ => Status::Ok,
    };
    let mut rules = Vec::new();
    let mut notes = Vec::new();
    let mut add = |basis: Basis, milestone: Milestone, date: NaiveDate| {
        let rule = basis.to_string();
        rules.push(RuleMatch { status: verdict(milestone, date), rule, milestone, date, basis: Some(basis) });
    };

    match (&item.in_service, policy.lifetime(item.category, item.site.as_deref(), item.department.as_deref())) {
        (Some(since), Some(life)) => {
            let end = add_years(since.date, life.years);
            let basis = Basis::Lifetime {
                category: item.category,
                years: life.years,
                scope: life.scope,
                since: since.date,
                source: since.source,
            };
            add(basis, Milestone::EndOfLife, end);
        }
        (None, Some(_)) => notes.push("no in-service date: age unknown".into()),
        (_, None) => notes.push(format!("no lifetime policy for {}", item.category.as_str())),
    }

    if let Some(e) = entry {
        let model = format!("{} {}", e.vendor, e.model_pattern);
        let dates = [
            (e.end_of_support, Milestone::EndOfLife),
            (e.end_of_security_updates, Milestone::EndOfSecurityUpdates),
            (e.end_of_sale, Milestone::EndOfSale),
        ];
        for (date, milestone) in dates {
            let Some(date) = date else { continue };
            add(Basis::Catalogue { line: e.line, model: model.clone(), milestone }, milestone, date);
        }
    }

    match release {
        Release::Found { product, cycle, eol_from: Some(eol), extended_until } => {
            let basis =
                Basis::Release { product: product.clone(), cycle: cycle.clone(), extended_until: *extended_until };
            add(basis, Milestone::EndOfSecurityUpdates, *eol);
        }
        Release::Found { product, cycle, eol_from: None, .. } => {
            notes.push(format!("endoflife.date {product} {cycle}: no end date announced"))
        }
        Release::Missing(reason) => notes.push(format!("no release cycle: {reason}")),
        Release::None => {}
    }

    // Most severe first; among equals, the earliest date (it has applied the longest).
    let decided_by = rules.iter().max_by(|a, b| a.status.cmp(&b.status).then(b.date.cmp(&a.date))).cloned();
    let replace_by = rules.iter().filter(|r| r.milestone != Milestone::EndOfSale).map(|r| r.date).min();
    Assessment {
        status: decided_by.as_ref().map_or(Status::Unknown, |r| r.status),
        decided_by,
        rules,
        notes,
        replace_by,
        replacement_cost: replacement_cost(item, entry, policy),
        replacement_model: entry.and_then(|e| e.replacement_model.clone()),
    }
}

/// Catalogue price, else what it cost last time (like for like), else the policy default.
fn replacement_cost(item: &Item, entry: Option<&Entry>, policy: &Policy) -> Option<Cost> {
    if let Some(e) = entry
        && let Some(ore) = e.replacement_cost
    {
        return Some(Cost { ore, source: format!("catalogue line {}", e.line) });
    }
    if let Some(ore) = item.purchase_cost {
        return Some(Cost { ore, source: "asset register purchase cost".into() });
    }
    policy
        .default_cost(item.category)
        .map(|ore| Cost { ore, source: format!("lifecycle.toml replacement_cost_sek.{}", item.category.as_str()) })
}

/// `date` plus whole years; 29 February becomes 28 February in a common year.
pub fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    let year = date.year() + i32::try_from(years).unwrap_or(0);
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), 28))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests;
