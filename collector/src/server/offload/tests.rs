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
