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

/// A CA whose files are there but unusable is an error naming the file, which is left as it
/// was: agents trust that CA, and a new one would cut them all off.
#[test]
fn a_damaged_ca_is_an_error_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    identity(dir.path(), None, &[]).unwrap();
    let (cert, key) = (dir.path().join("tls/ca.pem"), dir.path().join("tls/ca.key"));
    let good_cert = fs::read(&cert).unwrap();

    fs::write(&key, b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n").unwrap();
    let err = format!("{:#}", identity(dir.path(), None, &[]).unwrap_err());
    assert!(err.contains(&key.display().to_string()) && err.contains("not a valid private key"), "{err}");
    assert_eq!(fs::read(&key).unwrap(), b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n");
    assert_eq!(fs::read(&cert).unwrap(), good_cert);

    fs::remove_file(&key).unwrap();
    let err = format!("{:#}", identity(dir.path(), None, &[]).unwrap_err());
    assert!(err.contains(&format!("{} is missing", key.display())), "{err}");
    assert!(!key.exists(), "no new key was made");
    assert_eq!(fs::read(&cert).unwrap(), good_cert);

    // The key of another CA: it would sign certificates no agent can verify.
    let other = tempfile::tempdir().unwrap();
    identity(other.path(), None, &[]).unwrap();
    fs::copy(other.path().join("tls/ca.key"), &key).unwrap();
    let err = format!("{:#}", identity(dir.path(), None, &[]).unwrap_err());
    assert!(err.contains(&format!("{} is not the key of", key.display())), "{err}");

    fs::write(&cert, b"not a certificate").unwrap();
    let err = format!("{:#}", identity(dir.path(), None, &[]).unwrap_err());
    assert!(err.contains(&cert.display().to_string()), "{err}");
    assert_eq!(fs::read(&cert).unwrap(), b"not a certificate");
}

#[test]
fn an_operators_unreadable_key_is_named() {
    let dir = tempfile::tempdir().unwrap();
    identity(dir.path(), None, &[]).unwrap();
    let (cert, key) = (dir.path().join("tls/server.pem"), dir.path().join("tls/server.key"));
    fs::write(&key, b"garbage").unwrap();
    let err = format!("{:#}", identity(dir.path(), Some((&cert, &key)), &[]).unwrap_err());
    assert!(err.contains(&key.display().to_string()), "{err}");

    // A key that is not the certificate's names both.
    fs::copy(dir.path().join("tls/ca.key"), &key).unwrap();
    let err = format!("{:#}", identity(dir.path(), Some((&cert, &key)), &[]).unwrap_err());
    assert!(err.contains(&key.display().to_string()) && err.contains(&cert.display().to_string()), "{err}");
}
