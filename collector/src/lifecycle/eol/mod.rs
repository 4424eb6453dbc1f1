//! Placeholder until the endoflife.date module lands.
pub mod mapping;
pub mod product;
