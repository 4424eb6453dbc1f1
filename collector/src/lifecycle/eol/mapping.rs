use super::product::{Cycle, Product};
use crate::lifecycle::model::Software;
use std::collections::BTreeMap;
pub enum Mapping {
    Found { product: String, cycle: Cycle },
    NoProduct { reason: String },
    NotSynced { product: String },
    NoCycle { product: String, version: String },
}
pub fn release_for(_software: &Software, _products: &BTreeMap<String, Product>) -> Mapping {
    Mapping::NoProduct { reason: "placeholder".into() }
}
