//! `collector.toml`, with command-line overrides.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

pub const DEFAULT_PATH: &str = "/etc/arsring/collector.toml";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// Serve plain HTTP instead of HTTPS; refused unless `listen` is a loopback address.
    pub insecure_http: bool,
    /// Devices silent for longer than this are reported as stale.
    pub stale_after_days: i64,
    /// `lifecycle.toml`; without it, `<data_dir>/lifecycle.toml` if present, else the defaults.
    pub lifecycle: Option<PathBuf>,
    pub tls: TlsConfig,
    pub eol: EolConfig,
    /// Dashboard log-in with directory accounts (LDAP, Active Directory); tokens only without.
    pub ldap: Option<LdapConfig>,
    /// `[store]`: PostgreSQL, shared by two or more collectors. Without it, the embedded
    /// store in `data_dir`.
    pub store: Option<crate::store::postgres::PgSettings>,
}

/// Where `eol sync` fetches release cycles.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EolConfig {
    /// endoflife.date API v1 (or a mirror of it); must end with `/`.
    pub url: url::Url,
    /// CA to trust for it; the system trust store without.
    pub ca: Option<PathBuf>,
}

impl Default for EolConfig {
    fn default() -> Self {
        EolConfig {
            url: url::Url::parse(crate::lifecycle::eol::DEFAULT_BASE_URL).expect("valid default URL"),
            ca: None,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TlsConfig {
    /// PEM certificate chain and key. Without them, a local CA in `data_dir/tls` issues one.
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    /// Extra DNS names or IPs for the local CA's server certificate.
    pub names: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8443".parse().expect("valid address"),
            data_dir: PathBuf::from("./arsring-data"),
            insecure_http: false,
            stale_after_days: 7,
            lifecycle: None,
            tls: TlsConfig::default(),
            eol: EolConfig::default(),
            ldap: None,
            store: None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub listen: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    pub insecure_http: bool,
    /// `--store URL`: PostgreSQL instead of what the file says.
    pub store: Option<String>,
}

impl Config {
    pub fn load(path: Option<&Path>, overrides: Overrides) -> anyhow::Result<Config> {
        let mut config = match path {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read config file {}", path.display()))?;
                Self::parse(&text).with_context(|| format!("in config file {}", path.display()))?
            }
            None => Config::default(),
        };
        if let Some(listen) = overrides.listen {
            config.listen = listen;
        }
        if let Some(dir) = overrides.data_dir {
            config.data_dir = dir;
        }
        config.insecure_http |= overrides.insecure_http;
        if let Some(url) = overrides.store {
            let settings = config.store.take().unwrap_or_default();
            config.store = Some(crate::store::postgres::PgSettings { url, ..settings });
        }
        config.validate()?;
        Ok(config)
    }

    pub fn parse(text: &str) -> anyhow::Result<Config> {
        Ok(toml::from_str(text)?)
    }

    fn validate(&self) -> anyhow::Result<()> {
        if self.insecure_http && !self.listen.ip().is_loopback() {
            bail!(
                "insecure_http: plain HTTP is only allowed on a loopback address, not {}; \
                 remove --insecure-http to serve HTTPS",
                self.listen
            );
        }
        if self.tls.cert.is_some() != self.tls.key.is_some() {
            bail!("tls: set both `cert` and `key`, or neither (to use the local CA)");
        }
        if !self.eol.url.as_str().ends_with('/') || self.eol.url.scheme() != "https" {
            bail!("eol.url: must be an https:// URL ending with /");
        }
        if !(1..=3650).contains(&self.stale_after_days) {
            bail!("stale_after_days: must be between 1 and 3650");
        }
        if let Some(ldap) = &self.ldap {
            ldap.validate()?;
        }
        if let Some(store) = &self.store {
            store.config()?;
        }
        Ok(())
    }
}

/// `[ldap]`: where the directory is, how to find a person in it, and which groups give
/// which role. Files (the CA, the service account's password) are read at each log-in, not
/// here: the command line loads this file too, often as a user who may not read them.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LdapConfig {
    /// `ldaps://host[:port]`, or `ldap://host[:port]` with `starttls = true`.
    pub url: url::Url,
    #[serde(default)]
    pub starttls: bool,
    /// Plain `ldap://` without TLS: only to a loopback address, and only when set.
    #[serde(default)]
    pub insecure_plaintext: bool,
    /// PEM CA certificate(s) to trust for the directory; the system store without.
    pub ca: Option<PathBuf>,
    /// For connecting and for the whole log-in.
    #[serde(default = "default_ldap_timeout")]
    pub timeout_secs: u64,
    /// Direct bind: the user's DN, with `{user}` for the (escaped) user name.
    pub user_dn_template: Option<String>,
    /// Search-then-bind: where people are, and the filter that finds one by `{user}`.
    pub user_search_base: Option<String>,
    #[serde(default = "default_user_filter")]
    pub user_filter: String,
    /// The account that searches (else an anonymous search); its password in a file.
    pub bind_dn: Option<String>,
    pub bind_password_file: Option<PathBuf>,
    /// The person's groups as an attribute of their entry; "" to skip it.
    #[serde(default = "default_member_of")]
    pub member_of_attribute: String,
    /// Else (when the attribute is empty) groups found under this base by `group_filter`.
    pub group_search_base: Option<String>,
    #[serde(default = "default_group_filter")]
    pub group_filter: String,
    #[serde(default = "default_display_name")]
    pub display_name_attribute: String,
    /// Group DN or CN → role.
    #[serde(default)]
    pub roles: BTreeMap<String, DirectoryRole>,
}

/// The roles a directory group can give. `finance` reads what a viewer reads (the cost
/// pages included): it is a viewer until the collector has a finance role of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectoryRole {
    Viewer,
    Finance,
    Admin,
}

