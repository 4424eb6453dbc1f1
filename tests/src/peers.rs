//! Real SNMP peers for the interop tests: SNMP Simulator serving recordings of real devices,
//! and Net-SNMP's snmpd. `tests/peers/install.sh` installs them; these helpers start them on
//! free loopback ports and stop them when dropped.
//!
//! Where the peers are not installed, a test says so loudly on stderr and passes as
//! skipped, unless `ARSRING_REQUIRE_PEERS=1` (CI), which turns the skip into a failure.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn peers_dir() -> PathBuf {
    std::env::var_os("ARSRING_PEERS_DIR").map_or_else(|| PathBuf::from("/var/tmp/arsring-peers"), PathBuf::from)
}

fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peers").join(name)
}

/// `true` when `what` is usable; otherwise reports the skip (or fails under CI).
pub fn available(what: &str, ready: bool) -> bool {
    if ready {
        return true;
    }
    let message = format!("{what} is not installed; run tests/peers/install.sh");
    if std::env::var("ARSRING_REQUIRE_PEERS").as_deref() == Ok("1") {
        panic!("{message} (ARSRING_REQUIRE_PEERS=1 forbids skipping)");
    }
    eprintln!("\n*** SKIPPED: {message} ***\n");
    false
}

/// A free UDP port on loopback.
pub fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A peer process, killed on drop.
pub struct Peer {
    child: Child,
    pub port: u16,
}

