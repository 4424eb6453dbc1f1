//! `store migrate` and `store restore` into PostgreSQL: every record of an embedded store
//! (or of a snapshot file) copied into a PostgreSQL store, then both sides counted and
//! checksummed table by table (`snapshot::Tally`) to show the copy is whole.
//!
//! The copy is one transaction: it lands whole or not at all. It inserts only what is
//! missing (`postgres::snapshot::insert`), so running it again changes nothing. Collectors
//! already running on the database are told to read everything again.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use tokio::sync::mpsc;

use super::Store;
use super::postgres::PgSettings;
use super::postgres::snapshot::{self as pg, Copied};
use super::snapshot::{self, Row, Tally, Trailer};

/// Where the records come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A stopped collector's data directory (the embedded store, tokens, sessions, audit log).
    DataDir(PathBuf),
    /// A snapshot written by `store backup`.
    File(PathBuf),
}

/// What a copy did and found.
#[derive(Debug)]
pub struct Migrated {
    /// Rows and checksum per table, as read from the source.
    pub source: Trailer,
    /// The same, read back from PostgreSQL after the copy.
    pub target: Trailer,
    /// Rows that were not there before, per table.
    pub copied: Copied,
}

impl Migrated {
    /// Whether the database now holds exactly what the source holds.
    pub fn verified(&self) -> bool {
        self.source == self.target
    }
}

/// Copies `source` into the database `target` names; `progress` hears how many rows have
/// been read so far.
pub async fn migrate(source: Source, target: &PgSettings, progress: &dyn Fn(u64)) -> anyhow::Result<Migrated> {
    let mut client = pg::connect(target).await?;
    let (rows, mut incoming) = mpsc::channel::<Row>(4096);
    let tally = Arc::new(Mutex::new(Tally::default()));
    let reading = tokio::spawn(read(source, rows, tally.clone()));
    let tx = client.transaction().await?;
    let mut copied = Copied::new();
    let mut seen = 0u64;
    while let Some(row) = incoming.recv().await {
        pg::insert(&tx, &row, &mut copied).await.with_context(|| format!("copying a {} row", row.table()))?;
        seen += 1;
        if seen.is_multiple_of(1000) {
            progress(seen);
        }
    }
    progress(seen);
    // Nothing is committed unless the whole source was read.
    reading.await.context("reading the source stopped")??;
    tx.execute("SELECT pg_notify('arsring', 'migrate reload')", &[]).await?;
    tx.commit().await?;
    let source = tally.lock().map_err(|_| anyhow::anyhow!("tally poisoned"))?.trailer();
    let mut read_back = Tally::default();
    pg::export(&mut client, &mut |row: Row| {
        read_back.add(&row, &row.line()?);
        Ok(())
    })
    .await
    .context("reading the copy back")?;
    Ok(Migrated { source, target: read_back.trailer(), copied })
}

/// Sends every row of `source` to `rows`, counting each in `tally`.
async fn read(source: Source, rows: mpsc::Sender<Row>, tally: Arc<Mutex<Tally>>) -> anyhow::Result<()> {
    let sink = move |row: Row| -> anyhow::Result<()> {
        let line = row.line()?;
        tally.lock().map_err(|_| anyhow::anyhow!("tally poisoned"))?.add(&row, &line);
        rows.blocking_send(row).map_err(|_| anyhow::anyhow!("the copy stopped"))
    };
    match source {
        Source::DataDir(dir) => {
            let store = open_stopped(&dir)?;
            store.export(Box::new(sink)).await
        }
        Source::File(path) => tokio::task::spawn_blocking(move || from_file(&path, sink)).await?,
    }
}

/// The embedded store of a collector that is not running.
pub fn open_stopped(dir: &Path) -> anyhow::Result<Store> {
    if !dir.join("store/db").is_file() {
        anyhow::bail!("there is no embedded store in {} (no store/db)", dir.display());
    }
    Store::open(dir).with_context(|| {
        format!("cannot open the store in {} (is a collector running on it? stop it first)", dir.display())
    })
}

fn from_file(path: &Path, sink: impl FnMut(Row) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    snapshot::read(BufReader::new(file), sink).with_context(|| path.display().to_string())?;
    Ok(())
}
