//! Extractors whose rejection is an [`ApiError`], so a bad query string gets the same JSON
//! error body as every other mistake (axum's `examples/error-handling`).

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// `axum::extract::Query`, refusing with an [`ApiError`] that names the parameter at fault
/// (`as_of`), or `query` when no one parameter is (an unknown one, a missing one).
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de).map(Query).map_err(|err| {
            let field = match err.path().to_string() {
                path if path == "." || path == "?" => "query".to_string(),
                path => path,
            };
            ApiError::new(
                StatusCode::BAD_REQUEST,
                field,
                format!("Failed to deserialize query string: {}", err.inner()),
            )
        })
    }
}
