//! Routes that compute for milliseconds run off the runtime's workers.
//!
//! A page, a CSV of the whole fleet or a lifecycle plan spends 5–50 ms of CPU in plain
//! synchronous code; on a worker, every other task that worker holds (ingest's connections
//! among them) waits that long, and on a small machine there are only one or two workers.
//! Ingest itself stays on the workers: a report costs a few tens of microseconds, less than
//! handing it to another thread would.
//!
//! The same goes for compressing such an answer: the router's compression layer gzips a body
//! while the connection sends it, on a worker, and a CSV of 10 000 devices (1.8 MB) takes
//! about 30 ms to gzip. A large text or JSON answer to a client that takes gzip is therefore
//! compressed here, on the blocking thread, and the router's layer leaves an answer that
//! already has a `Content-Encoding` as it is.

use std::future::Future;
use std::io::Write as _;
use std::pin::Pin;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
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
    let gzip = takes_gzip(request.headers());
    let answer = async move {
        let response = next.run(request).await;
        if gzip { gzipped(response).await } else { response }
    };
    match handle.spawn_blocking(move || runtime.block_on(answer)).await {
        Ok(response) => response,
        Err(failed) => {
            tracing::error!(%failed, "a request's handler did not finish");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Answers smaller than this are left to the router's compression layer: gzipping them costs
/// the worker less than a millisecond.
const GZIP_HERE_FROM: usize = 32 * 1024;

/// Whether the request's `Accept-Encoding` takes gzip (`gzip` or `x-gzip`, not at `q=0`).
fn takes_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()) == Some(0.0));
            (name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip")) && !refused
        },
    )
}

/// `response` gzipped when it is text or JSON of at least [`GZIP_HERE_FROM`] bytes and not
/// encoded already (or a range); as it is otherwise.
async fn gzipped(response: Response) -> Response {
    let headers = response.headers();
    let textual = headers
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.starts_with("text/") || t.starts_with("application/json"));
    let encoded = headers.contains_key(header::CONTENT_ENCODING) || headers.contains_key(header::CONTENT_RANGE);
    let small = axum::body::HttpBody::size_hint(response.body()).upper().is_some_and(|n| n < GZIP_HERE_FROM as u64);
    if !textual || encoded || small {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(failed) => {
            tracing::error!(%failed, "an answer's body could not be read to compress it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if bytes.len() < GZIP_HERE_FROM {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::default());
    // Writing to a `Vec` cannot fail.
    let Ok(packed) = encoder.write_all(&bytes).and_then(|()| encoder.finish()) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    Response::from_parts(parts, Body::from(packed))
}

#[cfg(test)]
mod tests;
