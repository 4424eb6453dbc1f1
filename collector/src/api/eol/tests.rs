//! The endoflife.date routes' answers in process, errors included: every refusal is the
//! API's JSON error shape with the status that says whose problem it is. The upstream is a
//! closed port on loopback, so every fetch fails at once.

use arsring_protocol::ErrorBody;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use super::*;
use crate::app::imports::ProductSync;
use crate::config::{Config, EolConfig};
use crate::tokens::{self, Role};

struct Api {
    router: axum::Router,
    admin: String,
    viewer: String,
    _dir: tempfile::TempDir,
}

/// A collector whose endoflife.date is a port nobody listens on.
fn api() -> Api {
    let dir = tempfile::tempdir().unwrap();
    let (admin, _) = tokens::create(dir.path(), Role::Admin, "admin").unwrap();
    let (viewer, _) = tokens::create(dir.path(), Role::Viewer, "viewer").unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("https://127.0.0.1:{closed}/api/v1/").parse().unwrap();
    let config = Config { data_dir: dir.path().to_path_buf(), eol: EolConfig { url, ca: None }, ..Config::default() };
    let state = crate::app::open(dir.path(), crate::app::AppConfig::from_config(&config)).unwrap();
    Api { router: crate::server::router(state), admin, viewer, _dir: dir }
}

impl Api {
    async fn send(&self, method: Method, uri: &str, token: &str, body: &str) -> (StatusCode, Vec<u8>) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, body) = crate::api::conformance::send(&self.router, request).await;
        (status, body)
    }

    /// A refusal: its status, field and message, failing if the body is not the error shape.
    async fn refused(&self, method: Method, uri: &str, token: &str, body: &str) -> (StatusCode, String, String) {
        let (status, bytes) = self.send(method, uri, token, body).await;
        let body: ErrorBody = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{uri}: not the error shape ({e}): {}", String::from_utf8_lossy(&bytes)));
        (status, body.error.field, body.error.message)
    }
}

const SYNC: &str = "/api/v1/lifecycle/eol/sync";
const IMPORT: &str = "/api/v1/lifecycle/eol";

#[tokio::test]
async fn a_sync_with_a_bad_body_is_refused_naming_the_field() {
    let api = api();
    let (status, field, _) = api.refused(Method::POST, SYNC, &api.admin, "{not json").await;
    assert_eq!((status, field.as_str()), (StatusCode::BAD_REQUEST, ""));
    let (status, field, _) = api.refused(Method::POST, SYNC, &api.admin, r#"{"products": "debian"}"#).await;
    assert_eq!((status, field.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "products"));
    let (status, _, message) = api.refused(Method::POST, SYNC, &api.admin, r#"{"product": ["debian"]}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("unknown field `product`"), "{message}");
    let body = r#"{"products": ["debian", "../etc"]}"#;
    let (status, field, message) = api.refused(Method::POST, SYNC, &api.admin, body).await;
    assert_eq!((status, field.as_str()), (StatusCode::BAD_REQUEST, "products[1]"));
    assert!(message.contains("\"../etc\" is not a product name"), "{message}");
}

#[tokio::test]
async fn a_sync_where_every_product_fails_is_a_bad_gateway() {
    let api = api();
    let body = r#"{"products": ["debian", "rhel"]}"#;
    let (status, field, message) = api.refused(Method::POST, SYNC, &api.admin, body).await;
    assert_eq!((status, field.as_str()), (StatusCode::BAD_GATEWAY, "products"));
    assert!(
        message.starts_with("none of the 2 products could be fetched from endoflife.date (debian, rhel); debian: ")
    );
    assert!(message.contains("/products/debian"), "the first failure with its reason: {message}");
    let listed = api.send(Method::GET, IMPORT, &api.viewer, "").await;
    assert_eq!(listed.0, StatusCode::OK);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&listed.1).unwrap()["count"], 0, "nothing stored");
}

#[tokio::test]
async fn a_sync_of_nothing_needed_succeeds_with_nothing() {
    let api = api();
    // No device yet: the fleet needs no product, and an empty body asks for what it needs.
    let (status, body) = api.send(Method::POST, SYNC, &api.admin, "").await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&body).unwrap()["products"], serde_json::json!([]));
}

#[tokio::test]
async fn imports_and_lists_refuse_in_the_error_shape() {
    let api = api();
    let (status, field, _) = api.refused(Method::POST, IMPORT, &api.admin, "[{").await;
    assert_eq!((status, field.as_str()), (StatusCode::BAD_REQUEST, "[0]"));
    let (status, field, _) = api.refused(Method::POST, IMPORT, &api.admin, r#"[{"name": 5}]"#).await;
    assert_eq!((status, field.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "[0].name"));
    let (status, field, _) = api.refused(Method::POST, IMPORT, &api.viewer, "[]").await;
    assert_eq!((status, field.as_str()), (StatusCode::FORBIDDEN, "authorization"));
    let (status, _, _) = api.refused(Method::POST, SYNC, &api.viewer, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, field, _) = api.refused(Method::GET, "/api/v1/lifecycle/eol?format=xml", &api.viewer, "").await;
    assert_eq!((status, field.as_str()), (StatusCode::BAD_REQUEST, "format"));
}

fn outcome(product: &str, result: SyncOutcome, reason: Option<&str>) -> ProductSync {
    ProductSync { product: product.into(), result, reason: reason.map(String::from) }
}

#[test]
fn only_a_sync_where_everything_failed_is_a_failure() {
    let down = |p| outcome(p, SyncOutcome::Failed, Some("connection refused"));
    let all = EolSync { products: vec![down("debian"), down("rhel")] };
    let err = nothing_fetched(&all).expect("every product failed");
    assert_eq!((err.status, err.field.as_str()), (StatusCode::BAD_GATEWAY, "products"));
    assert_eq!(
        err.message,
        "none of the 2 products could be fetched from endoflife.date (debian, rhel); debian: connection refused"
    );
    let one = EolSync { products: vec![down("debian")] };
    let err = nothing_fetched(&one).unwrap();
    assert_eq!(err.message, "the product could not be fetched from endoflife.date: debian: connection refused");

    let unchanged = outcome("rhel", SyncOutcome::NotModified, None);
    assert!(nothing_fetched(&EolSync { products: vec![down("debian"), unchanged] }).is_none(), "partly is a success");
    assert!(nothing_fetched(&EolSync { products: vec![] }).is_none(), "nothing asked, nothing failed");
}
