//! `arsring-collector lifecycle …`: the heat map, a cell of it, the outdated network
//! devices and the renewal plan, as a table for the terminal or as CSV/JSON.

use clap::Subcommand;
use serde_json::Value;

use super::{Output, Target, get_json, print_csv, query};

#[derive(Subcommand, Debug)]
pub enum LifecycleCommand {
    /// Every device and component with its status and the rule that decided it.
    Items {
        /// datacenter or network.
        #[arg(long)]
        project: Option<String>,
        /// ok, due, past_end_of_life, past_end_of_security_updates, unknown.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        #[command(flatten)]
        target: Target,
    },
    /// The end-of-life heat map: rows by site, department, category or model; columns
    /// overdue, this year, and the years ahead; count and replacement cost per cell.
    Heatmap {
        #[arg(long, default_value = "site")]
        rows: String,
        #[arg(long)]
        project: Option<String>,
        #[arg(long)]
        years: Option<u32>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        #[command(flatten)]
        target: Target,
    },
    /// The items behind one heat-map cell.
    Cell {
        #[arg(long, default_value = "site")]
        rows: String,
        /// The row; leave out for the row of items without the attribute.
        #[arg(long)]
        key: Option<String>,
        /// overdue, or a year.
        #[arg(long)]
        column: String,
        #[arg(long)]
        project: Option<String>,
        #[arg(long)]
        years: Option<u32>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        #[command(flatten)]
        target: Target,
    },
    /// The cyclic renewal plan: for a yearly budget over N years, the most overdue and
    /// highest-risk first; what does not fit is carried over. Deterministic.
    Plan {
        /// Yearly budget in SEK, e.g. 2000000 or "2 000 000".
        #[arg(long)]
        budget_sek: String,
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// At most this many replacements a year.
        #[arg(long)]
        max_units: Option<u32>,
        #[arg(long)]
        project: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        #[command(flatten)]
        target: Target,
    },
    /// Switches, routers, firewalls and wireless gear past or near end of life or end of
    /// security updates, worst first: the technicians' work list.
    Outdated {
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        #[command(flatten)]
        target: Target,
    },
}

pub async fn run(cmd: LifecycleCommand) -> anyhow::Result<()> {
    match cmd {
        LifecycleCommand::Items { project, status, as_of, format, target } => {
            let uri = format!(
                "/api/v1/lifecycle/items{}",
                query(&[("project", project), ("status", status), ("as_of", as_of)])
            );
            show(&target, &uri, format, |v| print_items(&v["items"])).await
        }
        LifecycleCommand::Heatmap { rows, project, years, as_of, format, target } => {
            let q = query(&[
                ("rows", Some(rows)),
                ("project", project),
                ("years", years.map(|y| y.to_string())),
                ("as_of", as_of),
            ]);
            show(&target, &format!("/api/v1/lifecycle/heatmap{q}"), format, |v| print_heatmap(&v["heatmap"])).await
        }
        LifecycleCommand::Cell { rows, key, column, project, years, as_of, format, target } => {
            let q = query(&[
                ("rows", Some(rows)),
                ("key", key),
                ("column", Some(column)),
                ("project", project),
                ("years", years.map(|y| y.to_string())),
                ("as_of", as_of),
            ]);
            show(&target, &format!("/api/v1/lifecycle/heatmap/cell{q}"), format, |v| print_items(&v["items"])).await
        }
        LifecycleCommand::Plan { budget_sek, years, max_units, project, as_of, format, target } => {
            let q = query(&[
                ("budget_sek", Some(budget_sek)),
                ("years", Some(years.to_string())),
                ("max_units", max_units.map(|m| m.to_string())),
                ("project", project),
                ("as_of", as_of),
            ]);
            show(&target, &format!("/api/v1/lifecycle/plan{q}"), format, |v| print_plan(&v["plan"])).await
        }
        LifecycleCommand::Outdated { as_of, format, target } => {
            let uri = format!("/api/v1/lifecycle/outdated{}", query(&[("as_of", as_of)]));
            show(&target, &uri, format, |v| print_outdated(&v["devices"])).await
        }
    }
}

