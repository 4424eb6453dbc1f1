//! The store's contract, run against both engines: the embedded one (sled in a temp dir) and
//! PostgreSQL (a throwaway cluster, `tests/peers/postgres.sh`). Same calls, same answers;
//! then what only a shared database has: two collectors on one database, and the database
//! going away and coming back.

use std::sync::Arc;
use std::time::{Duration, Instant};

use arsring_collector::store::credentials::{CredentialKind, CredentialRecord, Enrolment};
use arsring_collector::store::postgres::PgSettings;
use arsring_collector::store::{Ingested, Sender, Store, Unavailable};
use arsring_e2e::peers::{self, Postgres};
use arsring_protocol::{Device, Report, example_report};
use chrono::{DateTime, Utc};
use uuid::Uuid;

fn report(n: u128, device: u128, at: DateTime<Utc>) -> Report {
    example_report(Uuid::from_u128(n), Uuid::from_u128(device), at)
}

fn operator() -> Sender {
    Sender::operator("test")
}

fn settings(pg: &Postgres) -> PgSettings {
    PgSettings { ca: Some(pg.ca.clone()), ..PgSettings::from_url(&pg.url_tls()) }
}

/// Opens the same store again and again, as a restarted collector (or a second one) would.
type Opener = Box<dyn Fn() -> Store>;

