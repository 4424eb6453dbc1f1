//! The API's status codes and error bodies, in process: the real router over a real store
//! in a temporary directory, requests sent with `tower::ServiceExt::oneshot` (axum's
//! `examples/testing`). The end-to-end tests keep TLS, the binaries and the disk layout.

use arsring_protocol::{ErrorBody, Receipt, ReceiptStatus, example_report};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::app::{self, AppConfig};
use crate::config::Config;
use crate::tokens::{self, Role};

struct Api {
    router: Router,
    /// The enrolment secret (an agent-role token).
    agent: String,
    /// The key of one enrolled agent, for device [`DEVICE`].
    key: String,
    viewer: String,
    admin: String,
    _dir: tempfile::TempDir,
}

async fn api() -> Api {
    let dir = tempfile::tempdir().unwrap();
    let (agent, _) = tokens::create(dir.path(), Role::Agent, "agent").unwrap();
    let (viewer, _) = tokens::create(dir.path(), Role::Viewer, "viewer").unwrap();
    let (admin, _) = tokens::create(dir.path(), Role::Admin, "admin").unwrap();
    let config = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };
    let state = app::open(dir.path(), AppConfig::from_config(&config)).unwrap();
    let mut api = Api { router: crate::server::router(state), agent, key: String::new(), viewer, admin, _dir: dir };
    api.key = api.enrol("agent", Some(DEVICE)).await.json()["key"].as_str().unwrap().to_string();
    api
}

const DEVICE: uuid::Uuid = uuid::Uuid::from_u128(0x5d1f_2c3b_8e7a_5b6c_9d0e_1f2a_3b4c_5d6e);

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// The error body every refusal carries, as (field, message).
    fn error(&self) -> (String, String) {
        let body: ErrorBody = serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not an error body ({e}): {}", String::from_utf8_lossy(&self.body)));
        (body.error.field, body.error.message)
    }
}

impl Api {
    async fn send(&self, method: Method, uri: &str, token: Option<&str>, body: impl Into<Body>) -> Answer {
        let mut request = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let (status, headers, body) = super::conformance::send(&self.router, request.body(body.into()).unwrap()).await;
        Answer { status, headers, body }
    }

    async fn get(&self, uri: &str) -> Answer {
        self.send(Method::GET, uri, Some(&self.viewer), Body::empty()).await
    }

    async fn report(&self, body: Vec<u8>) -> Answer {
        self.send(Method::POST, "/api/v1/reports", Some(&self.key), body).await
    }

    async fn enrol(&self, kind: &str, device: Option<uuid::Uuid>) -> Answer {
        let body = serde_json::json!({"kind": kind, "device_id": device, "name": "web01"}).to_string();
        self.send(Method::POST, "/api/v1/enrol", Some(&self.agent), body).await
    }
}

fn report_body() -> Vec<u8> {
    report_of(DEVICE)
}

fn report_of(device: uuid::Uuid) -> Vec<u8> {
    let report = example_report(uuid::Uuid::new_v4(), device, chrono::Utc::now());
    serde_json::to_vec(&report).unwrap()
}

#[tokio::test]
async fn a_report_is_stored_once_and_a_resend_is_a_duplicate() {
    let api = api().await;
    let body = report_body();
    let first = api.report(body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let receipt: Receipt = serde_json::from_slice(&first.body).unwrap();
    assert_eq!((receipt.status, receipt.first), (ReceiptStatus::Stored, Some(true)));
    let again = api.report(body).await;
    assert_eq!(again.status, StatusCode::OK);
    let receipt: Receipt = serde_json::from_slice(&again.body).unwrap();
    assert_eq!(receipt.status, ReceiptStatus::Duplicate);
    let devices = api.get("/api/v1/devices").await.json();
    assert_eq!(devices["count"], 1);
}

#[tokio::test]
async fn bad_reports_name_what_is_wrong_and_store_nothing() {
    let api = api().await;
    let malformed = api.report(b"{not json".to_vec()).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.error().0, "");

    let mut report: Value = serde_json::from_slice(&report_body()).unwrap();
    report["device"]["hardware"]["memory_bytes"] = Value::from(-1);
    let bad_field = api.report(serde_json::to_vec(&report).unwrap()).await;
    assert_eq!(bad_field.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_field.error().0, "device.hardware.memory_bytes");

    let huge = api.report(vec![b' '; arsring_protocol::MAX_REPORT_BYTES + 1]).await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(huge.error().1.contains("larger than"), "{:?}", huge.error());

    assert_eq!(api.get("/api/v1/devices").await.json()["count"], 0, "nothing was stored");
}

