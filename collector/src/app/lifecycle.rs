//! The lifecycle questions the API, the pages and the CLI all ask: the assessment of a day,
//! the heat map's horizon, the plan's input, the share past end of life. The answers
//! themselves are pure functions in `crate::lifecycle`.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{AppState, Error, Result, assessed};
use crate::lifecycle::heatmap::Heatmap;
use crate::lifecycle::model::Project;
use crate::lifecycle::outdated::Outdated;
use crate::lifecycle::plan::{PlanInput, plan_items};
use crate::lifecycle::share::{EndOfLifeShare, end_of_life_share};
use crate::lifecycle::{Assessed, ItemRow};
use crate::money::Ore;

/// The day to assess as of: the one asked for, or today.
pub fn day(as_of: Option<NaiveDate>) -> NaiveDate {
    as_of.unwrap_or_else(|| Utc::now().date_naive())
}

/// The fleet assessed as of `as_of` (or today), and that day.
pub fn assessed_on(app: &AppState, as_of: Option<NaiveDate>) -> Result<(Arc<Vec<Assessed>>, NaiveDate)> {
    let today = day(as_of);
    Ok((assessed(app, today)?, today))
}

/// Years the heat map looks ahead: as asked (0 to 30), else the policy's horizon.
pub fn horizon(app: &AppState, years: Option<u32>) -> Result<u32> {
    let default = app.policy.get().map_err(Error::Internal)?.horizon_years;
    match years.unwrap_or(default) {
        y @ 0..=30 => Ok(y),
        _ => Err(Error::bad_input("years", "between 0 and 30")),
    }
}

/// What a renewal plan is asked for.
#[derive(Clone, Copy, Debug)]
pub struct PlanRequest {
    pub annual_budget: Ore,
    pub years: u32,
    pub max_units_per_year: Option<u32>,
    pub project: Option<Project>,
    /// Default: the year of `today`.
    pub start_year: Option<i32>,
    pub today: NaiveDate,
}

/// The plan's input from the fleet as assessed on `request.today`; plan it with
/// `lifecycle::plan::plan`, which borrows from it.
pub fn plan_input(app: &AppState, request: PlanRequest) -> Result<PlanInput> {
    let policy = app.policy.get().map_err(Error::Internal)?;
    Ok(PlanInput {
        start_year: request.start_year.unwrap_or(request.today.year()),
        years: request.years,
        annual_budget: request.annual_budget,
        max_units_per_year: request.max_units_per_year,
        items: plan_items(&assessed(app, request.today)?, &policy, request.project),
    })
}

/// The share of the fleet past end of life, as of `as_of` (or today).
pub fn share(app: &AppState, as_of: Option<NaiveDate>) -> Result<ShareAnswer> {
    let (items, as_of) = assessed_on(app, as_of)?;
    let EndOfLifeShare { items, items_past, percent, devices, devices_past } = end_of_life_share(&items);
    Ok(ShareAnswer { as_of, items, items_past, percent, devices, devices_past })
}

/// The API's answers, shared with the command line that reads them back.
///
/// [`EndOfLifeShare`] with its day; flat, so that it is also one CSV row.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ShareAnswer {
    pub as_of: NaiveDate,
    pub items: usize,
    pub items_past: usize,
    pub percent: usize,
    pub devices: usize,
    pub devices_past: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemsAnswer<T> {
    pub as_of: NaiveDate,
    pub count: usize,
    pub items: Vec<T>,
}

/// Items as `/lifecycle/items` lists them (the assessment whole) or a heat-map cell lists
/// them (flat rows).
pub type AssessedItems = ItemsAnswer<Assessed>;
pub type CellItems = ItemsAnswer<ItemRow>;

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HeatmapAnswer {
    pub as_of: NaiveDate,
    pub heatmap: Heatmap,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OutdatedAnswer {
    pub as_of: NaiveDate,
    pub count: usize,
    pub devices: Vec<Outdated>,
}

/// The plan as answered: the full plan when served, its figures when read back.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanAnswer<P> {
    pub as_of: NaiveDate,
    pub annual_budget: Ore,
    pub plan: P,
}
