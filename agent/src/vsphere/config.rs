//! `[[vsphere]]` in `agent.toml`: which vCenters to poll, as whom, trusting which CA.
//!
//! The password can be inline, in a file (`password_file`, kept 0600 beside the config), or
//! in `ARSRING_VSPHERE_PASSWORD`; it is never logged (`Debug` leaves it out).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::Deserialize;

pub const PASSWORD_ENV: &str = "ARSRING_VSPHERE_PASSWORD";

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VsphereConfig {
    /// The SDK URL, e.g. `https://vcenter.kommun.example/sdk`.
    pub url: String,
    /// A read-only vCenter account.
    pub user: String,
    pub password: Option<String>,
    pub password_file: Option<PathBuf>,
    /// The CA that signed vCenter's certificate (vCenter's own VMCA root, usually).
    pub ca: Option<PathBuf>,
    /// Skip certificate verification. Only for a first try: anyone on the path could then
    /// read the password.
    #[serde(default)]
    pub insecure: bool,
    /// A name for reports and logs; the URL's host by default.
    pub name: Option<String>,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// Objects per page of a property retrieval.
    #[serde(default = "default_page")]
    pub page_size: u32,
    /// Read vSphere tags from vCenter's REST service.
    #[serde(default = "yes")]
    pub tags: bool,
}

fn default_timeout() -> u64 {
    60
}

fn default_page() -> u32 {
    250
}

fn yes() -> bool {
    true
}

impl std::fmt::Debug for VsphereConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VsphereConfig")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "(set)"))
            .field("password_file", &self.password_file)
            .field("ca", &self.ca)
            .field("insecure", &self.insecure)
            .finish_non_exhaustive()
    }
}

/// A vCenter to poll, checked.
#[derive(Clone)]
pub struct Target {
    pub name: String,
    pub url: reqwest::Url,
    pub user: String,
    password: Option<String>,
    password_file: Option<PathBuf>,
    pub ca: Option<PathBuf>,
    pub insecure: bool,
    pub timeout: Duration,
    pub page_size: u32,
    pub tags: bool,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("name", &self.name)
            .field("url", &self.url.as_str())
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl VsphereConfig {
    pub fn target(&self) -> anyhow::Result<Target> {
        let url = reqwest::Url::parse(&self.url).with_context(|| format!("vsphere url {:?}", self.url))?;
        let host = url.host_str().filter(|h| !h.is_empty()).map(str::to_string);
        let Some(host) = host else { bail!("vsphere url {:?}: no host", self.url) };
        match url.scheme() {
            "https" => {}
            "http" if self.insecure => {}
            other => bail!("vsphere url {:?}: {other} is not https (plain http only with insecure = true)", self.url),
        }
        if self.user.trim().is_empty() {
            bail!("vsphere user: must not be empty");
        }
        if self.password.is_some() && self.password_file.is_some() {
            bail!("vsphere: give password or password_file, not both");
        }
        Ok(Target {
            name: self.name.clone().unwrap_or(host),
            url,
            user: self.user.clone(),
            password: self.password.clone(),
            password_file: self.password_file.clone(),
            ca: self.ca.clone(),
            insecure: self.insecure,
            timeout: Duration::from_secs(self.timeout_secs.clamp(1, 3600)),
            page_size: self.page_size.clamp(1, 10_000),
            tags: self.tags,
        })
    }
}

impl Target {
    /// The password: inline, from `password_file`, else from `ARSRING_VSPHERE_PASSWORD`.
    pub fn password(&self) -> anyhow::Result<String> {
        if let Some(p) = &self.password {
            return Ok(p.clone());
        }
        if let Some(file) = &self.password_file {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("vsphere password_file: cannot read {}", file.display()))?;
            return Ok(text.trim_end_matches(['\n', '\r']).to_string());
        }
        std::env::var(PASSWORD_ENV)
            .map_err(|_| anyhow::anyhow!("vsphere: no password (set password_file in agent.toml or {PASSWORD_ENV})"))
    }
}

#[cfg(test)]
mod tests;
