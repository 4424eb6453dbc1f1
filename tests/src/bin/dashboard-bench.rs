//! Dashboard benchmark: server-side render time (the collector's `Server-Timing` header)
//! and weight of every page, with a fleet of 10 000 devices loaded through the real API.
//! "live" is the render time when an agent's report has arrived just before the page, as
//! happens all day with a fleet reporting: the cached assessment is then rebuilt.
//!
//! ```sh
//! cargo build --release --workspace
//! target/release/dashboard-bench --servers 4000 --network 6000 --runs 15
//! ```

use std::time::Instant;

use arsring_collector::sample;
use arsring_e2e::{Collector, https_client_builder};
use reqwest::blocking::Client;
use reqwest::redirect::Policy;

/// Render time and weight of every dashboard page with a generated fleet loaded.
#[derive(clap::Parser)]
#[command(version)]
struct Args {
    /// Servers in the generated fleet.
    #[arg(long, default_value_t = 4000)]
    servers: usize,
    /// Switches, routers and firewalls in the generated fleet.
    #[arg(long, default_value_t = 6000)]
    network: usize,
    /// Timed requests per page.
    #[arg(long, default_value_t = 15)]
    runs: usize,
}

/// The fleet through `POST /api/v1/reports` (8 clients), the registers through the CLI.
fn fill(collector: &Collector, args: &Args) {
    let token = collector.loader_token();
    let reports = sample::fleet(args.servers, args.network, 11, chrono::Utc::now() - chrono::Duration::hours(1));
    let started = Instant::now();
    std::thread::scope(|scope| {
        for chunk in reports.chunks(reports.len().div_ceil(8)) {
            let (client, token) = (collector.client(), &token);
            scope.spawn(move || {
                for r in chunk {
                    let response = client
                        .post(format!("{}/api/v1/reports", collector.url))
                        .bearer_auth(token)
                        .header("content-type", "application/json")
                        .body(serde_json::to_vec(r).unwrap())
                        .send()
                        .unwrap();
                    assert_eq!(response.status(), 201);
                }
            });
        }
    });
    eprintln!("loaded {} reports in {:.1} s", reports.len(), started.elapsed().as_secs_f64());
    collector.import_sample_registers(&reports, 11);
}

/// Milliseconds from `Server-Timing: render;dur=12.3`, and the body's size as sent (this
/// client does not decompress, so with `gzip` it is the size on the wire).
fn get(client: &Client, url: &str, cookie: &str, gzip: bool) -> (f64, usize) {
    let encoding = if gzip { "gzip" } else { "identity" };
    let response = client.get(url).header("cookie", cookie).header("accept-encoding", encoding).send().unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let timing = response.headers()["server-timing"].to_str().unwrap().to_string();
    let ms = timing.trim_start_matches("render;dur=").parse().unwrap();
    (ms, response.bytes().unwrap().len())
}

fn main() {
    let args = <Args as clap::Parser>::parse();
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(&dir.path().join("data"));
    fill(&collector, &args);
    let client = https_client_builder(&collector.ca).redirect(Policy::none()).build().unwrap();
    let cookie = collector.log_in(&collector.token("admin", "bench"));
    let api = |path: &str| -> serde_json::Value {
        let response = client.get(format!("{}{path}", collector.url)).header("cookie", &cookie).send().unwrap();
        response.json().unwrap()
    };
    let device = api("/api/v1/devices?kind=network")["devices"][0]["device_id"].as_str().unwrap().to_string();
    let pages = [
        "/".to_string(),
        "/heatmap".into(),
        "/heatmap?project=network&rows=model&measure=cost".into(),
        "/heatmap/cell?rows=site&column=overdue&key=dc-norra".into(),
        "/network".into(),
        "/network?sort=6&dir=desc".into(),
        "/servers".into(),
        "/plan?budget_sek=2000000&years=10".into(),
        "/costs".into(),
        format!("/device/{device}"),
        "/admin".into(),
    ];
    let assets: usize = ["/static/app.css", "/static/app.js", "/static/favicon.svg"]
        .iter()
        .map(|p| client.get(format!("{}{p}", collector.url)).send().unwrap().bytes().unwrap().len())
        .sum();
    let (cold, _) = get(&client, &format!("{}/", collector.url), &cookie, false);
    println!("{} devices; the first page after start (assessing the fleet): {cold:.1} ms", args.servers + args.network);
    let cell = api("/api/v1/lifecycle/heatmap/cell?rows=site&column=overdue&key=dc-norra")["count"].clone();
    println!("items in the heat-map cell below: {cell} (the page lists the first 500)");
    println!("static assets (css + js + icon, cached an hour): {assets} bytes\n");
    let agent = collector.loader_token();
    let mut live = sample::fleet(1, 0, 11, chrono::Utc::now())[0].clone();
    let mut report_then_get = |url: &str| {
        live.report_id = uuid::Uuid::new_v4();
        live.collected_at = chrono::Utc::now();
        let body = serde_json::to_vec(&live).unwrap();
        let posted = client
            .post(format!("{}/api/v1/reports", collector.url))
            .bearer_auth(&agent)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .unwrap();
        assert_eq!(posted.status(), 201);
        get(&client, url, &cookie, false).0
    };
    println!("{:<52} {:>9} {:>9} {:>9} {:>11} {:>9}", "page", "p50 ms", "max ms", "live p50", "HTML bytes", "gzipped");
    for page in &pages {
        let url = format!("{}{page}", collector.url);
        let mut times = Vec::with_capacity(args.runs);
        let mut size = 0;
        for _ in 0..args.runs {
            let (ms, bytes) = get(&client, &url, &cookie, false);
            times.push(ms);
            size = bytes;
        }
        let (_, gzipped) = get(&client, &url, &cookie, true);
        let mut live: Vec<f64> = (0..args.runs.div_ceil(3)).map(|_| report_then_get(&url)).collect();
        times.sort_by(f64::total_cmp);
        live.sort_by(f64::total_cmp);
        let (p50, max, live) = (times[times.len() / 2], times[times.len() - 1], live[live.len() / 2]);
        println!("{page:<52} {p50:>9.1} {max:>9.1} {live:>9.1} {size:>11} {gzipped:>9}");
    }
}
