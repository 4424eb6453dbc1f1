//! API tokens in PostgreSQL: each change is one transaction that tells the other collectors
//! (NOTIFY `tokens`); they read the tokens again on next use (they are few, and a
//! revocation must take effect everywhere at once).

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;
use tokio_postgres::types::Json;

use super::access::{PgAccess, notify};
use crate::store::access::{TokenBackend, TokenKey};
use crate::tokens::{TokenRecord, revoke_in};

fn record(row: &Row) -> TokenRecord {
    row.get::<_, Json<TokenRecord>>(0).0
}

impl TokenBackend for PgAccess {
    fn list(&self) -> anyhow::Result<Vec<TokenRecord>> {
        self.wait(|db| async move {
            let client = db.client().await?;
            let sql = "SELECT record FROM tokens ORDER BY (record->>'created_at')::timestamptz, id";
            let rows = client.query(sql, &[]).await.map_err(|e| db.unavailable(e))?;
            Ok(rows.iter().map(record).collect())
        })
    }

    fn add(&self, record: &TokenRecord) -> anyhow::Result<()> {
        let record = record.clone();
        self.wait(|db| async move {
            let mut client = db.client().await?;
            add(&mut client, &record, &db.instance).await.map_err(|e| db.unavailable(e))
        })?;
        self.tokens_changed();
        Ok(())
    }

    fn revoke(&self, which: &str, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let which = which.to_string();
        let count = self.wait(|db| async move {
            let mut client = db.client().await?;
            revoke(&mut client, &which, now, &db.instance).await.map_err(|e| db.unavailable(e))
        })?;
        self.tokens_changed();
        Ok(count)
    }

    /// A count of the changes announced: reading it costs nothing.
    fn version(&self) -> Option<u64> {
        Some(self.tokens_version())
    }

    fn find(&self, key: TokenKey<'_>) -> anyhow::Result<Option<TokenRecord>> {
        let (sql, value) = match key {
            TokenKey::Hash(hash) => ("SELECT record FROM tokens WHERE hash = $1", hash.to_string()),
            TokenKey::Id(id) => ("SELECT record FROM tokens WHERE id = $1", id.to_string()),
        };
        self.wait(|db| async move {
            let client = db.client().await?;
            let row = client.query_opt(sql, &[&value]).await.map_err(|e| db.unavailable(e))?;
            Ok(row.as_ref().map(record))
        })
    }
}

async fn add(
    client: &mut deadpool_postgres::Client,
    record: &TokenRecord,
    instance: &str,
) -> Result<(), tokio_postgres::Error> {
    let tx = client.transaction().await?;
    tx.execute("INSERT INTO tokens (id, hash, record) VALUES ($1, $2, $3)", &[&record.id, &record.hash, &Json(record)])
        .await?;
    notify(&tx, instance, "tokens").await?;
    tx.commit().await
}

async fn revoke(
    client: &mut deadpool_postgres::Client,
    which: &str,
    now: DateTime<Utc>,
    instance: &str,
) -> Result<usize, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    let rows = tx
        .query(
            "SELECT record FROM tokens WHERE record->>'revoked_at' IS NULL \
             AND (id = $1 OR record->>'name' = $1) FOR UPDATE",
            &[&which],
        )
        .await?;
    let mut tokens: Vec<TokenRecord> = rows.iter().map(record).collect();
    let count = revoke_in(&mut tokens, which, now);
    for token in &tokens {
        save(&tx, token).await?;
    }
    if count > 0 {
        notify(&tx, instance, "tokens").await?;
    }
    tx.commit().await?;
    Ok(count)
}

async fn save(client: &impl GenericClient, record: &TokenRecord) -> Result<(), tokio_postgres::Error> {
    client.execute("UPDATE tokens SET record = $2 WHERE id = $1", &[&record.id, &Json(record)]).await?;
    Ok(())
}
