//! What users maintain and import: the asset register, the model catalogue and the
//! endoflife.date release cycles. Every import is validated completely by its parser before
//! it reaches these functions, and is stored whole or not at all.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::registers::{ASSETS, CATALOGUE, EOL};
use super::{AppState, Error, Result};
use crate::audit::Event;
use crate::lifecycle::assets::{self, DeviceKeys};
use crate::lifecycle::catalogue::{Catalogue, Entry};
use crate::lifecycle::eol::client::{RetryLimits, SyncResult, sync};
use crate::lifecycle::eol::mapping::products_needed;
use crate::lifecycle::eol::product::{Product, valid_product_name};
use crate::lifecycle::items;
use crate::table::{CellError, Parsed};

/// A file's error at a line and column, as the caller is told.
pub fn cell_error(err: CellError) -> Error {
    Error::invalid(err.column.clone().unwrap_or_default(), err.to_string())
}

/// What an asset-register import changed (or, in a dry run, would change).
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AssetImport {
    pub dry_run: bool,
    pub stored: bool,
    /// How the file was read: `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1252` (what
    /// Swedish Excel saves as "CSV (semikolonavgränsad)").
    pub encoding: String,
    pub rows: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub matched: usize,
    pub unmatched_lines: Vec<usize>,
    pub ambiguous: Vec<Ambiguous>,
}

/// A register line that fits more than one device.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Ambiguous {
    pub line: usize,
    pub devices: Vec<Uuid>,
}

/// Merges validated rows into the asset register (unless a dry run) and says what changed.
pub async fn import_assets(
    app: &AppState,
    file: Parsed<Vec<assets::Asset>>,
    dry_run: bool,
    by: &str,
) -> Result<AssetImport> {
    let Parsed { rows: incoming, encoding } = file;
    let _writing = app.lock_registers().await?;
    let rows = incoming.len();
    let matching = assets::match_devices(&incoming, &device_keys(app));
    let merge = assets::merge(&app.registers.get(&app.store).assets, incoming);
    let changes = merge.added + merge.changed;
    let stored = !dry_run && changes > 0;
    if stored {
        let bytes = serde_json::to_vec(&merge.register).map_err(Error::internal)?;
        app.store.put_register(ASSETS, bytes).await.map_err(Error::Internal)?;
        let register = merge.register.clone();
        app.registers.update(move |r| r.assets = register);
        let detail = format!("{rows} rows: {} added, {} changed", merge.added, merge.changed);
        app.record(Event::new(by, "import.assets", detail))?;
    }
    Ok(AssetImport {
        dry_run,
        stored,
        encoding: encoding.into(),
        rows,
        added: merge.added,
        changed: merge.changed,
        unchanged: merge.unchanged,
        matched: matching.matched,
        unmatched_lines: matching.unmatched,
        ambiguous: matching.ambiguous.into_iter().map(|(line, devices)| Ambiguous { line, devices }).collect(),
    })
}

/// What each known device can be recognised by in the register.
fn device_keys(app: &AppState) -> Vec<DeviceKeys> {
    use arsring_protocol::Device;
    super::fleet(app)
        .records
        .iter()
        .map(|r| match &r.report.device {
            Device::Server(s) => DeviceKeys {
                device_id: r.device_id,
                serials: s.hardware.serial.iter().map(|s| s.to_string()).collect(),
                names: [Some(&s.identity.hostname), s.identity.fqdn.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|n| n.to_string())
                    .collect(),
            },
            Device::Network(n) => {
                let host =
                    n.identity.address.rsplit_once(':').map_or(n.identity.address.clone(), |(h, _)| h.to_string());
                DeviceKeys {
                    device_id: r.device_id,
                    serials: n.chassis.iter().chain(&n.components).filter_map(|c| c.serial.clone()).collect(),
                    names: [n.system.as_ref().and_then(|s| s.name.clone()), Some(host)].into_iter().flatten().collect(),
                }
            }
            Device::Hypervisor(h) => DeviceKeys {
                device_id: r.device_id,
                serials: h.serial.iter().map(|s| s.value.clone()).collect(),
                names: vec![h.name.clone()],
            },
            Device::VirtualMachine(vm) => DeviceKeys {
                device_id: r.device_id,
                serials: Vec::new(),
                names: [Some(vm.name.clone()), vm.guest.hostname.clone()].into_iter().flatten().collect(),
            },
        })
        .collect()
}

