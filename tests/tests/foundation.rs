//! Issue 2 end to end: real agent → real HTTPS collector → sled → API.

use std::path::Path;

use arsring_e2e::*;
use chrono::Utc;
use serde_json::{Value, json};
use uuid::Uuid;

fn example_body(report_id: u128, device_id: u128) -> Value {
    let at = Utc::now() - chrono::Duration::minutes(5);
    serde_json::to_value(arsring_protocol::example_report(Uuid::from_u128(report_id), Uuid::from_u128(device_id), at))
        .unwrap()
}

#[test]
fn agent_report_of_this_machine_is_readable_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("data"));
    let agent_token = collector.token("agent", "e2e-agent");
    let viewer = collector.token("viewer", "e2e-viewer");

    let out = agent_run_once(&collector.url, &agent_token, &collector.ca, &dir.path().join("agent"));
    assert!(out.status.success(), "agent failed: {}", String::from_utf8_lossy(&out.stderr));

    let list = collector.get_json("/api/v1/devices", &viewer);
    assert_eq!(list["count"], 1);
    let row = &list["devices"][0];
    assert_eq!(row["hostname"], read_host_file("/proc/sys/kernel/hostname"));
    assert_eq!(row["kernel"], read_host_file("/proc/sys/kernel/osrelease"));
    let cpus = std::thread::available_parallelism().unwrap().get();
    assert_eq!(row["cpu_threads"], cpus);
    assert!(row["memory_bytes"].as_u64().unwrap() > 0);

    let id = row["device_id"].as_str().unwrap();
    let detail = collector.get_json(&format!("/api/v1/devices/{id}"), &viewer);
    let server = &detail["report"]["device"];
    let os_release = read_host_file("/etc/os-release");
    let os_id = os_release.lines().find_map(|l| l.strip_prefix("ID=")).unwrap().trim_matches('"');
    assert_eq!(server["os"]["id"], os_id);
    assert!(!server["hardware"]["platform"]["source"].as_str().unwrap().is_empty());
    let block_devices =
        std::fs::read_dir("/sys/block").unwrap().filter(|e| e.as_ref().unwrap().path().join("device").exists()).count();
    assert!(server["hardware"]["disks"].as_array().unwrap().len() <= block_devices);
    // Patch level is either counted or explicitly unknown with a reason, never a silent zero.
    let updates = &server["patch"]["updates"];
    match updates["status"].as_str().unwrap() {
        "known" => {
            assert!(updates["pending"].is_u64() && !updates["source"].as_str().unwrap().is_empty())
        }
        "unknown" => assert!(!updates["reason"].as_str().unwrap().is_empty()),
        other => panic!("unexpected patch status {other}"),
    }
    assert_eq!(detail["history"].as_array().unwrap().len(), 1, "first report starts the history");
    assert_eq!(detail["history"][0]["first"], true);

    // The CSV answers the same list.
    let csv = collector.get("/api/v1/devices?format=csv", &viewer).text().unwrap();
    assert!(csv.starts_with("device_id,kind,hostname"));
    assert!(csv.contains(id));

    // A second report of the same machine updates it rather than adding a device.
    let out = agent_run_once(&collector.url, &agent_token, &collector.ca, &dir.path().join("agent"));
    assert!(out.status.success());
    assert_eq!(collector.get_json("/api/v1/devices", &viewer)["count"], 1);
    let summary = collector.get_json("/api/v1/summary", &viewer);
    assert_eq!(summary["servers"]["total"], 1);
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"stored\"}"), 2.0);
}

