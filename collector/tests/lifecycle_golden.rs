//! Golden test of the lifecycle engine on the deterministic sample fleet (300 devices and
//! their parts), as of 2026-11-25: the heat maps and the outdated list must stay exactly as
//! recorded in `tests/fixtures/lifecycle/golden.json`. After an intended change, re-record
//! with `UPDATE_GOLDEN=1 cargo test -p arsring-collector --test lifecycle_golden` and
//! review the diff like code.

use arsring_collector::lifecycle::heatmap::{self, Column, RowBy};
use arsring_collector::lifecycle::model::{Category, Project};
use arsring_collector::lifecycle::status::Status;
use arsring_collector::lifecycle::{assess_fleet, items, outdated, policy::Policy};
use arsring_collector::sample;
use chrono::Duration;

type Fleet = (Vec<arsring_collector::lifecycle::Assessed>, usize, arsring_collector::inventory::topology::Topology);

fn fleet() -> Fleet {
    let at = sample::collected_at();
    let reports = sample::fleet(180, 120, 42, at);
    let records = sample::records(&reports, at - Duration::days(400));
    let registers = sample::registers(&reports, 42);
    let policy = Policy::parse(include_str!("../../deploy/lifecycle.toml")).unwrap();
    let fleet_items = items::items(&records, &registers.assets);
    let count = fleet_items.len();
    let links = arsring_collector::inventory::topology::topology(&records);
    (assess_fleet(fleet_items, &policy, &registers.catalogue, |i| registers.release(i), sample::as_of()), count, links)
}

// Long on purpose: every golden-record assertion over one assessment of the sample fleet.
#[test]
fn sample_fleet_matches_the_golden_record() {
    let (assessed, count, links) = fleet();
    assert!(count > 300, "devices and their parts: {count}");
    let today = sample::as_of();
    let by_site = heatmap::heatmap(&assessed, RowBy::Site, Some(Project::Network), 5, today);
    let by_category = heatmap::heatmap(&assessed, RowBy::Category, None, 5, today);
    let by_department = heatmap::heatmap(&assessed, RowBy::Department, Some(Project::Datacenter), 5, today);
    let work_list = outdated::outdated(&assessed, today, &links);
    let statuses: std::collections::BTreeMap<&str, usize> = assessed.iter().fold(Default::default(), |mut m, a| {
        *m.entry(a.assessment.status.as_str()).or_default() += 1;
        m
    });

    // Invariants that hold whatever the numbers: each cell lists exactly its count, totals
    // add up, and every network item is in exactly one column, "unknown" or "later".
    for map in [&by_site, &by_category, &by_department] {
        for (i, column) in map.columns.iter().enumerate() {
            let sum: u32 = map.rows.iter().map(|r| r.cells[i].count).sum();
            assert_eq!(sum, map.totals[i].count, "{column:?}");
            for row in &map.rows {
                let listed = heatmap::cell(&assessed, map.rows_by, row.key.as_deref(), *column, map.project, 5, today);
                assert_eq!(listed.len() as u32, row.cells[i].count);
            }
        }
    }
    let network = assessed.iter().filter(|a| heatmap::in_project(a, Some(Project::Network))).count() as u32;
    let placed: u32 =
        by_site.rows.iter().map(|r| r.cells.iter().map(|c| c.count).sum::<u32>() + r.unknown + r.later).sum();
    assert_eq!(placed, network);
    // The worst first.
    assert!(work_list.windows(2).all(|w| w[0].status >= w[1].status));
    // Every tenth sample switch is a distribution point for the nine after it: those on the
    // work list show what hangs off them, or what they hang off.
    assert!(work_list.iter().any(|d| d.connections == 9), "a distribution point with its nine");
    assert!(
        work_list
            .iter()
            .filter(|d| d.connections > 0)
            .all(|d| d.connected_to.as_deref().is_some_and(|c| c.contains(" ↔ ")))
    );
    assert!(work_list.iter().any(|d| d.status == Status::PastEndOfSecurityUpdates));
    let overdue = by_site.columns.iter().position(|c| *c == Column::Overdue).unwrap();
    assert!(by_site.totals[overdue].count > 0);

    // Virtual machines: no hardware age, so only their OS's release cycle can retire them,
    // and the hardware plan does not buy them.
    let vms: Vec<_> = assessed.iter().filter(|a| a.item.category == Category::VirtualMachine).collect();
    assert!(!vms.is_empty());
    assert!(vms.iter().all(|a| a.item.in_service.is_none()), "a VM's BIOS date is not its age");
    assert!(
        vms.iter()
            .filter(|a| a.assessment.status != Status::Unknown)
            .all(|a| { a.assessment.decided_by.as_ref().is_some_and(|r| r.rule.starts_with("endoflife.date")) })
    );
    let datacenter = arsring_collector::lifecycle::plan::plan_items(
        &assessed,
        &Policy::parse(include_str!("../../deploy/lifecycle.toml")).unwrap(),
        Some(Project::Datacenter),
    );
    assert!(datacenter.iter().all(|i| i.category != Category::VirtualMachine));
    assert!(!datacenter.is_empty());

    let input = arsring_collector::lifecycle::plan::PlanInput {
        start_year: 2026,
        years: 10,
        annual_budget: 100_000_000, // öre: 1 MSEK
        max_units_per_year: None,
        items: arsring_collector::lifecycle::plan::plan_items(
            &assessed,
            &Policy::parse(include_str!("../../deploy/lifecycle.toml")).unwrap(),
            Some(Project::Network),
        ),
    };
    let plan = arsring_collector::lifecycle::plan::plan(&input).unwrap();
    assert!(plan.years.iter().all(|y| y.cost <= input.annual_budget && y.cost + y.budget_left == input.annual_budget));
    let plan_years: Vec<_> = plan
        .years
        .iter()
        .map(|y| serde_json::json!({"year": y.year, "units": y.units, "cost": y.cost, "overdue_at_year_end": y.overdue_at_year_end}))
        .collect();
    let golden = serde_json::json!({
        "plan_network_1msek_10y": plan_years,
        "as_of": today,
        "items": count,
        "statuses": statuses,
        "heatmap_network_by_site": by_site,
        "heatmap_all_by_category": by_category,
        "heatmap_datacenter_by_department": by_department,
        "outdated": work_list.iter().map(|d| serde_json::json!({
            "name": d.name, "model": d.model, "status": d.status, "reason": d.reason, "replace_by": d.replace_by,
        })).collect::<Vec<_>>(),
    });
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lifecycle/golden.json");
    let actual = serde_json::to_string_pretty(&golden).unwrap() + "\n";
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::write(path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(path).expect("golden.json exists (record it with UPDATE_GOLDEN=1)");
    assert!(actual == expected, "the lifecycle output changed; review with UPDATE_GOLDEN=1 and git diff");
}

#[test]
fn debian_11_is_past_security_support_from_the_release_cycle() {
    let (assessed, _, _) = fleet();
    let debian11 = assessed
        .iter()
        .find(|a| a.item.software.as_ref().is_some_and(|s| s.family == "debian" && s.version == "11"))
        .expect("the sample has Debian 11 servers");
    let rule = debian11.assessment.rules.iter().find(|r| r.rule.contains("endoflife.date debian 11")).unwrap();
    assert_eq!(rule.date, chrono::NaiveDate::from_ymd_opt(2024, 8, 14).unwrap(), "Debian 11 security support ended");
    assert_eq!(rule.status, Status::PastEndOfSecurityUpdates);
    assert!(rule.rule.contains("extended support until 2026-08-31"), "{}", rule.rule);
}
