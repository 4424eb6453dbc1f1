use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use tower::ServiceExt;

use super::off_the_workers;

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
    let router =
        Router::new().route("/slow", slow).layer(axum::middleware::from_fn(off_the_workers)).route("/fast", fast);
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
