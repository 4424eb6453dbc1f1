//! Each device speaks only for itself, end to end with the real agent: it enrols once with
//! the shared secret, reports with its own key (kept 0600), and nobody else's key or the
//! shared secret can write its inventory. Revoking takes effect at once; re-enrolling a
//! device is an administrator's decision, never silent.

use std::os::unix::fs::PermissionsExt;

use arsring_e2e::Checked;
use arsring_e2e::{Collector, agent_run_once, collector_cli, collector_cli_ok};
use serde_json::Value;

fn code(out: &std::process::Output) -> Option<i32> {
    out.status.code()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_agent_enrols_once_and_its_device_is_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let state = dir.path().join("agent");
    let collector = Collector::start(&data);
    let (secret, viewer) = (collector.token("agent", "enrolment"), collector.token("viewer", "auditor"));

    let first = agent_run_once(&collector.url, &secret, &collector.ca, &state);
    assert_eq!(code(&first), Some(0), "{}", stderr(&first));
    let key_file = state.join("key-agent.json");
    assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600, "the key is 0600");
    let key: Value = serde_json::from_slice(&std::fs::read(&key_file).unwrap()).unwrap();
    let credential = key["credential_id"].as_str().unwrap().to_string();
    let device =
        collector.get_json("/api/v1/devices", &viewer)["devices"][0]["device_id"].as_str().unwrap().to_string();
    let history = collector.get_json(&format!("/api/v1/devices/{device}"), &viewer)["history"].clone();
    assert_eq!(history[0]["by"], credential.as_str(), "the history says which key wrote it");

    // The shared secret cannot report; another enrolment for this device is refused.
    let mut spoof = arsring_protocol::example_report(uuid::Uuid::new_v4(), device.parse().unwrap(), chrono::Utc::now());
    let arsring_protocol::Device::Server(s) = &mut spoof.device else { unreachable!() };
    s.hardware.cpu.threads = 1;
    let body = serde_json::to_vec(&spoof).unwrap();
    assert_eq!(collector.post_report(body.clone(), Some(&secret)).status(), 403);
    let other = collector
        .client()
        .post(format!("{}/api/v1/enrol", collector.url))
        .bearer_auth(&secret)
        .header("content-type", "application/json")
        .body(format!(r#"{{"kind":"agent","device_id":"{device}","name":"impostor"}}"#))
        .checked()
        .unwrap();
    assert_eq!(other.status(), 409, "a device is never re-enrolled silently");
    // Another device's key cannot write this device either.
    let thief = collector.enrol(&secret, uuid::Uuid::from_u128(99));
    assert_eq!(collector.post_report(body, Some(&thief)).status(), 403);
    let row = collector.get_json(&format!("/api/v1/devices/{device}"), &viewer)["device"].clone();
    assert_ne!(row["cpu_threads"], 1, "nothing of the spoofed reports was stored");
    assert_eq!(
        code(&agent_run_once(&collector.url, &secret, &collector.ca, &state)),
        Some(0),
        "the owner still reports"
    );

    // Revoked: refused at once, exit 4 (rejected, not 3: a retry would not help), nothing spooled.
    collector_cli_ok(&data, &["credentials", "revoke", &credential]);
    let refused = agent_run_once(&collector.url, &secret, &collector.ca, &state);
    assert_eq!(code(&refused), Some(4), "{}", stderr(&refused));
    assert_eq!(std::fs::read_dir(state.join("spool")).unwrap().count(), 0);
    // Enrolling again is refused until an administrator resets the device's identity.
    let again = agent_run_once(&collector.url, &secret, &collector.ca, &state);
    assert_eq!(code(&again), Some(4));
    assert!(stderr(&again).contains("reset-identity"), "{}", stderr(&again));
    let list = collector_cli(&data, &["credentials", "list", "--format", "json"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains(&credential));
    collector_cli_ok(&data, &["devices", "reset-identity", &device]);
    let back = agent_run_once(&collector.url, &secret, &collector.ca, &state);
    assert_eq!(code(&back), Some(0), "{}", stderr(&back));
    let fresh: Value = serde_json::from_slice(&std::fs::read(&key_file).unwrap()).unwrap();
    assert_ne!(fresh["credential_id"], credential.as_str(), "a new key");
}
