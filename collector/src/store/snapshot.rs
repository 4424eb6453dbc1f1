//! The store's portable form: what `store backup` writes, `store restore` reads, and
//! `store migrate` copies between engines. The same for both engines, documented in
//! `docs/store-format.md`:
//!
//! - JSON Lines, UTF-8. The first line is the [`Header`]; then one line per record, each an
//!   object whose `table` names what it is ([`Row`]); the last line is the [`Trailer`].
//! - The trailer gives, per table, the number of rows and a checksum: the sum modulo 2²⁵⁶ of
//!   the SHA-256 of each row's line. A sum does not depend on the order of the rows (the
//!   engines list them in different orders) but does count every row, twice if it is twice.
//! - A file without its trailer was cut short and is refused whole.
//!
//! Records are the collector's own types, so a file that decodes is one the collector can
//! serve; each line is checked as it is read and a bad one is named by its number.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::credentials::CredentialRecord;
use super::{DeviceRecord, HistoryEntry, UsageSample};
use crate::audit::Event;
use crate::sessions::Session;
use crate::tokens::TokenRecord;

/// What the first line says.
pub const FORMAT: &str = "arsring-store";
/// The version of the format this build writes and reads.
pub const VERSION: u32 = 1;

/// Where the rows of a snapshot go, one by one, as an engine reads them.
pub type Sink = Box<dyn FnMut(Row) -> anyhow::Result<()> + Send>;

/// The tables, in the order they are written: what is referred to before what refers to it.
pub const TABLES: [&str; 10] =
    ["credential", "binding", "token", "register", "report", "device", "history", "usage", "session", "audit"];

/// One record of the store.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "table", rename_all = "snake_case", deny_unknown_fields)]
pub enum Row {
    /// A device key (its hash only) and what it was enrolled for.
    Credential { record: CredentialRecord },
    /// Which key a device is bound to.
    Binding { device_id: Uuid, credential_id: String },
    /// An API token (its hash only).
    Token { record: TokenRecord },
    /// A register users import, one JSON document.
    Register { name: String, document: serde_json::Value },
    /// A report stored once. `received_at` is unknown for reports the embedded store kept,
    /// which records only the device and the sender.
    Report { report_id: Uuid, device_id: Uuid, sent_by: String, received_at: Option<DateTime<Utc>> },
    /// A device's latest record.
    Device { record: DeviceRecord },
    /// What one report changed on a device.
    History { device_id: Uuid, entry: HistoryEntry },
    /// How busy a server was over one report's window.
    Usage { device_id: Uuid, sample: UsageSample },
    /// A dashboard session, by the SHA-256 of its cookie.
    Session { key: String, session: Session },
    /// An audit event; times to the microsecond, as PostgreSQL keeps them.
    Audit { event: Event },
}

impl Row {
    pub fn table(&self) -> &'static str {
        match self {
            Row::Credential { .. } => "credential",
            Row::Binding { .. } => "binding",
            Row::Token { .. } => "token",
            Row::Register { .. } => "register",
            Row::Report { .. } => "report",
            Row::Device { .. } => "device",
            Row::History { .. } => "history",
            Row::Usage { .. } => "usage",
            Row::Session { .. } => "session",
            Row::Audit { .. } => "audit",
        }
    }

    /// An audit event as both engines give it back.
    pub fn audit(mut event: Event) -> Row {
        event.at = event.at.trunc_subsecs(6);
        Row::Audit { event }
    }

    /// A register's document, which the store keeps as bytes.
    pub fn register(name: String, document: &[u8]) -> anyhow::Result<Row> {
        let document =
            serde_json::from_slice(document).map_err(|err| anyhow::anyhow!("register {name:?} is not JSON: {err}"))?;
        Ok(Row::Register { name, document })
    }

    /// The row as one line of the file, without its newline.
    pub fn line(&self) -> anyhow::Result<String> {
        Ok(serde_json::to_string(self)?)
    }
}

/// The first line.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub created_at: DateTime<Utc>,
    /// The engine the snapshot was taken from: `sled` or `postgres`.
    pub source: String,
    /// The collector that wrote it.
    pub collector: String,
}

impl Header {
    pub fn new(source: &str) -> Header {
        Header {
            format: FORMAT.into(),
            version: VERSION,
            created_at: Utc::now(),
            source: source.into(),
            collector: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// The last line: rows and checksum per table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trailer {
    pub end: BTreeMap<String, TableSum>,
}

/// How many rows a table has, and the sum of their SHA-256s (hex).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSum {
    pub rows: u64,
    pub sha256: String,
}

/// Rows counted and summed per table, as they pass.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    tables: BTreeMap<&'static str, (u64, [u8; 32])>,
}

impl Tally {
    /// Counts `row`, whose line is `line`.
    pub fn add(&mut self, row: &Row, line: &str) {
        let digest = ring::digest::digest(&ring::digest::SHA256, line.as_bytes());
        let (rows, sum) = self.tables.entry(row.table()).or_insert((0, [0; 32]));
        *rows += 1;
        add_256(sum, digest.as_ref());
    }

    /// Every table, the empty ones included, so that two tallies compare table by table.
    pub fn trailer(&self) -> Trailer {
        let end = TABLES
            .iter()
            .map(|table| {
                let (rows, sum) = self.tables.get(table).copied().unwrap_or((0, [0; 32]));
                (table.to_string(), TableSum { rows, sha256: hex::encode(sum) })
            })
            .collect();
        Trailer { end }
    }
}

