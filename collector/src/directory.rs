//! Dashboard log-in with a directory account (LDAP, Active Directory): bind as the person
//! (directly, or after a service account found their entry), read their groups at log-in,
//! and map the groups to a role by `[ldap.roles]` in `collector.toml`. Tokens stay for
//! scripts and for break-glass when the directory is down.
//!
//! `client` does the LDAP exchange (ldap3 over rustls); `roles` and `limiter` are pure.
//! Passwords never leave this module except towards the directory, and are never logged.

mod client;
mod limiter;
mod roles;

use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::LdapConfig;
use crate::tokens::Caller;

pub use limiter::Limiter;
pub use roles::{role_of, token_role};

/// Failed log-ins allowed per user name within [`WINDOW`].
pub const MAX_FAILURES: usize = 5;
/// And per client address, across user names (password spraying). Higher: an office behind
/// one NAT address must not be locked out by a few people who mistype.
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
pub const WINDOW: Duration = Duration::from_secs(5 * 60);

/// Sessions opened for a directory account carry `ldap:<user>` where a token's id would be.
pub const SESSION_PREFIX: &str = "ldap:";

/// Why a directory log-in was refused. The `Display` text is what the log-in page shows.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("Wrong user name or password.")]
    BadCredentials,
    #[error("Too many failed log-ins; try again in {wait}.")]
    RateLimited { wait: String },
    #[error("{user} is in no directory group that gives access to Årsring; ask the IT centre to add you to one.")]
    NoMappedGroup { user: String },
    #[error("Your directory password has expired or must be changed; change it, then log in again.")]
    PasswordExpired,
    #[error("The directory ({url}) did not answer; log in with a token if you have one.")]
    Unavailable { url: String, reason: String },
    #[error("The directory ({url}) could not be reached securely ({reason}); log in with a token if you have one.")]
    Insecure { url: String, reason: String },
    #[error(
        "The directory log-in is not set up right (the collector's log says why); log in with a token if you have one."
    )]
    Misconfigured { reason: String },
    #[error("Directory log-in is not set up on this collector; log in with a token.")]
    NotConfigured,
}

/// A person the directory vouched for: their entry, name and groups (DNs).
#[derive(Debug, Clone)]
pub struct Person {
    pub dn: String,
    pub display_name: String,
    pub groups: Vec<String>,
}

/// The directory settings and the failed log-ins counted in memory.
pub struct Directory {
    config: Option<LdapConfig>,
    limiter: Mutex<Limiter>,
}

impl Directory {
    /// Reads no file: the CA and the service account's password are read at each log-in,
    /// so they can be rotated without a restart and the command line never needs them.
    pub fn new(config: Option<LdapConfig>) -> Directory {
        Directory { config, limiter: Mutex::new(Limiter::new(WINDOW)) }
    }

    pub fn enabled(&self) -> bool {
        self.config.is_some()
    }

    /// Checks `password` with the directory and returns the caller a session is opened for.
    /// `client` is the address the request came from, when the server knows it.
    pub async fn log_in(&self, user: &str, password: &str, client: Option<IpAddr>) -> Result<Caller, LoginError> {
        let Some(config) = &self.config else { return Err(LoginError::NotConfigured) };
        let user = user_name(user).ok_or(LoginError::BadCredentials)?;
        let keys = limiter_keys(&user, client);
        let attempt = self.limiter().begin(&keys, Instant::now()).map_err(|wait| {
            tracing::warn!(user, client = ?client, "log-in refused: too many failures");
            LoginError::RateLimited { wait: minutes(wait) }
        })?;
        // An empty password is an anonymous bind, which directories accept: never a log-in.
        let outcome = if password.is_empty() {
            Err(LoginError::BadCredentials)
        } else {
            client::authenticate(config, &user, password).await
        };
        match &outcome {
            Err(LoginError::BadCredentials) => {
                tracing::warn!(user, client = ?client, "failed log-in: wrong user name or password");
            }
            // Only a wrong password counts against the limit.
            _ => self.limiter().forgive(&attempt),
        }
        let person = outcome.inspect_err(|err| log_refusal(&user, client, err))?;
        let Some((role, group)) = role_of(&config.roles, &person.groups) else {
            tracing::warn!(user, client = ?client, groups = ?person.groups, "log-in refused: no mapped group");
            return Err(LoginError::NoMappedGroup { user });
        };
        tracing::info!(user, client = ?client, group, role = ?role, "directory log-in");
        Ok(Caller {
            token_id: format!("{SESSION_PREFIX}{user}"),
            name: format!("{} (directory)", person.display_name),
            role: token_role(role),
        })
    }

    fn limiter(&self) -> std::sync::MutexGuard<'_, Limiter> {
        // The counts are plain data; a panic elsewhere cannot leave them half-changed.
        self.limiter.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn log_refusal(user: &str, client: Option<IpAddr>, err: &LoginError) {
    match err {
        LoginError::Unavailable { reason, .. } | LoginError::Insecure { reason, .. } => {
            tracing::error!(user, client = ?client, reason, "directory log-in failed: {err}");
        }
        LoginError::Misconfigured { reason } => {
            tracing::error!(user, client = ?client, reason, "directory log-in is misconfigured");
        }
        LoginError::PasswordExpired => tracing::warn!(user, client = ?client, "log-in refused: password expired"),
        _ => {}
    }
}

/// The user name as typed, trimmed and lower-cased (directories compare names without
/// case, so the limiter must too); `None` when it cannot be anyone's.
pub fn user_name(typed: &str) -> Option<String> {
    let name = typed.trim();
    let ok = !name.is_empty() && name.chars().count() <= 256 && !name.chars().any(char::is_control);
    ok.then(|| name.to_lowercase())
}

/// What the limiter counts a failure against, with the limit of each: the user name and
/// the client's address.
pub fn limiter_keys(user: &str, client: Option<IpAddr>) -> Vec<(String, usize)> {
    let mut keys = vec![(format!("user:{user}"), MAX_FAILURES)];
    keys.extend(client.map(|ip| (format!("address:{ip}"), MAX_FAILURES_PER_ADDRESS)));
    keys
}

/// `wait` rounded up to whole minutes, as a person reads it.
pub fn minutes(wait: Duration) -> String {
    match wait.as_secs().div_ceil(60).max(1) {
        1 => "1 minute".into(),
        n => format!("{n} minutes"),
    }
}

/// `template` with `{placeholder}` replaced by `value` in one pass: text put in is not
/// searched again, so a user name like `{user}` stays itself.
pub fn fill(template: &str, placeholder: &str, value: &str) -> String {
    template.replace(placeholder, value)
}

/// The user filter for `user`, the name escaped as RFC 4515 says (`*`, `(`, `)`, `\`, NUL),
/// so `*` or `)(uid=*` matches nobody rather than everybody.
pub fn user_filter(template: &str, user: &str) -> String {
    fill(template, "{user}", &ldap3::ldap_escape(user))
}

/// The user's DN from the template, the name escaped as RFC 4514 says (`,` `+` `"` `\` `<`
/// `>` `;` `=`, a leading space or `#`, a trailing space).
pub fn user_dn(template: &str, user: &str) -> String {
    fill(template, "{user}", &ldap3::dn_escape(user))
}

/// The group filter for a member's DN, escaped like a user name.
pub fn group_filter(template: &str, dn: &str) -> String {
    fill(template, "{dn}", &ldap3::ldap_escape(dn))
}

#[cfg(test)]
mod tests;
