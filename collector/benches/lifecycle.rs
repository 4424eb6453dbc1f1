//! Lifecycle engine on 100 000 components: assessment, heat map, outdated list and a
//! 10-year renewal plan, each timed (best of 5) and the process's peak memory.
//!
//! ```sh
//! cargo bench -p arsring-collector --bench lifecycle
//! ```
//! Prints figures; asserts nothing about time (the machines are shared and noisy).

use std::time::{Duration, Instant};

use arsring_collector::lifecycle::heatmap::{self, RowBy};
use arsring_collector::lifecycle::model::Project;
use arsring_collector::lifecycle::{assess_fleet, items, outdated, policy::Policy};
use arsring_collector::sample;

// The collector binary's allocator, so the figures are the collector's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let out = f();
        best = best.min(started.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn main() {
    let at = sample::collected_at();
    let reports = sample::fleet(20_000, 23_000, 1, at);
    let records = sample::records(&reports, at);
    let registers = sample::registers(&reports, 1);
    let policy = Policy::parse(include_str!("../../deploy/lifecycle.toml")).unwrap();
    let today = sample::as_of();

    let (t_items, fleet) = best_of(5, || items::items(&records, &registers.assets));
    let components = fleet.len();
    let (t_assess, assessed) =
        best_of(5, || assess_fleet(fleet.clone(), &policy, &registers.catalogue, |i| registers.release(i), today));
    let (t_heatmap, map) = best_of(5, || heatmap::heatmap(&assessed, RowBy::Site, Some(Project::Network), 5, today));
    let (t_topology, links) = best_of(5, || arsring_collector::inventory::topology::topology(&records));
    let (t_outdated, list) = best_of(5, || outdated::outdated(&assessed, today, &links));
    println!("{components} components ({} devices), as of {today}", records.len());
    println!("| step | best of 5 |");
    println!("| --- | ---: |");
    println!("| items from the inventory and asset register | {:.1} ms |", t_items.as_secs_f64() * 1e3);
    println!("| assessment (all rules) | {:.1} ms |", t_assess.as_secs_f64() * 1e3);
    println!("| topology (LLDP/CDP links, both ends) | {:.1} ms |", t_topology.as_secs_f64() * 1e3);
    println!(
        "| heat map (network, by site, 5 years; {} rows) | {:.1} ms |",
        map.rows.len(),
        t_heatmap.as_secs_f64() * 1e3
    );
    println!("| outdated network devices ({} listed) | {:.1} ms |", list.len(), t_outdated.as_secs_f64() * 1e3);
    bench_plan(&assessed, &policy);
    println!("peak RSS: {:.0} MiB", peak_rss_mib());
}

fn bench_plan(assessed: &[arsring_collector::lifecycle::Assessed], policy: &Policy) {
    use arsring_collector::lifecycle::plan::plan_items;
    use arsring_collector::lifecycle::plan::{PlanInput, plan};
    let (t_items, items) = best_of(5, || plan_items(assessed, policy, None));
    let input =
        PlanInput { start_year: 2026, years: 10, annual_budget: 2_000_000_000, max_units_per_year: None, items }; // 20 MSEK
    let (t_plan, units) = best_of(5, || plan(&input).map(|p| p.totals.units).unwrap_or(0));
    println!(
        "| renewal plan, 10 years, 20 MSEK a year ({} devices in, {units} replacements) | {:.1} ms (+{:.1} ms to build its input) |",
        input.items.len(),
        t_plan.as_secs_f64() * 1e3,
        t_items.as_secs_f64() * 1e3
    );
}