/// `sum += digest` modulo 2²⁵⁶, both big-endian.
fn add_256(sum: &mut [u8; 32], digest: &[u8]) {
    let mut carry = 0u16;
    for (s, d) in sum.iter_mut().rev().zip(digest.iter().rev()) {
        let total = u16::from(*s) + u16::from(*d) + carry;
        *s = total as u8;
        carry = total >> 8;
    }
}

/// Writes a snapshot: the header at once, each row as it comes, the trailer at `finish`.
pub struct Writer<W: Write> {
    out: W,
    tally: Tally,
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W, header: &Header) -> anyhow::Result<Writer<W>> {
        serde_json::to_writer(&mut out, header)?;
        out.write_all(b"\n")?;
        Ok(Writer { out, tally: Tally::default() })
    }

    pub fn row(&mut self, row: &Row) -> anyhow::Result<()> {
        let line = row.line()?;
        self.tally.add(row, &line);
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    /// Writes the trailer and hands back the output (to sync or rename) and what was written.
    pub fn finish(mut self) -> anyhow::Result<(W, Trailer)> {
        let trailer = self.tally.trailer();
        serde_json::to_writer(&mut self.out, &trailer)?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        Ok((self.out, trailer))
    }
}

/// A line that is not what it should be, named by its number (from 1).
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct BadLine {
    pub line: u64,
    pub problem: String,
}

/// Reads a snapshot: [`Reader::open`] checks the header, iterating yields the rows (each
/// checked), and [`Reader::finish`] checks the trailer against what was read.
pub struct Reader<R: BufRead> {
    input: R,
    line: u64,
    tally: Tally,
    trailer: Option<Trailer>,
    pub header: Header,
}

impl<R: BufRead> Reader<R> {
    pub fn open(mut input: R) -> Result<Reader<R>, BadLine> {
        let mut first = String::new();
        let bad = |problem: String| BadLine { line: 1, problem };
        input.read_line(&mut first).map_err(|e| bad(e.to_string()))?;
        let header: Header = serde_json::from_str(&first)
            .map_err(|e| bad(format!("not an Årsring store snapshot (its header does not read: {e})")))?;
        if header.format != FORMAT {
            return Err(bad(format!("format {:?}, not {FORMAT:?}", header.format)));
        }
        if header.version != VERSION {
            return Err(bad(format!("format version {}; this collector reads version {VERSION}", header.version)));
        }
        Ok(Reader { input, line: 1, tally: Tally::default(), trailer: None, header })
    }

    /// The next row, or `None` after the trailer.
    pub fn next_row(&mut self) -> Result<Option<Row>, BadLine> {
        if self.trailer.is_some() {
            return Ok(None);
        }
        let mut text = String::new();
        self.line += 1;
        let bad = |line, problem: String| BadLine { line, problem };
        let read = self.input.read_line(&mut text).map_err(|e| bad(self.line, e.to_string()))?;
        if read == 0 || !text.ends_with('\n') {
            return Err(bad(self.line, "the file ends before its trailer: it was cut short".into()));
        }
        let text = text.trim_end_matches('\n');
        if text.starts_with("{\"end\"") {
            let trailer = serde_json::from_str(text).map_err(|e| bad(self.line, format!("the trailer: {e}")))?;
            self.trailer = Some(trailer);
            return Ok(None);
        }
        let row: Row = serde_json::from_str(text).map_err(|e| bad(self.line, e.to_string()))?;
        self.tally.add(&row, text);
        Ok(Some(row))
    }

    /// Checks that nothing follows the trailer and that every table's rows and checksum are
    /// what the trailer says; returns the trailer.
    pub fn finish(mut self) -> Result<Trailer, BadLine> {
        while self.next_row()?.is_some() {}
        let trailer = self.trailer.take().unwrap_or_default();
        let mut rest = String::new();
        if self.input.read_line(&mut rest).map(|n| n > 0).unwrap_or(true) {
            return Err(BadLine { line: self.line + 1, problem: "something follows the trailer".into() });
        }
        let read = self.tally.trailer();
        for (table, sum) in &read.end {
            let said = trailer.end.get(table).cloned().unwrap_or_default();
            if &said != sum {
                let problem = format!(
                    "table {table}: the trailer says {} rows with checksum {}, the file holds {} with {}",
                    said.rows, said.sha256, sum.rows, sum.sha256
                );
                return Err(BadLine { line: self.line, problem });
            }
        }
        if let Some(table) = trailer.end.keys().find(|t| !read.end.contains_key(*t)) {
            return Err(BadLine { line: self.line, problem: format!("the trailer names an unknown table {table:?}") });
        }
        Ok(trailer)
    }
}

/// Reads a whole snapshot: the header checked, every row handed to `each` in order, then
/// the trailer checked against what was read. A bad line is a [`BadLine`] in the error.
pub fn read(input: impl BufRead, mut each: impl FnMut(Row) -> anyhow::Result<()>) -> anyhow::Result<Trailer> {
    let mut reader = Reader::open(input)?;
    while let Some(row) = reader.next_row()? {
        each(row)?;
    }
    Ok(reader.finish()?)
}

#[cfg(test)]
mod tests;
