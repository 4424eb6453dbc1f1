//! What a switch sees on its ports: LLDP-MIB (IEEE 802.1AB-2005) `lldpRemTable`, its
//! successor LLDP-V2-MIB (802.1AB-2009) `lldpV2RemTable`, and CISCO-CDP-MIB `cdpCacheTable`,
//! so a technician sees the uplink of an access switch and what hangs off a distribution
//! switch.
//!
//! The tables are walked side by side in one run of GETBULKs (a device without one of them
//! ends that column on the first answer), then one GET names the local ports the neighbours
//! were seen on. [`assemble`] is pure: rows in, neighbours out.

use std::collections::{BTreeMap, HashMap};

use arsring_protocol::mac::{colon_hex, octets as mac_octets};
use arsring_protocol::{Neighbour, NeighbourProtocol};

use super::client::{Client, PollError};
use super::value::{Oid, Value};

pub mod local;

fn oid(dotted: &str) -> Oid {
    Oid::parse(dotted).expect("constant OID")
}

/// lldpRemEntry: 4 ChassisIdSubtype, 5 ChassisId, 6 PortIdSubtype, 7 PortId, 8 PortDesc,
/// 9 SysName; index TimeMark.LocalPortNum.RemIndex.
const LLDP_REM: &str = "1.0.8802.1.1.2.1.4.1.1";
const LLDP_REM_COLUMNS: [u32; 6] = [4, 5, 6, 7, 8, 9];
/// lldpV2RemEntry: the same columns one further on (5 ChassisIdSubtype … 10 SysName);
/// index TimeMark.LocalIfIndex.LocalDestMACAddress.RemIndex, the local port an ifIndex.
const LLDP_V2_REM: &str = "1.3.111.2.802.1.1.13.1.4.1.1";
const LLDP_V2_REM_COLUMNS: [u32; 6] = [5, 6, 7, 8, 9, 10];
/// lldpLocPortEntry: 2 PortIdSubtype, 3 PortId, 4 PortDesc; index LocalPortNum.
const LLDP_LOC_PORT: &str = "1.0.8802.1.1.2.1.3.7.1";
const LLDP_LOC_COLUMNS: [u32; 3] = [2, 3, 4];
/// cdpCacheEntry: 4 Address, 6 DeviceId, 7 DevicePort, 8 Platform; index IfIndex.DeviceIndex.
const CDP_CACHE: &str = "1.3.6.1.4.1.9.9.23.1.2.1.1";
const CDP_COLUMNS: [u32; 4] = [4, 6, 7, 8];
/// IF-MIB ifName, the name a technician knows a port by (`Gi1/0/48`).
const IF_NAME: &str = "1.3.6.1.2.1.31.1.1.1.1";

/// `(column, row index) → value` of one table.
pub type Cells = HashMap<(u32, Vec<u32>), Value>;

/// What the device's tables hold, as read.
#[derive(Default)]
pub struct Seen {
    pub lldp: Cells,
    pub lldp_v2: Cells,
    /// lldpLocPortTable cells of the LLDP ports with a neighbour.
    pub local: Cells,
    pub cdp: Cells,
    /// ifName of the ifIndexes CDP and LLDP-V2 name.
    pub if_names: HashMap<u32, String>,
}

/// The neighbours of the device behind `client`, and a note when a table was cut short.
pub async fn fetch(client: &mut Client) -> Result<(Vec<Neighbour>, Option<String>), PollError> {
    let tables = [(LLDP_REM, &LLDP_REM_COLUMNS[..]), (LLDP_V2_REM, &LLDP_V2_REM_COLUMNS), (CDP_CACHE, &CDP_COLUMNS)];
    let columns: Vec<Oid> = tables.iter().flat_map(|(entry, cols)| cols.iter().map(|c| oid(entry).child(*c))).collect();
    let walked = client.columns(&columns).await?;
    let mut seen = Seen::default();
    for (column, rows) in columns.iter().zip(walked.rows) {
        let cells = if column.starts_with(&oid(LLDP_REM)) {
            &mut seen.lldp
        } else if column.starts_with(&oid(LLDP_V2_REM)) {
            &mut seen.lldp_v2
        } else {
            &mut seen.cdp
        };
        let col = *column.0.last().expect("column arc");
        for (row_oid, value) in rows {
            if let Some(index) = row_oid.suffix(column) {
                cells.insert((col, index.to_vec()), value);
            }
        }
    }
    // A device that speaks both versions lists the same neighbours in both tables.
    if !seen.lldp.is_empty() {
        seen.lldp_v2.clear();
    }
    (seen.local, seen.if_names) = port_names(client, &seen).await?;
    let note = match (walked.cut, walked.disorder) {
        (_, Some(disorder)) => Some(format!("neighbour tables: {disorder}")),
        (true, None) => Some("neighbour tables cut at the row cap".to_string()),
        (false, None) => None,
    };
    Ok((assemble(&seen), note))
}

