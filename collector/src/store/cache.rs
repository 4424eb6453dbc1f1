//! What a collector keeps in memory whatever the engine: the latest record of every device
//! (every page and list reads them), and the credentials with their bindings (every report
//! is authenticated and checked against them). The engine fills it when it opens and updates
//! it after each commit; with PostgreSQL, also when another collector commits.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use uuid::Uuid;

use super::DeviceRecord;
use super::credentials::Credentials;

#[derive(Default)]
pub(super) struct Cache {
    index: RwLock<BTreeMap<Uuid, Arc<DeviceRecord>>>,
    /// Bumped whenever the index changes, so views computed from it can be reused until then.
    generation: AtomicU64,
    pub credentials: RwLock<Credentials>,
}

impl Cache {
    pub fn new(devices: impl IntoIterator<Item = DeviceRecord>, credentials: Credentials) -> Cache {
        let index = devices.into_iter().map(|r| (r.device_id, Arc::new(r))).collect();
        Cache { index: RwLock::new(index), generation: AtomicU64::new(0), credentials: RwLock::new(credentials) }
    }

    pub fn device(&self, id: Uuid) -> Option<Arc<DeviceRecord>> {
        self.index.read().ok()?.get(&id).cloned()
    }

    pub fn devices(&self) -> Vec<Arc<DeviceRecord>> {
        self.index.read().map(|i| i.values().cloned().collect()).unwrap_or_default()
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Records a device's new latest state.
    pub fn put_device(&self, record: DeviceRecord) {
        let replaced = match self.index.write() {
            Ok(mut index) => {
                let replaced = index.insert(record.device_id, Arc::new(record));
                self.generation.fetch_add(1, Ordering::Release);
                replaced
            }
            Err(_) => None,
        };
        // A record holds a whole report: freeing it (hundreds of small allocations) is done
        // once the lock is released, not while every reader of the index waits for it.
        drop(replaced);
    }

    /// Replaces every record (after reconnecting to a shared store, whose changes may have
    /// been missed).
    pub fn replace_devices(&self, devices: impl IntoIterator<Item = DeviceRecord>) {
        if let Ok(mut index) = self.index.write() {
            *index = devices.into_iter().map(|r| (r.device_id, Arc::new(r))).collect();
            self.generation.fetch_add(1, Ordering::Release);
        }
    }

    /// The credential a device is bound to.
    pub fn binding(&self, device: Uuid) -> Option<String> {
        self.credentials.read().ok()?.bindings.get(&device).cloned()
    }

    pub fn bind(&self, device: Uuid, credential: String) {
        if let Ok(mut creds) = self.credentials.write() {
            creds.bindings.insert(device, credential);
        }
    }
}