#[tokio::test]
async fn every_route_group_checks_the_role() {
    let api = api().await;
    let none = api.send(Method::GET, "/api/v1/devices", None, Body::empty()).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer");
    assert_eq!(none.error().0, "authorization");
    let wrong = api.send(Method::GET, "/api/v1/devices", Some("not-a-token"), Body::empty()).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let agent_reads = api.send(Method::GET, "/api/v1/devices", Some(&api.agent), Body::empty()).await;
    assert_eq!(agent_reads.status, StatusCode::FORBIDDEN);
    assert!(agent_reads.error().1.contains("agent"), "{:?}", agent_reads.error());
    let viewer_posts = api.send(Method::POST, "/api/v1/reports", Some(&api.viewer), report_body()).await;
    assert_eq!(viewer_posts.status, StatusCode::FORBIDDEN);
    let secret_posts = api.send(Method::POST, "/api/v1/reports", Some(&api.agent), report_body()).await;
    assert_eq!(secret_posts.status, StatusCode::FORBIDDEN, "the shared agent token only enrols");
    assert!(secret_posts.error().1.contains("enrolment secret"), "{:?}", secret_posts.error());
    let viewer_imports = api.send(Method::POST, "/api/v1/assets", Some(&api.viewer), "serial\nX\n").await;
    assert_eq!(viewer_imports.status, StatusCode::FORBIDDEN);
    let admin_reports = api.send(Method::POST, "/api/v1/reports", Some(&api.admin), report_body()).await;
    assert_eq!(admin_reports.status, StatusCode::CREATED);
}

#[tokio::test]
async fn bad_queries_name_their_parameter() {
    let api = api().await;
    let cases = [
        ("/api/v1/devices?kind=toaster", StatusCode::BAD_REQUEST, "kind"),
        ("/api/v1/devices?colour=red", StatusCode::BAD_REQUEST, "colour"),
        ("/api/v1/devices/not-a-uuid", StatusCode::BAD_REQUEST, "id"),
        ("/api/v1/summary?stale_days=0", StatusCode::BAD_REQUEST, "stale_days"),
        ("/api/v1/lifecycle/items?category=toaster", StatusCode::BAD_REQUEST, "category"),
        ("/api/v1/lifecycle/items?as_of=yesterday", StatusCode::BAD_REQUEST, "as_of"),
        ("/api/v1/lifecycle/items?as_of=%2B12345-01-01", StatusCode::BAD_REQUEST, "as_of"),
        ("/api/v1/lifecycle/heatmap?as_of=2023-6-14", StatusCode::BAD_REQUEST, "as_of"),
        ("/api/v1/costs/model?as_of=0000-01-01", StatusCode::BAD_REQUEST, "as_of"),
        ("/api/v1/lifecycle/heatmap?years=99", StatusCode::BAD_REQUEST, "years"),
        ("/api/v1/lifecycle/heatmap/cell", StatusCode::BAD_REQUEST, "column"),
        ("/api/v1/lifecycle/heatmap/cell?column=soon", StatusCode::BAD_REQUEST, "column"),
        ("/api/v1/lifecycle/plan?budget_sek=lots", StatusCode::BAD_REQUEST, "budget_sek"),
        ("/api/v1/lifecycle/plan", StatusCode::BAD_REQUEST, "query"),
        ("/api/v1/costs/savings?cpu_below=2", StatusCode::BAD_REQUEST, "cpu_below"),
        ("/api/v1/costs/report", StatusCode::NOT_FOUND, ""),
    ];
    for (uri, status, field) in cases {
        let answer = api.get(uri).await;
        assert_eq!(answer.status, status, "{uri}: {}", String::from_utf8_lossy(&answer.body));
        assert_eq!(answer.error().0, field, "{uri}");
    }
    let unknown = api.get(&format!("/api/v1/devices/{}", uuid::Uuid::new_v4())).await;
    assert_eq!((unknown.status, unknown.error().1.as_str()), (StatusCode::NOT_FOUND, "device not found"));
    let no_route = api.get("/api/v1/nothing-here").await;
    assert_eq!((no_route.status, no_route.error().1.as_str()), (StatusCode::NOT_FOUND, "route not found"));
}

