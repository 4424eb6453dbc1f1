//! The collector's own metrics (`GET /metrics`): reports by outcome, ingest latency, and
//! gauges of the inventory read when asked.

use std::sync::Arc;
use std::time::Duration;

use arsring_protocol::DeviceKind;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::{AppState, Error, Result};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Kind {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Lifecycle {
    category: &'static str,
    status: &'static str,
}

/// What became of a report, as counted in `arsring_reports`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IngestOutcome {
    Stored,
    Duplicate,
    /// Refused for what it said: the sender must change it.
    Rejected,
    /// The collector could not store it.
    Failed,
}

pub struct Metrics {
    registry: Registry,
    reports: Family<Outcome, Counter>,
    ingest_seconds: Histogram,
    devices: Family<Kind, Gauge>,
    stale: Gauge,
    store_bytes: Gauge,
    lifecycle: Family<Lifecycle, Gauge>,
}

impl Metrics {
    pub fn new() -> Arc<Metrics> {
        let mut registry = Registry::with_prefix("arsring");
        let reports = Family::<Outcome, Counter>::default();
        registry.register(
            "reports",
            "Reports received, by outcome (stored, duplicate, rejected, failed)",
            reports.clone(),
        );
        let ingest_seconds = Histogram::new(exponential_buckets(0.0005, 2.0, 14));
        registry.register(
            "ingest_seconds",
            "Time to decode, validate and durably store a report",
            ingest_seconds.clone(),
        );
        let devices = Family::<Kind, Gauge>::default();
        registry.register("devices", "Devices in the inventory, by kind", devices.clone());
        let stale = Gauge::default();
        registry.register("stale_devices", "Devices not heard from within the stale threshold", stale.clone());
        let store_bytes = Gauge::default();
        registry.register("store_size_bytes", "Size of the sled store on disk", store_bytes.clone());
        let lifecycle = Family::<Lifecycle, Gauge>::default();
        registry.register(
            "lifecycle_items",
            "Devices and parts by category and lifecycle status (e.g. switches past end of security updates)",
            lifecycle.clone(),
        );
        Arc::new(Metrics { registry, reports, ingest_seconds, devices, stale, store_bytes, lifecycle })
    }

    /// Records one report received: what became of it and how long that took.
    pub fn observe_ingest(&self, outcome: IngestOutcome, took: Duration) {
        let outcome = match outcome {
            IngestOutcome::Stored => "stored",
            IngestOutcome::Duplicate => "duplicate",
            IngestOutcome::Rejected => "rejected",
            IngestOutcome::Failed => "failed",
        };
        self.reports.get_or_create(&Outcome { outcome }).inc();
        self.ingest_seconds.observe(took.as_secs_f64());
    }
}

/// The metrics in Prometheus' text format, with the gauges read fresh: device counts from
/// the inventory, lifecycle items from the cached assessment (cheap between changes, and the
/// same figures the pages show).
pub fn exposition(app: &AppState) -> Result<String> {
    let rows = app.rows();
    let m = &app.metrics;
    for kind in DeviceKind::ALL {
        let count = rows.iter().filter(|r| r.kind == Some(kind)).count();
        m.devices.get_or_create(&Kind { kind: kind.as_str() }).set(count as i64);
    }
    if let Ok(items) = super::assessed(app, chrono::Utc::now().date_naive()) {
        m.lifecycle.clear();
        for a in items.iter() {
            let labels = Lifecycle { category: a.item.category.as_str(), status: a.assessment.status.as_str() };
            m.lifecycle.get_or_create(&labels).inc();
        }
    }
    m.stale.set(rows.iter().filter(|r| r.stale).count() as i64);
    m.store_bytes.set(i64::try_from(app.store.size_on_disk()).unwrap_or(i64::MAX));
    let mut body = String::new();
    prometheus_client::encoding::text::encode(&mut body, &m.registry).map_err(Error::internal)?;
    Ok(body)
}
