//! The device list a page at a time, in device-id order, continued by a cursor that names
//! the last device seen. A key and not an offset: a device added or removed between two
//! pages moves no other device across the page boundary, so a client reading every page
//! sees each device that stayed throughout exactly once.

use std::borrow::Borrow;
use std::num::NonZeroUsize;

use uuid::Uuid;

use super::DeviceRow;

/// Rows per page when the client does not say.
pub const DEFAULT_LIMIT: NonZeroUsize = NonZeroUsize::new(500).unwrap();
/// The most rows one page holds: 5 000 rows are about 4 MB of JSON.
pub const MAX_LIMIT: usize = 5000;

/// How many rows a page holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Rows(NonZeroUsize),
    /// Every remaining row: the spreadsheet export, which wants them all.
    All,
}

impl Limit {
    /// `?limit=N`, 1 to [`MAX_LIMIT`].
    pub fn parse(text: &str) -> Result<Limit, String> {
        let outside = || format!("{text:?} is not a number from 1 to {MAX_LIMIT}");
        let n: usize = text.parse().map_err(|_| outside())?;
        match NonZeroUsize::new(n) {
            Some(n) if n.get() <= MAX_LIMIT => Ok(Limit::Rows(n)),
            _ => Err(outside()),
        }
    }
}

/// Where the next page starts: after the device with this id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor(Uuid);

/// Leads every cursor, so that if the order ever changes (say, by hostname) a cursor from
/// before is refused rather than read as a key of the new order.
const CURSOR_VERSION: u8 = 1;

impl Cursor {
    /// Hex of the version byte and the device id. Opaque to clients: only ever returned
    /// by the collector and handed back.
    pub fn encode(self) -> String {
        let mut bytes = [CURSOR_VERSION; 17];
        bytes[1..].copy_from_slice(self.0.as_bytes());
        hex::encode(bytes)
    }

    pub fn decode(text: &str) -> Result<Cursor, String> {
        let refused = || format!("{text:?} is not a cursor from this collector's `next`");
        let mut bytes = [0; 17];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| refused())?;
        let [version, id @ ..] = bytes;
        (version == CURSOR_VERSION).then(|| Cursor(Uuid::from_bytes(id))).ok_or_else(refused)
    }
}

/// One page of a list, and how to ask for the page after it.
#[derive(Debug)]
pub struct Page {
    /// Rows on every page together: what the filters select.
    pub total: usize,
    pub rows: Vec<DeviceRow>,
    /// `None` on the last page.
    pub next: Option<Cursor>,
}

/// The page of `rows` after `after`: sorted by device id, which is unique, so the order is
/// total and the same on every request.
pub fn page<R: Borrow<DeviceRow>>(mut rows: Vec<R>, after: Option<Cursor>, limit: Limit) -> Page {
    // The fleet comes sorted by id already; sorting a sorted run is one linear pass.
    rows.sort_by_key(|r| r.borrow().device_id);
    let total = rows.len();
    let start = after.map_or(0, |Cursor(last)| rows.partition_point(|r| r.borrow().device_id <= last));
    let end = match limit {
        Limit::Rows(n) => start.saturating_add(n.get()).min(total),
        Limit::All => total,
    };
    let next = (end < total).then(|| Cursor(rows[end - 1].borrow().device_id));
    let rows = rows[start..end].iter().map(|r| r.borrow().clone()).collect();
    Page { total, rows, next }
}

#[cfg(test)]
mod tests;
