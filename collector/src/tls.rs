//! TLS for the collector: the operator's certificate, or a local CA made on first start.
//!
//! The local CA lives in `<data-dir>/tls/` (`ca.pem` to hand to agents, `ca.key` mode 0600)
//! and outlives restarts, so agents keep trusting it. The server certificate is re-issued
//! by it at every start, so it always names the addresses the collector listens on.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::net::IpAddr;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    SanType,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// What `serve` tells the operator about its TLS identity.
#[derive(Clone, Debug)]
pub struct Identity {
    pub server_config: Arc<rustls::ServerConfig>,
    /// The CA agents should trust, when the collector made it.
    pub local_ca: Option<PathBuf>,
    /// SHA-256 fingerprint of the CA (or of the operator's certificate).
    pub fingerprint: String,
}

/// Uses the operator's certificate and key when given, else the local CA.
pub fn identity(data_dir: &Path, cert_key: Option<(&Path, &Path)>, names: &[String]) -> anyhow::Result<Identity> {
    match cert_key {
        Some((cert, key)) => {
            let certs = read_certs(cert)?;
            let fingerprint = fingerprint(&certs[0]);
            let key_der = PrivateKeyDer::from_pem_file(key)
                .with_context(|| format!("tls.key: cannot read a private key from {}", key.display()))?;
            let server_config = server_config(certs, key_der)
                .with_context(|| format!("tls.cert {} and tls.key {}", cert.display(), key.display()))?;
            Ok(Identity { server_config, local_ca: None, fingerprint })
        }
        None => local_ca_identity(data_dir, names),
    }
}

fn local_ca_identity(data_dir: &Path, names: &[String]) -> anyhow::Result<Identity> {
    let dir = data_dir.join("tls");
    crate::store::private_dir(data_dir)?;
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let (ca_pem, ca_key_pem) = ensure_ca(&dir)?;
    let (ca_der, issuer) = load_ca(&dir, &ca_pem, &ca_key_pem)?;

    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params.distinguished_name.push(DnType::CommonName, "Årsring collector");
    params.subject_alt_names = subject_alt_names(names)?;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(397);
    let key = KeyPair::generate()?;
    let cert = params.signed_by(&key, &issuer)?;
    write_private(&dir.join("server.key"), key.serialize_pem().as_bytes())?;
    fs::write(dir.join("server.pem"), cert.pem())?;

    let chain = vec![cert.der().clone(), ca_der.clone()];
    let key_der = PrivateKeyDer::from_pem_slice(key.serialize_pem().as_bytes()).context("server key")?;
    Ok(Identity {
        server_config: server_config(chain, key_der)?,
        local_ca: Some(dir.join("ca.pem")),
        fingerprint: fingerprint(&ca_der),
    })
}

/// What to do about a CA file that is there but unusable.
const KEEP_CA: &str = "agents trust this CA: restore the file from a backup. Only if no agent trusts it yet, \
    remove both ca.pem and ca.key and a new CA is made";

/// The CA's certificate and its key as an issuer, checked to belong together.
fn load_ca(
    dir: &Path,
    ca_pem: &str,
    ca_key_pem: &str,
) -> anyhow::Result<(CertificateDer<'static>, Issuer<'static, KeyPair>)> {
    let (cert_path, key_path) = (dir.join("ca.pem"), dir.join("ca.key"));
    let bad = |path: &Path, what: &str| format!("{} {what}; {KEEP_CA}", path.display());
    let ca_key = KeyPair::from_pem(ca_key_pem).with_context(|| bad(&key_path, "is not a valid private key"))?;
    let key_der = PrivateKeyDer::from_pem_slice(ca_key_pem.as_bytes())
        .with_context(|| bad(&key_path, "is not a valid private key"))?;
    let ca_der = CertificateDer::from_pem_slice(ca_pem.as_bytes())
        .with_context(|| bad(&cert_path, "is not a PEM certificate"))?;
    // A key that does not match would sign server certificates no agent can verify.
    let provider = rustls::crypto::ring::default_provider();
    rustls::sign::CertifiedKey::from_der(vec![ca_der.clone()], key_der, &provider)
        .with_context(|| bad(&key_path, &format!("is not the key of {}", cert_path.display())))?;
    let issuer = Issuer::from_ca_cert_pem(ca_pem, ca_key).with_context(|| bad(&cert_path, "is not a valid CA"))?;
    Ok((ca_der, issuer))
}

/// Loads the CA, or creates it when neither of its files is there. One without the other,
/// or one that cannot be read, is an error naming it: agents trust this CA, and a new one
/// made in its place would cut every agent off.
fn ensure_ca(dir: &Path) -> anyhow::Result<(String, String)> {
    let (cert_path, key_path) = (dir.join("ca.pem"), dir.join("ca.key"));
    match (present(&cert_path)?, present(&key_path)?) {
        (true, true) => Ok((read_text(&cert_path)?, read_text(&key_path)?)),
        (false, false) => create_ca(&cert_path, &key_path),
        (true, false) => bail!("{} is missing while {} is there; {KEEP_CA}", key_path.display(), cert_path.display()),
        (false, true) => bail!("{} is missing while {} is there; {KEEP_CA}", cert_path.display(), key_path.display()),
    }
}

/// Whether a file is there; a dangling link or an unreadable directory is there (and will
/// fail when read), never taken for absent.
fn present(path: &Path) -> anyhow::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}; {KEEP_CA}", path.display()))
}

fn create_ca(cert_path: &Path, key_path: &Path) -> anyhow::Result<(String, String)> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    let host = arsring_agent::collect::identity::hostname(&Default::default());
    params.distinguished_name.push(DnType::CommonName, format!("Årsring local CA ({host})"));
    params.distinguished_name.push(DnType::OrganizationName, "Årsring");
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(3650);
    let key = KeyPair::generate()?;
    let cert = params.self_signed(&key)?;
    write_private(key_path, key.serialize_pem().as_bytes())?;
    fs::write(cert_path, cert.pem())?;
    tracing::info!(ca = %cert_path.display(), "created a local certificate authority");
    Ok((cert.pem(), key.serialize_pem()))
}

fn subject_alt_names(extra: &[String]) -> anyhow::Result<Vec<SanType>> {
    let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    names.push(arsring_agent::collect::identity::hostname(&Default::default()));
    names.extend(extra.iter().cloned());
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| match name.parse::<IpAddr>() {
            Ok(ip) => Ok(SanType::IpAddress(ip)),
            Err(_) => Ok(SanType::DnsName(name.clone().try_into().with_context(|| format!("tls.names: {name:?}"))?)),
        })
        .collect()
}

fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the certificate does not match the key")?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

fn read_certs(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let certs: Vec<_> = CertificateDer::pem_file_iter(path)
        .with_context(|| format!("tls.cert: cannot read {}", path.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("tls.cert: {} is not PEM", path.display()))?;
    if certs.is_empty() {
        bail!("tls.cert: {} holds no certificate", path.display());
    }
    Ok(certs)
}

/// `AB:CD:…` SHA-256 of a certificate, as `openssl x509 -fingerprint -sha256` prints it.
pub fn fingerprint(cert: &CertificateDer) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, cert.as_ref());
    digest.as_ref().iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file = OpenOptions::new().create(true).truncate(true).write(true).mode(0o600).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests;
