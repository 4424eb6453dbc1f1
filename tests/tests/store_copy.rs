//! The store in its portable form, end to end with the real binary: `store backup` of a
//! running collector, `store restore` into an empty data directory (or into PostgreSQL when
//! the suite runs there), and `store migrate` of a stopped embedded store into PostgreSQL,
//! each compared table by table (rows and checksum) with what it came from.

use std::path::Path;

use arsring_e2e::peers;
use arsring_e2e::*;
use chrono::Utc;
use serde_json::Value;
use uuid::Uuid;

/// A collector with something in every table: devices with history and usage, an enrolled
/// and bound device key, registers, tokens, a dashboard session, audit events.
fn filled(dir: &Path) -> (Collector, String, Uuid) {
    let collector = Collector::start(dir);
    let admin = collector.token("admin", "ops");
    let secret = collector.token("agent", "enrolment");
    let fleet = arsring_collector::sample::fleet(5, 1, 7, Utc::now() - chrono::Duration::hours(12));
    let enrolled = fleet[0].device_id();
    let key = collector.enrol(&secret, enrolled);
    // Each device twice, an hour apart: a history of more than one entry.
    let later = fleet.iter().map(|report| {
        let mut next = report.clone();
        next.report_id = Uuid::new_v4();
        next.collected_at += chrono::Duration::hours(1);
        next
    });
    for report in fleet.iter().cloned().chain(later.collect::<Vec<_>>()) {
        let token = if report.device_id() == enrolled { &key } else { &admin };
        let response = collector.post_report(serde_json::to_vec(&report).unwrap(), Some(token));
        assert!(response.status().is_success(), "{}", response.status());
    }
    collector.import_sample_registers(&fleet, 7);
    collector.log_in(&admin);
    (collector, admin, enrolled)
}

/// The trailer of a snapshot file: rows and checksum per table.
fn trailer(file: &Path) -> Value {
    let text = std::fs::read_to_string(file).unwrap();
    let last = text.lines().last().unwrap();
    serde_json::from_str::<Value>(last).unwrap()["end"].clone()
}

