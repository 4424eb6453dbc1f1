//! Routes that compute for milliseconds run off the runtime's workers.
//!
//! A page, a CSV of the whole fleet or a lifecycle plan spends 5–50 ms of CPU in plain
//! synchronous code; on a worker, every other task that worker holds (ingest's connections
//! among them) waits that long, and on a small machine there are only one or two workers.
//! Ingest itself stays on the workers: a report costs a few tens of microseconds, less than
//! handing it to another thread would.

use std::future::Future;
use std::pin::Pin;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{FromFnLayer, Next};
use axum::response::{IntoResponse, Response};
use tokio::runtime::{Handle, RuntimeFlavor};

/// What a route group wears to run off the workers: [`off_the_workers`] as a layer.
pub type Offload = FromFnLayer<fn(Request, Next) -> Answer, (), (Request,)>;
type Answer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// The layer of the routes that compute for milliseconds (pages, the API's reads and imports).
pub fn layer() -> Offload {
    let run: fn(Request, Next) -> Answer = |request, next| Box::pin(off_the_workers(request, next));
    axum::middleware::from_fn(run)
}

/// Runs the rest of the request on a thread of the blocking pool and awaits it there.
///
/// Not `block_in_place`: that would block the connection's own task, and in hyper that
/// task is also the one reading the request's body from the socket, so a handler waiting
/// for a body that had not arrived with the head would wait for ever. Here the connection's
/// task stays free to feed the body while the handler runs elsewhere. On a current-thread
/// runtime (the in-process tests) there is no other thread to use, and the request runs
/// where it is.
async fn off_the_workers(request: Request, next: Next) -> Response {
    let handle = Handle::current();
    if handle.runtime_flavor() != RuntimeFlavor::MultiThread {
        return next.run(request).await;
    }
    let runtime = handle.clone();
    match handle.spawn_blocking(move || runtime.block_on(next.run(request))).await {
        Ok(response) => response,
        Err(failed) => {
            tracing::error!(%failed, "a request's handler did not finish");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests;
