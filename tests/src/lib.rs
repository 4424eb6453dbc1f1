//! Harness for the end-to-end tests: starts the real `arsring-collector` and
//! `arsring-agent` binaries on loopback with TLS and talks to them over HTTPS.
//!
//! The binaries are the workspace's own build output; `cargo test --workspace` builds them
//! before running these tests.

pub mod answer;
pub mod browser;
pub mod engine;
pub mod peers;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::blocking::Client;

pub use answer::{Answer, Checked};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use serde_json::Value;

/// Path of a workspace binary of the same profile: beside this executable (a bench tool
/// in `target/<profile>/`) or one level up (a test in `target/<profile>/deps/`).
pub fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("executable path");
    let here = exe.parent().expect("executable directory");
    let candidates = [here.join(name), here.parent().map(|p| p.join(name)).unwrap_or_default()];
    candidates.into_iter().find(|p| p.is_file()).unwrap_or_else(|| {
        panic!("{name} is not built next to {}; run `cargo build --workspace` first", here.display())
    })
}

/// `arsring-collector ARGS --data-dir DATA_DIR`, as an operator types it.
pub fn collector_cli(data_dir: &Path, args: &[&str]) -> Output {
    collector_command(data_dir).args(args).arg("--data-dir").arg(data_dir).output().expect("run arsring-collector")
}

/// `arsring-collector` for `data_dir`, on the suite's store engine (`engine`).
pub fn collector_command(data_dir: &Path) -> Command {
    let mut command = Command::new(bin("arsring-collector"));
    command.env("ARSRING_LOG", "warn").env_remove("ARSRING_STORE_URL");
    if let Some(url) = engine::store_url(data_dir) {
        command.env("ARSRING_STORE_URL", url);
    }
    command
}