/// The names of the local ports neighbours were seen on, in one GET: lldpLocPortTable
/// cells for LLDP's port numbers, ifName for the ifIndexes of CDP and LLDP-V2. Only the
/// ports with a neighbour are asked, not every port of a 48-port switch.
async fn port_names(client: &mut Client, seen: &Seen) -> Result<(Cells, HashMap<u32, String>), PollError> {
    let mut lldp_ports: Vec<u32> = seen.lldp.keys().filter_map(|(_, index)| index.get(1).copied()).collect();
    let mut if_indexes: Vec<u32> = seen.cdp.keys().filter_map(|(_, index)| index.first().copied()).collect();
    if_indexes.extend(seen.lldp_v2.keys().filter_map(|(_, index)| index.get(1).copied()));
    for list in [&mut lldp_ports, &mut if_indexes] {
        list.sort_unstable();
        list.dedup();
    }
    let mut wanted: Vec<Oid> = lldp_ports
        .iter()
        .flat_map(|port| LLDP_LOC_COLUMNS.iter().map(move |c| oid(LLDP_LOC_PORT).child(*c).child(*port)))
        .collect();
    wanted.extend(if_indexes.iter().map(|i| oid(IF_NAME).child(*i)));
    if wanted.is_empty() {
        return Ok((Cells::new(), HashMap::new()));
    }
    let (mut local, mut if_names) = (Cells::new(), HashMap::new());
    for (o, v) in client.get(&wanted).await? {
        if let Some([column, port]) = o.suffix(&oid(LLDP_LOC_PORT)) {
            local.insert((*column, vec![*port]), v);
        } else if let (Some([index]), Some(name)) = (o.suffix(&oid(IF_NAME)), text(&v)) {
            if_names.insert(*index, name);
        }
    }
    Ok((local, if_names))
}

/// Neighbours from the cells of the LLDP remote and local-port tables (either version) and
/// the CDP cache. A row with neither a name, a chassis id nor an address says nothing and
/// is left out.
pub fn assemble(seen: &Seen) -> Vec<Neighbour> {
    let lldp = rows(&seen.lldp).into_iter().filter_map(|(index, row)| {
        let [_time_mark, port, _rem_index] = index[..] else { return None };
        let local_port = local_port_name(&seen.local, port).unwrap_or_else(|| format!("LLDP port {port}"));
        lldp_row(&row, 4, local_port)
    });
    let lldp_v2 = rows(&seen.lldp_v2).into_iter().filter_map(|(index, row)| {
        let [_time_mark, if_index, _destination, _rem_index] = index[..] else { return None };
        lldp_row(&row, 5, if_name(&seen.if_names, if_index))
    });
    let cdp = rows(&seen.cdp).into_iter().filter_map(|(index, row)| cdp_row(&index, &row, &seen.if_names));
    lldp.chain(lldp_v2).chain(cdp).collect()
}

fn if_name(names: &HashMap<u32, String>, if_index: u32) -> String {
    names.get(&if_index).cloned().unwrap_or_else(|| format!("ifIndex {if_index}"))
}

/// The cells grouped by row index, rows in index order.
fn rows(cells: &Cells) -> BTreeMap<Vec<u32>, HashMap<u32, &Value>> {
    let mut rows: BTreeMap<Vec<u32>, HashMap<u32, &Value>> = BTreeMap::new();
    for ((column, index), value) in cells {
        rows.entry(index.clone()).or_default().insert(*column, value);
    }
    rows
}

/// One remote-table row; `first` is its ChassisIdSubtype column (4 in LLDP-MIB, 5 in
/// LLDP-V2-MIB), the others follow it in the same order in both.
fn lldp_row(row: &HashMap<u32, &Value>, first: u32, local_port: String) -> Option<Neighbour> {
    let cell = |offset: u32| row.get(&(first + offset)).copied();
    let subtype = |offset: u32| cell(offset).and_then(Value::integer);
    let chassis_id = cell(1).and_then(|v| identifier(v, subtype(0), CHASSIS_MAC, CHASSIS_ADDRESS));
    let port_id = cell(3).and_then(|v| identifier(v, subtype(2), PORT_MAC, PORT_ADDRESS));
    let port_desc = cell(4).and_then(text);
    // A port id that is a MAC tells the technician less than the port's description.
    let port = if subtype(2) == Some(PORT_MAC) { port_desc.or(port_id) } else { port_id.or(port_desc) };
    let neighbour = Neighbour {
        protocol: NeighbourProtocol::Lldp,
        local_port: Some(local_port),
        name: cell(5).and_then(text),
        port,
        chassis_id,
        platform: None,
        address: None,
    };
    (neighbour.name.is_some() || neighbour.chassis_id.is_some()).then_some(neighbour)
}

