//! Enrolment and per-device credentials: `POST /api/v1/enrol` (the enrolment secret or an
//! admin), and for admins the credential list, revocation and `reset-identity`.

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use super::extract::Query;
use super::format::{Format, FormatQuery, csv_response};
use crate::app::AppState;
use crate::app::identity::{self, CredentialView, EnrolRequest, Enrolled};
use crate::tokens::Caller;

pub async fn enrol(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: axum::body::Bytes,
) -> Result<Json<Enrolled>, ApiError> {
    let request: EnrolRequest = serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(&body))
        .map_err(|e| {
            let field = e.path().to_string();
            ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                if field == "." { String::new() } else { field },
                e.inner().to_string(),
            )
        })?;
    let by = format!("{} ({})", caller.name, caller.token_id);
    Ok(Json(identity::enrol(&app, request, &by).await?))
}

#[derive(Serialize)]
struct CredentialList {
    count: usize,
    credentials: Vec<CredentialView>,
}

pub async fn list(State(app): State<AppState>, Query(q): Query<FormatQuery>) -> Result<Response, ApiError> {
    let credentials = identity::credentials(&app);
    Ok(match q.format {
        Format::Json => Json(CredentialList { count: credentials.len(), credentials }).into_response(),
        Format::Csv => csv_response(&credentials, "credentials"),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeQuery {
    /// Let the devices bound to it be claimed by another credential.
    #[serde(default)]
    release: bool,
}

#[derive(Serialize, Deserialize)]
pub struct Revoked {
    pub credential_id: String,
    pub revoked_at: chrono::DateTime<chrono::Utc>,
    pub released: bool,
}

pub async fn revoke(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Query(q): Query<RevokeQuery>,
) -> Result<Json<Revoked>, ApiError> {
    let record = identity::revoke(&app, &id, q.release, &caller.name).await?;
    let revoked_at = record.revoked_at.unwrap_or_else(chrono::Utc::now);
    Ok(Json(Revoked { credential_id: record.id, revoked_at, released: q.release }))
}

#[derive(Serialize, Deserialize)]
pub struct Reset {
    pub device_id: Uuid,
    /// The credential the device was bound to (revoked when it was an agent's key).
    pub was_bound_to: String,
}

pub async fn reset_identity(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Reset>, ApiError> {
    let device_id =
        Uuid::parse_str(&id).map_err(|_| ApiError::bad_query("id", format!("{id:?} is not a device id (UUID)")))?;
    let was_bound_to = identity::reset_identity(&app, device_id, &caller.name).await?;
    Ok(Json(Reset { device_id, was_bound_to }))
}
