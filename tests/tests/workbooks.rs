//! Issue 15: the Excel workbooks finance and the renewal projects take away, read back with
//! openpyxl (Python, the test venv) and compared with the JSON of the same request: every
//! amount to the öre, the sheets, the frozen header row, the filters, the number formats.

use std::process::Command;

use arsring_e2e::peers::openpyxl;
use arsring_e2e::*;
use chrono::{Datelike, Duration, Utc};
use serde_json::Value;

/// Every sheet of the workbook as `{name: {rows, freeze, filter, formats}}`, amounts as
/// öre (`round(value * 100)`) for cells with a currency format.
const READ: &str = r#"
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in book.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, (int, float)) and not isinstance(v, bool) and "0.00" in c.number_format:
                v = {"ore": round(v * 100)}
            elif hasattr(v, "isoformat"):
                v = v.date().isoformat()
            cells.append(v)
        rows.append(cells)
    out[ws.title] = {"rows": rows, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref}
print(json.dumps(out))
"#;

fn read_workbook(python: &std::path::Path, bytes: &[u8]) -> Value {
    let file = tempfile::NamedTempFile::with_suffix(".xlsx").unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let out = Command::new(python).args(["-c", READ]).arg(file.path()).output().unwrap();
    assert!(out.status.success(), "openpyxl: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ore(cell: &Value) -> Option<i64> {
    cell["ore"].as_i64()
}

fn download(collector: &Collector, path: &str, token: &str) -> Vec<u8> {
    let response = collector.get(path, token);
    assert_eq!(response.status(), 200, "{path}");
    let kind = response.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.contains("spreadsheetml"), "{kind}");
    response.bytes().unwrap().to_vec()
}

#[test]
fn workbooks_equal_their_reports_to_the_ore() {
    let Some(python) = openpyxl() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let collector = Collector::start(&data);
    let loader = collector.loader_token();
    let viewer = collector.token("viewer", "finance");
    let reports = arsring_collector::sample::fleet(40, 30, 5, Utc::now() - Duration::hours(1));
    for r in &reports {
        assert_eq!(collector.post_report(serde_json::to_vec(r).unwrap(), Some(&loader)).status(), 201);
    }
    collector.import_sample_registers(&reports, 5);
    let year = Utc::now().year();
    let model = dir.path().join("costs.toml");
    std::fs::write(&model, arsring_collector::sample::costs_toml(year)).unwrap();
    assert!(collector_cli(&data, &["costs", "import", model.to_str().unwrap()]).status.success());

    // The charge report: a summary, then one sheet per billed entity (and the unassigned).
    let report = collector.get_json(&format!("/api/v1/costs/report?year={year}"), &viewer)["report"].clone();
    let book = read_workbook(
        &python,
        &download(&collector, &format!("/api/v1/costs/report?year={year}&format=xlsx"), &viewer),
    );
    let summary = &book[format!("Sammanfattning {year}")];
    assert_eq!(summary["freeze"], "A2");
    assert!(summary["filter"].as_str().is_some_and(|f| f.starts_with("A1:")), "{}", summary["filter"]);
    let rows = summary["rows"].as_array().unwrap();
    for entity in report["entities"].as_array().unwrap() {
        let row = rows.iter().find(|r| r[0] == entity["id"]).unwrap_or_else(|| panic!("{entity} in {rows:?}"));
        assert_eq!(ore(&row[2]), entity["amount"].as_i64(), "{entity}");
    }
    let total = rows.iter().find(|r| r[0] == "Summa").unwrap();
    assert_eq!(ore(&total[2]), report["grand_total"].as_i64());
    let lines = report["lines"].as_array().unwrap();
    let mut seen = 0;
    for entity in report["entities"].as_array().unwrap() {
        let sheet = &book[entity["name"].as_str().unwrap()]["rows"];
        let want: Vec<Option<i64>> =
            lines.iter().filter(|l| l["entity"] == entity["id"]).map(|l| l["amount"].as_i64()).collect();
        let sheet_rows = sheet.as_array().unwrap();
        let got: Vec<Option<i64>> = sheet_rows[1..=want.len()].iter().map(|r| ore(&r[8])).collect();
        assert_eq!(got, want, "{}", entity["name"]);
        assert_eq!(sheet_rows[want.len() + 1][0], "Summa");
        assert_eq!(ore(&sheet_rows[want.len() + 1][8]), entity["amount"].as_i64());
        seen += want.len();
    }
    let unassigned = lines.iter().filter(|l| l["entity"].is_null()).count();
    assert_eq!(seen + unassigned, lines.len(), "every line is on some sheet");
    // The same workbook from the command line, on standard output.
    let out = collector_cli(&data, &["costs", "report", "--year", &year.to_string(), "--format", "xlsx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let from_cli = read_workbook(&python, &out.stdout);
    let cli_rows = from_cli[format!("Sammanfattning {year}")]["rows"].as_array().unwrap();
    let cli_total = cli_rows.iter().find(|r| r[0] == "Summa").unwrap();
    assert_eq!(ore(&cli_total[2]), report["grand_total"].as_i64());

    // The renewal plan: every replacement's cost, and the total.
    let plan_path = "/api/v1/lifecycle/plan?budget_sek=400000&years=5";
    let plan = collector.get_json(plan_path, &viewer)["plan"].clone();
    let book = read_workbook(&python, &download(&collector, &format!("{plan_path}&format=xlsx"), &viewer));
    let replaced: Vec<i64> = plan["years"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|y| y["replaced"].as_array().unwrap())
        .map(|e| e["cost"].as_i64().unwrap())
        .collect();
    let rows = book["Utbyten"]["rows"].as_array().unwrap();
    let costs: Vec<i64> = rows[1..=replaced.len()].iter().map(|r| ore(&r[6]).unwrap()).collect();
    assert_eq!(costs, replaced);
    assert_eq!(ore(&rows[replaced.len() + 1][6]), plan["totals"]["cost"].as_i64());
    // Swedish like its headings: urgency and reason in words, not codes or English.
    let statuses = ["utan säkerhetsuppdateringar", "förbi livslängden", "snart slut", "ok"];
    for row in &rows[1..=replaced.len()] {
        assert!(statuses.contains(&row[4].as_str().unwrap()), "{row:?}");
        assert!(!row[7].as_str().unwrap().contains("end of"), "{row:?}");
    }

    // The outdated list: one row per device, in the same order.
    let outdated = collector.get_json("/api/v1/lifecycle/outdated", &viewer);
    let book = read_workbook(&python, &download(&collector, "/api/v1/lifecycle/outdated?format=xlsx", &viewer));
    let rows = book["Föråldrade nätverksenheter"]["rows"].as_array().unwrap();
    let names: Vec<&Value> = outdated["devices"].as_array().unwrap().iter().map(|d| &d["name"]).collect();
    let listed: Vec<&Value> = rows[1..=names.len()].iter().map(|r| &r[0]).collect();
    assert_eq!(listed, names);
    assert!(!names.is_empty(), "the sample fleet has outdated devices");
    for row in &rows[1..=names.len()] {
        assert!(statuses.contains(&row[9].as_str().unwrap()), "{row:?}");
        let rule = row[10].as_str().unwrap_or_default();
        assert!(!rule.contains("lifetime") && !rule.contains("security support ends"), "{row:?}");
    }

    // A list that has no workbook says so.
    let refused = collector.get("/api/v1/devices?format=xlsx", &viewer);
    assert_eq!(refused.status(), 400);
}
