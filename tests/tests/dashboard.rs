//! Issue 6: the dashboard in headless Debian Chromium, against a collector filled with the
//! sample fleet through the real API and the registers through the real CLI. Every page is
//! opened, checked for console errors (CSP violations included) and photographed into
//! `target/test-output/dashboard/`.

use std::collections::BTreeSet;
use std::path::Path;

use arsring_collector::money::parse_sek;
use arsring_collector::sample;
use arsring_e2e::browser::{Browser, output_dir};
use arsring_e2e::*;
use serde_json::{Value, json};

struct Tokens {
    viewer: String,
    admin: String,
}

/// 40 servers and 60 network devices through the API; catalogue, asset register,
/// endoflife.date cycles and a cost model through the CLI.
fn fill(collector: &Collector) -> Tokens {
    let agent = collector.loader_token();
    let reports = sample::fleet(40, 60, 7, chrono::Utc::now() - chrono::Duration::hours(1));
    for r in &reports {
        assert_eq!(collector.post_report(serde_json::to_vec(r).unwrap(), Some(&agent)).status(), 201);
    }
    collector.import_sample_registers(&reports, 7);
    Tokens { viewer: collector.token("viewer", "architect"), admin: collector.token("admin", "it-chef") }
}

/// Opens `path`, checks it rendered without an error or a console message, photographs it.
fn visit(b: &Browser, path: &str, shot: &str) {
    b.goto(path);
    assert!(!b.path().starts_with("/login"), "{path} sent us to the login page");
    let title = b.text(&b.find("h1"));
    assert_ne!(title, "Error", "{path} failed: {}", b.text(&b.find("main")));
    assert_eq!(b.console_errors(), Vec::<String>::new(), "console errors on {path}");
    b.screenshot(&output_dir("dashboard").join(format!("{shot}.png")));
}

fn log_in(b: &Browser, token: &str, then: &str) {
    b.goto(then);
    assert!(b.path().starts_with("/login?next="), "not logged in yet: {}", b.path());
    b.type_into(&b.find("#token"), token);
    b.follow(&b.find("form button[type=submit]"));
    assert_eq!(b.path(), then, "logging in returns to the page asked for");
}

fn log_out(b: &Browser) {
    b.follow(&b.find("header form button"));
    assert_eq!(b.path(), "/login");
    b.goto("/network");
    assert_eq!(b.path(), "/login?next=/network", "the session is gone");
}

#[test]
fn dashboard_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("data"));
    let tokens = fill(&collector);
    let Some(b) = Browser::start(&collector.url) else { return };

    // A wrong token is refused on the page, with a message.
    b.goto("/login");
    b.type_into(&b.find("#token"), "ars_not-a-token");
    b.click(&b.find("form button[type=submit]"));
    assert!(b.text(&b.wait_for(".error")).contains("Unknown or revoked token"));
    b.console_errors(); // the 401 of that post is logged by Chromium, as it should be

    // A log-in form posted from another site is refused, even with a good token.
    let foreign = collector
        .client()
        .post(format!("{}/login", collector.url))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={}&next=/", tokens.viewer))
        .send()
        .unwrap();
    assert_eq!(foreign.status(), 403);
    assert!(foreign.headers().get("set-cookie").is_none());

    log_in(&b, &tokens.viewer, "/heatmap");
    every_page(&b, &collector, &tokens);
    heat_map(&b, &collector, &tokens.viewer);
    network_table(&b, &collector, &tokens.viewer);
    downloads(&b, &collector, &tokens.viewer);
    viewer_cannot_change(&b, &collector, &tokens.viewer);
    tablet(&b);
    log_out(&b);

    log_in(&b, &tokens.admin, "/admin");
    admin_imports(&b, &collector, &tokens.viewer, dir.path());
    audit_page(&b);
    log_out(&b);
}

