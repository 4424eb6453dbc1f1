use chrono::{Duration, Utc};
use uuid::Uuid;

use super::*;
use crate::store::credentials::{CredentialKind, CredentialRecord};
use crate::store::{Sender, Store};

const DEVICE: Uuid = Uuid::from_u128(7);

/// A store as a collector leaves it: two reports of one server (history, usage), a second
/// server, an agent key bound to the first, a register.
async fn filled(dir: &Path) {
    let store = Store::open(dir).unwrap();
    let credential = CredentialRecord {
        id: "cred_a".into(),
        hash: crate::tokens::hash("key"),
        kind: CredentialKind::Agent,
        name: "web01".into(),
        device_id: Some(DEVICE),
        enrolled_with: "tok_test".into(),
        created_at: Utc::now(),
        revoked_at: None,
    };
    store.enrol(credential).await.unwrap();
    let t0 = Utc::now() - Duration::hours(2);
    for (n, device, at) in [(1, DEVICE, t0), (2, DEVICE, t0 + Duration::hours(1)), (3, Uuid::from_u128(8), t0)] {
        let mut report = arsring_protocol::example_report(Uuid::from_u128(n), device, at);
        if n == 2 {
            let arsring_protocol::Device::Server(s) = &mut report.device else { unreachable!() };
            s.os.kernel = Some("6.1.0-30-amd64".into());
        }
        let sender = Sender { by: "cred_a".into(), bind_to: (device == DEVICE).then(|| "cred_a".into()) };
        store.ingest(report, at, sender).await.unwrap();
    }
    store.put_register("assets", br#"{"rows": []}"#.to_vec()).await.unwrap();
}

/// Changes the stopped store with sled itself, as damage or a bug would.
fn with_sled(dir: &Path, change: impl FnOnce(&sled::Db)) {
    let db = sled::open(dir.join("store")).unwrap();
    change(&db);
    db.flush().unwrap();
}

fn count(report: &Report, tree: &str) -> usize {
    report.trees.iter().find(|t| t.tree == tree).map_or(0, |t| t.records)
}

#[tokio::test]
async fn a_sound_store_has_no_problems() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path()).await;
    let expected = vec![Expected { tree: "credentials", key: "cred_a".into(), because: "enrolled".into() }];
    let report = verify(dir.path(), &Checks { registers: &[], expected }).unwrap();
    assert!(report.is_sound(), "{:?}", report.problems);
    assert_eq!(count(&report, "devices"), 2);
    assert_eq!(count(&report, "reports"), 3);
    assert_eq!(count(&report, "history"), 3);
    assert_eq!(count(&report, "usage"), 3);
    assert_eq!(count(&report, "bindings"), 1);
    assert_eq!(count(&report, "credentials"), 1);
    assert_eq!(count(&report, "registers"), 1);
    assert_eq!(count(&report, "meta"), 2);
    // And the store still opens: verifying changed nothing.
    assert_eq!(Store::open(dir.path()).unwrap().devices().len(), 2);
}

#[tokio::test]
async fn a_record_that_does_not_decode_is_named() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path()).await;
    with_sled(dir.path(), |db| {
        db.open_tree("devices").unwrap().insert(DEVICE.as_bytes(), b"{\"device_id\": garbage".as_slice()).unwrap();
    });
    let report = verify(dir.path(), &Checks::default()).unwrap();
    let problem = report.problems.iter().find(|p| p.tree == "devices").expect("a devices problem");
    assert_eq!(problem.key.as_deref(), Some(DEVICE.to_string().as_str()));
    assert!(problem.problem.contains("does not decode"), "{problem:?}");
}

