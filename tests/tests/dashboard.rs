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
    assert!(title != "Error" && title != "Fel", "{path} failed: {}", b.text(&b.find("main")));
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
    in_swedish(&b, &collector, &tokens);
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

/// Every page a viewer can open, with the name of its screenshot.
fn pages(collector: &Collector, tokens: &Tokens) -> Vec<(&'static str, String)> {
    let devices = collector.get_json("/api/v1/devices", &tokens.viewer);
    let first = |kind: &str| {
        let d = devices["devices"].as_array().unwrap().iter().find(|d| d["kind"] == kind).unwrap();
        format!("/device/{}", d["device_id"].as_str().unwrap())
    };
    vec![
        ("overview", "/".to_string()),
        ("heatmap", "/heatmap".into()),
        ("heatmap-cost-by-model", "/heatmap?project=network&rows=model&measure=cost".into()),
        ("heatmap-cell", "/heatmap/cell?rows=site&column=overdue".into()),
        ("network", "/network".into()),
        ("servers", "/servers".into()),
        ("plan", "/plan?budget_sek=400+000&years=5".into()),
        ("costs", "/costs".into()),
        ("device-network", first("network")),
        ("device-server", first("server")),
    ]
}

fn every_page(b: &Browser, collector: &Collector, tokens: &Tokens) {
    for (shot, path) in &pages(collector, tokens) {
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

/// Every page again in Swedish, chosen with the switch in the header: the page says it is
/// Swedish and shows no English text of the translation table; the switch comes back.
fn in_swedish(b: &Browser, collector: &Collector, tokens: &Tokens) {
    b.goto("/network?status=due");
    switch_language(b, "sv");
    assert_eq!(b.path(), "/network?status=due", "the switch returns to the page");
    let texts = arsring_collector::web::texts();
    // English words that are also Swedish somewhere ("container" the platform) are no sign.
    let swedish: BTreeSet<&str> = texts.iter().map(|(_, t)| t.sv).collect();
    let english: Vec<&str> = texts
        .iter()
        .filter(|(_, t)| !swedish.contains(t.en) && t.en.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .map(|(_, t)| t.en)
        .collect();
    assert!(english.len() > 100, "the table covers the pages: {}", english.len());
    for (shot, path) in &pages(collector, tokens) {
        visit(b, path, &format!("{shot}-sv"));
        assert_eq!(b.js("return document.documentElement.lang;", vec![]), "sv", "{path}");
        // The page's own words, not the data it shows (models and sources are in English).
        let labels = "h1, h2, th, dt, label, button, nav a, figcaption, option, .card .label, p.note, \
                      p.downloads a, .alert > strong, .alert > h3, header .user a";
        let script =
            format!("return Array.from(document.querySelectorAll('{labels}')).map(e => e.innerText).join('\\n');");
        let text = b.js(&script, vec![]).as_str().unwrap().to_string();
        let shown: Vec<&&str> = english.iter().filter(|en| contains_phrase(&text, en)).collect();
        assert!(shown.is_empty(), "{path} shows English in Swedish: {shown:?}");
    }
    switch_language(b, "en");
}

/// Clicks the header's language switch, which comes back to the same address.
fn switch_language(b: &Browser, to: &str) {
    b.click(&b.find("#language"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while b.js("return document.readyState === 'complete' && document.documentElement.lang;", vec![]) != to {
        assert!(std::time::Instant::now() < deadline, "the switch to {to} did not happen");
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
}

/// `phrase` in `text` as whole words (so "Site" is not found in "Websites").
fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
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
    // In English, as the page shows it: 2,255,000.01 kr.
    assert_eq!(parse_sek(&total.trim_end_matches(" kr").replace(',', "")).unwrap(), grand, "{total}");
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
    let upload = |bytes: &[u8]| {
        let file = dir.join("upload.csv");
        std::fs::write(&file, bytes).unwrap();
        b.goto("/admin");
        b.type_into(&b.find("form[action='/admin/catalogue'] input[type=file]"), file.to_str().unwrap());
        b.follow(&b.find("form[action='/admin/catalogue'] button"));
    };
    upload(b"vendor,model_pattern,end_of_support\nCisco,X,2021-02-30\n");
    let alert = b.text(&b.find(".alert"));
    assert!(alert.contains("line 2") && alert.contains("end_of_support"), "{alert}");
    assert_eq!(count(), 7, "a bad file changes nothing");
    b.console_errors();

    let extreme = "Extreme,X440-G2*,2022-01-01,2025-01-01,2026-01-01,25 000,";
    upload(format!("{}{extreme}\n", sample::CATALOGUE).as_bytes());
    assert!(b.text(&b.find("main")).contains("Catalogue stored: 8 entries."));
    assert_eq!(count(), 8);
    // As Swedish Excel saves it (Windows-1252, one byte for ö): the page says how it was read.
    let latin1 = format!("{}{extreme}Växel X450\n", sample::CATALOGUE);
    upload(&latin1.chars().map(|c| u8::try_from(u32::from(c)).expect("Latin-1")).collect::<Vec<u8>>());
    let said = b.text(&b.find("main"));
    assert!(said.contains("Catalogue stored: 8 entries. Read as windows-1252."), "{said}");
    let models = collector.get_json("/api/v1/lifecycle/catalogue", viewer).to_string();
    assert!(models.contains("Växel X450"), "{models}");

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

/// Swedish when the browser asks for it, English otherwise; the switch's choice wins and is
/// kept for the browser session; the switch goes back only to a page of this site.
#[test]
fn the_language_follows_the_browser_and_the_switch() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("data"));
    let viewer = collector.token("viewer", "v");
    let session = collector.log_in(&viewer);
    let client = https_client_builder(&collector.ca).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = |path: &str, cookies: &str, accept: &str| -> String {
        let request = client.get(format!("{}{path}", collector.url)).header("cookie", cookies);
        request.header("accept-language", accept).send().unwrap().text().unwrap()
    };
    let swedish = "sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7";
    let sv = page("/network", &session, swedish);
    assert!(sv.contains("<html lang=\"sv\">") && sv.contains("Nätverksenheter"), "{sv}");
    let en = page("/network", &session, "en-GB,en;q=0.9,sv;q=0.5");
    assert!(en.contains("<html lang=\"en\">") && en.contains("Network devices"), "{en}");
    assert!(page("/login", "", swedish).contains("Logga in"));

    let switch = client.get(format!("{}/lang?to=en&next=/costs%3Fyear%3D2026", collector.url)).send().unwrap();
    assert!(switch.status().is_redirection());
    assert_eq!(switch.headers()["location"], "/costs?year=2026");
    let cookie = switch.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("arsring_lang=en;") && !cookie.contains("Max-Age"), "{cookie}");
    let chosen = page("/network", &format!("{session}; arsring_lang=en"), swedish);
    assert!(chosen.contains("<html lang=\"en\">"), "the choice wins over the browser");

    let elsewhere = client.get(format!("{}/lang?to=xx&next=https://evil.example/", collector.url)).send().unwrap();
    assert_eq!(elsewhere.headers()["location"], "/", "only pages of this site");
    assert!(elsewhere.headers().get("set-cookie").is_none(), "an unknown language changes nothing");
}
