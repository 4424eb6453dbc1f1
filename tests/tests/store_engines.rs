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

/// Two collectors' stores on one database.
fn two_collectors(pg: &Postgres) -> (Store, Store) {
    (Store::open_postgres(settings(pg)).unwrap(), Store::open_postgres(settings(pg)).unwrap())
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
        let since = t0 - chrono::Duration::days(1);
        assert_eq!(store.usage(Uuid::from_u128(9), since).unwrap().len(), 3, "{engine}");
        let histories = store.histories_of(&[Uuid::from_u128(9), Uuid::from_u128(404)]).unwrap();
        let one = serde_json::to_value(store.history(Uuid::from_u128(9)).unwrap()).unwrap();
        assert_eq!(serde_json::to_value(&histories).unwrap(), serde_json::json!([one, []]), "{engine}");
        let each = store.usage_of(&[Uuid::from_u128(404), Uuid::from_u128(9)], since).unwrap();
        assert_eq!((each[0].len(), &each[1]), (0, &store.usage(Uuid::from_u128(9), since).unwrap()), "{engine}");
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
    let (one, two) = two_collectors(&pg);
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

// Tokens, dashboard sessions and the audit log: files beside sled, tables in PostgreSQL.

use arsring_collector::audit::{Event, Filter};
use arsring_collector::store::access::{Access, SessionsKept};
use arsring_collector::tokens::{Caller, Role};
use axum::http::{HeaderMap, header};

/// The request headers of a browser holding session cookie `id`.
fn cookie(id: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::COOKIE, format!("{}={id}", arsring_collector::sessions::COOKIE).parse().unwrap());
    headers
}

/// An event at `secs` past 2026-01-01 (whole seconds: PostgreSQL keeps microseconds).
fn event(secs: i64, actor: &str, action: &str) -> Event {
    let at = DateTime::from_timestamp(1_767_225_600 + secs, 0).unwrap();
    Event { at, ..Event::new(actor, action, format!("{action} by {actor}")) }
}

