//! The plan's input checked field by field before anything is planned.

use std::fmt;

use super::{MAX_LIFETIME_YEARS, MAX_YEARS, PlanInput, START_YEARS};

/// Invalid input: the field (`years`, `items[3].cost`…) and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanError {
    pub field: String,
    pub message: String,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for PlanError {}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> PlanError {
    PlanError { field: field.into(), message: message.into() }
}

/// Checks every field, first problem first; returns each item's position in id order.
pub(super) fn validate(input: &PlanInput) -> Result<Vec<usize>, PlanError> {
    if !(1..=MAX_YEARS).contains(&input.years) {
        return Err(invalid("years", format!("must be 1 to {MAX_YEARS}, got {}", input.years)));
    }
    if !START_YEARS.contains(&input.start_year) {
        let (low, high) = (START_YEARS.start(), START_YEARS.end());
        return Err(invalid("start_year", format!("must be {low} to {high}, got {}", input.start_year)));
    }
    if input.annual_budget < 0 {
        return Err(invalid("annual_budget", format!("must not be negative, got {}", input.annual_budget)));
    }
    for (index, item) in input.items.iter().enumerate() {
        if item.id.is_empty() {
            return Err(invalid(format!("items[{index}].id"), "must not be empty"));
        }
        if let Some(cost) = item.cost
            && cost < 0
        {
            return Err(invalid(format!("items[{index}].cost"), format!("must not be negative, got {cost}")));
        }
        if let Some(lifetime) = item.lifetime_years
            && !(1..=MAX_LIFETIME_YEARS).contains(&lifetime)
        {
            let message = format!("must be 1 to {MAX_LIFETIME_YEARS} years, got {lifetime}");
            return Err(invalid(format!("items[{index}].lifetime_years"), message));
        }
    }
    // Sorting (not a HashSet) finds duplicates and yields the id order in one pass, deterministically.
    let items = &input.items;
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_unstable_by(|&a, &b| items[a].id.cmp(&items[b].id).then(a.cmp(&b)));
    if let Some(pair) = order.windows(2).find(|pair| items[pair[0]].id == items[pair[1]].id) {
        let message = format!("duplicate id {:?} (also items[{}])", items[pair[1]].id, pair[0]);
        return Err(invalid(format!("items[{}].id", pair[1]), message));
    }
    let mut origins = vec![0; items.len()];
    for (position, &index) in order.iter().enumerate() {
        origins[index] = position;
    }
    Ok(origins)
}