#[tokio::test]
async fn records_the_others_need_are_missed() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path()).await;
    with_sled(dir.path(), |db| {
        db.open_tree("reports").unwrap().remove(Uuid::from_u128(2).as_bytes()).unwrap();
        db.open_tree("credentials").unwrap().remove("cred_a").unwrap();
    });
    let expected = vec![Expected { tree: "credentials", key: "cred_a".into(), because: "enrolled".into() }];
    let report = verify(dir.path(), &Checks { registers: &[], expected }).unwrap();
    let problems: Vec<(&str, &str)> = report.problems.iter().map(|p| (p.tree.as_str(), p.problem.as_str())).collect();
    let has = |tree: &str, text: &str| problems.iter().any(|(t, p)| *t == tree && p.contains(text));
    assert!(has("devices", "latest report 00000000-0000-0000-0000-000000000002 is not in reports"), "{problems:?}");
    assert!(has("history", "made by report 00000000-0000-0000-0000-000000000002, which is not"), "{problems:?}");
    assert!(has("bindings", "bound to credential cred_a, which is not in credentials"), "{problems:?}");
    assert!(has("credentials", "missing, though enrolled"), "{problems:?}");
    let history = report.problems.iter().find(|p| p.tree == "history").unwrap();
    assert!(history.key.as_deref().unwrap().starts_with(&format!("{DEVICE}/")), "{history:?}");
}

#[tokio::test]
async fn registers_are_decoded_with_the_given_types() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path()).await;
    fn strict(json: &[u8]) -> anyhow::Result<()> {
        anyhow::ensure!(json.starts_with(b"["), "not a list");
        Ok(())
    }
    let report = verify(dir.path(), &Checks { registers: &[("assets", strict)], expected: vec![] }).unwrap();
    assert_eq!(
        report.problems,
        vec![Problem { tree: "registers".into(), key: Some("assets".into()), problem: "not a list".into() }]
    );
}

#[tokio::test]
async fn a_running_collectors_store_is_not_verified() {
    let dir = tempfile::tempdir().unwrap();
    let _running = Store::open(dir.path()).unwrap();
    let err = verify(dir.path(), &Checks::default()).unwrap_err().to_string();
    assert!(err.contains("in use by a running arsring-collector"), "{err}");
}

#[tokio::test]
async fn a_log_that_reads_back_empty_is_a_problem_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path()).await;
    let db = dir.path().join("store/db");
    std::fs::OpenOptions::new().write(true).open(&db).unwrap().set_len(100).unwrap();
    let before = std::fs::read(&db).unwrap();
    let report = verify(dir.path(), &Checks::default()).unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].tree, "store");
    assert!(report.problems[0].problem.contains("reads nothing back"), "{:?}", report.problems);
    assert_eq!(std::fs::read(&db).unwrap(), before, "verify works on a copy");
}

#[test]
fn damaged_blob_and_conf_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let store = dir.path().join("store");
    let payload = b"\x01some value";
    let mut good = blobs::crc32(payload).to_le_bytes().to_vec();
    good.extend_from_slice(payload);
    std::fs::write(store.join("blobs/100"), &good).unwrap();
    good[6] ^= 0xff;
    std::fs::write(store.join("blobs/200"), &good).unwrap();
    let report = verify(dir.path(), &Checks::default()).unwrap();
    assert_eq!(report.blobs, 2);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!((report.problems[0].tree.as_str(), report.problems[0].key.as_deref()), ("blobs", Some("200")));

    let mut conf = std::fs::read(store.join("conf")).unwrap();
    conf[3] ^= 0xff;
    std::fs::write(store.join("conf"), conf).unwrap();
    let report = verify(dir.path(), &Checks::default()).unwrap();
    assert!(report.problems.iter().any(|p| p.key.as_deref() == Some("conf")), "{:?}", report.problems);
}

#[test]
fn crc32_is_the_ieee_checksum() {
    assert_eq!(blobs::crc32(b"123456789"), 0xCBF4_3926);
}

#[test]
fn keys_read_as_the_store_writes_them() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z").unwrap().to_utc();
    let history = crate::store::sled::history_key(DEVICE, at, Uuid::from_u128(2));
    assert_eq!(
        show_key("history", &history),
        format!("{DEVICE}/2026-01-02T03:04:05+00:00/00000000-0000-0000-0000-000000000002")
    );
    assert_eq!(
        show_key("usage", &crate::store::sled::usage_key(DEVICE, at)),
        format!("{DEVICE}/2026-01-02T03:04:05+00:00")
    );
    assert_eq!(show_key("credentials", b"cred_a"), "cred_a");
    assert_eq!(show_key("devices", b"\x01\x02"), "0x0102");
}
