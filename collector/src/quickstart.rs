//! `arsring-collector quickstart`: a collector on localhost with TLS and the embedded store
//! (or PostgreSQL, with `--store`), and one real report of this machine sent to it over
//! HTTPS by the real agent code.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use arsring_agent::collect::host::Host;
use arsring_agent::daemon::{Agent, RunResult};

use crate::app::{self, AppConfig};
use crate::config::{Config, Overrides};
use crate::server::{self, shutdown_signal};
use crate::tls;
use crate::tokens::Role;

/// `store`: a PostgreSQL URL, else the embedded store in `data_dir`.
pub async fn run(data_dir: &Path, listen: Option<SocketAddr>, demo: bool, store: Option<String>) -> anyhow::Result<()> {
    let identity = tls::identity(data_dir, None, &[])?;
    let ca = identity.local_ca.clone().context("quickstart uses the local CA")?;
    let overrides = Overrides { data_dir: Some(data_dir.to_path_buf()), store, ..Overrides::default() };
    let config = Config::load(None, overrides)?;
    let state = app::open_serving(data_dir, AppConfig::from_config(&config))?;

    // Each quickstart replaces the tokens of the previous one.
    for name in ["quickstart-agent", "quickstart-viewer", "quickstart-admin"] {
        state.tokens.revoke(name)?;
    }
    let (agent_token, _) = state.tokens.create(Role::Agent, "quickstart-agent")?;
    let (viewer_token, _) = state.tokens.create(Role::Viewer, "quickstart-viewer")?;
    let (admin_token, _) = state.tokens.create(Role::Admin, "quickstart-admin")?;

    let admin = server::serve_admin_socket(data_dir, state.clone())?;
    let running = match listen {
        Some(addr) => server::start(addr, state, Some(identity.server_config.clone()))?,
        None => start_on_default_port(state, identity.server_config.clone())?,
    };

    println!("Collecting a report of this machine and sending it over HTTPS …");
    let agent_config = arsring_agent::config::Config {
        collector: Some(running.url.clone()),
        token: Some(agent_token),
        ca: Some(ca.clone()),
        state_dir: data_dir.join("agent"),
        ..Default::default()
    };
    let agent = Agent::new(agent_config, Host::default())?;
    match agent.run_once().await? {
        RunResult::Delivered => {}
        other => anyhow::bail!("the local report was not delivered: {other:?}"),
    }

    if demo {
        load_demo(&config).await?;
    }

    let stop = shutdown_signal();
    let url = &running.url;
    let ca_path = ca.canonicalize().unwrap_or(ca);
    let data = data_dir.canonicalize().unwrap_or_else(|_| data_dir.to_path_buf());
    let kept_in = match &config.store {
        Some(settings) => format!("--store {}", settings.shown()),
        None => format!("--data-dir {}", data.display()),
    };
    println!(
        "\nÅrsring collector is running at {url}\n\n\
         \x20 CA certificate   {ca}\n\
         \x20 CA fingerprint   SHA256 {fp}\n\
         \x20 viewer token     {viewer_token}\n\
         \x20 admin token      {admin_token}\n\
         \x20 data directory   {data}\n\n\
         This machine has reported. Open the dashboard at {url}/ (trust the CA certificate\n\
         above, or accept the browser's warning once) and log in with the viewer or admin token.\n\
         The same data through the API:\n\n\
         \x20 curl --cacert {ca} -H 'Authorization: Bearer {viewer_token}' {url}/api/v1/devices\n\
         \x20 curl --cacert {ca} -H 'Authorization: Bearer {viewer_token}' '{url}/api/v1/devices?format=csv'\n\
         \x20 curl --cacert {ca} -H 'Authorization: Bearer {viewer_token}' {url}/api/v1/summary\n\n\
         Report from another server (create an agent token first):\n\n\
         \x20 arsring-collector token create {kept_in} --role agent --name web01\n\
         \x20 arsring-agent --collector {url} --ca {ca} --token <TOKEN> run --once\n\n\
         Press Ctrl-C to stop.",
        ca = ca_path.display(),
        fp = identity.fingerprint,
        data = data.display(),
    );
    let served = running.serve_until(stop).await;
    admin.abort();
    let _ = std::fs::remove_file(server::admin_socket_path(data_dir));
    served
}

/// The sample fleet and its registers, through the collector's own API (admin socket).
async fn load_demo(config: &crate::config::Config) -> anyhow::Result<()> {
    use axum::http::Method;
    let now = chrono::Utc::now();
    let reports = crate::sample::fleet(240, 360, 2026, now - chrono::Duration::minutes(5));
    println!("Loading the demo fleet: {} made-up devices, catalogue, asset register, cost model …", reports.len());
    for report in &reports {
        let body = serde_json::to_vec(report)?;
        crate::local::request(config, Method::POST, "/api/v1/reports", body, "application/json").await?.ok()?;
    }
    let year = chrono::Datelike::year(&now);
    let imports = [
        ("/api/v1/lifecycle/catalogue", crate::sample::CATALOGUE.to_string()),
        ("/api/v1/assets", crate::sample::asset_register(&reports, 2026)),
        ("/api/v1/costs/model", crate::sample::costs_toml(year)),
    ];
    for (uri, body) in imports {
        crate::local::request(config, Method::POST, uri, body.into_bytes(), "text/plain").await?.ok()?;
    }
    // Release cycles: the snapshot the tests use, when run from a source checkout (as the
    // README does); otherwise the OS end-of-life columns stay unknown until `eol sync`.
    let snapshot = std::path::Path::new(crate::sample::EOL_SNAPSHOT);
    match crate::lifecycle::eol::import_dir(snapshot) {
        Ok(products) => {
            crate::commands::eol::store_products(config, &products).await?;
            println!(
                "Release cycles: {} products from the endoflife.date snapshot in {}.",
                products.len(),
                snapshot.display()
            );
        }
        Err(_) => {
            println!("Release cycles: none loaded; run `arsring-collector eol sync` for OS and firmware end of life.")
        }
    }
    Ok(())
}

/// 127.0.0.1:8443, or any free port if something else has 8443.
fn start_on_default_port(
    state: app::AppState,
    tls: std::sync::Arc<rustls::ServerConfig>,
) -> anyhow::Result<server::Running> {
    let preferred: SocketAddr = "127.0.0.1:8443".parse()?;
    match server::start(preferred, state.clone(), Some(tls.clone())) {
        Ok(running) => Ok(running),
        Err(err) if err.downcast_ref::<std::io::Error>().map(|e| e.kind()) == Some(ErrorKind::AddrInUse) => {
            println!("Port 8443 is taken; using a free port instead.");
            server::start("127.0.0.1:0".parse()?, state, Some(tls))
        }
        Err(err) => Err(err),
    }
}
