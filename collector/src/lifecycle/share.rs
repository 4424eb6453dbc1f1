//! How much of the fleet is past end of life or end of security updates: the overview's
//! headline figure, counted over components (devices and their parts) and over devices.

use serde::{Deserialize, Serialize};

use super::Assessed;
use super::status::Status;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndOfLifeShare {
    /// Every item: devices and their parts (power supplies, fans, optics…).
    pub items: usize,
    pub items_past: usize,
    /// Whole percent of `items` that are past, rounded down.
    pub percent: usize,
    /// Devices (and stack members) of a renewal project, parts not counted.
    pub devices: usize,
    pub devices_past: usize,
}

pub fn end_of_life_share(assessed: &[Assessed]) -> EndOfLifeShare {
    let past = |a: &Assessed| a.assessment.status >= Status::PastEndOfLife;
    let devices: Vec<&Assessed> =
        assessed.iter().filter(|a| a.item.component_index.is_none() && a.item.category.project().is_some()).collect();
    let items_past = assessed.iter().filter(|a| past(a)).count();
    EndOfLifeShare {
        items: assessed.len(),
        items_past,
        percent: if assessed.is_empty() { 0 } else { items_past * 100 / assessed.len() },
        devices: devices.len(),
        devices_past: devices.iter().filter(|a| past(a)).count(),
    }
}