async fn show(target: &Target, uri: &str, format: Output, table: impl FnOnce(Value)) -> anyhow::Result<()> {
    let config = target.config()?;
    match format {
        Output::Csv => print_csv(&config, uri).await,
        Output::Json => {
            println!("{:#}", get_json(&config, uri).await?);
            Ok(())
        }
        Output::Table => {
            table(get_json(&config, uri).await?);
            Ok(())
        }
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Öre as whole kronor with thin grouping, for reading at a glance.
fn kronor(v: &Value) -> String {
    let ore = v.as_i64().unwrap_or(0);
    crate::money::format_sek_sv(ore).split(',').next().unwrap_or("0").to_string()
}

fn print_heatmap(map: &Value) {
    let columns: Vec<String> = map["columns"].as_array().into_iter().flatten().map(text).collect();
    print!("{:<24}", text(&map["rows_by"]).to_uppercase());
    for c in &columns {
        print!(" {c:>18}");
    }
    println!(" {:>8}", "UNKNOWN");
    let row = |key: String, cells: &Value, unknown: String| {
        print!("{key:<24}");
        for cell in cells.as_array().into_iter().flatten() {
            let entry = if cell["count"] == 0 {
                "·".to_string()
            } else {
                format!("{} / {} kr", cell["count"], kronor(&cell["cost_ore"]))
            };
            print!(" {entry:>18}");
        }
        println!(" {unknown:>8}");
    };
    for r in map["rows"].as_array().into_iter().flatten() {
        let key = r["key"].as_str().unwrap_or("(none)").chars().take(24).collect();
        row(key, &r["cells"], text(&r["unknown"]));
    }
    row("TOTAL".into(), &map["totals"], String::new());
}

fn print_items(items: &Value) {
    println!("{:<28} {:<16} {:<22} {:<30} {:<11} DECIDED BY", "DEVICE", "CATEGORY", "MODEL", "STATUS", "REPLACE BY");
    for i in items.as_array().into_iter().flatten() {
        let decided = i["decided_by"]["rule"].as_str().or(i["decided_by"].as_str()).unwrap_or("-");
        println!(
            "{:<28} {:<16} {:<22} {:<30} {:<11} {}",
            text(i.get("device_name").unwrap_or(&i["device"])),
            text(&i["category"]),
            text(&i["model"]),
            text(&i["status"]),
            text(&i["replace_by"]),
            decided
        );
    }
}

fn print_outdated(devices: &Value) {
    println!(
        "{:<20} {:<12} {:<20} {:<16} {:<26} {:>5} {:<30} LAST SEEN",
        "DEVICE", "SITE", "MODEL", "SERIAL", "FIRMWARE", "AGE", "STATUS"
    );
    for d in devices.as_array().into_iter().flatten() {
        println!(
            "{:<20} {:<12} {:<20} {:<16} {:<26} {:>5} {:<30} {}",
            text(&d["name"]),
            text(&d["site"]),
            text(&d["model"]),
            text(&d["serial"]),
            text(&d["firmware"]),
            text(&d["age_years"]),
            text(&d["status"]),
            text(&d["last_seen"]).chars().take(10).collect::<String>()
        );
    }
}

fn print_plan(plan: &Value) {
    println!(
        "{:<6} {:>6} {:>16} {:>16} {:>16} {:>18}",
        "YEAR", "UNITS", "COST kr", "BUDGET LEFT kr", "OVERDUE AT END", "OVERDUE COST kr"
    );
    for y in plan["years"].as_array().into_iter().flatten() {
        println!(
            "{:<6} {:>6} {:>16} {:>16} {:>16} {:>18}",
            text(&y["year"]),
            text(&y["units"]),
            kronor(&y["cost"]),
            kronor(&y["budget_left"]),
            text(&y["overdue_at_year_end"]),
            kronor(&y["overdue_cost_at_year_end"])
        );
    }
    let t = &plan["totals"];
    println!(
        "\n{} replacements for {} kr; backlog after the horizon: {} ({} kr); needs its own decision: {}; not plannable (unknown date or cost): {}",
        text(&t["units"]),
        kronor(&t["cost"]),
        text(&t["backlog"]),
        kronor(&t["backlog_cost"]),
        text(&t["never_fits"]),
        text(&t["not_plannable"])
    );
}
