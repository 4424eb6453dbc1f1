//! ENTITY-MIB (RFC 6933) entPhysicalTable: the device's chassis, modules, power supplies,
//! fans and transceivers, with their serials.
//!
//! The poller first walks only `entPhysicalClass`, then fetches the other columns only for
//! entities that are not ports: a 48-port switch has far more ports than parts, and ports
//! are only counted. Some agents fill the table but leave the class column out (Cisco's
//! wireless controllers, with a row per access point and radio): there the first answer
//! past the class column is another column of the table, and the detail columns are walked
//! instead ([`classless`]).

use std::collections::HashMap;

use arsring_protocol::{Component, EntityClass};
use chrono::NaiveDate;

use super::serial;
use super::value::{Oid, Value};

/// `1.3.6.1.2.1.47.1.1.1.1`: entPhysicalEntry.
pub fn entry_oid() -> Oid {
    Oid(vec![1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1])
}

pub const CLASS: u32 = 5;

/// Detail cells of the table: `(column, index) → value`.
pub type Cells = HashMap<(u32, u32), Value>;

/// The columns fetched for every entity that is not a port.
pub const DETAIL_COLUMNS: [u32; 11] = [
    2,  // descr
    4,  // containedIn
    7,  // name
    8,  // hardwareRev
    9,  // firmwareRev
    10, // softwareRev
    11, // serialNum
    12, // mfgName
    13, // modelName
    16, // isFRU
    17, // mfgDate
];

/// What the table says about a device.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entities {
    pub chassis: Vec<Component>,
    pub components: Vec<Component>,
    pub ports: u32,
    /// Values not taken, and why (`chassis 1 entPhysicalSerialNum: placeholder "N/A"`).
    pub notes: Vec<String>,
}

/// Entity index and class, from the walk of the class column. Rows with an index that is
/// not a single arc, or a class the MIB does not define, are skipped.
pub fn classes(rows: &[(Oid, Value)]) -> Vec<(u32, EntityClass)> {
    let column = entry_oid().child(CLASS);
    rows.iter()
        .filter_map(|(oid, value)| {
            let [index] = oid.suffix(&column)? else { return None };
            Some((*index, EntityClass::from_code(value.integer()?)?))
        })
        .collect()
}

/// Whether the first answer after the class column lies in another column of the table: the
/// agent has entities but does not say their class.
pub fn table_without_classes(first_past_class: &Oid) -> bool {
    matches!(first_past_class.suffix(&entry_oid()), Some([column, _]) if *column > CLASS)
}

/// Entities and their cells from a side-by-side walk of [`DETAIL_COLUMNS`] (`walked[k]`
/// is column `DETAIL_COLUMNS[k]`), for a table without a class column. Every row is of
/// class unknown: the MIB's own word for a class the agent cannot tell, and nothing here
/// may guess one from what a row looks like (a row that looks like a chassis may be an
/// access point the controller manages); [`lone_root`] reads the containment instead.
/// Rows whose index is not a single arc are skipped.
pub fn classless(walked: &[Vec<(Oid, Value)>]) -> (Vec<(u32, EntityClass)>, Cells) {
    let mut cells = HashMap::new();
    for (column, rows) in DETAIL_COLUMNS.iter().zip(walked) {
        let base = entry_oid().child(*column);
        for (oid, value) in rows {
            if let Some([index]) = oid.suffix(&base) {
                cells.insert((*column, *index), value.clone());
            }
        }
    }
    let mut indexes: Vec<u32> = cells.keys().map(|(_, index)| *index).collect();
    indexes.sort_unstable();
    indexes.dedup();
    (indexes.into_iter().map(|index| (index, EntityClass::Unknown)).collect(), cells)
}