/// [`collector_cli`] that must succeed.
pub fn collector_cli_ok(data_dir: &Path, args: &[&str]) -> Output {
    let out = collector_cli(data_dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// A free loopback port (bound and released; good enough for tests on one machine).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A collector process serving HTTPS on 127.0.0.1.
pub struct Collector {
    child: Child,
    pub url: String,
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub ca: PathBuf,
}

impl Collector {
    pub fn start(data_dir: &Path) -> Collector {
        Self::start_on(data_dir, "127.0.0.1:0".parse().unwrap())
    }

    pub fn start_on(data_dir: &Path, listen: SocketAddr) -> Collector {
        Self::start_with(data_dir, &["--listen", &listen.to_string()])
    }

    /// `serve --data-dir DATA_DIR` with more arguments, e.g. `--config FILE --listen ADDR`.
    pub fn start_with(data_dir: &Path, args: &[&str]) -> Collector {
        let mut child = collector_command(data_dir)
            .arg("serve")
            .args(args)
            .arg("--data-dir")
            .arg(data_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start arsring-collector");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut url = None;
        for line in lines.by_ref() {
            let line = line.expect("collector stdout");
            if let Some(u) = line.strip_prefix("arsring-collector listening on ") {
                url = Some(u.trim().to_string());
            }
            if line.starts_with("CA fingerprint:") {
                break;
            }
        }
        // Keep reading so the collector never writes into a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let url = url.unwrap_or_else(|| panic!("collector did not start: {:?}", child.wait()));
        let addr = url.trim_start_matches("https://").parse().expect("host:port");
        let collector =
            Collector { child, url, addr, data_dir: data_dir.to_path_buf(), ca: data_dir.join("tls/ca.pem") };
        collector.wait_healthy();
        collector
    }

    /// The collector's process id, e.g. to read its CPU time in `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn wait_healthy(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(r) = self.client().get(format!("{}/healthz", self.url)).checked()
                && r.status() == 200
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("collector at {} never became healthy", self.url);
    }

    /// Creates a token with the real CLI and returns it.
    pub fn token(&self, role: &str, name: &str) -> String {
        let out = collector_command(&self.data_dir)
            .args(["token", "create", "--role", role, "--name", name, "--data-dir"])
            .arg(&self.data_dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "token create failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// The sample registers for `reports` through the CLI, as an operator would load them:
    /// model catalogue, asset register, this year's cost model, the endoflife.date snapshot.
    pub fn import_sample_registers(&self, reports: &[arsring_protocol::Report], seed: u64) {
        use arsring_collector::sample;
        let dir = tempfile::tempdir().unwrap();
        let year = chrono::Datelike::year(&chrono::Utc::now());
        let files = [
            ("catalogue.csv", sample::CATALOGUE.to_string()),
            ("assets.csv", sample::asset_register(reports, seed)),
            ("costs.toml", sample::costs_toml(year)),
        ];
        for (name, text) in &files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        collector_cli_ok(&self.data_dir, &["catalogue", "import", &path("catalogue.csv")]);
        collector_cli_ok(&self.data_dir, &["import", "assets", &path("assets.csv")]);
        collector_cli_ok(&self.data_dir, &["costs", "import", &path("costs.toml")]);
        collector_cli_ok(&self.data_dir, &["eol", "import", sample::EOL_SNAPSHOT]);
    }

    /// Logs in to the dashboard with `token` through the login form, as a browser would,
    /// and returns the session cookie (`arsring_session=…`).
    pub fn log_in(&self, token: &str) -> String {
        let client = https_client_builder(&self.ca).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = client
            .post(format!("{}/login", self.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("token={token}&next=/"))
            .send()
            .unwrap();
        assert_eq!(response.status(), 303, "log-in refused");
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        cookie.split(';').next().unwrap().to_string()
    }

    /// The dashboard page at `path` as a browser logged in with `token` is given it.
    pub fn page(&self, path: &str, token: &str) -> String {
        let cookie = self.log_in(token);
        let response = self.client().get(format!("{}{path}", self.url)).header("cookie", cookie).send().unwrap();
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().unwrap()
    }

    /// An HTTPS client that trusts only this collector's CA.
    pub fn client(&self) -> Client {
        https_client(&self.ca)
    }

    pub fn get(&self, path: &str, token: &str) -> Answer {
        self.client().get(format!("{}{path}", self.url)).bearer_auth(token).checked().unwrap()
    }

    pub fn get_json(&self, path: &str, token: &str) -> Value {
        let response = self.get(path, token);
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().unwrap()
    }

    /// Enrols a device with the enrolment secret `secret` (an agent-role token), as the
    /// agent does on its first run, and returns the device's own key.
    pub fn enrol(&self, secret: &str, device: uuid::Uuid) -> String {
        let body = serde_json::json!({"kind": "agent", "device_id": device, "name": format!("host-{device}")});
        let response = self
            .client()
            .post(format!("{}/api/v1/enrol", self.url))
            .bearer_auth(secret)
            .header("content-type", "application/json")
            .body(body.to_string());
        let response = response.checked().unwrap();
        assert_eq!(response.status(), 200, "enrolment failed: {}", response.text().unwrap_or_default());
        response.json::<Value>().unwrap()["key"].as_str().unwrap().to_string()
    }

    /// The head of an `agent.toml` that reports to this collector with `token` and keeps its
    /// state in `state_dir`; the test appends what it polls.
    pub fn agent_config(&self, token: &str, state_dir: &Path) -> String {
        format!(
            "collector = \"{}\"\ntoken = \"{token}\"\nca = \"{}\"\nstate_dir = \"{}\"\n",
            self.url,
            self.ca.display(),
            state_dir.display()
        )
    }

    /// A token for loading many devices' reports at once, as an operator would (reports
    /// sent with it are on record as the operator's).
    pub fn loader_token(&self) -> String {
        self.token("admin", "fleet-loader")
    }

    pub fn post_report(&self, body: impl Into<reqwest::blocking::Body>, token: Option<&str>) -> Answer {
        let mut request = self
            .client()
            .post(format!("{}/api/v1/reports", self.url))
            .header("content-type", "application/json")
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.checked().unwrap()
    }

    /// A Prometheus sample value, e.g. `arsring_reports_total{outcome="stored"}`.
    pub fn metric(&self, token: &str, name: &str) -> f64 {
        let text = self.get("/metrics", token).text().unwrap();
        text.lines().find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse().ok())).unwrap_or(0.0)
    }

    /// Stops the collector with SIGTERM, as systemd would.
    pub fn stop(mut self) {
        self.terminate();
    }

    fn terminate(&mut self) {
        // SAFETY: plain kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.terminate();
        }
    }
}

pub fn https_client(ca: &Path) -> Client {
    https_client_builder(ca).build().unwrap()
}

/// A client builder that trusts only the CA in `ca` (add settings, then build).
pub fn https_client_builder(ca: &Path) -> reqwest::blocking::ClientBuilder {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Client::builder().use_preconfigured_tls(tls).timeout(Duration::from_secs(30))
}

/// Runs `arsring-agent` with the given arguments and returns its output.
pub fn agent(args: &[&str]) -> Output {
    Command::new(bin("arsring-agent")).args(args).env("ARSRING_LOG", "warn").output().expect("run arsring-agent")
}

/// `arsring-agent snmp poll --print` of the device at `address`, each request waiting
/// `timeout_ms` and retried once: (exit code, report).
pub fn snmp_poll_print(address: &str, credentials: &[&str], timeout_ms: &str) -> (i32, Value) {
    let state = tempfile::tempdir().unwrap();
    let mut args = vec!["--state-dir", state.path().to_str().unwrap(), "snmp", "poll", "--target", address];
    args.extend_from_slice(credentials);
    args.extend_from_slice(&["--timeout-ms", timeout_ms, "--retries", "1", "--print"]);
    let out = agent(&args);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), report)
}

/// `arsring-agent … run --once` against `collector` with `token`, state in `state_dir`.
pub fn agent_run_once(url: &str, token: &str, ca: &Path, state_dir: &Path) -> Output {
    agent(&[
        "--collector",
        url,
        "--token",
        token,
        "--ca",
        ca.to_str().unwrap(),
        "--state-dir",
        state_dir.to_str().unwrap(),
        "run",
        "--once",
    ])
}

pub fn read_host_file(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default().trim().to_string()
}

/// Every device `GET /api/v1/devices?QUERY` selects, following `next` page by page as a
/// client reading the whole list must (a page holds 500 by default).
pub fn all_devices(client: &Client, url: &str, token: &str, query: &str) -> Vec<Value> {
    let mut devices = Vec::new();
    let mut path = format!("/api/v1/devices?{query}");
    let and = if query.is_empty() { "" } else { "&" };
    loop {
        let response = client.get(format!("{url}{path}")).bearer_auth(token).checked().unwrap();
        assert_eq!(response.status(), 200, "GET {path}");
        let page: Value = response.json().unwrap();
        devices.extend(page["devices"].as_array().unwrap_or_else(|| panic!("GET {path}: {page}")).iter().cloned());
        let Some(next) = page["next"].as_str() else { return devices };
        path = format!("/api/v1/devices?{query}{and}after={next}");
    }
}

impl Collector {
    /// Kills the collector with SIGKILL, as a crash or the OOM killer would (no shutdown, no
    /// last flush), and reaps it.
    pub fn kill9(mut self) {
        // SAFETY: plain kill(2) on our own child's pid, not yet reaped.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}
