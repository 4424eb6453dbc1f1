//! Facts from vendor MIBs, for devices whose ENTITY-MIB is silent or half-filled: the
//! scalars and unit tables of [`vendor::objects`](super::vendor::objects), and per-entity
//! columns that complete ENTITY-MIB rows (Huawei's manufacturing date, H3C's serial).
//!
//! Pure: the poller fetches what [`scalar_oids`] and [`entity_column_oids`] name and hands
//! the answers back; nothing here does I/O.

use std::collections::HashMap;

use arsring_protocol::{Component, EntityClass, Sourced};

use super::entity;
use super::serial::{placeholder, serial};
use super::value::{Oid, Value};
use super::vendor::objects::{Fact, UnitTable, scalars_for};

/// The chassis facts vendor scalars gave, each with its object, and what was refused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VendorFacts {
    pub serial: Option<Sourced<String>>,
    pub model: Option<Sourced<String>>,
    pub firmware: Option<Sourced<String>>,
    /// Answers that were not taken, and why (`SW-MIB swSsn "N/A": placeholder`).
    pub notes: Vec<String>,
}

fn parse(dotted: &str) -> Oid {
    Oid::parse(dotted).expect("OIDs in vendor::objects are well-formed")
}

pub fn scalar_oids(enterprise: u32) -> Vec<Oid> {
    scalars_for(enterprise).map(|s| parse(s.oid)).collect()
}

/// The first usable answer for each fact, in the table's order of preference.
pub fn read_scalars(enterprise: u32, answers: &HashMap<Oid, Value>) -> VendorFacts {
    let mut facts = VendorFacts::default();
    for object in scalars_for(enterprise) {
        let Some(value) = answers.get(&parse(object.oid)) else { continue };
        if matches!(value, Value::Missing | Value::Null | Value::EndOfMibView) {
            continue;
        }
        let taken = match object.fact {
            Fact::Serial => serial(value),
            Fact::Model | Fact::Firmware => text(value),
        };
        let slot = match object.fact {
            Fact::Serial => &mut facts.serial,
            Fact::Model => &mut facts.model,
            Fact::Firmware => &mut facts.firmware,
        };
        match taken {
            Ok(v) if slot.is_none() => *slot = Some(Sourced { value: v, source: object.object.to_string() }),
            Ok(_) => {}
            Err(reason) => facts.notes.push(format!("{}: {reason}", object.object)),
        }
    }
    facts
}

/// A model or version as one line of text, or why not.
fn text(value: &Value) -> Result<String, String> {
    let line = value.line().ok_or("empty")?;
    if placeholder(&line) {
        return Err(format!("placeholder {line:?}"));
    }
    Ok(line.chars().take(200).collect())
}

/// A vendor column indexed by entPhysicalIndex that completes ENTITY-MIB rows.
struct EntityColumn {
    enterprises: &'static [u32],
    column: &'static str,
    object: &'static str,
}

/// HUAWEI-ENTITY-EXTENT-MIB hwRUModuleInfoEntry 4 hwEntityManufacturedDate (DateAndTime),
/// read in a pysmi-compiled copy of the MIB; snmpsim-data switch/huawei-s12704 holds it.
const HUAWEI_MFG_DATE: EntityColumn = EntityColumn {
    enterprises: &[2011],
    column: "1.3.6.1.4.1.2011.5.25.31.1.1.2.1.4",
    object: "HUAWEI-ENTITY-EXTENT-MIB hwEntityManufacturedDate",
};

/// HH3C-ENTITY-EXT-MIB hh3cEntityExtManuSerialNum (hh3cEntityExtManuTable column 2), the
/// serial H3C Comware writes at manufacture when entPhysicalSerialNum is empty.
const H3C_SERIAL: EntityColumn = EntityColumn {
    enterprises: &[25506],
    column: "1.3.6.1.4.1.25506.2.6.1.2.1.1.2",
    object: "HH3C-ENTITY-EXT-MIB hh3cEntityExtManuSerialNum",
};

const ENTITY_COLUMNS: [&EntityColumn; 2] = [&HUAWEI_MFG_DATE, &H3C_SERIAL];

/// The per-entity vendor cells worth asking a device under `enterprise` about `indexes`.
pub fn entity_column_oids(enterprise: u32, indexes: &[u32]) -> Vec<Oid> {
    ENTITY_COLUMNS
        .iter()
        .filter(|c| c.enterprises.contains(&enterprise))
        .flat_map(|c| indexes.iter().map(|i| parse(c.column).child(*i)))
        .collect()
}

