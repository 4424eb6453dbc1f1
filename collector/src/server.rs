//! The router and the listeners: the API and the pages over the same state, served over
//! HTTPS with rustls (or plain HTTP on loopback when asked for), and the admin socket.

mod connections;
mod headers;
pub mod offload;
pub mod requests;

pub use connections::Limits;

use std::net::{SocketAddr, TcpListener};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::http;
use axum::{Router, ServiceExt};
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use tokio::task::JoinHandle;

use self::headers::Transport;
use crate::api::auth::{LocalAdmin, PeerUid};
use crate::app::AppState;
use crate::{api, web};

/// Everything the collector serves over HTTP: the API and the dashboard.
pub fn router(state: AppState) -> Router {
    Router::new().fallback_service(layered(state, Transport::Plain))
}

/// The routes behind what every request passes through (the request log with the headers every
/// answer carries, then compression), wrapped once around the whole router: `Router::layer`
/// wraps each route in turn, and each request then clones every layer's boxed service.
type Layered = requests::Logged<tower_http::compression::Compression<Router>>;

/// Served as it is, not as a `Router` of its own: a router around it would cost each of
/// ingest's thousands of requests a second a route cloned and boxed, its body and its answer
/// boxed again.
fn layered(state: AppState, transport: Transport) -> Layered {
    let routes =
        Router::new().merge(api::routes(state.clone())).merge(web::routes()).fallback(api::not_found).with_state(state);
    tower::ServiceBuilder::new()
        .layer(requests::RequestLog::new(transport))
        // Tables and CSV shrink ten-fold; only for clients that ask (Accept-Encoding). Pages
        // carry a CSRF token next to reflected filters, but the SameSite=Strict cookie keeps
        // other sites from making the requests a BREACH-style guess would need.
        .layer(tower_http::compression::CompressionLayer::new())
        .service(routes)
}

/// The same routes for the admin socket and the in-process CLI: every request is an
/// administrator's, because only the file system decides who reaches them.
pub fn admin_router(state: AppState) -> Router {
    router(state).layer(axum::Extension(LocalAdmin))
}

/// `<data-dir>/admin.sock`: the command line's way to a running collector.
pub fn admin_socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("admin.sock")
}

/// Serves the admin routes on `<data-dir>/admin.sock` (mode 0600) until the returned task
/// is dropped or aborted.
pub fn serve_admin_socket(data_dir: &Path, state: AppState) -> anyhow::Result<JoinHandle<()>> {
    let path = admin_socket_path(data_dir);
    // A socket file left by a collector that was killed: nobody listens on it any more.
    if path.exists() && std::os::unix::net::UnixStream::connect(&path).is_err() {
        std::fs::remove_file(&path).with_context(|| format!("removing stale {}", path.display()))?;
    }
    let listener = std::os::unix::net::UnixListener::bind(&path)
        .with_context(|| format!("cannot listen on {} (is another collector running?)", path.display()))?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    listener.set_nonblocking(true)?;
    let listener = tokio::net::UnixListener::from_std(listener)?;
    let app = admin_router(state).into_make_service_with_connect_info::<PeerUid>();
    Ok(tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, app).await {
            tracing::error!(%err, "admin socket stopped");
        }
    }))
}

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
    start_with(listen, state, tls, Limits::default())
}

/// [`start`] with other connection limits.
pub fn start_with(
    listen: SocketAddr,
    state: AppState,
    tls: Option<Arc<rustls::ServerConfig>>,
    limits: Limits,
) -> anyhow::Result<Running> {
    let listener = TcpListener::bind(listen).with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    let handle = Handle::new();
    let transport = if tls.is_some() { Transport::Https } else { Transport::Plain };
    let app = tower::ServiceBuilder::new()
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(limits.body))
        .service(layered(state, transport));
    let app =
        ServiceExt::<http::Request<hyper::body::Incoming>>::into_make_service_with_connect_info::<SocketAddr>(app);
    let capped = connections::Capped::new(&limits);
    let (scheme, task) = match tls {
        Some(config) => {
            let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(RustlsConfig::from_config(config))
                .handshake_timeout(limits.handshake)
                .acceptor(capped);
            let mut server = axum_server::from_tcp(listener)?.acceptor(acceptor).handle(handle.clone());
            deadlines(&mut server, &limits);
            ("https", tokio::spawn(server.first_request_timeout(limits.first_request).serve(app)))
        }
        None => {
            let mut server = axum_server::from_tcp(listener)?.acceptor(capped).handle(handle.clone());
            deadlines(&mut server, &limits);
            ("http", tokio::spawn(server.first_request_timeout(limits.first_request).serve(app)))
        }
    };
    let host = match addr {
        SocketAddr::V6(a) => format!("[{}]", a.ip()),
        SocketAddr::V4(a) => a.ip().to_string(),
    };
    Ok(Running { addr, url: format!("{scheme}://{host}:{}", addr.port()), handle, task })
}

fn deadlines<A>(server: &mut axum_server::Server<std::net::SocketAddr, A>, limits: &Limits) {
    let builder = server.http_builder();
    builder.http1().header_read_timeout(limits.headers);
    // An HTTP/2 client that stops answering pings is gone; its streams are dropped.
    builder.http2().keep_alive_interval(Duration::from_secs(30)).max_concurrent_streams(128);
}

/// Resolves on Ctrl-C or SIGTERM (what systemd sends). The handlers are installed when this
/// is called, not when the future is first polled: call it before saying the collector is
/// up, or a SIGTERM sent on reading that line would find the default action and kill it.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send {
    use tokio::signal::unix::{SignalKind, signal};
    let (interrupt, terminate) = (signal(SignalKind::interrupt()), signal(SignalKind::terminate()));
    async move {
        let wait = |s: std::io::Result<tokio::signal::unix::Signal>| async move {
            match s {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = wait(interrupt) => {}
            _ = wait(terminate) => {}
        }
    }
}

#[cfg(test)]
mod tests;