/// Both engines, each opened empty; PostgreSQL only where the peer is installed.
fn engines() -> Vec<(&'static str, Opener, Option<Postgres>, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let mut all: Vec<(&'static str, Opener, Option<Postgres>, Option<tempfile::TempDir>)> =
        vec![("sled", Box::new(move || Store::open(&path).unwrap()), None, Some(dir))];
    if let Some(pg) = peers::postgres() {
        let settings = settings(&pg);
        all.push(("postgres", Box::new(move || Store::open_postgres(settings.clone()).unwrap()), Some(pg), None));
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_store_dedupe_and_keep_history_alike() {
    for (engine, open, _pg, _dir) in engines() {
        let t0 = Utc::now() - chrono::Duration::hours(3);
        {
            let store = open();
            let first = store.ingest(report(1, 9, t0), t0, operator()).await.unwrap();
            assert!(matches!(first, Ingested::Stored { first: true, .. }), "{engine}");
            let again = store.ingest(report(1, 9, t0), t0, operator()).await.unwrap();
            assert_eq!(again, Ingested::Duplicate { device_id: Uuid::from_u128(9) }, "{engine}");
            let mut upgraded = report(1, 9, t0);
            upgraded.report_id = Uuid::from_u128(2);
            upgraded.collected_at = t0 + chrono::Duration::hours(1);
            let Device::Server(s) = &mut upgraded.device else { unreachable!() };
            s.os.kernel = Some("6.1.0-30-amd64".into());
            let second = store.ingest(upgraded, t0 + chrono::Duration::hours(1), operator()).await.unwrap();
            assert_eq!(second, Ingested::Stored { device_id: Uuid::from_u128(9), first: false, changes: 1 });
            let late = store.ingest(report(3, 9, t0 - chrono::Duration::hours(1)), t0, operator()).await.unwrap();
            assert_eq!(late, Ingested::StoredLate { device_id: Uuid::from_u128(9) }, "{engine}");
            store.put_register("assets", b"{\"rows\":[]}".to_vec()).await.unwrap();
        }
        // Reopened: everything as it was left.
        let store = open();
        assert_eq!((store.devices().len(), store.report_count()), (1, 3), "{engine}");
        let record = store.device(Uuid::from_u128(9)).unwrap();
        assert_eq!(record.report.report_id, Uuid::from_u128(2), "{engine}: a late report is not the latest");
        let history = store.history(Uuid::from_u128(9)).unwrap();
        assert_eq!(history.len(), 2, "{engine}");
        assert!(history[0].first && history[0].by.as_deref() == Some("admin: test"), "{engine}");
        assert_eq!(history[1].changes[0].field, "os.kernel", "{engine}");
        assert_eq!(store.usage(Uuid::from_u128(9), t0 - chrono::Duration::days(1)).unwrap().len(), 3, "{engine}");
        assert_eq!(store.register("assets").unwrap().as_deref(), Some(&b"{\"rows\":[]}"[..]), "{engine}");
        assert_eq!(store.register("catalogue").unwrap(), None, "{engine}");
    }
}

fn agent_key(id: &str, device: u128) -> CredentialRecord {
    CredentialRecord {
        id: id.into(),
        hash: format!("hash-of-{id}"),
        kind: CredentialKind::Agent,
        name: format!("host-{id}"),
        device_id: Some(Uuid::from_u128(device)),
        enrolled_with: "tok_test".into(),
        created_at: Utc::now(),
        revoked_at: None,
    }
}

fn sent_by(id: &str) -> Sender {
    Sender { by: id.into(), bind_to: Some(id.into()) }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_bind_refuse_revoke_and_reset_alike() {
    for (engine, open, _pg, _dir) in engines() {
        let store = open();
        let now = Utc::now();
        assert_eq!(store.enrol(agent_key("cred_a", 7)).await.unwrap(), Enrolment::Enrolled, "{engine}");
        let taken = store.enrol(agent_key("cred_b", 7)).await.unwrap();
        assert_eq!(taken, Enrolment::AlreadyBound { credential: "cred_a".into() }, "{engine}");
        assert!(store.credential_by_hash("hash-of-cred_a").is_some(), "{engine}");
        let stored = store.ingest(report(1, 7, now), now, sent_by("cred_a")).await.unwrap();
        assert!(matches!(stored, Ingested::Stored { .. }), "{engine}");
        let refused = store.ingest(report(2, 7, now), now, sent_by("cred_x")).await.unwrap();
        assert_eq!(refused, Ingested::Refused { device_id: Uuid::from_u128(7), bound_to: "cred_a".into() });
        assert_eq!(store.report_count(), 1, "{engine}: a refused report is not stored");

        let revoked = store.revoke_credential("cred_a", false, now).await.unwrap().unwrap();
        assert!(revoked.revoked_at.is_some() && store.credential_by_hash("hash-of-cred_a").is_none(), "{engine}");
        assert_eq!(store.binding(Uuid::from_u128(7)).as_deref(), Some("cred_a"), "{engine}: still bound");
        assert_eq!(store.reset_identity(Uuid::from_u128(7), now).await.unwrap().as_deref(), Some("cred_a"));
        assert_eq!(store.binding(Uuid::from_u128(7)), None, "{engine}");
        drop(store);
        let store = open();
        assert_eq!(store.credentials().len(), 1, "{engine}");
        assert_eq!(store.binding(Uuid::from_u128(7)), None, "{engine}: the reset survives a restart");
    }
}

/// Waits until `done` holds, for a change another collector made.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(10), "{what}: not seen after 10 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_collectors_on_one_database_see_each_other_at_once() {
    let Some(pg) = peers::postgres() else { return };
    let (one, two) = (Store::open_postgres(settings(&pg)).unwrap(), Store::open_postgres(settings(&pg)).unwrap());
    let now = Utc::now();
    one.ingest(report(1, 5, now), now, operator()).await.unwrap();
    eventually("a report to one, on the other", || two.device(Uuid::from_u128(5)).is_some()).await;
    // An agent's retry to the other collector is still a duplicate.
    assert_eq!(
        two.ingest(report(1, 5, now), now, operator()).await.unwrap(),
        Ingested::Duplicate { device_id: Uuid::from_u128(5) }
    );
    let generation = one.generation();
    two.ingest(report(2, 5, now + chrono::Duration::minutes(1)), now, operator()).await.unwrap();
    eventually("the other's newer report", || one.generation() > generation).await;
    assert_eq!(one.device(Uuid::from_u128(5)).unwrap().report.report_id, Uuid::from_u128(2));

    one.enrol(agent_key("cred_a", 6)).await.unwrap();
    eventually("an enrolment", || two.credential_by_hash("hash-of-cred_a").is_some()).await;
    two.revoke_credential("cred_a", false, now).await.unwrap();
    eventually("a revocation", || one.credential_by_hash("hash-of-cred_a").is_none()).await;
    two.put_register("catalogue", b"[1]".to_vec()).await.unwrap();
    eventually("a register", || one.register("catalogue").unwrap().is_some()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_reports_through_two_collectors_are_stored_exactly_once() {
    let Some(pg) = peers::postgres() else { return };
    let stores = [
        Arc::new(Store::open_postgres(settings(&pg)).unwrap()),
        Arc::new(Store::open_postgres(settings(&pg)).unwrap()),
    ];
    let at = Utc::now() - chrono::Duration::minutes(1);
    let tasks: Vec<_> = (0..300u128)
        .map(|n| {
            let store = stores[(n % 2) as usize].clone();
            // Reports 0..250 are new; 250..300 re-send 0..50, through the other collector.
            let id = if n < 250 { n } else { n - 250 };
            tokio::spawn(async move { store.ingest(report(1000 + id, id % 20, at), at, operator()).await.unwrap() })
        })
        .collect();
    let mut duplicates = 0;
    for task in tasks {
        duplicates += usize::from(matches!(task.await.unwrap(), Ingested::Duplicate { .. }));
    }
    assert_eq!(duplicates, 50);
    assert_eq!(stores[0].report_count(), 250);
    eventually("all 20 devices on both", || stores.iter().all(|s| s.devices().len() == 20)).await;
    for device in 0..20u128 {
        let history = stores[1].history(Uuid::from_u128(device)).unwrap();
        assert_eq!(history.iter().filter(|h| h.first).count(), 1, "device {device} has one first report");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_goes_away_is_unavailable_then_back() {
    let Some(mut pg) = peers::postgres() else { return };
    let store = Store::open_postgres(settings(&pg)).unwrap();
    let now = Utc::now();
    store.ingest(report(1, 3, now), now, operator()).await.unwrap();
    pg.stop();
    let err = store.ingest(report(2, 3, now), now, operator()).await.unwrap_err();
    assert!(err.downcast_ref::<Unavailable>().is_some(), "{err:#}");
    assert!(store.healthy().await.is_err());
    assert_eq!(store.devices().len(), 1, "what was read stays readable");
    pg.start();
    let mut stored = None;
    for _ in 0..100 {
        if let Ok(outcome) = store.ingest(report(2, 3, now), now, operator()).await {
            stored = Some(outcome);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(matches!(stored, Some(Ingested::Stored { .. })), "{stored:?}");
    assert!(store.healthy().await.is_ok());
    assert_eq!(store.report_count(), 2);
}

#[test]
fn a_database_newer_than_the_collector_is_refused() {
    let Some(pg) = peers::postgres() else { return };
    drop(Store::open_postgres(settings(&pg)).unwrap());
    pg.sql(
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) \
         VALUES (999, 'from_the_future', '2030-01-01T00:00:00Z', '0')",
    );
    let err = Store::open_postgres(settings(&pg)).err().unwrap();
    assert!(format!("{err:#}").contains("schema version 999"), "{err:#}");
}

#[test]
fn a_wrong_password_or_an_untrusted_server_is_named() {
    let Some(pg) = peers::postgres() else { return };
    let wrong = PgSettings {
        ca: Some(pg.ca.clone()),
        ..PgSettings::from_url(&pg.url_tls().replace(peers::POSTGRES_PASSWORD, "nope"))
    };
    let err = format!("{:#}", Store::open_postgres(wrong).err().unwrap());
    assert!(err.contains("password") && !err.contains("nope"), "{err}");
    let untrusted = PgSettings::from_url(&pg.url_tls());
    let err = format!("{:#}", Store::open_postgres(untrusted).err().unwrap());
    assert!(err.to_lowercase().contains("certificate"), "{err}");
}
