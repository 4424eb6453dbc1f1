//! The audit log (administrators only): who changed what, and when, filtered by device,
//! credential, actor or action as `GET /api/v1/audit` is, newest first.

use arsring_dashboard::i18n::integer;
use arsring_dashboard::{Cell, Control, Header, Lang, Nav, Section, Table, Text};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::{Params, forbidden, param, query, render};
use crate::app::{self, AppState};
use crate::audit::{Event, Filter};
use crate::tokens::Role;
use crate::web::Viewer;
use crate::web::error::PageError;

pub(crate) mod text;

/// Events listed on the page: more is no longer read on a screen; the CSV has up to the
/// API's maximum.
const SHOWN: usize = 500;

/// The filter's query parameters and their labels, in the order of the form.
const FIELDS: [(&str, Text); 4] = [
    ("device_id", text::DEVICE_ID),
    ("credential", text::CREDENTIAL_FILTER),
    ("actor", text::ACTOR_FILTER),
    ("action", text::ACTION_FILTER),
];

pub async fn audit_log(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    if viewer.session.caller.role != Role::Admin {
        return forbidden(&viewer);
    }
    let lang = viewer.lang;
    let title = text::TITLE.get(lang);
    // The form stays above an error, holding what was typed, so it can be corrected.
    let mut sections = vec![filters(&p, lang)];
    match listing(&app, &p, lang) {
        Ok(more) => {
            sections.extend(more);
            render(&viewer, Nav::Admin, title, sections)
        }
        Err(err) => {
            let alert = if err.field.is_empty() {
                text::CANNOT_SHOW.get(lang).into()
            } else {
                text::CHECK.get(lang).replace("{field}", &err.field)
            };
            sections.push(Section::Alert { title: alert, body: vec![err.message] });
            (err.status, render(&viewer, Nav::Admin, title, sections)).into_response()
        }
    }
}

fn filters(p: &Params, lang: Lang) -> Section {
    let input = |(name, label): (&str, Text)| Control::Input {
        name: name.into(),
        label: label.get(lang).into(),
        value: param(p, name).unwrap_or("").into(),
        kind: "text",
    };
    let submit = super::text::SHOW.get(lang).into();
    Section::Filters { action: "/admin/audit".into(), controls: FIELDS.map(input).into(), submit }
}

/// The filter a query asks for, with the messages in English.
#[cfg(test)]
fn filter(p: &Params) -> Result<Filter, PageError> {
    filter_in(p, Lang::En)
}

/// The filter a query asks for; blank fields select everything.
fn filter_in(p: &Params, lang: Lang) -> Result<Filter, PageError> {
    let value = |key: &str| param(p, key).map(str::trim).filter(|v| !v.is_empty()).map(String::from);
    let device_id = value("device_id")
        .map(|id| Uuid::parse_str(&id).map_err(|_| PageError::bad_query("device_id", text::BAD_DEVICE_ID.get(lang))))
        .transpose()?;
    Ok(Filter { device_id, credential: value("credential"), actor: value("actor"), action: value("action") })
}

fn listing(app: &AppState, p: &Params, lang: Lang) -> Result<Vec<Section>, PageError> {
    let filter = filter_in(p, lang)?;
    // One more than is shown tells whether more match, without counting them all.
    let mut events = app::audit::events(app, &filter, SHOWN + 1)?;
    let more = events.len() > SHOWN;
    events.truncate(SHOWN);
    let count = |n: usize| integer(lang, i64::try_from(n).unwrap_or(i64::MAX));
    let note = if more {
        text::MORE_THAN_SHOWN.get(lang).replace("{shown}", &count(SHOWN))
    } else {
        text::MATCHING.get(lang).replace("{count}", &count(events.len()))
    };
    let mut out = vec![
        Section::Note(note),
        Section::Table(table(&events, lang)),
        Section::Downloads(vec![(text::CSV.get(lang).into(), csv_href(&filter))]),
    ];
    if FIELDS.iter().any(|(name, _)| param(p, name).is_some()) {
        out.push(Section::Links(vec![(text::ALL_EVENTS.get(lang).into(), "/admin/audit".into())]));
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

fn table(events: &[Event], lang: Lang) -> Table {
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
        headers: [text::TIME, text::ACTOR, text::ACTION, text::DEVICE, text::CREDENTIAL, text::DETAIL]
            .iter()
            .map(|h| Header::new(h.get(lang)))
            .collect(),
        rows: events.iter().map(row).collect(),
        filterable: true,
        empty: text::NO_MATCH.get(lang).into(),
    }
}

#[cfg(test)]
mod tests;
