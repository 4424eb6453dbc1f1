//! Keeping this collector's memory in step with what the others write: each commit that
//! changes a device, a credential, a register or a token, or closes a dashboard session,
//! sends a notification (`pg_notify`, delivered on commit), and this task, on a connection
//! of its own, reloads what it names (or, for tokens and sessions, drops what memory holds
//! of them). After (re)connecting it reloads everything, since notifications sent while it
//! was away are lost.

use std::sync::Arc;
use std::time::Duration;

use tokio_postgres::types::Json;
use uuid::Uuid;

use super::connect::Listening;
use super::{CHANNEL, Shared};
use crate::store::DeviceRecord;

/// How often the records changed lately are read again: a collector that crashed between
/// its commit and its notification leaves the others a change they were not told of.
const SWEEP: Duration = Duration::from_secs(30);

/// Runs until the runtime shuts down.
pub async fn follow(shared: Arc<Shared>) {
    loop {
        if let Err(err) = listen_once(&shared).await {
            tracing::warn!("{err:#}; following the other collectors again in 2 s");
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

async fn listen_once(shared: &Arc<Shared>) -> anyhow::Result<()> {
    let Listening { client, payloads: mut rx, driver } = shared.settings.connect_listening().await?;
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    shared.reload_all().await?;
    let mut sweep = tokio::time::interval(SWEEP);
    loop {
        tokio::select! {
            payload = rx.recv() => {
                let Some(payload) = payload else { break };
                if let Err(err) = apply(shared, &payload).await {
                    // A change missed is worse than a reload too many.
                    tracing::warn!("{err:#}; reloading everything");
                    shared.reload_all().await?;
                }
            }
            _ = sweep.tick() => sweep_recent(shared).await?,
        }
    }
    driver.abort();
    anyhow::bail!("the notification connection to {} closed", shared.settings.shown())
}

/// Rereads the devices written in the last two sweeps (by the database's clock, so the
/// collectors' clocks do not matter) and the credentials.
async fn sweep_recent(shared: &Shared) -> anyhow::Result<()> {
    let client = shared.pool.get().await?;
    let recent = "SELECT record FROM devices WHERE changed_at > clock_timestamp() - interval '2 minutes'";
    for row in client.query(recent, &[]).await? {
        let Json(record): Json<DeviceRecord> = row.get(0);
        let unchanged = shared
            .cache
            .device(record.device_id)
            .is_some_and(|known| known.report == record.report && known.unreachable == record.unreachable);
        if !unchanged {
            shared.cache.put_device(record);
        }
    }
    shared.reload_credentials(&client).await
}

/// What a notification names.
#[derive(Debug, PartialEq, Eq)]
enum Notice<'a> {
    Device(&'a str),
    Credentials,
    Register(&'a str),
    Tokens,
    /// A closed session, by the hash of its id.
    Session(&'a str),
    /// Everything changed at once (`store migrate`): read it all again.
    Reload,
    Unknown,
}

/// `<instance> device <id>`, `<instance> credentials`, `<instance> register <name>`,
/// `<instance> tokens`, `<instance> session <hash>`, `<instance> reload`: who sent it, and
/// what it names.
fn parse(payload: &str) -> (&str, Notice<'_>) {
    let mut words = payload.splitn(3, ' ');
    let instance = words.next().unwrap_or_default();
    let notice = match (words.next(), words.next()) {
        (Some("device"), Some(id)) => Notice::Device(id),
        (Some("credentials"), _) => Notice::Credentials,
        (Some("register"), Some(name)) => Notice::Register(name),
        (Some("tokens"), _) => Notice::Tokens,
        (Some("session"), Some(key)) => Notice::Session(key),
        (Some("reload"), _) => Notice::Reload,
        _ => Notice::Unknown,
    };
    (instance, notice)
}

async fn apply(shared: &Shared, payload: &str) -> anyhow::Result<()> {
    let (instance, notice) = parse(payload);
    if instance == shared.instance {
        return Ok(()); // our own commit, already in memory
    }
    match notice {
        // What memory holds of these is dropped at once, without a connection.
        Notice::Tokens => shared.access.tokens_changed(),
        Notice::Session(key) => shared.access.session_closed(key),
        Notice::Device(id) => reload_device(shared, id.parse()?).await?,
        Notice::Credentials => shared.reload_credentials(&shared.pool.get().await?).await?,
        Notice::Register(name) => shared.reload_register(&shared.pool.get().await?, name).await?,
        Notice::Reload => shared.reload_all().await?,
        Notice::Unknown => tracing::warn!(payload, "an unknown notification from another collector"),
    }
    Ok(())
}

async fn reload_device(shared: &Shared, id: Uuid) -> anyhow::Result<()> {
    let client = shared.pool.get().await?;
    let row = client.query_opt("SELECT record FROM devices WHERE device_id = $1", &[&id]).await?;
    if let Some(row) = row {
        let Json(record): Json<DeviceRecord> = row.get(0);
        shared.cache.put_device(record);
    }
    let bound = client.query_opt("SELECT credential_id FROM bindings WHERE device_id = $1", &[&id]).await?;
    if let Some(row) = bound {
        shared.cache.bind(id, row.get(0));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
