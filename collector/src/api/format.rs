//! `?format=csv` for every list: the same rows as the JSON, one header line, UTF-8.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

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
    match to_csv(rows) {
        Ok(body) => csv_body(body, name),
        Err(err) => super::error::ApiError::internal(err).into_response(),
    }
}

/// The CSV flavour: plain (comma, decimal point), or Swedish Excel (semicolon, decimal
/// comma, UTF-8 byte-order mark so Excel reads å, ä and ö right).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Plain,
    Sv,
}

impl Dialect {
    /// An amount of öre as SEK in this flavour.
    pub fn amount(self, ore: crate::money::Ore) -> String {
        match self {
            Dialect::Plain => crate::money::format_sek(ore),
            // Excel's Swedish locale reads "1234,50"; thousands separators would make it text.
            Dialect::Sv => crate::money::format_sek(ore).replace('.', ","),
        }
    }
}

/// Rows as CSV in the given flavour.
pub fn csv_dialect_response<T: Serialize>(rows: &[T], name: &str, dialect: Dialect) -> Response {
    let plain = match to_csv(rows) {
        Ok(bytes) => bytes,
        Err(err) => return super::error::ApiError::internal(err).into_response(),
    };
    if dialect == Dialect::Plain {
        return csv_body(plain, name);
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(plain.as_slice());
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xef\xbb\xbf".to_vec());
    for record in reader.records() {
        let written =
            record.map_err(anyhow::Error::from).and_then(|r| out.write_record(&r).map_err(anyhow::Error::from));
        if let Err(err) = written {
            return super::error::ApiError::internal(err).into_response();
        }
    }
    match out.into_inner() {
        Ok(bytes) => csv_body(bytes, name),
        Err(err) => super::error::ApiError::internal(anyhow::anyhow!("{err}")).into_response(),
    }
}

/// A CSV download with headers and rows decided at run time (e.g. one column per year).
pub fn csv_table(headers: &[String], rows: &[Vec<String>], name: &str) -> Response {
    let mut out = csv::Writer::from_writer(Vec::new());
    let written = out
        .write_record(headers)
        .and_then(|()| rows.iter().try_for_each(|r| out.write_record(r.iter().map(|c| defuse(c).into_owned()))));
    match written.map_err(anyhow::Error::from).and_then(|()| out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))) {
        Ok(body) => csv_body(body, name),
        Err(err) => super::error::ApiError::internal(err).into_response(),
    }
}

fn csv_body(body: Vec<u8>, name: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.csv\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// Serialises with serde's field names as the header, then neutralises cells a spreadsheet
/// would run as a formula (agents are not trusted to name themselves `=HYPERLINK(…)`).
pub fn to_csv<T: Serialize>(rows: &[T]) -> anyhow::Result<Vec<u8>> {
    let mut raw = csv::Writer::from_writer(Vec::new());
    for row in rows {
        raw.serialize(row)?;
    }
    let raw = raw.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(raw.as_slice());
    let mut out = csv::Writer::from_writer(Vec::new());
    for record in reader.records() {
        let record = record?;
        out.write_record(record.iter().map(|cell| defuse(cell).into_owned()))?;
    }
    out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    // A number stays a number, also with the decimal comma of the Swedish dialect.
    let number = cell.replacen(',', ".", 1).parse::<f64>().is_ok();
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number;
    if risky { format!("'{cell}").into() } else { cell.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: String,
        count: i64,
        note: Option<String>,
    }

    #[test]
    fn header_rows_and_formula_cells() {
        let rows = [
            Row { name: "web01".into(), count: -3, note: None },
            Row { name: "=cmd|' /C calc'!A0".into(), count: 2, note: Some("a,b".into()) },
        ];
        let text = String::from_utf8(to_csv(&rows).unwrap()).unwrap();
        assert_eq!(text, "name,count,note\nweb01,-3,\n'=cmd|' /C calc'!A0,2,\"a,b\"\n");
        assert_eq!(defuse("-12000,50"), "-12000,50", "a negative amount in the Swedish dialect");
        assert_eq!(defuse("-1+1"), "'-1+1");
    }
}
