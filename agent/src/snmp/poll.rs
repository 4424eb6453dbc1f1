//! One device, one poll: the system group and the entity table, in as few requests as
//! GETBULK allows, turned into a `NetworkDevice`.
//!
//! Request plan: one GETBULK carries the system scalars and the device's own LLDP identity
//! (`neighbours::local`) as non-repeaters and the first rows of `entPhysicalClass` as
//! repeaters; further GETBULKs finish that column; then GETs fetch
//! the detail columns of the entities that are not ports, packed many to a request. For a
//! vendor with objects in `vendor::objects`, one more GET asks for those (and, without an
//! ENTITY-MIB chassis, GETBULKs walk its unit tables). Last, GETBULKs walk the LLDP and CDP
//! tables side by side. A failure after the entity table costs only that part, with a note.

use std::collections::HashMap;
use std::time::Instant;

use arsring_protocol::{
    Derived, EntityClass, LldpLocal, Neighbour, NetworkDevice, NetworkIdSource, NetworkIdentity, Reachability,
    SystemGroup, Tags,
};
use uuid::Uuid;

use super::client::{Client, Credentials, Options, PollError};
use super::derive::{Evidence, derive};
use super::entity::{self, Entities};
use super::value::{Oid, Value};
use super::vendor_mib::{self, Completion, VendorFacts};
use super::{neighbours, vendor};

/// What to poll.
#[derive(Clone, Debug)]
pub struct Target {
    /// As configured: `10.0.0.1`, `10.0.0.1:1161`, `switch.example`.
    pub host: String,
    pub credentials: Credentials,
    pub category: Option<String>,
    pub tags: Tags,
}

/// `1.3.6.1.2.1.1.<n>`: sysDescr 1, sysObjectID 2, sysUpTime 3, sysContact 4, sysName 5,
/// sysLocation 6, sysServices 7.
fn system_column(n: u32) -> Oid {
    Oid(vec![1, 3, 6, 1, 2, 1, 1, n])
}

/// Namespace for network device ids (distinct from servers').
const NETWORK_ID_NAMESPACE: Uuid = Uuid::from_u128(0x2d7c_95a1_5f0e_4b8a_a1c3_77e0_9b42_d5f3);

/// Polls `target` at `addr`. Never fails: a device that cannot be inventoried is reported
/// unreachable with the reason, under the id it had before if the caller remembers one.
pub async fn poll(target: &Target, options: Options, remembered: Option<Uuid>) -> NetworkDevice {
    let started = Instant::now();
    let (result, requests, address) = match super::targets::resolve(&target.host).await {
        Ok(addr) => {
            let mut client = Client::new(addr, target.credentials.clone(), options);
            let result = inventory(&mut client).await;
            (result, client.requests, addr.to_string())
        }
        Err(reason) => (Err(PollError::Network(reason)), 0, target.host.clone()),
    };
    let reachability = |reason: Option<String>| Reachability {
        reachable: reason.is_none(),
        reason,
        requests,
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    };
    match result {
        Ok(found) => {
            let derived = derive(Evidence {
                system: &found.system,
                sys_services: found.sys_services,
                chassis: &found.entities.chassis,
                vendor: &found.vendor,
                completed: &found.completed,
                category: target.category.as_deref(),
            });
            let (device_id, device_id_source) = identity(&found.system, &derived, &address);
            let mut notes = found.entities.notes;
            notes.extend(found.vendor.notes);
            notes.extend(found.notes);
            NetworkDevice {
                identity: NetworkIdentity { device_id, device_id_source, address },
                reachability: reachability(None),
                system: Some(found.system),
                derived,
                chassis: found.entities.chassis,
                components: found.entities.components,
                port_count: found.entities.ports,
                entities_truncated: found.truncated,
                neighbours: found.neighbours,
                lldp_local: found.lldp_local,
                notes,
                tags: target.tags.clone(),
            }
        }
        Err(err) => {
            let (device_id, device_id_source) = match remembered {
                Some(id) => (id, NetworkIdSource::Remembered),
                None => (address_id(&address), NetworkIdSource::Address),
            };
            NetworkDevice {
                identity: NetworkIdentity { device_id, device_id_source, address },
                reachability: reachability(Some(err.to_string())),
                system: None,
                derived: Default::default(),
                chassis: vec![],
                components: vec![],
                port_count: 0,
                entities_truncated: false,
                neighbours: vec![],
                lldp_local: None,
                notes: vec![],
                tags: target.tags.clone(),
            }
        }
    }
}

struct Found {
    system: SystemGroup,
    sys_services: Option<u8>,
    entities: Entities,
    truncated: bool,
    vendor: VendorFacts,
    /// ENTITY-MIB cells vendor columns filled in.
    completed: Vec<Completion>,
    neighbours: Vec<Neighbour>,
    lldp_local: Option<LldpLocal>,
    /// What could not be read, and why (a vendor object the device refused, a table ended early).
    notes: Vec<String>,
}

