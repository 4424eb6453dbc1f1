//! `collector.toml`, with command-line overrides.

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
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub listen: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    pub insecure_http: bool,
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
        Ok(())
    }
}

#[cfg(test)]
mod tests;
