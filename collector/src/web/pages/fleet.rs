//! The overview, and the network devices' and servers' tables.

use std::collections::HashMap;

use arsring_dashboard::{Card, Cell, Control, Header, Nav, Section, Table};
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Utc;

use super::{Params, arrangement, failed, paging, param, query, render, select};
use crate::app::AppState;
use crate::app::lifecycle::{ShareAnswer, share};
use crate::app::{self, assessed};
use crate::inventory;
use crate::inventory::topology::Link;
use crate::lifecycle::model::Project;
use crate::lifecycle::status::Status;
use crate::lifecycle::{Assessed, age_years};
use crate::web::Viewer;
use crate::web::sorting::{Key, Row, arrange};

fn device_link(id: uuid::Uuid, name: &str) -> Cell {
    Cell::link(name, format!("/device/{id}"))
}

fn count_table(id: &str, first: &str, rows: Vec<(String, Vec<usize>)>, columns: &[&str]) -> Table {
    let mut headers = vec![Header::new(first)];
    headers.extend(columns.iter().map(|c| Header::num(c)));
    Table {
        id: id.into(),
        headers,
        rows: rows
            .into_iter()
            .map(|(k, counts)| {
                std::iter::once(Cell::text(k)).chain(counts.into_iter().map(|n| Cell::num(n.to_string()))).collect()
            })
            .collect(),
        filterable: false,
        empty: "Nothing reported yet.".into(),
    }
}

