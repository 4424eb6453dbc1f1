//! `arsring-collector lifecycle …`: the heat map, a cell of it, the outdated network
//! devices and the renewal plan, as a table for the terminal or as CSV/JSON.

use clap::Subcommand;

use super::{CollectorArgs, Output, or_dash, query, show};
use crate::app::lifecycle::{AssessedItems, CellItems, HeatmapAnswer, OutdatedAnswer, PlanAnswer};
use crate::lifecycle::heatmap::{Cell, Heatmap};
use crate::lifecycle::outdated::Outdated;
use crate::lifecycle::plan::PlanFigures;
use crate::lifecycle::{ItemRow, item_row};
use crate::money::Ore;

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
        collector: CollectorArgs,
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
        collector: CollectorArgs,
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
        collector: CollectorArgs,
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
        collector: CollectorArgs,
    },
    /// Switches, routers, firewalls and wireless gear past or near end of life or end of
    /// security updates, worst first: the technicians' work list.
    Outdated {
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        #[command(flatten)]
        collector: CollectorArgs,
    },
}

pub async fn run(cmd: LifecycleCommand) -> anyhow::Result<()> {
    match cmd {
        LifecycleCommand::Items { project, status, as_of, format, collector } => {
            let uri = format!(
                "/api/v1/lifecycle/items{}",
                query(&[("project", project), ("status", status), ("as_of", as_of)])
            );
            show(&collector, &uri, format.into(), |v: AssessedItems| {
                let rows: Vec<ItemRow> = v.items.iter().map(|a| item_row(a, v.as_of)).collect();
                print_items(&rows);
            })
            .await
        }
        LifecycleCommand::Heatmap { rows, project, years, as_of, format, collector } => {
            let q = query(&[
                ("rows", Some(rows)),
                ("project", project),
                ("years", years.map(|y| y.to_string())),
                ("as_of", as_of),
            ]);
            show(&collector, &format!("/api/v1/lifecycle/heatmap{q}"), format.into(), |v: HeatmapAnswer| {
                print_heatmap(&v.heatmap)
            })
            .await
        }
        LifecycleCommand::Cell { rows, key, column, project, years, as_of, format, collector } => {
            let q = query(&[
                ("rows", Some(rows)),
                ("key", key),
                ("column", Some(column)),
                ("project", project),
                ("years", years.map(|y| y.to_string())),
                ("as_of", as_of),
            ]);
            let uri = format!("/api/v1/lifecycle/heatmap/cell{q}");
            show(&collector, &uri, format.into(), |v: CellItems| print_items(&v.items)).await
        }
        LifecycleCommand::Plan { budget_sek, years, max_units, project, as_of, format, collector } => {
            let q = query(&[
                ("budget_sek", Some(budget_sek)),
                ("years", Some(years.to_string())),
                ("max_units", max_units.map(|m| m.to_string())),
                ("project", project),
                ("as_of", as_of),
            ]);
            show(&collector, &format!("/api/v1/lifecycle/plan{q}"), format.into(), |v: PlanAnswer<PlanFigures>| {
                print_plan(&v.plan)
            })
            .await
        }
        LifecycleCommand::Outdated { as_of, format, collector } => {
            let uri = format!("/api/v1/lifecycle/outdated{}", query(&[("as_of", as_of)]));
            show(&collector, &uri, format.into(), |v: OutdatedAnswer| print_outdated(&v.devices)).await
        }
    }
}

/// Öre as whole kronor with thin grouping, for reading at a glance.
fn kronor(ore: Ore) -> String {
    crate::money::format_sek_sv(ore).split(',').next().unwrap_or("0").to_string()
}

fn print_heatmap(map: &Heatmap) {
    let rows_by = serde_json::to_value(map.rows_by).ok().and_then(|v| v.as_str().map(str::to_uppercase));
    print!("{:<24}", rows_by.unwrap_or_default());
    for c in &map.columns {
        print!(" {:>18}", c.label());
    }
    println!(" {:>8}", "UNKNOWN");
    let row = |key: String, cells: &[Cell], unknown: String| {
        print!("{key:<24}");
        for cell in cells {
            let entry = if cell.count == 0 {
                "·".to_string()
            } else {
                format!("{} / {} kr", cell.count, kronor(cell.cost_ore))
            };
            print!(" {entry:>18}");
        }
        println!(" {unknown:>8}");
    };
    for r in &map.rows {
        let key = r.key.as_deref().unwrap_or("(none)").chars().take(24).collect();
        row(key, &r.cells, r.unknown.to_string());
    }
    row("TOTAL".into(), &map.totals, String::new());
}

fn print_items(items: &[ItemRow]) {
    println!("{:<28} {:<16} {:<22} {:<30} {:<11} DECIDED BY", "DEVICE", "CATEGORY", "MODEL", "STATUS", "REPLACE BY");
    for i in items {
        println!(
            "{:<28} {:<16} {:<22} {:<30} {:<11} {}",
            i.device,
            i.category.as_str(),
            or_dash(i.model.as_deref()),
            i.status.as_str(),
            or_dash(i.replace_by),
            or_dash(i.decided_by.as_deref())
        );
    }
}

fn print_outdated(devices: &[Outdated]) {
    println!(
        "{:<20} {:<12} {:<20} {:<16} {:<26} {:>5} {:<30} {:<10} CONNECTED TO",
        "DEVICE", "SITE", "MODEL", "SERIAL", "FIRMWARE", "AGE", "STATUS", "LAST SEEN"
    );
    for d in devices {
        println!(
            "{:<20} {:<12} {:<20} {:<16} {:<26} {:>5} {:<30} {:<10} {}",
            d.name,
            or_dash(d.site.as_deref()),
            or_dash(d.model.as_deref()),
            or_dash(d.serial.as_deref()),
            or_dash(d.firmware.as_deref()),
            or_dash(d.age_years),
            d.status.as_str(),
            d.last_seen.format("%Y-%m-%d"),
            or_dash(d.connected_to.as_deref())
        );
    }
}

fn print_plan(plan: &PlanFigures) {
    println!(
        "{:<6} {:>6} {:>16} {:>16} {:>16} {:>18}",
        "YEAR", "UNITS", "COST kr", "BUDGET LEFT kr", "OVERDUE AT END", "OVERDUE COST kr"
    );
    for y in &plan.years {
        println!(
            "{:<6} {:>6} {:>16} {:>16} {:>16} {:>18}",
            y.year,
            y.units,
            kronor(y.cost),
            kronor(y.budget_left),
            y.overdue_at_year_end,
            kronor(y.overdue_cost_at_year_end)
        );
    }
    let t = &plan.totals;
    println!(
        "\n{} replacements for {} kr; backlog after the horizon: {} ({} kr); needs its own decision: {}; not plannable (unknown date or cost): {}",
        t.units,
        kronor(t.cost),
        t.backlog,
        kronor(t.backlog_cost),
        t.never_fits,
        t.not_plannable
    );
}
