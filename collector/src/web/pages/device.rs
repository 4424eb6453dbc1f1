//! Every fact about one device: what it reported, its components, its lifecycle status
//! with the rule that decided it, and its history of changes.

use arsring_dashboard::{Cell, Header, Nav, Section, Table};
use arsring_protocol::{Device, NetworkDevice, Server, Sourced};
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Utc;

mod vsphere;

use super::{failed, render};
use crate::app::inventory::DeviceDetail;
use crate::app::{self, AppState, assessed};
use crate::inventory::DeviceRow;
use crate::inventory::topology::Link;
use crate::lifecycle::Assessed;
use crate::store::{DeviceRecord, HistoryEntry};
use crate::tokens::Role;
use crate::web::Viewer;

type Facts = Vec<(String, String)>;

/// Events shown under "On record"; the audit page has them all.
const ON_RECORD: usize = 50;

fn or_unknown(value: Option<String>) -> String {
    value.unwrap_or_else(|| "unknown".into())
}

pub async fn device(State(app): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return failed(&viewer, Nav::Device, app::Error::NotFound("device not found".into()).into());
    };
    let found = app::inventory::device(&app, id).and_then(|d| Ok((d, assessed(&app, Utc::now().date_naive())?)));
    let (DeviceDetail { record, row, history, links }, items) = match found {
        Ok(found) => found,
        Err(err) => return failed(&viewer, Nav::Device, err.into()),
    };
    let mut facts = common_facts(&record, &row);
    let mut sections = Vec::new();
    match &record.report.device {
        Device::Server(s) => {
            facts.extend(server_facts(s, &row, &record.report.agent.version));
            sections.push(Section::Facts(facts));
        }
        Device::Network(n) => {
            facts.extend(network_facts(n));
            sections.push(Section::Facts(facts));
            sections.push(Section::Heading("Components".into()));
            sections.push(Section::Table(components(n)));
            sections.push(Section::Heading("Neighbours (LLDP, CDP)".into()));
            sections.push(Section::Table(neighbours(&links)));
            if !n.notes.is_empty() {
                sections.push(Section::Heading("What the last poll did not take".into()));
                sections.push(Section::Alert { title: "Poll notes".into(), body: n.notes.clone() });
            }
        }
        Device::Hypervisor(h) => {
            facts.extend(vsphere::hypervisor_facts(h));
            sections.push(Section::Facts(facts));
        }
        Device::VirtualMachine(vm) => {
            facts.extend(vsphere::vm_facts(vm));
            sections.push(Section::Facts(facts));
        }
    }
    // The same machine as vSphere sees it: vSphere speaks for what the VM is given.
    if let Some(Device::VirtualMachine(vm)) = record.linked.as_deref().map(|l| &l.report.device) {
        sections.push(Section::Heading("As vSphere reports it".into()));
        sections.push(Section::Facts(vsphere::vm_facts(vm)));
    }
    let mine: Vec<&Assessed> = items.iter().filter(|a| a.item.device_id == record.device_id).collect();
    sections.push(Section::Heading("Lifecycle".into()));
    sections.push(Section::Table(lifecycle(&mine)));
    sections.push(Section::Heading("History of changes".into()));
    sections.push(Section::Table(history_table(&history)));
    sections.push(Section::Heading("On record: refused reports, enrolments, identity resets".into()));
    sections.extend(on_record(&app, &viewer, record.device_id));
    render(&viewer, Nav::Device, &row.hostname, sections)
}

fn common_facts(record: &DeviceRecord, row: &DeviceRow) -> Facts {
    let mut facts = vec![
        ("Kind".into(), record.kind.as_str().replace('_', " ")),
        ("Reported by".into(), row.source.into()),
        ("Vendor".into(), or_unknown(row.vendor.clone())),
        ("Model".into(), or_unknown(row.model.clone())),
        ("Serial".into(), or_unknown(row.serial.clone())),
        ("Site".into(), row.site.clone().unwrap_or_else(|| "not set".into())),
        ("Department".into(), row.department.clone().unwrap_or_else(|| "not set".into())),
        ("First seen".into(), record.first_seen.format("%Y-%m-%d %H:%M UTC").to_string()),
        ("Last seen".into(), record.last_seen.format("%Y-%m-%d %H:%M UTC").to_string()),
    ];
    if let Some(u) = &record.unreachable {
        facts.push(("Not answering".into(), format!("since {}: {}", u.since.format("%Y-%m-%d %H:%M"), u.reason)));
    }
    facts
}