async fn inventory(client: &mut Client) -> Result<Found, PollError> {
    let system_columns: Vec<Oid> = (1..=7).map(system_column).collect();
    let class_column = entity::entry_oid().child(entity::CLASS);
    let (first, scalars, lldp_refused) = first_bulk(client, &system_columns, &class_column).await?;
    if first.len() < scalars {
        return Err(PollError::Protocol(format!("{} varbinds for {scalars} scalars", first.len())));
    }
    let (scalar_answers, class_answers) = first.split_at(scalars);
    let (system_answers, lldp_answers) = scalar_answers.split_at(system_columns.len());
    let (system, sys_services) = system_group(system_answers);
    let (lldp_local, lldp_note) = neighbours::local::read(lldp_answers);

    let mut class_rows: Vec<(Oid, Value)> = Vec::new();
    let mut finished = false;
    let mut past_class = None;
    for (oid, value) in class_answers {
        if !oid.starts_with(&class_column) || *value == Value::EndOfMibView {
            finished = true;
            past_class = (*value != Value::EndOfMibView).then_some(oid);
            break;
        }
        class_rows.push((oid.clone(), value.clone()));
    }
    let mut truncated = false;
    // A short answer without leaving the column means the agent trimmed it: keep walking.
    if !finished && !class_rows.is_empty() {
        let start = class_rows.last().map(|(oid, _)| oid.clone());
        let (more, cut) = client.walk(&class_column, start).await?;
        class_rows.extend(more);
        truncated = cut;
    }
    let max_rows = client.options().max_rows;
    if class_rows.len() > max_rows {
        class_rows.truncate(max_rows);
        truncated = true;
    }
    let classes = entity::classes(&class_rows);
    let mut notes: Vec<String> = lldp_refused.into_iter().chain(lldp_note).collect();
    let enterprise = system.object_id.as_deref().and_then(vendor::enterprise);
    let (mut cells, vendor_cells) = details(client, &classes, enterprise, &mut notes).await?;
    let classes = match past_class {
        Some(oid) if class_rows.is_empty() && entity::table_without_classes(oid) => {
            let (classes, classless_cells, cut) = without_classes(client, &mut notes).await?;
            cells = classless_cells;
            truncated |= cut;
            classes
        }
        _ => classes,
    };
    let mut entities = entity::assemble(&classes, &cells);
    let vendor = enterprise.map(|e| vendor_mib::read_scalars(e, &vendor_cells)).unwrap_or_default();
    let mut completed = vendor_mib::complete_entities(&mut entities.chassis, &vendor_cells);
    completed.extend(vendor_mib::complete_entities(&mut entities.components, &vendor_cells));
    if entities.chassis.is_empty()
        && let Some(e) = enterprise
    {
        unit_tables(client, e, &mut entities, &mut notes).await;
    }
    let neighbours = match neighbours::fetch(client).await {
        Ok((found, note)) => {
            notes.extend(note);
            found
        }
        Err(err) => {
            notes.push(format!("neighbours not read: {err}"));
            vec![]
        }
    };
    Ok(Found { system, sys_services, entities, truncated, vendor, completed, neighbours, lldp_local, notes })
}

/// The poll's first GETBULK: the system scalars and the LLDP identity's as non-repeaters,
/// the first rows of `entPhysicalClass` as repeaters. An agent that refuses it with an error
/// status (a GETNEXT into a MIB it lacks should find the next object; a few old agents answer
/// genErr instead) is asked again without the LLDP scalars: it loses those, not its inventory.
/// The answers, how many of them are scalars, and a note when the LLDP ones were refused.
async fn first_bulk(
    client: &mut Client,
    system_columns: &[Oid],
    class_column: &Oid,
) -> Result<(Vec<(Oid, Value)>, usize, Option<String>), PollError> {
    let scalars = [system_columns, &neighbours::local::columns()].concat();
    match client.bulk(&scalars, std::slice::from_ref(class_column)).await {
        Err(PollError::Device(err)) => {
            let answers = client.bulk(system_columns, std::slice::from_ref(class_column)).await?;
            let note = format!("LLDP identity not read: the device refused it ({err})");
            Ok((answers, system_columns.len(), Some(note)))
        }
        answers => Ok((answers?, scalars.len(), None)),
    }
}

