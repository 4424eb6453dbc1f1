//! One line per request, for the operator: method, path, status, time taken, who (the
//! token's, key's or session's name, never the secret) and from where. With
//! `ARSRING_LOG_FORMAT=json` each is a JSON object on its own line, ready for a log shipper.
//! The same layer gives every answer its floor of headers (`headers::every_answer`): each
//! layer wraps every request, ingest's thousands a second among them.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::headers::Transport;
use crate::tokens::Caller;

/// The tracing target of the request lines, to filter them (`ARSRING_LOG=arsring::requests=off`).
pub const TARGET: &str = "arsring::requests";

const MAX_PATH: usize = 200;

pub async fn log_and_answer(State(transport): State<Transport>, request: Request, next: Next) -> Response {
    // With request lines filtered out (`ARSRING_LOG=warn`), nothing of them is made.
    if !tracing::enabled!(target: TARGET, tracing::Level::INFO) {
        let mut response = next.run(request).await;
        super::headers::every_answer(&mut response, transport);
        return response;
    }
    let started = Instant::now();
    let method = request.method().clone();
    // The path only: a query may carry a search for a person's name, and is not needed to
    // tell what was asked of whom.
    let path = clip(request.uri().path());
    let client = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    let mut response = next.run(request).await;
    super::headers::every_answer(&mut response, transport);
    let who = response.extensions().get::<Caller>().map(|c| c.name.as_str()).unwrap_or("-");
    tracing::info!(
        target: TARGET,
        method = %method,
        path,
        status = response.status().as_u16(),
        // Microseconds, written as milliseconds with three decimals.
        ms = started.elapsed().as_micros() as f64 / 1000.0,
        who,
        client = client.as_deref().unwrap_or("local"),
        "request"
    );
    response
}

fn clip(path: &str) -> String {
    match path.char_indices().nth(MAX_PATH) {
        Some((end, _)) => format!("{}…", &path[..end]),
        None => path.to_string(),
    }
}
