//! Lists as CSV that spreadsheets read safely: serde's field names as the header, the
//! Swedish Excel dialect, and cells that would run as formulas neutralised. Used by the
//! API's `?format=csv` and by the command line.

pub mod workbooks;
pub mod xlsx;

use serde::Serialize;

use crate::money::{Ore, format_sek};

/// The CSV flavour: plain (comma, decimal point), or Swedish Excel (semicolon, decimal
/// comma, UTF-8 byte-order mark so Excel reads å, ä and ö right).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Plain,
    Sv,
}

impl Dialect {
    /// An amount of öre as SEK in this flavour.
    pub fn amount(self, ore: Ore) -> String {
        match self {
            Dialect::Plain => format_sek(ore),
            // Excel's Swedish locale reads "1234,50"; thousands separators would make it text.
            Dialect::Sv => format_sek(ore).replace('.', ","),
        }
    }
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

/// Rows as CSV in the given flavour.
pub fn to_csv_dialect<T: Serialize>(rows: &[T], dialect: Dialect) -> anyhow::Result<Vec<u8>> {
    let plain = to_csv(rows)?;
    if dialect == Dialect::Plain {
        return Ok(plain);
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(plain.as_slice());
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xef\xbb\xbf".to_vec());
    for record in reader.records() {
        out.write_record(&record?)?;
    }
    out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// A table with headers and rows decided at run time (e.g. one column per year).
pub fn table_to_csv(headers: &[String], rows: &[Vec<String>]) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(headers)?;
    for row in rows {
        out.write_record(row.iter().map(|c| defuse(c).into_owned()))?;
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
mod tests;
