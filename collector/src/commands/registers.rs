//! `arsring-collector import assets`, `catalogue import|list`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use super::{BadInput, CollectorArgs, Output, get, or_dash, post, print_csv, print_json};
use crate::app::imports::{AssetImport, CatalogueImport, CatalogueList};
use crate::lifecycle::catalogue::Entry;

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
        collector: CollectorArgs,
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
        collector: CollectorArgs,
    },
    /// Show the model catalogue.
    List {
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        #[command(flatten)]
        collector: CollectorArgs,
    },
}

pub async fn import(cmd: ImportCommand) -> anyhow::Result<()> {
    let ImportCommand::Assets { file, dry_run, collector } = cmd;
    let config = collector.config()?;
    let bytes = read_with_progress(&file)?;
    // Checked here first, so a bad line is reported before anything is sent.
    let parsed = crate::lifecycle::assets::parse(&bytes).map_err(|e| BadInput(format!("{}: {e}", file.display())))?;
    let uri = format!("/api/v1/assets?dry_run={dry_run}");
    let r: AssetImport = post(&config, &uri, bytes, "text/csv").await?;
    say_encoding(&r.encoding);
    println!(
        "{} rows: {} added, {} changed, {} unchanged{}",
        parsed.rows.len(),
        r.added,
        r.changed,
        r.unchanged,
        if dry_run { " (dry run: nothing stored)" } else { "" }
    );
    println!("{} rows match a device", r.matched);
    if !r.unmatched_lines.is_empty() {
        let lines: Vec<String> = r.unmatched_lines.iter().map(usize::to_string).collect();
        println!("{} rows match no device: lines {}", lines.len(), lines.join(", "));
    }
    for a in &r.ambiguous {
        let ids: Vec<String> = a.devices.iter().map(uuid::Uuid::to_string).collect();
        println!("line {} matches {} devices: {}", a.line, ids.len(), ids.join(", "));
    }
    Ok(())
}

/// A file that was not UTF-8 is named with the encoding it was read in (Swedish Excel's
/// "CSV (semikolonavgränsad)" is windows-1252), so that its å, ä and ö can be checked.
fn say_encoding(encoding: &str) {
    if encoding != crate::table::UTF_8 {
        println!("read as {encoding}");
    }
}

pub async fn catalogue(cmd: CatalogueCommand) -> anyhow::Result<()> {
    match cmd {
        CatalogueCommand::Import { file, dry_run, collector } => {
            let config = collector.config()?;
            let bytes = read_with_progress(&file)?;
            crate::lifecycle::catalogue::parse(&bytes).map_err(|e| BadInput(format!("{}: {e}", file.display())))?;
            let uri = format!("/api/v1/lifecycle/catalogue?dry_run={dry_run}");
            let r: CatalogueImport = post(&config, &uri, bytes, "text/csv").await?;
            say_encoding(&r.encoding);
            let what = match (dry_run, r.unchanged) {
                (true, _) => "checked (dry run: nothing stored)",
                (false, true) => "unchanged",
                (false, false) => "stored",
            };
            println!("{} catalogue entries {what}", r.entries);
        }
        CatalogueCommand::List { format, collector } => {
            let config = collector.config()?;
            let uri = "/api/v1/lifecycle/catalogue";
            match format {
                Output::Csv => print_csv(&config, uri, "").await?,
                Output::Json => print_json(&config, uri).await?,
                Output::Table => print_catalogue(&get::<CatalogueList>(&config, uri).await?.entries),
            }
        }
    }
    Ok(())
}

fn print_catalogue(entries: &[Entry]) {
    println!(
        "{:<5} {:<12} {:<24} {:<11} {:<11} {:<11} REPLACEMENT",
        "LINE", "VENDOR", "MODEL", "END SALE", "END SEC", "END SUPP"
    );
    for e in entries {
        println!(
            "{:<5} {:<12} {:<24} {:<11} {:<11} {:<11} {}",
            e.line,
            e.vendor,
            e.model_pattern,
            or_dash(e.end_of_sale),
            or_dash(e.end_of_security_updates),
            or_dash(e.end_of_support),
            or_dash(e.replacement_model.as_deref())
        );
    }
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