#[tokio::test]
async fn imports_refuse_a_bad_line_and_change_nothing() {
    let api = api().await;
    let admin = Some(api.admin.as_str());
    let costs = api.send(Method::POST, "/api/v1/costs/model", admin, "[organisation]\nname = \n").await;
    assert_eq!(costs.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(costs.error().0.starts_with("line "), "{:?}", costs.error());
    let not_utf8 = api.send(Method::POST, "/api/v1/costs/model", admin, vec![0xff, 0xfe]).await;
    assert_eq!(not_utf8.status, StatusCode::BAD_REQUEST);

    let catalogue = "vendor,model_pattern,end_of_support\nCisco,WS-C2960*,someday\n";
    let bad = api.send(Method::POST, "/api/v1/lifecycle/catalogue", admin, catalogue).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.error().0, "end_of_support");
    assert_eq!(api.get("/api/v1/lifecycle/catalogue").await.json()["count"], 0);

    let good = "vendor,model_pattern,end_of_support\nCisco,WS-C2960*,2024-10-31\n";
    let dry = api.send(Method::POST, "/api/v1/lifecycle/catalogue?dry_run=true", admin, good).await.json();
    assert_eq!((dry["stored"].as_bool(), dry["entries"].as_u64()), (Some(false), Some(1)));
    let stored = api.send(Method::POST, "/api/v1/lifecycle/catalogue", admin, good).await.json();
    assert_eq!((&stored["stored"], &stored["encoding"]), (&json!(true), &json!("UTF-8")));
    assert_eq!(api.get("/api/v1/lifecycle/catalogue").await.json()["count"], 1);
}

#[tokio::test]
async fn the_overviews_share_is_served_and_lists_answer_csv() {
    let api = api().await;
    api.report(report_body()).await;
    let share = api.get("/api/v1/lifecycle/summary").await.json();
    let items = api.get("/api/v1/lifecycle/items").await.json();
    assert_eq!(share["items"], items["count"]);
    let past = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| matches!(i["status"].as_str(), Some("past_end_of_life" | "past_end_of_security_updates")))
        .count();
    assert_eq!(share["items_past"], past);

    for uri in ["/api/v1/devices", "/api/v1/summary", "/api/v1/lifecycle/items", "/api/v1/lifecycle/summary"] {
        let csv = api.get(&format!("{uri}?format=csv")).await;
        assert_eq!(csv.status, StatusCode::OK, "{uri}");
        assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8", "{uri}");
        assert!(csv.body.iter().filter(|b| **b == b'\n').count() >= 2, "{uri}: a header and a row");
    }
}

