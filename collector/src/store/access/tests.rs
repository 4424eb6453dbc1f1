use axum::http::{HeaderMap, header};

use super::*;
use crate::tokens::Role;

fn with_cookie(id: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::COOKIE, format!("{}={id}", crate::sessions::COOKIE).parse().unwrap());
    headers
}

#[test]
fn the_command_line_reaches_the_files_of_the_embedded_store_without_opening_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap(); // a running collector holds sled
    let cli = Access::open(dir.path(), None).unwrap();
    let (token, record) = cli.tokens.create(Role::Admin, "it-chef").unwrap();
    cli.audit.record(&Event::new("anna (command line)", "token.create", record.id.clone())).unwrap();

    let serving = store.access(dir.path(), SessionsKept::Kept).unwrap();
    assert_eq!(serving.tokens.authenticate(&token).unwrap().name, "it-chef");
    let events = serving.audit.read(&Filter::default(), 10).unwrap();
    assert_eq!(events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["token.create"]);
    assert_eq!(cli.tokens.revoke("it-chef").unwrap(), 1);
    assert!(serving.tokens.authenticate(&token).is_none(), "revoked at once");
    assert!(dir.path().join("tokens.json").exists() && dir.path().join("audit.jsonl").exists());
}

#[test]
fn only_a_serving_collector_keeps_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let caller = crate::tokens::Caller { token_id: "ldap:anna".into(), name: "anna".into(), role: Role::Viewer };
    let cli = store.access(dir.path(), SessionsKept::InMemory).unwrap();
    cli.sessions.open(caller.clone()).unwrap();
    assert!(!dir.path().join("sessions.json").exists(), "the command line writes no sessions");

    let id = store.access(dir.path(), SessionsKept::Kept).unwrap().sessions.open(caller).unwrap();
    let restarted = store.access(dir.path(), SessionsKept::Kept).unwrap();
    assert_eq!(restarted.sessions.get(&with_cookie(&id)).unwrap().caller.name, "anna");
}
