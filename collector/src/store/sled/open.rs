//! Opening the sled directory: waiting out a lock held a moment too long, checking the
//! on-disk schema version before anything reads the trees, and turning a damaged store into
//! an error that says where it is and what to do.
//!
//! sled 0.34 does not report most damage: it recovers its log up to the first record it
//! cannot read and silently drops the rest (a truncated `db` can come back empty), and some
//! damage makes it panic. So the open runs under [`catch_sled`], and an existing store that
//! comes back without its schema stamp is refused rather than stamped anew over the remains.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use chrono::Utc;

use super::{Tables, credentials, verify};
use crate::store::cache::Cache;
use crate::store::{DeviceRecord, STORE_SCHEMA_VERSION};

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

/// Opens the store's sled trees and loads the latest records and the credentials into memory.
pub(super) fn tables(dir: &Path) -> anyhow::Result<Tables> {
    private_dir(dir)?;
    let store = dir.join("store");
    // sled resizes `db` as it opens it, so what was there is known only before. A store
    // with neither of sled's files is new; one with either has held something.
    let found = match std::fs::metadata(store.join("db")) {
        Ok(meta) => Some(meta.len()),
        Err(_) if store.join("conf").exists() => Some(0),
        Err(_) => None,
    };
    let db = match catch_sled(|| open_db(dir)) {
        Ok(opened) => opened?,
        Err(panic) => return Err(damaged(dir, format!("sled cannot read its log (it panicked: {panic})"))),
    };
    match catch_sled(|| load(dir, db, found)) {
        Ok(loaded) => loaded,
        Err(panic) => Err(damaged(dir, format!("sled failed reading it (it panicked: {panic})"))),
    }
}

/// `found`: the size of the `db` file before this open, `None` for a new store.
fn load(dir: &Path, db: sled::Db, found: Option<u64>) -> anyhow::Result<Tables> {
    check_schema(dir, &db, found)?;
    let devices = db.open_tree("devices")?;
    let (meta, reports, history) = (db.open_tree("meta")?, db.open_tree("reports")?, db.open_tree("history")?);
    let finished = super::intent::finish(&meta, &devices, &reports, &history).map_err(|err| damaged(dir, err))?;
    if finished != Default::default() {
        db.flush()?;
        tracing::warn!(
            "the last group of reports was cut short (the collector stopped while writing it): \
             {} report(s) completed, {} not stored (their senders had no answer and send them again)",
            finished.completed.len(),
            finished.undone.len()
        );
    }
    let mut index = Vec::new();
    for item in devices.iter() {
        let (key, value) = item.map_err(|err| damaged(dir, format!("reading the devices tree: {err}")))?;
        let record: DeviceRecord = super::codec::decode(&value)
            .map_err(|err| damaged(dir, format!("devices record {}: {err}", verify::show_key("devices", &key))))?;
        index.push(record);
    }
    let (credentials_tree, bindings) = (db.open_tree("credentials")?, db.open_tree("bindings")?);
    let credentials = credentials::load(&credentials_tree, &bindings).map_err(|err| {
        let named = verify::first_bad_record(&[("credentials", &credentials_tree), ("bindings", &bindings)]);
        damaged(dir, named.unwrap_or_else(|| format!("{err:#}")))
    })?;
    Ok(Tables {
        credentials_tree,
        bindings,
        reports,
        history,
        meta,
        registers: db.open_tree("registers")?,
        usage: db.open_tree("usage")?,
        devices,
        db,
        cache: Arc::new(Cache::new(index, credentials)),
        recent: Default::default(),
    })
}

/// The error for a store that cannot be read as it is: it names the directory and says what
/// the operator can do.
pub(super) fn damaged(dir: &Path, what: impl std::fmt::Display) -> anyhow::Error {
    let store = dir.join("store");
    anyhow!(
        "the store in {} is damaged: {what}. Restore it from a backup; \
         `arsring-collector store verify --data-dir {}` shows what is wrong",
        store.display(),
        dir.display()
    )
}

