//! `arsring-collector eol sync|import|list`: release cycles from endoflife.date.

use std::path::PathBuf;

use clap::Subcommand;

use super::{BadInput, CollectorArgs, get, or_dash, post};
use crate::app::imports::{EolImport, EolProducts, EolSync, SyncOutcome, SyncRequest};
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
        EolCommand::Sync { products, collector } => {
            let config = collector.config()?;
            let body = serde_json::to_vec(&SyncRequest { products })?;
            let r: EolSync = post(&config, "/api/v1/lifecycle/eol/sync", body, "application/json").await?;
            let mut failed = 0;
            for p in &r.products {
                let reason = p.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
                failed += usize::from(p.result == SyncOutcome::Failed);
                let result = match p.result {
                    SyncOutcome::Updated => "updated",
                    SyncOutcome::NotModified => "not_modified",
                    SyncOutcome::Failed => "failed",
                };
                println!("{:<20} {result}{reason}", p.product);
            }
            if failed > 0 {
                anyhow::bail!("{failed} product(s) could not be fetched; the stored copies are kept");
            }
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
