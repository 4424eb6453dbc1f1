//! The fleet's lifecycle assessment, shared by the API and the pages and kept between
//! requests.
//!
//! Assessing 100 000 items takes most of 200 ms, and a fleet that reports all day changes the
//! inventory every few seconds. So the cache is kept per device: when only reports have
//! arrived since (same registers, policy and day, no device added or removed), just the
//! devices whose record changed are assessed again and patched in place.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

use super::registers::Registers;
use super::{AppState, Error, Result};
use crate::lifecycle::policy::Policy;
use crate::lifecycle::{Assessed, assess_fleet, items};
use crate::store::DeviceRecord;

/// An assessment and what it was computed from. Holding the snapshots keeps them alive, so
/// "same snapshot" can be decided by pointer.
pub struct CachedAssessment {
    generation: u64,
    registers: Arc<Registers>,
    policy: Arc<Policy>,
    today: NaiveDate,
    value: Arc<Vec<Assessed>>,
    /// Each device's record as assessed, and where its items are in `value`.
    devices: HashMap<Uuid, (Arc<DeviceRecord>, Range<usize>)>,
}

/// The whole inventory assessed as of `today`.
pub fn assessed(app: &AppState, today: NaiveDate) -> Result<Arc<Vec<Assessed>>> {
    let registers = app.registers.get(&app.store);
    let policy = app.policy.get().map_err(Error::Internal)?;
    // Read before the records: a report landing in between is picked up next time.
    let generation = app.store.generation();
    // Held while assessing, so concurrent page views wait for one assessment, not make two.
    let mut cache = app.assessments.lock().unwrap_or_else(|poisoned| {
        // A request panicked while assessing: start over rather than trust half a patch.
        let mut cache = poisoned.into_inner();
        *cache = None;
        cache
    });
    if let Some(c) = cache.as_mut()
        && c.today == today
        && Arc::ptr_eq(&c.registers, &registers)
        && Arc::ptr_eq(&c.policy, &policy)
    {
        if c.generation == generation {
            return Ok(c.value.clone());
        }
        if c.refresh(&super::fleet(app).records) {
            c.generation = generation;
            return Ok(c.value.clone());
        }
    }
    let fleet = super::fleet(app);
    let records = &fleet.records;
    let assets = registers.assets.index();
    let mut value = Vec::new();
    let mut devices = HashMap::with_capacity(records.len());
    for record in records {
        let start = value.len();
        items::push_device_items(record, &assets, &mut value);
        devices.insert(record.device_id, (record.clone(), start..value.len()));
    }
    let value = Arc::new(assess_fleet(value, &policy, &registers.catalogue, |item| registers.release(item), today));
    *cache = Some(CachedAssessment { generation, registers, policy, today, value: value.clone(), devices });
    Ok(value)
}

impl CachedAssessment {
    /// Re-assesses the devices whose record changed, in place. `false` when the fleet's
    /// shape changed (a device added or removed, a device with more or fewer items), which
    /// takes a full assessment.
    fn refresh(&mut self, records: &[Arc<DeviceRecord>]) -> bool {
        if records.len() != self.devices.len() {
            return false;
        }
        let mut changed = Vec::new();
        for record in records {
            match self.devices.get(&record.device_id) {
                None => return false,
                Some((seen, _)) if Arc::ptr_eq(seen, record) => {}
                Some((_, range)) => changed.push((record, range.clone())),
            }
        }
        if changed.is_empty() {
            return true;
        }
        let assets = self.registers.assets.index();
        let mut patches = Vec::with_capacity(changed.len());
        for (record, range) in changed {
            let mut items = Vec::with_capacity(range.len());
            items::push_device_items(record, &assets, &mut items);
            if items.len() != range.len() {
                return false;
            }
            let registers = &self.registers;
            let fresh = assess_fleet(items, &self.policy, &registers.catalogue, |i| registers.release(i), self.today);
            patches.push((record.clone(), range, fresh));
        }
        // Copies the vector only when a request still holds the previous one.
        let value = Arc::make_mut(&mut self.value);
        for (record, range, fresh) in patches {
            for (slot, new) in value[range.clone()].iter_mut().zip(fresh) {
                *slot = new;
            }
            self.devices.insert(record.device_id, (record, range));
        }
        true
    }
}

#[cfg(test)]
mod tests;