/// The second scheduled run reuses the package manager's answer (nothing changed between
/// the runs) and says when it was given; a changed input makes the next run ask again.
#[test]
fn a_scheduled_run_reuses_the_package_managers_answer_while_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("data"));
    let (agent_token, viewer) = (collector.token("agent", "a"), collector.token("viewer", "v"));
    let state = dir.path().join("agent");
    let time = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().expect("a time")).unwrap();
    let run = || {
        let out = agent_run_once(&collector.url, &agent_token, &collector.ca, &state);
        assert!(out.status.success(), "agent failed: {}", String::from_utf8_lossy(&out.stderr));
        let list = collector.get_json("/api/v1/devices", &viewer);
        let id = list["devices"][0]["device_id"].as_str().unwrap().to_string();
        let report = collector.get_json(&format!("/api/v1/devices/{id}"), &viewer)["report"].clone();
        let updates = report["device"]["patch"]["updates"].clone();
        (updates, time(&report["collected_at"]))
    };
    let (first, _) = run();
    if first["status"] != "known" {
        // Nothing to reuse: an answer that failed is asked again every run.
        eprintln!("SKIPPED reuse: this machine's package manager gave no answer: {first}");
        assert!(!state.join("patch.json").exists(), "a failed answer is not kept");
        return;
    }
    let asked = time(&first["checked_at"]);
    let (second, collected) = run();
    assert_eq!(second, first, "the same answer, with the time it was given");
    assert!(asked < collected, "older than the report that carries it");

    // Another dpkg status, rpm database… than the kept answer's: asked again.
    let kept = state.join("patch.json");
    let mut saved: Value = serde_json::from_slice(&std::fs::read(&kept).unwrap()).unwrap();
    saved["fingerprint"][0]["seen"] = Value::Null;
    std::fs::write(&kept, saved.to_string()).unwrap();
    let (third, _) = run();
    assert!(time(&third["checked_at"]) > asked, "asked again: {third}");
}

#[test]
fn a_resent_report_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path());
    let secret = collector.token("agent", "a");
    let agent = collector.enrol(&secret, Uuid::from_u128(22));
    let viewer = collector.token("viewer", "v");
    let body = example_body(11, 22).to_string();

    let first = collector.post_report(body.clone(), Some(&agent));
    assert_eq!(first.status(), 201);
    let again = collector.post_report(body, Some(&agent));
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().unwrap()["status"], "duplicate");

    let detail = collector.get_json(&format!("/api/v1/devices/{}", Uuid::from_u128(22)), &viewer);
    assert_eq!(detail["history"].as_array().unwrap().len(), 1);
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"stored\"}"), 1.0);
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"duplicate\"}"), 1.0);
}

#[test]
fn collector_down_report_spooled_then_delivered_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let state = dir.path().join("agent");
    let collector = Collector::start(&data);
    let (agent, viewer) = (collector.token("agent", "a"), collector.token("viewer", "v"));
    let (url, addr, ca) = (collector.url.clone(), collector.addr, collector.ca.clone());
    collector.stop();

    let out = agent_run_once(&url, &agent, &ca, &state);
    assert_eq!(out.status.code(), Some(3), "exit 3 = spooled: {}", String::from_utf8_lossy(&out.stderr));
    let spooled: Vec<_> = std::fs::read_dir(state.join("spool")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(spooled.len(), 1);
    let spooled_id = spooled[0].to_str().unwrap().split_once('-').unwrap().1.trim_end_matches(".json").to_string();

    let collector = Collector::start_on(&data, addr);
    let out = agent_run_once(&url, &agent, &ca, &state);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(state.join("spool")).unwrap().count(), 0, "spool drained");

    // Both reports stored, the spooled one first, nothing twice.
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"stored\"}"), 2.0);
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"duplicate\"}"), 0.0);
    let device =
        collector.get_json("/api/v1/devices", &viewer)["devices"][0]["device_id"].as_str().unwrap().to_string();
    let history = collector.get_json(&format!("/api/v1/devices/{device}"), &viewer)["history"].clone();
    assert_eq!(history[0]["report_id"], spooled_id);

    // Running again with an empty spool sends exactly one more.
    let out = agent_run_once(&url, &agent, &ca, &state);
    assert!(out.status.success());
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"stored\"}"), 3.0);
}

