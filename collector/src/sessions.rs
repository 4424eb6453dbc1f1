//! Dashboard sessions: a random id in an HttpOnly, Secure, SameSite=Strict cookie, kept
//! (as a hash) with the caller it was opened for, an expiry, and a CSRF token that every
//! form posting a change must carry. They are also written to `sessions.json` (mode 0600)
//! in the data directory, so a restart or an upgrade does not log everyone out.

use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, header};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

use crate::tokens::{Caller, TokenStore};

pub const COOKIE: &str = "arsring_session";
const LIFETIME: Duration = Duration::from_secs(8 * 3600);
const FILE: &str = "sessions.json";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    pub caller: Caller,
    pub csrf: String,
    expires: SystemTime,
}

impl Session {
    fn live(&self) -> bool {
        self.expires > SystemTime::now()
    }
}

/// Open sessions by SHA-256 of their id, so neither memory nor the file holds a usable
/// cookie. Whether the token behind a session is still valid is checked on every use.
#[derive(Clone, Default)]
pub struct Sessions {
    map: Arc<Mutex<HashMap<String, Session>>>,
    /// `None`: in memory only.
    file: Option<PathBuf>,
}

/// 256 random bits as hex, or `None` when the system has no randomness to give.
fn random_hex() -> Option<String> {
    let mut bytes = [0u8; 32];
    SystemRandom::new().fill(&mut bytes).ok()?;
    Some(hex::encode(bytes))
}

impl Sessions {
    /// The sessions kept in `data_dir`. A missing or unreadable file means nobody is logged
    /// in: sessions are cheap to open again, so that is logged, not fatal.
    pub fn at(data_dir: &Path) -> Sessions {
        let file = data_dir.join(FILE);
        let map = match std::fs::read(&file) {
            Ok(bytes) => serde_json::from_slice::<HashMap<String, Session>>(&bytes).unwrap_or_else(|err| {
                tracing::warn!(file = %file.display(), %err, "dashboard sessions unreadable; everyone logs in again");
                HashMap::new()
            }),
            Err(_) => HashMap::new(),
        };
        let map = map.into_iter().filter(|(_, s)| s.live()).collect();
        Sessions { map: Arc::new(Mutex::new(map)), file: Some(file) }
    }

    /// Opens a session and returns its cookie value; `None` without system randomness.
    pub fn open(&self, caller: Caller) -> Option<String> {
        let id = random_hex()?;
        let session = Session { caller, csrf: random_hex()?, expires: SystemTime::now() + LIFETIME };
        let mut map = self.map.lock().ok()?;
        map.retain(|_, s| s.live());
        map.insert(crate::tokens::hash(&id), session);
        self.save(&map);
        Some(id)
    }

    pub fn get(&self, headers: &HeaderMap) -> Option<Session> {
        let id = cookie(headers, COOKIE)?;
        let map = self.map.lock().ok()?;
        map.get(&crate::tokens::hash(&id)).filter(|s| s.live()).cloned()
    }

    /// The request's session, while the token it was opened with is still unrevoked; a
    /// directory log-in (no token) lasts its lifetime, with the groups read at log-in.
    pub fn current(&self, tokens: &TokenStore, headers: &HeaderMap) -> Option<Session> {
        self.get(headers).filter(|s| s.caller.token_id.starts_with("ldap:") || tokens.is_active(&s.caller.token_id))
    }

    pub fn close(&self, headers: &HeaderMap) {
        if let (Some(id), Ok(mut map)) = (cookie(headers, COOKIE), self.map.lock())
            && map.remove(&crate::tokens::hash(&id)).is_some()
        {
            self.save(&map);
        }
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
