//! Every fact about one device: what it reported, its components, its lifecycle status
//! with the rule that decided it, and its history of changes.

use arsring_dashboard::i18n::{decimal, integer};
use arsring_dashboard::{Cell, Header, Lang, Nav, Section, Table, Text};
use arsring_protocol::{Bios, Device, NetworkDevice, Server, Sourced, Updates};
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Utc;

pub(crate) mod text;
mod vsphere;

use super::text::{UNKNOWN, category, status};
use super::{failed, render};
use crate::app::inventory::DeviceDetail;
use crate::app::{self, AppState, assessed};
use crate::inventory::DeviceRow;
use crate::inventory::topology::Link;
use crate::lifecycle::Assessed;
use crate::lifecycle::model::Category;
use crate::lifecycle::status::Status;
use crate::lifecycle::words;
use crate::store::{DeviceRecord, HistoryEntry};
use crate::tokens::Role;
use crate::web::Viewer;

type Facts = Vec<(String, String)>;

/// Events shown under "On record"; the audit page has them all.
const ON_RECORD: usize = 50;

fn or_unknown(value: Option<String>, lang: Lang) -> String {
    value.unwrap_or_else(|| UNKNOWN.get(lang).into())
}

/// `value (from source)`: a fact and where it was read.
fn sourced(value: &str, source: &str, lang: Lang) -> String {
    text::SOURCED.fill(lang, &[("value", value), ("source", source)])
}

/// A size in `unit`s with one decimal, in the reader's notation: `7.5 GiB`, `7,5 GiB`.
fn bytes(value: Option<u64>, unit: f64, suffix: &str, lang: Lang) -> String {
    value.map_or(UNKNOWN.get(lang).into(), |v| format!("{} {suffix}", decimal(lang, v as f64 / unit, 1)))
}

