//! `arsring-collector store verify`: reads every record of a stopped collector's store with
//! the types the store reads them with, checks what must hold between the trees, and names
//! the tree and key of each problem.
//!
//! It works on a copy. sled 0.34 repairs a damaged log when it opens it, and the repair
//! destroys: it writes over what follows the first unreadable record and deletes the blob
//! files written after it (a `db` cut in half came back empty, with the surviving half
//! overwritten). A check must not be what loses the data, so the original is only read,
//! under its lock, so that no collector writes it meanwhile.
//!
//! sled's recovery keeps the store consistent while dropping writes: whatever followed the
//! first unreadable record is gone, as if those writes had never happened. The trees then
//! agree with each other, and only something outside the store can tell that it went back
//! in time: the caller passes what must be there ([`Expected`], from the audit log). A
//! missing blob file makes sled use the previous version of what it held, silently.

mod blobs;
mod records;

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Serialize;

use super::open::{catch_sled, while_locked};
use records::Refs;
pub use records::RegisterCheck;

/// More problems than this are counted, not listed: a store damaged at its start has one
/// cause and need not print a million lines.
const MAX_LISTED: usize = 1000;

/// The trees the collector writes; `devices` and `credentials` first, as the others are
/// checked against them.
const TREES: [&str; 8] = ["devices", "credentials", "reports", "history", "usage", "bindings", "registers", "meta"];

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The store directory verified.
    pub store: PathBuf,
    pub trees: Vec<TreeCount>,
    /// Blob files (sled keeps values over about 128 KiB in files of their own).
    pub blobs: usize,
    pub problems: Vec<Problem>,
    /// Problems found beyond the first [`MAX_LISTED`].
    pub unlisted_problems: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TreeCount {
    pub tree: String,
    pub records: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// A tree, or `store` for sled's log itself, or `blobs` for a blob file.
    pub tree: String,
    /// The record (device id, report id, `device/received_at/report` …) or blob file.
    pub key: Option<String>,
    pub problem: String,
}

impl Report {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn problem_count(&self) -> usize {
        self.problems.len() + self.unlisted_problems
    }

    fn problem(&mut self, tree: &str, key: Option<String>, problem: impl Into<String>) {
        if self.problems.len() < MAX_LISTED {
            self.problems.push(Problem { tree: tree.into(), key, problem: problem.into() });
        } else {
            self.unlisted_problems += 1;
        }
    }
}

/// What the store is checked against besides itself.
#[derive(Clone, Debug, Default)]
pub struct Checks<'a> {
    /// Decodes each register the collector knows, by name; others need only be JSON.
    pub registers: &'a [(&'a str, RegisterCheck)],
    pub expected: Vec<Expected>,
}

/// A record that must be in the store, and why (something written after it was durable).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub tree: &'static str,
    pub key: String,
    pub because: String,
}

/// Verifies the store in `data_dir` (the store itself is `data_dir/store`). An error is a
/// store that cannot be verified at all (missing, in use, unreadable files); what is wrong
/// inside it is in the report.
pub fn verify(data_dir: &Path, checks: &Checks) -> anyhow::Result<Report> {
    let store = data_dir.join("store");
    let db_file = store.join("db");
    if !db_file.is_file() {
        bail!("there is no store in {} (no {})", data_dir.display(), db_file.display());
    }
    let db_bytes = std::fs::metadata(&db_file).map(|m| m.len()).unwrap_or(0);
    let copy = copy_locked(&store, data_dir)?;
    let mut report = Report { store, trees: Vec::new(), blobs: 0, problems: Vec::new(), unlisted_problems: 0 };
    // Before sled opens the copy: its repair deletes the blobs it cannot use.
    report.blobs = blobs::check(&copy.0.join("blobs"), &mut report);
    if let Some(damage) = blobs::conf_damage(&copy.0.join("conf")) {
        report.problem("store", Some("conf".into()), damage);
    }
    match catch_sled(|| sled::Config::new().path(&copy.0).open()) {
        Err(panic) => report.problem("store", None, format!("sled cannot read its log: it panics ({panic})")),
        Ok(Err(err)) => report.problem("store", None, describe_sled(&err)),
        Ok(Ok(db)) => {
            if schema(&db, db_bytes, &mut report) {
                settle_cut_group(&db, &mut report);
                walk(&db, checks.registers, &mut report);
                expected(&db, &checks.expected, &mut report);
            }
        }
    }
    Ok(report)
}

