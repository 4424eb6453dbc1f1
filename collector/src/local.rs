//! The operator's way in: `arsring-collector` subcommands (import, lifecycle, costs…) are
//! clients of the same HTTP API as everyone else, so the CLI and the API always agree.
//!
//! A running collector listens on `<data-dir>/admin.sock` (mode 0600, so the file system
//! decides who is an administrator). When no collector runs, the CLI opens the data
//! directory itself and hands the request to the same router in-process: sled allows one
//! process per store, and this way both cases work.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::api::{self, AppState};

/// Marks a request that came through the admin socket (or in-process from the CLI).
#[derive(Clone, Copy, Debug)]
pub struct LocalAdmin;

/// The user id at the other end of the admin socket (SO_PEERCRED), recorded as who made a
/// change.
#[derive(Clone, Copy, Debug)]
pub struct PeerUid(pub Option<u32>);

impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, tokio::net::UnixListener>> for PeerUid {
    fn connect_info(stream: axum::serve::IncomingStream<'_, tokio::net::UnixListener>) -> Self {
        PeerUid(stream.io().peer_cred().ok().map(|c| c.uid()))
    }
}

/// The user name of `uid` from /etc/passwd, else the number.
pub fn user_name(uid: u32) -> String {
    std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| {
            passwd.lines().find_map(|line| {
                let mut fields = line.split(':');
                let name = fields.next()?;
                (fields.nth(1)?.parse::<u32>().ok()? == uid).then(|| name.to_string())
            })
        })
        .unwrap_or_else(|| format!("uid {uid}"))
}

pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("admin.sock")
}

/// Serves the API on the admin socket until the returned task is dropped or aborted.
pub fn serve_socket(data_dir: &Path, state: AppState) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let path = socket_path(data_dir);
    // A socket file left by a collector that was killed: nobody listens on it any more.
    if path.exists() && std::os::unix::net::UnixStream::connect(&path).is_err() {
        std::fs::remove_file(&path).with_context(|| format!("removing stale {}", path.display()))?;
    }
    let listener = std::os::unix::net::UnixListener::bind(&path)
        .with_context(|| format!("cannot listen on {} (is another collector running?)", path.display()))?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    listener.set_nonblocking(true)?;
    let listener = tokio::net::UnixListener::from_std(listener)?;
    let app = local_router(state).into_make_service_with_connect_info::<PeerUid>();
    Ok(tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, app).await {
            tracing::error!(%err, "admin socket stopped");
        }
    }))
}

fn local_router(state: AppState) -> Router {
    api::router(state).layer(axum::Extension(LocalAdmin))
}

/// An answer from the API.
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Bytes,
}

impl Answer {
    /// The body, or an error carrying the API's message for a non-2xx answer.
    pub fn ok(self) -> anyhow::Result<Bytes> {
        if self.status.is_success() {
            return Ok(self.body);
        }
        let message = serde_json::from_slice::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| {
                let e = v.get("error")?;
                let field = e.get("field")?.as_str()?;
                let message = e.get("message")?.as_str()?;
                let named = field.is_empty() || message.contains(field);
                Some(if named { message.to_string() } else { format!("{field}: {message}") })
            })
            .unwrap_or_else(|| String::from_utf8_lossy(&self.body).into_owned());
        let message = format!("the collector answered {}: {message}", self.status);
        if self.status.is_client_error() {
            Err(crate::commands::BadInput(message).into())
        } else {
            Err(anyhow::anyhow!(message))
        }
    }
}

/// Sends one request to the collector configured by `config`: over its admin socket if it
/// runs, otherwise in-process on its data directory.
pub async fn request(
    config: &crate::config::Config,
    method: Method,
    uri: &str,
    body: Vec<u8>,
    content_type: &str,
) -> anyhow::Result<Answer> {
    let data_dir = &config.data_dir;
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::HOST, "localhost")
        .body(Body::from(body))?;
    let socket = socket_path(data_dir);
    let response = match tokio::net::UnixStream::connect(&socket).await {
        Ok(stream) => {
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
            tokio::spawn(connection);
            sender.send_request(request).await?.map(Body::new)
        }
        Err(_) => {
            let state = crate::open_state(data_dir, crate::api_config(config)).with_context(|| {
                format!("no collector answers on {}, and the store cannot be opened", socket.display())
            })?;
            local_router(state).oneshot(request).await?
        }
    };
    let status = response.status();
    let content_type =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body = response.into_body().collect().await?.to_bytes();
    Ok(Answer { status, content_type, body })
}
