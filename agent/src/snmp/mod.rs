//! SNMP inventory of switches, routers and other network devices.
//!
//! `targets` turns `agent.toml` into a list of devices, `poll` inventories one device with
//! `client` (GETBULK over `snmp2`), `entity` reads ENTITY-MIB, and `derive` (with the
//! tables in `vendor` and the parsers in `firmware`) names vendor, model, OS and serial.
//! `poll_all` runs many polls at once, bounded.

pub mod client;
pub mod derive;
pub mod entity;
pub mod firmware;
pub mod neighbours;
pub mod poll;
pub mod scan;
pub mod serial;
pub mod targets;
pub mod usm;
pub mod value;
pub mod vendor;
pub mod vendor_mib;

use std::collections::HashMap;
use std::sync::Arc;

use arsring_protocol::NetworkDevice;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use uuid::Uuid;

use client::Options;
use targets::Planned;

/// Polls every planned target, at most `concurrency` at a time, calling `done` with each
/// configured host and its device as the poll finishes. `known` maps addresses to the ids devices had there before;
/// a silent address from a range that never answered is skipped rather than reported.
pub async fn poll_all(
    planned: Vec<Planned>,
    options: Options,
    concurrency: usize,
    known: &HashMap<String, Uuid>,
    mut done: impl FnMut(String, NetworkDevice),
) {
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for plan in planned {
        let remembered = known.get(&plan.target.host).copied();
        let (permits, options) = (permits.clone(), options.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.ok()?;
            let device = poll::poll(&plan.target, options, remembered).await;
            let silent_stranger = plan.from_range && !device.reachability.reachable && remembered.is_none();
            (!silent_stranger).then_some((plan.target.host, device))
        });
    }
    while let Some(result) = tasks.join_next().await {
        if let Ok(Some((host, device))) = result {
            done(host, device);
        }
    }
}
