//! Costs: what each department owes for its servers, and how shared costs split between
//! member organisations by an allocation key, in integer öre that always add up.
//!
//! `model` is the cost model (`costs.toml`, parsed and checked by `parse`), `split` the
//! exact division of money, `engine` the charge report (with `hosts`, the ESXi hosts' cost
//! over their VMs): pure functions over the model and plain facts about the servers.

pub mod driver;
pub mod engine;
pub mod facts;
pub mod hosts;
pub mod model;
pub mod parse;
pub mod savings;
pub mod servers;
pub mod split;
