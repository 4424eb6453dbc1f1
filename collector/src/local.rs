//! The operator's way in: `arsring-collector` subcommands (import, lifecycle, costs…) are
//! clients of the same HTTP API as everyone else, so the CLI and the API always agree.
//!
//! A running collector listens on `<data-dir>/admin.sock` (mode 0600, so the file system
//! decides who is an administrator). When no collector runs, the CLI opens the data
//! directory itself and hands the request to the same router in-process: sled allows one
//! process per store, and this way both cases work.

use anyhow::Context;
use arsring_protocol::ErrorBody;
use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::app::{self, AppConfig};
use crate::config::Config;

/// The collector refused a request for what it said (a 4xx): the caller can fix it.
#[derive(Debug)]
pub struct Refused {
    pub status: StatusCode,
    pub message: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the collector answered {}: {}", self.status, self.message)
    }
}

impl std::error::Error for Refused {}

/// An answer from the API.
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Bytes,
}

impl Answer {
    /// The body, or an error carrying the API's message for a non-2xx answer: [`Refused`]
    /// for a 4xx.
    pub fn ok(self) -> anyhow::Result<Bytes> {
        if self.status.is_success() {
            return Ok(self.body);
        }
        let message = serde_json::from_slice::<ErrorBody>(&self.body)
            .map(|e| e.describe())
            .unwrap_or_else(|_| String::from_utf8_lossy(&self.body).into_owned());
        if self.status.is_client_error() {
            Err(Refused { status: self.status, message }.into())
        } else {
            Err(anyhow::anyhow!("the collector answered {}: {message}", self.status))
        }
    }

    /// The body decoded as `T` (the API's typed answer).
    pub fn json<T: serde::de::DeserializeOwned>(self) -> anyhow::Result<T> {
        let body = self.ok()?;
        serde_json::from_slice(&body).context("the collector's answer is not what this command expects")
    }
}

/// Sends one request to the collector configured by `config`: over its admin socket if it
/// runs, otherwise in-process on its data directory.
pub async fn request(
    config: &Config,
    method: Method,
    uri: &str,
    body: Vec<u8>,
    content_type: &str,
) -> anyhow::Result<Answer> {
    let response = send(config, method, uri, body, content_type).await?;
    let (status, content_type) = status_and_type(&response);
    let body = response.into_body().collect().await?.to_bytes();
    Ok(Answer { status, content_type, body })
}

/// GETs `uri` and writes a successful answer's body to `out` as it arrives (a snapshot of
/// the store is larger than memory should hold). An error answer is returned whole.
pub async fn download(config: &Config, uri: &str, out: &mut impl std::io::Write) -> anyhow::Result<Answer> {
    let response = send(config, Method::GET, uri, Vec::new(), "application/json").await?;
    let (status, content_type) = status_and_type(&response);
    let mut body = response.into_body();
    if !status.is_success() {
        let body = body.collect().await?.to_bytes();
        return Ok(Answer { status, content_type, body });
    }
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            out.write_all(&data)?;
        }
    }
    Ok(Answer { status, content_type, body: Bytes::new() })
}

fn status_and_type(response: &axum::response::Response) -> (StatusCode, String) {
    let content_type =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    (response.status(), content_type)
}

async fn send(
    config: &Config,
    method: Method,
    uri: &str,
    body: Vec<u8>,
    content_type: &str,
) -> anyhow::Result<axum::response::Response> {
    let data_dir = &config.data_dir;
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::HOST, "localhost")
        .body(Body::from(body))?;
    let socket = crate::server::admin_socket_path(data_dir);
    Ok(match tokio::net::UnixStream::connect(&socket).await {
        Ok(stream) => {
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
            tokio::spawn(connection);
            sender.send_request(request).await?.map(Body::new)
        }
        Err(_) => {
            let state = app::open(data_dir, AppConfig::from_config(config)).with_context(|| {
                format!("no collector answers on {}, and the store cannot be opened", socket.display())
            })?;
            crate::server::admin_router(state).oneshot(request).await?
        }
    })
}
