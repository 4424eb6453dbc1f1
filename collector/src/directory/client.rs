//! The LDAP exchange of one log-in, over ldap3 with rustls (ring; never OpenSSL): connect
//! (LDAPS or StartTLS, trusting the configured CA), find the person (their DN from the
//! template, or a search as the service account), bind as them with their password, and
//! read their groups. The whole exchange has one deadline, `timeout_secs`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, LdapError, Scope, SearchEntry};

use super::{LoginError, Person};
use crate::config::LdapConfig;

/// LDAP result codes that decide what a person is told.
const INVALID_CREDENTIALS: u32 = 49;

pub async fn authenticate(config: &LdapConfig, user: &str, password: &str) -> Result<Person, LoginError> {
    let timeout = Duration::from_secs(config.timeout_secs);
    let tls = arsring_agent::deliver::tls_config(config.ca.as_deref())
        .map_err(|err| LoginError::Misconfigured { reason: format!("ldap.{err:#}") })?;
    let service = service_password(config)?;
    let exchange = exchange(config, Arc::new(tls), service.as_deref(), user, password, timeout);
    match tokio::time::timeout(timeout, exchange).await {
        Ok(outcome) => outcome,
        Err(_) => Err(unavailable(config, format!("no answer within {} s", config.timeout_secs))),
    }
}

/// The service account's password, read now so that it can be rotated without a restart.
fn service_password(config: &LdapConfig) -> Result<Option<String>, LoginError> {
    let Some(file) = config.bind_password_file.as_deref() else { return Ok(None) };
    let text = std::fs::read_to_string(file).map_err(|err| LoginError::Misconfigured {
        reason: format!("ldap.bind_password_file: cannot read {}: {err}", file.display()),
    })?;
    // Editors and `echo` leave a newline; a password does not end with one.
    Ok(Some(text.trim_end_matches(['\r', '\n']).to_string()))
}

async fn exchange(
    config: &LdapConfig,
    tls: Arc<rustls::ClientConfig>,
    service: Option<&str>,
    user: &str,
    password: &str,
    timeout: Duration,
) -> Result<Person, LoginError> {
    let settings = LdapConnSettings::new().set_conn_timeout(timeout).set_starttls(config.starttls).set_config(tls);
    let (conn, mut ldap) = LdapConnAsync::with_settings(settings, config.url.as_str())
        .await
        .map_err(|err| connection_error(config, err))?;
    ldap3::drive!(conn);
    let outcome = steps(config, &mut ldap, service, user, password).await;
    // Dropping the handle would end the connection too; an unbind says goodbye politely.
    let _ = ldap.unbind().await;
    outcome
}

async fn steps(
    config: &LdapConfig,
    ldap: &mut Ldap,
    service: Option<&str>,
    user: &str,
    password: &str,
) -> Result<Person, LoginError> {
    let attributes = attributes(config);
    let (dn, entry) = match &config.user_dn_template {
        Some(template) => {
            let dn = super::user_dn(template, user);
            bind_user(config, ldap, &dn, password).await?;
            let entry = read_entry(config, ldap, &dn, &attributes).await?;
            (dn, entry)
        }
        None => {
            if let (Some(bind_dn), Some(service)) = (&config.bind_dn, service) {
                bind_service(config, ldap, bind_dn, service).await?;
            }
            let entry = find_user(config, ldap, user, &attributes).await?;
            bind_user(config, ldap, &entry.dn, password).await?;
            (entry.dn.clone(), Some(entry))
        }
    };
    let mut groups = entry.as_ref().map(|e| values(e, &config.member_of_attribute)).unwrap_or_default();
    if groups.is_empty() && config.group_search_base.is_some() {
        groups = search_groups(config, ldap, &dn).await?;
    }
    let display_name = entry
        .as_ref()
        .and_then(|e| values(e, &config.display_name_attribute).into_iter().chain(values(e, "cn")).next())
        .map_or_else(|| user.to_string(), |name| printable(&name));
    Ok(Person { dn, display_name, groups })
}

fn attributes(config: &LdapConfig) -> Vec<String> {
    [config.member_of_attribute.as_str(), config.display_name_attribute.as_str(), "cn"]
        .into_iter()
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect()
}

async fn bind_service(config: &LdapConfig, ldap: &mut Ldap, dn: &str, password: &str) -> Result<(), LoginError> {
    let result = ldap.simple_bind(dn, password).await.map_err(|err| connection_error(config, err))?;
    match result.rc {
        0 => Ok(()),
        rc => Err(LoginError::Misconfigured {
            reason: format!("the directory refused the service account {dn} (LDAP result {rc}: {})", result.text),
        }),
    }
}