impl Peer {
    pub(crate) fn new(child: Child, port: u16) -> Peer {
        Peer { child, port }
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn snmpsim_data() -> PathBuf {
    peers_dir().join("snmprec/network")
}

/// SNMP Simulator serving every recording under `snmprec/network`; the community (v2c) or
/// context (v3) `switch/cisco-c3560` selects that recording.
pub fn snmpsim() -> Option<Peer> {
    snmpsim_serving(&snmpsim_data(), None, "switch/cisco-c3560")
}

/// SNMP Simulator serving the recordings in `data` (readable by `nobody`), with its index
/// in `cache` (writable by `nobody`; default the shared, pre-built one); `probe` is a
/// community it serves, used to wait until it answers.
pub fn snmpsim_serving(data: &std::path::Path, cache: Option<&std::path::Path>, probe: &str) -> Option<Peer> {
    let ready = peers_dir().join("venv/bin/snmpsim-command-responder").exists() && snmpsim_data().is_dir();
    if !available("SNMP Simulator (snmpsim)", ready) {
        return None;
    }
    let port = free_udp_port();
    let mut command = Command::new(script("snmpsim.sh"));
    command.arg(data).arg(format!("127.0.0.1:{port}"));
    if let Some(cache) = cache {
        command.arg(cache);
    }
    let child = command
        .env("SNMPSIM_V3_USER", "arsring")
        .env("SNMPSIM_V3_AUTH_KEY", "authpass123")
        .env("SNMPSIM_V3_AUTH_PROTO", "SHA")
        .env("SNMPSIM_V3_PRIV_KEY", "privpass123")
        .env("SNMPSIM_V3_PRIV_PROTO", "AES")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start snmpsim");
    let peer = Peer { child, port };
    wait_until_answering(&peer, probe);
    Some(peer)
}

/// Net-SNMP snmpd with community `public-test` and SNMPv3 users `arsring` (SHA + AES),
/// `arsring-sha256`, `arsring-sha512`, `arsring-md5des`, `arsring-authonly`; passwords
/// `authpass123` / `privpass123`.
pub fn snmpd(workdir: &std::path::Path) -> Option<Peer> {
    if !available("Net-SNMP snmpd", std::path::Path::new("/usr/sbin/snmpd").exists()) {
        return None;
    }
    let port = free_udp_port();
    let child = Command::new(script("snmpd.sh"))
        .arg(workdir)
        .arg(port.to_string())
        .args(["arsring", "authpass123", "privpass123", "public-test"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start snmpd");
    let peer = Peer { child, port };
    wait_until_answering(&peer, "public-test");
    Some(peer)
}

/// Polls with Net-SNMP's snmpget until the peer answers: a peer that lost the race for
/// its port would otherwise look like a silent device.
fn wait_until_answering(peer: &Peer, community: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let ok = Command::new("snmpget")
            .args(["-v2c", "-c", community, "-t", "0.5", "-r", "0", "-Oqv", &peer.address(), "1.3.6.1.2.1.1.5.0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("SNMP peer on {} did not answer within 60 s", peer.address());
}

/// VMware's vCenter simulator (govmomi's `simulator`, built by `tests/peers/install.sh`),
/// serving HTTPS with its own CA, and the truth file of the inventory it made.
pub struct Vcsim {
    pub peer: Peer,
    /// `https://127.0.0.1:<port>/sdk`
    pub url: String,
    pub ca: PathBuf,
    pub truth: serde_json::Value,
}

pub const VCSIM_USER: &str = "arsring-ro";
pub const VCSIM_PASSWORD: &str = "Sommar2024!";

/// Starts the simulator with `args` (e.g. `-hosts 6 -vms 40`), files in `dir`.
pub fn vcsim(dir: &std::path::Path, args: &[&str]) -> Option<Vcsim> {
    let bin = peers_dir().join("bin/arsring-vcsim");
    if !available("the vSphere simulator (arsring-vcsim)", bin.exists()) {
        return None;
    }
    let (ca, truth) = (dir.join("vcsim-ca.pem"), dir.join("vcsim-truth.json"));
    let mut child = Command::new(script("vcsim.sh"))
        .args(["-listen", "127.0.0.1:0", "-user", VCSIM_USER, "-password", VCSIM_PASSWORD, "-tls"])
        .arg("-ca-out")
        .arg(&ca)
        .arg("-truth-out")
        .arg(&truth)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start arsring-vcsim");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(120)).expect("arsring-vcsim printed no URL within 120 s");
    let url = line.trim().strip_prefix("URL ").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_string();
    let port = url.rsplit(':').next().and_then(|p| p.split('/').next()).and_then(|p| p.parse().ok()).unwrap_or(0);
    let truth = serde_json::from_slice(&std::fs::read(&truth).expect("truth file")).expect("truth JSON");
    Some(Vcsim { peer: Peer::new(child, port), url, ca, truth })
}

/// OpenLDAP's slapd (`tests/peers/slapd.sh`): `dc=kommun,dc=example` with the people
/// [`SLAPD_PEOPLE`], their groups (memberOf filled in by the memberof overlay), a service
/// account, and a CA of its own; plain LDAP (with StartTLS) and LDAPS on loopback.
pub struct Slapd {
    pub peer: Peer,
    /// `ldap://127.0.0.1:<port>` (StartTLS offered; plain binds accepted).
    pub ldap_url: String,
    /// `ldaps://127.0.0.1:<port>`
    pub ldaps_url: String,
    /// The CA that issued the server certificate (PEM).
    pub ca: PathBuf,
    /// From spawning the script to both ports accepting connections.
    pub started_in: Duration,
}

pub const SLAPD_SUFFIX: &str = "dc=kommun,dc=example";
pub const SLAPD_SERVICE_DN: &str = "cn=arsring-svc,ou=services,dc=kommun,dc=example";
pub const SLAPD_SERVICE_PASSWORD: &str = "svc-Lösen-9";
/// (uid, password, display name, groups): anna in `arsring-ekonomi`, bertil in
/// `arsring-lasare`, cecilia in `arsring-admin`, david only in `fikaklubben` (mapped nowhere).
pub const SLAPD_PEOPLE: [(&str, &str, &str, &str); 4] = [
    ("anna", "anna-Lösen-1", "Anna Andersson", "arsring-ekonomi fikaklubben"),
    ("bertil", "bertil-Lösen-2", "Bertil Berg", "arsring-lasare"),
    ("cecilia", "cecilia-Lösen-3", "Cecilia Ceder", "arsring-admin"),
    ("david", "david-Lösen-4", "David Dahl", "fikaklubben"),
];

/// The password of one of [`SLAPD_PEOPLE`].
pub fn slapd_password(uid: &str) -> &'static str {
    SLAPD_PEOPLE.iter().find(|p| p.0 == uid).map(|p| p.1).unwrap_or_else(|| panic!("no person {uid}"))
}

/// Starts slapd with its files in `dir`, or `None` (a loud skip) when it is not installed.
pub fn slapd(dir: &std::path::Path) -> Option<Slapd> {
    let installed = ["/usr/sbin/slapd", "/usr/sbin/slapadd", "/usr/bin/ldapadd", "/usr/bin/openssl"]
        .iter()
        .all(|p| std::path::Path::new(p).exists());
    if !available("OpenLDAP slapd (Debian packages slapd, ldap-utils)", installed) {
        return None;
    }
    let ldap_port = crate::free_port();
    let ldaps_port = std::iter::repeat_with(crate::free_port).find(|p| *p != ldap_port).unwrap();
    let started = Instant::now();
    let child = Command::new(script("slapd.sh"))
        .arg(dir)
        .arg(ldap_port.to_string())
        .arg(ldaps_port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start slapd.sh");
    let mut peer = Peer { child, port: ldaps_port };
    let deadline = started + Duration::from_secs(60);
    for port in [ldap_port, ldaps_port] {
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = peer.child.try_wait() {
                panic!("slapd.sh exited ({status}) before listening on {port}; run it by hand to see why");
            }
            assert!(Instant::now() < deadline, "slapd did not listen on {port} within 60 s");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    Some(Slapd {
        peer,
        ldap_url: format!("ldap://127.0.0.1:{ldap_port}"),
        ldaps_url: format!("ldaps://127.0.0.1:{ldaps_port}"),
        ca: dir.join("tls/ca.pem"),
        started_in: started.elapsed(),
    })
}

/// PostgreSQL (`tests/peers/postgres.sh`): a throwaway cluster in a temp dir of its own, on
/// a free loopback port, with the role `arsring` (password, scram-sha-256) owning the
/// database `arsring`, the superuser `postgres`, TLS offered but not required (a CA of its
/// own, [`Postgres::ca`]), and `fsync` on. Stopped (fast) and its directory removed on drop.
pub struct Postgres {
    child: Option<Child>,
    pub port: u16,
    /// The cluster's directory: `data/`, `tls/`, `run/` (the unix socket), `postgres.log`.
    pub dir: PathBuf,
    /// The CA that issued the server certificate (PEM; `IP:127.0.0.1`, `DNS:localhost`).
    pub ca: PathBuf,
    /// The PostgreSQL binaries in use (`initdb`, `postgres`, `psql`, ...).
    pub bin: PathBuf,
    /// From spawning the script to accepting connections, for the last [`Postgres::start`].
    pub started_in: Duration,
    _dir: tempfile::TempDir,
}

pub const POSTGRES_USER: &str = "arsring";
pub const POSTGRES_PASSWORD: &str = "arsring-pg-Secret-5";
pub const POSTGRES_DATABASE: &str = "arsring";
pub const POSTGRES_SUPERUSER: &str = "postgres";
pub const POSTGRES_SUPERUSER_PASSWORD: &str = "postgres-Secret-0";

/// `$ARSRING_PG_BIN`, else the newest `/usr/lib/postgresql/<version>/bin` with `initdb`,
/// `postgres` and `psql`.
pub fn postgres_bin() -> Option<PathBuf> {
    let complete = |dir: &std::path::Path| ["initdb", "postgres", "psql"].iter().all(|b| dir.join(b).is_file());
    if let Some(dir) = std::env::var_os("ARSRING_PG_BIN") {
        let dir = PathBuf::from(dir);
        return complete(&dir).then_some(dir);
    }
    std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version: Vec<u32> =
                entry.file_name().to_str()?.split('.').map(|part| part.parse().ok()).collect::<Option<_>>()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin)| complete(bin))
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, bin)| bin)
}

/// Starts a fresh cluster, or `None` (a loud skip) when PostgreSQL is not installed.
pub fn postgres() -> Option<Postgres> {
    let bin = postgres_bin();
    let installed = bin.is_some() && std::path::Path::new("/usr/bin/openssl").exists();
    if !available("PostgreSQL (Debian package postgresql)", installed) {
        return None;
    }
    let tmp = tempfile::Builder::new().prefix("arsring-pg-").tempdir().expect("temp dir for PostgreSQL");
    let dir = tmp.path().to_path_buf();
    let mut pg = Postgres {
        child: None,
        port: crate::free_port(),
        ca: dir.join("tls/ca.pem"),
        dir,
        bin: bin.expect("checked above"),
        started_in: Duration::ZERO,
        _dir: tmp,
    };
    pg.start();
    Some(pg)
}

impl Postgres {
    /// `postgres://arsring:<password>@127.0.0.1:<port>/arsring`. No `sslmode`: libpq's
    /// default (`prefer`) then uses TLS, since the server offers it.
    pub fn url(&self) -> String {
        format!("postgres://{POSTGRES_USER}:{POSTGRES_PASSWORD}@127.0.0.1:{}/{POSTGRES_DATABASE}", self.port)
    }

    /// [`Postgres::url`] with `?sslmode=require`: encrypted; whether the certificate is
    /// checked is up to the client (libpq: not without a root certificate; a rustls
    /// connector: against the roots it is given, e.g. [`Postgres::ca`]).
    pub fn url_tls(&self) -> String {
        format!("{}?sslmode=require", self.url())
    }

    /// [`Postgres::url`] with `?sslmode=verify-full&sslrootcert=<ca>`, as libpq and sqlx
    /// read it (tokio-postgres 0.7 knows neither the mode nor the parameter).
    pub fn url_verify_full(&self) -> String {
        format!("{}?sslmode=verify-full&sslrootcert={}", self.url(), self.ca.display())
    }

    /// [`Postgres::url`] with `?sslmode=disable`: plain TCP (still scram-sha-256).
    pub fn url_plain(&self) -> String {
        format!("{}?sslmode=disable", self.url())
    }

    /// `postgres://postgres:<password>@127.0.0.1:<port>/postgres`.
    pub fn superuser_url(&self) -> String {
        format!("postgres://{POSTGRES_SUPERUSER}:{POSTGRES_SUPERUSER_PASSWORD}@127.0.0.1:{}/postgres", self.port)
    }

    /// The unix socket's directory (`trust`: any role, no password; root and postgres only).
    pub fn socket_dir(&self) -> PathBuf {
        self.dir.join("run")
    }

    /// The postmaster's PID while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The server's log so far (all starts).
    pub fn log(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(self.dir.join("postgres.log")).unwrap_or_default()).into_owned()
    }

    /// Starts the server again on the same port and data (a no-op while it runs); after
    /// [`Postgres::kill`] that is crash recovery. Panics, with the log, when it does not come
    /// up within 60 s (e.g. the port was taken meanwhile).
    pub fn start(&mut self) {
        if self.child.is_some() {
            return;
        }
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("postgres.log"))
            .expect("open postgres.log");
        let started = Instant::now();
        let child = Command::new(script("postgres.sh"))
            .arg(&self.dir)
            .arg(self.port.to_string())
            .env("ARSRING_PG_BIN", &self.bin)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("start postgres.sh");
        let pid = child.id();
        self.child = Some(child);
        let deadline = started + Duration::from_secs(60);
        while !self.ready(pid) {
            if let Ok(Some(status)) = self.child.as_mut().map_or(Ok(None), Child::try_wait) {
                self.child = None;
                panic!(
                    "postgres.sh exited ({status}) before PostgreSQL was ready on port {}:\n{}",
                    self.port,
                    self.log()
                );
            }
            if Instant::now() > deadline {
                self.kill();
                panic!("PostgreSQL was not ready on port {} within 60 s:\n{}", self.port, self.log());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.started_in = started.elapsed();
    }

    /// Line 1 of `postmaster.pid` is our postmaster and line 8 says `ready` (what `pg_ctl
    /// -w` waits for): recovery is over and connections are accepted.
    fn ready(&self, pid: u32) -> bool {
        std::fs::read_to_string(self.dir.join("data/postmaster.pid")).is_ok_and(|text| {
            let lines: Vec<&str> = text.lines().map(str::trim).collect();
            lines.first() == Some(&pid.to_string().as_str()) && lines.get(7) == Some(&"ready")
        })
    }

    /// A fast shutdown (SIGINT, what `pg_ctl stop -m fast` sends): sessions are ended, open
    /// transactions rolled back, a shutdown checkpoint written. Returns once the postmaster
    /// (the last of its processes) has exited; a no-op when it is not running.
    pub fn stop(&mut self) {
        if let Err(e) = self.shut_down() {
            panic!("{e}:\n{}", self.log());
        }
    }

    fn shut_down(&mut self) -> Result<(), String> {
        let Some(mut child) = self.child.take() else { return Ok(()) };
        // SAFETY: a signal to our own child, which has not been reaped yet.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match child.try_wait() {
                Ok(Some(_)) => return Ok(()),
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
                _ => {
                    self.child = Some(child);
                    self.kill();
                    return Err("PostgreSQL did not stop within 60 s of SIGINT; killed it".into());
                }
            }
        }
    }

    /// A crash: SIGKILL to the postmaster and to every process it forked (checkpointer, WAL
    /// writer, backends), as a crash of the machine would end them, though what they wrote
    /// is in the OS's page cache and so survives. Returns once they are all gone, so that
    /// [`Postgres::start`] can run crash recovery at once. A no-op when not running.
    pub fn kill(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        let postmaster = child.id();
        // SAFETY: signals to our own unreaped child, then to the processes it forked.
        // Stopped first, it forks nothing between the listing and the kill.
        unsafe { libc::kill(postmaster as i32, libc::SIGSTOP) };
        let forked = processes_with_parent(postmaster);
        unsafe { libc::kill(postmaster as i32, libc::SIGKILL) };
        for pid in &forked {
            unsafe { libc::kill(*pid as i32, libc::SIGKILL) };
        }
        let _ = child.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        while forked.iter().any(|pid| process_alive(*pid)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// `psql` (`-X -A -t -q -v ON_ERROR_STOP=1`, client encoding UTF8) with no other `PG*`
    /// variable of ours inherited, for a test to add a connection string, `-c`, or
    /// `PGSSLMODE` and the like.
    pub fn psql_command(&self) -> Command {
        let mut command = Command::new(self.bin.join("psql"));
        command.args(["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1"]).stdin(Stdio::null());
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("PG") {
                command.env_remove(name);
            }
        }
        command.env("PGCLIENTENCODING", "UTF8");
        command
    }

    /// Runs `sql` with `psql` on `conninfo` (a URL); its output trimmed, or its stderr.
    pub fn psql(&self, conninfo: &str, sql: &str) -> Result<String, String> {
        let out = self.psql_command().arg(conninfo).args(["-c", sql]).output().expect("run psql");
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }

    /// Runs `sql` in the database `arsring` as the superuser, over the unix socket; panics
    /// on an error.
    pub fn sql(&self, sql: &str) -> String {
        let out = self
            .psql_command()
            .arg("-h")
            .arg(self.socket_dir())
            .args(["-p", &self.port.to_string(), "-U", POSTGRES_SUPERUSER, "-d", POSTGRES_DATABASE, "-c", sql])
            .output()
            .expect("run psql");
        assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("--- PostgreSQL log ({}), last lines ---", self.dir.display());
            tail.iter().rev().for_each(|line| eprintln!("{line}"));
        }
        if let Err(e) = self.shut_down() {
            eprintln!("{e}");
        }
        // The TempDir field removes the directory.
    }
}

/// The processes whose parent is `parent` (from `/proc/<pid>/stat`).
fn processes_with_parent(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| proc_stat(*pid).is_some_and(|(_, ppid)| ppid == parent))
        .collect()
}

/// Running, or at least not yet a zombie (a zombie holds no memory or files any more).
fn process_alive(pid: u32) -> bool {
    proc_stat(pid).is_some_and(|(state, _)| state != 'Z' && state != 'X')
}

/// The state and parent PID of a process.
fn proc_stat(pid: u32) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((state, ppid))
}

/// The test venv's Python with openpyxl, to read the collector's .xlsx workbooks back.
pub fn openpyxl() -> Option<PathBuf> {
    let python = peers_dir().join("venv/bin/python");
    let ready =
        Command::new(&python).args(["-c", "import openpyxl"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    available("openpyxl in the test venv", ready).then_some(python)
}
