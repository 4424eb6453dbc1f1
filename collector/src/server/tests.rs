use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::*;
use crate::app::{self, AppConfig};
use crate::config::Config;
use crate::tokens::{self, Role};

struct Served {
    running: Running,
    dir: tempfile::TempDir,
    viewer: String,
    admin: String,
}

fn serve(tls: bool, limits: Limits) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let (viewer, _) = tokens::create(dir.path(), Role::Viewer, "Ekonomi-läsare").unwrap();
    let (admin, _) = tokens::create(dir.path(), Role::Admin, "admin").unwrap();
    let config = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };
    let state = app::open(dir.path(), AppConfig::from_config(&config)).unwrap();
    let tls = tls.then(|| crate::tls::identity(dir.path(), None, &["localhost".into()]).unwrap().server_config);
    let running = start_with("127.0.0.1:0".parse().unwrap(), state, tls, limits).unwrap();
    Served { running, dir, viewer, admin }
}

/// Trusts the collector's local CA (or only the system's roots without `dir`), as agents do.
fn client(dir: Option<&Path>) -> reqwest::Client {
    let ca = dir.map(|d| d.join("tls/ca.pem"));
    let tls = arsring_agent::deliver::tls_config(ca.as_deref()).unwrap();
    reqwest::Client::builder().use_preconfigured_tls(tls).build().unwrap()
}

#[tokio::test]
async fn every_answer_is_uncacheable_typed_and_https_only() {
    let served = serve(true, Limits::default());
    let url = format!("https://localhost:{}/api/v1/summary", served.running.addr.port());
    let answer = client(Some(served.dir.path())).get(&url).bearer_auth(&served.viewer).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let headers = answer.headers();
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["strict-transport-security"], "max-age=31536000");
    // Assets keep their own caching; a refusal is as uncacheable as an answer.
    let base = format!("https://localhost:{}", served.running.addr.port());
    let asset = client(Some(served.dir.path())).get(format!("{base}/static/app.css")).send().await.unwrap();
    assert_eq!(asset.headers()["cache-control"], "public, max-age=3600");
    let refused = client(Some(served.dir.path())).get(format!("{base}/api/v1/devices")).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.headers()["cache-control"], "no-store");
    served.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn plain_http_does_not_claim_strict_transport() {
    let served = serve(false, Limits::default());
    let answer = client(None).get(format!("{}/healthz", served.running.url)).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert!(answer.headers().get("strict-transport-security").is_none());
    served.running.shutdown().await.unwrap();
}

/// Blocks until the server closes `stream`, or fails after `within`.
fn closed_by_server(mut stream: TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 1024];
    let started = Instant::now();
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return started.elapsed() < within,
        }
    }
}