#[test]
fn roles_are_checked_on_every_route() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path());
    let agent = collector.token("agent", "a");
    let viewer = collector.token("viewer", "v");
    let admin = collector.token("admin", "root");
    let body = example_body(1, 2).to_string();

    assert_eq!(collector.client().get(format!("{}/healthz", collector.url)).checked().unwrap().status(), 200);
    let no_token = collector.post_report(body.clone(), None);
    assert_eq!(no_token.status(), 401);
    assert_eq!(no_token.headers()["www-authenticate"], "Bearer");
    assert_eq!(collector.post_report(body.clone(), Some("ars_not_a_token")).status(), 401);
    assert_eq!(collector.post_report(body.clone(), Some(&viewer)).status(), 403);
    for path in ["/api/v1/devices", "/api/v1/summary", "/metrics", "/api/v1/devices?format=csv"] {
        assert_eq!(
            collector.client().get(format!("{}{path}", collector.url)).checked().unwrap().status(),
            401,
            "{path}"
        );
        assert_eq!(collector.get(path, &agent).status(), 403, "agent reading {path}");
        assert_eq!(collector.get(path, &viewer).status(), 200, "viewer reading {path}");
        assert_eq!(collector.get(path, &admin).status(), 200, "admin reading {path}");
    }
    assert_eq!(collector.post_report(body, Some(&admin)).status(), 201);

    // Revoking works while the collector runs.
    let out = arsring_e2e::collector_command(dir.path())
        .args(["token", "revoke", "v", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(collector.get("/api/v1/devices", &viewer).status(), 401);
}

// Long on purpose: one table of bad bodies against one running collector, then one check that
// nothing of them was stored.
#[test]
fn bad_bodies_are_refused_with_the_field_named_and_nothing_stored() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path());
    let secret = collector.token("agent", "a");
    let agent = collector.enrol(&secret, Uuid::from_u128(6));
    let viewer = collector.token("viewer", "v");
    let valid = example_body(5, 6);
    let with = |pointer: &str, value: Value| {
        let mut body = valid.clone();
        *body.pointer_mut(pointer).unwrap() = value;
        body.to_string()
    };
    let without = |parent: &str, key: &str| {
        let mut body = valid.clone();
        body.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key);
        body.to_string()
    };
    let too_big = format!("{{\"schema_version\":1,\"pad\":\"{}\"}}", "x".repeat(1024 * 1024));
    let cases: Vec<(&str, String, u16, &str)> = vec![
        ("malformed JSON", "{\"schema_version\": 1,".into(), 400, ""),
        ("not an object", "[1,2,3]".into(), 400, ""),
        ("unknown schema version", with("/schema_version", json!(99)), 422, "schema_version"),
        ("missing field", without("/device/identity", "hostname"), 422, "device.identity"),
        ("wrong type", with("/device/hardware/memory_bytes", json!("a lot")), 422, "device.hardware.memory_bytes"),
        (
            "negative size",
            with("/device/hardware/disks/0/size_bytes", json!(-5)),
            422,
            "device.hardware.disks[0].size_bytes",
        ),
        ("future date", with("/collected_at", json!("2099-01-01T00:00:00Z")), 422, "collected_at"),
        (
            "absurd ratio",
            with("/device/utilisation/cpu_busy_ratio", json!(7.5)),
            422,
            "device.utilisation.cpu_busy_ratio",
        ),
        ("unknown kind", with("/device/kind", json!("toaster")), 422, "device.kind"),
        ("over 1 MiB", too_big, 413, ""),
    ];
    for (what, body, status, field) in cases {
        let response = collector.post_report(body, Some(&agent));
        assert_eq!(response.status().as_u16(), status, "{what}");
        let error: Value = response.json().unwrap_or_else(|e| panic!("{what}: error body is not JSON: {e}"));
        assert_eq!(error["error"]["field"], field, "{what}: {error}");
        assert!(!error["error"]["message"].as_str().unwrap().is_empty(), "{what}");
    }
    assert_eq!(collector.get_json("/api/v1/devices", &viewer)["count"], 0, "nothing stored");
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"stored\"}"), 0.0);
    assert_eq!(collector.metric(&viewer, "arsring_reports_total{outcome=\"rejected\"}"), 10.0);
    // Still serving, and a valid report still goes in.
    assert_eq!(collector.post_report(valid.to_string(), Some(&agent)).status(), 201);
}

