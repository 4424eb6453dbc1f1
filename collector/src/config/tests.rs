use super::*;

#[test]
fn example_config_parses() {
    let config = Config::parse(include_str!("../../../deploy/collector.toml")).unwrap();
    config.validate().unwrap();
    assert_eq!(config.data_dir, PathBuf::from("/var/lib/arsring/collector"));
}

#[test]
fn insecure_http_only_on_loopback() {
    let overrides =
        |listen: &str| Overrides { listen: Some(listen.parse().unwrap()), insecure_http: true, ..Overrides::default() };
    assert!(Config::load(None, overrides("127.0.0.1:8080")).is_ok());
    assert!(Config::load(None, overrides("[::1]:8080")).is_ok());
    let err = Config::load(None, overrides("0.0.0.0:8080")).unwrap_err().to_string();
    assert!(err.starts_with("insecure_http:"), "{err}");
}

#[test]
fn unknown_key_names_line() {
    let err = format!("{:#}", Config::parse("listen = \"127.0.0.1:1\"\nstale_days = 3\n").unwrap_err());
    assert!(err.contains("stale_days") && err.contains("line 2"), "{err}");
}