fn every_page(b: &Browser, collector: &Collector, tokens: &Tokens) {
    let devices = collector.get_json("/api/v1/devices", &tokens.viewer);
    let first = |kind: &str| {
        let d = devices["devices"].as_array().unwrap().iter().find(|d| d["kind"] == kind).unwrap();
        format!("/device/{}", d["device_id"].as_str().unwrap())
    };
    let pages = [
        ("overview", "/".to_string()),
        ("heatmap", "/heatmap".into()),
        ("heatmap-cost-by-model", "/heatmap?project=network&rows=model&measure=cost".into()),
        ("network", "/network".into()),
        ("servers", "/servers".into()),
        ("plan", "/plan?budget_sek=400+000&years=5".into()),
        ("costs", "/costs".into()),
        ("device-network", first("network")),
        ("device-server", first("server")),
    ];
    for (shot, path) in &pages {
        visit(b, path, shot);
    }
    // The overview counts what the API counts.
    b.goto("/");
    let cards: Vec<String> = b.find_all(".card .big").iter().map(|c| b.text(c)).collect();
    let summary = collector.get_json("/api/v1/summary", &tokens.viewer);
    assert_eq!(cards[0], summary["servers"]["total"].to_string());
    assert_eq!(cards[1], "60");
    let items = collector.get_json("/api/v1/lifecycle/items", &tokens.viewer);
    let past = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| matches!(i["status"].as_str(), Some("past_end_of_life" | "past_end_of_security_updates")))
        .count() as u64;
    let total = items["count"].as_u64().unwrap();
    assert_eq!(cards[2], format!("{} %", past * 100 / total), "share of components past end of life");
    // Pages travel compressed: the browser decoded more than it received.
    b.goto("/network");
    let sizes = b.js(
        "const n = performance.getEntriesByType('navigation')[0]; return [n.encodedBodySize, n.decodedBodySize];",
        vec![],
    );
    let (sent, read) = (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap());
    assert!(sent > 0 && sent * 2 < read, "/network: {sent} bytes on the wire for {read} of HTML");
    // The plan keeps within the budget typed in, and draws it.
    b.goto("/plan?budget_sek=400+000&years=5");
    assert_eq!(b.find_all("svg.bars").len(), 2);
    assert!(b.text(&b.find("figure")).contains("budget 400"));
    assert_eq!(b.find_all("table[id^=plan-]").len(), 5);
    b.goto("/plan?budget_sek=lots");
    assert!(b.text(&b.find(".alert")).contains("budget_sek"), "a bad budget is named");
    b.console_errors();
}

