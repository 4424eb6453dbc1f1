//! `GET /api/v1/devices` (filtered list), `GET /api/v1/devices/{id}` (one device with its
//! history) and `GET /api/v1/devices/{id}/history` (the changes as rows).

use arsring_protocol::Report;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use super::extract::Query;
use super::format::{Format, FormatQuery, csv_response};
use crate::app::{self, AppState};
use crate::inventory::{DeviceRow, Filter};
use crate::store::HistoryEntry;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    kind: Option<String>,
    site: Option<String>,
    department: Option<String>,
    q: Option<String>,
    #[serde(default)]
    format: Format,
}

#[derive(Serialize)]
struct DeviceList {
    count: usize,
    devices: Vec<DeviceRow>,
}

pub async fn list(State(app): State<AppState>, Query(query): Query<ListQuery>) -> Result<Response, ApiError> {
    let kind = query.kind.as_deref().map(str::parse).transpose().map_err(|e: String| ApiError::bad_query("kind", e))?;
    let filter = Filter { kind, site: query.site, department: query.department, text: query.q };
    let devices = app::inventory::devices(&app, &filter);
    Ok(match query.format {
        Format::Csv => csv_response(&devices, "devices"),
        Format::Json => Json(DeviceList { count: devices.len(), devices }).into_response(),
    })
}

#[derive(Serialize)]
struct DeviceAnswer<'a> {
    device: DeviceRow,
    report: &'a Report,
    history: Vec<HistoryEntry>,
}

pub async fn get(State(app): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let detail = app::inventory::device(&app, parse_id(&id)?)?;
    let answer = DeviceAnswer { device: detail.row, report: &detail.record.report, history: detail.history };
    Ok(Json(answer).into_response())
}

/// One changed field of one report.
#[derive(Serialize)]
struct ChangeRow {
    received_at: DateTime<Utc>,
    report_id: Uuid,
    field: String,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct ChangeList {
    count: usize,
    changes: Vec<ChangeRow>,
}

/// The history as rows: one per changed field.
pub async fn history(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    let detail = app::inventory::device(&app, parse_id(&id)?)?;
    let changes: Vec<ChangeRow> = detail
        .history
        .into_iter()
        .flat_map(|e| {
            e.changes.into_iter().map(move |c| ChangeRow {
                received_at: e.received_at,
                report_id: e.report_id,
                field: c.field,
                from: c.from,
                to: c.to,
            })
        })
        .collect();
    Ok(match query.format {
        Format::Csv => csv_response(&changes, "history"),
        Format::Json => Json(ChangeList { count: changes.len(), changes }).into_response(),
    })
}

/// Which agent records and VM records are one machine, and the conflicts to resolve.
pub async fn links(State(app): State<AppState>, Query(query): Query<FormatQuery>) -> Result<Response, ApiError> {
    let fleet = app::fleet(&app);
    Ok(match query.format {
        Format::Json => Json(&fleet.links).into_response(),
        Format::Csv => {
            #[derive(Serialize)]
            struct Row<'a> {
                kind: &'static str,
                devices: String,
                detail: &'a str,
            }
            let links = fleet.links.links.iter().map(|l| Row {
                kind: "link",
                devices: format!("{} {}", l.agent, l.vm),
                detail: match l.by {
                    crate::inventory::link::LinkedBy::BiosUuid => "bios_uuid",
                    crate::inventory::link::LinkedBy::MacAddress => "mac_address",
                },
            });
            let conflicts = fleet.links.conflicts.iter().map(|c| Row {
                kind: "conflict",
                devices: c.devices.iter().map(Uuid::to_string).collect::<Vec<_>>().join(" "),
                detail: &c.reason,
            });
            csv_response(&links.chain(conflicts).collect::<Vec<_>>(), "links")
        }
    })
}

fn parse_id(id: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id).map_err(|_| ApiError::bad_query("id", format!("{id:?} is not a device id (UUID)")))
}
