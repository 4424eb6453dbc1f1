//! Storing one report in PostgreSQL: one transaction per report, serialised per device by an
//! advisory lock, so two collectors taking reports of one device at once apply them one
//! after the other, each on the record the other left. The duplicate check is the primary
//! key of `reports`, so a report re-sent to another collector is still stored once.

use arsring_protocol::Report;
use chrono::{DateTime, Utc};
use tokio_postgres::types::Json;
use uuid::Uuid;

use crate::store::effect::effect_of;
use crate::store::{DeviceRecord, Ingested, Sender};

/// What the transaction did, for the caller's cache.
pub struct Committed {
    pub outcome: Ingested,
    /// The device's new latest record, if it changed.
    pub record: Option<DeviceRecord>,
    /// A binding made by this report.
    pub bound: Option<String>,
}

pub async fn ingest(
    client: &mut deadpool_postgres::Client,
    report: Report,
    now: DateTime<Utc>,
    sender: &Sender,
    instance: &str,
) -> Result<Committed, tokio_postgres::Error> {
    let device_id = report.device_id();
    let tx = client.transaction().await?;
    tx.execute(&tx.prepare_cached("SELECT pg_advisory_xact_lock($1)").await?, &[&device_lock(device_id)]).await?;
    let bound: Option<String> = tx
        .query_opt(&tx.prepare_cached("SELECT credential_id FROM bindings WHERE device_id = $1").await?, &[&device_id])
        .await?
        .map(|row| row.get(0));
    let bind = match (&sender.bind_to, bound) {
        (Some(wanted), Some(bound)) if *wanted != bound => {
            return Ok(Committed {
                outcome: Ingested::Refused { device_id, bound_to: bound },
                record: None,
                bound: None,
            });
        }
        (Some(wanted), None) => Some(wanted.clone()),
        _ => None,
    };
    let inserted = tx
        .execute(
            &tx.prepare_cached(
                "INSERT INTO reports (report_id, device_id, sent_by, received_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (report_id) DO NOTHING",
            )
            .await?,
            &[&report.report_id, &device_id, &sender.by, &now],
        )
        .await?;
    if inserted == 0 {
        return Ok(Committed { outcome: Ingested::Duplicate { device_id }, record: None, bound: None });
    }
    // The record as stored, not as cached: another collector may have written it since.
    let previous: Option<Json<DeviceRecord>> = tx
        .query_opt(&tx.prepare_cached("SELECT record FROM devices WHERE device_id = $1").await?, &[&device_id])
        .await?
        .map(|row| row.get(0));
    let effect = effect_of(previous.as_ref().map(|p| &p.0), report, now, sender);
    if let Some(credential) = &bind {
        tx.execute(
            &tx.prepare_cached("INSERT INTO bindings (device_id, credential_id) VALUES ($1, $2)").await?,
            &[&device_id, credential],
        )
        .await?;
    }
    if let Some(sample) = &effect.usage {
        tx.execute(
            &tx.prepare_cached(
                "INSERT INTO usage (device_id, collected_at, sample) VALUES ($1, $2, $3) \
             ON CONFLICT (device_id, collected_at) DO UPDATE SET sample = EXCLUDED.sample",
            )
            .await?,
            &[&device_id, &sample.collected_at, &Json(sample)],
        )
        .await?;
    }
    if effect.replaces_latest {
        tx.execute(
            &tx.prepare_cached(
                "INSERT INTO devices (device_id, record, changed_at) VALUES ($1, $2, clock_timestamp()) \
             ON CONFLICT (device_id) DO UPDATE SET record = EXCLUDED.record, changed_at = EXCLUDED.changed_at",
            )
            .await?,
            &[&device_id, &Json(&effect.record)],
        )
        .await?;
    }
    if let Some(entry) = &effect.history {
        tx.execute(
            &tx.prepare_cached(
                "INSERT INTO history (device_id, received_at, report_id, entry) VALUES ($1, $2, $3, $4)",
            )
            .await?,
            &[&device_id, &now, &effect.report_id, &Json(entry)],
        )
        .await?;
    }
    tx.commit().await?;
    if effect.replaces_latest || bind.is_some() {
        // After the commit, not in it: a NOTIFY inside a transaction holds the notification
        // queue's lock through the commit's flush, so every report would commit one after
        // the other. A notice lost here (a crash right now) is caught up by `listen`'s sweep.
        let notice = format!("{instance} device {device_id}");
        if let Err(err) = client.execute("SELECT pg_notify($1, $2)", &[&super::CHANNEL, &notice]).await {
            tracing::warn!(%err, "could not tell the other collectors about a change; their sweep will");
        }
    }
    let record = effect.replaces_latest.then_some(effect.record);
    Ok(Committed { outcome: effect.outcome, record, bound: bind })
}

/// The advisory lock of one device: the first eight bytes of its id.
pub fn device_lock(device_id: Uuid) -> i64 {
    let bytes = device_id.as_bytes();
    i64::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]])
}
