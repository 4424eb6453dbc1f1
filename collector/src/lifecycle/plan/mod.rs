//! The cyclic renewal plan (*cyklisk förvaltning*): which equipment to replace in which year,
//! within a yearly budget, most urgent first.
//!
//! A pure function of [`PlanInput`]; no clock, no I/O. The rules:
//!
//! - **Plannable** items have a known end-of-life date (`due`) and a known replacement cost.
//!   The rest are listed in [`Plan::not_plannable`] with the reason: we do not guess.
//! - **Candidates.** An item is a candidate in year `Y` when `due` is on or before 31 December of
//!   `Y`. Overdue items are candidates from the first year, and so is an item whose [`Urgency`]
//!   says it is already past end of life or of security updates, whatever its date says.
//! - **Priority** is a total order: [`Urgency::rank`] first (past end of security updates, then
//!   past end of life, then due/ok, which differ only by date), then the earlier `due`, then the
//!   **higher cost**, then `id`. Higher cost first because, with the same status and the same
//!   date (catalogue dates are shared by whole model lines), cost is the only proxy for impact
//!   the plan has: a core switch or a firewall costs more than an access switch and takes more
//!   users down when it fails. Cheapest-first would maximise the unit count instead, and keep
//!   pushing the central equipment to the back of its date.
//! - **Each year** takes candidates in priority order while the budget and the unit cap allow,
//!   and stops at the first one that does not fit: the remainder is *not* filled with cheaper,
//!   less urgent items, so nothing more urgent is ever skipped for something less urgent. What
//!   is not taken is carried over to the next year.
//! - **Never fits.** An item whose cost alone exceeds the annual budget would stop every year
//!   forever; it goes to [`Plan::never_fits`] (it needs a separate investment decision) and is
//!   left out of the yearly order. With a zero budget that is every item that costs anything.
//! - **Cycles.** An item with `lifetime_years = Some(L)` replaced in year `Y` comes due again on
//!   31 December of `Y + L` at the same cost, as `id#2`, `id#3`… The year's budget pays for
//!   equipment installed by the year's end, so the latest install date is the safe one: the
//!   replacement is a candidate in `Y + L`, after same-class items with a real date that year.
//!   Its urgency is [`Urgency::Due`]: it is new equipment, nothing is known against it yet.
//! - **Money** is öre in `i64`; sums are kept in `i128` and saturate at `i64::MAX` when reported.

use std::cmp::Reverse;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::model::{Category, Ore};
use crate::money::format_sek;

mod figures;
mod items;
mod validate;

pub use figures::{PlanFigures, YearFigures};
pub use items::plan_items;
pub use validate::PlanError;
use validate::validate;

pub const MAX_YEARS: u32 = 30;
/// Longer than any equipment lives; bounds the re-entry year so that its date exists.
pub const MAX_LIFETIME_YEARS: u32 = 100;
pub const START_YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// How bad an item's status is on the day it was assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// The vendor ships no security fixes: the most urgent.
    PastEndOfSecurityUpdates,
    PastEndOfLife,
    Due,
    Ok,
}

impl Urgency {
    /// The priority class, lower first. `Due` and `Ok` share a class: they describe the day of
    /// the assessment, and over a multi-year plan only the date separates them (an `Ok` item due
    /// in 2027 is more urgent in 2030 than a `Due` item due in 2029).
    pub fn rank(self) -> u8 {
        match self {
            Urgency::PastEndOfSecurityUpdates => 0,
            Urgency::PastEndOfLife => 1,
            Urgency::Due | Urgency::Ok => 2,
        }
    }

