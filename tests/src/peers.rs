//! Real peers for the interop tests: SNMP Simulator serving recordings of real devices,
//! Net-SNMP's snmpd, the vSphere simulator, slapd, PostgreSQL (`peers/postgres.rs`) and the
//! venv's openpyxl. `tests/peers/install.sh` installs them; these helpers start them on free
//! loopback ports and stop them when dropped.
//!
//! Where the peers are not installed, a test says so loudly on stderr and passes as
//! skipped, unless `ARSRING_REQUIRE_PEERS=1` (CI), which turns the skip into a failure.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod postgres;

pub use postgres::*;

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

/// `root/data` for recordings and `root/cache` for SNMP Simulator's index of them, made so
/// that the simulator, which drops to `nobody` when run as root, can read and write them.
pub fn snmpsim_dirs(root: &std::path::Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let (data, cache) = (root.join("data"), root.join("cache"));
    for d in [&data, &cache] {
        std::fs::create_dir_all(d).unwrap();
    }
    for d in [root, &data, &cache] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    (data, cache)
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

/// The test venv's Python with openpyxl, to read the collector's .xlsx workbooks back.
pub fn openpyxl() -> Option<PathBuf> {
    let python = peers_dir().join("venv/bin/python");
    let ready =
        Command::new(&python).args(["-c", "import openpyxl"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    available("openpyxl in the test venv", ready).then_some(python)
}
