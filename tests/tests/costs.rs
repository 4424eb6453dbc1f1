//! Issue 5 end to end: servers reported through the real API, the cost model imported with
//! the real CLI over the admin socket, and the charges read back over HTTPS (JSON, CSV, and
//! CSV for Swedish Excel).

use arsring_e2e::*;
use chrono::{Datelike, Duration, Utc};
use serde_json::Value;
use uuid::Uuid;

// Long on purpose: one finance scenario whose steps build on each other (model, report,
// drill-down, savings, roles) against one running collector.
#[test]
fn charges_for_finance_over_the_real_api() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let collector = Collector::start(&data);
    let agent = collector.loader_token();
    let viewer = collector.token("viewer", "finance");
    let now = Utc::now();
    for r in arsring_collector::sample::fleet(30, 5, 11, now - Duration::hours(1)) {
        assert_eq!(collector.post_report(serde_json::to_vec(&r).unwrap(), Some(&agent)).status(), 201);
    }
    // A server tagged with a department the cost model does not know: never dropped.
    let mut stray =
        arsring_protocol::example_report(Uuid::from_u128(900), Uuid::from_u128(901), now - Duration::hours(1));
    let arsring_protocol::Device::Server(s) = &mut stray.device else { unreachable!() };
    s.identity.hostname = "ekonomi-01".into();
    s.tags.department = Some("ekonomi".into());
    collector.post_report(serde_json::to_vec(&stray).unwrap(), Some(&agent));
    // A server on IT's management network, tagged with another department: the subnet rule
    // below places it by the address its agent reports.
    let mut mgmt =
        arsring_protocol::example_report(Uuid::from_u128(902), Uuid::from_u128(903), now - Duration::hours(1));
    let arsring_protocol::Device::Server(s) = &mut mgmt.device else { unreachable!() };
    s.identity.hostname = "mgmt-01".into();
    s.identity.addresses = Some(vec![arsring_protocol::InterfaceAddress {
        interface: "eth0".into(),
        address: [10, 99, 0, 5].into(),
        prefix: 24,
    }]);
    s.tags.department = Some("kultur-fritid".into());
    assert_eq!(collector.post_report(serde_json::to_vec(&mgmt).unwrap(), Some(&agent)).status(), 201);
    // A server that has idled for ten days.
    for day in (1..=10).rev() {
        let at = now - Duration::days(day);
        let mut r = arsring_protocol::example_report(Uuid::from_u128(1000 + day as u128), Uuid::from_u128(999), at);
        let arsring_protocol::Device::Server(s) = &mut r.device else { unreachable!() };
        s.identity.hostname = "idle-01".into();
        s.tags.department = Some("kultur-fritid".into());
        s.utilisation.window_start = at - Duration::days(1);
        s.utilisation.cpu_busy_ratio = Some(0.004);
        s.utilisation.net_rx_bytes = Some(600_000);
        s.utilisation.net_tx_bytes = Some(400_000);
        assert_eq!(collector.post_report(serde_json::to_vec(&r).unwrap(), Some(&agent)).status(), 201);
    }

    let year = now.year();
    let model = dir.path().join("costs.toml");
    let with_rule = format!(
        "{}\n[[rule]]\ndepartment = \"it-drift\"\nsubnet = \"10.99.0.0/16\"\n",
        arsring_collector::sample::costs_toml(year)
    );
    std::fs::write(&model, &with_rule).unwrap();
    let out = collector_cli(&data, &["costs", "import", model.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("stored as a new version"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = collector_cli(&data, &["costs", "import", model.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("unchanged"));
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        arsring_collector::sample::costs_toml(year).replace("amount_sek = 600000", "amount_sek = -600000"),
    )
    .unwrap();
    let out = collector_cli(&data, &["costs", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("must not be negative"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let history = collector.get_json("/api/v1/costs/model/history", &viewer);
    assert_eq!(history["count"], 1, "the refused model was not stored");
    assert!(history["versions"][0]["by"].as_str().unwrap().contains("admin socket"));
    let csv = collector.get("/api/v1/costs/model/history?format=csv", &viewer).text().unwrap();
    assert!(csv.starts_with("at,by,years\n") && csv.lines().count() == 2, "{csv}");

    let report = collector.get_json(&format!("/api/v1/costs/report?year={year}"), &viewer)["report"].clone();
    let pools: i64 = report["pools"].as_array().unwrap().iter().map(|p| p["amount"].as_i64().unwrap()).sum();
    assert_eq!(report["grand_total"].as_i64().unwrap(), pools - 12_000_000, "pools plus the settlement");
    let lines: i64 = report["lines"].as_array().unwrap().iter().map(|l| l["amount"].as_i64().unwrap()).sum();
    assert_eq!(lines, report["grand_total"].as_i64().unwrap());
    let platform = report["pools"].as_array().unwrap().iter().find(|p| p["id"] == "platform").unwrap();
    assert_eq!(platform["amount"], 100_000_000, "the per-server pool adds up to the öre");
    assert!(platform["unit_cost"].as_i64().unwrap() > 0);
    assert_eq!(platform["quantity"], 33, "30 sample servers, the stray, the management server and the idle one");
    assert_eq!(platform["unassigned_quantity"], 1);
    let unassigned = report["unassigned"].as_array().unwrap();
    assert!(
        unassigned.iter().any(|u| u["hostname"] == "ekonomi-01" && u["reason"].as_str().unwrap().contains("ekonomi"))
    );
    let entities: i64 = report["entities"].as_array().unwrap().iter().map(|e| e["amount"].as_i64().unwrap()).sum();
    assert_eq!(entities + platform["unassigned_amount"].as_i64().unwrap() + unassigned_amounts(&report), lines);

    // CSV for Swedish Excel: byte-order mark, semicolons, decimal comma.
    let sv =
        collector.get(&format!("/api/v1/costs/report?year={year}&format=csv&dialect=sv"), &viewer).bytes().unwrap();
    assert!(sv.starts_with(b"\xef\xbb\xbf"));
    let text = String::from_utf8(sv[3..].to_vec()).unwrap();
    assert!(text.starts_with("year;entity;department;"), "{text}");
    assert!(text.lines().nth(1).unwrap().split(';').next_back().unwrap().contains(','), "decimal comma: {text}");
    let plain = collector.get(&format!("/api/v1/costs/report?year={year}&format=csv"), &viewer).text().unwrap();
    assert_eq!(plain.lines().count(), report["lines"].as_array().unwrap().len() + 1);
    let out = collector_cli(&data, &["costs", "report", "--year", &year.to_string(), "--format", "csv-sv"]);
    assert!(out.stdout.starts_with(b"\xef\xbb\xbf"));

    // Drill-down and savings.
    let it = collector.get_json(&format!("/api/v1/costs/servers?year={year}&department=it-drift"), &viewer);
    let placed =
        it["servers"].as_array().unwrap().iter().find(|s| s["hostname"] == "mgmt-01").expect("mgmt-01 is IT's");
    assert!(placed["placed_by"].as_str().unwrap().starts_with("costs.toml rule at line"), "{placed}");
    let soc = collector.get_json(&format!("/api/v1/costs/servers?year={year}&department=socialforvaltningen"), &viewer);
    assert!(soc["servers"].as_array().unwrap().iter().all(|s| s["department"] == "socialforvaltningen"));
    let savings = collector.get_json(&format!("/api/v1/costs/savings?year={year}"), &viewer);
    let idle = savings["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["hostname"] == "idle-01")
        .expect("idle-01 looks unused");
    assert!(idle["cost_per_year"].as_i64().unwrap() > 0);
    assert_eq!(idle["department"], "kultur-fritid");

    // Finance can re-run; viewers cannot change the model.
    let post = collector
        .client()
        .post(format!("{}/api/v1/costs/model", collector.url))
        .bearer_auth(&viewer)
        .body("x")
        .checked()
        .unwrap();
    assert_eq!(post.status(), 403);
}

/// Unassigned shares of entity-less lines other than the per-server pool (unit price, consumption).
fn unassigned_amounts(report: &Value) -> i64 {
    report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["entity"].is_null() && l["pool"] != "platform")
        .map(|l| l["amount"].as_i64().unwrap())
        .sum()
}

/// A year whose servers have not reported yet: the per-server pools are shown as not
/// allocated, with the reason, and the other pools as usual; the report is not refused.
#[test]
fn a_year_with_nothing_to_count_is_reported_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let collector = Collector::start(&data);
    let viewer = collector.token("viewer", "finance");
    let year = Utc::now().year();
    let model = dir.path().join("costs.toml");
    std::fs::write(&model, arsring_collector::sample::costs_toml(year)).unwrap();
    let out = collector_cli(&data, &["costs", "import", model.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let response = collector.get(&format!("/api/v1/costs/report?year={year}"), &viewer);
    assert_eq!(response.status(), 200);
    let report = response.json::<Value>().unwrap()["report"].clone();
    let pools = report["pools"].as_array().unwrap();
    let platform = pools.iter().find(|p| p["id"] == "platform").unwrap();
    assert_eq!((platform["amount"].as_i64(), platform["not_allocated_amount"].as_i64()), (Some(0), Some(100_000_000)));
    assert!(platform["not_allocated_reason"].as_str().unwrap().contains("no servers are counted"), "{platform}");
    let allocated: i64 = pools.iter().map(|p| p["amount"].as_i64().unwrap()).sum();
    assert!(allocated > 0, "the pools split by key still are: {report}");
    let lines: i64 = report["lines"].as_array().unwrap().iter().map(|l| l["amount"].as_i64().unwrap()).sum();
    assert_eq!(lines, report["grand_total"].as_i64().unwrap());
    let out = collector_cli(&data, &["costs", "report", "--year", &year.to_string()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("NOT ALLOCATED"), "{}", String::from_utf8_lossy(&out.stdout));
}
