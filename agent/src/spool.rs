//! Reports waiting for the collector, on disk, oldest first.
//!
//! One file per report, named by the time it was spooled and its report id, written
//! atomically so a crash leaves either a whole report or none. The spool is bounded by
//! count and bytes; when full, the oldest reports go first, with a warning, since the newest
//! observation of a server is the most useful one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use uuid::Uuid;

use crate::state::{private_dir, write_atomic};

pub struct Spool {
    dir: PathBuf,
    max_reports: usize,
    max_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    pub bytes: u64,
}

impl Entry {
    pub fn name(&self) -> String {
        self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

impl Spool {
    pub fn open(dir: impl Into<PathBuf>, max_reports: usize, max_bytes: u64) -> io::Result<Spool> {
        let dir = dir.into();
        private_dir(&dir)?;
        Ok(Spool { dir, max_reports, max_bytes })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Adds a report, then drops the oldest while over either bound.
    pub fn push(&self, report_id: Uuid, body: &[u8]) -> io::Result<()> {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        // Zero-padded so that name order is time order.
        let path = self.dir.join(format!("{nanos:020}-{report_id}.json"));
        write_atomic(&path, body)?;
        self.enforce_bounds()
    }

    fn enforce_bounds(&self) -> io::Result<()> {
        let mut entries = self.entries()?;
        let mut bytes: u64 = entries.iter().map(|e| e.bytes).sum();
        let mut dropped = 0;
        while !entries.is_empty() && (entries.len() > self.max_reports || bytes > self.max_bytes) {
            let oldest = entries.remove(0);
            bytes -= oldest.bytes;
            self.remove(&oldest)?;
            dropped += 1;
            tracing::warn!(report = %oldest.name(), "spool full: dropped the oldest undelivered report");
        }
        if dropped > 0 {
            tracing::warn!(dropped, kept = entries.len(), "spool bounds reached (spool_max_reports / spool_max_bytes)");
        }
        Ok(())
    }

    /// Spooled reports, oldest first.
    pub fn entries(&self) -> io::Result<Vec<Entry>> {
        let mut entries = Vec::new();
        for item in fs::read_dir(&self.dir)? {
            let item = item?;
            let name = item.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || !name.ends_with(".json") {
                continue; // temporary files of an interrupted write
            }
            entries.push(Entry { path: item.path(), bytes: item.metadata()?.len() });
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }

    pub fn read(&self, entry: &Entry) -> io::Result<Vec<u8>> {
        fs::read(&entry.path)
    }

    pub fn remove(&self, entry: &Entry) -> io::Result<()> {
        match fs::remove_file(&entry.path) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
