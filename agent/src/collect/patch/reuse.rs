//! Reusing the package manager's answer while nothing it depends on has changed.
//!
//! Asking apt, dnf or zypper what is pending costs seconds of CPU and tens of MiB on every
//! run (apt loads its cache and runs its resolver over every installed package). Yet the
//! answer depends only on files: the installed packages (dpkg's status, the rpm database),
//! the package lists the last refresh fetched, the configured sources and pins; and, for
//! the reboot question, the running boot and the reboot flags. The agent never refreshes
//! any of them itself. So a scheduled run keeps the answer in its state directory with a
//! fingerprint of those files (size, modification time and inode from `stat`; nothing is
//! read) and reuses it while the fingerprint is the same and the answer is younger than
//! [`MAX_AGE`]. The report says when the manager was asked (`updates.checked_at`), so a
//! reused answer is never presented as fresh.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use arsring_protocol::{PackageManager, Patch, Updates};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// An answer older than this is asked again even when no input changed: a safety net for
/// an input the fingerprint does not know of.
pub const MAX_AGE: TimeDelta = TimeDelta::hours(24);

/// Directories are walked this deep (dnf's and zypper's caches keep `repomd.xml` two
/// levels down) and at most this many entries are stamped.
const DEPTH: usize = 3;
const MAX_ENTRIES: usize = 20_000;

/// What every manager's answer depends on besides its own files: a reboot changes the
/// running kernel and clears `/run`; the flags say a reboot is needed.
const COMMON: &[&str] =
    &["/proc/sys/kernel/random/boot_id", "/run/reboot-required", "/var/run/reboot-required", "/run/reboot-needed"];

/// The files each manager's answer depends on.
pub fn inputs(manager: PackageManager) -> &'static [&'static str] {
    match manager {
        PackageManager::Apt => &[
            "/var/lib/dpkg/status",
            "/var/lib/apt/lists",
            "/var/lib/apt/extended_states",
            "/etc/apt",
            "/var/log/apt/history.log",
            "/var/log/dpkg.log",
        ],
        PackageManager::Dnf | PackageManager::Yum => &[
            "/var/lib/rpm",
            "/usr/lib/sysimage/rpm",
            "/var/cache/dnf",
            "/var/cache/yum",
            "/etc/yum.repos.d",
            "/etc/dnf",
            "/etc/yum.conf",
        ],
        PackageManager::Zypper => &["/var/lib/rpm", "/usr/lib/sysimage/rpm", "/var/cache/zypp", "/etc/zypp"],
        PackageManager::Apk => &["/lib/apk/db", "/var/cache/apk", "/etc/apk"],
    }
}

/// One file as `stat` saw it; a path that does not exist is stamped too, so that its
/// appearing changes the fingerprint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub path: String,
    /// `None` when the path does not exist.
    pub seen: Option<Seen>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub size: u64,
    pub modified_ns: i128,
    pub inode: u64,
}

/// The answer kept for the next run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub manager: PackageManager,
    pub fingerprint: Vec<Stamp>,
    pub patch: Patch,
}

/// The stamps of `manager`'s inputs, or `None` when they cannot all be stamped (too many
/// files, an unreadable directory): then nothing is reused.
pub fn fingerprint(manager: PackageManager) -> Option<Vec<Stamp>> {
    let mut stamps = Vec::new();
    for path in COMMON.iter().chain(inputs(manager)) {
        stamp(Path::new(path), DEPTH, &mut stamps).ok()?;
    }
    Some(stamps)
}

fn stamp(path: &Path, depth: usize, out: &mut Vec<Stamp>) -> std::io::Result<()> {
    if out.len() >= MAX_ENTRIES {
        return Err(std::io::Error::other("too many files to stamp"));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            out.push(Stamp { path: path.display().to_string(), seen: None });
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let modified_ns = i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec());
    out.push(Stamp {
        path: path.display().to_string(),
        seen: Some(Seen { size: meta.size(), modified_ns, inode: meta.ino() }),
    });
    if meta.is_dir() && depth > 0 {
        let mut entries: Vec<_> = std::fs::read_dir(path)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            stamp(&entry, depth - 1, out)?;
        }
    }
    Ok(())
}

/// The saved answer, if it may stand for a fresh one: the same manager, the same
/// fingerprint, a known answer asked less than [`MAX_AGE`] ago (and not in the future: a
/// clock set back proves nothing).
pub fn reusable(saved: &Saved, manager: PackageManager, fingerprint: &[Stamp], now: DateTime<Utc>) -> Option<Patch> {
    let Updates::Known { checked_at: Some(asked), .. } = &saved.patch.updates else { return None };
    let young = *asked <= now && now - *asked < MAX_AGE;
    (saved.manager == manager && saved.fingerprint == fingerprint && young).then(|| saved.patch.clone())
}

#[cfg(test)]
mod tests;