/// Settles a group of reports cut by a crash in the copy, as the collector's next open will
/// (`intent::finish`), so that what it leaves is not counted as a problem.
fn settle_cut_group(db: &sled::Db, report: &mut Report) {
    let trees = ["meta", "devices", "reports", "history"].map(|name| db.open_tree(name));
    let settled = match trees {
        [Ok(meta), Ok(devices), Ok(reports), Ok(history)] => {
            super::intent::finish(&meta, &devices, &reports, &history).map(drop)
        }
        _ => Ok(()),
    };
    if let Err(err) = settled {
        report.problem("meta", Some(super::intent::KEY.into()), format!("{err:#}"));
    }
}

/// The first record of `trees` that does not decode, named: for an error while loading.
pub(super) fn first_bad_record(trees: &[(&str, &sled::Tree)]) -> Option<String> {
    trees.iter().find_map(|(name, tree)| {
        tree.iter().find_map(|item| match item {
            Ok((key, value)) => records::decode(name, &key, &value, &[])
                .err()
                .map(|err| format!("{name} record {}: {err}", show_key(name, &key))),
            Err(err) => Some(format!("reading the {name} tree: {err}")),
        })
    })
}

/// A store whose log sled cannot make sense of from its start: it comes back empty.
pub(super) fn nothing_read_back(db_bytes: u64) -> String {
    format!(
        "sled reads nothing back from its log (db, {db_bytes} bytes): the file is truncated or overwritten \
         at its start (if this collector has never stored anything, remove the store directory instead)"
    )
}

/// Whether every tree is empty (opening a tree creates it, so their names prove nothing).
pub(super) fn holds_nothing(db: &sled::Db) -> bool {
    db.tree_names().iter().all(|name| db.open_tree(name).is_ok_and(|tree| tree.is_empty()))
}

/// What a sled error on opening the store in `store` means, in words.
pub(super) fn describe(err: &sled::Error, store: &Path) -> String {
    match blobs::conf_damage(&store.join("conf")) {
        Some(damage) => format!("its conf file is {damage}"),
        None => describe_sled(err),
    }
}

fn describe_sled(err: &sled::Error) -> String {
    match err {
        sled::Error::Corruption { at: Some(at), .. } => format!("sled finds corrupt data in its log at {at:?}"),
        sled::Error::Corruption { at: None, .. } => "sled finds corrupt data (it does not say where)".into(),
        other => format!("sled cannot open it: {other}"),
    }
}

/// A record's key as an operator reads it: ids as UUIDs, times as RFC 3339, names as text.
pub fn show_key(tree: &str, key: &[u8]) -> String {
    records::show_key(tree, key)
}

/// Whether the schema stamp lets the records be read with this collector's types.
fn schema(db: &sled::Db, db_bytes: u64, report: &mut Report) -> bool {
    let stamp = db.open_tree("meta").and_then(|meta| meta.get("schema_version"));
    match stamp {
        Ok(Some(_)) => true,
        Ok(None) if holds_nothing(db) => {
            report.problem("store", None, nothing_read_back(db_bytes));
            false
        }
        Ok(None) => {
            report.problem("meta", Some("schema_version".into()), "missing, though the store holds data");
            true
        }
        Err(err) => {
            report.problem("meta", None, format!("sled cannot read it: {err}"));
            false
        }
    }
}

/// Every tree, record by record, then what must hold between them.
fn walk(db: &sled::Db, registers: &[(&str, RegisterCheck)], report: &mut Report) {
    let mut names: Vec<String> = TREES.iter().map(|t| t.to_string()).collect();
    for name in db.tree_names() {
        let name = String::from_utf8_lossy(&name).into_owned();
        if name != "__sled__default" && !names.contains(&name) {
            report.problem(&name, None, "a tree this collector does not write");
            names.push(name);
        }
    }
    let Ok(reports) = db.open_tree("reports") else { return };
    let mut refs = Refs::default();
    for name in &names {
        let tree = match db.open_tree(name) {
            Ok(tree) => tree,
            Err(err) => {
                report.problem(name, None, format!("sled cannot open it: {err}"));
                continue;
            }
        };
        let walked = catch_sled(|| walk_tree(name, &tree, &reports, registers, &mut refs, report));
        if let Err(panic) = walked {
            report.problem(name, None, format!("sled cannot read it: it panics ({panic})"));
        }
    }
    let walked = catch_sled(|| latest_reports(&refs, &reports, report));
    if let Err(panic) = walked {
        report.problem("reports", None, format!("sled cannot read it: it panics ({panic})"));
    }
}

