use super::*;

#[test]
fn user_names_are_escaped_in_filters_as_rfc_4515_says() {
    let template = "(&(objectClass=user)(sAMAccountName={user}))";
    assert_eq!(user_filter(template, "anna"), "(&(objectClass=user)(sAMAccountName=anna))");
    // A wildcard or a filter of one's own matches nobody instead of everybody.
    assert_eq!(user_filter(template, "*"), "(&(objectClass=user)(sAMAccountName=\\2a))");
    assert_eq!(user_filter(template, "x)(uid=*"), "(&(objectClass=user)(sAMAccountName=x\\29\\28uid=\\2a))");
    assert_eq!(user_filter(template, "a\\b\0"), "(&(objectClass=user)(sAMAccountName=a\\5cb\\00))");
    // Non-ASCII names are fine as UTF-8.
    assert_eq!(user_filter("(uid={user})", "åsa"), "(uid=åsa)");
    // What is put in is not searched again for the placeholder.
    assert_eq!(user_filter("(|(uid={user})(mail={user}))", "{user}"), "(|(uid={user})(mail={user}))");
}

#[test]
fn user_names_are_escaped_in_dns_as_rfc_4514_says() {
    let template = "uid={user},ou=people,dc=kommun,dc=example";
    assert_eq!(user_dn(template, "anna"), "uid=anna,ou=people,dc=kommun,dc=example");
    assert_eq!(user_dn(template, "a,ou=admins"), "uid=a\\2cou\\3dadmins,ou=people,dc=kommun,dc=example");
    assert_eq!(user_dn(template, " #x "), "uid=\\20#x\\20,ou=people,dc=kommun,dc=example");
    assert!(user_dn(template, "#x").starts_with("uid=\\23x,"));
}

#[test]
fn group_filters_escape_the_members_dn() {
    assert_eq!(
        group_filter("(member={dn})", "cn=Berg\\, Bertil (IT),ou=people"),
        "(member=cn=Berg\\5c, Bertil \\28IT\\29,ou=people)"
    );
}

#[test]
fn user_names_are_trimmed_lower_cased_and_printable() {
    assert_eq!(user_name("  Anna ").as_deref(), Some("anna"));
    assert_eq!(user_name("ÅSA").as_deref(), Some("åsa"));
    assert_eq!(user_name("   "), None);
    assert_eq!(user_name("anna\nadmin"), None);
    assert_eq!(user_name(&"x".repeat(257)), None);
}

#[test]
fn failures_count_per_user_name_and_per_address_when_known() {
    assert_eq!(limiter_keys("anna", None), [("user:anna".to_string(), MAX_FAILURES)]);
    let ip: IpAddr = "192.0.2.7".parse().unwrap();
    let keys = limiter_keys("anna", Some(ip));
    assert_eq!(keys[1], ("address:192.0.2.7".to_string(), MAX_FAILURES_PER_ADDRESS));
    const { assert!(MAX_FAILURES_PER_ADDRESS > MAX_FAILURES, "an office behind one address is not one person") };
}

#[test]
fn waits_are_told_in_whole_minutes_rounded_up() {
    assert_eq!(minutes(Duration::from_secs(1)), "1 minute");
    assert_eq!(minutes(Duration::from_secs(60)), "1 minute");
    assert_eq!(minutes(Duration::from_secs(61)), "2 minutes");
    assert_eq!(minutes(Duration::ZERO), "1 minute");
}

#[test]
fn the_login_page_messages_say_what_to_do() {
    let down = LoginError::Unavailable { url: "ldaps://dc1.kommun.example".into(), reason: "refused".into() };
    assert_eq!(
        down.to_string(),
        "The directory (ldaps://dc1.kommun.example) did not answer; log in with a token if you have one."
    );
    let limited = LoginError::RateLimited { wait: minutes(Duration::from_secs(200)) };
    assert_eq!(limited.to_string(), "Too many failed log-ins; try again in 4 minutes.");
    let nobody = LoginError::NoMappedGroup { user: "david".into() }.to_string();
    assert!(nobody.starts_with("david is in no directory group that gives access"), "{nobody}");
    let misconfigured = LoginError::Misconfigured { reason: "secret detail".into() }.to_string();
    assert!(!misconfigured.contains("secret detail"), "details go to the log, not the page");
}