/// The heat map shows the API's cells; a click on one lists exactly its devices.
fn heat_map(b: &Browser, collector: &Collector, viewer: &str) {
    b.goto("/heatmap");
    let api = &collector.get_json("/api/v1/lifecycle/heatmap?rows=site", viewer)["heatmap"];
    let columns: Vec<String> = api["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().into()).collect();
    let mut expected = BTreeSet::new();
    for row in api["rows"].as_array().unwrap() {
        let key = row["key"].as_str().unwrap_or("(none)").to_string();
        for (column, cell) in columns.iter().zip(row["cells"].as_array().unwrap()) {
            expected.insert((key.clone(), column.clone(), cell["count"].to_string()));
        }
    }
    let cells = b.find_all("a.heat-cell");
    let shown: BTreeSet<(String, String, String)> = cells
        .iter()
        .map(|c| (b.attr(c, "data-row").unwrap(), b.attr(c, "data-column").unwrap(), b.attr(c, "data-value").unwrap()))
        .collect();
    assert!(expected.len() > 8, "the sample fills several rows and years");
    assert_eq!(shown, expected);
    assert!(b.find_all("#heatmap-legend rect").len() >= 5, "a legend");

    let busiest = cells.iter().max_by_key(|c| b.attr(c, "data-value").unwrap().parse::<u32>().unwrap()).unwrap();
    let (row, column, value) = (
        b.attr(busiest, "data-row").unwrap(),
        b.attr(busiest, "data-column").unwrap(),
        b.attr(busiest, "data-value").unwrap(),
    );
    b.follow(busiest);
    assert!(b.path().starts_with("/heatmap/cell?"), "{}", b.path());
    let listed = b.table("#cell-items");
    assert_eq!(listed.len().to_string(), value);
    let api =
        collector.get_json(&format!("/api/v1/lifecycle/heatmap/cell?rows=site&key={row}&column={column}"), viewer);
    let want: BTreeSet<String> =
        api["items"].as_array().unwrap().iter().map(|i| i["device"].as_str().unwrap().into()).collect();
    let got: BTreeSet<String> = listed.iter().map(|r| r[0].clone()).collect();
    assert_eq!(got, want);
    assert!(listed.iter().all(|r| r[5] == row), "every item is at {row}");
    assert!(b.console_errors().is_empty());
}

fn ages(b: &Browser) -> Vec<Option<f64>> {
    b.table("#network").iter().map(|r| r[6].parse().ok()).collect()
}

/// Sorting by a column (both ways, unknowns last), the server-side filters and the
/// filter-as-you-type box.
fn network_table(b: &Browser, collector: &Collector, viewer: &str) {
    b.goto("/network");
    b.follow(&b.find("#network thead th:nth-child(7) a"));
    assert!(b.path().contains("sort=6&dir=asc"), "{}", b.path());
    let up = ages(b);
    let known: Vec<f64> = up.iter().map_while(|a| *a).collect();
    assert!(known.len() > 10 && known.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    assert!(up[known.len()..].iter().all(Option::is_none), "unknown ages go last");
    b.follow(&b.find("#network thead th:nth-child(7) a"));
    assert!(b.path().contains("dir=desc"));
    let down: Vec<f64> = ages(b).into_iter().map_while(|a| a).collect();
    assert!(down.windows(2).all(|w| w[0] >= w[1]) && down.len() == known.len());

    b.goto("/network");
    b.select(&b.find("select[name=status]"), "past_end_of_life");
    b.follow(&b.find("form.filters button"));
    assert!(b.path().contains("status=past_end_of_life"));
    let rows = b.table("#network");
    let api = collector.get_json("/api/v1/lifecycle/items?project=network&status=past_end_of_life", viewer);
    let devices = api["items"].as_array().unwrap().iter().filter(|i| i["component_index"].is_null()).count();
    assert!(devices > 0);
    assert_eq!(rows.len(), devices);
    assert!(rows.iter().all(|r| r[8] == "past end of life"));

    b.goto("/network");
    let all = b.table("#network");
    let with = all.iter().filter(|r| r.iter().any(|c| c.contains("C9300"))).count();
    assert!(with > 0 && with < all.len());
    b.type_into(&b.find("input[data-filter-for=network]"), "c9300");
    let visible = b.table("#network");
    assert_eq!(visible.len(), with);
    assert!(visible.iter().all(|r| r[3].contains("C9300")));
    assert_eq!(b.text(&b.find("#network-count")), with.to_string());
}

fn csv(text: &str, delimiter: u8) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new().delimiter(delimiter).from_reader(text.as_bytes()).records().map(Result::unwrap).collect()
}

/// Every download link of the network, servers and costs pages, fetched by the browser with
/// its session, parses as CSV with the rows the API has.
fn downloads(b: &Browser, collector: &Collector, viewer: &str) {
    let (mut fetched, mut workbooks) = (0, 0);
    for page in ["/network", "/servers", "/costs"] {
        b.goto(page);
        for link in b.find_all("p.downloads a[download]") {
            let href = b.attr(&link, "href").unwrap();
            let (status, body) = b.fetch(&href);
            assert_eq!(status, 200, "{href}");
            if href.contains("format=xlsx") {
                // The workbooks themselves are read back in tests/tests/workbooks.rs.
                assert!(body.starts_with("PK"), "{href} is no .xlsx");
                workbooks += 1;
                continue;
            }
            let delimiter = if href.contains("dialect=sv") { b';' } else { b',' };
            let rows = csv(&body, delimiter);
            let json_path = href.replace("format=csv", "format=json").replace("&dialect=sv", "");
            if json_path.starts_with("/api/v1/costs/report") {
                check_charges(&rows, &body, collector.get_json(&json_path, viewer), delimiter);
            } else if !json_path.starts_with("/api/v1/costs/") {
                let api = collector.get_json(&json_path, viewer);
                assert_eq!(rows.len() as u64, api["count"].as_u64().unwrap(), "{href}");
            }
            assert!(!rows.is_empty(), "{href} is empty");
            fetched += 1;
        }
    }
    assert_eq!((fetched, workbooks), (7, 2));
    // The page's total is the report's, to the öre.
    b.goto("/costs");
    let total = b.text(&b.find(".card .big"));
    let grand = collector.get_json("/api/v1/costs/report", viewer)["report"]["grand_total"].as_i64().unwrap();
    assert_eq!(parse_sek(total.trim_end_matches(" kr")).unwrap(), grand, "{total}");
}

/// Both CSV flavours of the charges add up to the report's grand total, to the öre.
fn check_charges(rows: &[csv::StringRecord], body: &str, report: Value, delimiter: u8) {
    let header = body.lines().next().unwrap().split(delimiter as char).collect::<Vec<_>>();
    let amount = header.iter().position(|h| h.trim_start_matches('\u{feff}') == "amount_sek").unwrap();
    let total: i64 = rows.iter().map(|r| parse_sek(&r[amount]).unwrap()).sum();
    assert_eq!(total, report["report"]["grand_total"].as_i64().unwrap());
}

/// A viewer sees no admin page and cannot post to one, even with a hand-made form.
fn viewer_cannot_change(b: &Browser, collector: &Collector, viewer: &str) {
    assert!(b.find_all("nav a[href='/admin']").is_empty(), "no admin link for a viewer");
    for page in ["/admin", "/admin/audit"] {
        b.goto(page);
        assert_eq!(b.text(&b.find("h1")), "Not allowed", "{page}");
    }
    b.console_errors(); // Chromium logs the 403s
    let script = "const done = arguments[arguments.length - 1];
        const form = new FormData();
        form.append('csrf', document.querySelector('input[name=csrf]').value);
        form.append('file', new Blob([arguments[0]], {type: 'text/csv'}), 'c.csv');
        fetch('/admin/catalogue', {method: 'POST', body: form}).then(r => done(r.status));";
    let status = b.js_async(script, vec![json!("vendor,model_pattern\nX,Y\n")]);
    assert_eq!(status, 403);
    assert_eq!(collector.get_json("/api/v1/lifecycle/catalogue", viewer)["count"], 7, "nothing changed");
    b.console_errors();
}

/// The tablet: no page wider than the screen (wide tables scroll inside their box).
fn tablet(b: &Browser) {
    b.set_window_size(820, 1180);
    for (path, shot) in [("/heatmap", "tablet-heatmap"), ("/network", "tablet-network"), ("/costs", "tablet-costs")] {
        visit(b, path, shot);
        let overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth;", vec![]);
        assert!(overflow.as_i64().unwrap() <= 0, "{path} is wider than a tablet by {overflow}px");
    }
    b.set_window_size(1366, 900);
    // The laptop: the network table shows every column without scrolling sideways.
    visit(b, "/network", "laptop-network");
    let cut = b.js(
        "const t = document.querySelector('#network'); return t.scrollWidth - t.parentElement.clientWidth;",
        vec![],
    );
    assert!(cut.as_i64().unwrap() <= 0, "the network table is cut by {cut}px at 1366 px");
}

fn admin_imports(b: &Browser, collector: &Collector, viewer: &str, dir: &Path) {
    visit(b, "/admin", "admin");
    let count = || collector.get_json("/api/v1/lifecycle/catalogue", viewer)["count"].as_u64().unwrap();
    let upload = |text: &str| {
        let file = dir.join("upload.csv");
        std::fs::write(&file, text).unwrap();
        b.goto("/admin");
        b.type_into(&b.find("form[action='/admin/catalogue'] input[type=file]"), file.to_str().unwrap());
        b.follow(&b.find("form[action='/admin/catalogue'] button"));
    };
    upload("vendor,model_pattern,end_of_support\nCisco,X,2021-02-30\n");
    let alert = b.text(&b.find(".alert"));
    assert!(alert.contains("line 2") && alert.contains("end_of_support"), "{alert}");
    assert_eq!(count(), 7, "a bad file changes nothing");
    b.console_errors();

    upload(&format!("{}Extreme,X440-G2*,2022-01-01,2025-01-01,2026-01-01,25 000,\n", sample::CATALOGUE));
    assert!(b.text(&b.find("main")).contains("Catalogue stored: 8 entries."));
    assert_eq!(count(), 8);

    // Without the session's CSRF token, even an admin's post is refused.
    let script = "const done = arguments[arguments.length - 1];
        const form = new FormData();
        form.append('file', new Blob(['vendor,model_pattern\\nX,Y\\n'], {type: 'text/csv'}), 'c.csv');
        fetch('/admin/catalogue', {method: 'POST', body: form}).then(r => done(r.status));";
    assert_eq!(b.js_async(script, vec![]), 403);
    assert_eq!(count(), 8);
    b.console_errors();
}

/// The registers page links to the audit log, which lists the import just made there.
fn audit_page(b: &Browser) {
    b.goto("/admin");
    b.follow(&b.find("a[href='/admin/audit']"));
    visit(b, "/admin/audit?action=import.catalogue", "admin-audit");
    let rows = b.table("#audit-events");
    assert!(rows.iter().any(|r| r[1] == "it-chef" && r[5] == "8 entries"), "the page's import: {rows:?}");
    assert!(rows.iter().all(|r| r[2] == "import.catalogue"), "{rows:?}");
}

/// A restart (an upgrade, a config change) keeps people logged in; a revoked token does not.
#[test]
fn sessions_survive_a_restart_but_not_a_revoked_token() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let collector = Collector::start(&data);
    let token = collector.token("viewer", "finance");
    let client = https_client_builder(&collector.ca).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let cookie = collector.log_in(&token);
    drop(collector);

    let collector = Collector::start(&data);
    let page = |c: &Collector| client.get(format!("{}/costs", c.url)).header("cookie", &cookie).send().unwrap();
    assert_eq!(page(&collector).status(), 200, "still logged in after the restart");

    collector_cli_ok(&data, &["token", "revoke", "finance"]);
    let after = page(&collector);
    assert_eq!(after.status(), 303, "a revoked token's session ends");
    assert!(after.headers()["location"].to_str().unwrap().starts_with("/login"));
}
