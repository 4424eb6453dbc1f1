//! `GET /api/v1/summary`: servers by department and site, physical vs virtual, OS versions,
//! patch status, and agents that have gone quiet.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::extract::Query;
use super::format::{Format, csv_response};
use super::openapi::Csv;
use crate::app::{self, AppState};
use crate::inventory::{self, Summary};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    /// Agents silent this many days are listed as stale (1 to 3650, default 7).
    #[param(minimum = 1, maximum = 3650)]
    stale_days: Option<i64>,
    /// `json` (the default) or `csv` (`section,key,measure,value` rows).
    #[serde(default)]
    format: Format,
}

/// The fleet in figures.
///
/// Servers by department and site, physical vs virtual, OS versions, patch status,
/// reboots pending, stale agents, and network devices by site.
#[utoipa::path(
    get,
    path = "/api/v1/summary",
    tag = "inventory",
    params(SummaryQuery),
    responses((status = 200, description = "The summary.", content((Summary = "application/json"), (Csv = "text/csv")))),
)]
pub async fn get(State(app): State<AppState>, Query(query): Query<SummaryQuery>) -> Result<Response, ApiError> {
    let summary = app::inventory::summary(&app, query.stale_days)?;
    Ok(match query.format {
        Format::Csv => csv_response(&long_rows(&summary), "summary"),
        Format::Json => Json(summary).into_response(),
    })
}

/// The summary as `section,key,value` rows, which every spreadsheet can pivot.
#[derive(Serialize)]
struct LongRow {
    section: &'static str,
    key: String,
    measure: &'static str,
    value: String,
}

fn long_rows(s: &Summary) -> Vec<LongRow> {
    let mut rows = Vec::new();
    let mut push = |section, key: String, measure, value: String| rows.push(LongRow { section, key, measure, value });
    let counts = |c: &inventory::PlatformCounts| {
        [
            ("total", c.total),
            ("physical", c.physical),
            ("virtual", c.r#virtual),
            ("container", c.container),
            ("unknown", c.unknown),
        ]
    };
    for (measure, n) in counts(&s.servers) {
        push("servers", "all".into(), measure, n.to_string());
    }
    for (section, groups) in [("department", &s.by_department), ("site", &s.by_site)] {
        for g in groups {
            for (measure, n) in counts(&g.counts) {
                push(section, g.key.clone().unwrap_or_else(|| "(unassigned)".into()), measure, n.to_string());
            }
        }
    }
    for os in &s.os_versions {
        push("os", os.key.clone(), "servers", os.count.to_string());
    }
    for (status, n) in &s.patch_status {
        push("patch_status", status.to_string(), "servers", n.to_string());
    }
    push("reboot_required", "all".into(), "servers", s.reboot_required.to_string());
    push("network", "all".into(), "devices", s.network.total.to_string());
    push("network", "all".into(), "unreachable", s.network.unreachable.to_string());
    for g in &s.network_by_site {
        let site = g.key.clone().unwrap_or_else(|| "(no site)".into());
        push("network_site", site.clone(), "devices", g.counts.total.to_string());
        push("network_site", site, "unreachable", g.counts.unreachable.to_string());
    }
    for a in &s.stale_agents {
        push("stale_agent", a.hostname.clone(), "last_seen", a.last_seen.to_rfc3339());
    }
    rows
}
