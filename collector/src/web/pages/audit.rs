//! The audit log (administrators only): who changed what, and when, filtered by device,
//! credential, actor or action as `GET /api/v1/audit` is, newest first.

use arsring_dashboard::{Cell, Control, Header, Nav, Section, Table};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::{Params, forbidden, param, query, render};
use crate::app::{self, AppState};
use crate::audit::{Event, Filter};
use crate::tokens::Role;
use crate::web::Viewer;
use crate::web::error::PageError;

const TITLE: &str = "Audit log";

/// Events listed on the page: more is no longer read on a screen; the CSV has up to the
/// API's maximum.
const SHOWN: usize = 500;

/// The filter's query parameters and their labels, in the order of the form.
const FIELDS: [(&str, &str); 4] = [
    ("device_id", "Device id"),
    ("credential", "Credential (cred_…, tok_…)"),
    ("actor", "Actor (part of the name)"),
    ("action", "Action (or its start: import)"),
];

pub async fn audit_log(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    if viewer.session.caller.role != Role::Admin {
        return forbidden(&viewer);
    }
    // The form stays above an error, holding what was typed, so it can be corrected.
    let mut sections = vec![filters(&p)];
    match listing(&app, &p) {
        Ok(more) => {
            sections.extend(more);
            render(&viewer, Nav::Admin, TITLE, sections)
        }
        Err(err) => {
            let title = if err.field.is_empty() {
                "The audit log cannot be shown".into()
            } else {
                format!("Check `{}`", err.field)
            };
            sections.push(Section::Alert { title, body: vec![err.message] });
            (err.status, render(&viewer, Nav::Admin, TITLE, sections)).into_response()
        }
    }
}

fn filters(p: &Params) -> Section {
    let input = |(name, label): (&str, &str)| Control::Input {
        name: name.into(),
        label: label.into(),
        value: param(p, name).unwrap_or("").into(),
        kind: "text",
    };
    Section::Filters { action: "/admin/audit".into(), controls: FIELDS.map(input).into(), submit: "Show".into() }
}

/// The filter a query asks for; blank fields select everything.
fn filter(p: &Params) -> Result<Filter, PageError> {
    let text = |key: &str| param(p, key).map(str::trim).filter(|v| !v.is_empty()).map(String::from);
    let device_id = text("device_id")
        .map(|id| {
            Uuid::parse_str(&id).map_err(|_| {
                PageError::bad_query(
                    "device_id",
                    "device_id must be a device's id, a UUID such as 5d1f2c3b-8e7a-5b6c-9d0e-1f2a3b4c5d6e",
                )
            })
        })
        .transpose()?;
    Ok(Filter { device_id, credential: text("credential"), actor: text("actor"), action: text("action") })
}

fn listing(app: &AppState, p: &Params) -> Result<Vec<Section>, PageError> {
    let filter = filter(p)?;
    // One more than is shown tells whether more match, without counting them all.
    let mut events = app::audit::events(app, &filter, SHOWN + 1)?;
    let more = events.len() > SHOWN;
    events.truncate(SHOWN);
    let note = if more {
        format!("More than {SHOWN} events match; the {SHOWN} newest are shown. Narrow the filter, or download the CSV.")
    } else {
        format!("{} events match, newest first. Times are UTC.", events.len())
    };
    let mut out = vec![
        Section::Note(note),
        Section::Table(table(&events)),
        Section::Downloads(vec![("CSV".into(), csv_href(&filter))]),
    ];
    if FIELDS.iter().any(|(name, _)| param(p, name).is_some()) {
        out.push(Section::Links(vec![("All events".into(), "/admin/audit".into())]));
    }
    Ok(out)
}

/// The same events from the API, up to its maximum.
fn csv_href(filter: &Filter) -> String {
    let device = filter.device_id.map(|d| d.to_string()).unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let (credential, actor, action) = (text(&filter.credential), text(&filter.actor), text(&filter.action));
    let limit = app::audit::MAX_LIMIT.to_string();
    let pairs = [
        ("device_id", device.as_str()),
        ("credential", &credential),
        ("actor", &actor),
        ("action", &action),
        ("limit", &limit),
        ("format", "csv"),
    ];
    format!("/api/v1/audit{}", query(&pairs))
}

fn table(events: &[Event]) -> Table {
    let row = |e: &Event| {
        vec![
            Cell::text(e.at.format("%Y-%m-%d %H:%M:%S").to_string()),
            Cell::text(&e.actor),
            Cell::text(&e.action),
            e.device_id.map_or_else(|| Cell::text(""), |id| Cell::link(id.to_string(), format!("/device/{id}"))),
            Cell::text(e.credential.clone().unwrap_or_default()),
            Cell::text(&e.detail),
        ]
    };
    Table {
        id: "audit-events".into(),
        headers: ["Time", "Actor", "Action", "Device", "Credential", "Detail"].iter().map(|h| Header::new(h)).collect(),
        rows: events.iter().map(row).collect(),
        filterable: true,
        empty: "No event matches.".into(),
    }
}

#[cfg(test)]
mod tests;
