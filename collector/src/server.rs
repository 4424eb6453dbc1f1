//! Binding and serving: HTTPS with rustls, or plain HTTP on loopback when asked for.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use tokio::task::JoinHandle;

use crate::api::{self, AppState};

/// A collector accepting connections.
pub struct Running {
    pub addr: SocketAddr,
    /// Base URL, e.g. `https://127.0.0.1:8443`.
    pub url: String,
    handle: Handle<SocketAddr>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, lets requests in flight finish (up to 10 s), and waits.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        self.handle.graceful_shutdown(Some(Duration::from_secs(10)));
        self.task.await?.context("server")?;
        Ok(())
    }

    /// Serves until `signal` resolves, then shuts down gracefully.
    pub async fn serve_until(self, signal: impl std::future::Future<Output = ()>) -> anyhow::Result<()> {
        signal.await;
        tracing::info!("shutting down");
        self.shutdown().await
    }
}

/// Binds `listen` (port 0 picks a free port) and starts serving in the background.
pub fn start(listen: SocketAddr, state: AppState, tls: Option<Arc<rustls::ServerConfig>>) -> anyhow::Result<Running> {
    let listener = TcpListener::bind(listen).with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    let handle = Handle::new();
    let app = api::router(state).into_make_service();
    let (scheme, task) = match tls {
        Some(config) => {
            let server =
                axum_server::from_tcp_rustls(listener, RustlsConfig::from_config(config))?.handle(handle.clone());
            ("https", tokio::spawn(server.serve(app)))
        }
        None => {
            let server = axum_server::from_tcp(listener)?.handle(handle.clone());
            ("http", tokio::spawn(server.serve(app)))
        }
    };
    let host = match addr {
        SocketAddr::V6(a) => format!("[{}]", a.ip()),
        SocketAddr::V4(a) => a.ip().to_string(),
    };
    Ok(Running { addr, url: format!("{scheme}://{host}:{}", addr.port()), handle, task })
}

/// Resolves on Ctrl-C or SIGTERM (what systemd sends).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
