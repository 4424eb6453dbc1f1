//! The database's layout, versioned with refinery: the SQL files in `collector/migrations`
//! are applied at start, in order, each in its own transaction, and a database that a newer
//! collector has migrated further is refused rather than written by code that does not
//! know its layout.

use anyhow::{Context, bail};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Applies what is missing. Two collectors starting together: refinery's history table
/// is created and read in a transaction; an advisory lock keeps the second one waiting
/// until the first has finished.
pub async fn migrate(client: &mut tokio_postgres::Client) -> anyhow::Result<()> {
    let known = embedded::migrations::runner().get_migrations().iter().map(|m| m.version()).max().unwrap_or(0);
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK]).await?;
    let result = async {
        if let Some(applied) = applied_version(client).await?
            && applied > i64::from(known)
        {
            bail!(
                "the database is at schema version {applied}, newer than this collector knows ({known}); \
                 upgrade arsring-collector"
            );
        }
        embedded::migrations::runner().run_async(client).await.context("applying the store's migrations")?;
        Ok(())
    }
    .await;
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]).await?;
    result
}

/// An arbitrary constant shared by every collector: "arsring" in ASCII.
const MIGRATION_LOCK: i64 = 0x61_7273_7269_6e67;

async fn applied_version(client: &tokio_postgres::Client) -> anyhow::Result<Option<i64>> {
    let exists: bool = client.query_one("SELECT to_regclass('refinery_schema_history') IS NOT NULL", &[]).await?.get(0);
    if !exists {
        return Ok(None);
    }
    let row = client.query_one("SELECT max(version)::bigint FROM refinery_schema_history", &[]).await?;
    Ok(row.get(0))
}
