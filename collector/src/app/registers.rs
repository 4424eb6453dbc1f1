//! What users import and configure for the lifecycle and cost engines: the asset register,
//! the model catalogue, the release cycles from endoflife.date, the cost-model versions,
//! and `lifecycle.toml`. The registers live in the store; this keeps them decoded in memory
//! and swaps a whole new snapshot in after each import, so readers never see half of one.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use anyhow::Context;

use crate::lifecycle::assets::Register;
use crate::lifecycle::catalogue::Catalogue;
use crate::lifecycle::eol::product::Product;
use crate::lifecycle::model::Item;
use crate::lifecycle::policy::Policy;
use crate::lifecycle::status::Release;
use crate::store::Store;

pub const ASSETS: &str = "assets";
pub const CATALOGUE: &str = "catalogue";
pub const EOL: &str = "eol";
pub const COSTS: &str = "costs";

#[derive(Clone, Debug, Default)]
pub struct Registers {
    pub assets: Register,
    pub catalogue: Catalogue,
    pub eol: BTreeMap<String, Product>,
    pub costs: CostHistory,
}

/// Every version of the cost model ever imported, with who and when: last year's invoice
/// can be explained by the model that produced it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CostHistory {
    pub versions: Vec<CostVersion>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CostVersion {
    pub at: chrono::DateTime<chrono::Utc>,
    pub by: String,
    /// The costs.toml text as imported.
    pub source: String,
    pub model: crate::costs::model::CostModel,
}

impl CostHistory {
    /// The version in force at `at`: the last one imported at or before it.
    pub fn effective(&self, at: chrono::DateTime<chrono::Utc>) -> Option<&CostVersion> {
        self.versions.iter().rev().find(|v| v.at <= at)
    }

    pub fn latest(&self) -> Option<&CostVersion> {
        self.versions.last()
    }
}

impl Registers {
    pub fn load(store: &Store) -> anyhow::Result<Registers> {
        fn decode<T: serde::de::DeserializeOwned + Default>(store: &Store, name: &str) -> anyhow::Result<T> {
            match store.register(name)? {
                Some(bytes) => {
                    serde_json::from_slice(&bytes).with_context(|| format!("the stored {name} register is corrupt"))
                }
                None => Ok(T::default()),
            }
        }
        Ok(Registers {
            assets: decode(store, ASSETS)?,
            catalogue: decode(store, CATALOGUE)?,
            eol: decode(store, EOL)?,
            costs: decode(store, COSTS)?,
        })
    }

    /// The release cycle of an item's OS or firmware, or why there is none.
    pub fn release(&self, item: &Item) -> Release {
        use crate::lifecycle::eol::mapping::{Mapping, release_for};
        let Some(software) = &item.software else { return Release::None };
        match release_for(software, &self.eol) {
            Mapping::Found { product, cycle } => Release::Found {
                product,
                cycle: cycle.name.clone(),
                eol_from: cycle.eol_from,
                extended_until: cycle.eoes_from,
            },
            Mapping::NoProduct { reason } => Release::Missing(reason),
            Mapping::NotSynced { product } => {
                Release::Missing(format!("{product} has not been fetched yet (arsring-collector eol sync)"))
            }
            Mapping::NoCycle { product, version } => {
                Release::Missing(format!("{product} has no release cycle for version {version}"))
            }
        }
    }
}

/// The shared, swappable snapshot. A new snapshot is a new `Arc`, so its address tells
/// cached views whether they are still current.
///
/// With a store other collectors write too (PostgreSQL), another collector's import moves the
/// store's register generation on: the next `get` reads the registers again.
#[derive(Clone, Default)]
pub struct Shared(Arc<RwLock<(u64, Arc<Registers>)>>);

impl Shared {
    /// The registers as loaded from `store`.
    pub fn load(store: &Store) -> anyhow::Result<Shared> {
        let generation = store.register_generation();
        Ok(Shared(Arc::new(RwLock::new((generation, Arc::new(Registers::load(store)?))))))
    }

    /// The current registers: the snapshot, read again first when another collector has
    /// changed them in `store`. A register that no longer decodes keeps the last good one.
    pub fn get(&self, store: &Store) -> Arc<Registers> {
        let (seen, current) = self.0.read().map(|r| r.clone()).unwrap_or_default();
        let generation = store.register_generation();
        if generation == seen {
            return current;
        }
        match Registers::load(store) {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                if let Ok(mut guard) = self.0.write() {
                    *guard = (generation, fresh.clone());
                }
                fresh
            }
            Err(err) => {
                tracing::error!(error = %format!("{err:#}"), "registers changed by another collector do not read");
                current
            }
        }
    }

    /// Applies `change` to a copy and swaps it in.
    pub fn update(&self, change: impl FnOnce(&mut Registers)) {
        if let Ok(mut guard) = self.0.write() {
            let mut next = (*guard.1).clone();
            change(&mut next);
            guard.1 = Arc::new(next);
        }
    }
}

/// The parsed policy and the modification time of the file it came from.
type CachedPolicy = Option<(std::time::SystemTime, Arc<Policy>)>;

/// `lifecycle.toml`, read again whenever the file changes; the defaults when there is none.
#[derive(Clone)]
pub struct PolicySource {
    path: Option<PathBuf>,
    cache: Arc<RwLock<CachedPolicy>>,
    /// The built-in policy, one instance, so that "same policy" is decidable by pointer
    /// (the lifecycle assessment is cached on it).
    builtin: Arc<Policy>,
}

impl PolicySource {
    pub fn new(path: Option<PathBuf>) -> anyhow::Result<PolicySource> {
        let source = PolicySource { path, cache: Arc::default(), builtin: Arc::new(Policy::default()) };
        source.get()?;
        Ok(source)
    }

    pub fn get(&self) -> anyhow::Result<Arc<Policy>> {
        let Some(path) = &self.path else { return Ok(self.builtin.clone()) };
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .with_context(|| format!("lifecycle policy {}", path.display()))?;
        if let Ok(cache) = self.cache.read()
            && let Some((stamp, policy)) = cache.as_ref()
            && *stamp == modified
        {
            return Ok(policy.clone());
        }
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let policy = Arc::new(Policy::parse(&text).with_context(|| format!("in {}", path.display()))?);
        if let Ok(mut cache) = self.cache.write() {
            *cache = Some((modified, policy.clone()));
        }
        Ok(policy)
    }
}

#[cfg(test)]
mod tests;
