//! The fleet as every view reads it: the stored records, with a VM that both the agent and
//! vSphere report shown once, as the agent's record carrying vSphere's (`inventory::link`).
//! Kept per store generation; a record whose sources did not change keeps its `Arc`, so the
//! lifecycle assessment still re-assesses only what changed.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use arsring_protocol::DeviceKind;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::AppState;
use crate::inventory::link::{Links, link};
use crate::inventory::topology::{Topology, servers_fingerprint, topology};
use crate::inventory::{DeviceRow, row, stale_from};
use crate::store::DeviceRecord;

pub struct Fleet {
    generation: u64,
    /// Every device once: linked VMs are inside their agent's record.
    pub records: Vec<Arc<DeviceRecord>>,
    pub links: Links,
    /// Which network device is connected to which (LLDP, CDP).
    pub topology: Arc<Topology>,
    /// The network devices' records the topology was made from, and what it took from the
    /// servers (`topology::servers_fingerprint`): while neither changes (most reports are
    /// servers' usage and patches), the next fleet keeps the same topology.
    network: Vec<Arc<DeviceRecord>>,
    servers: u64,
    /// A linked VM's own id → the device it is shown as.
    shown_as: HashMap<Uuid, Uuid>,
    /// Device id → its place in `records`.
    place: Arc<HashMap<Uuid, usize>>,
    /// Merged records by agent id, with the two records they were made of.
    merged: HashMap<Uuid, Merged>,
    /// Every device's inventory row, made once per fleet.
    rows: Mutex<Option<Rows>>,
    /// The last rows an earlier fleet made: a record that did not change keeps its row.
    earlier: Mutex<Option<Earlier>>,
}

/// The rows as made at `made`, true until `until`, when the first of them turns stale.
#[derive(Clone)]
struct Rows {
    stale_after: Duration,
    made: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
    rows: Arc<Vec<DeviceRow>>,
}

/// Rows an earlier fleet made, with the records they were made from.
#[derive(Clone)]
struct Earlier {
    records: Vec<Arc<DeviceRecord>>,
    place: Arc<HashMap<Uuid, usize>>,
    rows: Rows,
}

impl Rows {
    fn serve(&self, now: DateTime<Utc>, stale_after: Duration) -> bool {
        self.stale_after == stale_after && self.made <= now && self.until.is_none_or(|until| now <= until)
    }
}

/// A merged record and the agent's and the VM's records it was made of.
struct Merged {
    agent: Arc<DeviceRecord>,
    vm: Arc<DeviceRecord>,
    shown: Arc<DeviceRecord>,
}

impl Fleet {
    /// The device a record id is shown as: itself, or for a linked VM its agent's record.
    pub fn device(&self, id: Uuid) -> Option<&Arc<DeviceRecord>> {
        let id = self.shown_as.get(&id).copied().unwrap_or(id);
        self.place.get(&id).map(|i| &self.records[*i])
    }
}

impl Fleet {
    /// Every device as a row at `now`, made again only when a row's `stale` would differ.
    pub fn rows(&self, now: DateTime<Utc>, stale_after: Duration) -> Arc<Vec<DeviceRow>> {
        let mut cached = self.rows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(c) = cached.as_ref().filter(|c| c.serve(now, stale_after)) {
            return c.rows.clone();
        }
        let earlier = self.earlier.lock().ok().and_then(|mut e| e.take()).filter(|e| e.rows.serve(now, stale_after));
        let kept = |r: &Arc<DeviceRecord>| {
            let e = earlier.as_ref()?;
            let i = *e.place.get(&r.device_id)?;
            Arc::ptr_eq(&e.records[i], r).then(|| e.rows.rows[i].clone())
        };
        let rows: Arc<Vec<DeviceRow>> =
            Arc::new(self.records.iter().map(|r| kept(r).unwrap_or_else(|| row(r, now, stale_after))).collect());
        let until = self.records.iter().filter_map(|r| stale_from(r, stale_after)).filter(|from| *from >= now).min();
        *cached = Some(Rows { stale_after, made: now, until, rows: rows.clone() });
        rows
    }
}

/// The fleet now: rebuilt only when a report or import changed the store.
pub fn fleet(app: &AppState) -> Arc<Fleet> {
    let generation = app.store.generation();
    let mut cached = app.fleet.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(f) = cached.as_ref()
        && f.generation == generation
    {
        return f.clone();
    }
    let fresh = Arc::new(build(generation, app.store.devices(), cached.as_deref()));
    *cached = Some(fresh.clone());
    fresh
}

fn build(generation: u64, stored: Vec<Arc<DeviceRecord>>, previous: Option<&Fleet>) -> Fleet {
    let links = link(&stored);
    let by_id: HashMap<Uuid, &Arc<DeviceRecord>> = stored.iter().map(|r| (r.device_id, r)).collect();
    let vm_of: HashMap<Uuid, Uuid> = links.links.iter().map(|l| (l.agent, l.vm)).collect();
    let hidden: HashSet<Uuid> = links.links.iter().map(|l| l.vm).collect();
    let mut merged = HashMap::new();
    let mut records = Vec::with_capacity(stored.len());
    for record in &stored {
        if hidden.contains(&record.device_id) {
            continue;
        }
        let Some(vm) = vm_of.get(&record.device_id).and_then(|id| by_id.get(id)) else {
            records.push(record.clone());
            continue;
        };
        let kept = previous
            .and_then(|p| p.merged.get(&record.device_id))
            .filter(|m| Arc::ptr_eq(&m.agent, record) && Arc::ptr_eq(&m.vm, vm))
            .map(|m| m.shown.clone());
        let shown =
            kept.unwrap_or_else(|| Arc::new(DeviceRecord { linked: Some((*vm).clone()), ..(**record).clone() }));
        merged.insert(record.device_id, Merged { agent: record.clone(), vm: (*vm).clone(), shown: shown.clone() });
        records.push(shown);
    }
    let shown_as = links.links.iter().map(|l| (l.vm, l.agent)).collect();
    let network: Vec<Arc<DeviceRecord>> = records.iter().filter(|r| r.kind == DeviceKind::Network).cloned().collect();
    let servers = servers_fingerprint(&records);
    let topology = match previous {
        Some(p)
            if p.servers == servers
                && p.network.len() == network.len()
                && p.network.iter().zip(&network).all(|(a, b)| Arc::ptr_eq(a, b)) =>
        {
            p.topology.clone()
        }
        _ => Arc::new(topology(&records)),
    };
    let place = Arc::new(records.iter().enumerate().map(|(i, r)| (r.device_id, i)).collect());
    // One generation back at most: an earlier fleet's rows, or what it was given itself.
    let earlier = previous.and_then(|p| {
        let made = p.rows.lock().ok()?.clone();
        match made {
            Some(rows) => Some(Earlier { records: p.records.clone(), place: p.place.clone(), rows }),
            None => p.earlier.lock().ok()?.clone(),
        }
    });
    Fleet {
        generation,
        records,
        links,
        topology,
        network,
        servers,
        shown_as,
        place,
        merged,
        rows: Mutex::new(None),
        earlier: Mutex::new(earlier),
    }
}

#[cfg(test)]
mod tests;
