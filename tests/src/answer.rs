//! Every answer an end-to-end test receives from the API is checked against the API's
//! description, `docs/openapi.json` (which the collector's own test keeps equal to what it
//! serves): [`Checked::checked`] fails the test when the route, the status, the media type or the JSON
//! body is not what the description says.

use std::sync::OnceLock;

use arsring_conformance::{Description, Received};
use reqwest::StatusCode;
use reqwest::blocking::RequestBuilder;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

/// An answer, read whole and checked. Its methods are `reqwest::blocking::Response`'s, so
/// tests read it the same way.
#[derive(Debug)]
pub struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn json<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.body)
    }

    pub fn text(&self) -> Result<String, std::string::FromUtf8Error> {
        String::from_utf8(self.body.clone())
    }

    pub fn bytes(&self) -> Result<Vec<u8>, std::convert::Infallible> {
        Ok(self.body.clone())
    }
}

/// The description in `docs/`, read once.
pub fn description() -> &'static Description {
    static DESCRIPTION: OnceLock<Description> = OnceLock::new();
    DESCRIPTION.get_or_init(|| {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json");
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        Description::parse(&text).unwrap()
    })
}

/// `request.checked()`: sends it, as `send()` would; an answer of the API (not a page) must
/// be one the description allows.
pub trait Checked {
    fn checked(self) -> reqwest::Result<Answer>;
}

impl Checked for RequestBuilder {
    fn checked(self) -> reqwest::Result<Answer> {
        send(self)
    }
}

fn send(request: RequestBuilder) -> reqwest::Result<Answer> {
    let (client, request) = request.build_split();
    let request = request?;
    let (method, path) = (request.method().to_string(), request.url().path().to_string());
    let response = client.execute(request)?;
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response.bytes()?.to_vec();
    let api = path.starts_with("/api/") || path == "/metrics" || path == "/healthz";
    if api {
        let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let received = Received { method: &method, path: &path, status: status.as_u16(), content_type, body: &body };
        description().assert_allows(&received);
    }
    Ok(Answer { status, headers, body })
}
