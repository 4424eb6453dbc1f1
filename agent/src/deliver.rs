//! Sending reports to the collector over HTTPS (rustls, no OpenSSL).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use reqwest::{StatusCode, Url};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

/// What became of one report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Durably stored by the collector.
    Stored,
    /// The collector already had a report with this id; nothing more to do.
    Duplicate,
    /// The collector refused the report itself (4xx other than auth and rate limits):
    /// sending it again would not help.
    Rejected { status: u16, message: String },
    /// The collector refused the credential (401, 403, or 409 at enrolment): not this
    /// report's fault, and no retry helps until the key is replaced or an administrator acts.
    Refused { status: u16, message: String },
    /// Not delivered now, may succeed later: unreachable, 5xx, 429.
    Unavailable { reason: String },
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Stored => f.write_str("stored"),
            Outcome::Duplicate => f.write_str("stored before"),
            Outcome::Rejected { status, message } => {
                write!(f, "the collector rejected the report ({status}): {message}")
            }
            Outcome::Refused { status, message } => {
                write!(f, "the collector refused the agent's credential ({status}): {message}")
            }
            Outcome::Unavailable { reason } => write!(f, "collector unavailable: {reason}"),
        }
    }
}

impl Outcome {
    pub fn delivered(&self) -> bool {
        matches!(self, Outcome::Stored | Outcome::Duplicate)
    }
}

/// Accepts `https://` URLs, and `http://` only to a loopback host (for trying things out).
pub fn check_url(url: &str) -> anyhow::Result<Url> {
    let parsed = Url::parse(url).with_context(|| format!("{url:?} is not a URL"))?;
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => bail!("{url:?} has no host"),
    };
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if loopback => Ok(parsed),
        "http" => bail!("{url:?}: plain http is allowed only to a loopback address; use https"),
        other => bail!("{url:?}: unsupported scheme {other:?}"),
    }
}

/// The collector's HTTPS API, with one bearer credential: the enrolment secret (to enrol)
/// or a device's or poller's own key (to report).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    bearer: String,
}

impl Client {
    pub fn new(base: &str, bearer: String, ca: Option<&Path>, timeout: Duration) -> anyhow::Result<Client> {
        let base = check_url(base)?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls_config(ca)?)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("arsring-agent/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("building the HTTPS client")?;
        Ok(Client { http, base, bearer })
    }

    /// The same connection settings with another credential.
    pub fn with_bearer(&self, bearer: String) -> Client {
        Client { bearer, ..self.clone() }
    }

    /// Posts JSON to `path` below the collector's base URL.
    pub async fn post_json(&self, path: &str, body: Vec<u8>) -> Result<(StatusCode, String), String> {
        let url = self.base.join(path).map_err(|e| e.to_string())?;
        let response = self
            .http
            .post(url)
            .bearer_auth(&self.bearer)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|err| arsring_cli::error_chain(&err))?;
        let status = response.status();
        Ok((status, response.text().await.unwrap_or_default()))
    }

    pub async fn send(&self, body: Vec<u8>) -> Outcome {
        let Ok(url) = self.base.join("api/v1/reports") else {
            return Outcome::Rejected { status: 0, message: "bad collector URL".into() };
        };
        let response = self
            .http
            .post(url)
            .bearer_auth(&self.bearer)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await;
        let response = match response {
            Ok(r) => r,
            Err(err) => {
                return Outcome::Unavailable { reason: arsring_cli::error_chain(&err) };
            }
        };
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        classify(status, &text)
    }
}

pub fn classify(status: StatusCode, body: &str) -> Outcome {
    let message = error_message(body);
    match status.as_u16() {
        201 => Outcome::Stored,
        200 => Outcome::Duplicate,
        code @ (401 | 403) => Outcome::Refused { status: code, message },
        429 | 500..=599 => Outcome::Unavailable { reason: format!("collector answered {status}: {message}") },
        code => Outcome::Rejected { status: code, message },
    }
}

/// The collector's `{"error": {"field": …, "message": …}}`, or the raw body.
pub fn error_message(body: &str) -> String {
    match serde_json::from_str::<arsring_protocol::ErrorBody>(body) {
        Ok(error) => error.describe(),
        Err(_) => body.chars().take(200).collect(),
    }
}

/// Trusts only `ca` when given (the collector's own local CA, typically), else the system store.
pub fn tls_config(ca: Option<&Path>) -> anyhow::Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    match ca {
        Some(path) => {
            let certs: Vec<CertificateDer> = CertificateDer::pem_file_iter(path)
                .with_context(|| format!("ca: cannot read {}", path.display()))?
                .collect::<Result<_, _>>()
                .with_context(|| format!("ca: {} is not a PEM certificate file", path.display()))?;
            if certs.is_empty() {
                bail!("ca: {} holds no certificate", path.display());
            }
            for cert in certs {
                roots.add(cert).with_context(|| format!("ca: bad certificate in {}", path.display()))?;
            }
        }
        None => {
            let native = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(native.certs);
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

#[cfg(test)]
mod tests;
