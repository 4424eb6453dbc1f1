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
    assert_eq!(TokenFile::at(dir.path()).revoke(&record.id, Utc::now()).unwrap(), 1);
    assert!(store.authenticate(&token).is_none(), "revocation is seen at once");
    assert!(!store.is_active(&record.id));
    assert_eq!(TokenFile::at(dir.path()).list().unwrap().len(), 1);
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

#[test]
fn only_token_shaped_strings_are_looked_up() {
    let (token, _) = mint(Role::Viewer, "v", Utc::now()).unwrap();
    assert!(looks_like_token(&token));
    assert!(!looks_like_token("arsk_0123"), "a device key");
    assert!(!looks_like_token(&format!("{token}0")));
    assert!(!looks_like_token(&token.replace("ars_", "ars_z")[..68]));
    assert!(!looks_like_token(""));
}

#[test]
fn revoking_marks_every_active_match_by_id_or_name_once() {
    let now = Utc::now();
    let mut tokens: Vec<TokenRecord> =
        ["a", "b", "a"].iter().map(|name| mint(Role::Viewer, name, now).unwrap().1).collect();
    let id_of_b = tokens[1].id.clone();
    assert_eq!(revoke_in(&mut tokens, "a", now), 2);
    assert_eq!(revoke_in(&mut tokens, "a", now), 0, "already revoked");
    assert_eq!(revoke_in(&mut tokens, &id_of_b, now), 1);
    assert!(tokens.iter().all(|t| t.revoked_at == Some(now)));
}

/// Tokens kept elsewhere (as another collector's database would): `version` says when they
/// changed, `find` answers for one not yet announced.
#[derive(Default)]
struct Shared {
    tokens: std::sync::Mutex<Vec<TokenRecord>>,
    version: std::sync::atomic::AtomicU64,
    lists: std::sync::atomic::AtomicUsize,
}

impl TokenBackend for Shared {
    fn list(&self) -> anyhow::Result<Vec<TokenRecord>> {
        self.lists.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(self.tokens.lock().unwrap().clone())
    }
    fn add(&self, record: &TokenRecord) -> anyhow::Result<()> {
        self.tokens.lock().unwrap().push(record.clone());
        Ok(())
    }
    fn revoke(&self, which: &str, now: DateTime<Utc>) -> anyhow::Result<usize> {
        Ok(revoke_in(&mut self.tokens.lock().unwrap(), which, now))
    }
    fn version(&self) -> Option<u64> {
        Some(self.version.load(std::sync::atomic::Ordering::SeqCst))
    }
    fn find(&self, key: TokenKey<'_>) -> anyhow::Result<Option<TokenRecord>> {
        let tokens = self.tokens.lock().unwrap();
        Ok(tokens.iter().find(|t| key == TokenKey::Hash(&t.hash) || key == TokenKey::Id(&t.id)).cloned())
    }
}

impl Shared {
    fn announce(&self) {
        self.version.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn tokens_are_read_again_only_when_their_version_changes() {
    let kept = Arc::new(Shared::default());
    let store = TokenStore::kept_in(kept.clone()).unwrap();
    let (token, _) = store.create(Role::Admin, "it-chef").unwrap();
    kept.announce();
    for _ in 0..3 {
        assert_eq!(store.authenticate(&token).unwrap().name, "it-chef");
    }
    assert_eq!(kept.lists.load(std::sync::atomic::Ordering::SeqCst), 2, "once at open, once after the change");
    store.revoke("it-chef").unwrap();
    kept.announce();
    assert!(store.authenticate(&token).is_none());
}

#[test]
fn a_token_created_elsewhere_works_before_it_is_announced() {
    let kept = Arc::new(Shared::default());
    let here = TokenStore::kept_in(kept.clone()).unwrap();
    let elsewhere = TokenStore::kept_in(kept.clone()).unwrap();
    let (token, record) = elsewhere.create(Role::Viewer, "finance").unwrap();
    let (_, other) = elsewhere.create(Role::Admin, "it-chef").unwrap();
    assert_eq!(here.authenticate(&token).unwrap().token_id, record.id, "found by hash");
    assert!(here.is_active(&other.id), "found by id");
    let lists = kept.lists.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(here.authenticate(&token).unwrap().name, "finance");
    assert_eq!(kept.lists.load(std::sync::atomic::Ordering::SeqCst), lists, "and then held in memory");
    assert!(here.authenticate("ars_unknown").is_none());
    elsewhere.revoke(&record.id).unwrap();
    kept.announce();
    assert!(here.authenticate(&token).is_none() && !here.is_active(&record.id), "revoked once announced");
}

#[test]
fn the_token_file_version_changes_with_every_kind_of_rewrite() {
    let dir = tempfile::tempdir().unwrap();
    let file = TokenFile::at(dir.path());
    assert_eq!(file.version(), None, "no file yet");
    create(dir.path(), Role::Viewer, "finance").unwrap();
    let first = file.version().expect("the file exists");
    assert_eq!(file.version(), Some(first), "unchanged, the same version");

    // Replaced by rename, as every writer here does: the open file is left without a name.
    create(dir.path(), Role::Admin, "it-chef").unwrap();
    let replaced = file.version().unwrap();
    assert_ne!(replaced, first);

    // Rewritten in place (by hand, say): same inode, other length.
    let path = dir.path().join(FILE);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, format!("{text}\n")).unwrap();
    assert_ne!(file.version().unwrap(), replaced);

    fs::remove_file(&path).unwrap();
    assert_eq!(file.version(), None, "removed");
}
