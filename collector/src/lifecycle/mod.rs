//! Lifecycle: how old every device and component is, when it reaches end of life or end of
//! security updates and by which rule, and what follows from that: the heat map, the
//! technicians' list of outdated network devices, and the cyclic renewal plan.
//!
//! Everything here but `eol::client` (which fetches from endoflife.date) is pure: functions
//! from inventory records, registers and a date to plain data, tested without I/O. The API
//! and the CLI only render what these return.

pub mod assets;
pub mod catalogue;
pub mod eol;
pub mod heatmap;
pub mod items;
pub mod model;
pub mod outdated;
pub mod plan;
pub mod policy;
pub mod row;
pub mod share;
pub mod status;
pub mod words;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use model::Item;
pub use row::{ItemFilter, ItemRow, item_row};
use status::{Assessment, Release};

/// An item with its assessment.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Assessed {
    #[serde(flatten)]
    pub item: Item,
    #[serde(flatten)]
    pub assessment: Assessment,
}

/// Assesses every item; `release` finds the OS or firmware release cycle of an item.
/// Catalogue entries and release cycles are looked up once per model and per OS version:
/// a fleet has thousands of items but few distinct models.
pub fn assess_fleet(
    items: Vec<Item>,
    policy: &policy::Policy,
    catalogue: &catalogue::Catalogue,
    release: impl Fn(&Item) -> Release,
    today: NaiveDate,
) -> Vec<Assessed> {
    let mut entries: HashMap<(Option<String>, Option<String>), Option<&catalogue::Entry>> = HashMap::new();
    let mut releases: HashMap<Option<model::Software>, Release> = HashMap::new();
    items
        .into_iter()
        .map(|item| {
            let entry = *entries
                .entry((item.vendor.clone(), item.model.clone()))
                .or_insert_with(|| catalogue.find(item.vendor.as_deref(), item.model.as_deref()));
            let release = releases.entry(item.software.clone()).or_insert_with(|| release(&item));
            let assessment = status::assess_with(&item, policy, entry, release, today);
            Assessed { item, assessment }
        })
        .collect()
}

/// Age in years (one decimal) on `today`, from the in-service date.
pub fn age_years(item: &Item, today: NaiveDate) -> Option<f64> {
    let days = (today - item.in_service?.date).num_days();
    Some((days as f64 / 365.25 * 10.0).round() / 10.0)
}
