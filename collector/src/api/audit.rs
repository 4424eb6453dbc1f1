//! `GET /api/v1/audit` (admins): who changed what, newest first, filtered by device,
//! credential, actor or action; also as CSV.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use super::extract::Query;
use super::format::{Format, csv_response};
use super::openapi::Csv;
use crate::app::{AppState, audit};
use crate::audit::{Event, Filter};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    device_id: Option<Uuid>,
    credential: Option<String>,
    actor: Option<String>,
    /// An action or its prefix: `report.refused`, `import`.
    action: Option<String>,
    /// The newest this many events (1 to 100 000, default 1 000).
    #[param(minimum = 1)]
    limit: Option<usize>,
    /// `json` (the default) or `csv`.
    #[serde(default)]
    format: Format,
}

#[derive(Serialize, utoipa::ToSchema)]
struct EventList {
    count: usize,
    events: Vec<Event>,
}

/// Who changed what, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "admin",
    params(AuditQuery),
    responses((status = 200, description = "The events.", content((EventList = "application/json"), (Csv = "text/csv")))),
)]
pub async fn list(State(app): State<AppState>, Query(q): Query<AuditQuery>) -> Result<Response, ApiError> {
    let filter = Filter { device_id: q.device_id, credential: q.credential, actor: q.actor, action: q.action };
    let events = audit::events(&app, &filter, q.limit.unwrap_or(1000))?;
    Ok(match q.format {
        Format::Json => Json(EventList { count: events.len(), events }).into_response(),
        Format::Csv => csv_response(&events, "audit"),
    })
}
