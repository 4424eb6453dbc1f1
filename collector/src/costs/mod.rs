//! Costs: what each department owes for its servers, and how shared costs split between
//! member organisations by an allocation key, in integer öre that always add up.
//!
//! `model` is the cost model (`costs.toml`, parsed and checked by `parse`), `split` the
//! exact division of money, `engine` the charge report (with `hosts`, the ESXi hosts' cost
//! over their VMs): pure functions over the model and plain facts about the servers. What
//! a line is driven by (`driver`) and why money or a server found no owner (`reason`) are
//! facts, worded in English by the report and in Swedish by `swedish`, for the workbook
//! and the Swedish pages.

pub mod driver;
pub mod engine;
pub mod facts;
pub mod hosts;
pub mod model;
pub mod parse;
pub mod reason;
pub mod savings;
pub mod servers;
pub mod split;
pub mod swedish;