/// Which field of an entity a vendor column filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Serial,
    Manufactured,
}

/// One ENTITY-MIB cell a vendor column filled in, and the object it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub index: u32,
    pub field: Field,
    pub object: &'static str,
}

/// Fills what ENTITY-MIB left empty in `parts` from the per-entity vendor cells, and says
/// what it filled from where.
pub fn complete_entities(parts: &mut [Component], answers: &HashMap<Oid, Value>) -> Vec<Completion> {
    let mut filled = Vec::new();
    for part in parts {
        let cell = |c: &EntityColumn| answers.get(&parse(c.column).child(part.index));
        if part.manufactured.is_none()
            && let Some(date) = cell(&HUAWEI_MFG_DATE).and_then(entity::mfg_date)
        {
            part.manufactured = Some(date);
            filled.push(Completion { index: part.index, field: Field::Manufactured, object: HUAWEI_MFG_DATE.object });
        }
        if part.serial.is_none()
            && let Some(Ok(s)) = cell(&H3C_SERIAL).map(serial)
        {
            part.serial = Some(s);
            filled.push(Completion { index: part.index, field: Field::Serial, object: H3C_SERIAL.object });
        }
    }
    filled
}

pub fn unit_columns(table: &UnitTable) -> Vec<Oid> {
    let entry = parse(table.entry);
    [Some(table.serial), table.model, table.description].into_iter().flatten().map(|c| entry.child(c)).collect()
}

/// Components from the walked columns of `table` (in the order of [`unit_columns`]): one per
/// row with a usable serial; a serial seen on an earlier row is not counted twice.
pub fn unit_components(table: &UnitTable, columns: &[Vec<(Oid, Value)>]) -> Vec<Component> {
    let asked = unit_columns(table);
    let cells: HashMap<(u32, &[u32]), &Value> = asked
        .iter()
        .zip(columns)
        .flat_map(|(col, rows)| rows.iter().filter_map(move |(o, v)| Some(((*col.0.last()?, o.suffix(col)?), v))))
        .collect();
    let cell = |column: Option<u32>, index: &[u32]| cells.get(&(column?, index)).and_then(|v| v.line());
    let serial_col = parse(table.entry).child(table.serial);
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (oid, value) in columns.first().into_iter().flatten() {
        let Some(index) = oid.suffix(&serial_col) else { continue };
        let Ok(serial) = serial(value) else { continue };
        if seen.contains(&serial) {
            continue;
        }
        seen.push(serial.clone());
        let dotted: Vec<String> = index.iter().map(u32::to_string).collect();
        out.push(Component {
            index: pack(index),
            class: if table.members {
                EntityClass::Chassis
            } else {
                class_of(cell(table.description, index).as_deref())
            },
            description: cell(table.description, index),
            name: None,
            model: cell(table.model, index).filter(|m| !placeholder(m)),
            hardware_rev: None,
            firmware_rev: None,
            software_rev: None,
            serial: Some(serial),
            manufacturer: None,
            manufactured: None,
            fru: None,
            parent: None,
            source: Some(format!("{} {}", table.object, dotted.join("."))),
        });
    }
    out
}

/// What a vendor's part row is, from the words its description uses (`PEM 0`, `Fan Tray 1`,
/// `midplane`): anything else is a module.
fn class_of(description: Option<&str>) -> EntityClass {
    let d = description.unwrap_or("").to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| d.split(|c: char| !c.is_ascii_alphanumeric()).any(|t| t == *w));
    if has(&["pem", "psu", "power"]) {
        EntityClass::PowerSupply
    } else if has(&["fan"]) {
        EntityClass::Fan
    } else if has(&["midplane", "backplane"]) {
        EntityClass::Backplane
    } else {
        EntityClass::Module
    }
}

/// A row index as one number, stable across polls: `7.1.0.0` → 7010000 while every arc
/// after the first is below 100, else a hash with the top bit set (never an ENTITY index
/// range a device would share with it, since these rows come only without ENTITY-MIB).
fn pack(index: &[u32]) -> u32 {
    if let [single] = index {
        return *single;
    }
    let decimal = index.iter().enumerate().try_fold(0u32, |acc, (i, arc)| {
        if i > 0 && *arc >= 100 {
            return None;
        }
        acc.checked_mul(100)?.checked_add(*arc)
    });
    decimal.unwrap_or_else(|| {
        let hash = index.iter().fold(0x811c_9dc5u32, |h, arc| (h ^ arc).wrapping_mul(0x0100_0193));
        hash | 0x8000_0000
    })
}

#[cfg(test)]
mod tests;
