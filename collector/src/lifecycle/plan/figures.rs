//! A plan's figures without its entries: what the command line's table shows, read back
//! from the API's JSON. A test checks it reads every serialised plan.

use serde::Deserialize;

use super::PlanTotals;
use crate::money::Ore;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PlanFigures {
    pub years: Vec<YearFigures>,
    pub totals: PlanTotals,
}

/// The numbers of [`super::PlanYear`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct YearFigures {
    pub year: i32,
    pub units: u32,
    pub cost: Ore,
    pub budget_left: Ore,
    pub carried_in: u32,
    pub came_due: u32,
    pub overdue_at_year_end: u32,
    pub overdue_cost_at_year_end: Ore,
}