/// The ENTITY-MIB detail cells of the entities worth it, and in the same GETs the vendor's
/// scalars and per-entity columns. An agent that refuses a GET naming an object it lacks
/// (some v1-minded ones answer noSuchName instead of noSuchObject) is asked again without
/// the vendor objects: it loses those, not its inventory.
async fn details(
    client: &mut Client,
    classes: &[(u32, EntityClass)],
    enterprise: Option<u32>,
    notes: &mut Vec<String>,
) -> Result<(entity::Cells, HashMap<Oid, Value>), PollError> {
    let indexes: Vec<u32> =
        classes.iter().filter(|(_, class)| entity::wants_details(*class)).map(|(index, _)| *index).collect();
    let entity_oids: Vec<Oid> = indexes
        .iter()
        .flat_map(|index| entity::DETAIL_COLUMNS.iter().map(move |col| entity::entry_oid().child(*col).child(*index)))
        .collect();
    let mut vendor_oids = enterprise.map(vendor_mib::scalar_oids).unwrap_or_default();
    vendor_oids.extend(enterprise.map(|e| vendor_mib::entity_column_oids(e, &indexes)).unwrap_or_default());
    let answers = match client.get(&[entity_oids.as_slice(), &vendor_oids].concat()).await {
        Err(PollError::Device(err)) if !vendor_oids.is_empty() => {
            notes.push(format!("vendor objects not read: the device refused them ({err})"));
            client.get(&entity_oids).await?
        }
        answers => answers?,
    };
    let mut cells = HashMap::new();
    let mut vendor_cells = HashMap::new();
    for (oid, value) in answers {
        match oid.suffix(&entity::entry_oid()) {
            Some([column, index]) => {
                cells.insert((*column, *index), value);
            }
            _ => {
                vendor_cells.insert(oid, value);
            }
        }
    }
    Ok((cells, vendor_cells))
}

/// The entities of a table without a class column, from a walk of its detail columns: each
/// of class unknown but the lone top of the containment tree, which is the chassis
/// ([`entity::lone_root`]; elsewhere the vendor's objects say which, where they do). A table
/// cut at `max_rows` says so, as the class walk does.
async fn without_classes(
    client: &mut Client,
    notes: &mut Vec<String>,
) -> Result<(Vec<(u32, EntityClass)>, entity::Cells, bool), PollError> {
    let columns: Vec<Oid> = entity::DETAIL_COLUMNS.iter().map(|c| entity::entry_oid().child(*c)).collect();
    let walked = client.columns(&columns).await?;
    if let Some(disorder) = walked.disorder {
        notes.push(format!("entPhysicalTable ends early: {disorder}"));
    }
    let (mut classes, cells) = entity::classless(&walked.rows);
    notes.push(format!(
        "entPhysicalClass not answered: {} entities read from the table's other columns, their class unknown",
        classes.len()
    ));
    if let Some(root) = entity::lone_root(&cells) {
        classes.iter_mut().filter(|(index, _)| *index == root).for_each(|(_, class)| *class = EntityClass::Chassis);
        notes.push(format!("entity {root}, the only one entPhysicalContainedIn puts at the top, taken as the chassis"));
    }
    Ok((classes, cells, walked.cut))
}

/// Stack units or parts from the vendor's own tables, for a device without ENTITY-MIB
/// chassis: members become chassis, other rows components.
async fn unit_tables(client: &mut Client, enterprise: u32, entities: &mut Entities, notes: &mut Vec<String>) {
    for table in vendor::objects::unit_tables_for(enterprise) {
        match client.columns(&vendor_mib::unit_columns(table)).await {
            Ok(walked) => {
                if let Some(disorder) = walked.disorder {
                    notes.push(format!("{} ends early: {disorder}", table.object));
                }
                let rows = vendor_mib::unit_components(table, &walked.rows);
                if table.members { entities.chassis.extend(rows) } else { entities.components.extend(rows) }
            }
            Err(err) => notes.push(format!("{} not read: {err}", table.object)),
        }
    }
}

/// The system group from the GETNEXT answers of its seven columns. An answer outside the
/// system group (an agent without it) counts as absent.
fn system_group(answers: &[(Oid, Value)]) -> (SystemGroup, Option<u8>) {
    let get = |n: u32| -> Option<&Value> {
        let (oid, value) = answers.get(usize::try_from(n - 1).ok()?)?;
        (oid.0 == system_column(n).child(0).0).then_some(value)
    };
    let text = |n: u32| get(n).and_then(Value::text);
    let system = SystemGroup {
        descr: text(1),
        object_id: get(2).and_then(|v| match v {
            Value::Oid(oid) => Some(oid.to_string()),
            _ => None,
        }),
        uptime_secs: get(3).and_then(|v| match v {
            Value::Ticks(t) => Some(u64::from(*t) / 100),
            _ => None,
        }),
        contact: text(4),
        name: get(5).and_then(Value::line),
        location: text(6),
    };
    let services = get(7).and_then(Value::integer).and_then(|n| u8::try_from(n).ok());
    (system, services)
}

/// The id follows the chassis serial, wherever it was read, so the same box keeps its id
/// when its address changes.
fn identity(system: &SystemGroup, derived: &Derived, address: &str) -> (Uuid, NetworkIdSource) {
    match derived.serial.as_ref().map(|s| s.value.as_str()) {
        Some(serial) => {
            let enterprise = system.object_id.as_deref().and_then(vendor::enterprise).unwrap_or(0);
            (
                Uuid::new_v5(&NETWORK_ID_NAMESPACE, format!("{enterprise}/{serial}").as_bytes()),
                NetworkIdSource::ChassisSerial,
            )
        }
        None => (address_id(address), NetworkIdSource::Address),
    }
}

fn address_id(address: &str) -> Uuid {
    Uuid::new_v5(&NETWORK_ID_NAMESPACE, format!("address/{address}").as_bytes())
}

#[cfg(test)]
mod tests;