pub async fn overview(State(app): State<AppState>, viewer: Viewer) -> Response {
    let found = app::inventory::summary(&app, None).and_then(|summary| Ok((summary, share(&app, None)?)));
    let (summary, eol) = match found {
        Ok(found) => found,
        Err(err) => return failed(&viewer, Nav::Overview, err.into()),
    };
    let by_site: Vec<(String, Vec<usize>)> = summary
        .network_by_site
        .iter()
        .map(|g| (g.key.clone().unwrap_or_else(|| "(no site)".into()), vec![g.counts.total, g.counts.unreachable]))
        .collect();
    let groups = |groups: &[inventory::Group]| -> Vec<(String, Vec<usize>)> {
        groups
            .iter()
            .map(|g| {
                (
                    g.key.clone().unwrap_or_else(|| "(unassigned)".into()),
                    vec![g.counts.total, g.counts.physical, g.counts.r#virtual],
                )
            })
            .collect()
    };
    let server_columns = ["Servers", "Physical", "Virtual"];
    let patch = summary.patch_status.iter().map(|(k, n)| (k.replace('_', " "), vec![*n])).collect();
    let sections = vec![
        Section::Cards(overview_cards(&summary, &eol)),
        Section::Heading("Servers by department".into()),
        Section::Table(count_table("by-department", "Department", groups(&summary.by_department), &server_columns)),
        Section::Heading("Servers by site".into()),
        Section::Table(count_table("by-site", "Site", groups(&summary.by_site), &server_columns)),
        Section::Heading("Network devices by site".into()),
        Section::Table(count_table("network-by-site", "Site", by_site, &["Devices", "Not answering"])),
        Section::Heading("Patch status".into()),
        Section::Table(count_table("patch", "Status", patch, &["Servers"])),
        Section::Heading("Agents not reporting".into()),
        Section::Table(stale_table(&summary.stale_agents)),
    ];
    render(&viewer, Nav::Overview, "Overview", sections)
}

fn overview_cards(summary: &inventory::Summary, eol: &ShareAnswer) -> Vec<Card> {
    let s = &summary.servers;
    vec![
        Card {
            label: "Servers".into(),
            value: s.total.to_string(),
            note: Some(format!("{} physical, {} virtual, {} container", s.physical, s.r#virtual, s.container)),
        },
        Card {
            label: "Network devices".into(),
            value: summary.network.total.to_string(),
            note: Some(format!("{} not answering", summary.network.unreachable)),
        },
        Card {
            label: "Components past end of life or security updates".into(),
            value: format!("{} %", eol.percent),
            note: Some(format!(
                "{} of {} devices and parts; {} of {} devices",
                eol.items_past, eol.items, eol.devices_past, eol.devices
            )),
        },
        Card {
            label: "Servers with security updates pending".into(),
            value: summary.patch_status.get("security").copied().unwrap_or(0).to_string(),
            note: Some(format!("{} need a reboot", summary.reboot_required)),
        },
        Card {
            label: "Agents not reporting".into(),
            value: summary.stale_agents.len().to_string(),
            note: Some(format!("silent for over {} days", summary.stale_after_days)),
        },
    ]
}

fn stale_table(agents: &[inventory::StaleAgent]) -> Table {
    Table {
        id: "stale".into(),
        headers: vec![Header::new("Server"), Header::new("Last seen"), Header::num("Days silent")],
        rows: agents
            .iter()
            .map(|a| {
                vec![
                    device_link(a.device_id, &a.hostname),
                    Cell::text(a.last_seen.format("%Y-%m-%d %H:%M").to_string()),
                    Cell::num(a.days_silent.to_string()),
                ]
            })
            .collect(),
        filterable: false,
        empty: "Every agent has reported within the threshold.".into(),
    }
}

const NETWORK_COLUMNS: [&str; 14] = [
    "Device",
    "Site",
    "Category",
    "Model",
    "Serial",
    "Firmware",
    "Age (years)",
    "Age from",
    "Status",
    "Decided by",
    "Replace by",
    "Last seen",
    "Answering",
    "Connected to",
];

const SERVER_COLUMNS: [&str; 13] = [
    "Server",
    "Department",
    "Site",
    "Platform",
    "OS",
    "Pending",
    "Security",
    "Last patched",
    "Reboot",
    "OS support",
    "Hardware age",
    "Age from",
    "Lifecycle",
];

/// Column headers, the `numeric` ones right-aligned.
fn headers(names: &[&str], numeric: &[&str]) -> Vec<Header> {
    names.iter().map(|h| if numeric.contains(h) { Header::num(h) } else { Header::new(h) }).collect()
}

const STATUSES: [(&str, &str); 6] = [
    ("", "any status"),
    ("past_end_of_security_updates", "past end of security updates"),
    ("past_end_of_life", "past end of life"),
    ("due", "due"),
    ("ok", "ok"),
    ("unknown", "unknown"),
];

pub async fn network(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let today = Utc::now().date_naive();
    let items = match assessed(&app, today) {
        Ok(items) => items,
        Err(err) => return failed(&viewer, Nav::Network, err.into()),
    };
    let (site, status, text) =
        (param(&p, "site").unwrap_or(""), param(&p, "status").unwrap_or(""), param(&p, "q").unwrap_or(""));
    let fleet = app::fleet(&app);
    let reachability: HashMap<uuid::Uuid, Option<String>> =
        fleet.records.iter().map(|r| (r.device_id, r.unreachable.as_ref().map(|u| u.reason.clone()))).collect();
    let devices: Vec<&Assessed> = items
        .iter()
        .filter(|a| a.item.component_index.is_none() && a.item.category.project() == Some(Project::Network))
        .collect();
    let mut sites: Vec<String> = devices.iter().filter_map(|a| a.item.site.clone()).collect();
    sites.sort();
    sites.dedup();
    let needle = text.to_lowercase();
    let mut rows: Vec<Row> = devices
        .iter()
        .filter(|a| site.is_empty() || a.item.site.as_deref() == Some(site))
        .filter(|a| status.is_empty() || a.assessment.status.as_str() == status)
        .filter(|a| {
            // A device's neighbours match too: searching a distribution switch lists what hangs off it.
            let links: Vec<&str> = fleet.topology.of(a.item.device_id).iter().map(|l| l.name.as_str()).collect();
            let links = links.join(" ");
            needle.is_empty()
                || format!("{} {:?} {:?} {:?} {links}", a.item.device_name, a.item.model, a.item.serial, a.item.vendor)
                    .to_lowercase()
                    .contains(&needle)
        })
        .map(|a| {
            let unreachable = reachability.get(&a.item.device_id).cloned().flatten();
            network_row(a, today, unreachable, fleet.topology.of(a.item.device_id))
        })
        .collect();
    let mut headers = headers(&NETWORK_COLUMNS, &["Age (years)"]);
    let base = format!("/network{}", query(&[("site", site), ("status", status), ("q", text)]));
    let (sort, desc, page) = arrangement(&p);
    let (start, total) = arrange(&mut rows, &mut headers, &base, sort, desc, page);
    let mut site_options: Vec<(&str, &str)> = vec![("", "all sites")];
    site_options.extend(sites.iter().map(|s| (s.as_str(), s.as_str())));
    let mut sections = vec![
        Section::Filters {
            action: "/network".into(),
            controls: vec![
                select("site", "Site", &site_options, site),
                select("status", "Status", &STATUSES, status),
                Control::Input {
                    name: "q".into(),
                    label: "Name, model, serial or neighbour".into(),
                    value: text.into(),
                    kind: "search",
                },
            ],
            submit: "Show".into(),
        },
        Section::Downloads(vec![
            (
                "Network devices and their components (CSV)".into(),
                "/api/v1/lifecycle/items?project=network&format=csv".into(),
            ),
            ("Work list: outdated devices (CSV)".into(), "/api/v1/lifecycle/outdated?format=csv".into()),
            ("Work list: outdated devices (Excel)".into(), "/api/v1/lifecycle/outdated?format=xlsx".into()),
        ]),
    ];
    sections.extend(paging(&base, start, total, viewer.lang));
    sections.push(Section::Table(Table {
        id: "network".into(),
        headers,
        rows: rows.into_iter().map(|r| r.cells).collect(),
        filterable: true,
        empty: "No network device matches.".into(),
    }));
    render(&viewer, Nav::Network, "Network devices", sections)
}

/// The names at the other end of a device's links, the first few of them.
fn connected(links: &[Link]) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
    names.dedup();
    let more = names.len().saturating_sub(SHOWN);
    names.truncate(SHOWN);
    let mut text = names.join(", ");
    if more > 0 {
        text.push_str(&format!(" +{more} more"));
    }
    text
}

fn network_row(a: &Assessed, today: chrono::NaiveDate, unreachable: Option<String>, links: &[Link]) -> Row {
    let (item, s) = (&a.item, &a.assessment);
    let age = age_years(item, today);
    let firmware = item.software.as_ref().map(|sw| format!("{} {}", sw.family, sw.version));
    let rule = s.decided_by.as_ref().map(|r| r.rule.clone());
    let answering = match &unreachable {
        Some(reason) => format!("no: {reason}"),
        None => "yes".into(),
    };
    let source = item.age_source();
    let replace_by = s.replace_by.map(|d| d.to_string());
    let last_seen = item.last_seen.format("%Y-%m-%d").to_string();
    Row {
        cells: vec![
            Cell::link(&item.device_name, format!("/device/{}", item.device_id)),
            Cell::text(item.site.clone().unwrap_or_default()),
            Cell::text(item.category.as_str()),
            Cell::text(item.model.clone().unwrap_or_default()),
            Cell::text(item.serial.clone().unwrap_or_default()),
            Cell::text(firmware.clone().unwrap_or_default()),
            Cell::num(age.map_or(String::new(), |a| format!("{a:.1}"))),
            Cell::text(source.unwrap_or("")),
            Cell::status(s.status.as_str()),
            Cell::text(rule.clone().unwrap_or_default()),
            Cell::text(replace_by.clone().unwrap_or_default()),
            Cell::text(&last_seen),
            Cell::text(&answering),
            Cell::text(connected(links)),
        ],
        keys: vec![
            Key::text(Some(&item.device_name)),
            Key::text(item.site.as_deref()),
            Key::text(Some(item.category.as_str())),
            Key::text(item.model.as_deref()),
            Key::text(item.serial.as_deref()),
            Key::text(firmware.as_deref()),
            Key::num(age),
            Key::text(source),
            Key::Num(-(s.status as u8 as f64)),
            Key::text(rule.as_deref()),
            Key::text(replace_by.as_deref()),
            Key::text(Some(&last_seen)),
            Key::text(Some(&answering)),
            Key::Num(links.len() as f64),
        ],
    }
}

pub async fn servers(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let today = Utc::now().date_naive();
    let items = match assessed(&app, today) {
        Ok(items) => items,
        Err(err) => return failed(&viewer, Nav::Servers, err.into()),
    };
    let by_id: HashMap<uuid::Uuid, &Assessed> =
        items.iter().filter(|a| a.item.component_index.is_none()).map(|a| (a.item.device_id, a)).collect();
    let (department, patch, platform) =
        (param(&p, "department").unwrap_or(""), param(&p, "patch").unwrap_or(""), param(&p, "platform").unwrap_or(""));
    let all = app.rows();
    let servers: Vec<&inventory::DeviceRow> = all.iter().filter(|r| r.is_server()).collect();
    let mut departments: Vec<String> = servers.iter().filter_map(|r| r.department.clone()).collect();
    departments.sort();
    departments.dedup();
    let mut rows: Vec<Row> = servers
        .iter()
        .filter(|r| department.is_empty() || r.department.as_deref() == Some(department))
        .filter(|r| patch.is_empty() || r.patch_status.map(|s| s.as_str()) == Some(patch))
        .filter(|r| platform.is_empty() || r.platform.map(|s| s.as_str()) == Some(platform))
        .map(|r| server_row(r, by_id.get(&r.device_id).copied(), today))
        .collect();
    let mut headers = headers(&SERVER_COLUMNS, &["Pending", "Security", "Hardware age"]);
    let base = format!("/servers{}", query(&[("department", department), ("patch", patch), ("platform", platform)]));
    let (sort, desc, page) = arrangement(&p);
    let (start, total) = arrange(&mut rows, &mut headers, &base, sort, desc, page);
    let mut dept_options: Vec<(&str, &str)> = vec![("", "all departments")];
    dept_options.extend(departments.iter().map(|d| (d.as_str(), d.as_str())));
    let patch_options = [
        ("", "any"),
        ("security", "security updates pending"),
        ("pending", "updates pending"),
        ("up_to_date", "up to date"),
        ("unknown", "unknown"),
    ];
    let platform_options = [
        ("", "any"),
        ("physical", "physical"),
        ("virtual", "virtual"),
        ("container", "container"),
        ("unknown", "unknown"),
    ];
    let mut sections = vec![
        Section::Filters {
            action: "/servers".into(),
            controls: vec![
                select("department", "Department", &dept_options, department),
                select("patch", "Patch status", &patch_options, patch),
                select("platform", "Platform", &platform_options, platform),
            ],
            submit: "Show".into(),
        },
        Section::Downloads(vec![("Servers (CSV)".into(), "/api/v1/devices?kind=server&format=csv".into())]),
    ];
    sections.extend(paging(&base, start, total, viewer.lang));
    sections.push(Section::Table(Table {
        id: "servers".into(),
        headers,
        rows: rows.into_iter().map(|r| r.cells).collect(),
        filterable: true,
        empty: "No server matches.".into(),
    }));
    render(&viewer, Nav::Servers, "Servers", sections)
}

fn server_row(r: &inventory::DeviceRow, a: Option<&Assessed>, today: chrono::NaiveDate) -> Row {
    let os_rule = a.and_then(|a| a.assessment.rules.iter().find(|rule| rule.rule.starts_with("endoflife.date")));
    let os_support = match os_rule {
        Some(rule) => format!("{} ({})", rule.status.as_str().replace('_', " "), rule.date),
        None => a
            .and_then(|a| a.assessment.notes.iter().find(|n| n.starts_with("no release cycle")))
            .cloned()
            .unwrap_or_default(),
    };
    let age = a.and_then(|a| age_years(&a.item, today));
    let source = a.and_then(|a| a.item.age_source());
    let status = a.map_or(Status::Unknown, |a| a.assessment.status);
    let yes_no = |v: Option<bool>| v.map_or("unknown", |b| if b { "yes" } else { "no" });
    let patched = r.last_patched.map(|d| d.format("%Y-%m-%d").to_string());
    Row {
        cells: vec![
            device_link(r.device_id, &r.hostname),
            Cell::text(r.department.clone().unwrap_or_default()),
            Cell::text(r.site.clone().unwrap_or_default()),
            Cell::text(r.platform.map_or("", |p| p.as_str())),
            Cell::text(r.os.clone().unwrap_or_default()),
            Cell::num(r.pending_updates.map_or("unknown".into(), |n| n.to_string())),
            Cell::num(r.security_updates.map_or("unknown".into(), |n| n.to_string())),
            Cell::text(patched.clone().unwrap_or_else(|| "unknown".into())),
            Cell::text(yes_no(r.reboot_required)),
            Cell::text(&os_support),
            Cell::num(age.map_or(String::new(), |a| format!("{a:.1}"))),
            Cell::text(source.unwrap_or("")),
            Cell::status(status.as_str()),
        ],
        keys: vec![
            Key::text(Some(&r.hostname)),
            Key::text(r.department.as_deref()),
            Key::text(r.site.as_deref()),
            Key::text(r.platform.map(|p| p.as_str())),
            Key::text(r.os.as_deref()),
            Key::num(r.pending_updates.map(f64::from)),
            Key::num(r.security_updates.map(f64::from)),
            Key::text(patched.as_deref()),
            Key::text(Some(yes_no(r.reboot_required))),
            Key::text(Some(&os_support)),
            Key::num(age),
            Key::text(source),
            Key::Num(-(status as u8 as f64)),
        ],
    }
}
