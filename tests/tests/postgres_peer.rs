//! The PostgreSQL test peer itself (`tests/peers/postgres.sh`, `peers::postgres()`): the role
//! `arsring` logs in over plain TCP and over TLS checked against the peer's CA, a wrong
//! password or CA is refused, and a committed row survives a fast stop and a SIGKILL of
//! every server process (crash recovery).

use std::time::Instant;

use arsring_e2e::peers::{self, POSTGRES_USER};

/// `ssl` and the TLS version of the session that runs it.
const SESSION_TLS: &str = "SELECT ssl, coalesce(version, '-') FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

#[test]
fn postgres_peer_logs_in_and_keeps_committed_rows_across_stop_and_crash() {
    let test_started = Instant::now();
    let Some(mut pg) = peers::postgres() else { return };
    eprintln!("PostgreSQL ready in {:?} ({})", pg.started_in, pg.bin.display());

    // Plain TCP, scram-sha-256.
    assert_eq!(pg.psql(&pg.url_plain(), SESSION_TLS).unwrap(), "f|-");
    assert_eq!(pg.psql(&pg.url_plain(), "SELECT current_user").unwrap(), POSTGRES_USER);
    let wrong = pg.url_plain().replace(peers::POSTGRES_PASSWORD, "not-the-password");
    let refused = pg.psql(&wrong, "SELECT 1").unwrap_err();
    assert!(refused.contains("password authentication failed"), "{refused}");

    // TLS, the certificate checked against the peer's CA (libpq's environment variables).
    let out = pg
        .psql_command()
        .env("PGSSLMODE", "verify-ca")
        .env("PGSSLROOTCERT", &pg.ca)
        .arg(pg.url())
        .args(["-c", SESSION_TLS])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "t|TLSv1.3");
    // ... and the host name (IP:127.0.0.1 in the certificate) too.
    assert_eq!(pg.psql(&pg.url_verify_full(), SESSION_TLS).unwrap(), "t|TLSv1.3");
    assert_eq!(pg.psql(&pg.url_tls(), "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").unwrap(), "t");
    // Another CA: refused.
    let other_ca = format!("{}?sslmode=verify-ca&sslrootcert=/etc/ssl/certs/ca-certificates.crt", pg.url());
    let refused = pg.psql(&other_ca, "SELECT 1").unwrap_err();
    assert!(refused.contains("certificate verify failed"), "{refused}");

    // The settings the store's durability tests rely on, and loopback only.
    assert_eq!(pg.sql("SHOW fsync"), "on");
    assert_eq!(pg.sql("SHOW synchronous_commit"), "on");
    assert_eq!(pg.sql("SHOW listen_addresses"), "127.0.0.1");
    assert_eq!(pg.sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'arsring'"), POSTGRES_USER);
    assert_eq!(
        pg.psql(&pg.superuser_url(), "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").unwrap(),
        "t"
    );

    // The owner creates a table in its database; one committed row.
    let url = pg.url_plain();
    pg.psql(&url, "CREATE TABLE inventering (id int PRIMARY KEY, namn text NOT NULL)").unwrap();
    pg.psql(&url, "INSERT INTO inventering VALUES (1, 'växel-1')").unwrap();

    // A fast stop and a start on the same port and data.
    let t = Instant::now();
    pg.stop();
    assert!(pg.pid().is_none());
    assert!(std::net::TcpStream::connect(("127.0.0.1", pg.port)).is_err(), "port still open after stop");
    let stopped_in = t.elapsed();
    pg.start();
    eprintln!("fast stop {stopped_in:?}, start again {:?}", pg.started_in);
    assert_eq!(pg.psql(&url, "SELECT namn FROM inventering ORDER BY id").unwrap(), "växel-1");

    // A second committed row, then every server process killed; the open session's
    // uncommitted row must not come back.
    pg.psql(&url, "INSERT INTO inventering VALUES (2, 'växel-2')").unwrap();
    let mut open = pg
        .psql_command()
        .arg(&url)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let stdin = open.stdin.as_mut().unwrap();
        stdin.write_all(b"BEGIN;\nINSERT INTO inventering VALUES (3, 'aldrig');\n").unwrap();
        stdin.flush().unwrap();
    }
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    while pg.sql("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'") != "1" {
        assert!(Instant::now() < deadline, "the open transaction did not show up");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let t = Instant::now();
    pg.kill();
    let killed_in = t.elapsed();
    let _ = open.kill();
    let _ = open.wait();
    pg.start();
    eprintln!("kill -9 {killed_in:?}, crash recovery and start {:?}", pg.started_in);
    assert!(pg.log().contains("database system was not properly shut down; automatic recovery in progress"));
    assert_eq!(pg.psql(&url, "SELECT string_agg(namn, ',' ORDER BY id) FROM inventering").unwrap(), "växel-1,växel-2");

    let dir = pg.dir.clone();
    drop(pg);
    assert!(!dir.exists(), "{} left behind", dir.display());
    eprintln!("whole test {:?}", test_started.elapsed());
}