async fn bind_user(config: &LdapConfig, ldap: &mut Ldap, dn: &str, password: &str) -> Result<(), LoginError> {
    let result = ldap.simple_bind(dn, password).await.map_err(|err| connection_error(config, err))?;
    match result.rc {
        0 => Ok(()),
        INVALID_CREDENTIALS if password_expired(&result.text) => Err(LoginError::PasswordExpired),
        INVALID_CREDENTIALS => Err(LoginError::BadCredentials),
        rc => Err(LoginError::Misconfigured { reason: format!("binding as {dn}: LDAP result {rc}: {}", result.text) }),
    }
}

/// Active Directory says why a bind failed in its diagnostic text: `data 532` (password
/// expired) and `data 773` (must change it) come only with the right password.
pub fn password_expired(diagnostic: &str) -> bool {
    diagnostic.contains("data 532") || diagnostic.contains("data 773")
}

/// The person's own entry after binding as them; `None` (groups then come from a group
/// search) when the directory does not let people read it.
async fn read_entry(
    config: &LdapConfig,
    ldap: &mut Ldap,
    dn: &str,
    attributes: &[String],
) -> Result<Option<SearchEntry>, LoginError> {
    let result = ldap
        .search(dn, Scope::Base, "(objectClass=*)", attributes)
        .await
        .map_err(|err| connection_error(config, err))?;
    match result.success() {
        Ok((entries, _)) => Ok(entries.into_iter().next().map(SearchEntry::construct)),
        Err(err) => {
            tracing::warn!(dn, %err, "cannot read one's own directory entry; groups come from a group search");
            Ok(None)
        }
    }
}

async fn find_user(
    config: &LdapConfig,
    ldap: &mut Ldap,
    user: &str,
    attributes: &[String],
) -> Result<SearchEntry, LoginError> {
    let base = config.user_search_base.as_deref().unwrap_or_default();
    let filter = super::user_filter(&config.user_filter, user);
    let result =
        ldap.search(base, Scope::Subtree, &filter, attributes).await.map_err(|err| connection_error(config, err))?;
    let (entries, _) = result
        .non_error()
        .map_err(|err| LoginError::Misconfigured { reason: format!("searching {base} for {filter}: {err}") })?;
    let mut entries = entries.into_iter().map(SearchEntry::construct);
    match (entries.next(), entries.next()) {
        (Some(entry), None) => Ok(entry),
        (None, _) => {
            tracing::info!(user, "no directory entry for this user name");
            Err(LoginError::BadCredentials)
        }
        (Some(_), Some(_)) => Err(LoginError::Misconfigured {
            reason: format!("ldap.user_filter: {filter} under {base} finds more than one entry"),
        }),
    }
}

async fn search_groups(config: &LdapConfig, ldap: &mut Ldap, dn: &str) -> Result<Vec<String>, LoginError> {
    let base = config.group_search_base.as_deref().unwrap_or_default();
    let filter = super::group_filter(&config.group_filter, dn);
    // "1.1": no attributes, only the groups' DNs.
    let result =
        ldap.search(base, Scope::Subtree, &filter, ["1.1"]).await.map_err(|err| connection_error(config, err))?;
    let (entries, _) = result
        .non_error()
        .map_err(|err| LoginError::Misconfigured { reason: format!("searching {base} for {filter}: {err}") })?;
    Ok(entries.into_iter().map(|e| SearchEntry::construct(e).dn).collect())
}

/// An attribute's values, its name matched without case (servers answer in their own case).
fn values(entry: &SearchEntry, attribute: &str) -> Vec<String> {
    if attribute.is_empty() {
        return Vec::new();
    }
    find(&entry.attrs, attribute).cloned().unwrap_or_default()
}

fn find<'a>(attrs: &'a HashMap<String, Vec<String>>, name: &str) -> Option<&'a Vec<String>> {
    attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

/// A display name safe to show and log: printable, at most 100 characters.
fn printable(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(100).collect::<String>().trim().to_string()
}

fn unavailable(config: &LdapConfig, reason: String) -> LoginError {
    LoginError::Unavailable { url: config.url.to_string(), reason }
}

/// A connection that failed: a TLS problem says so (a wrong CA is not a directory that is
/// down); anything else is a directory that did not answer.
fn connection_error(config: &LdapConfig, err: LdapError) -> LoginError {
    let url = config.url.to_string();
    match err {
        LdapError::Rustls { source } => LoginError::Insecure { url, reason: source.to_string() },
        LdapError::Io { source } => match tls_error(&source) {
            Some(tls) => LoginError::Insecure { url, reason: tls.to_string() },
            None => unavailable(config, source.to_string()),
        },
        // StartTLS refused: the server speaks LDAP but will not encrypt.
        LdapError::LdapResult { result } if config.starttls && result.rc != 0 => {
            LoginError::Insecure { url, reason: format!("StartTLS refused: {}", result.text) }
        }
        other => unavailable(config, other.to_string()),
    }
}

fn tls_error(err: &std::io::Error) -> Option<&rustls::Error> {
    err.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>())
}
