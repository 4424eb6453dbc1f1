//! One endoflife.date product and its release cycles, read from the API v1 JSON
//! (`GET /api/v1/products/{product}`), validated at the boundary.
//!
//! The wire shape is decoded into private structs and turned into [`Product`]: only the facts
//! the lifecycle engine uses are kept. Unknown fields are ignored, because the API promises
//! to add fields within v1. What would make a date wrong rather than missing is refused,
//! with the JSON path of the offending value: a date not written `YYYY-MM-DD` (or outside
//! 1970–2199), an empty or duplicate cycle name, a product without cycles, a schema of
//! another major version.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// A product's release cycles as last obtained, with what is needed to ask again cheaply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Product {
    /// The endoflife.date product id (`debian`, `panos`, `esxi`…).
    pub name: String,
    /// Newest first, in the API's order.
    pub releases: Vec<Cycle>,
    /// When this data was obtained: the time of the HTTP fetch, or for an imported file the
    /// API's `generated_at` (so its age is visible either way).
    pub fetched_at: Option<DateTime<Utc>>,
    /// The `ETag` the server sent, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent (an HTTP date, kept verbatim), sent back as
    /// `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// One release cycle (`12`, `22.04`, `17.9`…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Cycle {
    pub name: String,
    pub codename: Option<String>,
    pub release_date: Option<NaiveDate>,
    /// End of life (for an OS: end of security updates). `None` when the date is not known.
    pub eol_from: Option<NaiveDate>,
    /// Whether the cycle was end of life when the API generated the data. With a date, judge
    /// by `eol_from` and today instead; this flag is what is left when no date is known.
    pub is_eol: bool,
    /// End of active support, for products that have that phase.
    pub eoas_from: Option<NaiveDate>,
    /// End of extended support (paid or LTS phases), for products that have that phase.
    pub eoes_from: Option<NaiveDate>,
    /// The newest version in the cycle, when the product documents it.
    pub latest: Option<String>,
    /// The API's `isLts`: in its long-term phase when the data was generated.
    pub lts: bool,
}

/// Why API JSON was refused: where (a dotted JSON path) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// `result.releases[3].eolFrom`; `.` for the document itself.
    pub path: String,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses and validates a `GET /api/v1/products/{product}` answer. `fetched_at`, `etag` and
/// `last_modified` are left empty: they describe the transfer, which the caller knows.
pub fn parse_api_product(json: &[u8]) -> Result<Product, ParseError> {
    parse_response(json).map(|parsed| parsed.product)
}

/// What the client and the importer need beyond the [`Product`].
#[derive(Debug)]
pub(super) struct Parsed {
    pub product: Product,
    /// Other names the product answers to (`pan-os` for `panos`).
    pub aliases: Vec<String>,
    pub generated_at: Option<DateTime<Utc>>,
}

pub(super) fn parse_response(json: &[u8]) -> Result<Parsed, ParseError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let wire: WireResponse = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| ParseError { path: json_path(e.path()), message: e.inner().to_string() })?;
    de.end().map_err(|e| ParseError { path: ".".into(), message: e.to_string() })?;
    validate(wire)
}

/// serde_path_to_error writes `?` where no position is known (a syntax error before any
/// field): that is the document itself.
fn json_path(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "?" { ".".into() } else { text }
}

/// A product id as used in URLs and file names: ASCII letters, digits, `-`, `_`, `.`, at most
/// 64 bytes, not starting with `.` (so it can never be `..` or a hidden file).
pub fn valid_product_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn validate(wire: WireResponse) -> Result<Parsed, ParseError> {
    let err = |path: &str, message: String| ParseError { path: path.into(), message };
    if let Some(version) = &wire.schema_version
        && version.split('.').next() != Some("1")
    {
        return Err(err("schema_version", format!("{version:?} is not an API v1 schema")));
    }
    let result = wire.result;
    if !valid_product_name(&result.name) {
        return Err(err("result.name", format!("{:?} is not a product name", clip(&result.name))));
    }
    if result.releases.is_empty() {
        return Err(err("result.releases", "no release cycles".into()));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, release) in result.releases.iter().enumerate() {
        if let Some(first) = seen.insert(release.name.0.as_str(), i) {
            let message = format!("duplicate cycle name {:?} (also releases[{first}])", release.name.0);
            return Err(err(&format!("result.releases[{i}].name"), message));
        }
    }
    let releases = result.releases.into_iter().map(WireRelease::into_cycle).collect();
    // generated_at only dates an imported file; a malformed one loses that, nothing else.
    let generated_at =
        wire.generated_at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc));
    Ok(Parsed {
        product: Product { name: result.name, releases, fetched_at: None, etag: None, last_modified: None },
        aliases: result.aliases,
        generated_at,
    })
}

