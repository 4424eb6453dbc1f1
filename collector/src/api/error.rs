//! Every API error is JSON naming the field at fault: `{"error": {"field": …, "message": …}}`.

use arsring_protocol::{ErrorBody, ErrorDetail};
use axum::Json;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::app;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub field: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError { status, field: field.into(), message: message.into() }
    }

    pub fn unauthorized(message: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "authorization", message)
    }

    pub fn forbidden(message: String) -> Self {
        Self::new(StatusCode::FORBIDDEN, "authorization", message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "", format!("{what} not found"))
    }

    pub fn bad_query(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, field, message)
    }

    pub fn body(rejection: BytesRejection) -> Self {
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!("body larger than {} bytes", arsring_protocol::MAX_REPORT_BYTES)
        } else {
            rejection.body_text()
        };
        Self::new(status, "", message)
    }

    pub fn query(rejection: axum::extract::rejection::QueryRejection) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "query", rejection.body_text())
    }

    pub fn internal(err: anyhow::Error) -> Self {
        tracing::error!("{err:#}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "", "internal error; nothing was stored")
    }
}

impl From<app::Error> for ApiError {
    fn from(err: app::Error) -> Self {
        match err {
            app::Error::BadInput { field, message } => Self::new(StatusCode::BAD_REQUEST, field, message),
            app::Error::Invalid { field, message } => Self::new(StatusCode::UNPROCESSABLE_ENTITY, field, message),
            app::Error::NotFound(message) => Self::new(StatusCode::NOT_FOUND, "", message),
            app::Error::Forbidden(message) => Self::new(StatusCode::FORBIDDEN, "authorization", message),
            app::Error::Conflict(message) => Self::new(StatusCode::CONFLICT, "", message),
            // The database being down is an outage to wait out, not a fault: 503, so agents
            // keep the report and send it again.
            err if err.is_unavailable() => {
                if let app::Error::Internal(cause) = &err {
                    tracing::warn!("{cause:#}");
                }
                Self::new(StatusCode::SERVICE_UNAVAILABLE, "", err.to_string())
            }
            app::Error::Internal(err) => Self::internal(err),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let unauthorized = self.status == StatusCode::UNAUTHORIZED;
        let body = ErrorBody { error: ErrorDetail { field: self.field, message: self.message } };
        let mut response = (self.status, Json(body)).into_response();
        if unauthorized {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
