//! API tokens: created once, shown once, stored only as a SHA-256 hash.
//!
//! Tokens live in `tokens.json` beside the sled store, not in it: sled locks its directory
//! for one process, and `arsring-collector token create` must work while the collector
//! runs. Writers take an exclusive file lock and replace the file atomically; the running
//! collector notices the new file (its inode changes) on the next request, so a revocation
//! takes effect at once.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// May post reports, nothing else.
    Agent,
    /// May read everything, change nothing.
    Viewer,
    /// May do everything.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Viewer => "viewer",
            Role::Admin => "admin",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TokenRecord {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// Hex SHA-256 of the token. Tokens carry 256 random bits, so a plain hash suffices:
    /// there is nothing to brute-force that a slow hash would protect.
    pub hash: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Default, Serialize, Deserialize)]
struct TokenFile {
    tokens: Vec<TokenRecord>,
}

const TOKEN_PREFIX: &str = "ars_";

pub fn hash(token: &str) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, token.as_bytes()))
}

fn random_hex(bytes: usize) -> anyhow::Result<String> {
    let mut buf = vec![0u8; bytes];
    SystemRandom::new().fill(&mut buf).map_err(|_| anyhow::anyhow!("no system randomness"))?;
    Ok(hex::encode(buf))
}

fn path(data_dir: &Path) -> PathBuf {
    data_dir.join("tokens.json")
}

/// Creates a token and returns it in plain text (the only time it exists outside the caller).
pub fn create(data_dir: &Path, role: Role, name: &str) -> anyhow::Result<(String, TokenRecord)> {
    let name = name.trim();
    if name.is_empty() || name.len() > 100 || name.chars().any(char::is_control) {
        bail!("--name: must be 1 to 100 printable characters");
    }
    let token = format!("{TOKEN_PREFIX}{}", random_hex(32)?);
    let record = TokenRecord {
        id: format!("tok_{}", random_hex(4)?),
        name: name.to_string(),
        role,
        hash: hash(&token),
        created_at: Utc::now(),
        revoked_at: None,
    };
    let stored = record.clone();
    update(data_dir, move |file| {
        file.tokens.push(stored);
        Ok(())
    })?;
    Ok((token, record))
}

pub fn list(data_dir: &Path) -> anyhow::Result<Vec<TokenRecord>> {
    Ok(read(&path(data_dir))?.tokens)
}

/// Revokes the tokens whose id or name is `which`; returns how many.
pub fn revoke(data_dir: &Path, which: &str) -> anyhow::Result<usize> {
    let mut count = 0;
    update(data_dir, |file| {
        for t in file.tokens.iter_mut().filter(|t| t.revoked_at.is_none()) {
            if t.id == which || t.name == which {
                t.revoked_at = Some(Utc::now());
                count += 1;
            }
        }
        Ok(())
    })?;
    Ok(count)
}

fn read(path: &Path) -> anyhow::Result<TokenFile> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| format!("{} is corrupt", path.display())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(TokenFile::default()),
        Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Read-modify-write under an exclusive lock, replacing the file atomically (mode 0600).
fn update(data_dir: &Path, change: impl FnOnce(&mut TokenFile) -> anyhow::Result<()>) -> anyhow::Result<()> {
    crate::store::private_dir(data_dir)?;
    let lock_file =
        OpenOptions::new().create(true).truncate(false).write(true).mode(0o600).open(data_dir.join("tokens.lock"))?;
    let mut lock = fd_lock::RwLock::new(lock_file);
    let _guard = lock.write()?;
    let target = path(data_dir);
    let mut file = read(&target)?;
    change(&mut file)?;
    let tmp = data_dir.join(".tokens.json.tmp");
    let mut out = OpenOptions::new().create(true).truncate(true).write(true).mode(0o600).open(&tmp)?;
    out.write_all(&serde_json::to_vec_pretty(&file)?)?;
    out.sync_all()?;
    fs::rename(&tmp, &target)?;
    File::open(data_dir)?.sync_all()?;
    Ok(())
}

/// Who is calling, once their token checks out.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Caller {
    pub token_id: String,
    pub name: String,
    pub role: Role,
}

/// The collector's view of `tokens.json`, reloaded whenever the file is replaced.
#[derive(Clone)]
pub struct TokenStore {
    path: PathBuf,
    cache: Arc<RwLock<Cache>>,
}

#[derive(Default)]
struct Cache {
    /// (device, inode, modification time in ns, length): any rewrite changes it.
    stamp: Option<(u64, u64, i64, u64)>,
    by_hash: HashMap<String, Caller>,
}

impl TokenStore {
    pub fn open(data_dir: &Path) -> anyhow::Result<TokenStore> {
        let store = TokenStore { path: path(data_dir), cache: Arc::default() };
        store.refresh()?;
        Ok(store)
    }

    fn refresh(&self) -> anyhow::Result<()> {
        let stamp = fs::metadata(&self.path)
            .ok()
            .map(|m| (m.dev(), m.ino(), m.mtime() * 1_000_000_000 + m.mtime_nsec(), m.len()));
        if self.cache.read().map(|c| c.stamp == stamp).unwrap_or(false) && stamp.is_some() {
            return Ok(());
        }
        let file = read(&self.path)?;
        let by_hash = file
            .tokens
            .into_iter()
            .filter(|t| t.revoked_at.is_none())
            .map(|t| (t.hash, Caller { token_id: t.id, name: t.name, role: t.role }))
            .collect();
        let mut cache = self.cache.write().map_err(|_| anyhow::anyhow!("token cache poisoned"))?;
        *cache = Cache { stamp, by_hash };
        Ok(())
    }

    /// The caller for a presented token, if it exists and is not revoked.
    pub fn authenticate(&self, token: &str) -> Option<Caller> {
        if let Err(err) = self.refresh() {
            // Keep serving with the tokens we had rather than locking everyone out.
            tracing::error!("{err:#}");
        }
        let cache = self.cache.read().ok()?;
        cache.by_hash.get(&hash(token)).cloned()
    }

    /// Whether the token with this id still exists unrevoked (dashboard sessions end with it).
    pub fn is_active(&self, token_id: &str) -> bool {
        if let Err(err) = self.refresh() {
            tracing::error!("{err:#}");
        }
        self.cache.read().is_ok_and(|c| c.by_hash.values().any(|caller| caller.token_id == token_id))
    }
}

#[cfg(test)]
mod tests;