#[test]
fn active_directory_expired_passwords_are_told_apart() {
    let expired = "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 532, v4563";
    assert!(client::password_expired(expired));
    assert!(client::password_expired("... data 773, v4563"));
    assert!(!client::password_expired("... data 52e, v4563"), "52e is a wrong password");
}

fn config(url: &str) -> LdapConfig {
    let text = format!(
        "[ldap]\nurl = \"{url}\"\nuser_dn_template = \"uid={{user}},ou=people,dc=x\"\ntimeout_secs = 1\n\
         [ldap.roles]\nviewers = \"viewer\"\n"
    );
    crate::config::Config::parse(&text).unwrap().ldap.unwrap()
}

#[tokio::test]
async fn without_ldap_a_user_name_is_refused_and_with_an_empty_password_nobody_binds() {
    let none = Directory::new(None);
    assert!(!none.enabled());
    assert!(matches!(none.log_in("anna", "pw", None).await, Err(LoginError::NotConfigured)));

    // Port 9 on loopback: nothing listens, but an empty password never gets that far.
    let directory = Directory::new(Some(config("ldaps://127.0.0.1:9")));
    assert!(matches!(directory.log_in("anna", "", None).await, Err(LoginError::BadCredentials)));
    assert!(matches!(directory.log_in("\u{7}", "pw", None).await, Err(LoginError::BadCredentials)));
}

#[tokio::test]
async fn a_directory_that_is_down_is_named_and_does_not_count_as_a_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let directory = Directory::new(Some(config(&format!("ldaps://127.0.0.1:{port}"))));
    for _ in 0..MAX_FAILURES + 1 {
        let err = directory.log_in("anna", "pw", None).await.unwrap_err();
        assert!(matches!(err, LoginError::Unavailable { .. }), "{err:?}");
        assert!(err.to_string().contains(&format!("ldaps://127.0.0.1:{port}")), "{err}");
    }
    assert!(directory.limiter().is_empty(), "an outage locks nobody out");
}

#[tokio::test]
async fn wrong_passwords_lock_the_user_name_out_after_the_limit() {
    let directory = Directory::new(Some(config("ldaps://127.0.0.1:9")));
    for _ in 0..MAX_FAILURES {
        // Empty passwords fail like wrong ones, without a directory.
        assert!(matches!(directory.log_in("Anna", "", None).await, Err(LoginError::BadCredentials)));
    }
    let err = directory.log_in("anna", "right", None).await.unwrap_err();
    assert_eq!(err.to_string(), "Too many failed log-ins; try again in 5 minutes.");
    assert!(matches!(directory.log_in("bertil", "", None).await, Err(LoginError::BadCredentials)));
}

#[tokio::test]
async fn an_address_is_limited_across_user_names_but_later_than_one_name() {
    let directory = Directory::new(Some(config("ldaps://127.0.0.1:9")));
    let office: IpAddr = "198.51.100.4".parse().unwrap();
    for i in 0..MAX_FAILURES_PER_ADDRESS {
        let user = format!("user{}", i % 4);
        assert!(matches!(directory.log_in(&user, "", Some(office)).await, Err(LoginError::BadCredentials)), "{i}");
    }
    let err = directory.log_in("someone-else", "pw", Some(office)).await.unwrap_err();
    assert!(matches!(err, LoginError::RateLimited { .. }), "{err:?}");
    let elsewhere: IpAddr = "198.51.100.5".parse().unwrap();
    assert!(matches!(directory.log_in("someone-else", "", Some(elsewhere)).await, Err(LoginError::BadCredentials)));
}

#[tokio::test]
async fn a_directory_that_accepts_but_never_answers_is_given_up_on_within_the_timeout() {
    // The kernel completes the connection from the backlog; nobody ever speaks TLS.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let directory = Directory::new(Some(config(&format!("ldaps://127.0.0.1:{port}"))));
    let started = Instant::now();
    let err = directory.log_in("anna", "pw", None).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(1900), "took {:?}", started.elapsed());
    match err {
        LoginError::Unavailable { reason, .. } => {
            assert!(reason.contains("1 s") || reason.contains("timeout"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}
