//! `?format=csv` for every list: the same rows as the JSON, one header line, UTF-8, sent as
//! a download. The CSV itself is `crate::export`'s.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
pub use crate::export::Dialect;
use crate::export::{table_to_csv, to_csv, to_csv_dialect};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Json,
    Csv,
}

/// The formats of what finance and the renewal projects take to Excel: the charge report,
/// the renewal plan and the outdated list also come as a workbook.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Download {
    #[default]
    Json,
    Csv,
    Xlsx,
}

/// The query of a list that takes nothing but `format`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FormatQuery {
    /// `json` (the default) or `csv`.
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

/// An Excel workbook download named `name.xlsx`.
pub fn xlsx_response(sheets: &[crate::export::xlsx::Sheet], name: &str) -> Response {
    let body = crate::export::xlsx::workbook(sheets).map_err(anyhow::Error::from);
    attachment(body, &format!("{name}.xlsx"), HeaderValue::from_static(crate::export::xlsx::MEDIA_TYPE))
}

fn download(body: anyhow::Result<Vec<u8>>, name: &str) -> Response {
    attachment(body, &format!("{name}.csv"), HeaderValue::from_static("text/csv; charset=utf-8"))
}

fn attachment(body: anyhow::Result<Vec<u8>>, file: &str, content_type: HeaderValue) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(err) => return ApiError::internal(err).into_response(),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
