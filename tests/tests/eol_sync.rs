//! `arsring-collector eol sync` through a running collector: the CLI asks the collector over
//! its admin socket, the collector fetches from an endoflife.date API over HTTPS (here a
//! local server with its own CA, serving the captured answers in
//! `collector/tests/fixtures/eol`), stores the release cycles, and the assessment uses them.
//! A second sync asks conditionally and keeps what is unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use arsring_e2e::*;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_server::tls_rustls::RustlsConfig;
use chrono::{Duration, Utc};
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(arsring_collector::sample::EOL_SNAPSHOT)
}

/// Requests per product, and whether each was conditional.
type Seen = Arc<Mutex<HashMap<String, Vec<bool>>>>;

async fn product(State(seen): State<Seen>, UrlPath(name): UrlPath<String>, headers: HeaderMap) -> Response {
    let conditional = headers.contains_key(header::IF_NONE_MATCH);
    seen.lock().unwrap().entry(name.clone()).or_default().push(conditional);
    let Ok(body) = std::fs::read(fixtures().join(format!("{name}.json"))) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!("\"{}-{}\"", name, body.len());
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    ([(header::CONTENT_TYPE, "application/json".to_string()), (header::ETAG, etag)], body).into_response()
}

/// The fake API on a free loopback port, with a certificate from its own CA; returns its
/// base URL, the CA to trust, and what it saw.
fn fake_endoflife_date(dir: &Path) -> (String, PathBuf, Seen) {
    let identity = arsring_collector::tls::identity(dir, None, &["127.0.0.1".to_string()]).unwrap();
    let seen: Seen = Arc::default();
    let app =
        axum::Router::new().route("/api/v1/products/{name}", axum::routing::get(product)).with_state(seen.clone());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let tls = RustlsConfig::from_config(identity.server_config);
            axum_server::from_tcp_rustls(listener, tls).unwrap().serve(app.into_make_service()).await.unwrap();
        });
    });
    (format!("https://127.0.0.1:{port}/api/v1/"), identity.local_ca.unwrap(), seen)
}

