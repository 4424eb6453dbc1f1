//! The asset register: what finance and procurement know about each device (purchase
//! date and cost, warranty, owner, site), imported from their CSV and matched to what the
//! agents and the poller found, by serial number or else host name.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::{Category, Ore};
use crate::table::{self, CellError, Parsed, Table};

pub const COLUMNS: [&str; 8] =
    ["serial", "hostname", "purchase_date", "purchase_cost_sek", "warranty_end", "department", "site", "category"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Asset {
    pub line: usize,
    pub serial: Option<String>,
    pub hostname: Option<String>,
    pub purchase_date: Option<NaiveDate>,
    pub purchase_cost: Option<Ore>,
    pub warranty_end: Option<NaiveDate>,
    pub department: Option<String>,
    pub site: Option<String>,
    pub category: Option<Category>,
    /// Any other columns of the register, kept as they are.
    pub extra: BTreeMap<String, String>,
}

impl Asset {
    /// Serial when there is one (it survives renaming), else host name; case-insensitive.
    pub fn key(&self) -> String {
        match (&self.serial, &self.hostname) {
            (Some(s), _) => format!("serial:{}", s.to_lowercase()),
            (None, Some(h)) => format!("hostname:{}", h.to_lowercase()),
            (None, None) => String::new(),
        }
    }

    fn same_facts(&self, other: &Asset) -> bool {
        Asset { line: 0, ..self.clone() } == Asset { line: 0, ..other.clone() }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register {
    pub assets: Vec<Asset>,
}

pub fn parse(bytes: &[u8]) -> Result<Parsed<Vec<Asset>>, CellError> {
    let table = Table::read(bytes)?;
    if !table.headers.iter().any(|h| h == "serial" || h == "hostname") {
        return Err(CellError::new(1, Some("serial"), "the register needs a serial or a hostname column"));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut assets = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let text = |c: &str| table.get(row, c).map(str::to_string);
        let category = match table.get(row, "category") {
            Some(c) => Some(
                Category::parse(&c.to_lowercase())
                    .ok_or_else(|| CellError::new(row.line, Some("category"), format!("unknown category {c:?}")))?,
            ),
            None => None,
        };
        let asset = Asset {
            line: row.line,
            serial: text("serial"),
            hostname: text("hostname"),
            purchase_date: table::date(&table, row, "purchase_date")?,
            purchase_cost: table::sek(&table, row, "purchase_cost_sek")?,
            warranty_end: table::date(&table, row, "warranty_end")?,
            department: text("department"),
            site: text("site"),
            category,
            extra: table.extra(row, &COLUMNS).map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        };
        if asset.key().is_empty() {
            return Err(CellError::new(row.line, Some("serial"), "needs a serial or a hostname"));
        }
        if asset.purchase_cost.is_some_and(|c| c < 0) {
            return Err(CellError::new(row.line, Some("purchase_cost_sek"), "must not be negative"));
        }
        if let Some(first) = seen.insert(asset.key(), row.line) {
            return Err(CellError::new(row.line, None, format!("the same device as line {first}")));
        }
        assets.push(asset);
    }
    Ok(Parsed { rows: assets, encoding: table.encoding })
}

/// What an import changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Merge {
    #[serde(skip)]
    pub register: Register,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// Adds and updates rows by key; rows not in `incoming` stay. Importing the same file
/// again changes nothing.
pub fn merge(existing: &Register, incoming: Vec<Asset>) -> Merge {
    let mut by_key: BTreeMap<String, Asset> = existing.assets.iter().map(|a| (a.key(), a.clone())).collect();
    let (mut added, mut changed, mut unchanged) = (0, 0, 0);
    for asset in incoming {
        match by_key.get(&asset.key()) {
            None => added += 1,
            Some(old) if old.same_facts(&asset) => unchanged += 1,
            Some(_) => changed += 1,
        }
        by_key.insert(asset.key(), asset);
    }
    Merge { register: Register { assets: by_key.into_values().collect() }, added, changed, unchanged }
}

/// The identifiers a device can be recognised by.
pub struct DeviceKeys {
    pub device_id: Uuid,
    /// The device's serial and its components' serials.
    pub serials: Vec<String>,
    /// Host name, FQDN, sysName.
    pub names: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Matching {
    pub matched: usize,
    /// Lines that match no device.
    pub unmatched: Vec<usize>,
    /// Lines that match more than one device, with those devices.
    pub ambiguous: Vec<(usize, Vec<Uuid>)>,
}

pub fn match_devices(assets: &[Asset], devices: &[DeviceKeys]) -> Matching {
    let mut by_serial: HashMap<String, Vec<Uuid>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<Uuid>> = HashMap::new();
    for d in devices {
        for s in &d.serials {
            by_serial.entry(s.to_lowercase()).or_default().push(d.device_id);
        }
        for n in &d.names {
            let ids = by_name.entry(n.to_lowercase()).or_default();
            if !ids.contains(&d.device_id) {
                ids.push(d.device_id);
            }
        }
    }
    let mut out = Matching::default();
    for a in assets {
        let found = match (&a.serial, &a.hostname) {
            (Some(s), _) => by_serial.get(&s.to_lowercase()),
            (None, Some(h)) => by_name.get(&h.to_lowercase()),
            (None, None) => None,
        };
        match found.map(Vec::as_slice) {
            None | Some([]) => out.unmatched.push(a.line),
            Some([_]) => out.matched += 1,
            Some(many) => out.ambiguous.push((a.line, many.to_vec())),
        }
    }
    out
}

impl Register {
    /// An index for looking up many devices (a linear search per device would make a fleet
    /// of tens of thousands quadratic).
    pub fn index(&self) -> AssetIndex<'_> {
        let mut by_serial = HashMap::new();
        let mut by_name = HashMap::new();
        for a in &self.assets {
            match (&a.serial, &a.hostname) {
                (Some(s), _) => by_serial.entry(s.to_lowercase()).or_insert(a),
                (None, Some(h)) => by_name.entry(h.to_lowercase()).or_insert(a),
                (None, None) => continue,
            };
        }
        AssetIndex { by_serial, by_name }
    }
}

/// The register by serial and by host name (rows without a serial), case-insensitive.
pub struct AssetIndex<'a> {
    by_serial: HashMap<String, &'a Asset>,
    by_name: HashMap<String, &'a Asset>,
}

impl<'a> AssetIndex<'a> {
    /// The row for a device or component: by serial first, else by any of its names.
    pub fn lookup(&self, serial: Option<&str>, names: &[&str]) -> Option<&'a Asset> {
        serial
            .and_then(|s| self.by_serial.get(&s.to_lowercase()))
            .or_else(|| names.iter().find_map(|n| self.by_name.get(&n.to_lowercase())))
            .copied()
    }
}

#[cfg(test)]
mod tests;