fn default_ldap_timeout() -> u64 {
    5
}
fn default_user_filter() -> String {
    "(sAMAccountName={user})".into()
}
fn default_member_of() -> String {
    "memberOf".into()
}
fn default_group_filter() -> String {
    "(member={dn})".into()
}
fn default_display_name() -> String {
    "displayName".into()
}

impl LdapConfig {
    fn validate(&self) -> anyhow::Result<()> {
        self.validate_transport()?;
        if !(1..=60).contains(&self.timeout_secs) {
            bail!("ldap.timeout_secs: must be between 1 and 60");
        }
        match (&self.user_dn_template, &self.user_search_base) {
            (Some(template), None) if template.contains("{user}") => {}
            (Some(_), None) => bail!("ldap.user_dn_template: must contain {{user}}"),
            (None, Some(_)) => self.validate_search()?,
            _ => bail!("ldap: set either user_dn_template (bind as the user) or user_search_base (search, then bind)"),
        }
        if self.group_search_base.is_some() && !is_filter(&self.group_filter, "{dn}") {
            bail!("ldap.group_filter: must be a filter in parentheses containing {{dn}}");
        }
        if self.roles.is_empty() {
            bail!("ldap.roles: map at least one group to viewer, finance or admin, or nobody can log in");
        }
        Ok(())
    }

    fn validate_transport(&self) -> anyhow::Result<()> {
        let url = &self.url;
        if url.host_str().is_none_or(str::is_empty) || !matches!(url.path(), "" | "/") || url.query().is_some() {
            bail!("ldap.url: must be ldaps://host[:port] or ldap://host[:port], without a DN or query");
        }
        match (url.scheme(), self.starttls) {
            ("ldaps", false) | ("ldap", true) => Ok(()),
            ("ldaps", true) => bail!("ldap.starttls: only for ldap:// URLs (ldaps:// is TLS from the start)"),
            ("ldap", false) if self.insecure_plaintext && is_loopback(url) => Ok(()),
            ("ldap", false) if self.insecure_plaintext => {
                bail!("ldap.insecure_plaintext: passwords in plain text only to a loopback address, not {url}")
            }
            ("ldap", false) => {
                bail!("ldap.url: ldap:// sends passwords in plain text; use ldaps:// or set starttls = true")
            }
            _ => bail!("ldap.url: must start with ldaps:// or ldap://"),
        }
    }

    fn validate_search(&self) -> anyhow::Result<()> {
        if !is_filter(&self.user_filter, "{user}") {
            bail!("ldap.user_filter: must be a filter in parentheses containing {{user}}");
        }
        if self.bind_dn.is_some() != self.bind_password_file.is_some() {
            bail!("ldap: set both bind_dn and bind_password_file, or neither (an anonymous search)");
        }
        Ok(())
    }
}

fn is_filter(filter: &str, placeholder: &str) -> bool {
    filter.starts_with('(') && filter.ends_with(')') && filter.contains(placeholder)
}

/// A loopback IP address (not a name: `localhost` could resolve elsewhere). The URL crate
/// keeps an `ldap://` host as written, so it is parsed here.
fn is_loopback(url: &url::Url) -> bool {
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests;
