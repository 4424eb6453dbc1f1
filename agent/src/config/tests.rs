use super::*;

/// The shipped example as it is: nothing to fill in before `collect` runs.
#[test]
fn example_config_parses_and_validates() {
    let text = include_str!("../../../deploy/agent.toml");
    let config = Config::parse(text).unwrap();
    assert!(config.snmp.targets.is_empty() && config.tags.department.is_none(), "examples are commented out");
    config.validate().unwrap();
}

/// Its commented-out examples (`#key = …`, `#[table]`) are valid once uncommented.
#[test]
fn example_config_examples_parse_when_uncommented() {
    let text = include_str!("../../../deploy/agent.toml");
    let uncommented: String = text
        .lines()
        .map(|line| match line.strip_prefix('#') {
            Some(rest) if rest.starts_with('[') || rest.split_once(" = ").is_some_and(|(k, _)| !k.contains(' ')) => {
                rest
            }
            _ => line,
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let config = Config::parse(&uncommented).unwrap();
    assert_eq!(config.tags.site.as_deref(), Some("dc-norra"));
    assert_eq!(config.snmp.targets.len(), 2);
    assert_eq!(config.snmp.targets[0].tags.site.as_deref(), Some("stadshuset"));
    assert_eq!(config.vsphere.len(), 1);
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

#[test]
fn apt_pending_is_lists_or_simulate() {
    use crate::collect::patch::apt::Pending;
    assert_eq!(Config::default().apt_pending, Pending::Lists);
    assert_eq!(Config::parse("apt_pending = \"simulate\"\n").unwrap().apt_pending, Pending::Simulate);
    let msg = format!("{:#}", Config::parse("schedule = \"0 0 * * * *\"\napt_pending = \"fast\"\n").unwrap_err());
    assert!(msg.contains("line 2") && msg.contains("`fast`") && msg.contains("simulate"), "{msg}");
}