fn server_facts(s: &Server, row: &DeviceRow, agent: &str) -> Facts {
    let hw = &s.hardware;
    let count = |n: Option<u32>| n.map_or("unknown".into(), |n| n.to_string());
    let platform = &hw.platform;
    vec![
        ("FQDN".into(), s.identity.fqdn.clone().unwrap_or_default()),
        (
            "Addresses".into(),
            s.identity.addresses.as_ref().map_or("not reported by this agent".into(), |list| {
                list.iter()
                    .map(|a| format!("{}/{} ({})", a.address, a.prefix, a.interface))
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        (
            "Platform".into(),
            format!(
                "{} {} (from {})",
                platform.kind.as_str(),
                platform.technology.clone().unwrap_or_default(),
                platform.source
            ),
        ),
        ("CPU".into(), format!("{} × {} threads", or_unknown(hw.cpu.model.clone()), hw.cpu.threads)),
        (
            "Memory".into(),
            hw.memory_bytes.map_or("unknown".into(), |m| format!("{:.1} GiB", m as f64 / f64::from(1u32 << 30))),
        ),
        (
            "Disks".into(),
            hw.disks
                .iter()
                .map(|d| format!("{} {:.0} GB", d.name, d.size_bytes as f64 / 1e9))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "BIOS".into(),
            [&hw.bios.vendor, &hw.bios.version, &hw.bios.release_date.map(|d| d.to_string())]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (
            "OS".into(),
            format!("{} (kernel {})", s.os.pretty_name.clone().unwrap_or_default(), or_unknown(s.os.kernel.clone())),
        ),
        (
            "Patch level".into(),
            format!("{} pending, {} security", count(row.pending_updates), count(row.security_updates)),
        ),
        ("Last patched".into(), or_unknown(row.last_patched.map(|d| d.format("%Y-%m-%d").to_string()))),
        ("Reboot required".into(), or_unknown(row.reboot_required.map(|b| if b { "yes" } else { "no" }.into()))),
        ("Agent".into(), agent.into()),
    ]
}

fn derived(value: &Option<Sourced<String>>) -> String {
    value.as_ref().map_or("unknown".into(), |s| format!("{} (from {})", s.value, s.source))
}

fn network_facts(n: &NetworkDevice) -> Facts {
    let system = n.system.as_ref();
    vec![
        ("Address".into(), n.identity.address.clone()),
        ("Category".into(), derived(&n.derived.category)),
        ("OS".into(), derived(&n.derived.os_family)),
        ("Firmware".into(), derived(&n.derived.os_version)),
        ("Serial from".into(), n.derived.serial.as_ref().map_or("no serial read".into(), |s| s.source.clone())),
        (
            "Manufactured".into(),
            n.derived.manufactured.as_ref().map_or("unknown".into(), |d| format!("{} (from {})", d.value, d.source)),
        ),
        ("Description".into(), system.and_then(|s| s.descr.clone()).unwrap_or_default()),
        ("Location".into(), system.and_then(|s| s.location.clone()).unwrap_or_default()),
        ("Ports".into(), n.port_count.to_string()),
    ]
}

fn components(n: &NetworkDevice) -> Table {
    let row = |c: &arsring_protocol::Component| {
        vec![
            Cell::num(c.index.to_string()),
            Cell::text(c.class.as_str().replace('_', " ")),
            Cell::text(c.name.clone().unwrap_or_default()),
            Cell::text(c.model.clone().or_else(|| c.description.clone()).unwrap_or_default()),
            Cell::text(c.serial.clone().unwrap_or_default()),
            Cell::text(c.software_rev.clone().or_else(|| c.firmware_rev.clone()).unwrap_or_default()),
            Cell::text(c.manufactured.map(|d| d.to_string()).unwrap_or_default()),
            Cell::text(c.source.clone().unwrap_or_else(|| "ENTITY-MIB".into())),
        ]
    };
    Table {
        id: "components".into(),
        headers: ["Index", "Class", "Name", "Model", "Serial", "Software", "Made", "From"]
            .iter()
            .map(|h| Header::new(h))
            .collect(),
        rows: n.chassis.iter().chain(&n.components).map(row).collect(),
        filterable: false,
        empty: "The device reports no parts (neither ENTITY-MIB nor a vendor table).".into(),
    }
}

/// The other end of each link: a known device links to its page.
fn neighbours(links: &[Link]) -> Table {
    let row = |l: &Link| {
        vec![
            Cell::text(l.local_port.clone().unwrap_or_default()),
            match l.device {
                Some(id) => Cell::link(&l.name, format!("/device/{id}")),
                None => Cell::text(&l.name),
            },
            Cell::text(l.port.clone().unwrap_or_default()),
            Cell::text(l.protocol),
            Cell::text(if l.seen_by_neighbour { "the neighbour" } else { "this device" }),
        ]
    };
    Table {
        id: "neighbours".into(),
        headers: ["Port", "Neighbour", "Its port", "Protocol", "Seen by"].iter().map(|h| Header::new(h)).collect(),
        rows: links.iter().map(row).collect(),
        filterable: false,
        empty: "No LLDP or CDP neighbour, seen from either end.".into(),
    }
}

/// One row per rule that applied to each item, so the deciding rule and the others show.
fn lifecycle(items: &[&Assessed]) -> Table {
    let rows = items.iter().flat_map(|a| {
        let item = a.item.component_index.map_or("the device".to_string(), |i| format!("component {i}"));
        let since = match a.item.in_service {
            Some(i) => format!("{} ({})", i.date, i.source.describe()),
            None => a.item.age_source().unwrap_or("unknown").to_string(),
        };
        let replace_by = a.assessment.replace_by.map(|d| d.to_string()).unwrap_or_default();
        let decided = a.assessment.decided_by.as_ref().map(|r| r.rule.as_str());
        let mut rows: Vec<Vec<Cell>> = a
            .assessment
            .rules
            .iter()
            .map(|r| {
                let rule =
                    if Some(r.rule.as_str()) == decided { format!("{} (decides)", r.rule) } else { r.rule.clone() };
                vec![
                    Cell::text(&item),
                    Cell::text(a.item.category.as_str()),
                    Cell::text(&since),
                    Cell::status(r.status.as_str()),
                    Cell::text(rule),
                    Cell::text(r.date.to_string()),
                    Cell::text(&replace_by),
                ]
            })
            .collect();
        if rows.is_empty() {
            let why = a.assessment.notes.join("; ");
            rows.push(vec![
                Cell::text(&item),
                Cell::text(a.item.category.as_str()),
                Cell::text(&since),
                Cell::status("unknown"),
                Cell::text(why),
                Cell::text(""),
                Cell::text(""),
            ]);
        }
        rows
    });
    Table {
        id: "lifecycle".into(),
        headers: ["Item", "Category", "In service since", "Status", "Rule", "Date", "Replace by"]
            .iter()
            .map(|h| Header::new(h))
            .collect(),
        rows: rows.collect(),
        filterable: false,
        empty: "Not assessed.".into(),
    }
}

/// The device's latest events; administrators get a link to all of them.
fn on_record(app: &AppState, viewer: &Viewer, id: uuid::Uuid) -> Vec<Section> {
    let filter = crate::audit::Filter { device_id: Some(id), ..Default::default() };
    let mut out = vec![match app::audit::events(app, &filter, ON_RECORD) {
        Ok(events) => Section::Table(audit_table(&events)),
        Err(err) => {
            // Logs the cause; the page says what the API would.
            let err = crate::web::error::PageError::from(err);
            Section::Alert { title: "The audit log could not be read".into(), body: vec![err.message] }
        }
    }];
    if viewer.session.caller.role == Role::Admin {
        let href = format!("/admin/audit{}", super::query(&[("device_id", &id.to_string())]));
        out.push(Section::Links(vec![("All events for this device".into(), href)]));
    }
    out
}

fn audit_table(events: &[crate::audit::Event]) -> Table {
    Table {
        id: "audit".into(),
        headers: ["When", "Who", "What", "Detail"].iter().map(|h| Header::new(h)).collect(),
        rows: events
            .iter()
            .map(|e| {
                vec![
                    Cell::text(e.at.format("%Y-%m-%d %H:%M").to_string()),
                    Cell::text(&e.actor),
                    Cell::text(&e.action),
                    Cell::text(&e.detail),
                ]
            })
            .collect(),
        filterable: false,
        empty: "Nothing on record for this device.".into(),
    }
}

fn history_table(history: &[HistoryEntry]) -> Table {
    let rows = history.iter().rev().flat_map(|e| {
        let when = e.received_at.format("%Y-%m-%d %H:%M").to_string();
        let by = e.by.clone().unwrap_or_default();
        e.changes.iter().map(move |c| {
            vec![
                Cell::text(&when),
                Cell::text(&c.field),
                Cell::text(c.from.clone().unwrap_or_default()),
                Cell::text(c.to.clone().unwrap_or_default()),
                Cell::text(&by),
            ]
        })
    });
    Table {
        id: "history".into(),
        headers: ["When", "Field", "From", "To", "Sent by"].iter().map(|h| Header::new(h)).collect(),
        rows: rows.collect(),
        filterable: true,
        empty: "No changes recorded.".into(),
    }
}