fn sync(config: &Path) -> (bool, String) {
    let out = sync_products(config, &[]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// `eol sync --config CONFIG --product P…`.
fn sync_products(config: &Path, products: &[&str]) -> std::process::Output {
    // The data directory `write_config` puts beside the configuration.
    let mut command = arsring_e2e::collector_command(&config.with_file_name("data"));
    command.args(["eol", "sync", "--config"]).arg(config);
    for p in products {
        command.args(["--product", p]);
    }
    command.output().unwrap()
}

fn write_config(dir: &Path, url: &str, ca: &Path) -> (PathBuf, PathBuf) {
    let data = dir.join("data");
    let config = dir.join("collector.toml");
    let text =
        format!("data_dir = {:?}\n[eol]\nurl = \"{url}\"\nca = {:?}\n", data.to_str().unwrap(), ca.to_str().unwrap());
    std::fs::write(&config, text).unwrap();
    (data, config)
}

#[test]
fn eol_sync_through_a_running_collector() {
    let dir = tempfile::tempdir().unwrap();
    let (url, ca, seen) = fake_endoflife_date(&dir.path().join("fake-api"));
    let (data, config) = write_config(dir.path(), &url, &ca);
    let collector = Collector::start_with(&data, &["--config", config.to_str().unwrap(), "--listen", "127.0.0.1:0"]);
    let agent = collector.loader_token();
    let viewer = collector.token("viewer", "architect");
    for r in arsring_collector::sample::fleet(20, 10, 3, Utc::now() - Duration::hours(1)) {
        assert_eq!(collector.post_report(serde_json::to_vec(&r).unwrap(), Some(&agent)).status(), 201);
    }

    // The first sync fetches the products the fleet needs, unconditionally.
    let (ok, text) = sync(&config);
    assert!(ok, "{text}");
    let fetched: Vec<String> = seen.lock().unwrap().keys().cloned().collect();
    assert!(fetched.iter().any(|p| p == "debian"), "the fleet runs Debian: {fetched:?}");
    assert!(seen.lock().unwrap().values().all(|v| v == &[false]), "one plain request each");
    let stored = collector.get_json("/api/v1/lifecycle/eol", &viewer);
    let names: Vec<&str> =
        stored["products"].as_array().unwrap().iter().filter_map(|p| p["product"].as_str()).collect();
    assert!(fetched.iter().all(|f| names.contains(&f.as_str())), "stored {names:?}, fetched {fetched:?}");

    let csv = collector.get("/api/v1/lifecycle/eol?format=csv", &viewer).text().unwrap();
    assert!(csv.starts_with("product,cycles,fetched_at,etag"), "{csv}");
    assert_eq!(csv.lines().count() as u64, stored["count"].as_u64().unwrap() + 1);

    // The assessment now uses the release cycles.
    let items = collector.get_json("/api/v1/lifecycle/items?category=virtual_machine", &viewer);
    let decided: Vec<&Value> =
        items["items"].as_array().unwrap().iter().filter(|i| i.to_string().contains("endoflife.date debian")).collect();
    assert!(!decided.is_empty(), "a Debian VM is assessed by its release cycle");

    // The second sync asks with the ETag it kept, and changes nothing.
    let (ok, text) = sync(&config);
    assert!(ok, "{text}");
    assert!(text.contains("not_modified") || text.contains("unchanged"), "{text}");
    assert!(seen.lock().unwrap().values().all(|v| v.len() == 2 && v[1]), "conditional the second time");
    assert_eq!(collector.get_json("/api/v1/lifecycle/eol", &viewer), stored);

    // A timer's sync, with everything fetched lately, asks nothing at all.
    let out = command_for(&config).args(["--unless-fetched-within", "12h"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("fresh"), "{text}");
    assert!(seen.lock().unwrap().values().all(|v| v.len() == 2), "nothing fetched a third time");
}

/// `eol sync --config CONFIG` for the collector `write_config` configured.
fn command_for(config: &Path) -> std::process::Command {
    let mut command = arsring_e2e::collector_command(&config.with_file_name("data"));
    command.args(["eol", "sync", "--config"]).arg(config);
    command
}

/// Two collectors on one PostgreSQL store, each with the timer's sync at the same moment:
/// the products are fetched once between them, not once each.
#[test]
fn a_timer_on_two_collectors_of_one_database_fetches_once() {
    let Some(pg) = arsring_e2e::peers::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (url, ca, seen) = fake_endoflife_date(&dir.path().join("fake-api"));
    let mut configs = Vec::new();
    let mut collectors = Vec::new();
    for name in ["one", "two"] {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        let (data, config) = write_config(&dir.path().join(name), &url, &ca);
        let args = ["--config", config.to_str().unwrap(), "--listen", "127.0.0.1:0", "--store", &pg.url_plain()];
        collectors.push(Collector::start_with(&data, &args));
        configs.push(config);
    }
    let timer = |config: &PathBuf| {
        let mut command = command_for(config);
        command.args(["--unless-fetched-within", "12h", "--product", "debian", "--product", "rhel"]);
        command.args(["--store", &pg.url_plain()]).stdout(std::process::Stdio::piped()).spawn().unwrap()
    };
    let runs: Vec<_> = configs.iter().map(timer).collect();
    for run in runs {
        assert!(run.wait_with_output().unwrap().status.success());
    }
    let seen = seen.lock().unwrap();
    for product in ["debian", "rhel"] {
        assert_eq!(seen.get(product).map(Vec::len), Some(1), "{product}: {seen:?}");
    }
    // Both collectors have them (through the admin socket of each).
    for config in &configs {
        let mut list = arsring_e2e::collector_command(&config.with_file_name("data"));
        let out =
            list.args(["eol", "list", "--config"]).arg(config).args(["--store", &pg.url_plain()]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("debian") && text.contains("rhel"), "{text}");
    }
    drop(collectors);
}

/// Some products failing is still a sync: exit 0, and stderr names the ones that failed.
#[test]
fn a_sync_where_some_products_fail_succeeds_and_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let (url, ca, _) = fake_endoflife_date(&dir.path().join("fake-api"));
    let (data, config) = write_config(dir.path(), &url, &ca);
    let _collector = Collector::start_with(&data, &["--config", config.to_str().unwrap(), "--listen", "127.0.0.1:0"]);
    let out = sync_products(&config, &["debian", "no-such-product"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.lines().any(|l| l.starts_with("debian") && l.ends_with("updated")), "{stdout}");
    assert!(stderr.contains("1 of 2 products could not be fetched") && stderr.contains("no-such-product"), "{stderr}");
}

/// endoflife.date unreachable: not one product comes, so the sync failed. The CLI exits 1
/// with one line naming the products and why; the API answers 502 in its error shape.
#[test]
fn a_sync_where_every_product_fails_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let (_, ca, _) = fake_endoflife_date(&dir.path().join("fake-api"));
    let unreachable = format!("https://127.0.0.1:{}/api/v1/", free_port());
    let (data, config) = write_config(dir.path(), &unreachable, &ca);
    let collector = Collector::start_with(&data, &["--config", config.to_str().unwrap(), "--listen", "127.0.0.1:0"]);

    let out = sync_products(&config, &["debian", "rhel"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("arsring-collector: eol sync failed: none of the 2 products could be fetched"),
        "{stderr}"
    );
    assert!(stderr.contains("(debian, rhel); debian: ") && stderr.contains("refused"), "{stderr}");

    let admin = collector.token("admin", "it-chef");
    let answer = collector
        .client()
        .post(format!("{}/api/v1/lifecycle/eol/sync", collector.url))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(r#"{"products": ["debian"]}"#)
        .checked()
        .unwrap();
    assert_eq!(answer.status(), 502);
    let body: Value = answer.json().unwrap();
    assert_eq!(body["error"]["field"], "products", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("the product could not be fetched from endoflife.date: debian: "), "{message}");
    assert_eq!(collector.get_json("/api/v1/lifecycle/eol", &admin)["count"], 0, "nothing stored");
}
