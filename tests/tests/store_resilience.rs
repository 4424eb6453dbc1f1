//! The store when things go wrong, with the real binaries over real HTTPS:
//!
//! - a collector killed with SIGKILL while eight clients post as fast as they can has lost
//!   no report it acknowledged, and stored none twice, when it starts again (on the suite's
//!   engine: sled, or PostgreSQL under `ARSRING_TEST_STORE=postgres`);
//! - two collectors on one PostgreSQL database, behind a client that alternates between
//!   them, keep one inventory: a token, an enrolment, a report or a re-send through either
//!   one counts on both, and both answer alike;
//! - PostgreSQL stopped under a running collector: the collector answers 503 (its health
//!   check too), the agent spools, and once the database is back every report lands exactly
//!   once, in the order it was collected.
//!
//! Each report changes a fact (a kernel version, a site tag), so that each stored report is
//! one entry of its device's history: the history is the record of what was stored.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use arsring_e2e::peers;
use arsring_e2e::*;
use chrono::{DateTime, Utc};
use reqwest::blocking::Client;
use serde_json::Value;
use uuid::Uuid;

/// Device `d`'s id; its reports' ids are the same with the low bits set (never zero).
fn device(d: usize) -> Uuid {
    Uuid::from_u128((d as u128 + 1) << 64)
}

/// Report `n` of `device`: collected `n` seconds after `t0`, on a kernel of its own.
fn numbered_report(device: Uuid, n: usize, t0: DateTime<Utc>) -> (Uuid, String) {
    let id = Uuid::from_u128(device.as_u128() | (n as u128 + 1));
    let mut report = arsring_protocol::example_report(id, device, t0 + chrono::Duration::seconds(n as i64));
    let arsring_protocol::Device::Server(server) = &mut report.device else { unreachable!("a server report") };
    server.os.kernel = Some(kernel(n).into());
    (id, serde_json::to_string(&report).unwrap())
}

fn kernel(n: usize) -> String {
    format!("6.1.0-{n}-amd64")
}

/// `POST /api/v1/reports` with `key`: the status and the receipt's `status` (`stored`,
/// `duplicate`), or the transport error when no answer came.
fn post(client: &Client, url: &str, key: &str, body: &str) -> reqwest::Result<(u16, String)> {
    let response = client
        .post(format!("{url}/api/v1/reports"))
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .checked()?;
    let status = response.status().as_u16();
    let receipt: Value = response.json().unwrap_or(Value::Null);
    Ok((status, receipt["status"].as_str().unwrap_or_default().to_string()))
}

/// A device's history, oldest first.
fn history_of(collector: &Collector, viewer: &str, device: Uuid) -> Vec<Value> {
    let detail = collector.get_json(&format!("/api/v1/devices/{device}"), viewer);
    detail["history"].as_array().unwrap().clone()
}

