//! Reading the CSV files people keep in spreadsheets (asset register, model catalogue):
//! comma, semicolon (Swedish Excel) or tab, a header line, and errors that name the line and
//! the column. The text is UTF-8 (with or without a byte-order mark), UTF-16 with its mark
//! (Excel's "Unicode text"), or else Windows-1252: what Swedish Excel writes for "CSV
//! (semikolonavgränsad)", å, ä and ö one byte each, which is never valid UTF-8.

use std::borrow::Cow;

use chrono::NaiveDate;
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// A problem at a place in the file; line numbers count from 1 and include the header.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, thiserror::Error)]
#[error("line {line}{}: {message}", column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct CellError {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl CellError {
    pub fn new(line: usize, column: Option<&str>, message: impl Into<String>) -> Self {
        CellError { line, column: column.map(str::to_string), message: message.into() }
    }
}

/// The encoding name of a file read as UTF-8, the one an import need not mention.
pub const UTF_8: &str = "UTF-8";

/// What a file gave, with the encoding it was read in (`Table::encoding`): an import says
/// it, so that a register saved by Excel in one encoding or another can be checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed<T> {
    pub rows: T,
    pub encoding: &'static str,
}

pub struct Table {
    /// Lower-cased, trimmed header names.
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// How the bytes were read: `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1252`.
    pub encoding: &'static str,
}

pub struct Row {
    pub line: usize,
    cells: Vec<String>,
}

impl Table {
    pub fn read(bytes: &[u8]) -> Result<Table, CellError> {
        let (text, encoding) = decoded(bytes);
        let bytes = text.as_bytes();
        let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or(b"");
        let delimiter = [b';', b'\t'].into_iter().find(|d| first_line.contains(d)).unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(true).from_reader(bytes);
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| CellError::new(1, None, e.to_string()))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(CellError::new(1, None, "the file has no header line"));
        }
        for (i, h) in headers.iter().enumerate() {
            if headers[..i].contains(h) {
                return Err(CellError::new(1, Some(h), "the column appears twice"));
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                CellError::new(line, None, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push(Row { line, cells: record.iter().map(|c| c.trim().to_string()).collect() });
        }
        Ok(Table { headers, rows, encoding })
    }

    /// Fails on a column outside `known`, naming it.
    pub fn only(&self, known: &[&str]) -> Result<(), CellError> {
        match self.headers.iter().find(|h| !known.contains(&h.as_str())) {
            Some(h) => Err(CellError::new(1, Some(h), format!("unknown column (known: {})", known.join(", ")))),
            None => Ok(()),
        }
    }

    pub fn require(&self, columns: &[&str]) -> Result<(), CellError> {
        match columns.iter().find(|c| !self.headers.iter().any(|h| h == *c)) {
            Some(c) => Err(CellError::new(1, Some(c), "required column is missing")),
            None => Ok(()),
        }
    }

    /// The trimmed cell of `column` in `row`; empty cells are `None`.
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> Option<&'a str> {
        let i = self.headers.iter().position(|h| h == column)?;
        row.cells.get(i).map(String::as_str).filter(|c| !c.is_empty())
    }

    /// Columns other than `known`, with their values in `row`.
    pub fn extra<'a>(&'a self, row: &'a Row, known: &'a [&str]) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.headers
            .iter()
            .zip(&row.cells)
            .filter(move |(h, v)| !known.contains(&h.as_str()) && !v.is_empty())
            .map(|(h, v)| (h.as_str(), v.as_str()))
    }
}

/// An ISO date (`2021-03-31`); other spellings are ambiguous across countries, so refused.
pub fn date(table: &Table, row: &Row, column: &str) -> Result<Option<NaiveDate>, CellError> {
    table
        .get(row, column)
        .map(|text| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| CellError::new(row.line, Some(column), format!("{text:?} is not a date as YYYY-MM-DD")))
        })
        .transpose()
}

/// An amount in SEK, as öre.
pub fn sek(table: &Table, row: &Row, column: &str) -> Result<Option<i64>, CellError> {
    table
        .get(row, column)
        .map(|text| crate::money::parse_sek(text).map_err(|m| CellError::new(row.line, Some(column), m)))
        .transpose()
}

/// The file as text, and the encoding it was read in: a byte-order mark decides (UTF-8,
/// UTF-16); without one, UTF-8 if the bytes are that, else Windows-1252, in which every byte
/// is a character (a file in neither reads as Windows-1252 and shows odd letters, never fails).
fn decoded(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return (String::from_utf8_lossy(rest), UTF_8);
    }
    for (mark, encoding) in [(b"\xff\xfe", UTF_16LE), (b"\xfe\xff", UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(mark) {
            return (encoding.decode_without_bom_handling(rest).0, encoding.name());
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), UTF_8),
        Err(_) => (WINDOWS_1252.decode_without_bom_handling(bytes).0, WINDOWS_1252.name()),
    }
}

#[cfg(test)]
mod tests;
