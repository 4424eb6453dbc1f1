//! `?format=csv` for every list: the same rows as the JSON, one header line, UTF-8, sent as
//! a download. The CSV itself is `crate::export`'s.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
pub use crate::export::Dialect;
use crate::export::{table_to_csv, to_csv, to_csv_dialect};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Json,
    Csv,
}

/// The query of a list that takes nothing but `format`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatQuery {
    #[serde(default)]
    pub format: Format,
}

/// Rows as a CSV download named `name.csv`.
pub fn csv_response<T: Serialize>(rows: &[T], name: &str) -> Response {
    download(to_csv(rows), name)
}

/// Rows as CSV in the given flavour.
pub fn csv_dialect_response<T: Serialize>(rows: &[T], name: &str, dialect: Dialect) -> Response {
    download(to_csv_dialect(rows, dialect), name)
}

/// A CSV download with headers and rows decided at run time (e.g. one column per year).
pub fn csv_table(headers: &[String], rows: &[Vec<String>], name: &str) -> Response {
    download(table_to_csv(headers, rows), name)
}

fn download(body: anyhow::Result<Vec<u8>>, name: &str) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(err) => return ApiError::internal(err).into_response(),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.csv\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
