//! The `[snmp]` section of `agent.toml`: what to poll, with which credentials, how hard.
//!
//! Credentials can be inline or in files (`*_file`), so that the configuration itself need
//! not be secret. They are never logged: `Credentials`' `Debug` redacts them.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use arsring_protocol::Tags;
use serde::Deserialize;
use snmp2::v3::{AuthProtocol, Cipher};

use super::client::{Credentials, Options};
use super::poll::Target;

/// Largest CIDR range one entry may expand to (a /16).
const MAX_RANGE: u128 = 65_536;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SnmpConfig {
    /// Devices polled at once.
    pub concurrency: usize,
    pub timeout_ms: u64,
    pub retries: u32,
    pub max_repetitions: u32,
    /// Rows per table at most.
    pub max_rows: usize,
    pub targets: Vec<TargetConfig>,
}

impl Default for SnmpConfig {
    fn default() -> Self {
        let o = Options::default();
        SnmpConfig {
            concurrency: 64,
            timeout_ms: u64::try_from(o.timeout.as_millis()).unwrap_or(2000),
            retries: o.retries,
            max_repetitions: o.max_repetitions,
            max_rows: o.max_rows,
            targets: vec![],
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    /// Addresses, `host[:port]` names, or CIDR ranges such as `10.20.0.0/24`.
    pub hosts: Vec<String>,
    /// UDP port when an entry does not name one (default 161).
    pub port: Option<u16>,
    pub community: Option<String>,
    pub community_file: Option<PathBuf>,
    pub v3_user: Option<String>,
    /// md5, sha (sha1), sha224, sha256, sha384, sha512.
    pub auth_protocol: Option<String>,
    pub auth_password: Option<String>,
    pub auth_password_file: Option<PathBuf>,
    /// des, aes (aes128), aes192, aes256.
    pub priv_protocol: Option<String>,
    pub priv_password: Option<String>,
    pub priv_password_file: Option<PathBuf>,
    /// SNMPv3 contextName, when the device needs one.
    pub v3_context: Option<String>,
    /// switch, router, firewall, wireless_controller, access_point…; otherwise guessed.
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Tags,
}

/// A target ready to poll. `from_range` devices are only reported unreachable once they
/// have answered before: a silent address in a range is an empty address, not a lost switch.
#[derive(Clone, Debug)]
pub struct Planned {
    pub target: Target,
    pub from_range: bool,
}

impl SnmpConfig {
    pub fn options(&self) -> Options {
        Options {
            timeout: Duration::from_millis(self.timeout_ms.max(1)),
            retries: self.retries,
            max_repetitions: self.max_repetitions.clamp(1, 1000),
            max_rows: self.max_rows.max(1),
            ..Options::default()
        }
    }

    /// Every configured target, ranges expanded. Errors name the target entry and field.
    pub fn plan(&self) -> anyhow::Result<Vec<Planned>> {
        let mut out = Vec::new();
        for (i, t) in self.targets.iter().enumerate() {
            let context = || format!("snmp.targets[{i}]");
            let credentials = t.credentials().with_context(context)?;
            for host in &t.hosts {
                let expanded = expand(host, t.port.unwrap_or(161)).with_context(context)?;
                let from_range = host.contains('/');
                out.extend(expanded.into_iter().map(|host| Planned {
                    target: Target {
                        host,
                        credentials: credentials.clone(),
                        category: t.category.clone(),
                        tags: t.tags.clone(),
                    },
                    from_range,
                }));
            }
        }
        Ok(out)
    }
}

impl TargetConfig {
    pub fn credentials(&self) -> anyhow::Result<Credentials> {
        let secret = |inline: &Option<String>, file: &Option<PathBuf>, field: &str| -> anyhow::Result<Option<String>> {
            match (inline, file) {
                (Some(_), Some(_)) => bail!("{field}: set `{field}` or `{field}_file`, not both"),
                (Some(v), None) => Ok(Some(v.clone())),
                (None, Some(path)) => Ok(Some(
                    std::fs::read_to_string(path)
                        .with_context(|| format!("{field}_file: cannot read {}", path.display()))?
                        .trim()
                        .to_string(),
                )),
                (None, None) => Ok(None),
            }
        };
        let community = secret(&self.community, &self.community_file, "community")?;
        match (community, &self.v3_user) {
            (Some(_), Some(_)) => bail!("community and v3_user: choose SNMPv2c or SNMPv3, not both"),
            (None, None) => bail!("community or v3_user: one is required"),
            (Some(community), None) => Ok(Credentials::V2c { community }),
            (None, Some(user)) => {
                let auth_password = secret(&self.auth_password, &self.auth_password_file, "auth_password")?;
                let priv_password = secret(&self.priv_password, &self.priv_password_file, "priv_password")?;
                v3_credentials(
                    user,
                    self.auth_protocol.as_deref(),
                    auth_password,
                    self.priv_protocol.as_deref(),
                    priv_password,
                    self.v3_context.clone(),
                )
            }
        }
    }
}

/// SNMPv3 credentials from protocol names and passwords, checked as USM requires.
pub fn v3_credentials(
    user: &str,
    auth_protocol: Option<&str>,
    auth_password: Option<String>,
    priv_protocol: Option<&str>,
    priv_password: Option<String>,
    context: Option<String>,
) -> anyhow::Result<Credentials> {
    if user.is_empty() || user.len() > 32 {
        bail!("v3_user: must be 1 to 32 characters");
    }
    let auth = match (auth_protocol, auth_password) {
        (None, None) => None,
        (Some(p), Some(pw)) => Some((auth_protocol_named(p)?, password("auth_password", pw)?)),
        (None, Some(_)) => bail!("auth_protocol: required with auth_password"),
        (Some(_), None) => bail!("auth_password: required with auth_protocol"),
    };
    let privacy = match (priv_protocol, priv_password) {
        (None, None) => None,
        (Some(_), Some(_)) if auth.is_none() => bail!("priv_protocol: privacy needs authentication too"),
        (Some(p), Some(pw)) => Some((cipher_named(p)?, password("priv_password", pw)?)),
        (None, Some(_)) => bail!("priv_protocol: required with priv_password"),
        (Some(_), None) => bail!("priv_password: required with priv_protocol"),
    };
    Ok(Credentials::V3 { user: user.to_string(), auth, privacy, context })
}

fn password(field: &str, pw: String) -> anyhow::Result<String> {
    // RFC 3414 key localisation is defined for passwords of at least 8 characters.
    if pw.chars().count() < 8 {
        bail!("{field}: must be at least 8 characters");
    }
    Ok(pw)
}

fn auth_protocol_named(name: &str) -> anyhow::Result<AuthProtocol> {
    Ok(match name.to_ascii_lowercase().as_str() {
        "md5" => AuthProtocol::Md5,
        "sha" | "sha1" => AuthProtocol::Sha1,
        "sha224" => AuthProtocol::Sha224,
        "sha256" => AuthProtocol::Sha256,
        "sha384" => AuthProtocol::Sha384,
        "sha512" => AuthProtocol::Sha512,
        other => bail!("auth_protocol: unknown {other:?} (md5, sha, sha224, sha256, sha384, sha512)"),
    })
}

fn cipher_named(name: &str) -> anyhow::Result<Cipher> {
    Ok(match name.to_ascii_lowercase().as_str() {
        "des" => Cipher::Des,
        "aes" | "aes128" => Cipher::Aes128,
        "aes192" => Cipher::Aes192,
        "aes256" => Cipher::Aes256,
        other => bail!("priv_protocol: unknown {other:?} (des, aes, aes192, aes256)"),
    })
}

/// One configured host entry as `host:port` strings.
pub fn expand(entry: &str, default_port: u16) -> anyhow::Result<Vec<String>> {
    let entry = entry.trim();
    if let Ok(net) = entry.parse::<ipnet::IpNet>() {
        let size = match net {
            ipnet::IpNet::V4(n) => 1u128 << (32 - n.prefix_len()),
            ipnet::IpNet::V6(n) => 1u128.checked_shl(u32::from(128 - n.prefix_len())).unwrap_or(u128::MAX),
        };
        if size > MAX_RANGE {
            bail!("hosts: {entry} is larger than a /16 ({size} addresses)");
        }
        return Ok(net.hosts().map(|ip| SocketAddr::new(ip, default_port).to_string()).collect());
    }
    if entry.contains('/') {
        bail!("hosts: {entry:?} is not a valid CIDR range");
    }
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, default_port).to_string()]);
    }
    if entry.parse::<SocketAddr>().is_ok() {
        return Ok(vec![entry.to_string()]);
    }
    match entry.rsplit_once(':') {
        Some((host, port)) if port.parse::<u16>().is_ok() && !host.is_empty() => Ok(vec![entry.to_string()]),
        Some(_) => bail!("hosts: {entry:?} has a bad port"),
        None if !entry.is_empty() => Ok(vec![format!("{entry}:{default_port}")]),
        None => bail!("hosts: empty entry"),
    }
}

/// Resolves `host:port` to one socket address.
pub async fn resolve(host: &str) -> Result<SocketAddr, String> {
    match tokio::net::lookup_host(host).await {
        Ok(mut addrs) => addrs.next().ok_or_else(|| format!("{host} has no address")),
        Err(err) => Err(format!("cannot resolve {host}: {err}")),
    }
}

#[cfg(test)]
mod tests;
