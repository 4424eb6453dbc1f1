//! `GET /api/v1/devices` (filtered list) and `GET /api/v1/devices/{id}` (one device with its history).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::AppState;
use super::error::ApiError;
use super::format::{Format, FormatQuery, csv_response};
use crate::inventory::{self, DeviceRow, Filter};

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

pub async fn list(
    State(app): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(ApiError::query)?;
    let kind = query.kind.as_deref().map(str::parse).transpose().map_err(|e: String| ApiError::bad_query("kind", e))?;
    let filter = Filter { kind, site: query.site, department: query.department, text: query.q };
    let rows: Vec<DeviceRow> = app.rows().into_iter().filter(|r| filter.matches(r)).collect();
    Ok(match query.format {
        Format::Csv => csv_response(&rows, "devices"),
        Format::Json => Json(json!({"count": rows.len(), "devices": rows})).into_response(),
    })
}

pub async fn get(State(app): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let record = app.store.device(id).ok_or_else(|| ApiError::not_found("device"))?;
    let history = app.store.history(id).map_err(ApiError::internal)?;
    let row = inventory::row(&record, Utc::now(), Duration::days(app.config.stale_after_days));
    Ok(Json(json!({"device": row, "report": record.report, "history": history})).into_response())
}

/// The history as rows: one per changed field.
pub async fn history(
    State(app): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<FormatQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(ApiError::query)?;
    let id = parse_id(&id)?;
    app.store.device(id).ok_or_else(|| ApiError::not_found("device"))?;
    let history = app.store.history(id).map_err(ApiError::internal)?;
    #[derive(serde::Serialize)]
    struct Row {
        received_at: chrono::DateTime<Utc>,
        report_id: Uuid,
        field: String,
        from: Option<String>,
        to: Option<String>,
    }
    let rows: Vec<Row> = history
        .iter()
        .flat_map(|e| {
            e.changes.iter().map(|c| Row {
                received_at: e.received_at,
                report_id: e.report_id,
                field: c.field.clone(),
                from: c.from.clone(),
                to: c.to.clone(),
            })
        })
        .collect();
    Ok(match query.format {
        Format::Csv => csv_response(&rows, "history"),
        Format::Json => Json(json!({"count": rows.len(), "changes": rows})).into_response(),
    })
}

fn parse_id(id: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id).map_err(|_| ApiError::bad_query("id", format!("{id:?} is not a device id (UUID)")))
}
