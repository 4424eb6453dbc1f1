//! Opening the sled directory: waiting out a lock held a moment too long, and checking the
//! on-disk schema version before anything reads the trees.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::Utc;

use super::STORE_SCHEMA_VERSION;

/// Creates the data directory for the collector's user alone (0700): it holds the store, the
/// token hashes, the audit log and the CA's key. One that exists is left as the operator
/// made it, with a warning if others may read it.
pub fn private_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    match std::fs::metadata(dir) {
        Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
            let mode = format!("{:o}", meta.permissions().mode() & 0o777);
            tracing::warn!(dir = %dir.display(), mode, "the data directory is open to other users; chmod 700 it");
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(_) => std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("cannot create data dir {}", dir.display())),
    }
}

/// Opens sled, waiting up to two seconds for the directory lock: sled's I/O threads can
/// hold the files a moment after the previous handle in this process was dropped, and a
/// restarted service can overlap the old one's exit.
pub fn open_db(dir: &Path) -> anyhow::Result<sled::Db> {
    let deadline = Instant::now() + Duration::from_secs(2);
    // sled creates its files with the process's umask; a 0700 directory keeps them ours.
    let store = dir.join("store");
    if !store.exists() {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&store)
            .with_context(|| format!("cannot create {}", store.display()))?;
    }
    loop {
        match sled::Config::new().path(&store).open() {
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
