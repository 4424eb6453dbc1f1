use super::*;
use arsring_protocol::{Device, example_report};
use chrono::Duration;

fn report(n: u128, device: u128, at: DateTime<Utc>) -> Report {
    example_report(Uuid::from_u128(n), Uuid::from_u128(device), at)
}

#[tokio::test]
async fn store_dedupe_history_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Utc::now() - Duration::hours(3);
    {
        let store = Store::open(dir.path()).unwrap();
        let first = store.ingest(report(1, 9, t0), t0, crate::store::Sender::operator("test")).await.unwrap();
        assert!(matches!(first, Ingested::Stored { first: true, .. }));
        let again = store.ingest(report(1, 9, t0), t0, crate::store::Sender::operator("test")).await.unwrap();
        assert_eq!(again, Ingested::Duplicate { device_id: Uuid::from_u128(9) });

        let mut upgraded = report(1, 9, t0);
        upgraded.report_id = Uuid::from_u128(2);
        upgraded.collected_at = t0 + Duration::hours(1);
        let Device::Server(s) = &mut upgraded.device else { unreachable!() };
        s.os.kernel = Some("6.1.0-30-amd64".into());
        let second =
            store.ingest(upgraded, t0 + Duration::hours(1), crate::store::Sender::operator("test")).await.unwrap();
        assert_eq!(second, Ingested::Stored { device_id: Uuid::from_u128(9), first: false, changes: 1 });

        let late = store
            .ingest(
                report(3, 9, t0 - Duration::hours(1)),
                t0 + Duration::hours(2),
                crate::store::Sender::operator("test"),
            )
            .await
            .unwrap();
        assert_eq!(late, Ingested::StoredLate { device_id: Uuid::from_u128(9) });
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.devices().len(), 1);
    assert_eq!(store.report_count(), 3);
    let record = store.device(Uuid::from_u128(9)).unwrap();
    assert_eq!(record.report.report_id, Uuid::from_u128(2), "the late report did not replace the latest");
    let history = store.history(Uuid::from_u128(9)).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].first);
    assert_eq!(history[1].changes[0].field, "os.kernel");
}

/// Many writers at once: every report stored once, every re-send recognised, no deadlock
/// (sled alone deadlocks under this load when flushes and transactions overlap).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_ingest_is_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let at = Utc::now() - Duration::minutes(1);
    let tasks: Vec<_> = (0..300u128)
        .map(|n| {
            let store = store.clone();
            // Reports 0..250 are new; 250..300 re-send reports 0..50.
            let id = if n < 250 { n } else { n - 250 };
            tokio::spawn(async move {
                store.ingest(report(1000 + id, id % 20, at), at, crate::store::Sender::operator("test")).await.unwrap()
            })
        })
        .collect();
    let outcomes = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await.unwrap());
        }
        all
    })
    .await
    .expect("no deadlock");
    let duplicates = outcomes.iter().filter(|o| matches!(o, Ingested::Duplicate { .. })).count();
    assert_eq!(duplicates, 50);
    assert_eq!(store.report_count(), 250);
    assert_eq!(store.devices().len(), 20);
}

#[test]
fn foreign_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    {
        let db = ::sled::open(dir.path().join("store")).unwrap();
        db.open_tree("meta").unwrap().insert("schema_version", &7u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let err = Store::open(dir.path()).err().unwrap().to_string();
    assert!(err.contains("schema version 7"), "{err}");
}

#[test]
fn a_new_data_directory_is_for_the_collector_alone() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("var/lib/arsring");
    drop(Store::open(&dir).unwrap());
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("store")), 0o700);
}

/// The log grows a segment at a time, each written out before use (`vendor/sled`,
/// `bump_tip`); a store spanning many of them reads back whole, and grows on after a reopen.
#[tokio::test]
async fn a_log_of_many_segments_reads_back_and_grows_on() {
    const SEGMENT: u64 = 512 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let at = Utc::now() - Duration::hours(1);
    {
        let store = Store::open(dir.path()).unwrap();
        ingest_all(&store, 0..1500, at).await;
    }
    let log = std::fs::metadata(dir.path().join("store/db")).unwrap().len();
    assert!(log > 3 * SEGMENT, "the test needs a log of several segments, not {log} bytes");
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.devices().len(), 1500);
    assert_eq!(store.report_count(), 1500);
    ingest_all(&store, 1500..3000, at).await;
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.devices().len(), 3000);
    assert_eq!(store.history(Uuid::from_u128(2999)).unwrap().len(), 1);
}

/// Stores a first report of each device in `devices`.
async fn ingest_all(store: &Store, devices: std::ops::Range<u128>, at: DateTime<Utc>) {
    for n in devices {
        let stored = store.ingest(report(10_000 + n, n, at), at, crate::store::Sender::operator("test")).await.unwrap();
        assert!(matches!(stored, Ingested::Stored { first: true, .. }), "{stored:?}");
    }
}
