//! `arsring-collector eol sync|import|list`: release cycles from endoflife.date.

use std::path::PathBuf;

use arsring_protocol::ErrorBody;
use axum::http::{Method, StatusCode};
use clap::Subcommand;

use super::{BadInput, CollectorArgs, get, or_dash, post};
use crate::app::imports::{EolImport, EolProducts, EolSync, ProductSync, SyncOutcome, SyncRequest};
use crate::config::Config;
use crate::lifecycle::eol::Product;

#[derive(Subcommand, Debug)]
pub enum EolCommand {
    /// Fetch release cycles from endoflife.date (API v1, HTTPS): by default the products the
    /// fleet's OS and firmware need. Unchanged products answer 304 and are kept; rate
    /// limits (429) are waited out within bounds.
    Sync {
        /// A product to fetch (repeatable), e.g. debian, rhel, cisco-ios-xe.
        #[arg(long = "product")]
        products: Vec<String>,
        /// Skip products fetched less than this long ago, by this collector or another of
        /// the same PostgreSQL store, e.g. 12h, 90m, 1d: for a timer on every collector
        /// (deploy/arsring-eol-sync.timer), so that they fetch once, not once each.
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        unless_fetched_within: Option<u64>,
        #[command(flatten)]
        collector: CollectorArgs,
    },
    /// Load release cycles from a directory of `<product>.json` files in the API v1 format,
    /// for a collector without internet access.
    Import {
        dir: PathBuf,
        #[command(flatten)]
        collector: CollectorArgs,
    },
    /// Show the stored products.
    List {
        #[command(flatten)]
        collector: CollectorArgs,
    },
}

/// Stores release cycles read from files, through the collector's API.
pub async fn store_products(config: &Config, products: &[Product]) -> anyhow::Result<()> {
    let body = serde_json::to_vec(products)?;
    let _: EolImport = post(config, "/api/v1/lifecycle/eol", body, "application/json").await?;
    Ok(())
}

pub async fn run(cmd: EolCommand) -> anyhow::Result<()> {
    match cmd {
        EolCommand::Sync { products, unless_fetched_within, collector } => {
            let request = SyncRequest { products, unless_fetched_within_secs: unless_fetched_within };
            sync(&collector.config()?, request).await?
        }
        EolCommand::Import { dir, collector } => {
            let config = collector.config()?;
            let products = crate::lifecycle::eol::client::import_dir(&dir).map_err(BadInput)?;
            store_products(&config, &products).await?;
            println!("imported {} products from {}", products.len(), dir.display());
        }
        EolCommand::List { collector } => {
            let r: EolProducts = get(&collector.config()?, "/api/v1/lifecycle/eol").await?;
            println!("{:<20} {:>7}  FETCHED", "PRODUCT", "CYCLES");
            for p in &r.products {
                println!("{:<20} {:>7}  {}", p.product, p.cycles, or_dash(p.fetched_at));
            }
        }
    }
    Ok(())
}

/// Prints each product's outcome. Fails (exit 1) when not one product could be fetched;
/// some failing is told on stderr, and the stored copies of those are kept.
async fn sync(config: &Config, request: SyncRequest) -> anyhow::Result<()> {
    let body = serde_json::to_vec(&request)?;
    let uri = "/api/v1/lifecycle/eol/sync";
    let answer = crate::local::request(config, Method::POST, uri, body, "application/json").await?;
    if answer.status == StatusCode::BAD_GATEWAY {
        anyhow::bail!("{}", nothing_fetched(&answer.body));
    }
    let r: EolSync = answer.json()?;
    if r.products.is_empty() {
        println!("nothing to fetch: the fleet runs nothing endoflife.date knows; name products with --product");
    }
    for p in &r.products {
        let reason = p.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
        println!("{:<20} {}{reason}", p.product, outcome(p.result));
    }
    if let Some(warning) = some_failed(&r.products) {
        eprintln!("arsring-collector: {warning}");
    }
    Ok(())
}

fn outcome(result: SyncOutcome) -> &'static str {
    match result {
        SyncOutcome::Updated => "updated",
        SyncOutcome::NotModified => "not_modified",
        SyncOutcome::Fresh => "fresh (fetched lately; skipped)",
        SyncOutcome::Failed => "failed",
    }
}

/// `90s`, `30m`, `12h`, `1d` (a number without a unit is seconds) as seconds.
fn parse_duration(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| format!("{text:?} is not a duration such as 12h or 90m"))?;
    let scale = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => return Err(format!("unknown unit {other:?} in {text:?}: use s, m, h or d")),
    };
    number.checked_mul(scale).ok_or_else(|| format!("{text:?} is too long"))
}

/// The collector's 502 (every product failed) as one line; its body names the products
/// and the first reason.
fn nothing_fetched(body: &[u8]) -> String {
    let why = serde_json::from_slice::<ErrorBody>(body)
        .map(|e| e.error.message)
        .unwrap_or_else(|_| String::from_utf8_lossy(body).trim().chars().take(300).collect());
    format!("eol sync failed: {why}; the stored copies are kept")
}

/// One line naming the products that failed when others did not; `None` when none failed.
fn some_failed(products: &[ProductSync]) -> Option<String> {
    let failed: Vec<String> = products
        .iter()
        .filter(|p| p.result == SyncOutcome::Failed)
        .map(|p| format!("{} ({})", p.product, p.reason.as_deref().unwrap_or("no reason given")))
        .collect();
    (!failed.is_empty()).then(|| {
        format!(
            "{} of {} products could not be fetched, their stored copies are kept: {}",
            failed.len(),
            products.len(),
            failed.join("; ")
        )
    })
}

#[cfg(test)]
mod tests;
