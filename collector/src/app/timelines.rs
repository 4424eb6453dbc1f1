//! Each server's department tag over time (`costs::facts::department_timeline`), kept with
//! the record it was read for, so a charge report does not read every history again.
//!
//! Why the record is the right key: a device's history grows only in the transaction that
//! replaces its latest record (a late report adds no entry; both engines decide this in
//! `store::effect`), and a replaced record is a new `Arc`. Holding the `Arc` keeps its
//! address from being reused, so pointer equality cannot mistake a new record for the old.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use uuid::Uuid;

use super::{AppState, Error, Result};
use crate::costs::facts::{Timeline, department_timeline};
use crate::store::DeviceRecord;

/// Per device: the record a timeline was read for, and the timeline.
type Kept = HashMap<Uuid, (Arc<DeviceRecord>, Arc<Timeline>)>;

#[derive(Default)]
pub struct Timelines(Mutex<Kept>);

/// The timeline of each of `records` (stored records, in their order), reading the history
/// only of those whose record changed since it was last read.
pub fn timelines(app: &AppState, records: &[&Arc<DeviceRecord>]) -> Result<Vec<Arc<Timeline>>> {
    let known = |cache: &Kept, record: &Arc<DeviceRecord>| {
        cache.get(&record.device_id).filter(|(seen, _)| Arc::ptr_eq(seen, record)).map(|(_, t)| t.clone())
    };
    let stale: Vec<&Arc<DeviceRecord>> = {
        let cache = app.timelines.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        records.iter().copied().filter(|r| known(&cache, r).is_none()).collect()
    };
    // Read outside the lock: a first charge report reads every history.
    let ids: Vec<Uuid> = stale.iter().map(|r| r.device_id).collect();
    let histories = app.store.histories_of(&ids).map_err(Error::Internal)?;
    let mut cache = app.timelines.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    for (record, history) in stale.into_iter().zip(histories) {
        cache.insert(record.device_id, (record.clone(), Arc::new(department_timeline(&history))));
    }
    // Devices no longer stored are forgotten with the next full read.
    if cache.len() > records.len() * 2 {
        let wanted: std::collections::HashSet<Uuid> = records.iter().map(|r| r.device_id).collect();
        cache.retain(|id, _| wanted.contains(id));
    }
    Ok(records.iter().map(|r| known(&cache, r).unwrap_or_default()).collect())
}

#[cfg(test)]
mod tests;
