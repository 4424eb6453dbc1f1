//! Extractors whose rejection is an [`ApiError`], so a bad query string gets the same JSON
//! error body as every other mistake (axum's `examples/error-handling`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// `axum::extract::Query`, refusing with an [`ApiError`] that names the query.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await.map_err(ApiError::query)?;
        Ok(Query(value))
    }
}
