//! The endoflife.date client against a local HTTPS server that serves the fixtures the way
//! the API does (`/api/v1/products/{name}`, with an `ETag`), and can be told to rate-limit
//! or fail. The client trusts only the test's own CA.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use arsring_collector::lifecycle::eol::{self, Mapping, Product, RetryLimits, SyncResult};
use arsring_collector::lifecycle::model::Software;
use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_server::tls_rustls::RustlsConfig;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose, SanType};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

const LAST_MODIFIED: &str = "Sat, 22 Aug 2026 00:00:00 GMT";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eol")
}

fn limits() -> RetryLimits {
    RetryLimits {
        max_attempts: 3,
        max_total_wait: Duration::from_secs(5),
        default_wait: Duration::from_millis(100),
        request_timeout: Duration::from_secs(10),
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    name: String,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
}

/// What the fake API does besides serving fixtures.
#[derive(Default)]
struct Api {
    /// Answered 429 with `Retry-After: 1` the first time only.
    rate_limited_once: Mutex<HashSet<String>>,
    /// Always answered 429 with this `Retry-After`.
    rate_limited: HashMap<String, String>,
    /// Always answered 500.
    broken: HashSet<String>,
    seen: Mutex<Vec<Seen>>,
}

impl Api {
    fn seen(&self, name: &str) -> Vec<Seen> {
        self.seen.lock().expect("lock").iter().filter(|s| s.name == name).cloned().collect()
    }
}

async fn product(State(api): State<Arc<Api>>, UrlPath(name): UrlPath<String>, headers: HeaderMap) -> Response {
    let header_text = |h: header::HeaderName| headers.get(h).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let if_none_match = header_text(header::IF_NONE_MATCH);
    let if_modified_since = header_text(header::IF_MODIFIED_SINCE);
    api.seen.lock().expect("lock").push(Seen {
        name: name.clone(),
        if_none_match: if_none_match.clone(),
        if_modified_since,
    });

    if api.broken.contains(&name) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response();
    }
    if let Some(wait) = api.rate_limited.get(&name) {
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, wait.clone())]).into_response();
    }
    if api.rate_limited_once.lock().expect("lock").remove(&name) {
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response();
    }
    let body = match eol::valid_product_name(&name).then(|| std::fs::read(fixtures().join(format!("{name}.json")))) {
        Some(Ok(body)) => body,
        // Like the real API, a missing product is an HTML page, not JSON.
        _ => return (StatusCode::NOT_FOUND, "<html>not found</html>").into_response(),
    };
    let etag = format!("\"{name}-v1\"");
    if if_none_match.as_deref() == Some(etag.as_str()) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let headers = [
        (header::ETAG, etag),
        (header::LAST_MODIFIED, LAST_MODIFIED.to_owned()),
        (header::CONTENT_TYPE, "application/json".to_owned()),
    ];
    (StatusCode::OK, headers, body).into_response()
}

/// A CA and a server certificate for 127.0.0.1 signed by it.
struct Pki {
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

fn pki() -> Pki {
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca.distinguished_name.push(DnType::CommonName, "eol test CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let ca_key = KeyPair::generate().expect("ca key");
    let ca_cert = ca.self_signed(&ca_key).expect("ca cert");
    let issuer = Issuer::new(ca, ca_key);

    let mut leaf = CertificateParams::new(Vec::<String>::new()).expect("leaf params");
    leaf.subject_alt_names = vec![SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST))];
    let leaf_key = KeyPair::generate().expect("leaf key");
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).expect("leaf cert");

    let key = PrivateKeyDer::from_pem_slice(leaf_key.serialize_pem().as_bytes()).expect("key der");
    let chain = vec![leaf_cert.der().clone(), ca_cert.der().clone()];
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    Pki { ca_pem: ca_cert.pem(), server: Arc::new(server) }
}