#[tokio::test]
async fn a_key_speaks_only_for_its_own_device() {
    let api = api().await;
    assert_eq!(api.report(report_body()).await.status, StatusCode::CREATED);
    // The key of one server cannot write another's inventory, nor turn into a switch.
    let other = api.report(report_of(uuid::Uuid::from_u128(42))).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(other.error().1.contains("cannot report device"), "{:?}", other.error());
    let mut switch = arsring_protocol::example_vm_report(uuid::Uuid::new_v4(), DEVICE, chrono::Utc::now());
    switch.schema_version = arsring_protocol::SCHEMA_VERSION;
    let as_vm = api.report(serde_json::to_vec(&switch).unwrap()).await;
    assert_eq!(as_vm.status, StatusCode::FORBIDDEN);
    assert_eq!(api.get("/api/v1/devices").await.json()["count"], 1, "nothing else stored");
    let admin = Some(api.admin.as_str());
    let audit = api.send(Method::GET, "/api/v1/audit?action=report.refused", admin, Body::empty()).await.json();
    let refused = audit["events"].as_array().unwrap();
    assert_eq!(refused.len(), 2, "both attempts are on record: {audit}");
    assert!(refused.iter().any(|e| e["device_id"] == "00000000-0000-0000-0000-00000000002a"), "{audit}");
    assert_eq!(api.get("/api/v1/audit").await.status, StatusCode::FORBIDDEN, "admins only");

    // A reinstalled server enrolling again for the same device is refused until reset.
    let again = api.enrol("agent", Some(DEVICE)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.error().1.contains("reset-identity"), "{:?}", again.error());
    let admin = Some(api.admin.as_str());
    let reset = api.send(Method::POST, &format!("/api/v1/devices/{DEVICE}/reset-identity"), admin, Body::empty()).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert_eq!(api.report(report_body()).await.status, StatusCode::UNAUTHORIZED, "the old key is revoked at once");
    let fresh = api.enrol("agent", Some(DEVICE)).await;
    assert_eq!(fresh.status, StatusCode::OK);
    let key = fresh.json()["key"].as_str().unwrap().to_string();
    let sent = api.send(Method::POST, "/api/v1/reports", Some(&key), report_body()).await;
    assert_eq!(sent.status, StatusCode::CREATED);
    // A key reports and does nothing else.
    let read = api.send(Method::GET, "/api/v1/devices", Some(&key), Body::empty()).await;
    assert_eq!(read.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn pollers_bind_what_they_report_first_and_cannot_report_servers() {
    let api = api().await;
    let first = api_enrol_poller(&api, "poller1").await.json()["key"].as_str().unwrap().to_string();
    let second = api_enrol_poller(&api, "poller2").await.json()["key"].as_str().unwrap().to_string();
    let vm = serde_json::to_vec(&arsring_protocol::example_vm_report(
        uuid::Uuid::new_v4(),
        uuid::Uuid::from_u128(8),
        chrono::Utc::now(),
    ))
    .unwrap();
    let post = |key: &str, body: Vec<u8>| {
        let key = key.to_string();
        let api = &api;
        async move { api.send(Method::POST, "/api/v1/reports", Some(&key), body).await }
    };
    let _ = &post;
    assert_eq!(post(&first, vm.clone()).await.status, StatusCode::CREATED);
    let stolen = post(&second, vm.clone()).await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN, "{:?}", stolen.error());
    assert!(stolen.error().1.contains("is bound to credential"));
    let server = post(&first, report_of(uuid::Uuid::from_u128(77))).await;
    assert_eq!(server.status, StatusCode::FORBIDDEN, "a poller is not the source of a server's facts");

    let credentials = api.get("/api/v1/credentials").await;
    assert_eq!(credentials.status, StatusCode::FORBIDDEN, "admins only");
    let admin = Some(api.admin.as_str());
    let list = api.send(Method::GET, "/api/v1/credentials", admin, Body::empty()).await.json();
    let first_id = list["credentials"].as_array().unwrap().iter().find(|c| c["name"] == "poller1").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!list.to_string().contains("hash"), "no hash is ever listed");
    let revoke = format!("/api/v1/credentials/{first_id}/revoke?release=true");
    assert_eq!(api.send(Method::POST, &revoke, admin, Body::empty()).await.status, StatusCode::OK);
    assert_eq!(post(&first, vm.clone()).await.status, StatusCode::UNAUTHORIZED, "revoked at once");
    let fresh = arsring_protocol::example_vm_report(uuid::Uuid::new_v4(), uuid::Uuid::from_u128(8), chrono::Utc::now());
    let claimed = post(&second, serde_json::to_vec(&fresh).unwrap()).await;
    assert_eq!(claimed.status, StatusCode::CREATED, "released: the new poller may claim it");
}

