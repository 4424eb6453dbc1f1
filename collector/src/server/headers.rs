//! Headers every answer carries, pages and API alike. The pages add their own policy
//! (CSP, framing) in `web`; these are the floor under everything.

use axum::http::HeaderMap;
use axum::http::header::{self, HeaderValue};

/// How the collector is reached, for the headers that depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    Https,
    /// Plain HTTP (on loopback only, when asked for), or the admin socket.
    Plain,
}

/// Answers hold inventory and charges: no shared cache may keep them, and no browser may
/// guess a type other than the one stated. Static assets say otherwise for themselves.
///
/// Over HTTPS, browsers that once reached the collector securely never again try plain HTTP
/// for it (a year, the common choice; no `includeSubDomains`, which would bind every other
/// host of the municipality's domain).
pub fn every_answer(headers: &mut HeaderMap, transport: Transport) {
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if transport == Transport::Https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
}