/// An HTTPS client that trusts `ca_pem` and nothing else.
fn client_trusting(ca_pem: &str) -> reqwest::Client {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(CertificateDer::from_pem_slice(ca_pem.as_bytes()).expect("ca der")).expect("root");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_root_certificates(roots)
        .with_no_client_auth();
    reqwest::Client::builder().use_preconfigured_tls(config).build().expect("client")
}

/// Starts the fake API; returns its base URL (`https://127.0.0.1:port/api/v1/`) and a client.
fn start(api: Arc<Api>) -> (reqwest::Url, reqwest::Client) {
    let pki = pki();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    let app = Router::new().route("/api/v1/products/{name}", get(product)).with_state(api);
    let server = axum_server::from_tcp_rustls(listener, RustlsConfig::from_config(pki.server)).expect("server");
    tokio::spawn(server.serve(app.into_make_service()));
    let base = reqwest::Url::parse(&format!("https://127.0.0.1:{port}/api/v1/")).expect("base url");
    (base, client_trusting(&pki.ca_pem))
}

fn updated(result: &SyncResult) -> &Product {
    match result {
        SyncResult::Updated(product) => product,
        other => panic!("expected Updated, got {other:?}"),
    }
}

fn failed(result: &SyncResult) -> &str {
    match result {
        SyncResult::Failed(reason) => reason,
        other => panic!("expected Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn second_sync_is_conditional_and_not_modified() {
    let api = Arc::new(Api::default());
    let (base, http) = start(api.clone());

    let first = eol::sync(&http, &base, &["debian", "ubuntu"], &BTreeMap::new(), limits()).await;
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["debian", "ubuntu"]);
    let mut held = BTreeMap::new();
    for (name, result) in &first {
        let product = updated(result);
        assert_eq!(&product.name, name);
        assert_eq!(product.etag.as_deref(), Some(format!("\"{name}-v1\"").as_str()));
        assert_eq!(product.last_modified.as_deref(), Some(LAST_MODIFIED));
        assert!(product.fetched_at.is_some());
        held.insert(name.clone(), product.clone());
    }
    assert!(api.seen("debian")[0].if_none_match.is_none(), "nothing stored: unconditional");

    let second = eol::sync(&http, &base, &["debian", "ubuntu"], &held, limits()).await;
    for (name, result) in &second {
        assert_eq!(result, &SyncResult::NotModified, "{name}");
        let seen = api.seen(name);
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[1].if_none_match.as_deref(), Some(format!("\"{name}-v1\"").as_str()));
        assert_eq!(seen[1].if_modified_since.as_deref(), Some(LAST_MODIFIED));
    }

    // What was fetched is what the mapping reads.
    let debian12 = Software { family: "debian".into(), version: "12".into() };
    assert!(matches!(eol::release_for(&debian12, &held), Mapping::Found { cycle, .. } if cycle.name == "12"));
}

#[tokio::test]
async fn rate_limited_once_waits_and_retries() {
    let api = Arc::new(Api { rate_limited_once: Mutex::new(HashSet::from(["fortios".into()])), ..Api::default() });
    let (base, http) = start(api.clone());

    let started = Instant::now();
    let results = eol::sync(&http, &base, &["fortios"], &BTreeMap::new(), limits()).await;
    assert_eq!(updated(&results[0].1).name, "fortios");
    assert!(started.elapsed() >= Duration::from_millis(900), "Retry-After: 1 was not honoured");
    assert_eq!(api.seen("fortios").len(), 2);
}

#[tokio::test]
async fn rate_limits_beyond_the_limits_fail_with_a_reason() {
    let rate_limited = HashMap::from([("panos".into(), "3600".into()), ("rhel".into(), "0".into())]);
    let api = Arc::new(Api { rate_limited, ..Api::default() });
    let (base, http) = start(api.clone());

    let started = Instant::now();
    let results = eol::sync(&http, &base, &["panos", "rhel", "sles"], &BTreeMap::new(), limits()).await;
    assert!(started.elapsed() < Duration::from_secs(5), "must not sleep past the budget");

    let too_long = failed(&results[0].1);
    assert!(too_long.contains("HTTP 429") && too_long.contains("3600 s"), "{too_long}");
    assert_eq!(api.seen("panos").len(), 1, "a wait over budget is not attempted");

    let exhausted = failed(&results[1].1);
    assert!(exhausted.contains("HTTP 429") && exhausted.contains("all 3 attempts"), "{exhausted}");
    assert_eq!(api.seen("rhel").len(), 3);

    assert_eq!(updated(&results[2].1).name, "sles");
}

