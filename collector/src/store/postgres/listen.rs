//! Keeping this collector's memory in step with what the others write: each commit that
//! changes a device, a credential or a register sends a notification (`pg_notify`, delivered
//! on commit), and this task, on a connection of its own, reloads what it names. After
//! (re)connecting it reloads everything, since notifications sent while it was away are lost.

use std::sync::Arc;
use std::time::Duration;

use tokio_postgres::types::Json;
use uuid::Uuid;

use super::connect::Listening;
use super::{CHANNEL, Shared, credentials};
use crate::store::DeviceRecord;

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
    while let Some(payload) = rx.recv().await {
        if let Err(err) = apply(shared, &payload).await {
            // A change missed is worse than a reload too many.
            tracing::warn!("{err:#}; reloading everything");
            shared.reload_all().await?;
        }
    }
    driver.abort();
    anyhow::bail!("the notification connection to {} closed", shared.settings.shown())
}

/// `<instance> device <id>`, `<instance> credentials`, `<instance> register <name>`.
async fn apply(shared: &Shared, payload: &str) -> anyhow::Result<()> {
    let mut words = payload.splitn(3, ' ');
    let (instance, what, name) = (words.next(), words.next(), words.next());
    if instance == Some(shared.instance.as_str()) {
        return Ok(()); // our own commit, already in memory
    }
    let client = shared.pool.get().await?;
    match (what, name) {
        (Some("device"), Some(id)) => {
            let id: Uuid = id.parse()?;
            let row = client.query_opt("SELECT record FROM devices WHERE device_id = $1", &[&id]).await?;
            if let Some(row) = row {
                let Json(record): Json<DeviceRecord> = row.get(0);
                shared.cache.put_device(record);
            }
            let bound = client.query_opt("SELECT credential_id FROM bindings WHERE device_id = $1", &[&id]).await?;
            if let Some(row) = bound {
                shared.cache.bind(id, row.get(0));
            }
        }
        (Some("credentials"), _) => {
            let loaded = credentials::load(&client).await?;
            if let Ok(mut creds) = shared.cache.credentials.write() {
                *creds = loaded;
            }
        }
        (Some("register"), Some(name)) => shared.reload_register(&client, name).await?,
        _ => tracing::warn!(payload, "an unknown notification from another collector"),
    }
    Ok(())
}