/// Two connections held open; a third is closed at once; once the two close, there is room.
async fn third_is_refused_until_two_close(limits: Limits) {
    let served = serve(false, limits);
    let addr = served.running.addr;
    tokio::task::spawn_blocking(move || {
        let first = TcpStream::connect(addr).unwrap();
        let second = TcpStream::connect(addr).unwrap();
        // Give the accept loop time to take both before the third arrives.
        std::thread::sleep(Duration::from_millis(300));
        let third = TcpStream::connect(addr).unwrap();
        assert!(closed_by_server(third, Duration::from_secs(10)), "the third connection stays open");
        drop(first);
        drop(second);
        std::thread::sleep(Duration::from_millis(300));
        let mut again = TcpStream::connect(addr).unwrap();
        again.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        let mut answer = String::new();
        again.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    })
    .await
    .unwrap();
    served.running.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_are_closed_and_places_come_back() {
    third_is_refused_until_two_close(Limits { max_connections: 2, ..Limits::default() }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_take_every_place() {
    third_is_refused_until_two_close(Limits { per_address: 2, ..Limits::default() }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_headers_is_let_go() {
    let limits =
        Limits { headers: Duration::from_millis(300), first_request: Duration::from_millis(600), ..Limits::default() };
    let served = serve(false, limits);
    let addr = served.running.addr;
    tokio::task::spawn_blocking(move || {
        let mut slow = TcpStream::connect(addr).unwrap();
        slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
        assert!(closed_by_server(slow, Duration::from_secs(20)), "a half-sent request holds its connection");
        // A kept-alive connection that goes quiet after an answer is let go as well.
        let mut idle = TcpStream::connect(addr).unwrap();
        idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut first = [0u8; 12];
        idle.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"HTTP/1.1 200");
        assert!(closed_by_server(idle, Duration::from_secs(20)), "an idle kept-alive connection is kept");
        // Silence from the first byte on is cut off too.
        let silent = TcpStream::connect(addr).unwrap();
        assert!(closed_by_server(silent, Duration::from_secs(20)), "a silent connection is kept");
    })
    .await
    .unwrap();
    served.running.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_sent_too_slowly_is_refused() {
    let limits = Limits { body: Duration::from_millis(300), ..Limits::default() };
    let served = serve(false, limits);
    let addr = served.running.addr;
    // An admin may post reports, so the handler waits for the body.
    let admin = served.admin.clone();
    tokio::task::spawn_blocking(move || {
        let mut slow = TcpStream::connect(addr).unwrap();
        let head = format!(
            "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {admin}\r\nContent-Type: \
             application/json\r\nContent-Length: 1000\r\n\r\n{{"
        );
        slow.write_all(head.as_bytes()).unwrap();
        assert!(closed_by_server(slow, Duration::from_secs(20)), "a trickled body holds its connection");
    })
    .await
    .unwrap();
    served.running.shutdown().await.unwrap();
}

/// Log lines written while a test runs, as `ARSRING_LOG_FORMAT=json` writes them.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// A current-thread runtime: the server's tasks run on this thread, under its subscriber.
#[tokio::test]
async fn each_request_is_one_json_line_naming_who_but_never_the_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().json().flatten_event(true).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Tests on other threads meet the request line too. With a single dispatcher, tracing
    // asks only the registering thread's own (none there) whether the line is wanted, and
    // caches "never"; with two alive it asks every one, this thread's included.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    tracing::callsite::rebuild_interest_cache();
    let served = serve(true, Limits::default());
    let base = format!("https://localhost:{}", served.running.addr.port());
    let http = client(Some(served.dir.path()));
    let ok = http.get(format!("{base}/api/v1/devices?format=csv")).bearer_auth(&served.viewer).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let refused = http.get(format!("{base}/api/v1/summary")).bearer_auth("ars_wrong").send().await.unwrap();
    assert_eq!(refused.status(), 401);
    served.running.shutdown().await.unwrap();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|l: &serde_json::Value| l["target"] == requests::TARGET)
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["method"], "GET");
    assert_eq!(lines[0]["path"], "/api/v1/devices", "the query stays out of the log");
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[0]["who"], "Ekonomi-läsare");
    assert_eq!(lines[0]["client"], "127.0.0.1");
    assert!(lines[0]["ms"].as_f64().is_some_and(|ms| ms >= 0.0));
    assert_eq!((lines[1]["status"].as_u64(), lines[1]["who"].as_str()), (Some(401), Some("-")));
    assert!(!text.contains(&served.viewer) && !text.contains("ars_wrong"), "a secret reached the log");
}

// HTTP/2: a body over the limit gets its 413, not a reset stream; likewise a refusal given
// before the body is read. Over TLS, where browsers and curl speak HTTP/2 by ALPN.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_http2_an_early_refusal_reaches_the_client() {
    let served = serve(true, Limits::default());
    let url = format!("https://localhost:{}/api/v1/reports", served.running.addr.port());
    let mut tls = arsring_agent::deliver::tls_config(Some(&served.dir.path().join("tls/ca.pem"))).unwrap();
    tls.alpn_protocols = vec![b"h2".to_vec()];
    let http = reqwest::Client::builder().use_preconfigured_tls(tls).build().unwrap();
    let big = vec![b'a'; 2 * arsring_protocol::MAX_REPORT_BYTES];
    let answer = http.post(&url).bearer_auth(&served.admin).body(big.clone()).send().await.unwrap();
    assert_eq!(answer.version(), reqwest::Version::HTTP_2);
    assert_eq!(answer.status(), 413);
    assert!(answer.text().await.unwrap().contains("body larger than"));
    let refused = http.post(&url).bearer_auth("ars_wrong").body(big).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    served.running.shutdown().await.unwrap();
}

/// The reason an HTTP/2 server gives when it resets a POST whose answer came before its body.
async fn reset_reason_after_early_answer(addr: std::net::SocketAddr, token: &str) -> (u16, h2::Reason) {
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut client, connection) = h2::client::handshake(tcp).await.unwrap();
    tokio::spawn(connection);
    let request = axum::http::Request::post("http://localhost/api/v1/reports")
        .header("authorization", format!("Bearer {token}"))
        .header("content-length", (2 * arsring_protocol::MAX_REPORT_BYTES).to_string())
        .body(())
        .unwrap();
    let (response, mut body) = client.send_request(request, false).unwrap();
    // Sends as fast as the collector lets it, until the stream is closed one way or another.
    let sending = tokio::spawn(async move {
        let chunk = axum::body::Bytes::from(vec![b'a'; 16 * 1024]);
        loop {
            body.reserve_capacity(chunk.len());
            match std::future::poll_fn(|cx| body.poll_capacity(cx)).await {
                Some(Ok(n)) if body.send_data(chunk.slice(..n), false).is_ok() => continue,
                _ => return std::future::poll_fn(|cx| body.poll_reset(cx)).await.unwrap(),
            }
        }
    });
    let status = response.await.unwrap().status().as_u16();
    (status, sending.await.unwrap())
}

// Over HTTP/2 a refusal sent before the body is read is followed by RST_STREAM(NO_ERROR), as
// RFC 9113 §8.1 asks (h2 does so once the answer is out); CANCEL would make browsers report
// a broken stream instead of the status. (curl before 8 reports error 92 even so.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_http2_an_early_answer_ends_the_upload_cleanly() {
    let served = serve(false, Limits::default());
    let (status, reason) = reset_reason_after_early_answer(served.running.addr, &served.admin).await;
    assert_eq!((status, reason), (413, h2::Reason::NO_ERROR));
    let (status, reason) = reset_reason_after_early_answer(served.running.addr, "ars_wrong").await;
    assert_eq!((status, reason), (401, h2::Reason::NO_ERROR));
    served.running.shutdown().await.unwrap();
}