/// The one entity a table without a class column places at the top of its containment tree
/// (`entPhysicalContainedIn` 0, RFC 6933 §2.12) when it names hardware (a serial or a model):
/// the chassis of a lone device. A table with several such rows (a wireless controller's,
/// one per access point) or none has no chassis that can be told from it.
pub fn lone_root(cells: &Cells) -> Option<u32> {
    let mut roots = cells.iter().filter(|((column, _), value)| *column == 4 && value.integer() == Some(0));
    let (&(_, index), _) = roots.next()?;
    if roots.next().is_some() {
        return None;
    }
    let names_hardware = |column: u32| cells.get(&(column, index)).and_then(Value::line).is_some();
    (names_hardware(11) || names_hardware(13)).then_some(index)
}

/// Entities whose details are worth fetching: hardware that can be replaced. Ports are
/// counted; sensors, containers (slots) and stacks (the logical group of a stack's chassis)
/// carry no serial worth tracking.
pub fn wants_details(class: EntityClass) -> bool {
    !matches!(class, EntityClass::Port | EntityClass::Sensor | EntityClass::Container | EntityClass::Stack)
}

/// Builds the components from the classes and the fetched `(column, index) → value` cells.
pub fn assemble(classes: &[(u32, EntityClass)], cells: &Cells) -> Entities {
    let mut out = Entities::default();
    for &(index, class) in classes {
        if class == EntityClass::Port {
            out.ports += 1;
            continue;
        }
        if !wants_details(class) {
            continue;
        }
        let text = |column: u32| cells.get(&(column, index)).and_then(Value::line);
        let int = |column: u32| cells.get(&(column, index)).and_then(Value::integer);
        // An empty serial is how most parts say they have none: not worth a note.
        let serial = match cells.get(&(11, index)) {
            Some(Value::Bytes(b)) if b.is_empty() => None,
            Some(cell) => match serial::serial(cell) {
                Ok(serial) => Some(serial),
                Err(reason) => {
                    out.notes.push(format!("{} {index} entPhysicalSerialNum: {reason}", class.as_str()));
                    None
                }
            },
            None => None,
        };
        let component = Component {
            index,
            class,
            description: text(2),
            name: text(7),
            model: text(13),
            hardware_rev: text(8),
            firmware_rev: text(9),
            software_rev: text(10),
            serial,
            manufacturer: text(12),
            manufactured: cells.get(&(17, index)).and_then(mfg_date),
            fru: match int(16) {
                Some(1) => Some(true),
                Some(2) => Some(false),
                _ => None,
            },
            parent: int(4).filter(|p| *p > 0).and_then(|p| u32::try_from(p).ok()),
            source: None,
        };
        if class == EntityClass::Chassis {
            out.chassis.push(component);
        } else {
            out.components.push(component);
        }
    }
    drop_repeated_serials(&mut out);
    out
}

/// Stack members that all answer the stack's serial would become one asset; only the
/// lowest-numbered keeps it.
fn drop_repeated_serials(out: &mut Entities) {
    out.chassis.sort_by_key(|c| c.index);
    let mut seen: Vec<String> = Vec::new();
    for c in &mut out.chassis {
        let Some(serial) = &c.serial else { continue };
        if seen.contains(serial) {
            out.notes.push(format!("chassis {} entPhysicalSerialNum: {serial:?} repeats another member's", c.index));
            c.serial = None;
        } else {
            seen.push(serial.clone());
        }
    }
}

/// entPhysicalMfgDate is a DateAndTime (RFC 2579): 8 or 11 octets, year (2 bytes), month,
/// day, …; all zeros means unknown. Another length is not a DateAndTime, whatever its bytes
/// look like, and stays unknown. Only the date part matters for age.
pub fn mfg_date(value: &Value) -> Option<NaiveDate> {
    let Value::Bytes(bytes) = value else { return None };
    if !matches!(bytes.len(), 8 | 11) || bytes.iter().all(|b| *b == 0) {
        return None;
    }
    let year = i32::from(u16::from_be_bytes([bytes[0], bytes[1]]));
    if year < 1970 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, u32::from(bytes[2]), u32::from(bytes[3]))
}

#[cfg(test)]
mod tests;
