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
    /// Not delivered now, may succeed later: unreachable, 5xx, 429, or the token refused.
    Unavailable { reason: String },
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

pub struct Client {
    http: reqwest::Client,
    reports_url: Url,
    token: String,
}

impl Client {
    pub fn new(base: &str, token: String, ca: Option<&Path>, timeout: Duration) -> anyhow::Result<Client> {
        let reports_url = check_url(base)?.join("api/v1/reports")?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls_config(ca)?)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("arsring-agent/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("building the HTTPS client")?;
        Ok(Client { http, reports_url, token })
    }

    pub async fn send(&self, body: Vec<u8>) -> Outcome {
        let response = self
            .http
            .post(self.reports_url.clone())
            .bearer_auth(&self.token)
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

fn classify(status: StatusCode, body: &str) -> Outcome {
    let message = error_message(body);
    match status.as_u16() {
        201 => Outcome::Stored,
        200 => Outcome::Duplicate,
        401 | 403 => Outcome::Unavailable { reason: format!("collector refused the token ({status}): {message}") },
        429 | 500..=599 => Outcome::Unavailable { reason: format!("collector answered {status}: {message}") },
        code => Outcome::Rejected { status: code, message },
    }
}

/// The collector's `{"error": {"field": …, "message": …}}`, or the raw body.
fn error_message(body: &str) -> String {
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
