//! Collector ingest benchmark: sustained reports per second from concurrent HTTPS clients,
//! with p50/p99 latency, side by side in one run: the collector on its embedded store, on
//! PostgreSQL (a throwaway cluster, when the peer is installed), two collectors on that one
//! database with the clients spread over both (as behind a load balancer), and a no-op axum
//! handler behind the same TLS stack (the ceiling this machine allows).
//!
//! Every device of the run enrols first (`POST /api/v1/enrol` with an agent token, as an
//! agent does on its first run) and each report goes with its own device's key, the path an
//! agent's report takes.
//!
//! Beside the rate, each server's CPU time per report (user + system, all its threads, from
//! `/proc/PID/stat`): on a shared two-core machine the rate moves by a fifth between runs,
//! the CPU a report costs much less.
//!
//! The ceiling's rate moves by a third within minutes on a shared machine, and a ratio made
//! of two runs with it. `--rounds N` measures the embedded store and the ceiling alternately
//! N times and gives each round's ratio and their median.
//!
//! ```sh
//! cargo build --release --workspace
//! target/release/ingest-bench --clients 32 --seconds 15
//! target/release/ingest-bench --clients 32 --seconds 5 --rounds 9
//! ```

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use arsring_e2e::{Collector, bin, peers};
use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::post;
use uuid::Uuid;

/// Sustained report ingest over HTTPS against a real collector, beside a no-op handler
/// behind the same TLS stack.
#[derive(clap::Parser)]
#[command(version)]
struct Args {
    /// Concurrent HTTPS clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// How long each of the two runs lasts.
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// Distinct devices the reports are about.
    #[arg(long, default_value_t = 1000)]
    devices: u128,
    /// Rounds of the embedded store and the ceiling, alternately, each run `--seconds` long;
    /// with more than one, each round's ratio and their median follow the table (the table
    /// holds the first round).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    rounds: u32,
    #[command(subcommand)]
    noop: Option<Noop>,
}

#[derive(clap::Subcommand)]
enum Noop {
    /// The ceiling's server (started by the benchmark itself).
    #[command(hide = true)]
    Noop { dir: std::path::PathBuf },
}

fn main() {
    let args = <Args as clap::Parser>::parse();
    if let Some(Noop::Noop { dir }) = &args.noop {
        return noop_server(dir);
    }
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("data"));
    let keys = enrolled(&collector, &collector.token("agent", "bench"), args.devices);
    // The ceiling: same TLS, same body limit, handler does nothing. A separate process, like the collector.
    let noop = NoopServer::start(dir.path());
    let round = || {
        let sled = load(&[target(&collector)], &[collector.pid()], &keys, &args);
        (sled, load(std::slice::from_ref(&noop.target), &[noop.pid()], &keys, &args))
    };
    let rounds: Vec<(Result_, Result_)> = (0..args.rounds).map(|_| round()).collect();
    drop(collector);
    drop(noop);
    let (sled, ceiling) = rounds[0];
    let mut runs = vec![("arsring-collector (sled, flushed per report)", sled)];
    runs.extend(postgres_runs(dir.path(), &args));
    runs.push(("no-op axum handler (same TLS)", ceiling));

    println!("| target | reports/s | p50 ms | p99 ms | errors | of ceiling | server CPU µs/report |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let ceiling = runs.last().map(|(_, r)| r.rate).unwrap_or(1.0);
    for (name, r) in &runs {
        let share = r.rate / ceiling;
        println!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} | {share:.2} | {:.0} |",
            r.rate,
            r.p50,
            r.p99,
            r.errors,
            r.cpu_per_report()
        );
    }
    println!("\n{} clients, {} s each, {} devices", args.clients, args.seconds, args.devices);
    if rounds.len() > 1 {
        print_rounds(&rounds);
    }
}