#[test]
fn plain_http_is_refused_off_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin("arsring-collector"))
        .args(["serve", "--insecure-http", "--listen", "0.0.0.0:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("insecure_http"));
}

#[test]
fn agent_collect_prints_a_valid_report_without_network() {
    let dir = tempfile::tempdir().unwrap();
    let out = agent(&["--state-dir", dir.path().to_str().unwrap(), "collect"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = arsring_protocol::decode_report(&out.stdout, Utc::now()).expect("collect output is a valid report");
    assert_eq!(report.schema_version, arsring_protocol::SCHEMA_VERSION);
    let arsring_protocol::Device::Server(server) = &report.device else { panic!("a server report") };
    let addresses = server.identity.addresses.as_ref().expect("the interface list is read");
    assert!(addresses.iter().all(|a| !a.address.is_loopback()), "{addresses:?}");
    assert_eq!(std::fs::read_dir(dir.path()).map(|d| d.count()).unwrap_or(0), 0, "collect writes no state");
}

#[test]
fn daemon_reports_on_its_cron_schedule_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("data"));
    let agent_token = collector.token("agent", "daemon");
    let viewer = collector.token("viewer", "v");
    let config = dir.path().join("agent.toml");
    std::fs::write(
        &config,
        collector.agent_config(&agent_token, &dir.path().join("state"))
            + "schedule = \"*/2 * * * * *\"\njitter_secs = 0\n[tags]\nsite = \"dc-test\"\n",
    )
    .unwrap();
    let mut daemon = std::process::Command::new(bin("arsring-agent"))
        .args(["--config", config.to_str().unwrap(), "run"])
        .env("ARSRING_LOG", "warn")
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while collector.metric(&viewer, "arsring_reports_total{outcome=\"stored\"}") < 2.0 {
        assert!(std::time::Instant::now() < deadline, "the daemon did not report twice within 60 s");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(daemon.id() as i32, libc::SIGTERM) };
    let status = daemon.wait().unwrap();
    assert_eq!(status.code(), Some(0), "clean exit on SIGTERM");
    let devices = collector.get_json("/api/v1/devices?site=dc-test", &viewer);
    assert_eq!(devices["count"], 1, "tags from agent.toml reach the collector");
}

/// The README's run command: a collector with TLS holding a real report of this machine.
#[test]
fn quickstart_serves_a_report_of_this_machine() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url, tokens) = quickstart(dir.path(), &[]);
    let client = https_client(&dir.path().join("tls/ca.pem"));
    let devices: Value =
        client.get(format!("{url}/api/v1/devices")).bearer_auth(&tokens.0).checked().unwrap().json().unwrap();
    assert_eq!(devices["count"], 1);
    assert_eq!(devices["devices"][0]["hostname"], read_host_file("/proc/sys/kernel/hostname"));
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn quickstart_demo_fills_every_register_and_the_dashboard_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url, (viewer, admin)) = quickstart(dir.path(), &["--demo"]);
    let client = https_client(&dir.path().join("tls/ca.pem"));
    let get = |path: &str| -> Value {
        let response = client.get(format!("{url}{path}")).bearer_auth(&viewer).checked().unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.json().unwrap()
    };
    let first = get("/api/v1/devices");
    assert_eq!(first["count"], 601, "this machine and 600 demo devices");
    assert_eq!(first["devices"].as_array().unwrap().len(), 500, "a page");
    let every = all_devices(&client, &url, &viewer, "");
    let ids: std::collections::BTreeSet<&str> = every.iter().map(|d| d["device_id"].as_str().unwrap()).collect();
    assert_eq!((every.len(), ids.len()), (601, 601), "every device once, following `next`");
    assert!(get("/api/v1/lifecycle/catalogue")["count"].as_u64().unwrap() > 0);
    assert!(get("/api/v1/assets")["count"].as_u64().unwrap() > 0);
    assert!(get("/api/v1/lifecycle/eol")["count"].as_u64().unwrap() > 0, "release cycles from the snapshot");
    assert!(get("/api/v1/costs/report")["report"]["grand_total"].as_i64().unwrap() > 0);
    // Servers with a release cycle get an OS end of life, not "unknown".
    let items = get("/api/v1/lifecycle/items?category=server");
    let decided_by_os =
        items["items"].as_array().unwrap().iter().any(|i| i.to_string().contains(": security support ends"));
    assert!(decided_by_os, "no server was assessed against a release cycle");
    // The printed admin token opens the dashboard.
    let no_redirect = https_client_builder(&dir.path().join("tls/ca.pem"))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = no_redirect
        .post(format!("{url}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={admin}&next=/heatmap"))
        .send()
        .unwrap();
    assert_eq!(login.status(), 303);
    assert_eq!(login.headers()["location"], "/heatmap");
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// Starts `quickstart` on a free port and reads the URL and the (viewer, admin) tokens it prints.
fn quickstart(dir: &Path, extra: &[&str]) -> (std::process::Child, String, (String, String)) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(bin("arsring-collector"))
        .args(["quickstart", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .args(extra)
        .env("ARSRING_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (mut url, mut viewer, mut admin) = (None, None, None);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(u) = line.strip_prefix("Årsring collector is running at ") {
            url = Some(u.trim().to_string());
        }
        if let Some(t) = line.trim().strip_prefix("viewer token") {
            viewer = Some(t.trim().to_string());
        }
        if let Some(t) = line.trim().strip_prefix("admin token") {
            admin = Some(t.trim().to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    std::thread::spawn(move || lines.for_each(drop));
    let tokens = (viewer.expect("viewer token printed"), admin.expect("admin token printed"));
    (child, url.expect("URL printed"), tokens)
}
