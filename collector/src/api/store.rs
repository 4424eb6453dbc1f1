//! `GET /api/v1/store/snapshot` (admins): the whole store at one moment in the portable
//! form, for `store backup` or for a backup job on another machine (`curl` with an admin
//! token). The trailer's rows per table are also in the `Arsring-Rows` header.

use axum::body::Body;
use axum::extract::{Extension, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::openapi::Snapshot;
use crate::app::{AppState, snapshot};
use crate::tokens::Caller;

/// The whole store at one moment in the portable form (docs/store-format.md), streamed.
#[utoipa::path(
    get,
    path = "/api/v1/store/snapshot",
    tag = "admin",
    responses((
        status = 200,
        description = "The snapshot, as a download.",
        headers(("arsring-rows" = u64, description = "Rows in all tables.")),
        content((Snapshot = "application/x-ndjson")),
    )),
)]
pub async fn snapshot(State(app): State<AppState>, Extension(caller): Extension<Caller>) -> Result<Response, ApiError> {
    let taken = snapshot::take(&app, &caller.name).await?;
    let rows: u64 = taken.trailer.end.values().map(|t| t.rows).sum();
    let stream = tokio_util::io::ReaderStream::with_capacity(tokio::fs::File::from_std(taken.file), 1 << 16);
    let name = format!("attachment; filename=\"arsring-{}.jsonl\"", chrono::Utc::now().format("%Y%m%dT%H%M%SZ"));
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson".to_string()),
            (header::CONTENT_DISPOSITION, name),
            (header::HeaderName::from_static("arsring-rows"), rows.to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
