//! The web dashboard, served by the collector under `/`: log in with a viewer or admin
//! token, then server-rendered pages (the `arsring-dashboard` crate renders them; `pages`
//! decides what they show, from the same functions the API uses).

mod error;
mod pages;
mod sorting;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use crate::app::AppState;
use crate::sessions::{self, Session, clear_cookie, set_cookie};
use crate::tokens::Role;

/// The dashboard's pages, its log-in and its static assets.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::overview))
        .route("/heatmap", get(pages::heatmap))
        .route("/heatmap/cell", get(pages::cell))
        .route("/network", get(pages::network))
        .route("/servers", get(pages::servers))
        .route("/plan", get(pages::plan))
        .route("/costs", get(pages::costs))
        .route("/device/{id}", get(pages::device))
        .route("/admin", get(pages::admin))
        .route("/admin/catalogue", post(pages::admin_catalogue))
        .route("/admin/assets", post(pages::admin_assets))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/static/app.css", get(|| async { asset(arsring_dashboard::CSS, "text/css; charset=utf-8") }))
        .route("/static/app.js", get(|| async { asset(arsring_dashboard::JS, "text/javascript; charset=utf-8") }))
        .route("/static/favicon.svg", get(|| async { asset(arsring_dashboard::FAVICON, "image/svg+xml") }))
        // Browsers ask for it whatever the page says.
        .route("/favicon.ico", get(|| async { Redirect::permanent("/static/favicon.svg") }))
        .layer(axum::middleware::from_fn(same_origin))
        .layer(axum::middleware::map_response(security_headers))
        .layer(axum::middleware::from_fn(server_timing))
}

/// Everything a page uses comes from the collector itself; nothing may frame it.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in set {
        headers.insert(name, header::HeaderValue::from_static(value));
    }
    response
}

/// Refuses a form posted from another site. The SameSite=Strict cookie already keeps a
/// session out of such posts; this also covers the log-in form, which has no session yet
/// (an attacker's page could otherwise log a visitor in as the attacker).
async fn same_origin(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if request.method() == axum::http::Method::POST && !origin_matches(&request) {
        return (StatusCode::FORBIDDEN, "a form from another site is refused").into_response();
    }
    next.run(request).await
}

/// `true` unless the browser names an origin whose host differs from the one asked for.
fn origin_matches(request: &axum::extract::Request) -> bool {
    let Some(origin) = request.headers().get(header::ORIGIN) else { return true };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or(request.uri().authority().map(|a| a.as_str()));
    let origin_host = origin.to_str().ok().and_then(|o| o.strip_prefix("https://").or(o.strip_prefix("http://")));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// How long the page took to gather and render, for the browser's developer tools and
/// for `dashboard-bench` (`Server-Timing: render;dur=12.3`, in milliseconds).
async fn server_timing(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let start = std::time::Instant::now();
    let mut response = next.run(request).await;
    let value = format!("render;dur={:.1}", start.elapsed().as_secs_f64() * 1000.0);
    if let Ok(value) = header::HeaderValue::from_str(&value) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// A logged-in dashboard user. Pages take it as an argument; without a session the request
/// is sent to the login page.
pub struct Viewer(pub Session);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        match app.sessions.current(&app.tokens, &parts.headers) {
            Some(session) => Ok(Viewer(session)),
            None => {
                let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                Err(Redirect::to(&format!("/login?next={}", urlencode(next))).into_response())
            }
        }
    }
}

impl Viewer {
    pub fn user(&self) -> arsring_dashboard::User {
        let caller = &self.0.caller;
        arsring_dashboard::User {
            name: caller.name.clone(),
            role: caller.role.as_str().into(),
            is_admin: caller.role == Role::Admin,
            csrf: self.0.csrf.clone(),
        }
    }
}

pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct LoginQuery {
    next: Option<String>,
}

/// Only local paths, so the login form cannot be used to send someone elsewhere.
fn safe_next(next: Option<&str>) -> &str {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\')).unwrap_or("/")
}

async fn login_page(
    query: Result<axum::extract::Query<LoginQuery>, axum::extract::rejection::QueryRejection>,
) -> Html<String> {
    let next = query.ok().and_then(|q| q.0.next);
    Html(arsring_dashboard::login(&arsring_dashboard::LoginPage { error: None, next: safe_next(next.as_deref()) }))
}

#[derive(Deserialize)]
struct LoginForm {
    token: String,
    next: Option<String>,
}

async fn login(State(app): State<AppState>, Form(form): Form<LoginForm>) -> Response {
    let next = safe_next(form.next.as_deref()).to_string();
    let refuse = |error: &str| {
        let page = arsring_dashboard::login(&arsring_dashboard::LoginPage { error: Some(error), next: &next });
        (StatusCode::UNAUTHORIZED, Html(page)).into_response()
    };
    let Some(caller) = app.tokens.authenticate(form.token.trim()) else {
        return refuse("Unknown or revoked token.");
    };
    if caller.role == Role::Agent {
        return refuse("An agent token can only post reports; log in with a viewer or admin token.");
    }
    match app.sessions.open(caller) {
        Some(id) => ([(header::SET_COOKIE, set_cookie(&id))], Redirect::to(&next)).into_response(),
        None => (StatusCode::INTERNAL_SERVER_ERROR, "no system randomness for a session").into_response(),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(app): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !sessions::same(&form.csrf, &viewer.0.csrf) {
        return (StatusCode::FORBIDDEN, "the form is stale; reload the page").into_response();
    }
    app.sessions.close(&headers);
    ([(header::SET_COOKIE, clear_cookie())], Redirect::to("/login")).into_response()
}

#[cfg(test)]
mod tests;
