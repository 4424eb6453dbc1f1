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
    let map = sessions.map.lock().unwrap();
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
    let sessions = Sessions::at(dir.path());
    assert!(sessions.map.lock().unwrap().is_empty());
    assert!(sessions.open(caller()).is_some(), "and the file is written anew");
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
