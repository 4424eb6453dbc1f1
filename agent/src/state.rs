//! What the agent keeps between runs, in its state directory: the device id, the counters
//! of the previous report, the package manager's last answer, and (in `spool/`) reports
//! waiting to be delivered.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use arsring_protocol::DeviceIdSource;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::collect::patch::reuse::Saved;
use crate::collect::utilisation::Counters;

#[derive(Clone, Debug)]
pub struct StateDir {
    path: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct SavedId {
    device_id: Uuid,
    source: DeviceIdSource,
}

impl StateDir {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        StateDir { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn spool_dir(&self) -> PathBuf {
        self.path.join("spool")
    }

    pub fn device_id(&self) -> Option<(Uuid, DeviceIdSource)> {
        let saved: SavedId = read_json(&self.path.join("device-id.json"))?;
        Some((saved.device_id, saved.source))
    }

    pub fn save_device_id(&self, device_id: Uuid, source: DeviceIdSource) -> io::Result<()> {
        write_json(&self.path.join("device-id.json"), &SavedId { device_id, source })
    }

    /// The ids network devices had at each configured address (see `snmp::poll_all`).
    pub fn snmp_ids(&self) -> std::collections::HashMap<String, Uuid> {
        read_json(&self.path.join("snmp-devices.json")).unwrap_or_default()
    }

    pub fn save_snmp_ids(&self, ids: &std::collections::HashMap<String, Uuid>) -> io::Result<()> {
        write_json(&self.path.join("snmp-devices.json"), ids)
    }

    /// A file only the agent's user may read (a key), or `None`.
    pub fn read_secret<T: for<'de> Deserialize<'de>>(&self, name: &str) -> Option<T> {
        read_json(&self.path.join(name))
    }

    /// Writes a file readable by the agent's user only (mode 0600), atomically.
    pub fn write_secret<T: Serialize>(&self, name: &str, value: &T) -> io::Result<()> {
        let bytes = serde_json::to_vec(value).map_err(io::Error::other)?;
        write_atomic_mode(&self.path.join(name), &bytes, 0o600)
    }

    pub fn remove(&self, name: &str) -> io::Result<()> {
        match fs::remove_file(self.path.join(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    pub fn counters(&self) -> Option<Counters> {
        read_json(&self.path.join("counters.json"))
    }

    pub fn save_counters(&self, counters: &Counters) -> io::Result<()> {
        write_json(&self.path.join("counters.json"), counters)
    }

    /// The package manager's last answer with the fingerprint of what it depended on.
    pub fn patch(&self) -> Option<Saved> {
        read_json(&self.path.join("patch.json"))
    }

    pub fn save_patch(&self, saved: &Saved) -> io::Result<()> {
        write_json(&self.path.join("patch.json"), saved)
    }
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let text = fs::read(path).ok()?;
    match serde_json::from_slice(&text) {
        Ok(value) => Some(value),
        Err(err) => {
            tracing::warn!(path = %path.display(), %err, "ignoring unreadable state file");
            None
        }
    }
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let bytes = serde_json::to_vec(value).map_err(io::Error::other)?;
    write_atomic(path, &bytes)
}

/// Writes `bytes` so that after a crash `path` holds either the old or the new content,
/// never a torn mix: a temporary file is written and synced, renamed over `path`, and the
/// directory is synced so the rename itself is durable. The agent's state (reports with
/// serial numbers, the devices it polls) is for its own user only: files 0600, directories
/// 0700.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_mode(path, bytes, 0o600)
}

/// Creates `dir` and its missing parents for the agent's user only (0700).
pub fn private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

/// [`write_atomic`] with the file created with `mode` (before any byte is written).
pub fn write_atomic_mode(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let dir = path.parent().ok_or_else(|| io::Error::other("path has no parent"))?;
    private_dir(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("state");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = {
            use std::os::unix::fs::OpenOptionsExt;
            fs::OpenOptions::new().write(true).create(true).truncate(true).mode(mode).open(&tmp)?
        };
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
