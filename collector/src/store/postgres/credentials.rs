//! Device credentials in PostgreSQL. Each change is one transaction that tells the other
//! collectors (NOTIFY `credentials`), who reload the credentials whole: they are few, and a
//! revocation must take effect everywhere at once.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::types::Json;
use uuid::Uuid;

use super::ingest::device_lock;
use crate::store::credentials::{CredentialKind, CredentialRecord, Credentials, Enrolment};

/// Reads of the credentials run at once (the listener's catch-up and sweep, and one after
/// each change made here) and may end in any order. The read begun last is the one kept: an
/// older read ending late must not bring back a credential a newer one saw revoked.
#[derive(Default)]
pub struct Reads {
    begun: AtomicU64,
    kept: AtomicU64,
}

impl Reads {
    /// The ticket of a read about to begin.
    pub fn begin(&self) -> u64 {
        self.begun.fetch_add(1, Ordering::AcqRel) + 1
    }

    /// Whether the read of `ticket` is newer than every read kept so far, and is now the one
    /// kept. Asked while holding the lock its answer is written under, so that the newest
    /// read is also the last written.
    pub fn keep(&self, ticket: u64) -> bool {
        self.kept.fetch_max(ticket, Ordering::AcqRel) < ticket
    }
}

pub async fn load(client: &impl GenericClient) -> Result<Credentials, tokio_postgres::Error> {
    let mut out = Credentials::default();
    for row in client.query("SELECT record FROM credentials", &[]).await? {
        let Json(record): Json<CredentialRecord> = row.get(0);
        out.put(record);
    }
    for row in client.query("SELECT device_id, credential_id FROM bindings", &[]).await? {
        out.bindings.insert(row.get(0), row.get(1));
    }
    Ok(out)
}

async fn save(client: &impl GenericClient, record: &CredentialRecord) -> Result<(), tokio_postgres::Error> {
    client
        .execute(
            "INSERT INTO credentials (id, hash, record) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash, record = EXCLUDED.record",
            &[&record.id, &record.hash, &Json(record)],
        )
        .await?;
    Ok(())
}

async fn notify(client: &impl GenericClient, instance: &str) -> Result<(), tokio_postgres::Error> {
    client.execute("SELECT pg_notify($1, $2)", &[&super::CHANNEL, &format!("{instance} credentials")]).await?;
    Ok(())
}

pub async fn enrol(
    client: &mut deadpool_postgres::Client,
    record: CredentialRecord,
    instance: &str,
) -> Result<Enrolment, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    if let Some(device) = record.device_id {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&device_lock(device)]).await?;
        let bound = tx.query_opt("SELECT credential_id FROM bindings WHERE device_id = $1", &[&device]).await?;
        if let Some(row) = bound {
            return Ok(Enrolment::AlreadyBound { credential: row.get(0) });
        }
    }
    save(&tx, &record).await?;
    if let Some(device) = record.device_id {
        tx.execute("INSERT INTO bindings (device_id, credential_id) VALUES ($1, $2)", &[&device, &record.id]).await?;
    }
    notify(&tx, instance).await?;
    tx.commit().await?;
    Ok(Enrolment::Enrolled)
}

pub async fn revoke(
    client: &mut deadpool_postgres::Client,
    id: &str,
    release: bool,
    now: DateTime<Utc>,
    instance: &str,
) -> Result<Option<CredentialRecord>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    let Some(row) = tx.query_opt("SELECT record FROM credentials WHERE id = $1 FOR UPDATE", &[&id]).await? else {
        return Ok(None);
    };
    let Json(mut record): Json<CredentialRecord> = row.get(0);
    record.revoked_at.get_or_insert(now);
    save(&tx, &record).await?;
    if release {
        tx.execute("DELETE FROM bindings WHERE credential_id = $1", &[&id]).await?;
    }
    notify(&tx, instance).await?;
    tx.commit().await?;
    Ok(Some(record))
}

pub async fn reset(
    client: &mut deadpool_postgres::Client,
    device: Uuid,
    now: DateTime<Utc>,
    instance: &str,
) -> Result<Option<String>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&device_lock(device)]).await?;
    let Some(row) =
        tx.query_opt("DELETE FROM bindings WHERE device_id = $1 RETURNING credential_id", &[&device]).await?
    else {
        return Ok(None);
    };
    let bound: String = row.get(0);
    let found = tx.query_opt("SELECT record FROM credentials WHERE id = $1 FOR UPDATE", &[&bound]).await?;
    if let Some(row) = found {
        let Json(record): Json<CredentialRecord> = row.get(0);
        if record.kind == CredentialKind::Agent {
            let revoked = CredentialRecord { revoked_at: Some(record.revoked_at.unwrap_or(now)), ..record };
            save(&tx, &revoked).await?;
        }
    }
    notify(&tx, instance).await?;
    tx.commit().await?;
    Ok(Some(bound))
}

#[cfg(test)]
mod tests;