/// sled's page cache. Its default is 1 GiB, which a collector of 20 000 devices filled: the
/// latest record of every device is in memory anyway (the index), and history and usage are
/// read a device at a time, so a small cache costs little (docs/benchmarks.md, "Memory").
pub const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// Opens sled, waiting for the directory lock (see [`while_locked`]).
pub fn open_db(dir: &Path) -> anyhow::Result<sled::Db> {
    // sled creates its files with the process's umask; a 0700 directory keeps them ours.
    let store = dir.join("store");
    if !store.exists() {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&store)
            .with_context(|| format!("cannot create {}", store.display()))?;
    }
    match while_locked(|| sled::Config::new().path(&store).cache_capacity(CACHE_BYTES).open(), is_lock) {
        Ok(db) => Ok(db),
        Err(err) if is_lock(&err) => bail!("{} is in use by another arsring-collector ({err})", dir.display()),
        Err(err @ sled::Error::Io(_)) => bail!("cannot open the store in {}: {err}", dir.display()),
        Err(err) => Err(damaged(dir, verify::describe(&err, &store))),
    }
}

/// Tries `attempt` again every 50 ms for up to two seconds while it fails because the store
/// is locked: sled's I/O threads can hold the files a moment after the previous handle in
/// this process was dropped, and a restarted service can overlap the old one's exit.
pub(super) fn while_locked<T, E>(
    mut attempt: impl FnMut() -> Result<T, E>,
    locked: impl Fn(&E) -> bool,
) -> Result<T, E> {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        match attempt() {
            Err(err) if locked(&err) && Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            outcome => return outcome,
        }
    }
}

fn is_lock(err: &sled::Error) -> bool {
    matches!(err, sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock || io.to_string().contains("lock"))
}

/// Refuses a store written by another layout; stamps a new, empty one. A store that was
/// there before this open (`found`, the size of its log) is never stamped: without its
/// stamp, sled has lost what it held, and a stamp would have the collector carry on empty.
fn check_schema(dir: &Path, db: &sled::Db, found: Option<u64>) -> anyhow::Result<()> {
    let meta = db.open_tree("meta")?;
    match (meta.get("schema_version")?, found) {
        (Some(bytes), _) => {
            let version = <[u8; 4]>::try_from(bytes.as_ref()).map(u32::from_be_bytes).unwrap_or(0);
            if version != STORE_SCHEMA_VERSION {
                bail!(
                    "the store has schema version {version}; this collector reads version {STORE_SCHEMA_VERSION}. \
                     Use the collector version that wrote it, or migrate the data directory."
                );
            }
        }
        (None, None) => {
            meta.insert("schema_version", &STORE_SCHEMA_VERSION.to_be_bytes())?;
            meta.insert("created_at", Utc::now().to_rfc3339().as_bytes())?;
            db.flush()?;
            // The flush makes the files' contents durable; their names live in the directories.
            for made in [dir.join("store"), dir.to_path_buf()] {
                std::fs::File::open(&made)
                    .and_then(|d| d.sync_all())
                    .with_context(|| format!("cannot sync the directory {}", made.display()))?;
            }
        }
        (None, Some(bytes)) if verify::holds_nothing(db) => {
            return Err(damaged(dir, verify::nothing_read_back(bytes)));
        }
        (None, Some(_)) => bail!("the store has data but no schema version; refusing to guess its layout"),
    }
    Ok(())
}

thread_local! {
    /// Set while this thread runs sled under [`catch_sled`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The message of the panic caught on this thread.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, turning a panic into its message. While it runs, a panic on this thread is not
/// printed: the caller reports it as an error of its own. Panics elsewhere print as usual.
pub(super) fn catch_sled<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    // One hook for the life of the process, deciding per thread: swapping hooks in and out
    // would race with other threads opening stores (the tests do) and lose their output.
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) {
                CAUGHT.with(|c| *c.borrow_mut() = Some(panic_text(info)));
            } else {
                previous(info);
            }
        }));
    });
    let was_catching = CATCHING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(was_catching));
    let caught = CAUGHT.with(|c| c.borrow_mut().take());
    result.map_err(|payload| {
        // Without the message from the hook (another replaced it), the payload has it.
        let text =
            payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned());
        caught.or(text).unwrap_or_else(|| "a panic without a message".into())
    })
}

/// The panic's message on one line, with the source file it came from.
fn panic_text(info: &panic::PanicHookInfo) -> String {
    let message = info.payload_as_str().unwrap_or("a panic without a message").replace('\n', " ");
    match info.location() {
        Some(at) => {
            let file = Path::new(at.file()).iter().rev().take(3).collect::<Vec<_>>();
            let file: Vec<_> = file.iter().rev().map(|p| p.to_string_lossy()).collect();
            format!("{message}, at {}:{}", file.join("/"), at.line())
        }
        None => message,
    }
}

#[cfg(test)]
mod tests;