fn ids(history: &[Value]) -> Vec<Uuid> {
    history.iter().map(|h| h["report_id"].as_str().unwrap().parse().unwrap()).collect()
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn health(collector: &Collector) -> u16 {
    collector.client().get(format!("{}/healthz", collector.url)).checked().unwrap().status().as_u16()
}

// 1. A collector killed under load.

const CLIENTS: usize = 8;
/// Enough for a few seconds' load; `t0` is far enough back that none is dated in the future.
const MAX_PER_CLIENT: usize = 5000;

/// What one client saw: the reports acknowledged (201), in order, and the one it was sending
/// when the connection broke (stored or not: either is right).
struct Sent {
    device: Uuid,
    key: String,
    acked: Vec<(Uuid, String)>,
    unanswered: Option<(Uuid, String)>,
    /// Any other answer to a new report: there should be none.
    other: Option<u16>,
}

/// Posts new reports of `device` one after the other until the collector stops answering.
fn post_until_refused(url: &str, ca: &Path, device: Uuid, key: String, t0: DateTime<Utc>) -> Sent {
    let client = https_client(ca);
    let mut sent = Sent { device, key, acked: Vec::new(), unanswered: None, other: None };
    for n in 0..MAX_PER_CLIENT {
        let (id, body) = numbered_report(device, n, t0);
        match post(&client, url, &sent.key, &body) {
            Ok((201, _)) => sent.acked.push((id, body)),
            Ok((status, _)) => sent.other = Some(status),
            Err(_) => sent.unanswered = Some((id, body)),
        }
        if sent.other.is_some() || sent.unanswered.is_some() {
            break;
        }
    }
    sent
}

/// The restarted collector holds every acknowledged report once, in order, and nothing
/// else but (perhaps) the one in flight; re-sent, each is a duplicate. Whether the one in
/// flight was stored.
fn check_after_restart(collector: &Collector, viewer: &str, sent: &Sent) -> bool {
    let history = ids(&history_of(collector, viewer, sent.device));
    let acked: Vec<Uuid> = sent.acked.iter().map(|(id, _)| *id).collect();
    assert!(
        history.starts_with(&acked),
        "device {}: {} acknowledged, history holds {} (first difference at {:?})",
        sent.device,
        acked.len(),
        history.len(),
        acked.iter().zip(&history).position(|(a, h)| a != h)
    );
    let in_flight = sent.unanswered.as_ref().map(|(id, _)| *id);
    let rest = &history[acked.len()..];
    assert!(rest.is_empty() || rest == [in_flight.unwrap()], "device {}: more than was sent: {rest:?}", sent.device);
    let client = collector.client();
    for (id, body) in &sent.acked {
        let answer = post(&client, &collector.url, &sent.key, body).unwrap();
        assert_eq!(answer, (200, "duplicate".to_string()), "acknowledged report {id} re-sent");
    }
    if let Some((id, body)) = &sent.unanswered {
        let expected = if rest.is_empty() { (201, "stored") } else { (200, "duplicate") };
        let answer = post(&client, &collector.url, &sent.key, body).unwrap();
        assert_eq!((answer.0, answer.1.as_str()), expected, "the report in flight ({id}), re-sent");
    }
    !rest.is_empty()
}

#[test]
fn a_collector_killed_under_load_loses_no_acknowledged_report() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let collector = Collector::start(&data);
    let (secret, viewer) = (collector.token("agent", "load"), collector.token("viewer", "v"));
    let t0 = Utc::now() - chrono::Duration::hours(3);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|d| {
            let (url, ca, key) = (collector.url.clone(), collector.ca.clone(), collector.enrol(&secret, device(d)));
            std::thread::spawn(move || post_until_refused(&url, &ca, device(d), key, t0))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    collector.kill9();
    let sent: Vec<Sent> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let acked: usize = sent.iter().map(|s| s.acked.len()).sum();
    let in_flight = sent.iter().filter(|s| s.unanswered.is_some()).count();
    eprintln!("{acked} reports acknowledged before SIGKILL, {in_flight} in flight ({})", engine::name());
    for s in &sent {
        assert_eq!(s.other, None, "device {}: a new report answered other than 201", s.device);
        assert!(!s.acked.is_empty() && s.unanswered.is_some(), "device {}: not killed under load", s.device);
    }

    let collector = Collector::start(&data);
    let stored_in_flight = std::thread::scope(|scope| {
        let checks: Vec<_> = sent.iter().map(|s| scope.spawn(|| check_after_restart(&collector, &viewer, s))).collect();
        checks.into_iter().map(|c| c.join().unwrap()).filter(|stored| *stored).count()
    });
    eprintln!("all {acked} there once each; {stored_in_flight} of the {in_flight} in flight stored too");
    eprintln!("whole test {:?}", started.elapsed());
}

// 2. Two collectors on one PostgreSQL database.

/// A collector on the PostgreSQL store `url` (given on the command line, so it wins over
/// the suite's own engine).
fn on_store(data_dir: &Path, url: &str) -> Collector {
    Collector::start_with(data_dir, &["--listen", "127.0.0.1:0", "--store", url])
}

/// `arsring-collector token create` for the collector at `data_dir` on the store `url`.
fn token_on_store(data_dir: &Path, url: &str, role: &str) -> String {
    let out = Command::new(bin("arsring-collector"))
        .env("ARSRING_LOG", "warn")
        .env_remove("ARSRING_STORE_URL")
        .args(["token", "create", "--role", role, "--name", role, "--store", url, "--data-dir"])
        .arg(data_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "token create: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Odd, so that each device's reports alternate between the two collectors.
const DEVICES: usize = 5;
const REPORTS: usize = 40;

/// What both collectors answer about the inventory, once each has caught up.
fn inventory(collector: &Collector, viewer: &str) -> Vec<Value> {
    let mut answers = all_devices(&collector.client(), &collector.url, viewer, "");
    for d in 0..DEVICES {
        answers.push(collector.get_json(&format!("/api/v1/devices/{}", device(d)), viewer));
    }
    answers
}

#[test]
fn two_collectors_behind_an_alternating_client_serve_one_inventory() {
    let started = Instant::now();
    let Some(pg) = peers::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let url = pg.url_plain();
    let both = [0, 1].map(|i| on_store(&dir.path().join(format!("collector-{i}")), &url));
    let token = |role| token_on_store(&both[0].data_dir, &url, role);
    let (secret, viewer) = (token("agent"), token("viewer"));
    // Secret made through the first, devices enrolled through either: keys and tokens live
    // in the database.
    let keys: Vec<String> = (0..DEVICES).map(|d| both[(d + 1) % 2].enrol(&secret, device(d))).collect();
    // A key enrolled through one collector works through the other at once, before the
    // notification of it arrives there (a 401 would make the agent forget its key).
    let clients = [both[0].client(), both[1].client()];
    let t0 = Utc::now() - chrono::Duration::hours(1);
    for k in 0..20 {
        let (through, used) = (k % 2, 1 - k % 2);
        let fresh = device(100 + k);
        let key = both[through].enrol(&secret, fresh);
        let (_, body) = numbered_report(fresh, 0, t0);
        let answer = post(&clients[used], &both[used].url, &key, &body).unwrap();
        assert_eq!(answer, (201, "stored".to_string()), "a key from collector {through}, at once on {used}");
    }

    // Report n goes to collector n % 2, so each device's reports alternate between them.
    let mut expected: Vec<Vec<Uuid>> = vec![Vec::new(); DEVICES];
    for n in 0..REPORTS {
        let d = n % DEVICES;
        let (id, body) = numbered_report(device(d), n, t0);
        let (one, other) = (n % 2, 1 - n % 2);
        let answer = post(&clients[one], &both[one].url, &keys[d], &body).unwrap();
        assert_eq!(answer, (201, "stored".to_string()), "report {n} through collector {one}");
        if n % 3 == 0 {
            let again = post(&clients[other], &both[other].url, &keys[d], &body).unwrap();
            assert_eq!(again, (200, "duplicate".to_string()), "report {n} re-sent through collector {other}");
        }
        expected[d].push(id);
    }

    for (i, c) in both.iter().enumerate() {
        for (d, expected) in expected.iter().enumerate() {
            let history = history_of(c, &viewer, device(d));
            assert_eq!(&ids(&history), expected, "collector {i}, device {d}: every report once, in order");
            // Each diffed against the report the other collector stored just before.
            for (k, entry) in history.iter().enumerate().skip(1) {
                let changes = entry["changes"].as_array().unwrap();
                let change = changes.iter().find(|c| c["field"] == "os.kernel").expect("the kernel changed");
                let (from, to) = (kernel((k - 1) * DEVICES + d), kernel(k * DEVICES + d));
                assert_eq!((change["from"].as_str(), change["to"].as_str()), (Some(&*from), Some(&*to)));
            }
        }
    }
    // The latest state comes from each collector's memory, kept up by the other's notices.
    let answers = || [inventory(&both[0], &viewer), inventory(&both[1], &viewer)];
    wait_until("the same inventory through both", Duration::from_secs(10), || {
        let [one, two] = answers();
        one == two
    });
    let [answer, _] = answers();
    assert_eq!(answer.len(), 20 + 2 * DEVICES, "{} devices listed, {DEVICES} read", 20 + DEVICES);
    for (d, detail) in answer[20 + DEVICES..].iter().enumerate() {
        assert_eq!(detail["report"]["report_id"], expected[d].last().unwrap().to_string(), "device {d}'s latest");
    }
    eprintln!("whole test {:?}", started.elapsed());
}

// 3. PostgreSQL stopped under a running collector.

/// `arsring-agent run --once` against `collector`, its report tagged `site = run-<n>`; the
/// exit code (0 delivered, 3 spooled).
fn agent_run(collector: &Collector, secret: &str, state: &Path, n: usize) -> Option<i32> {
    let config = state.with_extension(format!("run-{n}.toml"));
    std::fs::write(&config, format!("[tags]\nsite = \"run-{n}\"\n")).unwrap();
    let (ca, state_dir) = (collector.ca.to_str().unwrap(), state.to_str().unwrap());
    let out = agent(&[
        "--config",
        config.to_str().unwrap(),
        "--collector",
        &collector.url,
        "--token",
        secret,
        "--ca",
        ca,
        "--state-dir",
        state_dir,
        "run",
        "--once",
    ]);
    eprintln!("agent run {n}: {:?} {}", out.status.code(), String::from_utf8_lossy(&out.stderr).trim());
    out.status.code()
}

/// The agent's spool, oldest first: each report's id and body.
fn spool(state: &Path) -> Vec<(Uuid, String)> {
    let mut files: Vec<_> = std::fs::read_dir(state.join("spool")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let id = |p: &Path| p.file_stem().unwrap().to_str().unwrap().split_once('-').unwrap().1.parse().unwrap();
    files.iter().map(|p| (id(p), std::fs::read_to_string(p).unwrap())).collect()
}

/// The key the agent enrolled for (`key-agent.json` in its state directory).
fn agent_key(state: &Path) -> String {
    let key: Value = serde_json::from_slice(&std::fs::read(state.join("key-agent.json")).unwrap()).unwrap();
    key["key"].as_str().unwrap().to_string()
}

/// The `site` tag each history entry set, oldest first.
fn sites(history: &[Value]) -> Vec<String> {
    let site = |h: &Value| {
        let changes = h["changes"].as_array().unwrap();
        changes.iter().find(|c| c["field"] == "tags.site").map(|c| c["to"].as_str().unwrap().to_string())
    };
    history.iter().map(|h| site(h).unwrap_or_else(|| panic!("no site change in {h}"))).collect()
}

#[test]
fn postgres_stopped_during_a_run_agents_spool_and_every_report_lands_once() {
    let started = Instant::now();
    let Some(mut pg) = peers::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let url = pg.url_plain();
    let collector = on_store(&dir.path().join("data"), &url);
    let (secret, viewer) =
        (token_on_store(&collector.data_dir, &url, "agent"), token_on_store(&collector.data_dir, &url, "viewer"));
    let state = dir.path().join("agent");
    assert_eq!(agent_run(&collector, &secret, &state, 1), Some(0), "delivered with PostgreSQL up");
    let device: Uuid =
        collector.get_json("/api/v1/devices", &viewer)["devices"][0]["device_id"].as_str().unwrap().parse().unwrap();

    pg.stop();
    assert_eq!(health(&collector), 503, "healthz with PostgreSQL stopped");
    assert_eq!(agent_run(&collector, &secret, &state, 2), Some(3), "exit 3 = spooled");
    assert_eq!(agent_run(&collector, &secret, &state, 3), Some(3), "exit 3 = spooled");
    let spooled = spool(&state);
    assert_eq!(spooled.len(), 2, "both reports spooled");
    // The collector's own answer, which the agent would also spool on were it a 500.
    let answer = post(&collector.client(), &collector.url, &agent_key(&state), &spooled[0].1).unwrap();
    assert_eq!(answer.0, 503, "a report while PostgreSQL is stopped");
    assert_eq!(health(&collector), 503);

    pg.start();
    wait_until("healthz 200 after PostgreSQL started", Duration::from_secs(30), || health(&collector) == 200);
    assert_eq!(agent_run(&collector, &secret, &state, 4), Some(0), "spool drained, new report delivered");
    assert!(spool(&state).is_empty(), "spool drained");
    let history = history_of(&collector, &viewer, device);
    assert_eq!(sites(&history), ["run-1", "run-2", "run-3", "run-4"], "every report once, in order");
    let stored = ids(&history);
    assert_eq!(&stored[1..3], [spooled[0].0, spooled[1].0], "the spooled reports, as spooled");
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"stored\"}"), 4.0);
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"duplicate\"}"), 0.0);
    for (id, body) in &spooled {
        let again = post(&collector.client(), &collector.url, &agent_key(&state), body).unwrap();
        assert_eq!(again, (200, "duplicate".to_string()), "spooled report {id} re-sent");
    }

    // Running again with an empty spool sends exactly one more.
    assert_eq!(agent_run(&collector, &secret, &state, 5), Some(0));
    assert_eq!(sites(&history_of(&collector, &viewer, device)), ["run-1", "run-2", "run-3", "run-4", "run-5"]);
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"stored\"}"), 5.0);
    eprintln!("whole test {:?}", started.elapsed());
}