async fn api_enrol_poller(api: &Api, name: &str) -> Answer {
    let body = serde_json::json!({"kind": "poller", "name": name}).to_string();
    api.send(Method::POST, "/api/v1/enrol", Some(&api.agent), body).await
}

#[tokio::test]
async fn the_device_list_pages_by_cursor_with_next_and_link() {
    let api = api().await;
    store_devices(&api, [5u128, 3, 1, 4, 2]).await;
    let mut uri = "/api/v1/devices?kind=server&limit=2".to_string();
    let mut seen = Vec::new();
    loop {
        let page = api.get(&uri).await;
        let body = page.json();
        assert_eq!(body["count"], 5, "{uri}: every device the filters select");
        seen.extend(body["devices"].as_array().unwrap().iter().map(|d| d["device_id"].as_str().unwrap().to_string()));
        let link = page.headers.get(header::LINK).map(|l| l.to_str().unwrap().to_string());
        let Some(next) = body["next"].as_str() else {
            assert_eq!(link, None, "{uri}: the last page links nowhere");
            break;
        };
        let expected = format!("/api/v1/devices?kind=server&after={next}&limit=2");
        assert_eq!(link, Some(format!("<{expected}>; rel=\"next\"")), "{uri}");
        uri = expected;
    }
    let all: Vec<String> = (1..=5u128).map(|n| uuid::Uuid::from_u128(n).to_string()).collect();
    assert_eq!(seen, all, "every device once, in id order");

    let whole = api.get("/api/v1/devices").await;
    let body = whole.json();
    assert_eq!((body["devices"].as_array().unwrap().len(), &body["next"]), (5, &Value::Null), "500 by default");
    assert!(whole.headers.get(header::LINK).is_none());
}

#[tokio::test]
async fn the_device_csv_is_whole_unless_a_limit_is_given() {
    let api = api().await;
    store_devices(&api, 1..=3u128).await;
    let lines = |a: &Answer| a.body.iter().filter(|b| **b == b'\n').count();
    let whole = api.get("/api/v1/devices?format=csv").await;
    assert_eq!((lines(&whole), whole.headers.get(header::LINK)), (4, None), "a header and every row");
    let paged = api.get("/api/v1/devices?format=csv&limit=2").await;
    assert_eq!(lines(&paged), 3);
    let link = paged.headers[header::LINK].to_str().unwrap();
    assert!(
        link.starts_with("</api/v1/devices?format=csv&after=") && link.ends_with("&limit=2>; rel=\"next\""),
        "{link}"
    );
}

#[tokio::test]
async fn bad_paging_parameters_are_named() {
    let api = api().await;
    let a_device_id = format!("after={}", uuid::Uuid::from_u128(1));
    let cases = [
        ("limit=0", "limit"),
        ("limit=5001", "limit"),
        ("limit=ten", "limit"),
        ("limit=", "limit"),
        ("after=not-a-cursor", "after"),
        (a_device_id.as_str(), "after"),
        ("format=csv&after=%2F%2F", "after"),
    ];
    for (query, field) in cases {
        let answer = api.get(&format!("/api/v1/devices?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.error().0, field, "{query}");
    }
}

/// Reports for the devices `ids`, sent with the admin token as a loader would.
async fn store_devices(api: &Api, ids: impl IntoIterator<Item = u128>) {
    for n in ids {
        let body = report_of(uuid::Uuid::from_u128(n));
        assert_eq!(api.send(Method::POST, "/api/v1/reports", Some(&api.admin), body).await.status, StatusCode::CREATED);
    }
}
