//! Receiving a report: decode and validate it completely, store it durably, count it.

use std::time::Instant;

use arsring_protocol::{Receipt, ReceiptStatus};
use bytes::Bytes;
use chrono::Utc;

use super::identity::{Reporter, sender};
use super::metrics::IngestOutcome;
use super::{AppState, Error, Result};
use crate::audit::Event;
use crate::store::Ingested;

/// Decodes `body` and stores the report if `reporter` may send it. Returns only once it is
/// on disk.
pub async fn receive(app: &AppState, body: &Bytes, reporter: &Reporter) -> Result<Receipt> {
    let started = Instant::now();
    let receipt = store(app, body, reporter).await;
    let outcome = match &receipt {
        Ok(r) if r.is_new() => IngestOutcome::Stored,
        Ok(_) => IngestOutcome::Duplicate,
        Err(Error::Internal(_)) => IngestOutcome::Failed,
        Err(_) => IngestOutcome::Rejected,
    };
    app.metrics.observe_ingest(outcome, started.elapsed());
    receipt
}

async fn store(app: &AppState, body: &Bytes, reporter: &Reporter) -> Result<Receipt> {
    let stored = store_checked(app, body, reporter).await;
    if let Err(Error::Forbidden(reason)) = &stored {
        let (actor, credential) = match reporter {
            Reporter::Agent { credential, .. } | Reporter::Poller { credential } => {
                (credential.clone(), Some(credential))
            }
            Reporter::Admin { name } => (format!("admin: {name}"), None),
        };
        let device = arsring_protocol::decode_report(body, Utc::now()).ok().map(|r| r.device_id());
        let mut event = Event::new(actor, "report.refused", reason.clone());
        if let Some(d) = device {
            event = event.device(d);
        }
        if let Some(c) = credential {
            event = event.credential(c.clone());
        }
        tracing::warn!(device = ?device, reason = %reason, "report refused");
        app.record(event)?;
    }
    stored
}

async fn store_checked(app: &AppState, body: &Bytes, reporter: &Reporter) -> Result<Receipt> {
    let now = Utc::now();
    let report = arsring_protocol::decode_report(body, now).map_err(|e| {
        // A body that is not a report at all names no field.
        if e.field.is_empty() { Error::bad_input("", e.message) } else { Error::invalid(e.field, e.message) }
    })?;
    let report_id = report.report_id;
    let sender = sender(reporter, &report)?;
    let receipt = |status, device_id, first, changes| Receipt { status, report_id, device_id, first, changes };
    Ok(match app.store.ingest_as_sent(report, body.clone(), now, sender).await.map_err(Error::Internal)? {
        Ingested::Stored { device_id, first, changes } => {
            receipt(ReceiptStatus::Stored, device_id, Some(first), Some(changes))
        }
        Ingested::StoredLate { device_id } => receipt(ReceiptStatus::StoredLate, device_id, None, None),
        Ingested::Duplicate { device_id } => receipt(ReceiptStatus::Duplicate, device_id, None, None),
        Ingested::Refused { device_id, bound_to } => {
            return Err(Error::Forbidden(format!(
                "device {device_id} is bound to credential {bound_to}; it alone may report it \
                 (an administrator can move it: arsring-collector devices reset-identity {device_id})"
            )));
        }
    })
}
