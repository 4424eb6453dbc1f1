//! For the in-process tests: every answer a test receives from the router is checked against
//! the API's description (`arsring-conformance`), the description read from the router
//! itself (`/api/v1/openapi.json`).

use std::sync::OnceLock;

use arsring_conformance::{Description, Received};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The description, fetched once per test process (it is the same for every store).
async fn description(router: &Router) -> &'static Description {
    static DESCRIPTION: OnceLock<Description> = OnceLock::new();
    if let Some(d) = DESCRIPTION.get() {
        return d;
    }
    let request = Request::get("/api/v1/openapi.json").body(Body::empty()).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "the description is served");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let parsed = Description::parse(std::str::from_utf8(&bytes).unwrap()).unwrap();
    DESCRIPTION.get_or_init(|| parsed)
}

/// Sends `request` through `router` and fails the test if the answer is not one the
/// description allows. A path no route serves (the router's own 404) is not checked.
pub async fn send(router: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let (method, path) = (request.method().to_string(), request.uri().path().to_string());
    let response = router.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes().to_vec();
    let unrouted = parts.status == StatusCode::NOT_FOUND && body.ends_with(br#""message":"route not found"}}"#);
    if !unrouted {
        let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let answer =
            Received { method: &method, path: &path, status: parts.status.as_u16(), content_type, body: &body };
        description(router).await.assert_allows(&answer);
    }
    (parts.status, parts.headers, body)
}
