//! `arsring-collector eol sync|import|list`: release cycles from endoflife.date.

use std::path::PathBuf;

use axum::http::Method;
use clap::Subcommand;

use super::{BadInput, Target, get_json};
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
        #[command(flatten)]
        target: Target,
    },
    /// Load release cycles from a directory of `<product>.json` files in the API v1 format,
    /// for a collector without internet access.
    Import {
        dir: PathBuf,
        #[command(flatten)]
        target: Target,
    },
    /// Show the stored products.
    List {
        #[command(flatten)]
        target: Target,
    },
}

/// Stores release cycles read from files, through the collector's API.
pub async fn store_products(config: &Config, products: &[Product]) -> anyhow::Result<()> {
    let body = serde_json::to_vec(products)?;
    crate::local::request(config, Method::POST, "/api/v1/lifecycle/eol", body, "application/json").await?.ok()?;
    Ok(())
}

pub async fn run(cmd: EolCommand) -> anyhow::Result<()> {
    match cmd {
        EolCommand::Sync { products, target } => {
            let config = target.config()?;
            let body = serde_json::to_vec(&serde_json::json!({ "products": products }))?;
            let answer =
                crate::local::request(&config, Method::POST, "/api/v1/lifecycle/eol/sync", body, "application/json")
                    .await?
                    .ok()?;
            let r: serde_json::Value = serde_json::from_slice(&answer)?;
            let mut failed = 0;
            for p in r["products"].as_array().into_iter().flatten() {
                let reason = p["reason"].as_str().map(|r| format!(": {r}")).unwrap_or_default();
                failed += usize::from(p["result"] == "failed");
                println!(
                    "{:<20} {}{reason}",
                    p["product"].as_str().unwrap_or("?"),
                    p["result"].as_str().unwrap_or("?")
                );
            }
            if failed > 0 {
                anyhow::bail!("{failed} product(s) could not be fetched; the stored copies are kept");
            }
        }
        EolCommand::Import { dir, target } => {
            let config = target.config()?;
            let products = crate::lifecycle::eol::client::import_dir(&dir).map_err(BadInput)?;
            store_products(&config, &products).await?;
            println!("imported {} products from {}", products.len(), dir.display());
        }
        EolCommand::List { target } => {
            let r = get_json(&target.config()?, "/api/v1/lifecycle/eol").await?;
            println!("{:<20} {:>7}  FETCHED", "PRODUCT", "CYCLES");
            for p in r["products"].as_array().into_iter().flatten() {
                println!(
                    "{:<20} {:>7}  {}",
                    p["product"].as_str().unwrap_or("?"),
                    p["cycles"].as_u64().unwrap_or(0),
                    p["fetched_at"].as_str().unwrap_or("-")
                );
            }
        }
    }
    Ok(())
}
