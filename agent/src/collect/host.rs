//! Reading the host's files under a root that tests can point at a fixture tree.

use std::path::{Path, PathBuf};

/// The machine being inspected: `/` in production, a directory of fixtures in tests.
#[derive(Clone, Debug)]
pub struct Host {
    root: PathBuf,
}

impl Default for Host {
    fn default() -> Self {
        Host { root: PathBuf::from("/") }
    }
}

impl Host {
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Host { root: root.into() }
    }

    /// The host path `path` (absolute, as on the real machine) under this root.
    pub fn path(&self, path: &str) -> PathBuf {
        self.root.join(path.trim_start_matches('/'))
    }

    /// The file's contents, or `None` when it is missing or unreadable (e.g. root-only).
    pub fn read(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.path(path)).ok()
    }

    /// The file's first line, trimmed; `None` when missing, unreadable or blank.
    pub fn read_value(&self, path: &str) -> Option<String> {
        let text = self.read(path)?;
        let value = text.lines().next().unwrap_or("").trim();
        (!value.is_empty()).then(|| value.to_string())
    }

    pub fn exists(&self, path: &str) -> bool {
        self.path(path).exists()
    }

    /// Names of the entries of a directory, sorted; empty when it cannot be listed.
    pub fn list(&self, path: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(path))
            .map(|entries| entries.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}