fn walk_tree(
    name: &str,
    tree: &sled::Tree,
    reports: &sled::Tree,
    registers: &[(&str, RegisterCheck)],
    refs: &mut Refs,
    report: &mut Report,
) {
    let mut count = 0;
    let mut last: Option<sled::IVec> = None;
    for item in tree.iter() {
        let (key, value) = match item {
            Ok(record) => record,
            Err(err) => {
                let after = last.as_ref().map(|k| format!("after {}", show_key(name, k)));
                report.problem(name, after, format!("sled cannot read further: {err}"));
                break;
            }
        };
        count += 1;
        let related =
            records::decode(name, &key, &value, registers).and_then(|decoded| records::relate(decoded, refs, reports));
        if let Err(problem) = related {
            report.problem(name, Some(show_key(name, &key)), problem);
        }
        last = Some(key);
    }
    report.trees.push(TreeCount { tree: name.into(), records: count });
}

/// Each device's latest report is stored, and its history begun: a device's first report
/// writes all three (a group cut by a crash is settled before this runs).
fn latest_reports(refs: &Refs, reports: &sled::Tree, report: &mut Report) {
    for (device, latest) in &refs.devices {
        let key = Some(device.to_string());
        match reports.get(latest.as_bytes()) {
            Ok(Some(value)) if records::device_of(&value) == Some(*device) => {}
            Ok(Some(_)) => {
                report.problem("devices", key.clone(), format!("its latest report {latest} is another device's"))
            }
            Ok(None) => report.problem("devices", key.clone(), format!("its latest report {latest} is not in reports")),
            Err(err) => report.problem("devices", key.clone(), format!("cannot look up its latest report: {err}")),
        }
        if !refs.with_history.contains(device) {
            report.problem("devices", key, "it has no history (its first report always begins one)");
        }
    }
}

fn expected(db: &sled::Db, expected: &[Expected], report: &mut Report) {
    for e in expected {
        let found = catch_sled(|| db.open_tree(e.tree).and_then(|tree| tree.get(e.key.as_bytes())));
        if !matches!(found, Ok(Ok(Some(_)))) {
            let what = format!("missing, though {}: the store has lost later writes, or is older than that", e.because);
            report.problem(e.tree, Some(e.key.clone()), what);
        }
    }
}

/// A copy of the store in a private temporary directory, removed when dropped.
struct TempCopy(PathBuf);

impl Drop for TempCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the store while holding sled's lock on it (waiting up to two seconds for it), so
/// no collector writes it meanwhile.
fn copy_locked(store: &Path, data_dir: &Path) -> anyhow::Result<TempCopy> {
    let db = File::open(store.join("db")).with_context(|| format!("cannot read {}", store.join("db").display()))?;
    let mut lock = fd_lock::RwLock::new(db);
    // Waited for as opening the store waits; the guard is taken below, once it is free.
    let _ = while_locked(|| lock.try_write().map(drop), |e| e.kind() == std::io::ErrorKind::WouldBlock);
    let _held = lock.try_write().map_err(|err| {
        if err.kind() == std::io::ErrorKind::WouldBlock {
            anyhow::anyhow!(
                "{} is in use by a running arsring-collector: stop it first (its store is locked while it runs)",
                data_dir.display()
            )
        } else {
            anyhow::Error::new(err).context(format!("cannot lock {}", store.join("db").display()))
        }
    })?;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let copy = TempCopy(std::env::temp_dir().join(format!("arsring-verify-{}-{nanos}", std::process::id())));
    copy_dir(store, &copy.0).with_context(|| format!("copying {} to {}", store.display(), copy.0.display()))?;
    Ok(copy)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    // The copy holds what the store holds: for this user alone.
    std::fs::DirBuilder::new().mode(0o700).create(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()))?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
