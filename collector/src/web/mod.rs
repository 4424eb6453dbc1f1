//! The web dashboard, served by the collector under `/`: log in with a directory account
//! (`[ldap]`, see `directory`) or a viewer or admin token, then server-rendered pages (the
//! `arsring-dashboard` crate renders them; `pages` decides what they show, from the same
//! functions the API uses).

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

use arsring_dashboard::Lang;
use arsring_dashboard::i18n;

use crate::app::{AppState, login};
use crate::directory::LoginError;
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
        .route("/admin/audit", get(pages::audit_log))
        .route("/admin/catalogue", post(pages::admin_catalogue))
        .route("/admin/assets", post(pages::admin_assets))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024))
        .layer(crate::server::offload::layer())
        .route("/login", get(login_page).post(login))
        .route("/lang", get(switch_language))
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
pub struct Viewer {
    pub session: Session,
    /// The language pages are shown in: the switch's cookie, else the browser's.
    pub lang: Lang,
    /// The page asked for, path and query, for the language switch to come back to.
    pub path: String,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        match app.sessions.current(&app.tokens, &parts.headers) {
            Some(session) => Ok(Viewer {
                session,
                lang: language(&parts.headers),
                path: parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_string(),
            }),
            None => {
                let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                Err(Redirect::to(&format!("/login?next={}", urlencode(next))).into_response())
            }
        }
    }
}

impl Viewer {
    pub fn user(&self) -> arsring_dashboard::User {
        let caller = &self.session.caller;
        arsring_dashboard::User {
            name: caller.name.clone(),
            role: caller.role.as_str().into(),
            is_admin: caller.role == Role::Admin,
            csrf: self.session.csrf.clone(),
        }
    }
}

/// Every text the pages show, in both languages (for the translation tests).
pub fn texts() -> Vec<(&'static str, arsring_dashboard::Text)> {
    pages::text::all()
}

/// The language: the switch's cookie if set, else the browser's `Accept-Language`.
pub fn language(headers: &axum::http::HeaderMap) -> Lang {
    let chosen = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == i18n::COOKIE)
        .and_then(|(_, value)| Lang::parse(value));
    chosen.unwrap_or_else(|| {
        let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        accept.map_or(Lang::En, Lang::negotiate)
    })
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

/// A path on this collector, or `/`: the log-in form must not send anyone elsewhere.
/// Browsers drop tabs and line breaks from a URL and read `\\` as `/`, so
/// `/\t/evil.example` would become `//evil.example`, another site: no whitespace, control
/// character or backslash is let through.
fn safe_next(next: Option<&str>) -> &str {
    next.filter(|n| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.chars().any(|c| c == '\\' || c.is_whitespace() || c.is_control())
    })
    .unwrap_or("/")
}

async fn login_page(
    State(app): State<AppState>,
    headers: axum::http::HeaderMap,
    query: Result<axum::extract::Query<LoginQuery>, axum::extract::rejection::QueryRejection>,
) -> Html<String> {
    let next = query.ok().and_then(|q| q.0.next);
    Html(login_html(&app, language(&headers), None, safe_next(next.as_deref())))
}

#[derive(Deserialize)]
struct LanguageQuery {
    to: Option<String>,
    next: Option<String>,
}

/// The language switch: remembers the choice for the browser session (a cookie without
/// an expiry) and goes back to the page it was on. Anything but `sv` or `en` changes nothing.
async fn switch_language(
    query: Result<axum::extract::Query<LanguageQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let query = query.ok().map(|q| q.0);
    let next = safe_next(query.as_ref().and_then(|q| q.next.as_deref())).to_string();
    match query.and_then(|q| q.to).as_deref().and_then(Lang::parse) {
        Some(lang) => {
            let cookie = format!("{}={}; Path=/; Secure; HttpOnly; SameSite=Lax", i18n::COOKIE, lang.code());
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        None => Redirect::to(&next).into_response(),
    }
}

fn login_html(app: &AppState, lang: Lang, error: Option<&str>, next: &str) -> String {
    arsring_dashboard::login(&arsring_dashboard::LoginPage { lang, error, next, directory: app.directory.enabled() })
}

/// The log-in form: a directory account's user name and password, or a token (scripts,
/// break-glass). An empty user name means the token form was used.
#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login(
    State(app): State<AppState>,
    headers: axum::http::HeaderMap,
    extensions: axum::http::Extensions,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = language(&headers);
    let next = safe_next(form.next.as_deref()).to_string();
    let credentials = if form.user.trim().is_empty() {
        login::Credentials::Token(&form.token)
    } else {
        login::Credentials::Directory { user: &form.user, password: &form.password }
    };
    // Known when the server runs with connection info; else the user name alone is counted.
    let client = extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    match login::log_in(&app, credentials, client).await {
        Ok(Ok(id)) => ([(header::SET_COOKIE, set_cookie(&id))], Redirect::to(&next)).into_response(),
        Ok(Err(refused)) => {
            let status = match &refused {
                login::Refused::Directory(err) => directory_status(err),
                _ => StatusCode::UNAUTHORIZED,
            };
            (status, Html(login_html(&app, lang, Some(&refused.to_string()), &next))).into_response()
        }
        Err(err) => {
            let err = error::PageError::from(err);
            (err.status, Html(login_html(&app, lang, Some(&err.message), &next))).into_response()
        }
    }
}

fn directory_status(err: &LoginError) -> StatusCode {
    match err {
        LoginError::BadCredentials | LoginError::PasswordExpired | LoginError::NotConfigured => {
            StatusCode::UNAUTHORIZED
        }
        LoginError::NoMappedGroup { .. } => StatusCode::FORBIDDEN,
        LoginError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        LoginError::Unavailable { .. } | LoginError::Insecure { .. } | LoginError::Misconfigured { .. } => {
            StatusCode::SERVICE_UNAVAILABLE
        }
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
    if !sessions::same(&form.csrf, &viewer.session.csrf) {
        return (StatusCode::FORBIDDEN, "the form is stale; reload the page").into_response();
    }
    app.sessions.close(&headers);
    ([(header::SET_COOKIE, clear_cookie())], Redirect::to("/login")).into_response()
}

#[cfg(test)]
mod tests;