/// Each round's figures, the embedded store beside the ceiling, and the median ratio.
fn print_rounds(rounds: &[(Result_, Result_)]) {
    println!("\n| round | reports/s | ceiling | of ceiling | server CPU µs/report | ceiling's µs/request |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut ratios = Vec::new();
    for (i, (sled, ceiling)) in rounds.iter().enumerate() {
        let ratio = sled.rate / ceiling.rate;
        ratios.push(ratio);
        let (cpu, ceiling_cpu) = (sled.cpu_per_report(), ceiling.cpu_per_report());
        println!("| {} | {:.0} | {:.0} | {ratio:.2} | {cpu:.0} | {ceiling_cpu:.0} |", i + 1, sled.rate, ceiling.rate);
    }
    ratios.sort_by(f64::total_cmp);
    let median = match ratios.len() % 2 {
        1 => ratios[ratios.len() / 2],
        _ => (ratios[ratios.len() / 2 - 1] + ratios[ratios.len() / 2]) / 2.0,
    };
    println!("\nmedian of {} rounds: {median:.2} of the ceiling", ratios.len());
}

/// The collector on PostgreSQL, then two collectors on that one database, when the peer is
/// installed.
fn postgres_runs(dir: &Path, args: &Args) -> Vec<(&'static str, Result_)> {
    let Some(pg) = peers::postgres() else { return Vec::new() };
    let start = |name: &str| {
        let data = dir.join(name);
        Collector::start_with(&data, &["--listen", "127.0.0.1:0", "--store", &pg.url_plain()])
    };
    let one = start("pg-one");
    let keys = enrolled(&one, &pg_token(&one, &pg.url_plain()), args.devices);
    let mut runs = vec![(
        "arsring-collector (PostgreSQL, committed per report)",
        load(&[target(&one)], &[one.pid()], &keys, args),
    )];
    let two = start("pg-two");
    let both = [target(&one), target(&two)];
    runs.push((
        "two collectors, one PostgreSQL (clients alternate)",
        load(&both, &[one.pid(), two.pid()], &keys, args),
    ));
    let reports = pg.sql("SELECT count(*) FROM reports");
    eprintln!("reports in PostgreSQL after both runs: {}", reports.trim());
    runs
}

/// The no-op server, this program run again as `noop`; killed when dropped.
struct NoopServer {
    child: std::process::Child,
    target: (String, std::path::PathBuf),
}

impl NoopServer {
    fn start(dir: &Path) -> NoopServer {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("noop")
            .arg(dir)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
        NoopServer { child, target: (line.trim().to_string(), dir.join("data/tls/ca.pem")) }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for NoopServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A collector's address and the CA it is reached with.
fn target(collector: &Collector) -> (String, std::path::PathBuf) {
    (collector.url.clone(), collector.ca.clone())
}

/// An agent token (an enrolment secret) kept in PostgreSQL, where the collectors of the
/// database look for it.
fn pg_token(collector: &Collector, store: &str) -> String {
    let out = std::process::Command::new(bin("arsring-collector"))
        .args(["token", "create", "--role", "agent", "--name", "bench", "--store", store, "--data-dir"])
        .arg(&collector.data_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "token create: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[derive(Clone, Copy)]
struct Result_ {
    rate: f64,
    count: usize,
    /// CPU time the server processes spent during the run (user + system).
    cpu_secs: f64,
    p50: f64,
    p99: f64,
    errors: usize,
}

impl Result_ {
    fn cpu_per_report(&self) -> f64 {
        self.cpu_secs * 1e6 / self.count as f64
    }
}

/// Each device of the run enrolled with `secret`, as an agent does on its first run: device
/// `d` (`Uuid::from_u128(d)`, from 1) reports with key `d - 1`, as the fleet's agents do.
fn enrolled(collector: &Collector, secret: &str, devices: u128) -> Arc<Vec<String>> {
    Arc::new((1..=devices).map(|d| collector.enrol(secret, Uuid::from_u128(d))).collect())
}

/// Every client posts as fast as it is answered, client `i` to `targets[i % targets.len()]`,
/// each report with its device's key.
fn load(targets: &[(String, std::path::PathBuf)], servers: &[u32], keys: &Arc<Vec<String>>, args: &Args) -> Result_ {
    let template = serde_json::to_string(&arsring_protocol::example_report(
        Uuid::from_u128(u128::MAX - 1),
        Uuid::from_u128(u128::MAX - 2),
        chrono::Utc::now() - chrono::Duration::minutes(1),
    ))
    .unwrap();
    let template = Arc::new(template);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let deadline = Instant::now() + Duration::from_secs(args.seconds);
        let mut tasks = Vec::new();
        for client_no in 0..args.clients {
            let (url, ca) = &targets[client_no % targets.len()];
            let client = client(ca);
            let (url, keys, template) = (format!("{url}/api/v1/reports"), keys.clone(), template.clone());
            let devices = args.devices;
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                let mut n: u128 = 0;
                while Instant::now() < deadline {
                    n += 1;
                    let report_id = arsring_protocol::new_report_id().to_string();
                    let device = (client_no as u128 * 7919 + n) % devices + 1;
                    let body = template
                        .replace(&Uuid::from_u128(u128::MAX - 1).to_string(), &report_id)
                        .replace(&Uuid::from_u128(u128::MAX - 2).to_string(), &Uuid::from_u128(device).to_string());
                    let key = &keys[device as usize - 1];
                    let started = Instant::now();
                    let response = client.post(&url).bearer_auth(key).body(body).send().await;
                    match response {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            latencies.push(started.elapsed());
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            }));
        }
        let started = Instant::now();
        let cpu_before: f64 = servers.iter().map(|&pid| cpu_seconds(pid)).sum();
        let mut all = Vec::new();
        let mut errors = 0;
        for t in tasks {
            let (l, e) = t.await.unwrap();
            all.extend(l);
            errors += e;
        }
        let elapsed = started.elapsed().as_secs_f64();
        let cpu_secs = servers.iter().map(|&pid| cpu_seconds(pid)).sum::<f64>() - cpu_before;
        all.sort();
        let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)].as_secs_f64() * 1000.0;
        Result_ { rate: all.len() as f64 / elapsed, count: all.len(), cpu_secs, p50: pct(0.50), p99: pct(0.99), errors }
    })
}

