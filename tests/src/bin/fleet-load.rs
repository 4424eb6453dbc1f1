//! Loads a generated fleet (`arsring_collector::sample`) into a running collector through
//! `POST /api/v1/reports`, so its API can be measured by hand, e.g. with curl:
//!
//! ```sh
//! cargo build --release -p arsring-collector -p arsring-e2e --bin arsring-collector --bin fleet-load
//! target/release/arsring-collector serve --data-dir /tmp/fleet --listen 127.0.0.1:8443 &
//! TOKEN=$(target/release/arsring-collector token create --role admin --name loader --data-dir /tmp/fleet)
//! target/release/fleet-load --url https://127.0.0.1:8443 --ca /tmp/fleet/tls/ca.pem --token "$TOKEN" \
//!     --servers 8000 --network 12000
//! curl -s -o /dev/null -w '%{size_download} %{time_total}\n' --cacert /tmp/fleet/tls/ca.pem \
//!     -H "Authorization: Bearer $TOKEN" 'https://127.0.0.1:8443/api/v1/devices?limit=500'
//! ```

use std::path::PathBuf;
use std::time::Instant;

use arsring_collector::sample;
use arsring_e2e::https_client;

/// Posts a made-up fleet's reports to a running collector with an admin token.
#[derive(clap::Parser)]
#[command(version)]
struct Args {
    /// The collector, e.g. https://127.0.0.1:8443.
    #[arg(long)]
    url: String,
    /// The collector's CA certificate (`<data-dir>/tls/ca.pem`).
    #[arg(long)]
    ca: PathBuf,
    /// An admin token: only an admin may post reports for any device.
    #[arg(long)]
    token: String,
    /// Servers in the generated fleet.
    #[arg(long, default_value_t = 8000)]
    servers: usize,
    /// Switches, routers and firewalls in the generated fleet.
    #[arg(long, default_value_t = 12000)]
    network: usize,
    /// Concurrent clients posting.
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Reports per device: each round is the fleet an hour later (new report ids). The
    /// total of the bodies posted is printed as `raw_json_bytes N`.
    #[arg(long, default_value_t = 1)]
    rounds: u32,
}

fn main() {
    let args = <Args as clap::Parser>::parse();
    let started = Instant::now();
    let (mut count, mut raw) = (0, 0);
    for round in 0..args.rounds {
        let at = chrono::Utc::now() - chrono::Duration::hours(i64::from(args.rounds - round));
        let reports = sample::fleet(args.servers, args.network, 11, at);
        raw += post(&args, &reports);
        count += reports.len();
    }
    eprintln!("loaded {count} reports in {:.1} s", started.elapsed().as_secs_f64());
    println!("raw_json_bytes {raw}");
}

/// Posts `reports` with the configured clients; answers the bytes of JSON posted.
fn post(args: &Args, reports: &[arsring_protocol::Report]) -> usize {
    let posted = std::sync::atomic::AtomicUsize::new(0);
    let total = &posted;
    std::thread::scope(|scope| {
        for chunk in reports.chunks(reports.len().div_ceil(args.clients.max(1)).max(1)) {
            let args = &args;
            scope.spawn(move || {
                let client = https_client(&args.ca);
                for r in chunk {
                    let body = serde_json::to_vec(r).unwrap();
                    total.fetch_add(body.len(), std::sync::atomic::Ordering::Relaxed);
                    let response = client
                        .post(format!("{}/api/v1/reports", args.url))
                        .bearer_auth(&args.token)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .unwrap();
                    assert!(response.status().is_success(), "{}", response.text().unwrap_or_default());
                }
            });
        }
    });
    posted.into_inner()
}
