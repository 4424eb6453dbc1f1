use super::*;

#[test]
fn local_ca_is_made_once_and_reused() {
    let dir = tempfile::tempdir().unwrap();
    let first = identity(dir.path(), None, &["collector.example".into()]).unwrap();
    let second = identity(dir.path(), None, &[]).unwrap();
    assert_eq!(first.fingerprint, second.fingerprint, "the CA survives restarts");
    assert_eq!(first.fingerprint.len(), 32 * 3 - 1);
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&fs::metadata(dir.path().join("tls/ca.key")).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
}
