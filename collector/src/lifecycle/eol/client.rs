//! The I/O shell around [`super::product`]: fetching products from the endoflife.date API,
//! and importing the same JSON from a directory on a machine without internet.
//!
//! Fetching is polite and cheap on repeat: one request at a time, conditional on the stored
//! `ETag` / `Last-Modified` (a 304 costs no parsing), and a 429 is answered by waiting as
//! long as `Retry-After` asks, within a budget shared by the whole sync so that a rate limit
//! cannot stall the collector. Each product ends in its own [`SyncResult`]: one failure
//! never hides the others. TLS, proxies and redirects are the caller's [`reqwest::Client`]'s.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};

use super::product::{Parsed, Product, parse_response, valid_product_name};

/// The largest product JSON accepted (the biggest real one is some tens of KiB).
pub const MAX_BODY_BYTES: usize = 8 << 20;

/// How hard [`sync`] tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryLimits {
    /// Requests per product, the first included, when answered 429.
    pub max_attempts: u32,
    /// The most one [`sync`] sleeps for 429s, all products together.
    pub max_total_wait: Duration,
    /// The wait after a 429 without a usable `Retry-After`.
    pub default_wait: Duration,
    /// One request, body included.
    pub request_timeout: Duration,
}

impl Default for RetryLimits {
    fn default() -> Self {
        RetryLimits {
            max_attempts: 3,
            max_total_wait: Duration::from_secs(120),
            default_wait: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// What became of one product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncResult {
    /// New data, with `fetched_at`, `etag` and `last_modified` of this fetch.
    Updated(Product),
    /// Unchanged since the stored copy: keep it as it is.
    NotModified,
    /// Nothing usable came; the reason is for a human. Keep any stored copy.
    Failed(String),
}

/// Fetches `{base}products/{name}` for each name, in order, conditionally on `previous`
/// (keyed by product name). `base` must end with `/`, like [`super::DEFAULT_BASE_URL`].
pub async fn sync(
    http: &reqwest::Client,
    base: &reqwest::Url,
    names: &[&str],
    previous: &BTreeMap<String, Product>,
    limits: RetryLimits,
) -> Vec<(String, SyncResult)> {
    let mut budget = limits.max_total_wait;
    let mut results = Vec::with_capacity(names.len());
    for &name in names {
        let result = sync_one(http, base, name, previous.get(name), &limits, &mut budget).await;
        results.push((name.to_owned(), result));
    }
    results
}

async fn sync_one(
    http: &reqwest::Client,
    base: &reqwest::Url,
    name: &str,
    stored: Option<&Product>,
    limits: &RetryLimits,
    budget: &mut Duration,
) -> SyncResult {
    // Checked before it goes into a URL: `../` or `?` would fetch something else.
    if !valid_product_name(name) {
        return SyncResult::Failed(format!("{name:?} is not a product name"));
    }
    let url = match base.join(&format!("products/{name}")) {
        Ok(url) => url,
        Err(e) => return SyncResult::Failed(format!("cannot make the URL of {name} from {base}: {e}")),
    };
    let mut attempt = 1;
    loop {
        let response = match request(http, &url, stored, limits).send().await {
            Ok(response) => response,
            Err(e) => return SyncResult::Failed(format!("{url}: {}", arsring_cli::error_chain(&e))),
        };
        match response.status() {
            StatusCode::OK => return updated(name, &url, response).await,
            StatusCode::NOT_MODIFIED if stored.is_some() => return SyncResult::NotModified,
            StatusCode::NOT_MODIFIED => {
                return SyncResult::Failed(format!("{url}: 304 Not Modified, but no copy of {name} is stored"));
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let asked = text(response.headers(), header::RETRY_AFTER).and_then(|v| retry_after(&v, Utc::now()));
                let wait = asked.unwrap_or(limits.default_wait);
                if attempt >= limits.max_attempts {
                    return SyncResult::Failed(format!(
                        "{url}: rate limited (HTTP 429) on all {attempt} attempts; try again later"
                    ));
                }
                if wait > *budget {
                    return SyncResult::Failed(format!(
                        "{url}: rate limited (HTTP 429); the server asks to wait {} s, more than the {} s of \
                         waiting left in this sync",
                        wait.as_secs_f64().ceil(),
                        budget.as_secs()
                    ));
                }
                *budget -= wait;
                tracing::info!(%url, wait_s = wait.as_secs_f64(), attempt, "endoflife.date rate limit: waiting");
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            StatusCode::NOT_FOUND => {
                return SyncResult::Failed(format!("{url}: HTTP 404: endoflife.date has no product {name:?}"));
            }
            status if status.is_server_error() => {
                return SyncResult::Failed(format!("{url}: HTTP {status}: the server failed; try again later"));
            }
            status => return SyncResult::Failed(format!("{url}: unexpected HTTP {status}")),
        }
    }
}

fn request(
    http: &reqwest::Client,
    url: &reqwest::Url,
    stored: Option<&Product>,
    limits: &RetryLimits,
) -> reqwest::RequestBuilder {
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    if let Some(product) = stored {
        // A stored value that is not a valid header any more only costs a full fetch.
        let valid = |v: &Option<String>| v.as_deref().and_then(|v| HeaderValue::from_str(v).ok());
        if let Some(etag) = valid(&product.etag) {
            headers.insert(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = valid(&product.last_modified) {
            headers.insert(header::IF_MODIFIED_SINCE, date);
        }
    }
    http.get(url.clone()).headers(headers).timeout(limits.request_timeout)
}

async fn updated(name: &str, url: &reqwest::Url, response: reqwest::Response) -> SyncResult {
    let etag = text(response.headers(), header::ETAG);
    let last_modified = text(response.headers(), header::LAST_MODIFIED);
    let body = match read_limited(response).await {
        Ok(body) => body,
        Err(e) => return SyncResult::Failed(format!("{url}: {e}")),
    };
    let parsed = match parse_response(&body).map_err(|e| e.to_string()).and_then(|p| check_name(name, p)) {
        Ok(parsed) => parsed,
        Err(e) => return SyncResult::Failed(format!("{url}: {e}")),
    };
    let mut product = parsed.product;
    product.fetched_at = Some(Utc::now());
    product.etag = etag;
    product.last_modified = last_modified;
    SyncResult::Updated(product)
}

async fn read_limited(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let too_big = || format!("the answer is larger than {} MiB", MAX_BODY_BYTES >> 20);
    if response.content_length().is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    while let Some(chunk) =
        response.chunk().await.map_err(|e| format!("reading the answer: {}", arsring_cli::error_chain(&e)))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The answer must be the product asked for, or one that names it as an alias (a renamed
/// product reached through a redirect, or a file saved under the old name).
fn check_name(expected: &str, parsed: Parsed) -> Result<Parsed, String> {
    if parsed.product.name == expected || parsed.aliases.iter().any(|a| a == expected) {
        Ok(parsed)
    } else {
        Err(format!("holds the product {:?}, not {expected:?}", parsed.product.name))
    }
}

/// A header as text, when it is short visible ASCII.
fn text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty() && value.len() <= 1024).then(|| value.to_owned())
}

/// How long `Retry-After` asks to wait: delay-seconds, or an HTTP date (IMF-fixdate, and the
/// obsolete RFC 850 and asctime forms). A date already past means now. `None` when the value
/// is neither.
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for u64 is still "very long", not "unparsable".
        return Some(value.parse().map(Duration::from_secs).unwrap_or(Duration::MAX));
    }
    let when = DateTime::parse_from_rfc2822(value)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(value, "%A, %d-%b-%y %H:%M:%S GMT").ok().map(|t| t.and_utc()))
        .or_else(|| NaiveDateTime::parse_from_str(value, "%a %b %e %H:%M:%S %Y").ok().map(|t| t.and_utc()))?;
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

/// Loads every `<product>.json` in `dir` (the API v1 answer saved as a file, named by the
/// product id or one of its aliases). `fetched_at` becomes the file's `generated_at`. Other
/// files are ignored; errors name the file.
pub fn import_dir(dir: &Path) -> Result<Vec<Product>, String> {
    let at_dir = |e: std::io::Error| format!("{}: {e}", dir.display());
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(at_dir)? {
        let path = entry.map_err(at_dir)?.path();
        if path.extension().is_some_and(|ext| ext == "json") {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        return Err(format!("{}: holds no <product>.json files", dir.display()));
    }
    paths.sort();
    let mut seen = BTreeMap::new();
    let mut products = Vec::with_capacity(paths.len());
    for path in paths {
        let product = import_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(other) = seen.insert(product.name.clone(), path.clone()) {
            return Err(format!("{}: the product {} is also in {}", path.display(), product.name, other.display()));
        }
        products.push(product);
    }
    Ok(products)
}

fn import_file(path: &Path) -> Result<Product, String> {
    let stem = path.file_stem().and_then(|s| s.to_str()).filter(|s| valid_product_name(s));
    let stem = stem.ok_or("the file name is not <product>.json")?;
    let size = fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_BODY_BYTES as u64 {
        return Err(format!("larger than {} MiB", MAX_BODY_BYTES >> 20));
    }
    let bytes = fs::read(path).map_err(|e| e.to_string())?;
    let parsed = check_name(stem, parse_response(&bytes).map_err(|e| e.to_string())?)?;
    let mut product = parsed.product;
    product.fetched_at = parsed.generated_at;
    Ok(product)
}

#[cfg(test)]
mod tests;
