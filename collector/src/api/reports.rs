//! `POST /api/v1/reports`: decode, validate, store durably, then acknowledge.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use crate::store::Ingested;

pub async fn post(
    State(app): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let started = std::time::Instant::now();
    let outcome = ingest(&app, body).await;
    app.metrics.observe_ingest(outcome.as_ref().map(|(s, _)| *s).map_err(|e| e.status), started.elapsed());
    outcome
}

async fn ingest(app: &AppState, body: Result<Bytes, BytesRejection>) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = body.map_err(ApiError::body)?;
    let now = Utc::now();
    let report = arsring_protocol::decode_report(&body, now).map_err(ApiError::input)?;
    let report_id = report.report_id;
    match app.store.ingest(report, now).await.map_err(ApiError::internal)? {
        Ingested::Stored { device_id, first, changes } => Ok((
            StatusCode::CREATED,
            Json(
                json!({"status": "stored", "report_id": report_id, "device_id": device_id, "first": first, "changes": changes}),
            ),
        )),
        Ingested::StoredLate { device_id } => Ok((
            StatusCode::CREATED,
            Json(json!({"status": "stored_late", "report_id": report_id, "device_id": device_id})),
        )),
        Ingested::Duplicate { device_id } => {
            Ok((StatusCode::OK, Json(json!({"status": "duplicate", "report_id": report_id, "device_id": device_id}))))
        }
    }
}
