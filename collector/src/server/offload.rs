//! Routes that compute for milliseconds run off the runtime's workers.
//!
//! A page, a CSV of the whole fleet or a lifecycle plan spends 5–50 ms of CPU in plain
//! synchronous code; on a worker, every other task that worker holds (ingest's connections
//! among them) waits that long, and on a small machine there are only one or two workers.
//! Ingest itself stays on the workers: a report costs a few tens of microseconds, less than
//! handing it to another thread would.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use tokio::runtime::{Handle, RuntimeFlavor};

/// Runs the rest of the request on a thread of its own (`block_in_place`): the worker's
/// other tasks move to a fresh worker meanwhile. On a current-thread runtime (the in-process
/// tests) there is nothing to move to, and the request runs where it is.
pub async fn off_the_workers(request: Request, next: Next) -> Response {
    let handle = Handle::current();
    if handle.runtime_flavor() != RuntimeFlavor::MultiThread {
        return next.run(request).await;
    }
    tokio::task::block_in_place(move || handle.block_on(next.run(request)))
}

#[cfg(test)]
mod tests;
