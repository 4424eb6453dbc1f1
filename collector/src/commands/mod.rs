//! Operator commands beyond `serve`: imports and lifecycle reports. Each is a client of the
//! collector's own API (see `local`): the same validation and the same numbers as over
//! HTTPS, whether or not the collector is running.

pub mod costs;
pub mod eol;
pub mod identity;
pub mod lifecycle;
pub mod registers;
pub mod store;

use std::path::PathBuf;

use axum::http::Method;
use clap::{Args, ValueEnum};

use crate::config::{Config, Overrides};

/// The input was wrong (a bad line in a file, a value the API refused): exit code 2.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// Which collector: its configuration file, or just its data directory.
#[derive(Args, Clone, Debug)]
pub struct CollectorArgs {
    /// The collector's configuration file (for its data directory and lifecycle policy).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// The collector's data directory [default: ./arsring-data, or the one in --config].
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// The collector's PostgreSQL store, when it keeps one (overrides `[store] url`).
    #[arg(long, value_name = "URL", global = true, env = "ARSRING_STORE_URL")]
    pub store: Option<String>,
}

impl CollectorArgs {
    pub fn config(&self) -> anyhow::Result<Config> {
        let overrides =
            Overrides { data_dir: self.data_dir.clone(), store: self.store.clone(), ..Overrides::default() };
        Config::load(self.config.as_deref(), overrides)
    }
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Output {
    #[default]
    Table,
    Csv,
    Json,
}

/// How a command shows an answer: a table for the terminal, the JSON as answered, or the
/// CSV with extra query pairs (e.g. `&dialect=sv`).
#[derive(Clone, Copy, Debug)]
pub enum Shown {
    Table,
    Json,
    Csv(&'static str),
    /// The workbook, to standard output (refused on a terminal).
    Xlsx,
}

impl From<Output> for Shown {
    fn from(output: Output) -> Shown {
        match output {
            Output::Table => Shown::Table,
            Output::Csv => Shown::Csv(""),
            Output::Json => Shown::Json,
        }
    }
}

/// Prints the answer at `uri`: as a table made from its typed answer `T`, as JSON or as CSV.
pub async fn show<T: serde::de::DeserializeOwned>(
    collector: &CollectorArgs,
    uri: &str,
    shown: Shown,
    table: impl FnOnce(T),
) -> anyhow::Result<()> {
    let config = collector.config()?;
    match shown {
        Shown::Table => {
            table(get(&config, uri).await?);
            Ok(())
        }
        Shown::Json => print_json(&config, uri).await,
        Shown::Csv(extra) => print_csv(&config, uri, extra).await,
        Shown::Xlsx => write_xlsx(&config, uri).await,
    }
}

/// GET `uri` as an Excel workbook and write it to standard output, which must not be a
/// terminal: a workbook is binary.
pub async fn write_xlsx(config: &Config, uri: &str) -> anyhow::Result<()> {
    use std::io::{IsTerminal, Write};
    if std::io::stdout().is_terminal() {
        return Err(crate::commands::BadInput(
            "an .xlsx workbook is binary: redirect it to a file, e.g. `> debiteringsunderlag.xlsx`".into(),
        )
        .into());
    }
    let sep = if uri.contains('?') { '&' } else { '?' };
    let uri = format!("{uri}{sep}format=xlsx");
    let body = crate::local::request(config, Method::GET, &uri, vec![], crate::export::xlsx::MEDIA_TYPE).await?.ok()?;
    std::io::stdout().write_all(&body)?;
    Ok(())
}

/// GET `uri` from the collector as its typed answer `T`.
pub async fn get<T: serde::de::DeserializeOwned>(config: &Config, uri: &str) -> anyhow::Result<T> {
    crate::local::request(config, Method::GET, uri, vec![], "application/json").await?.json()
}

/// GET `uri` and print the JSON as the collector answered it, indented.
pub async fn print_json(config: &Config, uri: &str) -> anyhow::Result<()> {
    let value: serde_json::Value = get(config, uri).await?;
    println!("{value:#}");
    Ok(())
}

/// POST `body` to `uri` and read the typed answer.
pub async fn post<T: serde::de::DeserializeOwned>(
    config: &Config,
    uri: &str,
    body: Vec<u8>,
    content_type: &str,
) -> anyhow::Result<T> {
    crate::local::request(config, Method::POST, uri, body, content_type).await?.json()
}

/// `-` for a value the collector does not know.
pub fn or_dash<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".into(), |v| v.to_string())
}

/// GET `uri` as CSV (`extra` adds query pairs, e.g. `&dialect=sv`) and print it.
pub async fn print_csv(config: &Config, uri: &str, extra: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let sep = if uri.contains('?') { '&' } else { '?' };
    let uri = format!("{uri}{sep}format=csv{extra}");
    let body = crate::local::request(config, Method::GET, &uri, vec![], "text/csv").await?.ok()?;
    std::io::stdout().write_all(&body)?;
    Ok(())
}

/// `key=value` pairs for the query string, skipping absent values.
pub fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> =
        pairs.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", encode(v)))).collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
