//! `agent.toml`: where to report, how often, and the labels to attach.
//!
//! Every field has a default except the collector's address and token, and the command
//! line's `--collector`, `--token` and `--ca` override the file, so one command line is
//! enough to try the agent without writing any configuration.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use arsring_protocol::Tags;
use serde::Deserialize;

pub const DEFAULT_PATH: &str = "/etc/arsring/agent.toml";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Base URL of the collector, e.g. `https://collector.kommun.example:8443`.
    pub collector: Option<String>,
    /// The agent-role bearer token, inline. Prefer `token_file`.
    pub token: Option<String>,
    /// A file holding the token (kept out of the world-readable config).
    pub token_file: Option<PathBuf>,
    /// PEM file of the CA that signed the collector's certificate. Without it, the
    /// system's trust store is used.
    pub ca: Option<PathBuf>,
    /// When the daemon reports: a cron expression with seconds (cron crate syntax).
    pub schedule: String,
    /// Up to this many seconds of random delay after each scheduled time.
    pub jitter_secs: u64,
    pub state_dir: PathBuf,
    pub spool_max_reports: usize,
    pub spool_max_bytes: u64,
    pub package_timeout_secs: u64,
    /// `lists` (apt's lists read directly where that is certain) or `simulate` (always
    /// `apt-get -s dist-upgrade`).
    pub apt_pending: crate::collect::patch::apt::Pending,
    pub request_timeout_secs: u64,
    pub tags: Tags,
    /// Network devices to inventory over SNMP.
    pub snmp: crate::snmp::targets::SnmpConfig,
    /// vCenters whose hosts and VMs to inventory.
    pub vsphere: Vec<crate::vsphere::VsphereConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            collector: None,
            token: None,
            token_file: None,
            ca: None,
            schedule: "0 0 */4 * * *".into(),
            jitter_secs: 900,
            state_dir: PathBuf::from("/var/lib/arsring/agent"),
            spool_max_reports: 1000,
            spool_max_bytes: 64 * 1024 * 1024,
            package_timeout_secs: 120,
            apt_pending: Default::default(),
            request_timeout_secs: 30,
            tags: Tags::default(),
            snmp: Default::default(),
            vsphere: Vec::new(),
        }
    }
}

/// Command-line values that take precedence over the file.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub collector: Option<String>,
    pub token: Option<String>,
    pub ca: Option<PathBuf>,
    pub state_dir: Option<PathBuf>,
}

impl Config {
    /// Loads `path`; a missing file is fine only when it is the default path (so the agent
    /// runs from flags alone), never when the user named it.
    pub fn load(path: Option<&Path>, overrides: Overrides) -> anyhow::Result<Config> {
        let mut config = match path {
            Some(path) => Self::parse_file(path)?,
            None if Path::new(DEFAULT_PATH).exists() => Self::parse_file(Path::new(DEFAULT_PATH))?,
            None => Config::default(),
        };
        if overrides.collector.is_some() {
            config.collector = overrides.collector;
        }
        if overrides.token.is_some() {
            config.token = overrides.token;
            config.token_file = None;
        }
        if overrides.ca.is_some() {
            config.ca = overrides.ca;
        }
        if let Some(dir) = overrides.state_dir {
            config.state_dir = dir;
        }
        config.validate()?;
        Ok(config)
    }

    fn parse_file(path: &Path) -> anyhow::Result<Config> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read config file {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("in config file {}", path.display()))
    }

    pub fn parse(text: &str) -> anyhow::Result<Config> {
        // toml's message names the key, the line and the column.
        Ok(toml::from_str(text)?)
    }

    fn validate(&self) -> anyhow::Result<()> {
        cron::Schedule::from_str(&self.schedule)
            .map_err(|err| anyhow::anyhow!("schedule: {:?} is not a cron expression: {err}", self.schedule))?;
        if let Some(url) = &self.collector {
            crate::deliver::check_url(url).context("collector")?;
        }
        if self.spool_max_reports == 0 {
            bail!("spool_max_reports: must be at least 1");
        }
        if self.package_timeout_secs == 0 || self.request_timeout_secs == 0 {
            bail!("package_timeout_secs and request_timeout_secs must be at least 1");
        }
        self.snmp.plan()?;
        Ok(())
    }

    pub fn schedule(&self) -> cron::Schedule {
        cron::Schedule::from_str(&self.schedule).expect("validated in Config::load")
    }

    /// The token, from `token` or `token_file`.
    pub fn token(&self) -> anyhow::Result<String> {
        if let Some(token) = &self.token {
            return Ok(token.trim().to_string());
        }
        let path = self.token_file.as_ref().context("no token: set `token_file` in agent.toml or pass --token")?;
        let token =
            std::fs::read_to_string(path).with_context(|| format!("token_file: cannot read {}", path.display()))?;
        Ok(token.trim().to_string())
    }

    pub fn package_timeout(&self) -> Duration {
        Duration::from_secs(self.package_timeout_secs)
    }

    /// What a collection of this host takes from the configuration.
    pub fn collect_options(&self) -> crate::collect::Options {
        crate::collect::Options {
            tags: self.tags.clone(),
            package_timeout: self.package_timeout(),
            apt_pending: self.apt_pending,
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}

#[cfg(test)]
mod tests;
