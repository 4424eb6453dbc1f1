//! Dashboard sessions: a random id in an HttpOnly, Secure, SameSite=Strict cookie, kept
//! (as a hash) with the caller it was opened for, an expiry, and a CSRF token that every
//! form posting a change must carry.
//!
//! Where they are kept is the store's business (`store::access::SessionBackend`): with the
//! embedded store, in memory and in `sessions.json` (mode 0600) in the data directory, so a
//! restart or an upgrade does not log everyone out; with PostgreSQL, in its `sessions`
//! table, so a session opened through one collector works through the others.

use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, header};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

use crate::store::access::SessionBackend;
use crate::tokens::{Caller, TokenStore};

pub const COOKIE: &str = "arsring_session";
const LIFETIME: Duration = Duration::from_secs(8 * 3600);
/// The sessions' file in the data directory (embedded store).
pub const FILE: &str = "sessions.json";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    pub caller: Caller,
    pub csrf: String,
    expires: SystemTime,
}

impl Session {
    pub fn live(&self) -> bool {
        self.expires > SystemTime::now()
    }

    /// When it ends, however it is used until then.
    pub fn expires(&self) -> SystemTime {
        self.expires
    }
}

/// Open sessions by SHA-256 of their id, so neither memory nor where they are kept holds a
/// usable cookie. Whether the token behind a session is still valid is checked on every use.
#[derive(Clone)]
pub struct Sessions {
    kept: Arc<dyn SessionBackend>,
}

/// In memory only: nothing is kept across a restart.
impl Default for Sessions {
    fn default() -> Sessions {
        Sessions::kept_in(Arc::new(SessionFile::default()))
    }
}

/// 256 random bits as hex, or `None` when the system has no randomness to give.
fn random_hex() -> Option<String> {
    let mut bytes = [0u8; 32];
    SystemRandom::new().fill(&mut bytes).ok()?;
    Some(hex::encode(bytes))
}

impl Sessions {
    /// The sessions kept in `data_dir` (`sessions.json`).
    pub fn at(data_dir: &Path) -> Sessions {
        Sessions::kept_in(Arc::new(SessionFile::at(data_dir)))
    }

    /// The sessions kept by `backend`.
    pub fn kept_in(backend: Arc<dyn SessionBackend>) -> Sessions {
        Sessions { kept: backend }
    }

    /// Opens a session and returns its cookie value; `None` without system randomness or
    /// when it cannot be kept (logged).
    pub fn open(&self, caller: Caller) -> Option<String> {
        let id = random_hex()?;
        let session = Session { caller, csrf: random_hex()?, expires: SystemTime::now() + LIFETIME };
        match self.kept.put(&crate::tokens::hash(&id), &session) {
            Ok(()) => Some(id),
            Err(err) => {
                tracing::error!("cannot open a dashboard session: {err:#}");
                None
            }
        }
    }

    pub fn get(&self, headers: &HeaderMap) -> Option<Session> {
        let id = cookie(headers, COOKIE)?;
        match self.kept.get(&crate::tokens::hash(&id)) {
            Ok(found) => found.filter(Session::live),
            Err(err) => {
                tracing::error!("cannot read a dashboard session: {err:#}");
                None
            }
        }
    }

    /// The request's session, while the token it was opened with is still unrevoked; a
    /// directory log-in (no token) lasts its lifetime, with the groups read at log-in.
    pub fn current(&self, tokens: &TokenStore, headers: &HeaderMap) -> Option<Session> {
        self.get(headers).filter(|s| s.caller.token_id.starts_with("ldap:") || tokens.is_active(&s.caller.token_id))
    }

    pub fn close(&self, headers: &HeaderMap) {
        if let Some(id) = cookie(headers, COOKIE)
            && let Err(err) = self.kept.remove(&crate::tokens::hash(&id))
        {
            tracing::error!("cannot close a dashboard session: {err:#}");
        }
    }
}

/// Sessions in memory, written to `sessions.json` in the data directory when given one.
#[derive(Default)]
pub struct SessionFile {
    map: Mutex<HashMap<String, Session>>,
    /// `None`: in memory only.
    file: Option<PathBuf>,
}

impl SessionFile {
    /// The sessions kept in `data_dir`. A missing or unreadable file means nobody is logged
    /// in: sessions are cheap to open again, so that is logged, not fatal.
    pub fn at(data_dir: &Path) -> SessionFile {
        let file = data_dir.join(FILE);
        let map = match std::fs::read(&file) {
            Ok(bytes) => serde_json::from_slice::<HashMap<String, Session>>(&bytes).unwrap_or_else(|err| {
                tracing::warn!(file = %file.display(), %err, "dashboard sessions unreadable; everyone logs in again");
                HashMap::new()
            }),
            Err(_) => HashMap::new(),
        };
        let map = map.into_iter().filter(|(_, s)| s.live()).collect();
        SessionFile { map: Mutex::new(map), file: Some(file) }
    }

    /// The live sessions, by key (for a snapshot of the store).
    pub fn all(&self) -> anyhow::Result<Vec<(String, Session)>> {
        let mut all: Vec<_> =
            self.map()?.iter().filter(|(_, s)| s.live()).map(|(k, s)| (k.clone(), s.clone())).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(all)
    }

    fn map(&self) -> anyhow::Result<std::sync::MutexGuard<'_, HashMap<String, Session>>> {
        self.map.lock().map_err(|_| anyhow::anyhow!("dashboard sessions poisoned"))
    }

    /// Replaces the file atomically; on failure the sessions still work until a restart.
    fn save(&self, map: &HashMap<String, Session>) {
        let Some(file) = &self.file else { return };
        let write = || -> std::io::Result<()> {
            let tmp = file.with_extension("json.tmp");
            let mut out = std::fs::OpenOptions::new().create(true).truncate(true).write(true).mode(0o600).open(&tmp)?;
            out.write_all(&serde_json::to_vec(map)?)?;
            out.sync_all()?;
            std::fs::rename(&tmp, file)
        };
        if let Err(err) = write() {
            tracing::warn!(file = %file.display(), %err, "cannot keep dashboard sessions across a restart");
        }
    }
}

impl SessionBackend for SessionFile {
    fn put(&self, key: &str, session: &Session) -> anyhow::Result<()> {
        let mut map = self.map()?;
        map.retain(|_, s| s.live());
        map.insert(key.to_string(), session.clone());
        self.save(&map);
        Ok(())
    }

    fn get(&self, key: &str) -> anyhow::Result<Option<Session>> {
        Ok(self.map()?.get(key).cloned())
    }

    fn remove(&self, key: &str) -> anyhow::Result<()> {
        let mut map = self.map()?;
        if map.remove(key).is_some() {
            self.save(&map);
        }
        Ok(())
    }
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

pub fn set_cookie(id: &str) -> String {
    format!("{COOKIE}={id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}", LIFETIME.as_secs())
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
}

/// Compares without revealing, by timing, how much of the token matched.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests;
