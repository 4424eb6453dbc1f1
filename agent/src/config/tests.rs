use super::*;

#[test]
fn example_config_parses() {
    let text = include_str!("../../../deploy/agent.toml");
    let config = Config::parse(text).unwrap();
    assert_eq!(config.tags.site.as_deref(), Some("dc-norra"));
    assert_eq!(config.snmp.targets.len(), 2);
    assert_eq!(config.snmp.targets[0].tags.site.as_deref(), Some("stadshuset"));
    // Validation reads the secret files, which only exist on a configured host.
    let err = format!("{:#}", config.validate().unwrap_err());
    assert!(err.contains("snmp.targets[0]") && err.contains("auth_password_file"), "{err}");
}

#[test]
fn unknown_key_is_named_with_its_line() {
    let err = Config::parse("schedule = \"0 0 * * * *\"\ncolletor = \"https://x\"\n").unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("colletor") && msg.contains("line 2"), "{msg}");
}

#[test]
fn bad_schedule_is_named() {
    let config = Config { schedule: "every day".into(), ..Config::default() };
    let msg = config.validate().unwrap_err().to_string();
    assert!(msg.starts_with("schedule:"), "{msg}");
}

#[test]
fn plain_http_only_to_loopback() {
    let config = Config { collector: Some("http://collector.example:8080".into()), ..Config::default() };
    assert!(config.validate().is_err());
    let config = Config { collector: Some("http://127.0.0.1:8080".into()), ..Config::default() };
    assert!(config.validate().is_ok());
}
