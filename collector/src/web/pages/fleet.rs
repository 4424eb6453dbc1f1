//! The overview, and the network devices' and servers' tables.

mod rows;
pub(crate) mod text;

use std::collections::HashMap;

use arsring_dashboard::i18n::{decimal, integer};
use arsring_dashboard::{Card, Cell, Control, Header, Lang, Nav, Section, Table, Text};
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Utc;

use super::text::{SHOW, status as status_name};
use super::{Params, arrangement, failed, paging, param, query, render, select};
use crate::app::AppState;
use crate::app::lifecycle::{ShareAnswer, share};
use crate::app::{self, assessed};
use crate::inventory;
use crate::inventory::topology::Topology;
use crate::lifecycle::Assessed;
use crate::lifecycle::model::Project;
use crate::lifecycle::status::Status;
use crate::web::Viewer;
use crate::web::sorting::arrange;
use rows::{NetworkLine, ServerLine};

fn device_link(id: uuid::Uuid, name: &str) -> Cell {
    Cell::link(name, format!("/device/{id}"))
}

/// A count as the reader writes it (`1 234` / `1,234`).
fn count(n: impl TryInto<i64>, lang: Lang) -> String {
    integer(lang, n.try_into().unwrap_or(i64::MAX))
}

/// An age in years to one decimal, in the reader's notation.
fn years(age: Option<f64>, lang: Lang) -> String {
    age.map_or(String::new(), |a| decimal(lang, a, 1))
}

/// A lifecycle status cell, its CSS class from the code.
// The label stays English until the dashboard's status cell takes a label apart from the code.
fn status_cell(status: Status, lang: Lang) -> Cell {
    Cell::status_labelled(status.as_str(), super::text::status(status, lang))
}

fn count_table(id: &str, first: Text, rows: Vec<(String, Vec<usize>)>, columns: &[Text], lang: Lang) -> Table {
    let mut headers = vec![Header::new(first.get(lang))];
    headers.extend(columns.iter().map(|c| Header::num(c.get(lang))));
    Table {
        id: id.into(),
        headers,
        rows: rows
            .into_iter()
            .map(|(k, counts)| {
                std::iter::once(Cell::text(k)).chain(counts.into_iter().map(|n| Cell::num(count(n, lang)))).collect()
            })
            .collect(),
        filterable: false,
        empty: text::NOTHING_REPORTED.get(lang).into(),
    }
}