/// The stored catalogue as listed: served borrowed, read back owned.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CatalogueList<E = Entry> {
    pub count: usize,
    pub entries: Vec<E>,
}

/// What a catalogue import did.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CatalogueImport {
    pub dry_run: bool,
    pub stored: bool,
    /// How the file was read, as for the asset register.
    pub encoding: String,
    pub entries: usize,
    pub unchanged: bool,
}

/// Replaces the stored catalogue (it is the user's complete list) unless it is the same or
/// this is a dry run.
pub async fn import_catalogue(
    app: &AppState,
    file: Parsed<Catalogue>,
    dry_run: bool,
    by: &str,
) -> Result<CatalogueImport> {
    let Parsed { rows: catalogue, encoding } = file;
    let _writing = app.lock_registers().await?;
    let unchanged = app.registers.get(&app.store).catalogue == catalogue;
    let entries = catalogue.entries.len();
    if !dry_run && !unchanged {
        let bytes = serde_json::to_vec(&catalogue).map_err(Error::internal)?;
        app.store.put_register(CATALOGUE, bytes).await.map_err(Error::Internal)?;
        app.registers.update(move |r| r.catalogue = catalogue);
        app.record(Event::new(by, "import.catalogue", format!("{entries} entries")))?;
    }
    Ok(CatalogueImport { dry_run, stored: !dry_run && !unchanged, encoding: encoding.into(), entries, unchanged })
}

/// What a sync is asked for.
#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// Products to fetch; by default those the fleet's OS and firmware need.
    #[serde(default)]
    pub products: Vec<String>,
    /// Skip products fetched less than this many seconds ago (by this collector or another
    /// of the same store): a timer on every collector then fetches once, not once each.
    #[serde(default)]
    pub unless_fetched_within_secs: Option<u64>,
}

