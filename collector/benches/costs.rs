//! The charge report for 10 000 servers, 200 departments, 20 pools and 20 ownership rules
//! (pure engine), timed best of 5, with the process's peak memory.
//!
//! ```sh
//! cargo bench -p arsring-collector --bench costs
//! ```

use std::time::{Duration, Instant};

use arsring_collector::costs::engine;
use arsring_collector::costs::model::*;
use arsring_collector::costs::servers::ServerFacts;
use chrono::NaiveDate;
use uuid::Uuid;

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

// Long on purpose: the benchmark's setup and its measurements in the order they run.
fn main() {
    let mut rng = Lcg(7);
    let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    let entities: Vec<Entity> =
        (0..10).map(|i| Entity { id: format!("e{i:02}"), name: format!("Member {i}") }).collect();
    let departments: Vec<Department> = (0..200)
        .map(|i| Department {
            id: format!("d{i:03}"),
            name: format!("Department {i}"),
            entity: format!("e{:02}", i % 10),
        })
        .collect();
    let key = Key {
        line: 1,
        id: "members".into(),
        name: "Employees + pupils".into(),
        weights: entities.iter().map(|e| (e.id.clone(), 100 + rng.below(5000) as i64)).collect(),
    };
    let counting = |pro_rata| Counting {
        platforms: Platforms::Both,
        as_of: None,
        seen_within_days: None,
        pro_rata,
        powered_off: PoweredOff::Count,
        vms_by: None,
    };
    let pools: Vec<Pool> = (0..20)
        .map(|i| {
            let method = match i % 6 {
                0 => Method::UnitPrice { price: 1_200_000, by_class: [(ServerClass::Physical, 2_400_000)].into() },
                1 => Method::PerServer,
                2 => Method::Consumption { measure: Measure::Vcpu },
                3 => Method::Key { key: "members".into() },
                4 => Method::Equal { between: entities.iter().map(|e| e.id.clone()).collect() },
                _ => Method::Direct { to: "d000".into() },
            };
            let amount =
                (!matches!(method, Method::UnitPrice { .. })).then_some(100_000_000 + rng.below(100_000_000) as i64);
            Pool {
                line: i,
                id: format!("pool{i:02}"),
                name: format!("Pool {i}"),
                amount,
                method,
                counting: counting(i % 4 == 1),
            }
        })
        .collect();
    let model = CostModel {
        entities,
        departments,
        // Ten host-name rules that match nothing, then ten subnet rules that place a tenth of the
        // servers each: the worst case, every server checked against most rules.
        rules: (0..20)
            .map(|i| OwnershipRule {
                line: 200 + i,
                department: format!("d{:03}", i * 7),
                hostname: (i < 10).then(|| format!("nomatch-{i}-*")),
                subnet: (i >= 10).then(|| format!("10.20.{}.0/24", (i - 10) * 4).parse().unwrap()),
                site: None,
                folder: None,
                tag: None,
                attribute: None,
            })
            .collect(),
        years: vec![Year {
            year: 2025,
            pools,
            keys: vec![key],
            settlement: Some(Settlement { line: 99, outcome: -250_000_000, key: "members".into() }),
        }],
    };
    let servers: Vec<ServerFacts> = (0..10_000u128)
        .map(|n| {
            let mut timeline = vec![(day(1, 1), Some(format!("d{:03}", rng.below(200))))];
            if n % 50 == 0 {
                timeline.push((day(7, 1), Some(format!("d{:03}", rng.below(200)))));
            }
            ServerFacts {
                device_id: Uuid::from_u128(n),
                hostname: format!("srv{n:05}"),
                site: None,
                class: Some(if n % 3 == 0 { ServerClass::Physical } else { ServerClass::Virtual }),
                vcpu: 2 + rng.below(30) as u32,
                ram_bytes: (4 + rng.below(252)) << 30,
                disk_bytes: (50 + rng.below(2000)) << 30,
                first_seen: day(1, 1),
                last_seen: day(12, 31),
                tag_timeline: timeline,
                asset_department: None,
                addresses: vec![std::net::IpAddr::from([10, 20, (n / 250) as u8, (n % 250) as u8 + 1])],
                vsphere: None,
            }
        })
        .collect();
    let mut best = Duration::MAX;
    let mut report = None;
    for _ in 0..5 {
        let started = Instant::now();
        report = Some(engine::report(&model, 2025, &servers, day(12, 31)).expect("valid model"));
        best = best.min(started.elapsed());
    }
    let report = report.unwrap();
    let peak: f64 = std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:").and_then(|v| v.split_whitespace().next()?.parse().ok()))
        .unwrap_or(0.0);
    println!(
        "charge report: 10 000 servers, 200 departments, 20 pools + settlement: {:.1} ms (best of 5), {} lines, peak RSS {:.0} MiB",
        best.as_secs_f64() * 1e3,
        report.lines.len(),
        peak / 1024.0
    );
}
