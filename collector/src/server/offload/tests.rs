use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use tower::ServiceExt;

/// On a runtime with one worker, a handler that holds its thread (as a page render does)
/// behind the layer lets another request run meanwhile: the second request releases the
/// first. Without the layer both would need the one worker, and the first would give up after
/// its 10 s with "stuck" (a deadline for a failing run, not a measurement).
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_long_handler_leaves_the_worker_to_other_requests() {
    let (release, released) = mpsc::channel::<()>();
    let released = Arc::new(Mutex::new(released));
    let (started, has_started) = tokio::sync::oneshot::channel::<()>();
    let started = Arc::new(Mutex::new(Some(started)));
    let slow = get(move || {
        let (released, started) = (released.clone(), started.clone());
        async move {
            if let Some(started) = started.lock().unwrap().take() {
                let _ = started.send(());
            }
            let waited = released.lock().unwrap().recv_timeout(Duration::from_secs(10));
            if waited.is_ok() { "released" } else { "stuck" }
        }
    });
    let fast = get(move || {
        let release = release.clone();
        async move {
            release.send(()).unwrap();
            "sent"
        }
    });
    let router = Router::new().route("/slow", slow).layer(super::layer()).route("/fast", fast);
    let ask = |router: Router, path: &'static str| {
        tokio::spawn(async move {
            let answer = router.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
            let body = axum::body::to_bytes(answer.into_body(), 1024).await.unwrap();
            String::from_utf8(body.to_vec()).unwrap()
        })
    };
    let slow = ask(router.clone(), "/slow");
    has_started.await.unwrap();
    let fast = ask(router, "/fast");
    assert_eq!(slow.await.unwrap(), "released");
    assert_eq!(fast.await.unwrap(), "sent");
}

/// Behind the layer, a handler reading a body that arrives after the request's head gets it:
/// the connection's task, which reads the body from the socket, is not the one held by the
/// handler. Served by hyper over loopback, as in the collector, on one worker; the body is
/// sent only once the handler has started waiting for it. Failing, the client's read gives up
/// after 10 s (a deadline for a failing run, not a measurement), and the runtime is left
/// behind rather than waited for, since its held thread would never end.
#[test]
fn a_body_sent_after_the_head_reaches_the_handler() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let answer = runtime.block_on(post_a_late_body());
    runtime.shutdown_background();
    let answer = answer.expect("the handler never got the body");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("got 200000 bytes"), "{answer}");
}

/// The answer to a 200 000-byte POST whose body is written once the handler waits for it.
async fn post_a_late_body() -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let (waiting, handler_waits) = tokio::sync::oneshot::channel::<()>();
    let waiting = Arc::new(Mutex::new(Some(waiting)));
    let echo = axum::routing::post(move |request: axum::extract::Request| {
        let waiting = waiting.clone();
        async move {
            let _ = waiting.lock().unwrap().take().map(|w| w.send(()));
            let body = axum::body::to_bytes(request.into_body(), 1 << 20).await.unwrap();
            format!("got {} bytes", body.len())
        }
    });
    let router = Router::new().route("/echo", echo).layer(super::layer());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let body = vec![b'x'; 200_000];
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let head =
        format!("POST /echo HTTP/1.1\r\nhost: here\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
    socket.write_all(head.as_bytes()).await.unwrap();
    handler_waits.await.unwrap();
    let exchange = async {
        socket.write_all(&body).await.unwrap();
        let mut answer = String::new();
        socket.read_to_string(&mut answer).await.unwrap();
        answer
    };
    tokio::time::timeout(Duration::from_secs(10), exchange).await.ok()
}

/// What a route behind the layer answers, its `Content-Encoding` and body decoded.
async fn fetch(router: Router, path: &str, accept: Option<&str>) -> (Option<String>, Vec<u8>) {
    let mut request = Request::get(path);
    if let Some(accept) = accept {
        request = request.header("accept-encoding", accept);
    }
    let answer = router.oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let encoding = answer.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_string());
    if encoding.is_some() {
        assert_eq!(answer.headers().get("vary").unwrap(), "accept-encoding");
    }
    let body = axum::body::to_bytes(answer.into_body(), usize::MAX).await.unwrap().to_vec();
    let decoded = match encoding.as_deref() {
        Some("gzip") => {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut out).unwrap();
            out
        }
        _ => body,
    };
    (encoding, decoded)
}

/// A large page, CSV or JSON answer is gzipped by the layer itself (on the blocking thread it
/// runs the handler on) when the client takes gzip, and only then; small answers and bodies
/// that are not text are left to the router's compression layer. With that layer around the
/// router, as the collector has it, the answer is compressed once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_text_answers_are_gzipped_off_the_workers() {
    let csv = "device,name,serial\n".repeat(300_000 / 19 + 1)[..300_000].to_string();
    let json = format!("[{}]", vec!["{\"a\":1}"; 40_000].join(","));
    let (big, big_json) = (csv.clone(), json.clone());
    let router = Router::new()
        .route("/csv", get(move || async move { ([("content-type", "text/csv")], big) }))
        .route("/json", get(move || async move { ([("content-type", "application/json")], big_json) }))
        .route("/png", get(|| async { ([("content-type", "image/png")], vec![7u8; 300_000]) }))
        .route("/small", get(|| async { "small".repeat(100) }))
        .layer(super::layer());

    let (encoding, body) = fetch(router.clone(), "/csv", Some("br, gzip;q=0.8")).await;
    assert_eq!((encoding.as_deref(), body.as_slice()), (Some("gzip"), csv.as_bytes()));
    let (encoding, body) = fetch(router.clone(), "/json", Some("gzip")).await;
    assert_eq!((encoding.as_deref(), body.as_slice()), (Some("gzip"), json.as_bytes()));
    for refused in [None, Some("identity"), Some("gzip;q=0"), Some("br")] {
        let (encoding, body) = fetch(router.clone(), "/csv", refused).await;
        assert_eq!((encoding, body.len()), (None, csv.len()), "{refused:?}");
    }
    assert_eq!(fetch(router.clone(), "/png", Some("gzip")).await.0, None);
    assert_eq!(fetch(router.clone(), "/small", Some("gzip")).await.0, None);

    let wrapped = router.layer(tower_http::compression::CompressionLayer::new());
    let (encoding, body) = fetch(wrapped.clone(), "/csv", Some("gzip")).await;
    assert_eq!((encoding.as_deref(), body.as_slice()), (Some("gzip"), csv.as_bytes()), "compressed once");
    let (encoding, body) = fetch(wrapped, "/small", Some("gzip")).await;
    assert_eq!((encoding.as_deref(), body.as_slice()), (Some("gzip"), "small".repeat(100).as_bytes()));
}

#[test]
fn gzip_is_taken_as_accept_encoding_says() {
    let takes = |value: &str| {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("accept-encoding", value.parse().unwrap());
        super::takes_gzip(&headers)
    };
    assert!(takes("gzip"));
    assert!(takes("deflate, GZIP;q=0.5"));
    assert!(takes("x-gzip"));
    assert!(!takes("gzip;q=0"));
    assert!(!takes("br, deflate"));
    assert!(!takes("gzipped"));
    assert!(!super::takes_gzip(&axum::http::HeaderMap::new()));
}
