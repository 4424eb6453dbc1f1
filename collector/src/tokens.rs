//! API tokens: created once, shown once, stored only as a SHA-256 hash.
//!
//! Where they are kept is the store's business (`store::access::TokenBackend`): with the
//! embedded store, in `tokens.json` beside it, not in it (sled locks its directory for one
//! process, and `arsring-collector token create` must work while the collector runs);
//! with PostgreSQL, in its `tokens` table, shared by every collector of the database.
//!
//! The file: writers take an exclusive file lock and replace it atomically; the running
//! collector notices the new file (its inode changes) on the next request, so a revocation
//! takes effect at once. `TokenStore` holds the unrevoked tokens in memory by hash and reads
//! them again whenever the backend's version changes.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

use crate::store::access::{TokenBackend, TokenKey};

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

const TOKEN_PREFIX: &str = "ars_";

pub fn hash(token: &str) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, token.as_bytes()))
}

fn random_hex(bytes: usize) -> anyhow::Result<String> {
    let mut buf = vec![0u8; bytes];
    SystemRandom::new().fill(&mut buf).map_err(|_| anyhow::anyhow!("no system randomness"))?;
    Ok(hex::encode(buf))
}

/// Whether `presented` has the shape of a token (`ars_` and 64 hex digits): only those are
/// worth looking up beyond memory. Device keys (`arsk_…`) and garbage are not.
pub fn looks_like_token(presented: &str) -> bool {
    presented
        .strip_prefix(TOKEN_PREFIX)
        .is_some_and(|rest| rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A new token for `name` and its record; the token exists in plain text only here.
pub fn mint(role: Role, name: &str, now: DateTime<Utc>) -> anyhow::Result<(String, TokenRecord)> {
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
        created_at: now,
        revoked_at: None,
    };
    Ok((token, record))
}

/// Revokes, in `tokens`, the unrevoked ones whose id or name is `which`; how many.
pub fn revoke_in(tokens: &mut [TokenRecord], which: &str, now: DateTime<Utc>) -> usize {
    let mut count = 0;
    for t in tokens.iter_mut().filter(|t| t.revoked_at.is_none() && (t.id == which || t.name == which)) {
        t.revoked_at = Some(now);
        count += 1;
    }
    count
}

/// Creates a token in `tokens.json` in `data_dir` and returns it in plain text (the only
/// time it exists outside the caller).
pub fn create(data_dir: &Path, role: Role, name: &str) -> anyhow::Result<(String, TokenRecord)> {
    TokenStore::unread(Arc::new(TokenFile::at(data_dir))).create(role, name)
}

/// The tokens' file in the data directory (embedded store).
pub const FILE: &str = "tokens.json";

/// `tokens.json` in the data directory (mode 0600), beside the embedded store.
pub struct TokenFile {
    dir: PathBuf,
    /// `dir`/`tokens.json`, made once.
    path: PathBuf,
    /// The file as last opened. Every authenticated request asks for the version, and a look
    /// at an open file (`fstat`) walks no path; writers rename a new file over it, which
    /// leaves this one without a name (no links), so a rewrite is never missed.
    opened: RwLock<Option<File>>,
}

#[derive(Default, Serialize, Deserialize)]
struct Tokens {
    tokens: Vec<TokenRecord>,
}

impl TokenFile {
    pub fn at(data_dir: &Path) -> TokenFile {
        TokenFile { dir: data_dir.to_path_buf(), path: data_dir.join(FILE), opened: RwLock::new(None) }
    }

    fn read(&self) -> anyhow::Result<Tokens> {
        let path = &self.path;
        match fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| format!("{} is corrupt", path.display())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Tokens::default()),
            Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Replaces every token (a restore from a snapshot).
    pub fn replace(&self, records: Vec<TokenRecord>) -> anyhow::Result<()> {
        self.update(|file| file.tokens = records)
    }

    /// Read-modify-write under an exclusive lock, replacing the file atomically (mode 0600).
    fn update(&self, change: impl FnOnce(&mut Tokens)) -> anyhow::Result<()> {
        let dir = &self.dir;
        crate::store::private_dir(dir)?;
        let lock_file =
            OpenOptions::new().create(true).truncate(false).write(true).mode(0o600).open(dir.join("tokens.lock"))?;
        let mut lock = fd_lock::RwLock::new(lock_file);
        let _guard = lock.write()?;
        let mut file = self.read()?;
        change(&mut file);
        let tmp = dir.join(".tokens.json.tmp");
        let mut out = OpenOptions::new().create(true).truncate(true).write(true).mode(0o600).open(&tmp)?;
        out.write_all(&serde_json::to_vec_pretty(&file)?)?;
        out.sync_all()?;
        fs::rename(&tmp, &self.path)?;
        File::open(dir)?.sync_all()?;
        Ok(())
    }
}

impl TokenBackend for TokenFile {
    fn list(&self) -> anyhow::Result<Vec<TokenRecord>> {
        Ok(self.read()?.tokens)
    }

    fn add(&self, record: &TokenRecord) -> anyhow::Result<()> {
        self.update(|file| file.tokens.push(record.clone()))
    }

    fn revoke(&self, which: &str, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let mut count = 0;
        self.update(|file| count = revoke_in(&mut file.tokens, which, now))?;
        Ok(count)
    }

    /// Device, inode, modification time and length: any rewrite changes them.
    fn version(&self) -> Option<u64> {
        let still_named = |m: &fs::Metadata| m.nlink() > 0;
        let open = self.opened.read().ok()?.as_ref().and_then(|file| file.metadata().ok()).filter(still_named);
        let m = match open {
            Some(m) => m,
            None => {
                let file = File::open(&self.path).ok()?;
                let m = file.metadata().ok()?;
                *self.opened.write().ok()? = Some(file);
                m
            }
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (m.dev(), m.ino(), m.mtime(), m.mtime_nsec(), m.len()).hash(&mut hasher);
        Some(hasher.finish())
    }
}

/// Who is calling, once their token checks out.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Caller {
    pub token_id: String,
    pub name: String,
    pub role: Role,
}

impl Caller {
    fn of(record: &TokenRecord) -> Caller {
        Caller { token_id: record.id.clone(), name: record.name.clone(), role: record.role }
    }
}

/// The tokens where the store keeps them, with the unrevoked ones in memory by hash, read
/// again whenever the backend says they may have changed.
#[derive(Clone)]
pub struct TokenStore {
    kept: Arc<dyn TokenBackend>,
    cache: Arc<RwLock<Cache>>,
}

#[derive(Default)]
struct Cache {
    /// The backend's version when these were read.
    version: Option<u64>,
    by_hash: HashMap<String, Caller>,
}

/// The unrevoked tokens by hash.
fn active(tokens: Vec<TokenRecord>) -> HashMap<String, Caller> {
    tokens.into_iter().filter(|t| t.revoked_at.is_none()).map(|t| (t.hash.clone(), Caller::of(&t))).collect()
}

impl TokenStore {
    /// The tokens in `tokens.json` in `data_dir`.
    pub fn open(data_dir: &Path) -> anyhow::Result<TokenStore> {
        TokenStore::kept_in(Arc::new(TokenFile::at(data_dir)))
    }

    /// The tokens kept by `backend`, read now.
    pub fn kept_in(backend: Arc<dyn TokenBackend>) -> anyhow::Result<TokenStore> {
        let store = TokenStore::unread(backend);
        store.refresh()?;
        Ok(store)
    }

    fn unread(backend: Arc<dyn TokenBackend>) -> TokenStore {
        TokenStore { kept: backend, cache: Arc::default() }
    }

    /// Creates a token and returns it in plain text (the only time it exists outside the
    /// caller).
    pub fn create(&self, role: Role, name: &str) -> anyhow::Result<(String, TokenRecord)> {
        let (token, record) = mint(role, name, Utc::now())?;
        self.kept.add(&record)?;
        Ok((token, record))
    }

    /// Every token, revoked ones included, as kept now.
    pub fn list(&self) -> anyhow::Result<Vec<TokenRecord>> {
        self.kept.list()
    }

    /// Revokes the tokens whose id or name is `which`; returns how many.
    pub fn revoke(&self, which: &str) -> anyhow::Result<usize> {
        self.kept.revoke(which, Utc::now())
    }

    fn refresh(&self) -> anyhow::Result<()> {
        let version = self.kept.version();
        if version.is_some() && self.cache.read().is_ok_and(|c| c.version == version) {
            return Ok(());
        }
        let by_hash = active(self.kept.list()?);
        let mut cache = self.cache.write().map_err(|_| anyhow::anyhow!("token cache poisoned"))?;
        *cache = Cache { version, by_hash };
        Ok(())
    }

    /// Keeps serving with the tokens we had rather than locking everyone out.
    fn refreshed(&self) {
        if let Err(err) = self.refresh() {
            tracing::error!("{err:#}");
        }
    }

    /// The caller for a presented token, if it exists and is not revoked.
    pub fn authenticate(&self, token: &str) -> Option<Caller> {
        self.refreshed();
        let hash = hash(token);
        if let Some(caller) = self.cache.read().ok()?.by_hash.get(&hash).cloned() {
            return Some(caller);
        }
        looks_like_token(token).then(|| self.look_up(TokenKey::Hash(&hash))).flatten()
    }

    /// Whether the token with this id still exists unrevoked (dashboard sessions end with it).
    pub fn is_active(&self, token_id: &str) -> bool {
        self.refreshed();
        let cached = self.cache.read().is_ok_and(|c| c.by_hash.values().any(|caller| caller.token_id == token_id));
        cached || self.look_up(TokenKey::Id(token_id)).is_some()
    }

    /// A token not in memory, from the backend; kept in memory when it is active.
    fn look_up(&self, key: TokenKey<'_>) -> Option<Caller> {
        let record = match self.kept.find(key) {
            Ok(found) => found.filter(|t| t.revoked_at.is_none())?,
            Err(err) => {
                tracing::error!("looking up a token: {err:#}");
                return None;
            }
        };
        let caller = Caller::of(&record);
        if let Ok(mut cache) = self.cache.write() {
            cache.by_hash.insert(record.hash, caller.clone());
        }
        Some(caller)
    }
}

#[cfg(test)]
mod tests;
