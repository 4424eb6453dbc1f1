use std::time::SystemTime;

use super::*;
use crate::tokens::{Caller, Role};

fn session(name: &str) -> Session {
    let caller = Caller { token_id: "tok_1".into(), name: name.into(), role: Role::Viewer };
    serde_json::from_value(serde_json::json!({
        "caller": caller,
        "csrf": "c",
        "expires": SystemTime::now() + Duration::from_secs(3600),
    }))
    .unwrap()
}

#[test]
fn a_session_read_is_used_for_a_moment_then_read_again() {
    let mut cache = SessionCache::default();
    let t0 = Instant::now();
    cache.remember("k", session("anna"), t0, cache.epoch());
    assert_eq!(cache.fresh("k", t0 + Duration::from_secs(1)).unwrap().caller.name, "anna");
    assert!(cache.fresh("k", t0 + FRESH).is_none(), "no longer fresh");
    assert!(cache.fresh("other", t0).is_none());
}

#[test]
fn a_closed_session_is_dropped_at_once() {
    let mut cache = SessionCache::default();
    let t0 = Instant::now();
    cache.remember("k", session("anna"), t0, cache.epoch());
    cache.forget("k");
    assert!(cache.fresh("k", t0).is_none());
    cache.remember("k", session("anna"), t0, cache.epoch());
    cache.clear();
    assert!(cache.fresh("k", t0).is_none());
}

#[test]
fn a_session_read_before_a_log_out_is_not_remembered_after_it() {
    let mut cache = SessionCache::default();
    let t0 = Instant::now();
    let epoch = cache.epoch(); // the read starts
    cache.forget("k"); // the log-out is announced while the read runs
    cache.remember("k", session("anna"), t0, epoch);
    assert!(cache.fresh("k", t0).is_none());
}

#[test]
fn what_is_no_longer_fresh_goes_when_something_is_remembered() {
    let mut cache = SessionCache::default();
    let t0 = Instant::now();
    cache.remember("old", session("anna"), t0, cache.epoch());
    cache.remember("new", session("bertil"), t0 + FRESH, cache.epoch());
    assert_eq!(cache.entries.len(), 1);
}
