//! `arsring-collector costs …`: import the cost model, and the reports finance invoices from.

use std::path::PathBuf;

use axum::http::Method;
use clap::{Subcommand, ValueEnum};
use serde_json::Value;

use super::{BadInput, Target, get_json, query};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum CostFormat {
    #[default]
    Table,
    Json,
    /// Comma-separated, decimal point.
    Csv,
    /// Swedish Excel: semicolon-separated, decimal comma, UTF-8 byte-order mark.
    CsvSv,
}

#[derive(Subcommand, Debug)]
pub enum CostsCommand {
    /// Import costs.toml (organisation, ownership rules, pools per year). A new version is
    /// kept with who and when; the previous versions stay, so past reports can be re-run.
    Import {
        file: PathBuf,
        #[command(flatten)]
        target: Target,
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
        target: Target,
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
        target: Target,
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
        target: Target,
    },
    /// Every version of the cost model: when, and by whom.
    History {
        #[command(flatten)]
        target: Target,
    },
}

pub async fn run(cmd: CostsCommand) -> anyhow::Result<()> {
    match cmd {
        CostsCommand::Import { file, target } => {
            let config = target.config()?;
            let text = std::fs::read_to_string(&file).map_err(|e| BadInput(format!("{}: {e}", file.display())))?;
            crate::costs::parse::parse(&text).map_err(|e| BadInput(format!("{}: {e}", file.display())))?;
            let body =
                crate::local::request(&config, Method::POST, "/api/v1/costs/model", text.into_bytes(), "text/plain")
                    .await?
                    .ok()?;
            let r: Value = serde_json::from_slice(&body)?;
            let what =
                if r["stored"] == true { "stored as a new version" } else { "unchanged (same as the current version)" };
            println!("cost model with {} departments and years {}: {what}", r["departments"], r["years"]);
        }
        CostsCommand::Report { year, as_of, format, target } => {
            let uri =
                format!("/api/v1/costs/report{}", query(&[("year", year.map(|y| y.to_string())), ("as_of", as_of)]));
            show(&target, &uri, format, print_report).await?;
        }
        CostsCommand::Servers { year, department, format, target } => {
            let uri = format!(
                "/api/v1/costs/servers{}",
                query(&[("year", year.map(|y| y.to_string())), ("department", department)])
            );
            show(&target, &uri, format, |v| {
                println!(
                    "{:<24} {:<20} {:<18} {:<9} {:>6} {:>14}  PLACED BY",
                    "DEPARTMENT", "SERVER", "POOL", "CLASS", "UNITS", "COST/YEAR kr"
                );
                for s in v["servers"].as_array().into_iter().flatten() {
                    println!(
                        "{:<24} {:<20} {:<18} {:<9} {:>6} {:>14}  {}",
                        text(&s["department"]),
                        text(&s["hostname"]),
                        text(&s["pool"]),
                        text(&s["class"]),
                        text(&s["units"]),
                        text(&s["cost_per_year_sek"]),
                        text(&s["placed_by"])
                    );
                }
            })
            .await?;
        }
        CostsCommand::Savings { year, window_days, format, target } => {
            let q = query(&[("year", year.map(|y| y.to_string())), ("window_days", Some(window_days.to_string()))]);
            show(&target, &format!("/api/v1/costs/savings{q}"), format, |v| {
                println!(
                    "{:<24} {:<24} {:>9} {:>12} {:>9} {:>14}",
                    "SERVER", "DEPARTMENT", "CPU BUSY", "NET MB/DAY", "DAYS", "COST/YEAR kr"
                );
                for c in v["servers"].as_array().into_iter().flatten() {
                    println!(
                        "{:<24} {:<24} {:>8.1}% {:>12} {:>9} {:>14}",
                        text(&c["hostname"]),
                        text(&c["department"]),
                        c["avg_cpu_busy"].as_f64().unwrap_or(0.0) * 100.0,
                        text(&c["net_mb_per_day"]),
                        text(&c["observed_days"]),
                        kronor(&c["cost_per_year"])
                    );
                }
                println!("\n{} servers look unused; together {} kr a year", v["count"], kronor(&v["cost_per_year"]));
            })
            .await?;
        }
        CostsCommand::History { target } => {
            let v = get_json(&target.config()?, "/api/v1/costs/model/history").await?;
            println!("{:<34} {:<30} YEARS", "IMPORTED", "BY");
            for version in v["versions"].as_array().into_iter().flatten() {
                println!("{:<34} {:<30} {}", text(&version["at"]), text(&version["by"]), version["years"]);
            }
        }
    }
    Ok(())
}

async fn show(target: &Target, uri: &str, format: CostFormat, table: impl FnOnce(Value)) -> anyhow::Result<()> {
    let config = target.config()?;
    let sep = if uri.contains('?') { '&' } else { '?' };
    match format {
        CostFormat::Json => println!("{:#}", get_json(&config, uri).await?),
        CostFormat::Table => table(get_json(&config, uri).await?),
        CostFormat::Csv | CostFormat::CsvSv => {
            let dialect = if matches!(format, CostFormat::CsvSv) { "&dialect=sv" } else { "" };
            let uri = format!("{uri}{sep}format=csv{dialect}");
            let body = crate::local::request(&config, Method::GET, &uri, vec![], "text/csv").await?.ok()?;
            use std::io::Write;
            std::io::stdout().write_all(&body)?;
        }
    }
    Ok(())
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn kronor(v: &Value) -> String {
    crate::money::format_sek_sv(v.as_i64().unwrap_or(0))
}

fn print_report(v: Value) {
    let r = &v["report"];
    println!("Charges {} (cost model of {} by {})", text(&r["year"]), text(&v["model"]["at"]), text(&v["model"]["by"]));
    println!("\n{:<24} {:<22} {:<12} {:<26} {:>16}", "DEPARTMENT", "POOL", "METHOD", "DRIVER", "AMOUNT kr");
    for l in r["lines"].as_array().into_iter().flatten() {
        let who = l["department"].as_str().or(l["entity"].as_str()).unwrap_or("(unassigned)");
        println!(
            "{:<24} {:<22} {:<12} {:<26} {:>16}",
            who,
            text(&l["pool"]),
            text(&l["method"]),
            text(&l["driver"]),
            kronor(&l["amount"])
        );
    }
    println!("\n{:<40} {:>16}", "BILLED ENTITY", "TOTAL kr");
    for e in r["entities"].as_array().into_iter().flatten() {
        println!("{:<40} {:>16}", text(&e["name"]), kronor(&e["amount"]));
    }
    for p in r["pools"].as_array().into_iter().flatten() {
        if let Some(unit) = p["unit_cost"].as_i64() {
            println!(
                "\nPer-unit server cost, {}: {} kr per server and year",
                text(&p["name"]),
                crate::money::format_sek_sv(unit)
            );
        }
        if p["unassigned_quantity"].as_i64().unwrap_or(0) > 0 {
            println!(
                "UNASSIGNED in {}: {} ({}) would carry {} kr",
                text(&p["name"]),
                p["unassigned_quantity"],
                text(&p["method"]),
                kronor(&p["unassigned_amount"])
            );
        }
    }
    for u in r["unassigned"].as_array().into_iter().flatten() {
        println!("  unassigned server {}: {}", text(&u["hostname"]), text(&u["reason"]));
    }
    println!("\nGrand total: {} kr   ({})", kronor(&r["grand_total"]), text(&r["rounding"]));
}