/// Vendor, version and release date, as far as they are known.
fn bios(bios: &Bios) -> String {
    [
        bios.vendor.as_deref().map(String::from),
        bios.version.as_deref().map(String::from),
        bios.release_date.map(|d| d.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
}

fn headers(labels: &[Text], lang: Lang) -> Vec<Header> {
    labels.iter().map(|h| Header::new(h.get(lang))).collect()
}

pub async fn device(State(app): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    let lang = viewer.lang;
    let t = |text: Text| text.get(lang).to_string();
    // The page says "not found" in the reader's language; other errors as the API does.
    let not_found = || failed(&viewer, Nav::Device, app::Error::NotFound(t(text::NOT_FOUND)).into());
    let Ok(id) = uuid::Uuid::parse_str(&id) else { return not_found() };
    let found = app::inventory::device(&app, id).and_then(|d| Ok((d, assessed(&app, Utc::now().date_naive())?)));
    let (DeviceDetail { record, row, history, links }, items) = match found {
        Ok(found) => found,
        Err(app::Error::NotFound(_)) => return not_found(),
        Err(err) => return failed(&viewer, Nav::Device, err.into()),
    };
    let mut facts = common_facts(&record, &row, lang);
    let mut sections = Vec::new();
    match &record.report.device {
        Device::Server(s) => {
            facts.extend(server_facts(s, &row, &record.report.agent.version, lang));
            sections.push(Section::Facts(facts));
            // The switch ports a server is seen on, from the switches' LLDP tables.
            if !links.is_empty() {
                sections.push(Section::Heading(t(text::NEIGHBOURS)));
                sections.push(Section::Table(neighbours(&links, lang)));
            }
        }
        Device::Network(n) => {
            facts.extend(network_facts(n, lang));
            sections.push(Section::Facts(facts));
            sections.push(Section::Heading(t(text::COMPONENTS)));
            sections.push(Section::Table(components(n, lang)));
            sections.push(Section::Heading(t(text::NEIGHBOURS)));
            sections.push(Section::Table(neighbours(&links, lang)));
            if !n.notes.is_empty() {
                sections.push(Section::Heading(t(text::NOT_TAKEN)));
                sections.push(Section::Alert { title: t(text::POLL_NOTES), body: n.notes.clone() });
            }
        }
        Device::Hypervisor(h) => {
            facts.extend(vsphere::hypervisor_facts(h, lang));
            sections.push(Section::Facts(facts));
        }
        Device::VirtualMachine(vm) => {
            facts.extend(vsphere::vm_facts(vm, lang));
            sections.push(Section::Facts(facts));
        }
    }
    // The same machine as vSphere sees it: vSphere speaks for what the VM is given.
    if let Some(Device::VirtualMachine(vm)) = record.linked.as_deref().map(|l| &l.report.device) {
        sections.push(Section::Heading(t(text::AS_VSPHERE)));
        sections.push(Section::Facts(vsphere::vm_facts(vm, lang)));
    }
    let mine: Vec<&Assessed> = items.iter().filter(|a| a.item.device_id == record.device_id).collect();
    sections.push(Section::Heading(t(text::LIFECYCLE)));
    sections.push(Section::Table(lifecycle(&mine, lang)));
    sections.push(Section::Heading(t(text::HISTORY)));
    sections.push(Section::Table(history_table(&history, lang)));
    sections.push(Section::Heading(t(text::ON_RECORD)));
    sections.extend(on_record(&app, &viewer, record.device_id));
    render(&viewer, Nav::Device, &row.hostname, sections)
}

fn common_facts(record: &DeviceRecord, row: &DeviceRow, lang: Lang) -> Facts {
    let t = |text: Text| text.get(lang).to_string();
    let or_not_set = |value: &Option<String>| value.clone().unwrap_or_else(|| t(text::NOT_SET));
    let mut facts = vec![
        (t(text::KIND), text::kind(record.kind, lang).into()),
        (t(text::REPORTED_BY), row.source.into()),
        (t(text::VENDOR), or_unknown(row.vendor.clone(), lang)),
        (t(text::MODEL), or_unknown(row.model.clone(), lang)),
        (t(text::SERIAL), or_unknown(row.serial.clone(), lang)),
        (t(text::SITE), or_not_set(&row.site)),
        (t(text::DEPARTMENT), or_not_set(&row.department)),
        (t(text::FIRST_SEEN), record.first_seen.format("%Y-%m-%d %H:%M UTC").to_string()),
        (t(text::LAST_SEEN), record.last_seen.format("%Y-%m-%d %H:%M UTC").to_string()),
    ];
    if let Some(u) = &record.unreachable {
        let since = u.since.format("%Y-%m-%d %H:%M").to_string();
        let said = text::NOT_ANSWERING_SINCE.fill(lang, &[("since", &since), ("reason", &u.reason)]);
        facts.push((t(text::NOT_ANSWERING), said));
    }
    facts
}

fn server_facts(s: &Server, row: &DeviceRow, agent: &str, lang: Lang) -> Facts {
    let t = |text: Text| text.get(lang).to_string();
    let hw = &s.hardware;
    let count = |n: Option<u32>| n.map_or(t(UNKNOWN), |n| integer(lang, n.into()));
    let platform = &hw.platform;
    let kind = text::platform(platform.kind, lang);
    vec![
        (t(text::FQDN), s.identity.fqdn.as_deref().unwrap_or_default().to_string()),
        (
            t(text::ADDRESSES),
            s.identity.addresses.as_ref().map_or(t(text::NOT_REPORTED_BY_AGENT), |list| {
                list.iter()
                    .map(|a| format!("{}/{} ({})", a.address, a.prefix, a.interface))
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        (
            t(text::PLATFORM),
            sourced(&format!("{kind} {}", platform.technology.clone().unwrap_or_default()), &platform.source, lang),
        ),
        (
            t(text::CPU),
            text::CPU_THREADS.fill(
                lang,
                &[
                    ("model", &or_unknown(hw.cpu.model.as_deref().map(Into::into), lang)),
                    ("threads", &integer(lang, hw.cpu.threads.into())),
                ],
            ),
        ),
        (t(text::MEMORY), bytes(hw.memory_bytes, f64::from(1u32 << 30), "GiB", lang)),
        (
            t(text::DISKS),
            hw.disks
                .iter()
                .map(|d| format!("{} {} GB", d.name, decimal(lang, d.size_bytes as f64 / 1e9, 0)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (t(text::BIOS), bios(&hw.bios)),
        (
            t(text::OS),
            text::OS_KERNEL.fill(
                lang,
                &[
                    ("os", s.os.pretty_name.as_deref().unwrap_or_default()),
                    ("kernel", &or_unknown(s.os.kernel.as_deref().map(Into::into), lang)),
                ],
            ),
        ),
        (
            t(text::PATCH_LEVEL),
            text::PENDING_UPDATES
                .fill(lang, &[("pending", &count(row.pending_updates)), ("security", &count(row.security_updates))]),
        ),
        (t(text::UPDATES_CHECKED), checked(&s.patch.updates, lang)),
        (t(text::LAST_PATCHED), or_unknown(row.last_patched.map(|d| d.format("%Y-%m-%d").to_string()), lang)),
        (t(text::REBOOT_REQUIRED), or_unknown(row.reboot_required.map(|b| text::yes_no(b, lang).into()), lang)),
        (t(text::AGENT), agent.into()),
    ]
}

/// When and how the pending updates were counted: an agent reuses its answer while nothing
/// changed, so the time may be hours before the report.
fn checked(updates: &Updates, lang: Lang) -> String {
    match updates {
        Updates::Known { checked_at, source, .. } => {
            let at = checked_at.map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string());
            text::CHECKED_AT.fill(lang, &[("at", &or_unknown(at, lang)), ("source", source)])
        }
        Updates::Unknown { reason } => reason.to_string(),
    }
}

fn derived(value: &Option<Sourced<String>>, lang: Lang) -> String {
    value.as_ref().map_or(UNKNOWN.get(lang).into(), |s| sourced(&s.value, &s.source, lang))
}

fn network_facts(n: &NetworkDevice, lang: Lang) -> Facts {
    let t = |text: Text| text.get(lang).to_string();
    let system = n.system.as_ref();
    // The category is a code (`wireless_controller`); one the model knows reads in words.
    let named = n.derived.category.as_ref().map(|c| Sourced {
        value: Category::parse(&c.value).map_or(c.value.clone(), |c| category(c, lang).into()),
        source: c.source.clone(),
    });
    vec![
        (t(text::ADDRESS), n.identity.address.clone()),
        (t(text::CATEGORY), derived(&named, lang)),
        (t(text::OS), derived(&n.derived.os_family, lang)),
        (t(text::FIRMWARE), derived(&n.derived.os_version, lang)),
        (t(text::SERIAL_FROM), n.derived.serial.as_ref().map_or(t(text::NO_SERIAL), |s| s.source.clone())),
        (
            t(text::MANUFACTURED),
            n.derived.manufactured.as_ref().map_or(t(UNKNOWN), |d| sourced(&d.value.to_string(), &d.source, lang)),
        ),
        (t(text::DESCRIPTION), system.and_then(|s| s.descr.clone()).unwrap_or_default()),
        (t(text::LOCATION), system.and_then(|s| s.location.clone()).unwrap_or_default()),
        (t(text::PORTS), integer(lang, n.port_count.into())),
        (t(text::LLDP_IDENTITY), lldp_identity(n)),
    ]
}

/// The chassis id and name the device gives itself in LLDP, as its neighbours list it.
fn lldp_identity(n: &NetworkDevice) -> String {
    let local = n.lldp_local.as_ref();
    let parts = [local.and_then(|l| l.chassis_id.as_deref()), local.and_then(|l| l.name.as_deref())];
    parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

fn components(n: &NetworkDevice, lang: Lang) -> Table {
    use text::{CLASS, INDEX, MADE, MODEL, NAME, SERIAL, SOFTWARE, SOURCE};
    let row = |c: &arsring_protocol::Component| {
        vec![
            Cell::num(c.index.to_string()),
            Cell::text(text::class(c.class, lang)),
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
        headers: headers(&[INDEX, CLASS, NAME, MODEL, SERIAL, SOFTWARE, MADE, SOURCE], lang),
        rows: n.chassis.iter().chain(&n.components).map(row).collect(),
        filterable: false,
        empty: text::NO_PARTS.get(lang).into(),
    }
}

/// The other end of each link: a known device links to its page.
fn neighbours(links: &[Link], lang: Lang) -> Table {
    use text::{ITS_PORT, NEIGHBOUR, PORT, PROTOCOL, SEEN_BY};
    let row = |l: &Link| {
        vec![
            Cell::text(l.local_port.clone().unwrap_or_default()),
            match l.device {
                Some(id) => Cell::link(&l.name, format!("/device/{id}")),
                None => Cell::text(&l.name),
            },
            Cell::text(l.port.clone().unwrap_or_default()),
            Cell::text(l.protocol),
            Cell::text(if l.seen_by_neighbour { text::THE_NEIGHBOUR } else { text::THIS_DEVICE }.get(lang)),
        ]
    };
    Table {
        id: "neighbours".into(),
        headers: headers(&[PORT, NEIGHBOUR, ITS_PORT, PROTOCOL, SEEN_BY], lang),
        rows: links.iter().map(row).collect(),
        filterable: false,
        empty: text::NO_NEIGHBOURS.get(lang).into(),
    }
}

/// A status in the reader's language, coloured by its code.
fn status_cell(s: Status, lang: Lang) -> Cell {
    Cell { text: status(s, lang).into(), ..Cell::status(s.as_str()) }
}

/// One row per rule that applied to each item, so the deciding rule and the others show.
fn lifecycle(items: &[&Assessed], lang: Lang) -> Table {
    use text::{CATEGORY, DATE, IN_SERVICE_SINCE, ITEM, REPLACE_BY, RULE, STATUS};
    let t = |text: Text| text.get(lang).to_string();
    let rows = items.iter().flat_map(|a| {
        let item = a
            .item
            .component_index
            .map_or(t(text::THE_DEVICE), |i| text::COMPONENT.fill(lang, &[("index", &i.to_string())]));
        let since = match (a.item.in_service, a.item.age_source()) {
            (Some(i), _) => format!("{} ({})", i.date, text::age_source(i.source, lang)),
            (None, Some(why)) if why == text::AGE_NONE_VM.en => t(text::AGE_NONE_VM),
            (None, why) => why.map_or(t(UNKNOWN), String::from),
        };
        let category = category(a.item.category, lang);
        let replace_by = a.assessment.replace_by.map(|d| d.to_string()).unwrap_or_default();
        let decided = a.assessment.decided_by.as_ref();
        let mut rows: Vec<Vec<Cell>> = a
            .assessment
            .rules
            .iter()
            .map(|r| {
                let worded = words::rule(r, lang);
                let rule = if Some(r) == decided { text::DECIDES.fill(lang, &[("rule", &worded)]) } else { worded };
                vec![
                    Cell::text(&item),
                    Cell::text(category),
                    Cell::text(&since),
                    status_cell(r.status, lang),
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
                Cell::text(category),
                Cell::text(&since),
                status_cell(Status::Unknown, lang),
                Cell::text(why),
                Cell::text(""),
                Cell::text(""),
            ]);
        }
        rows
    });
    Table {
        id: "lifecycle".into(),
        headers: headers(&[ITEM, CATEGORY, IN_SERVICE_SINCE, STATUS, RULE, DATE, REPLACE_BY], lang),
        rows: rows.collect(),
        filterable: false,
        empty: t(text::NOT_ASSESSED),
    }
}

/// The device's latest events; administrators get a link to all of them.
fn on_record(app: &AppState, viewer: &Viewer, id: uuid::Uuid) -> Vec<Section> {
    let lang = viewer.lang;
    let filter = crate::audit::Filter { device_id: Some(id), ..Default::default() };
    let mut out = vec![match app::audit::events(app, &filter, ON_RECORD) {
        Ok(events) => Section::Table(audit_table(&events, lang)),
        Err(err) => {
            // Logs the cause; the page says what the API would.
            let err = crate::web::error::PageError::from(err);
            Section::Alert { title: text::AUDIT_UNREADABLE.get(lang).into(), body: vec![err.message] }
        }
    }];
    if viewer.session.caller.role == Role::Admin {
        let href = format!("/admin/audit{}", super::query(&[("device_id", &id.to_string())]));
        out.push(Section::Links(vec![(text::ALL_EVENTS.get(lang).into(), href)]));
    }
    out
}

fn audit_table(events: &[crate::audit::Event], lang: Lang) -> Table {
    Table {
        id: "audit".into(),
        headers: headers(&[text::WHEN, text::WHO, text::WHAT, text::DETAIL], lang),
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
        empty: text::NOTHING_ON_RECORD.get(lang).into(),
    }
}

fn history_table(history: &[HistoryEntry], lang: Lang) -> Table {
    use text::{CHANGED_FROM, CHANGED_TO, FIELD, SENT_BY, WHEN};
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
        headers: headers(&[WHEN, FIELD, CHANGED_FROM, CHANGED_TO, SENT_BY], lang),
        rows: rows.collect(),
        filterable: true,
        empty: text::NO_CHANGES.get(lang).into(),
    }
}
