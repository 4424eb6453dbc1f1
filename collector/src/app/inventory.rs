//! The inventory as people read it: devices with their rows and histories, and the summary.

use std::sync::Arc;

use chrono::{Duration, Utc};
use uuid::Uuid;

use super::{AppState, Error, Result};
use crate::inventory::topology::Link;
use crate::inventory::{self, Cursor, DeviceRow, Filter, Limit, Page, Summary};
use crate::store::{DeviceRecord, HistoryEntry};

/// One page of the devices a filter selects, in device-id order: after the cursor `after`
/// (a `next` this gave out), `limit` rows (1 to 5 000), or `default` when none is asked.
pub fn devices(
    app: &AppState,
    filter: &Filter,
    after: Option<&str>,
    limit: Option<&str>,
    default: Limit,
) -> Result<Page> {
    let after = after.map(Cursor::decode).transpose().map_err(|m| Error::bad_input("after", m))?;
    let limit = limit.map(Limit::parse).transpose().map_err(|m| Error::bad_input("limit", m))?;
    let rows = app.rows();
    let selected: Vec<&DeviceRow> = rows.iter().filter(|r| filter.matches(r)).collect();
    Ok(inventory::page(selected, after, limit.unwrap_or(default)))
}

/// One device: its latest record, its row, and every change recorded.
pub struct DeviceDetail {
    pub record: Arc<DeviceRecord>,
    pub row: DeviceRow,
    pub history: Vec<HistoryEntry>,
    /// Its LLDP/CDP links, from either end.
    pub links: Vec<Link>,
}

pub fn device(app: &AppState, id: Uuid) -> Result<DeviceDetail> {
    let fleet = super::fleet(app);
    let record = fleet.device(id).cloned().ok_or_else(|| Error::NotFound("device not found".into()))?;
    let history = app.store.history(record.device_id).map_err(Error::Internal)?;
    let row = inventory::row(&record, Utc::now(), Duration::days(app.config.stale_after_days));
    let links = fleet.topology.of(record.device_id).to_vec();
    Ok(DeviceDetail { record, row, history, links })
}

/// The servers summarised, with agents silent for more than `stale_days` (default: the
/// configured threshold).
pub fn summary(app: &AppState, stale_days: Option<i64>) -> Result<Summary> {
    let stale_days = stale_days.unwrap_or(app.config.stale_after_days);
    if !(1..=3650).contains(&stale_days) {
        return Err(Error::bad_input("stale_days", "must be between 1 and 3650"));
    }
    Ok(inventory::summary(&app.rows(), Utc::now(), stale_days))
}
