//! Report decoding benchmark: what the collector does to every report body before storing
//! it (`arsring_protocol::decode_report`: the duplicate-key scan, the typed decode that
//! names the bad field, the checks), beside plain serde_json on the same bytes: into a
//! `serde_json::Value` and straight into the `Report` types with no checks at all (the floor
//! for any decoder of this format). One thread, reports as the agents send them.
//!
//! ```sh
//! cargo build --release -p arsring-e2e --bin decode-bench
//! target/release/decode-bench --seconds 2
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use arsring_collector::sample;
use arsring_protocol::{Report, decode_report, strict};
use uuid::Uuid;

/// Microseconds per report of the collector's decoder beside plain serde_json.
#[derive(clap::Parser)]
#[command(version)]
struct Args {
    /// How long each measurement runs, in seconds (more than 0, at most an hour).
    #[arg(long, default_value = "2", value_parser = seconds)]
    seconds: Duration,
}

fn seconds(text: &str) -> Result<Duration, String> {
    let s: f64 = text.parse().map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if s > 0.0 && s <= 3600.0 {
        Ok(Duration::from_secs_f64(s))
    } else {
        Err("must be more than 0 and at most 3600".into())
    }
}

fn main() {
    let args = <Args as clap::Parser>::parse();
    let at = chrono::Utc::now() - chrono::Duration::minutes(5);
    let mut fleet = sample::fleet(1, 1, 11, at);
    let network = fleet.pop().unwrap();
    let generated_server = fleet.pop().unwrap();
    let reports = [
        ("server (example)", arsring_protocol::example_report(Uuid::new_v4(), Uuid::new_v4(), at)),
        ("server (sample fleet)", generated_server),
        ("network (sample fleet)", network),
        ("VM (vSphere)", arsring_protocol::example_vm_report(Uuid::new_v4(), Uuid::new_v4(), at)),
    ];
    let budget = args.seconds;
    println!(
        "| report | bytes | decode_report µs | duplicate-key scan µs | serde_json Value µs | serde_json Report µs | decode / typed |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (name, report) in reports {
        let body = serde_json::to_vec(&report).unwrap();
        let now = chrono::Utc::now();
        decode_report(&body, now).unwrap_or_else(|err| panic!("{name}: {err}"));
        let full = per_call(budget, || drop(black_box(decode_report(black_box(&body), now))));
        let scan = per_call(budget, || drop(black_box(strict::no_duplicate_keys(black_box(&body)))));
        let value = per_call(budget, || drop(black_box(serde_json::from_slice::<serde_json::Value>(black_box(&body)))));
        let typed = per_call(budget, || drop(black_box(serde_json::from_slice::<Report>(black_box(&body)))));
        println!("| {name} | {} | {full:.1} | {scan:.1} | {value:.1} | {typed:.1} | {:.2} |", body.len(), full / typed);
    }
}

/// Microseconds per call of `f`, called for about `budget` after a short warm-up.
fn per_call(budget: Duration, mut f: impl FnMut()) -> f64 {
    for _ in 0..100 {
        f();
    }
    let (started, mut calls) = (Instant::now(), 0u64);
    while started.elapsed() < budget {
        for _ in 0..100 {
            f();
        }
        calls += 100;
    }
    started.elapsed().as_secs_f64() * 1e6 / calls as f64
}