fn actions(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.action.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_keep_tokens_sessions_and_the_audit_log_alike() {
    for (engine, open, _pg, dir) in engines() {
        let elsewhere = tempfile::tempdir().unwrap();
        let data_dir = dir.as_ref().map_or(elsewhere.path(), |d| d.path());
        let store = open();
        let access = store.access(data_dir, SessionsKept::Kept).unwrap();
        let (token, record) = access.tokens.create(Role::Admin, "it-chef").unwrap();
        assert_eq!(access.tokens.authenticate(&token).unwrap().token_id, record.id, "{engine}");
        assert!(access.tokens.authenticate("ars_unknown").is_none(), "{engine}");

        let id = access.sessions.open(access.tokens.authenticate(&token).unwrap()).unwrap();
        assert_eq!(access.sessions.current(&access.tokens, &cookie(&id)).unwrap().caller.name, "it-chef");
        assert!(access.sessions.get(&cookie("not-a-session")).is_none(), "{engine}");

        for (n, (actor, action)) in [("anna", "import.assets"), ("bertil", "token.create")].into_iter().enumerate() {
            access.audit.record(&event(n as i64, actor, action)).unwrap();
        }
        assert_eq!(access.tokens.revoke("it-chef").unwrap(), 1, "{engine}");
        assert_eq!(access.tokens.revoke("it-chef").unwrap(), 0, "{engine}: already revoked");
        assert!(access.tokens.authenticate(&token).is_none(), "{engine}: revoked at once");
        assert!(access.sessions.current(&access.tokens, &cookie(&id)).is_none(), "{engine}: its session ends");
        access.sessions.close(&cookie(&id));
        assert!(access.sessions.get(&cookie(&id)).is_none(), "{engine}");
        drop((access, store));

        // Reopened: the tokens and the audit log as they were left.
        let store = open();
        let access = store.access(data_dir, SessionsKept::Kept).unwrap();
        let listed = access.tokens.list().unwrap();
        assert_eq!(listed.len(), 1, "{engine}");
        assert!(listed[0].revoked_at.is_some() && listed[0].hash == record.hash, "{engine}");
        let events = access.audit.read(&Filter::default(), 10).unwrap();
        assert_eq!(actions(&events), ["token.create", "import.assets"], "{engine}: newest first");
        assert_eq!(events[1], event(0, "anna", "import.assets"), "{engine}: read back whole");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_outlives_a_restart_on_both_engines() {
    for (engine, open, _pg, dir) in engines() {
        let elsewhere = tempfile::tempdir().unwrap();
        let data_dir = dir.as_ref().map_or(elsewhere.path(), |d| d.path());
        let caller = Caller { token_id: "ldap:anna".into(), name: "anna".into(), role: Role::Viewer };
        let id = {
            let store = open();
            store.access(data_dir, SessionsKept::Kept).unwrap().sessions.open(caller).unwrap()
        };
        let store = open();
        let access = store.access(data_dir, SessionsKept::Kept).unwrap();
        let session = access.sessions.current(&access.tokens, &cookie(&id)).unwrap();
        assert_eq!(session.caller.name, "anna", "{engine}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_created_or_revoked_through_one_collector_count_on_the_other() {
    let Some(pg) = peers::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = two_collectors(&pg);
    let (one, two) =
        (one.access(dir.path(), SessionsKept::Kept).unwrap(), two.access(dir.path(), SessionsKept::Kept).unwrap());
    assert!(two.tokens.authenticate("ars_nothing-yet").is_none(), "two has read its tokens");

    let (token, record) = one.tokens.create(Role::Viewer, "finance").unwrap();
    eventually("a token created on one, on two", || two.tokens.authenticate(&token).is_some()).await;
    assert!(two.tokens.is_active(&record.id));

    // The command line, on the database alone: no inventory opened.
    let cli = Access::open(dir.path(), Some(&settings(&pg))).unwrap();
    let (admin, _) = cli.tokens.create(Role::Admin, "it-chef").unwrap();
    for access in [&one, &two] {
        eventually("a token from the command line", || access.tokens.authenticate(&admin).is_some()).await;
    }
    assert_eq!(cli.tokens.list().unwrap().len(), 2);

    two.tokens.revoke("finance").unwrap();
    eventually("a revocation on two, on one", || one.tokens.authenticate(&token).is_none()).await;
    assert!(!one.tokens.is_active(&record.id));
    cli.tokens.revoke("it-chef").unwrap();
    for access in [&one, &two] {
        eventually("a revocation from the command line", || access.tokens.authenticate(&admin).is_none()).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_opened_through_one_collector_works_through_the_other_until_closed() {
    let Some(pg) = peers::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = two_collectors(&pg);
    let (one, two) =
        (one.access(dir.path(), SessionsKept::Kept).unwrap(), two.access(dir.path(), SessionsKept::Kept).unwrap());
    let (token, _) = one.tokens.create(Role::Viewer, "finance").unwrap();

    // Opened on one, used on two (a load balancer without sticky sessions), closed on two.
    let id = one.sessions.open(one.tokens.authenticate(&token).unwrap()).unwrap();
    let on_two = two.sessions.current(&two.tokens, &cookie(&id)).expect("found on two");
    let on_one = one.sessions.current(&one.tokens, &cookie(&id)).unwrap();
    assert_eq!((on_two.caller.name.as_str(), on_two.csrf.as_str()), ("finance", on_one.csrf.as_str()));
    two.sessions.close(&cookie(&id));
    assert!(two.sessions.get(&cookie(&id)).is_none());
    eventually("a log-out on two, on one", || one.sessions.get(&cookie(&id)).is_none()).await;

    // Opened on two, held by both; the token revoked on one ends it on both.
    let id = two.sessions.open(two.tokens.authenticate(&token).unwrap()).unwrap();
    assert!(one.sessions.current(&one.tokens, &cookie(&id)).is_some());
    one.tokens.revoke("finance").unwrap();
    assert!(one.sessions.current(&one.tokens, &cookie(&id)).is_none(), "at once where it was revoked");
    eventually("a revoked token's session, on two", || two.sessions.current(&two.tokens, &cookie(&id)).is_none()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_collectors_write_one_audit_log() {
    let Some(pg) = peers::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = two_collectors(&pg);
    let (one, two) =
        (one.access(dir.path(), SessionsKept::Kept).unwrap(), two.access(dir.path(), SessionsKept::Kept).unwrap());
    let device = Uuid::from_u128(7);
    one.audit.record(&event(1, "Anna", "import.assets")).unwrap();
    two.audit
        .record(&Event { device_id: Some(device), ..event(2, "cred_1", "report.refused") }.credential("cred_1"))
        .unwrap();
    one.audit.record(&event(3, "bertil", "token.create")).unwrap();
    two.audit.record(&event(4, "100%_sure", "report_weird")).unwrap();
    let cli = Access::open(dir.path(), Some(&settings(&pg))).unwrap();
    cli.audit.record(&event(5, "carin (command line)", "token.revoke")).unwrap();

    // Recorded means committed: both read all five at once, newest first.
    for access in [&one, &two, &cli] {
        let all = access.audit.read(&Filter::default(), 100).unwrap();
        assert_eq!(actions(&all), ["token.revoke", "report_weird", "token.create", "report.refused", "import.assets"]);
    }
    let read = |filter: Filter| actions(&two.audit.read(&filter, 100).unwrap()).join(" ");
    assert_eq!(read(Filter { device_id: Some(device), ..Filter::default() }), "report.refused");
    assert_eq!(read(Filter { credential: Some("cred_1".into()), ..Filter::default() }), "report.refused");
    assert_eq!(read(Filter { actor: Some("ANNA".into()), ..Filter::default() }), "import.assets");
    assert_eq!(read(Filter { actor: Some("%_".into()), ..Filter::default() }), "report_weird", "taken literally");
    assert_eq!(read(Filter { action: Some("report.".into()), ..Filter::default() }), "report.refused");
    assert_eq!(read(Filter { action: Some("report_".into()), ..Filter::default() }), "report_weird");
    assert_eq!(read(Filter { action: Some("token".into()), ..Filter::default() }), "token.revoke token.create");
    let both = Filter { action: Some("report".into()), device_id: Some(device), ..Filter::default() };
    assert_eq!(read(both), "report.refused", "every criterion must hold");
    assert_eq!(one.audit.read(&Filter::default(), 2).unwrap().len(), 2);
    let whole = one.audit.read(&Filter { credential: Some("cred_1".into()), ..Filter::default() }, 1).unwrap();
    assert_eq!(
        whole[0],
        Event { device_id: Some(device), ..event(2, "cred_1", "report.refused") }.credential("cred_1")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_register_imported_through_one_collector_is_used_by_the_other() {
    use arsring_collector::app::registers::{self, Shared};
    let Some(pg) = peers::postgres() else { return };
    let (one, two) = two_collectors(&pg);
    let on_two = Shared::load(&two).unwrap();
    assert!(on_two.get(&two).catalogue.entries.is_empty());
    let sample = arsring_collector::sample::registers(&arsring_collector::sample::fleet(20, 5, 3, Utc::now()), 3);
    assert!(!sample.catalogue.entries.is_empty());
    one.put_register(registers::CATALOGUE, serde_json::to_vec(&sample.catalogue).unwrap()).await.unwrap();
    eventually("a catalogue imported on one, on two", || on_two.get(&two).catalogue == sample.catalogue).await;
    // Read once per change, not on every look.
    assert!(Arc::ptr_eq(&on_two.get(&two), &on_two.get(&two)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_through_two_collectors_at_once_lose_nothing() {
    use arsring_collector::app::{self, AppConfig, imports};
    use arsring_collector::config::{Config, Overrides};
    use arsring_collector::lifecycle::assets;
    use arsring_collector::table::Parsed;
    let Some(pg) = peers::postgres() else { return };
    let open = || {
        let dir = tempfile::tempdir().unwrap();
        let overrides =
            Overrides { data_dir: Some(dir.path().into()), store: Some(pg.url_plain()), ..Overrides::default() };
        let config = Config::load(None, overrides).unwrap();
        (app::open_serving(dir.path(), AppConfig::from_config(&config)).unwrap(), dir)
    };
    let ((one, _d1), (two, _d2)) = (open(), open());
    let fleet = arsring_collector::sample::fleet(160, 0, 5, Utc::now());
    let rows = assets::parse(arsring_collector::sample::asset_register(&fleet, 5).as_bytes()).unwrap().rows;
    assert!(rows.len() >= 20, "{} rows", rows.len());
    // Each collector merges its own rows into the register, both at once, round after round.
    for pair in rows.chunks(4) {
        let (a, b) = pair.split_at(pair.len() / 2);
        let (x, y) = tokio::join!(
            imports::import_assets(&one, Parsed { rows: a.to_vec(), encoding: "UTF-8" }, false, "one"),
            imports::import_assets(&two, Parsed { rows: b.to_vec(), encoding: "UTF-8" }, false, "two")
        );
        x.unwrap();
        y.unwrap();
    }
    for app in [&one, &two] {
        let held = app.lock_registers().await.unwrap();
        assert_eq!(app.registers.get(&app.store).assets.assets.len(), rows.len(), "an import was lost");
        drop(held);
    }
}
