//! What each dashboard page shows. Handlers gather data with the same functions as the API
//! (inventory rows, the lifecycle assessment, the charge report) and describe the page as
//! sections for `arsring_dashboard` to render.

mod admin;
mod audit;
mod costs;
mod device;
mod fleet;
mod lifecycle;
pub(crate) mod text;

pub use admin::{admin, admin_assets, admin_catalogue};
pub use audit::audit_log;
pub use costs::costs;
pub use device::device;
pub use fleet::{network, overview, servers};
pub use lifecycle::{cell, heatmap, plan};

use std::collections::HashMap;

use arsring_dashboard::{Control, Lang, Nav, Page, Section};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::Viewer;
use crate::web::error::PageError;

fn render(viewer: &Viewer, nav: Nav, title: &str, sections: Vec<Section>) -> Response {
    let page =
        Page { lang: viewer.lang, path: viewer.path.clone(), title: title.into(), nav, user: viewer.user(), sections };
    Html(arsring_dashboard::page(&page)).into_response()
}

/// An API error shown as a page (the same message the API would give).
fn failed(viewer: &Viewer, nav: Nav, err: PageError) -> Response {
    let status = err.status;
    let t = |text: arsring_dashboard::Text| text.get(viewer.lang).to_string();
    let body = vec![Section::Alert { title: t(text::CANNOT_SHOW), body: vec![err.message] }];
    (status, render(viewer, nav, &t(text::ERROR), body)).into_response()
}

fn forbidden(viewer: &Viewer) -> Response {
    let t = |text: arsring_dashboard::Text| text.get(viewer.lang).to_string();
    let body = vec![Section::Alert { title: t(text::ADMINS_ONLY), body: vec![t(text::VIEWER_ROLE)] }];
    (StatusCode::FORBIDDEN, render(viewer, Nav::Admin, &t(text::NOT_ALLOWED), body)).into_response()
}

/// The query string as a map; pages read what they know and ignore the rest.
type Params = HashMap<String, String>;

fn param<'a>(p: &'a Params, key: &str) -> Option<&'a str> {
    p.get(key).map(String::as_str).filter(|v| !v.is_empty())
}

/// `?a=1&b=2` from pairs, skipping empty values.
fn query(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> =
        pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", super::urlencode(v))).collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

fn select(name: &str, label: &str, options: &[(&str, &str)], selected: &str) -> Control {
    Control::Select {
        name: name.into(),
        label: label.into(),
        options: options.iter().map(|(v, t)| (v.to_string(), t.to_string())).collect(),
        selected: selected.into(),
    }
}

/// Sort column, direction and page from the query.
fn arrangement(p: &Params) -> (Option<usize>, bool, usize) {
    (
        param(p, "sort").and_then(|s| s.parse().ok()),
        param(p, "dir") == Some("desc"),
        param(p, "page").and_then(|s| s.parse().ok()).unwrap_or(0),
    )
}

/// "Rows 1–500 of 9 000", and links to the neighbouring pages.
fn paging(base: &str, start: usize, total: usize, lang: Lang) -> Vec<Section> {
    let end = (start + super::sorting::PAGE).min(total);
    let page = start / super::sorting::PAGE;
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut links = Vec::new();
    if page > 0 {
        links.push((text::PREVIOUS.get(lang).to_string(), format!("{base}{sep}page={}", page - 1)));
    }
    if end < total {
        links.push((text::NEXT.get(lang).to_string(), format!("{base}{sep}page={}", page + 1)));
    }
    let first = if total == 0 { 0 } else { start + 1 };
    let (rows, of) = (text::ROWS.get(lang), text::OF.get(lang));
    let mut out = vec![Section::Note(format!(
        "{rows} {first}–{end} {of} {}.",
        arsring_dashboard::i18n::integer(lang, total as i64)
    ))];
    if !links.is_empty() {
        out.push(Section::Links(links));
    }
    out
}

/// Money for reading (prices, budgets, plans): whole kronor, rounded half away from zero,
/// in the reader's notation (`1 235 kr`, `1,235 kr`).
fn kronor(ore: i64, lang: Lang) -> String {
    let whole = (ore + 50 * ore.signum()) / 100;
    format!("{} kr", arsring_dashboard::i18n::integer(lang, whole))
}

#[cfg(test)]
mod tests;
