//! The audit page in process: the real router over a real store and audit log in a
//! temporary directory, logged in through the log-in form as a browser is.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::*;
use crate::tokens;

const DEVICE: Uuid = Uuid::from_u128(0x5d1f_2c3b_8e7a_5b6c_9d0e_1f2a_3b4c_5d6e);
const OTHER: Uuid = Uuid::from_u128(0x42);

struct Dashboard {
    router: axum::Router,
    app: AppState,
    /// Session cookies.
    admin: String,
    viewer: String,
    admin_token: String,
    dir: tempfile::TempDir,
}

async fn dashboard() -> Dashboard {
    let dir = tempfile::tempdir().unwrap();
    let (admin, _) = tokens::create(dir.path(), Role::Admin, "it-chef").unwrap();
    let (viewer, _) = tokens::create(dir.path(), Role::Viewer, "architect").unwrap();
    let config = crate::config::Config { data_dir: dir.path().to_path_buf(), ..Default::default() };
    let app = app::open(dir.path(), app::AppConfig::from_config(&config)).unwrap();
    let router = crate::server::router(app.clone());
    let mut d = Dashboard { router, app, admin: String::new(), viewer: String::new(), admin_token: admin, dir };
    d.admin = d.log_in(&d.admin_token).await;
    d.viewer = d.log_in(&viewer).await;
    d
}

impl Dashboard {
    /// The session cookie of a log-in with `token`.
    async fn log_in(&self, token: &str) -> String {
        let request = Request::post("/login")
            .header(header::HOST, "127.0.0.1:8443")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("token={token}&next=%2F")))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
        cookie.split(';').next().unwrap().to_string()
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, String) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    async fn page(&self, path: &str, cookie: &str) -> (StatusCode, String) {
        let request = Request::get(path)
            .header(header::HOST, "127.0.0.1:8443")
            .header(header::COOKIE, cookie)
            .body(Body::empty());
        self.send(request.unwrap()).await
    }
}

fn record_refusals(app: &AppState) {
    let refused = |device: Uuid, detail: &str| Event::new("cred_7", "report.refused", detail).device(device);
    app.record(refused(DEVICE, "bound to cred_2").credential("cred_7")).unwrap();
    app.record(refused(OTHER, "another device's refusal")).unwrap();
}

#[tokio::test]
async fn an_admin_sees_the_events_of_one_device() {
    let d = dashboard().await;
    record_refusals(&d.app);
    let (status, html) = d.page(&format!("/admin/audit?device_id={DEVICE}"), &d.admin).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("bound to cred_2") && html.contains(&format!("href=\"/device/{DEVICE}\"")), "{html}");
    assert!(!html.contains("another device's refusal"), "only the device asked for");
    assert!(html.contains("1 events match"), "{html}");
    let csv = format!("/api/v1/audit?device_id={DEVICE}&amp;limit=100000&amp;format=csv");
    assert!(html.contains(&csv), "the CSV carries the same filter: {html}");
    // The link works with the admin's session, and only with an admin's.
    let (status, csv) = d.page(&csv.replace("&amp;", "&"), &d.admin).await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(csv.contains("bound to cred_2") && !csv.contains("another device's refusal"), "{csv}");
    let (status, _) = d.page(&format!("/api/v1/audit?device_id={DEVICE}&format=csv"), &d.viewer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (_, all) = d.page("/admin/audit", &d.admin).await;
    assert!(all.contains("another device's refusal") && all.contains("bound to cred_2"));
    assert!(all.contains(">login<"), "the log-ins are on record too");
}

#[tokio::test]
async fn a_viewer_is_not_allowed() {
    let d = dashboard().await;
    record_refusals(&d.app);
    let (status, html) = d.page("/admin/audit", &d.viewer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("Not allowed") && !html.contains("bound to cred_2"), "{html}");
    // A session never authorises a change, even an admin's: changes need a token or a form.
    let post = Request::post("/api/v1/lifecycle/catalogue")
        .header(header::HOST, "127.0.0.1:8443")
        .header(header::COOKIE, &d.admin)
        .body(Body::from("vendor,model\n"))
        .unwrap();
    assert_eq!(d.send(post).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_bad_device_id_is_named_and_kept_in_the_form() {
    let d = dashboard().await;
    let (status, html) = d.page("/admin/audit?device_id=web01&action=report", &d.admin).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Check `device_id`") && html.contains("device_id must be a device"), "{html}");
    assert!(html.contains("value=\"web01\""), "what was typed stays, to be corrected: {html}");
}

#[tokio::test]
async fn a_device_page_links_admins_to_all_its_events() {
    let d = dashboard().await;
    let report = arsring_protocol::example_report(Uuid::new_v4(), DEVICE, chrono::Utc::now());
    let post = Request::post("/api/v1/reports")
        .header(header::AUTHORIZATION, format!("Bearer {}", d.admin_token))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(&report).unwrap()))
        .unwrap();
    assert_eq!(d.send(post).await.0, StatusCode::CREATED);
    let link = format!("href=\"/admin/audit?device_id={DEVICE}\"");
    let (status, html) = d.page(&format!("/device/{DEVICE}"), &d.admin).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&link) && html.contains("All events for this device"), "{html}");
    let (status, html) = d.page(&format!("/device/{DEVICE}"), &d.viewer).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&link), "viewers cannot open the audit page, so no link");
}

#[tokio::test]
async fn more_events_than_shown_are_noted() {
    let d = dashboard().await;
    // Written as the log is, without a sync per line.
    let lines: String = (0..SHOWN + 1)
        .map(|i| serde_json::to_string(&Event::new("anna", "import.assets", format!("import {i}"))).unwrap() + "\n")
        .collect();
    std::fs::write(d.dir.path().join("audit.jsonl"), lines).unwrap();
    let (status, html) = d.page("/admin/audit?action=import", &d.admin).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("More than 500 events match"), "{html}");
    assert!(html.contains(">import 500<") && !html.contains(">import 0<"), "the newest are shown");
}

#[test]
fn blank_filters_select_everything_and_values_are_trimmed() {
    let params = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let f = filter(&params(&[("device_id", " "), ("actor", " anna "), ("action", "")])).unwrap();
    assert_eq!((f.device_id, f.actor.as_deref(), f.action, f.credential), (None, Some("anna"), None, None));
    let f = filter(&params(&[("device_id", &format!(" {DEVICE} "))])).unwrap();
    assert_eq!(f.device_id, Some(DEVICE));
    let err = filter(&params(&[("device_id", "5d1f")])).unwrap_err();
    assert_eq!((err.status, err.field.as_str()), (StatusCode::BAD_REQUEST, "device_id"));
}
