//! Excel workbooks (.xlsx, by rust_xlsxwriter) for finance: each sheet a table with a frozen
//! header row and filters, amounts as numbers in SEK with two decimals under a number
//! format, dates as dates, and totals written as values computed in öre, so that the
//! workbook equals the report to the öre whatever Excel would add up in floating point.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::money::Ore;

/// The media type of an .xlsx workbook (ECMA-376), as downloads state it.
pub const MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One cell of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    /// Öre, shown as SEK with two decimals.
    Money(Ore),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    pub fn opt_text(s: Option<&str>) -> Value {
        s.map_or(Value::Empty, Value::text)
    }
}

/// A table on one worksheet, with lines of explanation below it.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// A last row in bold (e.g. `Summa` and the total amount), outside the filter range.
    pub total: Option<Vec<Value>>,
    pub notes: Vec<String>,
}

/// The characters Excel forbids in a sheet name, and its length limit.
const FORBIDDEN: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];
const MAX_NAME: usize = 31;

/// A sheet name Excel accepts, unique among `taken` (`Kultur & fritid (2)`).
pub fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted.chars().map(|c| if FORBIDDEN.contains(&c) { '-' } else { c }).collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "Blad".into() } else { clean.chars().take(MAX_NAME).collect() };
    let free = |name: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(name));
    if free(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let head: String = base.chars().take(MAX_NAME - suffix.chars().count()).collect();
            format!("{head}{suffix}")
        })
        .find(|name| free(name))
        .expect("some suffix is free")
}

/// The workbook of `sheets`, as the bytes of an .xlsx file.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let formats = Formats::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name)?;
        write_sheet(ws, sheet, &formats)?;
    }
    book.save_to_buffer()
}

struct Formats {
    header: Format,
    money: Format,
    date: Format,
    bold: Format,
    bold_money: Format,
}

impl Formats {
    fn new() -> Formats {
        // `#,##0.00`: Excel shows it with the reader's separators (1 234 567,89 in Swedish).
        let money = "#,##0.00 \"kr\"";
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Center),
            money: Format::new().set_num_format(money),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            bold: Format::new().set_bold(),
            bold_money: Format::new().set_bold().set_num_format(money),
        }
    }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, f: &Formats) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| h.chars().count()).collect();
    for (col, header) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, column(col), header, &f.header)?;
    }
    for (i, row) in sheet.rows.iter().enumerate() {
        write_row(ws, row_number(i + 1), row, f, false, &mut widths)?;
    }
    let last = row_number(sheet.rows.len());
    if !sheet.headers.is_empty() {
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, last.max(1), column(sheet.headers.len() - 1))?;
    }
    let mut next = last + 1;
    if let Some(total) = &sheet.total {
        write_row(ws, next, total, f, true, &mut widths)?;
        next += 1;
    }
    for (i, note) in sheet.notes.iter().enumerate() {
        ws.write_string(next + 1 + row_number(i), 0, note)?;
    }
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(column(col), (*width).clamp(8, 60) as f64 + 2.0)?;
    }
    Ok(())
}

fn write_row(
    ws: &mut Worksheet,
    row: u32,
    values: &[Value],
    f: &Formats,
    bold: bool,
    widths: &mut Vec<usize>,
) -> Result<(), XlsxError> {
    for (col, value) in values.iter().enumerate() {
        let c = column(col);
        let shown = match value {
            Value::Text(s) if bold => ws.write_string_with_format(row, c, s, &f.bold).map(|_| s.chars().count()),
            Value::Text(s) => ws.write_string(row, c, s).map(|_| s.chars().count()),
            Value::Int(n) => ws.write_number(row, c, *n as f64).map(|_| n.to_string().len()),
            Value::Money(ore) => {
                let format = if bold { &f.bold_money } else { &f.money };
                ws.write_number_with_format(row, c, sek(*ore), format).map(|_| 16)
            }
            Value::Number(n) => ws.write_number(row, c, *n).map(|_| 10),
            Value::Date(d) => {
                let date = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                ws.write_datetime_with_format(row, c, &date, &f.date).map(|_| 10)
            }
            Value::Empty => Ok(0),
        }?;
        if widths.len() <= col {
            widths.resize(col + 1, 0);
        }
        widths[col] = widths[col].max(shown);
    }
    Ok(())
}

/// Öre as SEK for a cell. Exact to the öre: any amount below 2^53 öre survives the trip
/// through a double and back when rounded to two decimals.
fn sek(ore: Ore) -> f64 {
    ore as f64 / 100.0
}

fn column(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn row_number(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