    /// Overdue already today, whatever the date says: a candidate from the first year.
    pub fn is_overdue(self) -> bool {
        self.rank() < 2
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    /// Unique; the final tie-breaker.
    pub id: String,
    /// e.g. `sw-core-1 (WS-C3560G-48TS-E)`.
    pub label: String,
    pub category: Category,
    pub urgency: Urgency,
    /// End of life (policy, catalogue or vendor date); `None` = unknown, not planned.
    pub due: Option<NaiveDate>,
    /// Replacement cost; `None` = unknown, not planned.
    pub cost: Option<Ore>,
    /// When set, the replacement comes due again this many years after it is installed.
    pub lifetime_years: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    pub start_year: i32,
    /// 1 to [`MAX_YEARS`].
    pub years: u32,
    pub annual_budget: Ore,
    pub max_units_per_year: Option<u32>,
    pub items: Vec<PlanItem>,
}

/// The plan borrows ids and labels from its input rather than copying them: a plan is rendered
/// while its input is at hand, and for a large fleet the copies took most of the planning time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Plan<'a> {
    pub years: Vec<PlanYear<'a>>,
    /// Candidates still not replaced at the end of the last year: the unfunded backlog.
    pub backlog_after_horizon: Vec<PlanEntry<'a>>,
    /// Entries that come due only after the last year, replacements of replacements included.
    pub due_after_horizon: Vec<PlanEntry<'a>>,
    /// Cost alone exceeds the annual budget: needs a separate investment decision. In priority order.
    pub never_fits: Vec<Unplanned<'a>>,
    /// Unknown due date or cost; by urgency class, then id.
    pub not_plannable: Vec<Unplanned<'a>>,
    pub totals: PlanTotals,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PlanYear<'a> {
    pub year: i32,
    /// In priority order.
    pub replaced: Vec<PlanEntry<'a>>,
    pub units: u32,
    pub cost: Ore,
    pub budget_left: Ore,
    /// Candidates left over from the previous year (its `overdue_at_year_end`).
    pub carried_in: u32,
    /// Entries that became candidates this year; in the first year, also all that were overdue.
    pub came_due: u32,
    /// Candidates not replaced by the year's end.
    pub overdue_at_year_end: u32,
    pub overdue_cost_at_year_end: Ore,
    /// Why the year stopped taking candidates; `None` when it replaced every candidate.
    pub stopped_by: Option<Stop>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// The next candidate costs more than the budget left.
    Budget,
    UnitCap,
}

/// One replacement cycle of one item. Every list of entries is in priority order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PlanEntry<'a> {
    pub id: EntryId<'a>,
    /// The input item's id, and which of its replacement cycles this is (1 = the item itself).
    pub origin_id: &'a str,
    pub cycle: u32,
    pub label: &'a str,
    pub category: Category,
    pub urgency: Urgency,
    pub due: NaiveDate,
    pub cost: Ore,
    /// Relative to the year it is replaced in or, after the horizon, to the last year.
    pub why: Why,
}

/// The item's id for its first cycle, `id#2`, `id#3`… for the replacements that come due again.
/// Displayed and serialised as that string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryId<'a> {
    pub origin: &'a str,
    pub cycle: u32,
}

impl fmt::Display for EntryId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.cycle == 1 { f.write_str(self.origin) } else { write!(f, "{}#{}", self.origin, self.cycle) }
    }
}

/// Displayed and serialised as a sentence, e.g. `past end of security updates since 2024-06-30`;
/// kept as data so that planning does not format a sentence per item that no page may show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Why {
    pub(in crate::lifecycle) year: i32,
    pub(in crate::lifecycle) urgency: Urgency,
    pub(in crate::lifecycle) due: NaiveDate,
    pub(in crate::lifecycle) cycle: u32,
    pub(in crate::lifecycle) lifetime: u32,
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Why { year, urgency, due, cycle, lifetime } = *self;
        let (reached, past) = (due.year() <= year, due.year() < year);
        if cycle > 1 {
            let (installed, verb) = (due.year() - lifetime as i32, if past { "ended" } else { "ends" });
            return write!(f, "the {lifetime}-year lifetime of its {installed} replacement {verb} {due}");
        }
        match urgency {
            Urgency::PastEndOfSecurityUpdates if reached => write!(f, "past end of security updates since {due}"),
            Urgency::PastEndOfSecurityUpdates => write!(f, "past end of security updates (end of life {due})"),
            Urgency::PastEndOfLife if reached => write!(f, "past end of life since {due}"),
            Urgency::PastEndOfLife => write!(f, "past end of life (recorded end of life {due})"),
            Urgency::Due | Urgency::Ok if past => write!(f, "past end of life since {due}"),
            Urgency::Due | Urgency::Ok => write!(f, "reaches end of life on {due}"),
        }
    }
}

