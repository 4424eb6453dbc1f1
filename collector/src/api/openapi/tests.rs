//! The description against the router it was built with and the copy in `docs/`.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::app::{self, AppConfig};
use crate::config::Config;

async fn served() -> (axum::Router, Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };
    let state = app::open(dir.path(), AppConfig::from_config(&config)).unwrap();
    let router = crate::server::router(state);
    let request = Request::get("/api/v1/openapi.json").body(Body::empty()).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "served without a token");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (router, serde_json::from_slice(&bytes).unwrap(), dir)
}

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            found.push((method.to_uppercase(), path.clone(), operation));
        }
    }
    found
}

/// `docs/openapi.json` is what the collector serves; `ARSRING_WRITE_OPENAPI=1` rewrites it.
#[tokio::test]
async fn the_copy_in_docs_is_the_served_description() {
    let (_, doc, _dir) = served().await;
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json");
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    if std::env::var_os("ARSRING_WRITE_OPENAPI").is_some() {
        std::fs::write(&file, &text).unwrap();
    }
    let kept = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        kept == text,
        "docs/openapi.json is not the served description; rewrite it with \
         ARSRING_WRITE_OPENAPI=1 cargo test -p arsring-collector --lib openapi"
    );
}

#[tokio::test]
async fn it_is_openapi_3_1_and_says_who_may_call_each_route() {
    let (_, doc, _dir) = served().await;
    assert_eq!(doc["openapi"], "3.1.0");
    let public = ["/healthz", "/api/v1/openapi.json"];
    for (method, path, operation) in operations(&doc) {
        let route = format!("{method} {path}");
        assert!(operation["summary"].is_string(), "{route}: no summary");
        assert!(operation["tags"].as_array().is_some_and(|t| t.len() == 1), "{route}: not in one tag");
        let responses = operation["responses"].as_object().unwrap();
        assert!(responses.keys().any(|s| s.starts_with('2')), "{route}: no success described");
        if public.contains(&path.as_str()) {
            assert!(operation.get("security").is_none(), "{route} is public");
            continue;
        }
        assert!(operation["security"].as_array().is_some_and(|s| !s.is_empty()), "{route}: no security");
        for status in ["401", "403", "500"] {
            assert!(responses.contains_key(status), "{route}: {status} not described");
        }
        let takes_input = operation.get("parameters").is_some() || operation.get("requestBody").is_some();
        assert_eq!(responses.contains_key("400"), takes_input, "{route}: 400 where it takes input");
    }
}

/// Every `$ref` points at something in the document, every answer's schema compiles,
/// operation ids are unique, summaries are one line.
#[tokio::test]
async fn it_is_whole() {
    let (_, doc, _dir) = served().await;
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 100);
    for r in refs {
        let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("{r}: not in this document"));
        assert!(doc.pointer(pointer).is_some(), "{r} points at nothing");
    }
    let compiled = arsring_conformance::Description::new(doc.clone()).compile_all().unwrap();
    assert!(compiled >= 30, "{compiled} JSON answers");
    let mut ids = std::collections::BTreeSet::new();
    for (method, path, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().unwrap().to_string();
        assert!(ids.insert(id.clone()), "{method} {path}: operation id {id} used twice");
        let summary = operation["summary"].as_str().unwrap();
        let one_line = !summary.is_empty() && summary.len() <= 120 && !summary.contains('\n');
        assert!(one_line, "{method} {path}: summary {summary:?}");
    }
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => refs.push(r.clone()),
                    _ => collect_refs(v, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

/// Every described route is one the router serves: without a token each answers 401 (or
/// its answer, for the public ones), never the router's "route not found" or 405.
#[tokio::test]
async fn every_described_route_is_served() {
    let (router, doc, _dir) = served().await;
    let routes = operations(&doc);
    assert!(routes.len() >= 34, "only {} routes described", routes.len());
    for (method, path, operation) in routes {
        let uri = path.replace("{id}", "5d1f2c3b-8e7a-5b6c-9d0e-1f2a3b4c5d6e");
        let request = Request::builder().method(Method::from_bytes(method.as_bytes()).unwrap()).uri(&uri);
        let response = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        let expected = if operation.get("security").is_some() { StatusCode::UNAUTHORIZED } else { StatusCode::OK };
        assert_eq!(response.status(), expected, "{method} {path}");
    }
}