fn rows(trailer: &Value, table: &str) -> u64 {
    trailer[table]["rows"].as_u64().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_running_collector_is_backed_up_and_restored_whole() {
    let (dir, restored, files) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (collector, admin, _) = filled(dir.path());
    let backup = files.path().join("backup.jsonl");
    collector_cli_ok(dir.path(), &["store", "backup", backup.to_str().unwrap()]);
    let taken = trailer(&backup);
    for table in
        ["device", "history", "report", "usage", "register", "credential", "binding", "token", "session", "audit"]
    {
        assert!(rows(&taken, table) > 0, "{table} is empty in {taken}");
    }
    assert_eq!(rows(&taken, "report"), 12);
    assert_eq!(rows(&taken, "device"), 6);
    // The backup is on record, after the snapshot it describes.
    let audit = collector.get_json("/api/v1/audit?action=store.backup", &admin);
    assert_eq!(audit["count"], 1, "{audit}");
    collector.stop();

    let out = collector_cli(restored.path(), &["store", "restore", backup.to_str().unwrap()]);
    assert!(out.status.success(), "restore: {}", stderr(&out));
    // What was restored, taken again, is what was backed up, table by table.
    let again = files.path().join("again.jsonl");
    collector_cli_ok(restored.path(), &["store", "backup", again.to_str().unwrap()]);
    assert_eq!(trailer(&again), taken);
    if engine::embedded() {
        collector_cli_ok(restored.path(), &["store", "verify"]);
    }
    // And it serves: the admin token made before the backup still works.
    let serving = Collector::start(restored.path());
    let devices = serving.get_json("/api/v1/devices", &admin);
    assert_eq!(devices["count"], 6, "{devices}");
    serving.stop();
}

#[test]
fn a_bad_snapshot_is_refused_by_line_and_nothing_is_restored() {
    let (dir, files) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (collector, _, _) = filled(dir.path());
    let backup = files.path().join("backup.jsonl");
    collector_cli_ok(dir.path(), &["store", "backup", backup.to_str().unwrap()]);
    collector.stop();
    let text = std::fs::read_to_string(&backup).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    let cut = files.path().join("cut.jsonl");
    std::fs::write(&cut, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
    let edited = files.path().join("edited.jsonl");
    let device_line = lines.iter().position(|l| l.starts_with(r#"{"table":"device""#)).unwrap();
    let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    changed[device_line] = changed[device_line].replacen("\"kind\":\"server\"", "\"kind\":\"network\"", 1);
    assert_ne!(changed[device_line], lines[device_line], "the edit took");
    std::fs::write(&edited, changed.join("\n") + "\n").unwrap();
    let garbage = files.path().join("garbage.jsonl");
    let mut broken: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    broken[3] = "{\"table\":\"device\",\"record\":".into();
    std::fs::write(&garbage, broken.join("\n") + "\n").unwrap();

    for (file, says) in [(&cut, "cut short"), (&edited, "table device"), (&garbage, "line 4")] {
        let target = tempfile::tempdir().unwrap();
        let out = collector_cli(target.path(), &["store", "restore", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}: {}", file.display(), stderr(&out));
        assert!(stderr(&out).contains(says), "{}: {}", file.display(), stderr(&out));
        if engine::embedded() {
            let left: Vec<_> = std::fs::read_dir(target.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
            assert!(!target.path().join("store").exists() && !target.path().join("tokens.json").exists(), "{left:?}");
        } else {
            // Nothing was committed: a collector on that database finds no device.
            let serving = Collector::start(target.path());
            let token = serving.token("viewer", "look");
            assert_eq!(serving.get_json("/api/v1/devices", &token)["count"], 0);
            serving.stop();
        }
    }
    if engine::embedded() {
        // A data directory that holds a store already is not overwritten.
        let out = collector_cli(dir.path(), &["store", "restore", backup.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("already holds a store"), "{}", stderr(&out));
    }
}

#[test]
fn a_stopped_embedded_store_migrates_to_postgresql_verified_and_again_changes_nothing() {
    if !engine::embedded() {
        return; // the source is an embedded store; the normal run covers it
    }
    let Some(pg) = peers::postgres() else { return };
    let (dir, files) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (collector, admin, enrolled) = filled(dir.path());
    let history_before = collector.get_json(&format!("/api/v1/devices/{enrolled}/history"), &admin);
    collector.stop();
    let before = files.path().join("before.jsonl");
    collector_cli_ok(dir.path(), &["store", "backup", before.to_str().unwrap()]);

    let migrate = |extra: &[&str]| {
        let mut command = collector_command(dir.path());
        command.args(["store", "migrate", "--from"]).arg(dir.path()).args(["--to", &pg.url_tls(), "--ca"]).arg(&pg.ca);
        let out = command.args(extra).output().unwrap();
        assert!(out.status.success(), "migrate: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let first = migrate(&[]);
    assert!(first.contains("verified"), "{first}");
    assert!(!first.contains("DIFFERS"), "{first}");
    let again = migrate(&[]);
    let new_counts: Vec<&str> = again.lines().skip(1).filter(|l| !l.starts_with("verified")).collect();
    assert!(
        new_counts.iter().all(|l| l.split_whitespace().nth(3) == Some("0")),
        "second run copied something:\n{again}"
    );
    assert!(again.contains("(0 records were new)"), "{again}");

    // A collector on the database serves what the embedded store held, with its tokens.
    let other = tempfile::tempdir().unwrap();
    let serving = Collector::start_with(other.path(), &["--listen", "127.0.0.1:0", "--store", &pg.url_plain()]);
    assert_eq!(serving.get_json("/api/v1/devices", &admin)["count"], 6);
    let history_after = serving.get_json(&format!("/api/v1/devices/{enrolled}/history"), &admin);
    assert_eq!(history_after, history_before);
    serving.stop();
    // And its snapshot holds the same records (the audit log one more: the backup's own).
    let after = files.path().join("after.jsonl");
    let out = collector_command(other.path())
        .args(["store", "backup", after.to_str().unwrap(), "--data-dir"])
        .arg(other.path())
        .args(["--store", &pg.url_plain()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (b, a) = (trailer(&before), trailer(&after));
    for table in ["device", "history", "report", "usage", "register", "credential", "binding", "token", "session"] {
        assert_eq!(a[table], b[table], "{table}");
    }
    assert_eq!(rows(&a, "audit"), rows(&b, "audit") + 1);
}
