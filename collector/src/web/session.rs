//! Dashboard sessions: a random id in an HttpOnly, Secure, SameSite=Strict cookie, kept in
//! memory (as a hash) with the caller it was opened for, an expiry, and a CSRF token that
//! every form posting a change must carry.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, header};
use ring::rand::{SecureRandom, SystemRandom};

use crate::tokens::Caller;

pub const COOKIE: &str = "arsring_session";
const LIFETIME: Duration = Duration::from_secs(8 * 3600);

#[derive(Clone)]
pub struct Session {
    pub caller: Caller,
    pub csrf: String,
    expires: Instant,
}

/// Open sessions by SHA-256 of their id, so a memory dump holds no usable cookie.
#[derive(Clone, Default)]
pub struct Sessions(Arc<Mutex<HashMap<String, Session>>>);

fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    // A failing system RNG leaves the bytes zero; such a session id is refused below.
    let _ = SystemRandom::new().fill(&mut bytes);
    hex::encode(bytes)
}

impl Sessions {
    /// Opens a session and returns its cookie value.
    pub fn open(&self, caller: Caller) -> Option<String> {
        let id = random_hex();
        if id.chars().all(|c| c == '0') {
            return None;
        }
        let session = Session { caller, csrf: random_hex(), expires: Instant::now() + LIFETIME };
        let mut map = self.0.lock().ok()?;
        map.retain(|_, s| s.expires > Instant::now());
        map.insert(crate::tokens::hash(&id), session);
        Some(id)
    }

    pub fn get(&self, headers: &HeaderMap) -> Option<Session> {
        let id = cookie(headers, COOKIE)?;
        let map = self.0.lock().ok()?;
        map.get(&crate::tokens::hash(&id)).filter(|s| s.expires > Instant::now()).cloned()
    }

    pub fn close(&self, headers: &HeaderMap) {
        if let (Some(id), Ok(mut map)) = (cookie(headers, COOKIE), self.0.lock()) {
            map.remove(&crate::tokens::hash(&id));
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
mod tests {
    use super::*;
    use crate::tokens::Role;

    fn caller() -> Caller {
        Caller { token_id: "t1".into(), name: "anna".into(), role: Role::Viewer }
    }

    fn with_cookie(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, value.parse().unwrap());
        headers
    }

    #[test]
    fn a_session_is_found_by_its_cookie_among_others_and_closes() {
        let sessions = Sessions::default();
        let id = sessions.open(caller()).unwrap();
        assert_eq!(id.len(), 64);
        let headers = with_cookie(&format!("theme=dark; {COOKIE}={id}; other=1"));
        let found = sessions.get(&headers).unwrap();
        assert_eq!(found.caller.name, "anna");
        assert_ne!(found.csrf, id, "the CSRF token is not the cookie");
        assert!(sessions.get(&with_cookie(&format!("{COOKIE}={id}x"))).is_none());
        assert!(sessions.get(&HeaderMap::new()).is_none());
        sessions.close(&headers);
        assert!(sessions.get(&headers).is_none());
    }

    #[test]
    fn sessions_are_kept_by_hash_not_by_cookie() {
        let sessions = Sessions::default();
        let id = sessions.open(caller()).unwrap();
        let map = sessions.0.lock().unwrap();
        assert!(!map.contains_key(&id));
        assert!(map.contains_key(&crate::tokens::hash(&id)));
    }

    #[test]
    fn cookies_are_locked_down() {
        let set = set_cookie("abc");
        for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
            assert!(set.contains(flag), "{set}");
        }
        assert!(clear_cookie().contains("Max-Age=0"));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        assert!(!same("", "a"));
    }
}
