//! Opening the sled directory: waiting out a lock held a moment too long, and checking the
//! on-disk schema version before anything reads the trees.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::bail;
use chrono::Utc;

use super::STORE_SCHEMA_VERSION;

/// Opens sled, waiting up to two seconds for the directory lock: sled's I/O threads can
/// hold the files a moment after the previous handle in this process was dropped, and a
/// restarted service can overlap the old one's exit.
pub fn open_db(dir: &Path) -> anyhow::Result<sled::Db> {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        match sled::Config::new().path(dir.join("store")).open() {
            Ok(db) => return Ok(db),
            Err(err) if is_lock(&err) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(err) if is_lock(&err) => {
                bail!("{} is in use by another arsring-collector ({err})", dir.display())
            }
            Err(err) => bail!("cannot open the store in {}: {err}", dir.display()),
        }
    }
}

fn is_lock(err: &sled::Error) -> bool {
    matches!(err, sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock || io.to_string().contains("lock"))
}

/// Refuses a store written by another layout; stamps a new, empty one.
pub fn check_schema(db: &sled::Db) -> anyhow::Result<()> {
    let meta = db.open_tree("meta")?;
    match meta.get("schema_version")? {
        Some(bytes) => {
            let version = <[u8; 4]>::try_from(bytes.as_ref()).map(u32::from_be_bytes).unwrap_or(0);
            if version != STORE_SCHEMA_VERSION {
                bail!(
                    "the store has schema version {version}; this collector reads version {STORE_SCHEMA_VERSION}. \
                     Use the collector version that wrote it, or migrate the data directory."
                );
            }
        }
        None if db.tree_names().len() <= 2 && db.open_tree("devices")?.is_empty() => {
            meta.insert("schema_version", &STORE_SCHEMA_VERSION.to_be_bytes())?;
            meta.insert("created_at", Utc::now().to_rfc3339().as_bytes())?;
            db.flush()?;
        }
        None => bail!("the store has data but no schema version; refusing to guess its layout"),
    }
    Ok(())
}
