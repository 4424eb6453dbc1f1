//! `arsring-collector costs …`: import the cost model, and the reports finance invoices from.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::{BadInput, CollectorArgs, Shown, get, or_dash, post, query, show};
use crate::app::costs::{ChargedServers, ChargesAnswer, ModelImport, Savings, VersionList};
use crate::costs::engine;
use crate::costs::model::ServerClass;
use crate::money::Ore;

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum CostFormat {
    #[default]
    Table,
    Json,
    /// Comma-separated, decimal point.
    Csv,
    /// Swedish Excel: semicolon-separated, decimal comma, UTF-8 byte-order mark.
    CsvSv,
    /// An Excel workbook (.xlsx) on standard output: redirect it to a file. `report` only.
    Xlsx,
}

#[derive(Subcommand, Debug)]
pub enum CostsCommand {
    /// Import costs.toml (organisation, ownership rules, pools per year). A new version is
    /// kept with who and when; the previous versions stay, so past reports can be re-run.
    Import {
        file: PathBuf,
        #[command(flatten)]
        collector: CollectorArgs,
    },
    /// The charge report of a year: per department one line per pool, totals per billed
    /// entity, and the grand total.
    Report {
        #[arg(long)]
        year: Option<i32>,
        /// Re-run as it was on this day: the cost model then in force, servers counted then.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = CostFormat::Table)]
        format: CostFormat,
        #[command(flatten)]
        collector: CollectorArgs,
    },
    /// The servers a department is charged for, and why each is placed there.
    Servers {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        department: Option<String>,
        #[arg(long, value_enum, default_value_t = CostFormat::Table)]
        format: CostFormat,
        #[command(flatten)]
        collector: CollectorArgs,
    },
    /// Servers that look unused (little CPU and network), with what each costs a year.
    Savings {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, default_value_t = 30)]
        window_days: u32,
        #[arg(long, value_enum, default_value_t = CostFormat::Table)]
        format: CostFormat,
        #[command(flatten)]
        collector: CollectorArgs,
    },
    /// Every version of the cost model: when, and by whom.
    History {
        #[command(flatten)]
        collector: CollectorArgs,
    },
}

pub async fn run(cmd: CostsCommand) -> anyhow::Result<()> {
    match cmd {
        CostsCommand::Import { file, collector } => {
            let config = collector.config()?;
            let text = std::fs::read_to_string(&file).map_err(|e| BadInput(format!("{}: {e}", file.display())))?;
            crate::costs::parse::parse(&text).map_err(|e| BadInput(format!("{}: {e}", file.display())))?;
            let r: ModelImport = post(&config, "/api/v1/costs/model", text.into_bytes(), "text/plain").await?;
            let what = if r.stored { "stored as a new version" } else { "unchanged (same as the current version)" };
            println!("cost model with {} departments and years {:?}: {what}", r.departments, r.years);
        }
        CostsCommand::Report { year, as_of, format, collector } => {
            let uri =
                format!("/api/v1/costs/report{}", query(&[("year", year.map(|y| y.to_string())), ("as_of", as_of)]));
            show(&collector, &uri, format.into(), print_report).await?;
        }
        CostsCommand::Servers { year, department, format, collector } => {
            let uri = format!(
                "/api/v1/costs/servers{}",
                query(&[("year", year.map(|y| y.to_string())), ("department", department)])
            );
            show(&collector, &uri, format.into(), print_servers).await?;
        }
        CostsCommand::Savings { year, window_days, format, collector } => {
            let q = query(&[("year", year.map(|y| y.to_string())), ("window_days", Some(window_days.to_string()))]);
            show(&collector, &format!("/api/v1/costs/savings{q}"), format.into(), print_savings).await?;
        }
        CostsCommand::History { collector } => {
            let v: VersionList = get(&collector.config()?, "/api/v1/costs/model/history").await?;
            println!("{:<34} {:<30} YEARS", "IMPORTED", "BY");
            for version in &v.versions {
                println!("{:<34} {:<30} {:?}", version.at.to_rfc3339(), version.by, version.years);
            }
        }
    }
    Ok(())
}

impl From<CostFormat> for Shown {
    fn from(format: CostFormat) -> Shown {
        match format {
            CostFormat::Table => Shown::Table,
            CostFormat::Json => Shown::Json,
            CostFormat::Csv => Shown::Csv(""),
            CostFormat::CsvSv => Shown::Csv("&dialect=sv"),
            CostFormat::Xlsx => Shown::Xlsx,
        }
    }
}

fn kronor(ore: Ore) -> String {
    crate::money::format_sek_sv(ore)
}

fn print_servers(v: ChargedServers) {
    println!(
        "{:<24} {:<20} {:<18} {:<9} {:>6} {:>14}  PLACED BY",
        "DEPARTMENT", "SERVER", "POOL", "CLASS", "UNITS", "COST/YEAR kr"
    );
    for s in &v.servers {
        println!(
            "{:<24} {:<20} {:<18} {:<9} {:>6} {:>14}  {}",
            s.department,
            s.hostname,
            s.pool,
            or_dash(s.class.map(ServerClass::as_str)),
            s.units,
            kronor(s.cost_per_year),
            s.placed_by
        );
    }
}

fn print_savings(v: Savings) {
    println!(
        "{:<24} {:<24} {:>9} {:>12} {:>9} {:>14}",
        "SERVER", "DEPARTMENT", "CPU BUSY", "NET MB/DAY", "DAYS", "COST/YEAR kr"
    );
    for c in &v.servers {
        println!(
            "{:<24} {:<24} {:>8.1}% {:>12.1} {:>9.1} {:>14}",
            c.hostname,
            c.department.as_deref().unwrap_or(engine::UNASSIGNED),
            c.avg_cpu_busy * 100.0,
            c.net_mb_per_day,
            c.observed_days,
            kronor(c.cost_per_year)
        );
    }
    println!("\n{} servers look unused; together {} kr a year", v.count, kronor(v.cost_per_year));
}

fn print_report(v: ChargesAnswer) {
    let r = &v.report;
    println!("Charges {} (cost model of {} by {})", r.year, v.model.at.to_rfc3339(), v.model.by);
    println!("\n{:<24} {:<22} {:<12} {:<26} {:>16}", "DEPARTMENT", "POOL", "METHOD", "DRIVER", "AMOUNT kr");
    for l in &r.lines {
        let who = l.department.as_deref().or(l.entity.as_deref()).unwrap_or(engine::UNASSIGNED);
        println!("{:<24} {:<22} {:<12} {:<26} {:>16}", who, l.pool, l.method.as_str(), l.driver, kronor(l.amount));
    }
    println!("\n{:<40} {:>16}", "BILLED ENTITY", "TOTAL kr");
    for e in &r.entities {
        println!("{:<40} {:>16}", e.name, kronor(e.amount));
    }
    for p in &r.pools {
        if let Some(reason) = &p.not_allocated_reason {
            println!("\nNOT ALLOCATED {}: {} kr, {reason}", p.name, kronor(p.not_allocated_amount));
        }
        if let Some(unit) = p.unit_cost {
            println!("\nPer-unit server cost, {}: {} kr per server and year", p.name, kronor(unit));
        }
        if p.unassigned_quantity > 0 {
            println!(
                "UNASSIGNED in {}: {} ({}) would carry {} kr",
                p.name,
                p.unassigned_quantity,
                p.method.as_str(),
                kronor(p.unassigned_amount)
            );
        }
    }
    for u in &r.unassigned {
        println!("  unassigned server {}: {}", u.hostname, u.reason);
    }
    println!("\nGrand total: {} kr   ({})", kronor(r.grand_total), r.rounding);
}
