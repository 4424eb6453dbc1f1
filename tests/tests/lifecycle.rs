//! Issue 4 end to end: a collector filled through the real API with the sample fleet, the
//! registers imported with the real CLI while it runs (over its admin socket), and the
//! lifecycle read back over HTTPS as JSON and CSV.

use arsring_e2e::*;
use serde_json::Value;

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines().map(|l| l.split(',').map(str::to_string).collect()).collect()
}

// Long on purpose: one scenario whose steps build on each other (imports, then the views
// that depend on them) against one running collector.
#[test]
fn heat_map_outdated_list_and_imports_over_the_real_api() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let collector = Collector::start(&data);
    let (loader, agent) = (collector.loader_token(), collector.token("agent", "sample"));
    let viewer = collector.token("viewer", "architect");

    let reports = arsring_collector::sample::fleet(40, 60, 7, arsring_collector::sample::collected_at());
    for r in &reports {
        let response = collector.post_report(serde_json::to_vec(r).unwrap(), Some(&loader));
        assert_eq!(response.status(), 201);
    }

    // Registers, through the CLI, while the collector runs.
    let catalogue = dir.path().join("catalogue.csv");
    std::fs::write(&catalogue, arsring_collector::sample::CATALOGUE).unwrap();
    let out = collector_cli(&data, &["catalogue", "import", catalogue.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let register = dir.path().join("assets.csv");
    std::fs::write(
        &register,
        arsring_collector::sample::asset_register(&reports, 7) + "NO-SUCH-SERIAL;;2020-01-01;;;;;\n",
    )
    .unwrap();
    let dry = collector_cli(&data, &["import", "assets", register.to_str().unwrap(), "--dry-run"]);
    let dry_text = String::from_utf8_lossy(&dry.stdout).to_string();
    assert!(dry.status.success() && dry_text.contains("dry run"), "{dry_text}");
    assert_eq!(collector.get_json("/api/v1/assets", &viewer)["count"], 0, "a dry run stores nothing");
    let out = collector_cli(&data, &["import", "assets", register.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("1 rows match no device"), "{text}");
    let again =
        String::from_utf8_lossy(&collector_cli(&data, &["import", "assets", register.to_str().unwrap()]).stdout)
            .to_string();
    assert!(again.contains("0 added, 0 changed"), "re-importing changes nothing: {again}");
    // The same register as Swedish Excel saves "CSV (semikolonavgränsad)": Windows-1252, one
    // byte for each of å, ä, ö. Every row now gives a site, read as written.
    let sited = arsring_collector::sample::asset_register(&reports, 7).replace(";;F-", ";Västerås;F-");
    let ansi: Vec<u8> = sited.chars().map(|c| u8::try_from(u32::from(c)).expect("Latin-1")).collect();
    assert!(std::str::from_utf8(&ansi).is_err(), "not UTF-8");
    std::fs::write(&register, &ansi).unwrap();
    let out = collector_cli(&data, &["import", "assets", register.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("read as windows-1252"), "the import says how it read the file: {said}");
    assert!(!again.contains("read as"), "a UTF-8 file needs no word: {again}");
    let assets = collector.get_json("/api/v1/assets", &viewer);
    let sites: Vec<&str> = assets["assets"].as_array().unwrap().iter().filter_map(|a| a["site"].as_str()).collect();
    assert!(!sites.is_empty() && sites.iter().all(|s| *s == "Västerås"), "{assets}");
    let eol = arsring_collector::sample::EOL_SNAPSHOT;
    assert!(collector_cli(&data, &["eol", "import", eol]).status.success());

    // Prometheus sees the same fleet and the same statuses as the API.
    let metrics = collector.get("/metrics", &viewer).text().unwrap();
    let value = |line_start: &str| -> u64 {
        let line = metrics.lines().find(|l| l.starts_with(line_start)).unwrap_or_else(|| panic!("{line_start}"));
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    assert_eq!(value("arsring_devices{kind=\"server\"}"), 40);
    assert_eq!(value("arsring_devices{kind=\"network\"}"), 60);
    let items = collector.get_json("/api/v1/lifecycle/items", &viewer);
    let mut expected: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for i in items["items"].as_array().unwrap() {
        let key = (i["category"].as_str().unwrap().to_string(), i["status"].as_str().unwrap().to_string());
        *expected.entry(key).or_default() += 1;
    }
    for ((category, status), count) in &expected {
        assert_eq!(value(&format!("arsring_lifecycle_items{{category=\"{category}\",status=\"{status}\"}}")), *count);
    }
    let total: u64 = metrics
        .lines()
        .filter(|l| l.starts_with("arsring_lifecycle_items{"))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, items["count"].as_u64().unwrap());

    // A bad catalogue is refused with the line named, and the stored one is kept.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "vendor,model_pattern,end_of_support\nCisco,X,2021-02-30\n").unwrap();
    let out = collector_cli(&data, &["catalogue", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2, column end_of_support"));
    assert_eq!(collector.get_json("/api/v1/lifecycle/catalogue", &viewer)["count"], 7);

    let as_of = "as_of=2026-11-25";
    let map = collector.get_json(&format!("/api/v1/lifecycle/heatmap?rows=site&project=network&{as_of}"), &viewer);
    let heatmap = &map["heatmap"];
    assert_eq!(heatmap["columns"][0], "overdue");
    assert_eq!(heatmap["columns"][1], "2026");
    let rows = heatmap["rows"].as_array().unwrap();
    // Every network device is counted somewhere; cells list exactly their count.
    let placed: u64 = rows
        .iter()
        .map(|r| {
            r["cells"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).sum::<u64>()
                + r["unknown"].as_u64().unwrap()
                + r["later"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(placed, 60);
    let busiest = rows.iter().max_by_key(|r| r["cells"][0]["count"].as_u64()).unwrap();
    let site = busiest["key"].as_str().unwrap();
    let cell = collector.get_json(
        &format!("/api/v1/lifecycle/heatmap/cell?rows=site&project=network&key={site}&column=overdue&{as_of}"),
        &viewer,
    );
    assert_eq!(cell["count"], busiest["cells"][0]["count"]);
    assert!(cell["items"].as_array().unwrap().iter().all(|i| i["site"] == site));

    let csv = collector
        .get(&format!("/api/v1/lifecycle/heatmap?rows=site&project=network&format=csv&{as_of}"), &viewer)
        .text()
        .unwrap();
    let table = csv_rows(&csv);
    assert_eq!(table[0][0], "site");
    assert_eq!(table[0][1], "overdue count");
    assert_eq!(table.len(), rows.len() + 1);

    // The technicians' list: worst first, each with its reason, as CSV too.
    let outdated = collector.get_json(&format!("/api/v1/lifecycle/outdated?{as_of}"), &viewer);
    let devices = outdated["devices"].as_array().unwrap();
    assert!(!devices.is_empty());
    let rank =
        |s: &Value| ["due", "past_end_of_life", "past_end_of_security_updates"].iter().position(|x| s == x).unwrap();
    assert!(devices.windows(2).all(|w| rank(&w[0]["status"]) >= rank(&w[1]["status"])));
    assert!(devices.iter().all(|d| d["reason"].is_string() && d["age_source"].is_string()));
    let csv = collector.get(&format!("/api/v1/lifecycle/outdated?format=csv&{as_of}"), &viewer).text().unwrap();
    assert_eq!(csv.lines().count(), devices.len() + 1);

    // Servers on Debian 11 are past security support, by the release cycle.
    let items = collector.get_json(
        &format!("/api/v1/lifecycle/items?project=datacenter&status=past_end_of_security_updates&{as_of}"),
        &viewer,
    );
    assert!(
        items["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["decided_by"]["rule"].as_str().unwrap().contains("debian 11"))
    );

    // The renewal plan: never over the yearly budget, worst first, the same twice; also via the CLI.
    let plan = collector
        .get_json(&format!("/api/v1/lifecycle/plan?budget_sek=400000&years=5&project=network&{as_of}"), &viewer);
    let years = plan["plan"]["years"].as_array().unwrap();
    assert_eq!(years.len(), 5);
    assert!(years.iter().all(|y| y["cost"].as_i64().unwrap() <= 40_000_000));
    assert!(years[0]["units"].as_u64().unwrap() > 0);
    assert_eq!(
        collector
            .get_json(&format!("/api/v1/lifecycle/plan?budget_sek=400000&years=5&project=network&{as_of}"), &viewer)["plan"],
        plan["plan"]
    );
    let out = collector_cli(
        &data,
        &[
            "lifecycle",
            "plan",
            "--budget-sek",
            "400 000",
            "--years",
            "5",
            "--project",
            "network",
            "--as-of",
            "2026-11-25",
        ],
    );
    let table = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success() && table.starts_with("YEAR") && table.contains("2030"), "{table}");
    let bad = collector.get("/api/v1/lifecycle/plan?budget_sek=lots", &viewer);
    assert_eq!(bad.status(), 400);
    assert_eq!(bad.json::<Value>().unwrap()["error"]["field"], "budget_sek");

    // Roles: registers are admin-only, lifecycle reading is not for agents.
    let post = collector
        .client()
        .post(format!("{}/api/v1/lifecycle/catalogue", collector.url))
        .bearer_auth(&viewer)
        .body("x")
        .checked()
        .unwrap();
    assert_eq!(post.status(), 403);
    assert_eq!(collector.get("/api/v1/lifecycle/heatmap", &agent).status(), 403);
}
