//! How the polled device names itself to its neighbours: LLDP-MIB `lldpLocalSystemData`
//! (or LLDP-V2-MIB's), the chassis id and system name its neighbours' tables hold for it.
//! Its sysName may differ (renamed, or anonymised in a recording) and names repeat across
//! a fleet of factory-named switches; a chassis id is what the other end can be matched by.
//!
//! The three scalars of each MIB are asked beside the system group in the poll's first
//! GETBULK, as non-repeaters (GETNEXT of a column finds its `.0`), so reading them costs no
//! request of its own; a device without the MIB answers some later object, which is ignored.

use arsring_protocol::LldpLocal;

use super::{CHASSIS_ADDRESS, CHASSIS_MAC, identifier, oid, text};
use crate::snmp::value::{Oid, Value};

/// lldpLocChassisIdSubtype 1, lldpLocChassisId 2, lldpLocSysName 3, in LLDP-MIB's
/// `lldpLocalSystemData` and in LLDP-V2-MIB's `lldpV2LocalSystemData`.
const SYSTEMS: [&str; 2] = ["1.0.8802.1.1.2.1.3", "1.3.111.2.802.1.1.13.1.3"];
const COLUMNS: [u32; 3] = [1, 2, 3];

/// The columns to ask by GETNEXT, in the order [`read`] takes the answers.
pub fn columns() -> Vec<Oid> {
    SYSTEMS.iter().flat_map(|system| COLUMNS.iter().map(|c| oid(system).child(*c))).collect()
}

/// The device's LLDP identity from the GETNEXT answers of [`columns`] (LLDP-MIB's if it
/// names one, else LLDP-V2-MIB's), and a note when its chassis id is a placeholder.
pub fn read(answers: &[(Oid, Value)]) -> (Option<LldpLocal>, Option<String>) {
    let mut note = None;
    for (system, answers) in SYSTEMS.iter().zip(answers.chunks(COLUMNS.len())) {
        let scalar = |column: u32| -> Option<&Value> {
            let i = COLUMNS.iter().position(|c| *c == column)?;
            let (o, value) = answers.get(i)?;
            (*o == oid(system).child(column).child(0)).then_some(value)
        };
        let subtype = scalar(1).and_then(Value::integer);
        let mut chassis_id = scalar(2).and_then(|v| identifier(v, subtype, CHASSIS_MAC, CHASSIS_ADDRESS));
        if let Some(id) = chassis_id.take_if(|id| placeholder(id)) {
            note = Some(format!("lldpLocChassisId: placeholder {id}"));
        }
        let name = scalar(3).and_then(text);
        if chassis_id.is_some() || name.is_some() {
            return (Some(LldpLocal { chassis_id, name }), note);
        }
    }
    (None, note)
}

/// A MAC of all zeros or all ones is no device's: some agents answer it when LLDP is off.
fn placeholder(id: &str) -> bool {
    let hex: Vec<char> = id.chars().filter(|c| *c != ':').collect();
    id.len() == 17 && (hex.iter().all(|c| *c == '0') || hex.iter().all(|c| c.eq_ignore_ascii_case(&'f')))
}

#[cfg(test)]
mod tests;
