//! A throwaway PostgreSQL cluster for the store tests.

use super::*;

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
