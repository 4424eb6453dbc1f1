use super::*;

#[test]
fn urls_are_checked_and_passwords_never_shown() {
    let settings = PgSettings::from_url("postgres://arsring:s3cret@db.example:5432/arsring");
    assert_eq!(settings.shown(), "postgres://arsring@db.example:5432/arsring");
    assert!(settings.config().is_ok());
    let plain = PgSettings::from_url("postgres://arsring@db.example/arsring?sslmode=disable");
    assert!(plain.config().unwrap_err().to_string().contains("loopback"));
    assert!(PgSettings::from_url("postgres://arsring@127.0.0.1/arsring?sslmode=disable").config().is_ok());
    assert!(PgSettings::from_url("mysql://x").config().unwrap_err().to_string().starts_with("store.url"));
}

#[test]
fn the_password_comes_from_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pw");
    std::fs::write(&file, "hemligt\n").unwrap();
    let settings = PgSettings { password_file: Some(file.clone()), ..PgSettings::from_url("postgres://a@127.0.0.1/b") };
    assert_eq!(settings.config().unwrap().get_password(), Some(&b"hemligt"[..]));
    std::fs::write(&file, "\n").unwrap();
    assert!(settings.config().unwrap_err().to_string().contains("is empty"));
    let missing = PgSettings { password_file: Some(dir.path().join("nope")), ..settings };
    assert!(missing.config().unwrap_err().to_string().contains("store.password_file"));
}

#[test]
fn libpq_tls_parameters_are_understood() {
    let settings = PgSettings::from_url(
        "postgres://a@db.example/arsring?sslmode=verify-full&sslrootcert=/etc/ca.pem&application_name=x",
    );
    let (url, ca) = settings.libpq_tls();
    assert_eq!(url, "postgres://a@db.example/arsring?sslmode=require&application_name=x");
    assert_eq!(ca.as_deref(), Some(std::path::Path::new("/etc/ca.pem")));
    assert!(settings.config().is_ok());
}

#[test]
fn without_a_password_in_the_url_or_a_file_pgpassword_is_used() {
    let bare = PgSettings::from_url("postgres://a@127.0.0.1/b");
    assert_eq!(bare.config_with(Some("från-miljön".into())).unwrap().get_password(), Some("från-miljön".as_bytes()));
    assert_eq!(bare.config_with(None).unwrap().get_password(), None);
    let in_url = PgSettings::from_url("postgres://a:i-url@127.0.0.1/b");
    assert_eq!(in_url.config_with(Some("env".into())).unwrap().get_password(), Some(&b"i-url"[..]));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pw"), "fil\n").unwrap();
    let from_file = PgSettings { password_file: Some(dir.path().join("pw")), ..bare };
    assert_eq!(from_file.config_with(Some("env".into())).unwrap().get_password(), Some(&b"fil"[..]));
}
