//! Why a page cannot be shown: the status and the message the API would give for the
//! same request, shown as an alert on the page.

use axum::http::StatusCode;

use crate::app;

#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    /// The query parameter or form field at fault; "" when none.
    pub field: String,
    pub message: String,
}

impl PageError {
    pub fn new(status: StatusCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        PageError { status, field: field.into(), message: message.into() }
    }

    /// A query parameter or form field the user can correct.
    pub fn bad_query(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, field, message)
    }
}

impl From<app::Error> for PageError {
    fn from(err: app::Error) -> Self {
        let status = match &err {
            app::Error::BadInput { .. } => StatusCode::BAD_REQUEST,
            app::Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            app::Error::NotFound(_) => StatusCode::NOT_FOUND,
            app::Error::Forbidden(_) => StatusCode::FORBIDDEN,
            app::Error::Conflict(_) => StatusCode::CONFLICT,
            app::Error::Internal(cause) if err.is_unavailable() => {
                tracing::warn!("{cause:#}");
                StatusCode::SERVICE_UNAVAILABLE
            }
            app::Error::Internal(cause) => {
                tracing::error!("{cause:#}");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        PageError::new(status, err.field(), err.to_string())
    }
}
