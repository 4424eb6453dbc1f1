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

fn ldap(section: &str) -> anyhow::Result<Config> {
    let config =
        Config::parse(&format!("[ldap]\n{section}\n[ldap.roles]\n\"cn=lasare,ou=groups,dc=x\" = \"viewer\"\n"))?;
    config.validate()?;
    Ok(config)
}

fn ldap_err(section: &str) -> String {
    format!("{:#}", ldap(section).unwrap_err())
}

const DIRECT: &str = "user_dn_template = \"uid={user},ou=people,dc=x\"";

#[test]
fn ldap_defaults_to_active_directory_names() {
    let config = ldap(&format!("url = \"ldaps://dc1.kommun.example\"\n{DIRECT}")).unwrap().ldap.unwrap();
    assert_eq!(config.timeout_secs, 5);
    assert_eq!(config.user_filter, "(sAMAccountName={user})");
    assert_eq!(config.member_of_attribute, "memberOf");
    assert_eq!(config.group_filter, "(member={dn})");
    assert_eq!(config.display_name_attribute, "displayName");
}

#[test]
fn ldap_needs_tls_except_plain_text_on_loopback_when_asked_for() {
    assert!(ldap(&format!("url = \"ldaps://dc1.kommun.example:636\"\n{DIRECT}")).is_ok());
    assert!(ldap(&format!("url = \"ldap://dc1.kommun.example\"\nstarttls = true\n{DIRECT}")).is_ok());
    let plain = ldap_err(&format!("url = \"ldap://dc1.kommun.example\"\n{DIRECT}"));
    assert!(plain.starts_with("ldap.url: ldap:// sends passwords in plain text"), "{plain}");
    let remote = ldap_err(&format!("url = \"ldap://10.0.0.5\"\ninsecure_plaintext = true\n{DIRECT}"));
    assert!(remote.starts_with("ldap.insecure_plaintext:"), "{remote}");
    let named = ldap_err(&format!("url = \"ldap://localhost:389\"\ninsecure_plaintext = true\n{DIRECT}"));
    assert!(named.starts_with("ldap.insecure_plaintext:"), "a name is not an address: {named}");
    assert!(ldap(&format!("url = \"ldap://127.0.0.1:3389\"\ninsecure_plaintext = true\n{DIRECT}")).is_ok());
    assert!(ldap(&format!("url = \"ldap://[::1]:3389\"\ninsecure_plaintext = true\n{DIRECT}")).is_ok());
    let both = ldap_err(&format!("url = \"ldaps://dc1\"\nstarttls = true\n{DIRECT}"));
    assert!(both.starts_with("ldap.starttls:"), "{both}");
    let http = ldap_err(&format!("url = \"https://dc1\"\n{DIRECT}"));
    assert!(http.starts_with("ldap.url:"), "{http}");
    let with_dn = ldap_err(&format!("url = \"ldaps://dc1/dc=x\"\n{DIRECT}"));
    assert!(with_dn.starts_with("ldap.url:"), "{with_dn}");
}

#[test]
fn ldap_finds_people_one_way_or_the_other() {
    let url = "url = \"ldaps://dc1\"";
    let neither = ldap_err(url);
    assert!(neither.starts_with("ldap: set either user_dn_template"), "{neither}");
    let both = ldap_err(&format!("{url}\n{DIRECT}\nuser_search_base = \"ou=people,dc=x\""));
    assert!(both.starts_with("ldap: set either"), "{both}");
    let no_user = ldap_err(&format!("{url}\nuser_dn_template = \"uid=anna,dc=x\""));
    assert!(no_user.starts_with("ldap.user_dn_template: must contain {user}"), "{no_user}");
    let search = format!("{url}\nuser_search_base = \"ou=people,dc=x\"");
    assert!(ldap(&search).is_ok(), "an anonymous search with the default filter");
    let half = ldap_err(&format!("{search}\nbind_dn = \"cn=svc,dc=x\""));
    assert!(half.starts_with("ldap: set both bind_dn and bind_password_file"), "{half}");
    let filter = ldap_err(&format!("{search}\nuser_filter = \"uid={{user}}\""));
    assert!(filter.starts_with("ldap.user_filter:"), "{filter}");
    let groups = ldap_err(&format!("{search}\ngroup_search_base = \"ou=g,dc=x\"\ngroup_filter = \"(member=x)\""));
    assert!(groups.starts_with("ldap.group_filter:"), "{groups}");
    let timeout = ldap_err(&format!("{search}\ntimeout_secs = 0"));
    assert!(timeout.starts_with("ldap.timeout_secs:"), "{timeout}");
}

#[test]
fn ldap_roles_are_viewer_finance_or_admin_and_at_least_one() {
    let text = format!("[ldap]\nurl = \"ldaps://dc1\"\n{DIRECT}\n");
    let none = format!("{:#}", Config::parse(&text).unwrap().validate().unwrap_err());
    assert!(none.starts_with("ldap.roles: map at least one group"), "{none}");
    let agent = format!("{:#}", Config::parse(&format!("{text}[ldap.roles]\nagents = \"agent\"\n")).unwrap_err());
    assert!(agent.contains("unknown variant `agent`"), "{agent}");
    let config = Config::parse(&format!("{text}[ldap.roles]\nekonomi = \"finance\"\n")).unwrap();
    assert_eq!(config.ldap.unwrap().roles["ekonomi"], DirectoryRole::Finance);
}

/// The `[ldap]` example in deploy/collector.toml, commented out there, is valid as written.
#[test]
fn example_ldap_section_parses_once_uncommented() {
    let example = include_str!("../../../deploy/collector.toml");
    let block = &example[example.find("# [ldap]").expect("an [ldap] example")..];
    let block = &block[..block.find("# The store in PostgreSQL").unwrap_or(block.len())];
    let is_setting = |rest: &str| {
        rest.starts_with('[')
            || rest.split_once(" = ").is_some_and(|(key, _)| !key.contains(' ') || key.starts_with('"'))
    };
    let uncommented: String = block
        .lines()
        .filter_map(|line| line.strip_prefix("# ").filter(|rest| is_setting(rest)))
        .filter(|line| !line.starts_with("user_dn_template"))
        .map(|line| format!("{line}\n"))
        .collect();
    let config = Config::parse(&uncommented).unwrap_or_else(|e| panic!("{e:#}\n{uncommented}"));
    config.validate().unwrap();
    let ldap = config.ldap.unwrap();
    assert_eq!(ldap.roles.len(), 3);
    assert_eq!(ldap.user_filter, "(&(objectClass=user)(sAMAccountName={user}))");
}

/// The `[store]` example, uncommented, is a PostgreSQL store whose URL parses (its password
/// file exists only on a real server, so the rest is checked without it).
#[test]
fn example_store_section_parses_once_uncommented() {
    let example = include_str!("../../../deploy/collector.toml");
    let block = &example[example.find("# [store]").expect("a [store] example")..];
    let uncommented: String =
        block.lines().filter_map(|line| line.strip_prefix("# ")).map(|line| format!("{line}\n")).collect();
    let config = Config::parse(&uncommented).unwrap_or_else(|e| panic!("{e:#}\n{uncommented}"));
    let store = config.store.expect("a [store] section");
    assert_eq!(store.pool, 16);
    assert_eq!(store.shown(), "postgres://arsring@db.kommun.example:5432/arsring?sslmode=verify-full");
    let without_file = crate::store::postgres::PgSettings { password_file: None, ..store };
    without_file.config().unwrap();
}