macro_rules! serialize_as_text {
    ($($name:ty),*) => {$(
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    )*};
}
serialize_as_text!(EntryId<'_>, Why);
arsring_protocol::text_schema!(EntryId<'_>, "The item's id; `id#2`, `id#3`… for replacements that come due again.");
arsring_protocol::text_schema!(Why, "Why the entry is in its year, as a sentence.");

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Unplanned<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub category: Category,
    pub urgency: Urgency,
    pub due: Option<NaiveDate>,
    pub cost: Option<Ore>,
    pub reason: UnplannedReason,
    pub why: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnplannedReason {
    UnknownDue,
    UnknownCost,
    UnknownDueAndCost,
    ExceedsAnnualBudget,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanTotals {
    pub units: u64,
    pub cost: Ore,
    pub backlog: u32,
    pub backlog_cost: Ore,
    pub due_after_horizon: u32,
    pub never_fits: u32,
    pub never_fits_cost: Ore,
    pub not_plannable: u32,
}

/// One replacement cycle of one item. The fields are in priority order, so the derived `Ord`
/// *is* the priority rule (smaller = more urgent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    rank: u8,
    due: NaiveDate,
    cost: Reverse<Ore>,
    /// The item's position in id order: the id tie-breaker without comparing strings, and
    /// unique even if an input id happens to look like another's `id#2`.
    origin: usize,
    cycle: u32,
    /// Index into `PlanInput::items`; fixed by `origin`, so it never decides an order.
    item: usize,
}

impl Entry {
    /// The first year it is a candidate; if it is overdue already, before any plan starts.
    fn candidate_year(&self) -> i32 {
        if self.rank < 2 { i32::MIN } else { self.due.year() }
    }

    fn view<'a>(&self, items: &'a [PlanItem], year: i32) -> PlanEntry<'a> {
        let item = &items[self.item];
        let urgency = if self.cycle == 1 { item.urgency } else { Urgency::Due };
        let lifetime = item.lifetime_years.unwrap_or_default();
        PlanEntry {
            id: EntryId { origin: &item.id, cycle: self.cycle },
            origin_id: &item.id,
            cycle: self.cycle,
            label: &item.label,
            category: item.category,
            urgency,
            due: self.due,
            cost: self.cost.0,
            why: Why { year, urgency, due: self.due, cycle: self.cycle, lifetime },
        }
    }
}

/// Plans `input.years` years from `input.start_year`; refuses invalid input, naming the field.
pub fn plan(input: &PlanInput) -> Result<Plan<'_>, PlanError> {
    let origins = validate(input)?;
    let items = &input.items;
    let (start, year_count) = (input.start_year, input.years as usize);
    let last = start + input.years as i32 - 1;
    let Sorted { mut arrivals, mut later, mut never_fits, mut not_plannable } = sort_items(input, &origins);

    let mut years = Vec::with_capacity(year_count);
    // Candidates not yet replaced, in priority order. The stop rule means each year replaces a
    // prefix of it, so a sorted Vec does the job of a priority queue, with less work.
    let mut backlog: Vec<Entry> = Vec::new();
    let mut backlog_cost: i128 = 0;
    let (mut total_units, mut total_cost) = (0u64, 0i128);
    let cap = input.max_units_per_year.map_or(usize::MAX, |cap| cap as usize);
    for (offset, year) in (start..=last).enumerate() {
        let carried_in = count(backlog.len());
        let mut arriving = std::mem::take(&mut arrivals[offset]);
        let came_due = count(arriving.len());
        backlog_cost += arriving.iter().map(|e| i128::from(e.cost.0)).sum::<i128>();
        backlog.append(&mut arriving);
        // The stable sort finds the backlog's sorted run and merges the new entries into it.
        backlog.sort();
        let (left, taken, stopped_by) = fits(&backlog, input.annual_budget, cap);
        let mut replaced = Vec::with_capacity(taken);
        for entry in backlog.drain(..taken) {
            backlog_cost -= i128::from(entry.cost.0);
            replaced.push(entry.view(items, year));
            if let Some(lifetime) = items[entry.item].lifetime_years {
                let due = end_of_year(year + lifetime as i32);
                let again = Entry { rank: Urgency::Due.rank(), due, cycle: entry.cycle + 1, ..entry };
                schedule(again, start, &mut arrivals, &mut later);
            }
        }
        let cost = input.annual_budget - left;
        total_units += replaced.len() as u64;
        total_cost += i128::from(cost);
        years.push(PlanYear {
            year,
            units: count(replaced.len()),
            replaced,
            cost,
            budget_left: left,
            carried_in,
            came_due,
            overdue_at_year_end: count(backlog.len()),
            overdue_cost_at_year_end: saturate(backlog_cost),
            stopped_by,
        });
    }

    later.sort_unstable();
    never_fits.sort_unstable();
    not_plannable.sort_unstable();
    let totals = PlanTotals {
        units: total_units,
        cost: saturate(total_cost),
        backlog: count(backlog.len()),
        backlog_cost: saturate(backlog_cost),
        due_after_horizon: count(later.len()),
        never_fits: count(never_fits.len()),
        never_fits_cost: saturate(never_fits.iter().map(|e| i128::from(e.cost.0)).sum()),
        not_plannable: count(not_plannable.len()),
    };
    Ok(Plan {
        years,
        backlog_after_horizon: backlog.iter().map(|e| e.view(items, last)).collect(),
        due_after_horizon: later.iter().map(|e| e.view(items, last)).collect(),
        never_fits: never_fits.iter().map(|e| over_budget(&items[e.item], input.annual_budget)).collect(),
        not_plannable: not_plannable.iter().map(|&(_, _, index)| unknown(&items[index])).collect(),
        totals,
    })
}