/// What became of one product in a sync.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProductSync {
    pub product: String,
    pub result: SyncOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SyncOutcome {
    Updated,
    NotModified,
    /// Fetched lately (`unless_fetched_within_secs`): not asked for again.
    Fresh,
    Failed,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EolSync {
    pub products: Vec<ProductSync>,
}

/// Fetches release cycles from endoflife.date: `requested`, or by default the products the
/// fleet's OS and firmware need. Products that fail keep what was stored before.
pub async fn sync_eol(app: &AppState, request: SyncRequest, by: &str) -> Result<EolSync> {
    let SyncRequest { products: requested, unless_fetched_within_secs: fresh_for } = request;
    if let Some((i, name)) = requested.iter().enumerate().find(|(_, n)| !valid_product_name(n)) {
        let shown: String = name.chars().take(100).collect();
        return Err(Error::bad_input(
            &format!("products[{i}]"),
            format!("{shown:?} is not a product name: at most 64 letters, digits, '-', '_' or '.', e.g. debian"),
        ));
    }
    let names: Vec<String> = if requested.is_empty() {
        let registers = app.registers.get(&app.store);
        let fleet = items::items(&super::fleet(app).records, &registers.assets);
        products_needed(fleet.iter().filter_map(|i| i.software.as_ref())).into_iter().map(str::to_string).collect()
    } else {
        requested
    };
    let tls = arsring_agent::deliver::tls_config(app.config.eol_ca.as_deref()).map_err(Error::Internal)?;
    let http = reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .user_agent(concat!("arsring-collector/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(Error::internal)?;
    // Held through the fetch: another collector's sync waits, then finds the products fresh.
    let _writing = app.lock_registers().await?;
    let previous = app.registers.get(&app.store).eol.clone();
    let (fresh, stale) = split_fresh(names, &previous, fresh_for, chrono::Utc::now());
    let refs: Vec<&str> = stale.iter().map(String::as_str).collect();
    let results = sync(&http, &app.config.eol_url, &refs, &previous, RetryLimits::default()).await;
    let mut next = previous;
    let mut products: Vec<ProductSync> =
        fresh.into_iter().map(|product| ProductSync { product, result: SyncOutcome::Fresh, reason: None }).collect();
    for (name, result) in results {
        let (outcome, reason) = match result {
            SyncResult::Updated(product) => {
                next.insert(name.clone(), product);
                (SyncOutcome::Updated, None)
            }
            SyncResult::NotModified => (SyncOutcome::NotModified, None),
            SyncResult::Failed(reason) => (SyncOutcome::Failed, Some(reason)),
        };
        products.push(ProductSync { product: name, result: outcome, reason });
    }
    // Nothing new (all unchanged or failed) leaves the stored copies as they are.
    if products.iter().any(|p| p.result == SyncOutcome::Updated) {
        store_eol(app, next).await?;
    }
    let updated: Vec<&str> =
        products.iter().filter(|p| p.result == SyncOutcome::Updated).map(|p| p.product.as_str()).collect();
    let failed = products.iter().filter(|p| p.result == SyncOutcome::Failed).count();
    let detail =
        format!("updated: {}; failed: {failed}", if updated.is_empty() { "none".into() } else { updated.join(", ") });
    app.record(Event::new(by, "eol.sync", detail))?;
    Ok(EolSync { products })
}

/// `names` split into those fetched within `window` seconds before `now` and the rest.
fn split_fresh(
    names: Vec<String>,
    stored: &BTreeMap<String, Product>,
    window: Option<u64>,
    now: chrono::DateTime<chrono::Utc>,
) -> (Vec<String>, Vec<String>) {
    let Some(window) = window.and_then(|w| i64::try_from(w).ok()) else { return (Vec::new(), names) };
    let since = now - chrono::Duration::seconds(window);
    names.into_iter().partition(|name| stored.get(name).and_then(|p| p.fetched_at).is_some_and(|at| at > since))
}

/// The products an import stored.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EolImport {
    pub imported: Vec<String>,
}

/// Products parsed from files (`eol import DIR`); they replace stored ones of the same name.
pub async fn import_eol(app: &AppState, products: Vec<Product>, by: &str) -> Result<Vec<String>> {
    for (i, p) in products.iter().enumerate() {
        if !valid_product_name(&p.name) || p.releases.is_empty() {
            return Err(Error::bad_input(&format!("[{i}].name"), format!("{:?} is not a usable product", p.name)));
        }
    }
    let _writing = app.lock_registers().await?;
    let mut next = app.registers.get(&app.store).eol.clone();
    let names: Vec<String> = products.iter().map(|p| p.name.clone()).collect();
    for p in products {
        next.insert(p.name.clone(), p);
    }
    store_eol(app, next).await?;
    app.record(Event::new(by, "eol.import", names.join(", ")))?;
    Ok(names)
}

/// One stored endoflife.date product.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EolProduct {
    pub product: String,
    pub cycles: usize,
    pub fetched_at: Option<chrono::DateTime<chrono::Utc>>,
    pub etag: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EolProducts {
    pub count: usize,
    pub products: Vec<EolProduct>,
}

/// The release cycles stored, product by product.
pub fn eol_products(app: &AppState) -> EolProducts {
    let registers = app.registers.get(&app.store);
    let products: Vec<EolProduct> = registers
        .eol
        .values()
        .map(|p| EolProduct {
            product: p.name.clone(),
            cycles: p.releases.len(),
            fetched_at: p.fetched_at,
            etag: p.etag.clone(),
        })
        .collect();
    EolProducts { count: products.len(), products }
}

async fn store_eol(app: &AppState, products: BTreeMap<String, Product>) -> Result<()> {
    let bytes = serde_json::to_vec(&products).map_err(Error::internal)?;
    app.store.put_register(EOL, bytes).await.map_err(Error::Internal)?;
    app.registers.update(move |r| r.eol = products);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_fetched_within_the_window_are_fresh_the_rest_and_the_never_fetched_are_not() {
        let now = chrono::Utc::now();
        let product = |name: &str, hours_ago: Option<i64>| Product {
            name: name.into(),
            releases: Vec::new(),
            fetched_at: hours_ago.map(|h| now - chrono::Duration::hours(h)),
            etag: None,
            last_modified: None,
        };
        let stored: BTreeMap<String, Product> =
            [product("debian", Some(1)), product("rhel", Some(30)), product("ubuntu", None)]
                .into_iter()
                .map(|p| (p.name.clone(), p))
                .collect();
        let names = || ["debian", "rhel", "ubuntu", "sles"].map(String::from).to_vec();
        let (fresh, stale) = split_fresh(names(), &stored, Some(12 * 3600), now);
        assert_eq!(fresh, ["debian"]);
        assert_eq!(stale, ["rhel", "ubuntu", "sles"]);
        assert_eq!(split_fresh(names(), &stored, None, now), (vec![], names()));
    }
}
