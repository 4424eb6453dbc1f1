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
    let kept = Arc::new(SessionFile::default());
    let sessions = Sessions::kept_in(kept.clone());
    let id = sessions.open(caller()).unwrap();
    let map = kept.map.lock().unwrap();
    assert!(!map.contains_key(&id));
    assert!(map.contains_key(&crate::tokens::hash(&id)));
}

#[test]
fn sessions_outlive_a_restart_but_not_a_log_out() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sessions = Sessions::at(dir.path());
    let (kept, closed) = (sessions.open(caller()).unwrap(), sessions.open(caller()).unwrap());
    sessions.close(&with_cookie(&format!("{COOKIE}={closed}")));
    let file = dir.path().join(FILE);
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(!std::fs::read_to_string(&file).unwrap().contains(&kept), "only hashes are written");
    let restarted = Sessions::at(dir.path());
    assert_eq!(restarted.get(&with_cookie(&format!("{COOKIE}={kept}"))).unwrap().caller.name, "anna");
    assert!(restarted.get(&with_cookie(&format!("{COOKIE}={closed}"))).is_none());
}

#[test]
fn an_unreadable_file_means_logging_in_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), "{not json").unwrap();
    let kept = Arc::new(SessionFile::at(dir.path()));
    assert!(kept.map.lock().unwrap().is_empty());
    assert!(Sessions::kept_in(kept).open(caller()).is_some(), "and the file is written anew");
    assert!(std::fs::read_to_string(dir.path().join(FILE)).unwrap().starts_with('{'));
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

/// A backend that cannot keep anything: the database is down.
struct Unavailable;

impl SessionBackend for Unavailable {
    fn put(&self, _: &str, _: &Session) -> anyhow::Result<()> {
        anyhow::bail!("down")
    }
    fn get(&self, _: &str) -> anyhow::Result<Option<Session>> {
        anyhow::bail!("down")
    }
    fn remove(&self, _: &str) -> anyhow::Result<()> {
        anyhow::bail!("down")
    }
}

#[test]
fn sessions_that_cannot_be_kept_or_read_mean_logging_in_again_not_a_panic() {
    let sessions = Sessions::kept_in(Arc::new(Unavailable));
    assert!(sessions.open(caller()).is_none());
    let headers = with_cookie(&format!("{COOKIE}=abc"));
    assert!(sessions.get(&headers).is_none());
    sessions.close(&headers);
}

#[test]
fn an_expired_session_is_not_used_wherever_it_is_kept() {
    let kept = Arc::new(SessionFile::default());
    let expired = Session { caller: caller(), csrf: "c".into(), expires: SystemTime::now() - Duration::from_secs(1) };
    kept.put(&crate::tokens::hash("old"), &expired).unwrap();
    assert!(Sessions::kept_in(kept).get(&with_cookie(&format!("{COOKIE}=old"))).is_none());
}