// ---- the wire shape (openapi.yml: ProductResponse, ProductDetails, ProductRelease) ----

#[derive(Deserialize)]
#[serde(expecting = "an endoflife.date API v1 product answer")]
struct WireResponse {
    #[serde(default)]
    schema_version: Option<String>,
    #[serde(default)]
    generated_at: Option<String>,
    result: WireProduct,
}

#[derive(Deserialize)]
#[serde(expecting = "a product object")]
struct WireProduct {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    releases: Vec<WireRelease>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a release cycle object")]
struct WireRelease {
    name: CycleName,
    #[serde(default)]
    codename: Option<String>,
    // Required by the schema, but a cycle without a release date is still usable.
    #[serde(default)]
    release_date: Option<ApiDate>,
    #[serde(default)]
    is_lts: Option<bool>,
    // Required: without it nothing is known about the cycle's end.
    is_eol: bool,
    #[serde(default)]
    eol_from: Option<ApiDate>,
    #[serde(default)]
    eoas_from: Option<ApiDate>,
    #[serde(default)]
    eoes_from: Option<ApiDate>,
    #[serde(default)]
    latest: Option<WireLatest>,
}

#[derive(Deserialize)]
#[serde(expecting = "a latest-version object")]
struct WireLatest {
    #[serde(default)]
    name: Option<String>,
}

impl WireRelease {
    fn into_cycle(self) -> Cycle {
        let non_empty = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        Cycle {
            name: self.name.0,
            codename: non_empty(self.codename),
            release_date: self.release_date.map(|d| d.0),
            eol_from: self.eol_from.map(|d| d.0),
            is_eol: self.is_eol,
            eoas_from: self.eoas_from.map(|d| d.0),
            eoes_from: self.eoes_from.map(|d| d.0),
            // PAN-OS lists `""` for cycles whose latest version is not documented.
            latest: non_empty(self.latest.and_then(|l| l.name)),
            lts: self.is_lts.unwrap_or(false),
        }
    }
}

/// A cycle name: not blank, at most 64 bytes, no control characters.
struct CycleName(String);

impl<'de> Deserialize<'de> for CycleName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        if name.trim().is_empty() {
            return Err(serde::de::Error::custom("empty cycle name"));
        }
        if name.len() > 64 || name.chars().any(char::is_control) {
            return Err(serde::de::Error::custom(format!("{:?} is not a cycle name", clip(&name))));
        }
        Ok(CycleName(name))
    }
}

/// A date written exactly `YYYY-MM-DD`.
struct ApiDate(NaiveDate);

impl<'de> Deserialize<'de> for ApiDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_date(&text).map(ApiDate).map_err(serde::de::Error::custom)
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let bytes = text.as_bytes();
    // chrono alone would accept `2024-5-1` and signed years; the API writes ISO dates only.
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return Err(format!("{:?} is not a date written YYYY-MM-DD", clip(text)));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{text:?} is not a calendar date"))?;
    // Release and support dates of operating systems fall in this range; anything outside
    // is a typo that would make a device look supported for centuries or long dead.
    if !(1970..=2199).contains(&date.year()) {
        return Err(format!("{text:?} is outside 1970–2199"));
    }
    Ok(date)
}

/// At most 80 chars of `s`, for error messages about arbitrary input.
fn clip(s: &str) -> String {
    s.chars().take(80).collect()
}

#[cfg(test)]
mod tests;
