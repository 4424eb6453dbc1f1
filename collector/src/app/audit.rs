//! The audit log as people read it back: through the API (`GET /api/v1/audit`, also CSV),
//! the admin page `/admin/audit` and a device's "On record". One function, so the page and
//! the API show the same events for the same filter.

use super::{AppState, Error, Result};
use crate::audit::{Event, Filter};

/// The most events one read returns: the file is read whole for each request, and a page
/// or a CSV larger than this is no longer something a person reads.
pub const MAX_LIMIT: usize = 100_000;

/// The events `filter` selects, newest first, at most `limit` (1 to [`MAX_LIMIT`]).
pub fn events(app: &AppState, filter: &Filter, limit: usize) -> Result<Vec<Event>> {
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::bad_input("limit", format!("between 1 and {MAX_LIMIT}")));
    }
    app.audit.read(filter, limit).map_err(|e| Error::internal(e.context("reading the audit log")))
}

#[cfg(test)]
mod tests;
