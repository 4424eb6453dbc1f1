//! A damaged store: `serve` refuses it in one line naming it (exit 1, never sled's panic and
//! its 101), `store verify` names what is wrong, and a damaged local CA is never replaced.
//!
//! What sled 0.34 does with damage to `store/db`, measured on stores like these:
//! - cut short or overwritten at its start: it comes back empty, as if new (the collector
//!   used to carry on empty; now it refuses);
//! - cut short or overwritten further in: it drops every write from the damage on, silently,
//!   and the trees left agree with each other. Only the audit log, written after each change
//!   is durable, shows what is missing; `serve` cannot tell and starts;
//! - in a log of several segments, damage can instead make it panic while opening; where
//!   depends on how the log was laid out, so the tests below try several places.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use arsring_e2e::*;
use chrono::Utc;
use uuid::Uuid;

/// A data directory with `reports` reports of as many devices (up to `devices`), a key
/// enrolled for the first, and a catalogue imported last; its collector stopped.
/// These tests damage sled's own files; with `ARSRING_TEST_STORE=postgres` the suite's
/// collectors keep no such files, and PostgreSQL's damage is the database's to handle.
fn embedded_only() -> bool {
    if !arsring_e2e::engine::embedded() {
        eprintln!("SKIPPED: damage to the embedded store's files (this run uses {})", arsring_e2e::engine::name());
    }
    arsring_e2e::engine::embedded()
}

fn stopped_store(dir: &Path, reports: u128, devices: u128) -> PathBuf {
    let data = dir.join("data");
    let collector = Collector::start(&data);
    let secret = collector.token("agent", "a");
    let key = collector.enrol(&secret, Uuid::from_u128(1));
    let loader = collector.loader_token();
    let at = Utc::now() - chrono::Duration::minutes(5);
    for n in 0..reports {
        let device = 1 + n % devices;
        let report = arsring_protocol::example_report(Uuid::from_u128(1000 + n), Uuid::from_u128(device), at);
        let token = if device == 1 { &key } else { &loader };
        let response = collector.post_report(serde_json::to_string(&report).unwrap(), Some(token));
        assert!(response.status().is_success(), "report {n}: {}", response.status());
    }
    let catalogue = dir.join("catalogue.csv");
    std::fs::write(&catalogue, arsring_collector::sample::CATALOGUE).unwrap();
    collector_cli_ok(&data, &["catalogue", "import", catalogue.to_str().unwrap()]);
    collector.stop();
    data
}