pub async fn overview(State(app): State<AppState>, viewer: Viewer) -> Response {
    let lang = viewer.lang;
    let found = app::inventory::summary(&app, None).and_then(|summary| Ok((summary, share(&app, None)?)));
    let (summary, eol) = match found {
        Ok(found) => found,
        Err(err) => return failed(&viewer, Nav::Overview, err.into()),
    };
    let by_site: Vec<(String, Vec<usize>)> = summary
        .network_by_site
        .iter()
        .map(|g| {
            let key = g.key.clone().unwrap_or_else(|| text::NO_SITE.get(lang).into());
            (key, vec![g.counts.total, g.counts.unreachable])
        })
        .collect();
    let groups = |groups: &[inventory::Group], none: Text| -> Vec<(String, Vec<usize>)> {
        groups
            .iter()
            .map(|g| {
                (
                    g.key.clone().unwrap_or_else(|| none.get(lang).into()),
                    vec![g.counts.total, g.counts.physical, g.counts.r#virtual],
                )
            })
            .collect()
    };
    let server_columns = [text::SERVERS, text::PHYSICAL_COLUMN, text::VIRTUAL_COLUMN];
    let patch = summary.patch_status.iter().map(|(k, n)| (text::patch_status(k, lang), vec![*n])).collect();
    let by_department = groups(&summary.by_department, text::UNASSIGNED_DEPARTMENT);
    let by_server_site = groups(&summary.by_site, text::UNASSIGNED_SITE);
    let heading = |t: Text| Section::Heading(t.get(lang).into());
    let sections = vec![
        Section::Cards(overview_cards(&summary, &eol, lang)),
        heading(text::SERVERS_BY_DEPARTMENT),
        Section::Table(count_table("by-department", text::DEPARTMENT, by_department, &server_columns, lang)),
        heading(text::SERVERS_BY_SITE),
        Section::Table(count_table("by-site", text::SITE, by_server_site, &server_columns, lang)),
        heading(text::NETWORK_BY_SITE),
        Section::Table(count_table(
            "network-by-site",
            text::SITE,
            by_site,
            &[text::DEVICES, text::NOT_ANSWERING],
            lang,
        )),
        heading(text::PATCH_STATUS),
        Section::Table(count_table("patch", text::STATUS, patch, &[text::SERVERS], lang)),
        heading(text::AGENTS_NOT_REPORTING),
        Section::Table(stale_table(&summary.stale_agents, lang)),
    ];
    render(&viewer, Nav::Overview, text::OVERVIEW.get(lang), sections)
}

fn overview_cards(summary: &inventory::Summary, eol: &ShareAnswer, lang: Lang) -> Vec<Card> {
    let s = &summary.servers;
    let n = |v: usize| count(v, lang);
    let card =
        |label: Text, value: String, note: String| Card { label: label.get(lang).into(), value, note: Some(note) };
    let security = summary.patch_status.get("security").copied().unwrap_or(0);
    vec![
        card(
            text::SERVERS,
            n(s.total),
            text::SERVERS_NOTE.fill(
                lang,
                &[("physical", &n(s.physical)), ("virtual", &n(s.r#virtual)), ("container", &n(s.container))],
            ),
        ),
        card(
            text::NETWORK_DEVICES,
            n(summary.network.total),
            text::NOT_ANSWERING_NOTE.fill(lang, &[("count", &n(summary.network.unreachable))]),
        ),
        card(
            text::PAST_END,
            format!("{} %", eol.percent),
            text::PAST_END_NOTE.fill(
                lang,
                &[
                    ("items_past", &n(eol.items_past)),
                    ("items", &n(eol.items)),
                    ("devices_past", &n(eol.devices_past)),
                    ("devices", &n(eol.devices)),
                ],
            ),
        ),
        card(
            text::SECURITY_PENDING_CARD,
            n(security),
            text::REBOOT_NOTE.fill(lang, &[("count", &n(summary.reboot_required))]),
        ),
        card(
            text::AGENTS_NOT_REPORTING,
            n(summary.stale_agents.len()),
            text::SILENT_NOTE.fill(lang, &[("days", &count(summary.stale_after_days, lang))]),
        ),
    ]
}

fn stale_table(agents: &[inventory::StaleAgent], lang: Lang) -> Table {
    Table {
        id: "stale".into(),
        headers: vec![
            Header::new(text::SERVER.get(lang)),
            Header::new(text::LAST_SEEN.get(lang)),
            Header::num(text::DAYS_SILENT.get(lang)),
        ],
        rows: agents
            .iter()
            .map(|a| {
                vec![
                    device_link(a.device_id, &a.hostname),
                    Cell::text(a.last_seen.format("%Y-%m-%d %H:%M").to_string()),
                    Cell::num(count(a.days_silent, lang)),
                ]
            })
            .collect(),
        filterable: false,
        empty: text::ALL_REPORTED.get(lang).into(),
    }
}

/// A column's header, and whether it is right-aligned (numbers).
type Column = (Text, bool);

const NETWORK_COLUMNS: [Column; 14] = [
    (text::DEVICE, false),
    (text::SITE, false),
    (text::CATEGORY, false),
    (text::MODEL, false),
    (text::SERIAL, false),
    (text::FIRMWARE, false),
    (text::AGE, true),
    (text::AGE_FROM, false),
    (text::STATUS, false),
    (text::DECIDED_BY, false),
    (text::REPLACE_BY, false),
    (text::LAST_SEEN, false),
    (text::ANSWERING, false),
    (text::CONNECTED_TO, false),
];

const SERVER_COLUMNS: [Column; 13] = [
    (text::SERVER, false),
    (text::DEPARTMENT, false),
    (text::SITE, false),
    (text::PLATFORM, false),
    (text::OS, false),
    (text::PENDING, true),
    (text::SECURITY, true),
    (text::LAST_PATCHED, false),
    (text::REBOOT, false),
    (text::OS_SUPPORT, false),
    (text::HARDWARE_AGE, true),
    (text::AGE_FROM, false),
    (text::LIFECYCLE, false),
];

fn headers(columns: &[Column], lang: Lang) -> Vec<Header> {
    columns
        .iter()
        .map(|(t, numeric)| if *numeric { Header::num(t.get(lang)) } else { Header::new(t.get(lang)) })
        .collect()
}

/// The status filter's choices, worst first.
const STATUSES: [Status; 5] =
    [Status::PastEndOfSecurityUpdates, Status::PastEndOfLife, Status::Due, Status::Ok, Status::Unknown];

pub async fn network(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let lang = viewer.lang;
    let today = Utc::now().date_naive();
    let items = match assessed(&app, today) {
        Ok(items) => items,
        Err(err) => return failed(&viewer, Nav::Network, err.into()),
    };
    let (site, status, search) =
        (param(&p, "site").unwrap_or(""), param(&p, "status").unwrap_or(""), param(&p, "q").unwrap_or(""));
    let fleet = app::fleet(&app);
    let devices: Vec<&Assessed> = items
        .iter()
        .filter(|a| a.item.component_index.is_none() && a.item.category.project() == Some(Project::Network))
        .collect();
    let mut sites: Vec<String> = devices.iter().filter_map(|a| a.item.site.clone()).collect();
    sites.sort();
    sites.dedup();
    let needle = search.to_lowercase();
    let mut lines: Vec<NetworkLine> = devices
        .iter()
        .filter(|a| site.is_empty() || a.item.site.as_deref() == Some(site))
        .filter(|a| status.is_empty() || a.assessment.status.as_str() == status)
        .filter(|a| needle.is_empty() || matches_search(a, &fleet.topology, &needle))
        .map(|a| NetworkLine {
            assessed: a,
            unreachable: fleet.device(a.item.device_id).and_then(|r| r.unreachable.as_ref()).map(|u| u.reason.as_str()),
            links: fleet.topology.of(a.item.device_id),
        })
        .collect();
    let mut headers = headers(&NETWORK_COLUMNS, lang);
    let base = format!("/network{}", query(&[("site", site), ("status", status), ("q", search)]));
    let (sort, desc, page) = arrangement(&p);
    let (start, total) =
        arrange(&mut lines, &mut headers, &base, sort, desc, page, |line, col| rows::network_key(line, col, today));
    let mut site_options: Vec<(&str, &str)> = vec![("", text::ALL_SITES.get(lang))];
    site_options.extend(sites.iter().map(|s| (s.as_str(), s.as_str())));
    let mut status_options: Vec<(&str, &str)> = vec![("", text::ANY_STATUS.get(lang))];
    status_options.extend(STATUSES.iter().map(|s| (s.as_str(), status_name(*s, lang))));
    let t = |t: Text| t.get(lang).to_string();
    let mut sections = vec![
        Section::Filters {
            action: "/network".into(),
            controls: vec![
                select("site", text::SITE.get(lang), &site_options, site),
                select("status", text::STATUS.get(lang), &status_options, status),
                Control::Input { name: "q".into(), label: t(text::SEARCH), value: search.into(), kind: "search" },
            ],
            submit: t(SHOW),
        },
        Section::Downloads(vec![
            (t(text::NETWORK_CSV), "/api/v1/lifecycle/items?project=network&format=csv".into()),
            (t(text::OUTDATED_CSV), "/api/v1/lifecycle/outdated?format=csv".into()),
            (t(text::OUTDATED_EXCEL), "/api/v1/lifecycle/outdated?format=xlsx".into()),
        ]),
    ];
    sections.extend(paging(&base, start, total, lang));
    sections.push(Section::Table(Table {
        id: "network".into(),
        headers,
        rows: lines.iter().map(|line| rows::network_cells(line, today, lang)).collect(),
        filterable: true,
        empty: t(text::NO_NETWORK_DEVICE),
    }));
    render(&viewer, Nav::Network, text::NETWORK_DEVICES.get(lang), sections)
}

pub async fn servers(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let lang = viewer.lang;
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
    let mut lines: Vec<ServerLine> = servers
        .iter()
        .filter(|r| department.is_empty() || r.department.as_deref() == Some(department))
        .filter(|r| patch.is_empty() || r.patch_status.map(|s| s.as_str()) == Some(patch))
        .filter(|r| platform.is_empty() || r.platform.map(|s| s.as_str()) == Some(platform))
        .map(|r| ServerLine { row: r, assessed: by_id.get(&r.device_id).copied() })
        .collect();
    let mut headers = headers(&SERVER_COLUMNS, lang);
    let base = format!("/servers{}", query(&[("department", department), ("patch", patch), ("platform", platform)]));
    let (sort, desc, page) = arrangement(&p);
    let (start, total) =
        arrange(&mut lines, &mut headers, &base, sort, desc, page, |line, col| rows::server_key(line, col, today));
    let t = |t: Text| t.get(lang);
    let mut dept_options: Vec<(&str, &str)> = vec![("", t(text::ALL_DEPARTMENTS))];
    dept_options.extend(departments.iter().map(|d| (d.as_str(), d.as_str())));
    let patch_options = [
        ("", t(text::ANY)),
        ("security", t(text::SECURITY_UPDATES_PENDING)),
        ("pending", t(text::UPDATES_PENDING)),
        ("up_to_date", t(text::UP_TO_DATE)),
        ("unknown", status_name(Status::Unknown, lang)),
    ];
    let platform_options = [
        ("", t(text::ANY)),
        ("physical", t(text::PHYSICAL)),
        ("virtual", t(text::VIRTUAL)),
        ("container", t(text::CONTAINER)),
        ("unknown", status_name(Status::Unknown, lang)),
    ];
    let mut sections = vec![
        Section::Filters {
            action: "/servers".into(),
            controls: vec![
                select("department", t(text::DEPARTMENT), &dept_options, department),
                select("patch", t(text::PATCH_STATUS), &patch_options, patch),
                select("platform", t(text::PLATFORM), &platform_options, platform),
            ],
            submit: t(SHOW).into(),
        },
        Section::Downloads(vec![(t(text::SERVERS_CSV).into(), "/api/v1/devices?kind=server&format=csv".into())]),
    ];
    sections.extend(paging(&base, start, total, lang));
    sections.push(Section::Table(Table {
        id: "servers".into(),
        headers,
        rows: lines.iter().map(|line| rows::server_cells(line, today, lang)).collect(),
        filterable: true,
        empty: t(text::NO_SERVER).into(),
    }));
    render(&viewer, Nav::Servers, t(text::SERVERS), sections)
}

/// Whether a network device matches a search: its name, model, serial, vendor, or the name
/// of a neighbour (searching a distribution switch lists what hangs off it).
fn matches_search(a: &Assessed, topology: &Topology, needle: &str) -> bool {
    let links: Vec<&str> = topology.of(a.item.device_id).iter().map(|l| l.name.as_str()).collect();
    let links = links.join(" ");
    format!("{} {:?} {:?} {:?} {links}", a.item.device_name, a.item.model, a.item.serial, a.item.vendor)
        .to_lowercase()
        .contains(needle)
}
