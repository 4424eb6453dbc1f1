use super::*;

#[test]
fn create_authenticate_revoke() {
    let dir = tempfile::tempdir().unwrap();
    let store = TokenStore::open(dir.path()).unwrap();
    let (token, record) = create(dir.path(), Role::Viewer, "finance").unwrap();
    assert!(token.starts_with("ars_") && token.len() == 68);
    let on_disk = fs::read_to_string(dir.path().join("tokens.json")).unwrap();
    assert!(!on_disk.contains(&token), "only the hash is stored");
    assert!(on_disk.contains(&hash(&token)));

    let caller = store.authenticate(&token).unwrap();
    assert_eq!((caller.role, caller.name.as_str()), (Role::Viewer, "finance"));
    assert!(store.authenticate("ars_wrong").is_none());

    assert!(store.is_active(&record.id));
    assert_eq!(revoke(dir.path(), &record.id).unwrap(), 1);
    assert!(store.authenticate(&token).is_none(), "revocation is seen at once");
    assert!(!store.is_active(&record.id));
    assert_eq!(list(dir.path()).unwrap().len(), 1);
}

#[test]
fn token_file_is_private() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path(), Role::Agent, "a").unwrap();
    let mode = fs::metadata(dir.path().join("tokens.json")).unwrap().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn names_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    assert!(create(dir.path(), Role::Agent, "  ").is_err());
    assert!(create(dir.path(), Role::Agent, "a\nb").is_err());
}