/// User and system CPU time of process `pid` so far, all its threads (`/proc/PID/stat`,
/// fields 14 and 15, in clock ticks: `sysconf(_SC_CLK_TCK)` a second).
fn cpu_seconds(pid: u32) -> f64 {
    // SAFETY: sysconf reads a constant of the system; it has no preconditions.
    let per_second = match unsafe { libc::sysconf(libc::_SC_CLK_TCK) } {
        n if n > 0 => n as f64,
        _ => 100.0,
    };
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) may hold spaces; the fields after it are plain numbers.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name.split_whitespace().skip(11).take(2).filter_map(|f| f.parse::<u64>().ok()).sum();
    ticks as f64 / per_second
}

/// One client per simulated agent: its own HTTP/1.1 keep-alive connection, like a fleet.
fn client(ca: &Path) -> reqwest::Client {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_pki_types::pem::PemObject::pem_file_iter(ca).unwrap() {
        let cert: rustls_pki_types::CertificateDer = cert.unwrap();
        roots.add(cert).unwrap();
    }
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    reqwest::Client::builder().use_preconfigured_tls(tls).http1_only().pool_max_idle_per_host(1).build().unwrap()
}

fn noop_server(dir: &Path) {
    let identity = arsring_collector::tls::identity(&dir.join("data"), None, &[]).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let app = Router::new()
            .route("/api/v1/reports", post(|_body: Bytes| async { (StatusCode::CREATED, "{\"status\":\"stored\"}") }))
            .layer(DefaultBodyLimit::max(arsring_protocol::MAX_REPORT_BYTES));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        println!("https://127.0.0.1:{}", addr.port());
        let config = axum_server::tls_rustls::RustlsConfig::from_config(identity.server_config);
        axum_server::from_tcp_rustls(listener, config).unwrap().serve(app.into_make_service()).await.unwrap();
    });
}
