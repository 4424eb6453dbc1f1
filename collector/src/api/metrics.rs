//! `GET /metrics`: Prometheus text format.

use std::sync::Arc;
use std::time::Duration;

use arsring_protocol::DeviceKind;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::AppState;

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

    /// Records one POST: the status it answered (or the error status) and how long it took.
    pub fn observe_ingest(&self, status: Result<StatusCode, StatusCode>, took: Duration) {
        let outcome = match status {
            Ok(StatusCode::CREATED) => "stored",
            Ok(_) => "duplicate",
            Err(s) if s.is_client_error() => "rejected",
            Err(_) => "failed",
        };
        self.reports.get_or_create(&Outcome { outcome }).inc();
        self.ingest_seconds.observe(took.as_secs_f64());
    }
}

pub async fn get(State(app): State<AppState>) -> impl IntoResponse {
    let rows = app.rows();
    let m = &app.metrics;
    for kind in [DeviceKind::Server, DeviceKind::Network] {
        let count = rows.iter().filter(|r| r.kind == Some(kind)).count();
        m.devices.get_or_create(&Kind { kind: kind.as_str() }).set(count as i64);
    }
    // The cached assessment: cheap between changes, and the same figures the pages show.
    if let Ok(items) = super::lifecycle::assessed(&app, chrono::Utc::now().date_naive()) {
        m.lifecycle.clear();
        for a in items.iter() {
            let labels = Lifecycle { category: a.item.category.as_str(), status: a.assessment.status.as_str() };
            m.lifecycle.get_or_create(&labels).inc();
        }
    }
    m.stale.set(rows.iter().filter(|r| r.stale).count() as i64);
    m.store_bytes.set(i64::try_from(app.store.size_on_disk()).unwrap_or(i64::MAX));
    let mut body = String::new();
    match prometheus_client::encoding::text::encode(&mut body, &m.registry) {
        Ok(()) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}