/// The local port as a technician names it: the port id when it is an interface name or
/// alias (`Gi1/1/1`; Ruijie's description then says only `GigabitEthernet`), else the
/// description (Juniper's local ids can be ifIndex numbers).
fn local_port_name(local: &Cells, port: u32) -> Option<String> {
    let cell = |col: u32| local.get(&(col, vec![port]));
    let id = cell(3).and_then(text);
    let descr = cell(4).and_then(text).filter(|d| d != "-");
    match cell(2).and_then(Value::integer) {
        Some(INTERFACE_ALIAS | INTERFACE_NAME) => id.or(descr),
        Some(PORT_MAC) => descr,
        _ => descr.or(id),
    }
}

/// LldpPortIdSubtype interfaceAlias(1), interfaceName(5).
const INTERFACE_ALIAS: i64 = 1;
const INTERFACE_NAME: i64 = 5;

fn cdp_row(index: &[u32], row: &HashMap<u32, &Value>, if_names: &HashMap<u32, String>) -> Option<Neighbour> {
    let [if_index, _device_index] = index else { return None };
    let address = match row.get(&4) {
        Some(Value::Bytes(b)) if b.len() == 4 => Some(std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string()),
        _ => None,
    };
    let neighbour = Neighbour {
        protocol: NeighbourProtocol::Cdp,
        local_port: Some(if_name(if_names, *if_index)),
        name: row.get(&6).and_then(|v| text(v)),
        port: row.get(&7).and_then(|v| text(v).or_else(|| mac(v))),
        // HP ProCurve fills cdpCacheDeviceId with the binary MAC of stations it learned by
        // other means: that is the neighbour's chassis id, not its name.
        chassis_id: row.get(&6).and_then(|v| mac(v)),
        platform: row.get(&8).and_then(|v| text(v)),
        address,
    };
    (neighbour.name.is_some() || neighbour.chassis_id.is_some() || neighbour.address.is_some()).then_some(neighbour)
}

/// LldpChassisIdSubtype macAddress(4), networkAddress(5); LldpPortIdSubtype macAddress(3),
/// networkAddress(4).
const CHASSIS_MAC: i64 = 4;
const CHASSIS_ADDRESS: i64 = 5;
const PORT_MAC: i64 = 3;
const PORT_ADDRESS: i64 = 4;

/// An LLDP chassis or port id as text: MACs as `aa:bb:cc:dd:ee:ff`, IPv4 network addresses
/// (IANA family 1, then four bytes) dotted, the rest as the device words it.
fn identifier(value: &Value, subtype: Option<i64>, mac: i64, address: i64) -> Option<String> {
    let Value::Bytes(bytes) = value else { return value.line() };
    let hex = || (!bytes.is_empty()).then(|| colon_hex(bytes));
    match subtype {
        // Some agents (Nexus 5500) write the MAC as text: `8c:60:4f:19:16:7c`, 17 bytes.
        Some(s)
            if s == mac
                && bytes.len() != 6
                && let Some(octets) = std::str::from_utf8(bytes).ok().and_then(mac_octets) =>
        {
            Some(colon_hex(&octets))
        }
        // A MAC of the wrong length is still binary: shown as hex, never as Latin-1 text.
        Some(s) if s == mac => hex(),
        Some(s) if s == address && bytes.len() == 5 && bytes[0] == 1 => {
            Some(std::net::Ipv4Addr::new(bytes[1], bytes[2], bytes[3], bytes[4]).to_string())
        }
        Some(s) if s == address => hex(),
        _ => text(value),
    }
}

/// Six bytes that are not text: a MAC address, as `aa:bb:cc:dd:ee:ff`.
fn mac(value: &Value) -> Option<String> {
    match value {
        Value::Bytes(bytes) if bytes.len() == 6 && text(value).is_none() => Some(colon_hex(bytes)),
        _ => None,
    }
}

/// A name or port as text; binary (control bytes) is no name, and is left out rather than
/// shown as hex where a technician expects a word.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Bytes(bytes) if bytes.iter().any(|b| (*b < 0x20 && !b" \t\r\n\0".contains(b)) || *b == 0x7f) => None,
        _ => value.line(),
    }
}

#[cfg(test)]
mod tests;