fn copy_dir(from: &Path, to: &Path) {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().mode(0o700).create(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A copy of `data` in `dir/name` with `damage` done to its `store/db`.
fn damaged(data: &Path, dir: &Path, name: &str, damage: impl FnOnce(&Path)) -> PathBuf {
    let copy = dir.join(name);
    copy_dir(data, &copy);
    damage(&copy.join("store/db"));
    copy
}

fn truncate(db: &Path, len: u64) {
    std::fs::OpenOptions::new().write(true).open(db).unwrap().set_len(len).unwrap();
}

fn overwrite(db: &Path, at: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    file.seek(SeekFrom::Start(at)).unwrap();
    file.write_all(&[0xAB; 4096]).unwrap();
}

/// How much of sled's log holds writes: the file is longer, as each segment sled adds at its
/// end is written out with zeros before use (`vendor/sled`, `bump_tip`).
fn written(db: &Path) -> u64 {
    let bytes = std::fs::read(db).unwrap();
    bytes.iter().rposition(|&b| b != 0).map_or(0, |last| last as u64 + 1)
}

/// How `serve` on a data directory ended: its exit code and standard error, or `None` when
/// it started serving (it is then stopped).
fn serve(data: &Path) -> (Option<i32>, String) {
    let (out, err) = (tempfile::NamedTempFile::new().unwrap(), tempfile::NamedTempFile::new().unwrap());
    let mut child = Command::new(bin("arsring-collector"))
        .args(["serve", "--listen", &format!("127.0.0.1:{}", free_port()), "--data-dir"])
        .arg(data)
        .env("ARSRING_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        let started = std::fs::read_to_string(out.path()).unwrap().contains("listening on");
        assert!(started || Instant::now() < deadline, "serve neither started nor stopped");
        if started {
            // SAFETY: plain kill(2) on our own child's pid.
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (code, std::fs::read_to_string(err.path()).unwrap())
}

/// `serve` refused `data` in one line naming its store, and did not panic.
fn assert_refused(data: &Path, outcome: &(Option<i32>, String), what: &str) {
    let (code, stderr) = outcome;
    assert_eq!(*code, Some(1), "serve must refuse a damaged store: {stderr}");
    let line = stderr.lines().find(|l| l.starts_with("arsring-collector: ")).expect("an error line");
    let store = data.join("store");
    assert!(line.contains(&format!("the store in {} is damaged", store.display())), "{line}");
    assert!(line.contains(what), "{line}");
    assert!(line.contains(&format!("store verify --data-dir {}", data.display())), "{line}");
    assert!(!stderr.contains("panicked at") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

fn verify(data: &Path) -> (i32, String, String) {
    let out = collector_cli(data, &["store", "verify"]);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn a_store_cut_short_or_overwritten_at_its_start_is_refused_and_verified_as_damaged() {
    if !embedded_only() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = stopped_store(dir.path(), 40, 8);
    assert!(written(&data.join("store/db")) < 512 * 1024, "one segment of sled's log");
    let cut = damaged(&data, dir.path(), "cut", |db| truncate(db, 100));
    let overwritten = damaged(&data, dir.path(), "overwritten", |db| overwrite(db, 0));
    for copy in [&cut, &overwritten] {
        let before = std::fs::read(copy.join("store/db")).unwrap();
        let (code, stdout, stderr) = verify(copy);
        assert_eq!(code, 1, "{stdout}{stderr}");
        assert!(stdout.contains("store -: sled reads nothing back from its log"), "{stdout}");
        assert!(stderr.starts_with("arsring-collector: 1 problem(s) in "), "{stderr}");
        assert_eq!(std::fs::read(copy.join("store/db")).unwrap(), before, "verify changes nothing");

        assert_refused(copy, &serve(copy), "sled reads nothing back from its log");
        // Refused again on the next start: it was not stamped as a new, empty store.
        assert_refused(copy, &serve(copy), "sled reads nothing back from its log");
    }
}

#[test]
fn writes_lost_after_damage_further_in_are_named_by_verify() {
    if !embedded_only() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = stopped_store(dir.path(), 40, 8);
    let half = written(&data.join("store/db")) / 2;
    assert!(half < 256 * 1024, "one segment of sled's log, written in order");
    let cut = damaged(&data, dir.path(), "cut", |db| truncate(db, half));
    let overwritten = damaged(&data, dir.path(), "overwritten", |db| overwrite(db, half));
    for copy in [&cut, &overwritten] {
        let (code, stdout, stderr) = verify(copy);
        assert_eq!(code, 1, "{stdout}{stderr}");
        // The catalogue was the last write; sled dropped it with everything after the damage.
        assert!(stdout.contains("registers catalogue: missing, though audit.jsonl records its import"), "{stdout}");
        // sled recovers such a log without a word, so serve may start: but never panics.
        let (code, stderr) = serve(copy);
        assert!(code.is_none() || code == Some(1), "{code:?}: {stderr}");
        assert!(!stderr.contains("panicked at"), "{stderr}");
    }
}

/// Damage in a log of several segments makes sled panic or lose writes, depending on where
/// it lands; wherever it lands, the collector exits 1 naming the store or starts, and
/// `store verify` has seen it.
#[test]
fn damage_in_a_larger_log_never_panics_the_collector() {
    if !embedded_only() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Records are compressed (about 3 times smaller): enough reports for several segments.
    let data = stopped_store(dir.path(), 600, 600);
    let len = written(&data.join("store/db"));
    assert!(len > 2 * 512 * 1024, "several segments of sled's log: {len}");
    for (n, at) in [0, len / 4, len / 2, len * 3 / 4].into_iter().enumerate() {
        let copy = damaged(&data, dir.path(), &format!("at{n}"), |db| overwrite(db, at));
        let (verified, stdout, _) = verify(&copy);
        let outcome = serve(&copy);
        match outcome.0 {
            None => assert!(!outcome.1.contains("panicked at"), "{}", outcome.1),
            Some(_) => {
                assert_refused(&copy, &outcome, "");
                assert_eq!(verified, 1, "a store serve refuses does not verify: {stdout}");
            }
        }
    }
}

#[test]
fn a_sound_store_verifies_and_a_running_ones_is_not_touched() {
    if !embedded_only() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = stopped_store(dir.path(), 10, 3);
    let (code, stdout, stderr) = verify(&data);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("sound: "), "{stdout}");
    assert!(stdout.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["devices", "3"]), "{stdout}");

    let out = collector_cli(&data, &["store", "verify", "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sound"], true);
    assert_eq!(json["report"]["problems"], serde_json::json!([]));

    let running = Collector::start(&data);
    let (code, _, stderr) = verify(&data);
    assert_eq!(code, 1);
    assert!(stderr.contains("in use by a running arsring-collector"), "{stderr}");
    running.stop();

    let (code, _, stderr) = verify(&dir.path().join("nothing-here"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("there is no store in"), "{stderr}");
}

#[test]
fn a_damaged_ca_key_stops_serve_and_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    Collector::start(&data).stop();
    let key = data.join("tls/ca.key");
    let ca = std::fs::read(data.join("tls/ca.pem")).unwrap();
    let mut damaged = std::fs::read(&key).unwrap();
    let middle = damaged.len() / 2;
    damaged[middle..middle + 8].copy_from_slice(b"!!!!!!!!");
    std::fs::write(&key, &damaged).unwrap();

    let (code, stderr) = serve(&data);
    assert_eq!(code, Some(1), "{stderr}");
    let line = stderr.lines().find(|l| l.starts_with("arsring-collector: ")).expect("an error line");
    assert!(line.contains(&format!("{} is not a valid private key", key.display())), "{line}");
    assert!(line.contains("restore the file from a backup"), "{line}");
    assert_eq!(std::fs::read(&key).unwrap(), damaged, "the key is left as it was");
    assert_eq!(std::fs::read(data.join("tls/ca.pem")).unwrap(), ca, "the CA is not replaced");

    std::fs::remove_file(&key).unwrap();
    let (code, stderr) = serve(&data);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&format!("{} is missing", key.display())), "{stderr}");
    assert!(!key.exists());
    assert_eq!(std::fs::read(data.join("tls/ca.pem")).unwrap(), ca, "the CA is not replaced");
}
