//! `GET /metrics`: Prometheus text format.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::openapi::Metrics;
use crate::app::{AppState, metrics};

/// Reports by outcome, ingest latency, devices by kind, stale devices, store size, lifecycle
/// items by category and status.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "service",
    responses((status = 200, description = "The metrics.", content((Metrics = "application/openmetrics-text")))),
)]
pub async fn get(State(app): State<AppState>) -> Result<Response, ApiError> {
    let body = metrics::exposition(&app)?;
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response())
}