#[tokio::test]
async fn one_failure_does_not_stop_the_others() {
    let api = Arc::new(Api { broken: HashSet::from(["alpine-linux".into()]), ..Api::default() });
    let (base, http) = start(api);

    let names = ["rhel", "no-such-product", "alpine-linux", "sles", "../etc"];
    let results = eol::sync(&http, &base, &names, &BTreeMap::new(), limits()).await;
    assert_eq!(results.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), names);
    assert_eq!(updated(&results[0].1).name, "rhel");
    let missing = failed(&results[1].1);
    assert!(missing.contains("404") && missing.contains("no-such-product"), "{missing}");
    let broken = failed(&results[2].1);
    assert!(broken.contains("500"), "{broken}");
    assert_eq!(updated(&results[3].1).name, "sles");
    assert!(failed(&results[4].1).contains("not a product name"));
}

#[tokio::test]
async fn a_server_outside_the_trusted_ca_is_refused() {
    let (base, _) = start(Arc::new(Api::default()));
    let stranger = client_trusting(&pki().ca_pem);
    let results = eol::sync(&stranger, &base, &["debian"], &BTreeMap::new(), limits()).await;
    let reason = failed(&results[0].1).to_ascii_lowercase();
    assert!(reason.contains("certificate"), "{reason}");
}

#[test]
fn import_dir_loads_the_fixtures() {
    let products = eol::import_dir(&fixtures()).expect("fixtures import");
    let names: Vec<&str> = products.iter().map(|p| p.name.as_str()).collect();
    for needed in [
        "debian",
        "ubuntu",
        "rhel",
        "rocky-linux",
        "almalinux",
        "sles",
        "alpine-linux",
        "windows-server",
        "esxi",
        "cisco-ios-xe",
        "fortios",
        "panos",
        "routeros",
    ] {
        assert!(names.contains(&needed), "{needed} missing from {names:?}");
    }
    let debian = products.iter().find(|p| p.name == "debian").expect("debian");
    assert_eq!(debian.fetched_at.map(|t| t.to_rfc3339()).as_deref(), Some("2026-08-22T00:00:00+00:00"));
    assert_eq!((debian.etag.as_deref(), debian.last_modified.as_deref()), (None, None));
}

#[test]
fn import_dir_names_the_bad_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixtures().join("debian.json"), dir.path().join("debian.json")).expect("copy");
    // Saved under the alias the API redirects from: accepted, under the canonical name.
    std::fs::copy(fixtures().join("panos.json"), dir.path().join("pan-os.json")).expect("copy");
    std::fs::write(dir.path().join("notes.txt"), "ignored").expect("write");
    let products = eol::import_dir(dir.path()).expect("good files import");
    assert_eq!(products.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["debian", "panos"]);

    std::fs::write(dir.path().join("corrupt.json"), br#"{"result": {"name": "corrupt", "releases": [{"#)
        .expect("write");
    let err = eol::import_dir(dir.path()).expect_err("corrupt file");
    assert!(err.contains("corrupt.json"), "{err}");

    std::fs::remove_file(dir.path().join("corrupt.json")).expect("rm");
    std::fs::copy(fixtures().join("debian.json"), dir.path().join("ubuntu.json")).expect("copy");
    let err = eol::import_dir(dir.path()).expect_err("misnamed file");
    assert!(err.contains("ubuntu.json") && err.contains("\"debian\""), "{err}");

    let empty = tempfile::tempdir().expect("tempdir");
    assert!(eol::import_dir(empty.path()).expect_err("empty dir").contains("no <product>.json"));
    assert!(eol::import_dir(&empty.path().join("missing")).is_err());
}