/// The items sorted into where planning starts them.
struct Sorted {
    /// Entries by the year they become candidates (the first year also holds all overdue ones).
    arrivals: Vec<Vec<Entry>>,
    /// Entries that only come due after the horizon.
    later: Vec<Entry>,
    /// Entries that alone cost more than a year's budget.
    never_fits: Vec<Entry>,
    /// (rank, origin, item) of items with no due date or no cost.
    not_plannable: Vec<(u8, usize, usize)>,
}

fn sort_items(input: &PlanInput, origins: &[usize]) -> Sorted {
    let mut sorted = Sorted {
        arrivals: vec![Vec::new(); input.years as usize],
        later: Vec::new(),
        never_fits: Vec::new(),
        not_plannable: Vec::new(),
    };
    for (index, item) in input.items.iter().enumerate() {
        let (Some(due), Some(cost)) = (item.due, item.cost) else {
            sorted.not_plannable.push((item.urgency.rank(), origins[index], index));
            continue;
        };
        let rank = item.urgency.rank();
        let entry = Entry { rank, due, cost: Reverse(cost), origin: origins[index], cycle: 1, item: index };
        if cost > input.annual_budget {
            sorted.never_fits.push(entry);
        } else {
            schedule(entry, input.start_year, &mut sorted.arrivals, &mut sorted.later);
        }
    }
    sorted
}

/// How many candidates from the front of the (sorted) backlog one year replaces, the budget
/// left, and what stopped it. The stop rule: a candidate that does not fit ends the year, so
/// nothing after it in priority order is taken instead.
fn fits(backlog: &[Entry], budget: Ore, cap: usize) -> (Ore, usize, Option<Stop>) {
    let (mut left, mut taken) = (budget, 0);
    for next in backlog {
        if taken == cap {
            return (left, taken, Some(Stop::UnitCap));
        }
        if next.cost.0 > left {
            return (left, taken, Some(Stop::Budget));
        }
        left -= next.cost.0;
        taken += 1;
    }
    (left, taken, None)
}

/// Files an entry under the year it becomes a candidate, or after the horizon.
fn schedule(entry: Entry, start: i32, arrivals: &mut [Vec<Entry>], later: &mut Vec<Entry>) {
    let offset = i64::from(entry.candidate_year().max(start)) - i64::from(start);
    match usize::try_from(offset).ok().and_then(|offset| arrivals.get_mut(offset)) {
        Some(bucket) => bucket.push(entry),
        None => later.push(entry),
    }
}

fn end_of_year(year: i32) -> NaiveDate {
    // Validation bounds the year to 9999 + 30 + 100, well inside chrono's range.
    NaiveDate::from_ymd_opt(year, 12, 31).expect("validated year")
}

fn over_budget(item: &PlanItem, budget: Ore) -> Unplanned<'_> {
    let (cost, budget) = (format_sek(item.cost.unwrap_or_default()), format_sek(budget));
    let why = format!(
        "costs {cost} SEK, more than the whole annual budget of {budget} SEK: needs a separate investment decision"
    );
    unplanned(item, UnplannedReason::ExceedsAnnualBudget, why)
}

fn unknown(item: &PlanItem) -> Unplanned<'_> {
    let (reason, why) = match (item.due, item.cost) {
        (None, None) => (UnplannedReason::UnknownDueAndCost, "end-of-life date and replacement cost unknown"),
        (None, Some(_)) => (UnplannedReason::UnknownDue, "end-of-life date unknown"),
        _ => (UnplannedReason::UnknownCost, "replacement cost unknown"),
    };
    unplanned(item, reason, why.to_string())
}

fn unplanned(item: &PlanItem, reason: UnplannedReason, why: String) -> Unplanned<'_> {
    let PlanItem { id, label, category, urgency, due, cost, .. } = item;
    Unplanned { id, label, category: *category, urgency: *urgency, due: *due, cost: *cost, reason, why }
}

/// Counts beyond `u32::MAX` cannot come from a real fleet; saturate rather than wrap.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn saturate(sum: i128) -> Ore {
    Ore::try_from(sum).unwrap_or(if sum < 0 { Ore::MIN } else { Ore::MAX })
}

#[cfg(test)]
mod tests;
