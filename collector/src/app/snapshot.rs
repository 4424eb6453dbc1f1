//! `store backup` and `GET /api/v1/store/snapshot`: the whole store, at one moment, in the
//! portable form (`store::snapshot`).
//!
//! The snapshot is written to a file in the data directory first and sent from there: the
//! embedded store holds its writes while the snapshot is taken, and a slow reader must not
//! make them wait longer. The file is unlinked at once, so it goes when the reader is done
//! (or the collector stops).

use std::fs::File;
use std::io::{BufWriter, Seek};
use std::sync::{Arc, Mutex};

use super::{AppState, Error, Result};
use crate::audit::Event;
use crate::store::snapshot::{Header, Trailer, Writer};

/// A snapshot ready to be read from its start, and what it holds.
pub struct Snapshot {
    pub file: File,
    pub trailer: Trailer,
}

/// Takes a snapshot of the store for `actor`, on record in the audit log.
pub async fn take(app: &AppState, actor: &str) -> Result<Snapshot> {
    let path = app.config.data_dir.join(format!(".snapshot-{}", uuid::Uuid::new_v4().simple()));
    let file = File::options().create_new(true).read(true).write(true).open(&path).map_err(Error::internal)?;
    let _ = std::fs::remove_file(&path);
    let out = BufWriter::with_capacity(1 << 20, file.try_clone().map_err(Error::internal)?);
    let writer =
        Arc::new(Mutex::new(Some(Writer::new(out, &Header::new(app.store.engine_name())).map_err(Error::internal)?)));
    let sink = writer.clone();
    app.store
        .export(Box::new(move |row| match sink.lock().map_err(|_| anyhow::anyhow!("poisoned"))?.as_mut() {
            Some(writer) => writer.row(&row),
            None => anyhow::bail!("the snapshot was closed"),
        }))
        .await
        .map_err(|e| Error::internal(e.context("taking a snapshot of the store")))?;
    let finished = writer.lock().map_err(|_| Error::internal(anyhow::anyhow!("poisoned")))?.take();
    let (_, trailer) =
        finished.ok_or_else(|| Error::internal(anyhow::anyhow!("no snapshot")))?.finish().map_err(Error::internal)?;
    let mut file = file;
    file.rewind().map_err(Error::internal)?;
    let rows: u64 = trailer.end.values().map(|t| t.rows).sum();
    app.record(Event::new(actor, "store.backup", format!("a snapshot of {rows} records")))?;
    Ok(Snapshot { file, trailer })
}
