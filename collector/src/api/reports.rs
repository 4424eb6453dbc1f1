//! `POST /api/v1/reports`: decode, validate, store durably, then acknowledge.

use arsring_protocol::{ErrorBody, Receipt};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Extension, State};
use axum::http::StatusCode;

use super::error::ApiError;
use crate::app::identity::Reporter;
use crate::app::metrics::IngestOutcome;
use crate::app::{AppState, ingest};

/// Stores one report of one device, durably, before answering.
#[utoipa::path(
    post,
    path = "/api/v1/reports",
    tag = "ingest",
    request_body(content = arsring_protocol::Report, description = "One report (docs/protocol.md)."),
    responses(
        (status = 201, description = "Stored durably.", body = Receipt),
        (status = 200, description = "This report id was stored before; nothing changed.", body = Receipt),
        (status = 413, description = "Larger than 1 MiB.", body = ErrorBody),
        (status = 422, description = "Not a valid report; `field` names what is wrong.", body = ErrorBody),
    ),
)]
pub async fn post(
    State(app): State<AppState>,
    Extension(reporter): Extension<Reporter>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Receipt>), ApiError> {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            app.metrics.observe_ingest(IngestOutcome::Rejected, std::time::Duration::ZERO);
            return Err(ApiError::body(rejection));
        }
    };
    let receipt = ingest::receive(&app, &body, &reporter).await?;
    let status = if receipt.is_new() { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(receipt)))
}
