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
use super::openapi::Csv;
use crate::app::AppState;
use crate::app::identity::{self, CredentialView, EnrolRequest, Enrolled};
use crate::tokens::Caller;
use arsring_protocol::ErrorBody;

/// Enrols an agent for its device, or a poller: answers a key of its own, once.
#[utoipa::path(
    post,
    path = "/api/v1/enrol",
    tag = "ingest",
    request_body = EnrolRequest,
    responses(
        (status = 200, description = "Enrolled: the key, shown only now.", body = Enrolled),
        (status = 409, description = "The device is bound to another credential.", body = ErrorBody),
        (status = 422, description = "The body is not an enrolment; `field` names what is wrong.", body = ErrorBody),
    ),
)]
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

#[derive(Serialize, utoipa::ToSchema)]
struct CredentialList {
    count: usize,
    credentials: Vec<CredentialView>,
}

/// Agents' and pollers' keys (never the keys themselves).
#[utoipa::path(
    get,
    path = "/api/v1/credentials",
    tag = "admin",
    params(FormatQuery),
    responses((status = 200, description = "The credentials.", content((CredentialList = "application/json"), (Csv = "text/csv")))),
)]
pub async fn list(State(app): State<AppState>, Query(q): Query<FormatQuery>) -> Result<Response, ApiError> {
    let credentials = identity::credentials(&app);
    Ok(match q.format {
        Format::Json => Json(CredentialList { count: credentials.len(), credentials }).into_response(),
        Format::Csv => csv_response(&credentials, "credentials"),
    })
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RevokeQuery {
    /// Let the devices bound to it be claimed by another credential.
    #[serde(default)]
    release: bool,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct Revoked {
    pub credential_id: String,
    pub revoked_at: chrono::DateTime<chrono::Utc>,
    pub released: bool,
}

/// Revokes a key; with `release=true` its devices may enrol again with another.
#[utoipa::path(
    post,
    path = "/api/v1/credentials/{id}/revoke",
    tag = "admin",
    params(("id" = String, Path, description = "The credential's id."), RevokeQuery),
    responses(
        (status = 200, description = "Revoked.", body = Revoked),
        (status = 404, description = "No such credential.", body = ErrorBody),
    ),
)]
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

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reset {
    pub device_id: Uuid,
    /// The credential the device was bound to (revoked when it was an agent's key).
    pub was_bound_to: String,
}

/// Lets a device enrol again (a reinstalled server): its key is revoked.
#[utoipa::path(
    post,
    path = "/api/v1/devices/{id}/reset-identity",
    tag = "admin",
    params(("id" = uuid::Uuid, Path, description = "The device id.")),
    responses(
        (status = 200, description = "The device is free to enrol again.", body = Reset),
        (status = 404, description = "The device is bound to no credential.", body = ErrorBody),
    ),
)]
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
