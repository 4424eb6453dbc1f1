//! One line per request, for the operator: method, path, status, time taken, who (the
//! token's, key's or session's name, never the secret) and from where. With
//! `ARSRING_LOG_FORMAT=json` each is a JSON object on its own line, ready for a log shipper.
//! The same layer gives every answer its floor of headers (`headers::every_answer`): each
//! layer wraps every request, ingest's thousands a second among them.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::ConnectInfo;
use axum::http::{self, Method};

use super::headers::Transport;
use crate::tokens::Caller;

/// The tracing target of the request lines, to filter them (`ARSRING_LOG=arsring::requests=off`).
pub const TARGET: &str = "arsring::requests";

const MAX_PATH: usize = 200;

/// The layer every request passes first: its line in the log, and the floor of headers on its
/// answer. Written out rather than `middleware::from_fn`, which boxes the rest of the stack and
/// its future again for every request.
#[derive(Clone, Copy)]
pub struct RequestLog {
    transport: Transport,
}

impl RequestLog {
    pub fn new(transport: Transport) -> RequestLog {
        RequestLog { transport }
    }
}

impl<S> tower::Layer<S> for RequestLog {
    type Service = Logged<S>;

    fn layer(&self, inner: S) -> Logged<S> {
        Logged { transport: self.transport, inner }
    }
}

/// A service behind its [`RequestLog`].
#[derive(Clone)]
pub struct Logged<S> {
    transport: Transport,
    inner: S,
}

impl<S, R, B> tower::Service<http::Request<R>> for Logged<S>
where
    S: tower::Service<http::Request<R>, Response = http::Response<B>>,
{
    type Response = http::Response<B>;
    type Error = S::Error;
    type Future = Answer<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<R>) -> Self::Future {
        // With request lines filtered out (`ARSRING_LOG=warn`), nothing of them is made.
        let line = tracing::enabled!(target: TARGET, tracing::Level::INFO).then(|| Line::of(&request));
        Answer { inner: self.inner.call(request), transport: self.transport, line }
    }
}

pin_project_lite::pin_project! {
    /// The answer with its headers, logged once it is made.
    pub struct Answer<F> {
        #[pin]
        inner: F,
        transport: Transport,
        line: Option<Line>,
    }
}

impl<F, B, E> Future for Answer<F>
where
    F: Future<Output = Result<http::Response<B>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = std::task::ready!(this.inner.poll(cx))?;
        super::headers::every_answer(response.headers_mut(), *this.transport);
        if let Some(line) = this.line.take() {
            line.write(&response);
        }
        Poll::Ready(Ok(response))
    }
}

/// What the log says of a request, taken before it is handled.
struct Line {
    started: Instant,
    method: Method,
    path: String,
    client: Option<String>,
}

impl Line {
    fn of<R>(request: &http::Request<R>) -> Line {
        Line {
            started: Instant::now(),
            method: request.method().clone(),
            // The path only: a query may carry a search for a person's name, and is not
            // needed to tell what was asked of whom.
            path: clip(request.uri().path()),
            client: request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()),
        }
    }

    fn write<B>(self, response: &http::Response<B>) {
        let who = response.extensions().get::<Caller>().map(|c| c.name.as_str()).unwrap_or("-");
        tracing::info!(
            target: TARGET,
            method = %self.method,
            path = self.path,
            status = response.status().as_u16(),
            // Microseconds, written as milliseconds with three decimals.
            ms = self.started.elapsed().as_micros() as f64 / 1000.0,
            who,
            client = self.client.as_deref().unwrap_or("local"),
            "request"
        );
    }
}

fn clip(path: &str) -> String {
    match path.char_indices().nth(MAX_PATH) {
        Some((end, _)) => format!("{}…", &path[..end]),
        None => path.to_string(),
    }
}
