//! Headless Debian Chromium driven over WebDriver (chromedriver + fantoccini), wrapped in a
//! blocking API so browser tests read top to bottom like the other end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::peers::{Peer, available};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Where screenshots go: `$ARSRING_TEST_OUTPUT` or `target/test-output`, per suite.
pub fn output_dir(suite: &str) -> PathBuf {
    let base = std::env::var_os("ARSRING_TEST_OUTPUT")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/test-output"), PathBuf::from);
    let dir = base.join(suite);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn chromedriver() -> Option<Peer> {
    let installed = Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file();
    if !available("Chromium and chromedriver (Debian packages chromium, chromium-driver)", installed) {
        return None;
    }
    let port = crate::free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start chromedriver");
    let peer = Peer::new(child, port);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(peer)
}

/// chromedriver's `se/log` extension: the browser console since the last call.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({"type": "browser"}).to_string()))
    }
}

pub struct Browser {
    rt: tokio::runtime::Runtime,
    client: Option<Client>,
    _driver: Peer,
    /// The collector's base URL.
    pub base: String,
}

impl Browser {
    /// A fresh headless Chromium (no profile, no cookies), or `None` when not installed.
    pub fn start(base: &str) -> Option<Browser> {
        let driver = chromedriver()?;
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let caps = json!({
            "browserName": "chrome",
            // The collector's certificate comes from its own local CA.
            "acceptInsecureCerts": true,
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-dev-shm-usage", "--window-size=1366,900", "--lang=en"],
            },
        });
        let caps = caps.as_object().unwrap().clone().into_iter().collect();
        let url = format!("http://{}", driver.address());
        let client = rt
            .block_on(
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps)
                    .connect(&url),
            )
            .expect("open a Chromium session");
        Some(Browser { rt, client: Some(client), _driver: driver, base: base.to_string() })
    }

    fn c(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    pub fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.rt.block_on(self.c().goto(&url)).unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// The current path and query.
    pub fn path(&self) -> String {
        let url = self.rt.block_on(self.c().current_url()).unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    pub fn find(&self, css: &str) -> Element {
        self.rt.block_on(self.c().find(Locator::Css(css))).unwrap_or_else(|e| panic!("find {css}: {e}"))
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.rt.block_on(self.c().find_all(Locator::Css(css))).unwrap()
    }

    pub fn text(&self, element: &Element) -> String {
        self.rt.block_on(element.text()).unwrap()
    }

    pub fn attr(&self, element: &Element, name: &str) -> Option<String> {
        self.rt.block_on(element.attr(name)).unwrap()
    }

    pub fn click(&self, element: &Element) {
        self.rt.block_on(element.click()).unwrap();
    }

    /// Clicks a link or a submit button and waits until the next page has loaded.
    pub fn follow(&self, element: &Element) {
        let before = self.rt.block_on(self.c().current_url()).unwrap();
        self.click(element);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let now = self.rt.block_on(self.c().current_url()).unwrap();
            let ready = self.js("return document.readyState", vec![]) == "complete";
            if now != before && ready {
                return;
            }
            assert!(Instant::now() < deadline, "clicking on {before} led nowhere");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits for an element to appear (after a click that stays on the same address).
    pub fn wait_for(&self, css: &str) -> Element {
        self.rt.block_on(self.c().wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(css))).unwrap()
    }

    pub fn type_into(&self, element: &Element, text: &str) {
        self.rt.block_on(element.send_keys(text)).unwrap();
    }

    pub fn select(&self, element: &Element, value: &str) {
        self.rt.block_on(element.select_by_value(value)).unwrap();
    }

    /// Runs `script` (a function body) and returns what it returns.
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.rt.block_on(self.c().execute(script, args)).unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs `script`, which calls its last argument with the result (for promises).
    pub fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.rt
            .block_on(self.c().execute_async(script, args))
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Fetches `path` from the page (same origin, with the session cookie): status and body.
    pub fn fetch(&self, path: &str) -> (u16, String) {
        let script = "const done = arguments[arguments.length - 1];
            fetch(arguments[0]).then(async r => done([r.status, await r.text()])).catch(e => done([0, String(e)]));";
        let answer = self.js_async(script, vec![json!(path)]);
        (answer[0].as_u64().unwrap() as u16, answer[1].as_str().unwrap().to_string())
    }

    /// The text of every cell of `table` (a CSS selector), row by row, visible rows only.
    pub fn table(&self, table: &str) -> Vec<Vec<String>> {
        let script = "return [...document.querySelectorAll(arguments[0] + ' tbody tr')]
            .filter(tr => !tr.hidden).map(tr => [...tr.cells].map(td => td.innerText.trim()));";
        serde_json::from_value(self.js(script, vec![json!(table)])).unwrap()
    }

    pub fn screenshot(&self, file: &Path) {
        let png = self.rt.block_on(self.c().screenshot()).unwrap();
        std::fs::write(file, png).unwrap();
    }

    pub fn set_window_size(&self, width: u32, height: u32) {
        self.rt.block_on(self.c().set_window_size(width, height)).unwrap();
    }

    /// Console messages of level SEVERE (errors) since the last call.
    pub fn console_errors(&self) -> Vec<String> {
        let log = self.rt.block_on(self.c().issue_cmd(BrowserLog)).expect("read the browser log");
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(client.close());
        }
    }
}
