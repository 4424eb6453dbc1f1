//! Bearer-token authentication and role checks, applied per route group in `api::routes`,
//! so no route can be added without deciding who may call it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use crate::app::AppState;
use crate::app::identity::Reporter;
use crate::store::credentials::CredentialKind;
use crate::tokens::{Caller, Role};

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
fn user_name(uid: u32) -> String {
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

/// Who runs the CLI when it opened the data directory itself.
fn local_user() -> String {
    let user = std::env::var("SUDO_USER").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "unknown".into());
    format!("{user} (command line)")
}

/// What a route group allows.
#[derive(Clone, Copy, Debug)]
pub enum Access {
    /// Posting reports: enrolled agents and pollers with their own keys (and admins).
    Ingest,
    /// Enrolling: the shared enrolment secret (an agent-role token), and admins.
    Enrol,
    /// Reading the inventory: viewers (and admins).
    Read,
    /// Changing registers and settings: admins only.
    Admin,
}

impl Access {
    fn allows(self, role: Role) -> bool {
        matches!((self, role), (_, Role::Admin) | (Access::Enrol, Role::Agent) | (Access::Read, Role::Viewer))
    }
}

/// The guard of a route group: who the caller is, and whether `access` allows them. A tower
/// layer written out rather than `middleware::from_fn`, which boxes the rest of the stack and
/// its future again for every request: every report passes here.
#[derive(Clone)]
pub struct Guard {
    access: Access,
    app: AppState,
}

impl Guard {
    pub fn new(access: Access, app: AppState) -> Guard {
        Guard { access, app }
    }
}

impl<S> tower::Layer<S> for Guard {
    type Service = Guarded<S>;

    fn layer(&self, inner: S) -> Guarded<S> {
        Guarded { guard: self.clone(), inner }
    }
}

/// A route behind its [`Guard`].
#[derive(Clone)]
pub struct Guarded<S> {
    guard: Guard,
    inner: S,
}

impl<S> tower::Service<Request> for Guarded<S>
where
    S: tower::Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Admitted<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        match admit(self.guard.access, &self.guard.app, &mut request) {
            Ok(caller) => {
                request.extensions_mut().insert(caller.clone());
                Admitted::Running { route: self.inner.call(request), caller: Some(caller) }
            }
            Err(refusal) => Admitted::Refused { refusal: Some(refusal.into_response()) },
        }
    }
}

pin_project_lite::pin_project! {
    /// The route's answer, naming the caller for the request log; or the refusal.
    #[project = AdmittedNow]
    pub enum Admitted<F> {
        Running { #[pin] route: F, caller: Option<Caller> },
        Refused { refusal: Option<Response> },
    }
}

impl<F, E> Future for Admitted<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            AdmittedNow::Running { route, caller } => {
                let mut response = std::task::ready!(route.poll(cx))?;
                if let Some(caller) = caller.take() {
                    response.extensions_mut().insert(caller);
                }
                Poll::Ready(Ok(response))
            }
            // Polled again after it answered (hyper never does): an error, not a second answer.
            AdmittedNow::Refused { refusal } => Poll::Ready(Ok(refusal
                .take()
                .unwrap_or_else(|| axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()))),
        }
    }
}

/// Who the caller is, if `access` lets them in. The reporter the ingest handler reads is put
/// on the request.
fn admit(access: Access, app: &AppState, request: &mut Request) -> Result<Caller, ApiError> {
    // The admin socket is protected by file permissions; in-process CLI calls likewise.
    if request.extensions().get::<LocalAdmin>().is_some() {
        let peer = request.extensions().get::<axum::extract::ConnectInfo<PeerUid>>().and_then(|c| c.0.0);
        let name = match peer {
            Some(uid) => format!("{} (admin socket)", user_name(uid)),
            None => local_user(),
        };
        request.extensions_mut().insert(Reporter::Admin { name: name.clone() });
        return Ok(Caller { token_id: "local".into(), name, role: Role::Admin });
    }
    // The dashboard's downloads (CSV) are GETs: reads, and the admins' audit log. The cookie
    // is SameSite=Strict and a GET changes nothing, so no other site can use a session here;
    // the session's role is checked like a token's.
    let download = request.method() == axum::http::Method::GET && matches!(access, Access::Read | Access::Admin);
    let session = match download && !request.headers().contains_key(header::AUTHORIZATION) {
        true => app.sessions.current(&app.tokens, request.headers()),
        false => None,
    };
    if let Some(session) = session {
        if !access.allows(session.caller.role) {
            let role = session.caller.role.as_str();
            return Err(ApiError::forbidden(format!("a session with role `{role}` may not do this")));
        }
        return Ok(session.caller);
    }
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| ApiError::unauthorized("a bearer token is required"))?;
    // A device key is never a token: it skips the token look-up (the token file's `fstat`
    // and a hash of the key, which `device_key` computes again).
    let as_token = match token.starts_with(crate::app::identity::KEY_PREFIX) {
        true => None,
        false => app.tokens.authenticate(token),
    };
    let caller = match as_token {
        Some(caller) => caller,
        None if matches!(access, Access::Ingest) => {
            let (caller, reporter) = device_key(app, token)?;
            request.extensions_mut().insert(reporter);
            return Ok(caller);
        }
        None => return Err(ApiError::unauthorized("unknown or revoked token")),
    };
    if matches!(access, Access::Ingest) && caller.role == Role::Agent {
        return Err(ApiError::forbidden(
            "this agent token is an enrolment secret: an agent enrols with it once (POST /api/v1/enrol, which \
             arsring-agent does by itself) and reports with its own key"
                .into(),
        ));
    }
    if !access.allows(caller.role) {
        return Err(ApiError::forbidden(format!("a token with role `{}` may not do this", caller.role.as_str())));
    }
    request.extensions_mut().insert(Reporter::Admin { name: caller.name.clone() });
    Ok(caller)
}

/// A device's or poller's own key, enrolled and not revoked.
fn device_key(app: &AppState, key: &str) -> Result<(Caller, Reporter), ApiError> {
    let record = app
        .store
        .credential_by_hash(&crate::tokens::hash(key))
        .ok_or_else(|| ApiError::unauthorized("unknown or revoked key"))?;
    let reporter = match (record.kind, record.device_id) {
        (CredentialKind::Agent, Some(device_id)) => Reporter::Agent { credential: record.id.clone(), device_id },
        (CredentialKind::Poller, _) => Reporter::Poller { credential: record.id.clone() },
        (CredentialKind::Agent, None) => return Err(ApiError::unauthorized("a key without a device")),
    };
    let caller = Caller { token_id: record.id, name: record.name, role: Role::Agent };
    Ok((caller, reporter))
}

#[cfg(test)]
mod tests;
