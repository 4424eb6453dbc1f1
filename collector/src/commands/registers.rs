//! `arsring-collector import assets`, `catalogue import|list`.

use std::path::PathBuf;

use anyhow::Context;
use axum::http::Method;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use super::{Output, Target, print_csv};

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Import the asset register: a CSV with serial or hostname, purchase_date (YYYY-MM-DD),
    /// purchase_cost_sek, warranty_end, department, site, category, and any other columns
    /// (kept as free fields). Rows are added or updated; importing the same file twice
    /// changes nothing. Reports rows that match no device, or more than one.
    Assets {
        file: PathBuf,
        /// Check and report, store nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand, Debug)]
pub enum CatalogueCommand {
    /// Replace the model catalogue with a CSV: vendor, model_pattern (with * and ?),
    /// end_of_sale, end_of_security_updates, end_of_support, replacement_cost_sek,
    /// replacement_model. A bad line rejects the whole file, naming the line.
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        target: Target,
    },
    /// Show the model catalogue.
    List {
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        #[command(flatten)]
        target: Target,
    },
}

pub async fn import(cmd: ImportCommand) -> anyhow::Result<()> {
    let ImportCommand::Assets { file, dry_run, target } = cmd;
    let config = target.config()?;
    let bytes = read_with_progress(&file)?;
    // Checked here first, so a bad line is reported before anything is sent.
    let rows =
        crate::lifecycle::assets::parse(&bytes).map_err(|e| super::BadInput(format!("{}: {e}", file.display())))?;
    let uri = format!("/api/v1/assets?dry_run={dry_run}");
    let body = crate::local::request(&config, Method::POST, &uri, bytes, "text/csv").await?.ok()?;
    let r: serde_json::Value = serde_json::from_slice(&body)?;
    println!(
        "{} rows: {} added, {} changed, {} unchanged{}",
        rows.len(),
        r["added"],
        r["changed"],
        r["unchanged"],
        if dry_run { " (dry run: nothing stored)" } else { "" }
    );
    println!("{} rows match a device", r["matched"]);
    let unmatched = r["unmatched_lines"].as_array().cloned().unwrap_or_default();
    if !unmatched.is_empty() {
        let lines: Vec<String> = unmatched.iter().map(|l| l.to_string()).collect();
        println!("{} rows match no device: lines {}", unmatched.len(), lines.join(", "));
    }
    for a in r["ambiguous"].as_array().cloned().unwrap_or_default() {
        println!(
            "line {} matches {} devices: {}",
            a["line"],
            a["devices"].as_array().map_or(0, Vec::len),
            a["devices"]
        );
    }
    Ok(())
}

pub async fn catalogue(cmd: CatalogueCommand) -> anyhow::Result<()> {
    match cmd {
        CatalogueCommand::Import { file, dry_run, target } => {
            let config = target.config()?;
            let bytes = read_with_progress(&file)?;
            crate::lifecycle::catalogue::parse(&bytes)
                .map_err(|e| super::BadInput(format!("{}: {e}", file.display())))?;
            let uri = format!("/api/v1/lifecycle/catalogue?dry_run={dry_run}");
            let body = crate::local::request(&config, Method::POST, &uri, bytes, "text/csv").await?.ok()?;
            let r: serde_json::Value = serde_json::from_slice(&body)?;
            let what = match (dry_run, r["unchanged"].as_bool()) {
                (true, _) => "checked (dry run: nothing stored)",
                (false, Some(true)) => "unchanged",
                _ => "stored",
            };
            println!("{} catalogue entries {what}", r["entries"]);
        }
        CatalogueCommand::List { format, target } => {
            let config = target.config()?;
            match format {
                Output::Csv => print_csv(&config, "/api/v1/lifecycle/catalogue").await?,
                Output::Json => println!("{:#}", super::get_json(&config, "/api/v1/lifecycle/catalogue").await?),
                Output::Table => {
                    let r = super::get_json(&config, "/api/v1/lifecycle/catalogue").await?;
                    println!(
                        "{:<5} {:<12} {:<24} {:<11} {:<11} {:<11} REPLACEMENT",
                        "LINE", "VENDOR", "MODEL", "END SALE", "END SEC", "END SUPP"
                    );
                    for e in r["entries"].as_array().cloned().unwrap_or_default() {
                        let s = |k: &str| e[k].as_str().unwrap_or("-").to_string();
                        println!(
                            "{:<5} {:<12} {:<24} {:<11} {:<11} {:<11} {}",
                            e["line"],
                            s("vendor"),
                            s("model_pattern"),
                            s("end_of_sale"),
                            s("end_of_security_updates"),
                            s("end_of_support"),
                            s("replacement_model")
                        );
                    }
                }
            }
        }
    }
    Ok(())
}

/// Reads a file with a progress bar on the terminal (registers run to tens of megabytes).
fn read_with_progress(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("reading {}", path.display()));
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let n = file.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    Ok(bytes)
}
