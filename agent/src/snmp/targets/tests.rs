use super::*;

#[test]
fn expands_hosts_and_ranges() {
    assert_eq!(expand("10.0.0.1", 161).unwrap(), ["10.0.0.1:161"]);
    assert_eq!(expand("10.0.0.1:1161", 161).unwrap(), ["10.0.0.1:1161"]);
    assert_eq!(expand("sw1.kommun.example", 161).unwrap(), ["sw1.kommun.example:161"]);
    assert_eq!(expand("10.0.0.0/30", 161).unwrap(), ["10.0.0.1:161", "10.0.0.2:161"]);
    assert_eq!(expand("::1", 161).unwrap(), ["[::1]:161"]);
    assert!(expand("10.0.0.0/8", 161).unwrap_err().to_string().contains("larger than a /16"));
    assert!(expand("10.0.0.0/33", 161).is_err());
    assert!(expand("sw1:notaport", 161).is_err());
}

#[test]
fn credentials_are_checked_and_never_shown() {
    let t = TargetConfig {
        hosts: vec!["10.0.0.1".into()],
        v3_user: Some("inventory".into()),
        auth_protocol: Some("sha256".into()),
        auth_password: Some("correct horse".into()),
        priv_protocol: Some("aes".into()),
        priv_password: Some("battery staple".into()),
        ..TargetConfig::default()
    };
    let c = t.credentials().unwrap();
    let shown = format!("{c:?}");
    assert!(!shown.contains("horse") && !shown.contains("staple"), "{shown}");
    let short = TargetConfig { auth_password: Some("short".into()), ..t.clone() };
    assert!(short.credentials().unwrap_err().to_string().starts_with("auth_password:"));
    let both = TargetConfig { community: Some("public".into()), ..t.clone() };
    assert!(both.credentials().is_err());
    let v2 = TargetConfig { community: Some("s3cret".into()), hosts: vec![], ..TargetConfig::default() };
    assert!(!format!("{:?}", v2.credentials().unwrap()).contains("s3cret"));
}

#[test]
fn plan_names_the_failing_target() {
    let config = SnmpConfig {
        targets: vec![
            TargetConfig { hosts: vec!["10.0.0.1".into()], community: Some("c".into()), ..TargetConfig::default() },
            TargetConfig { hosts: vec!["10.0.0.2".into()], ..TargetConfig::default() },
        ],
        ..SnmpConfig::default()
    };
    let err = format!("{:#}", config.plan().unwrap_err());
    assert!(err.starts_with("snmp.targets[1]"), "{err}");
}
