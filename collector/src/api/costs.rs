//! `/api/v1/costs/…`: the cost model (import, current, history), the charge report of a
//! year, the servers a department is charged for, and possible savings. CSV in two
//! flavours: `format=csv` (comma) and `format=csv&dialect=sv` (Swedish Excel).

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::AppState;
use super::error::ApiError;
use super::format::{Dialect, Format, FormatQuery, csv_dialect_response, csv_response};
use crate::costs::engine::{self, Report};
use crate::costs::facts::server_facts;
use crate::costs::savings::{self, Thresholds};
use crate::costs::servers::{ServerFacts, count_day, driver};
use crate::registers::{COSTS, CostVersion};
use crate::tokens::Caller;

pub fn read_routes() -> Router<AppState> {
    use axum::routing::get;
    Router::new()
        .route("/api/v1/costs/model", get(model))
        .route("/api/v1/costs/model/history", get(history))
        .route("/api/v1/costs/report", get(report))
        .route("/api/v1/costs/servers", get(servers))
        .route("/api/v1/costs/savings", get(savings))
}

pub fn admin_routes() -> Router<AppState> {
    Router::new().route("/api/v1/costs/model", axum::routing::post(import_model))
}

/// Stores a new version of the cost model when it differs from the current one.
async fn import_model(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let text = String::from_utf8(body.to_vec()).map_err(|_| ApiError::bad_query("", "costs.toml must be UTF-8"))?;
    let model = crate::costs::parse::parse(&text).map_err(|e| {
        let field = e.line.map(|l| format!("line {l}")).unwrap_or_default();
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, field, e.to_string())
    })?;
    let _writing = app.register_lock.lock().await;
    let mut history = app.registers.get().costs.clone();
    let unchanged = history.latest().is_some_and(|v| v.model == model);
    if !unchanged {
        history.versions.push(CostVersion {
            at: Utc::now(),
            by: caller.name.clone(),
            source: text,
            model: model.clone(),
        });
        let bytes = serde_json::to_vec(&history).map_err(|e| ApiError::internal(e.into()))?;
        app.store.put_register(COSTS, bytes).await.map_err(ApiError::internal)?;
        app.registers.update(move |r| r.costs = history);
    }
    let years: Vec<i32> = model.years.iter().map(|y| y.year).collect();
    Ok(Json(json!({"stored": !unchanged, "by": caller.name, "years": years, "departments": model.departments.len()})))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AsOfQuery {
    as_of: Option<NaiveDate>,
}

/// End of the `as_of` day (the model in force then), or now.
pub fn moment(as_of: Option<NaiveDate>) -> DateTime<Utc> {
    as_of.and_then(|d| d.and_hms_opt(23, 59, 59)).map_or_else(Utc::now, |t| t.and_utc())
}

fn version(app: &AppState, as_of: Option<NaiveDate>) -> Result<CostVersion, ApiError> {
    let registers = app.registers.get();
    registers.costs.effective(moment(as_of)).cloned().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "",
            "no cost model was in force then; import one with arsring-collector costs import",
        )
    })
}

async fn model(
    State(app): State<AppState>,
    query: Result<Query<AsOfQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let v = version(&app, q.as_of)?;
    Ok(Json(json!({"at": v.at, "by": v.by, "source": v.source})).into_response())
}

/// One stored version of the cost model, as a CSV row.
#[derive(Serialize)]
struct VersionRow<'a> {
    at: DateTime<Utc>,
    by: &'a str,
    /// The years the version holds, e.g. `2025 2026`.
    years: String,
}

async fn history(
    State(app): State<AppState>,
    query: Result<Query<FormatQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let registers = app.registers.get();
    let versions = &registers.costs.versions;
    let years = |v: &CostVersion| v.model.years.iter().map(|y| y.year).collect::<Vec<_>>();
    Ok(match q.format {
        Format::Json => {
            let versions: Vec<serde_json::Value> =
                versions.iter().map(|v| json!({"at": v.at, "by": v.by, "years": years(v)})).collect();
            Json(json!({"count": versions.len(), "versions": versions})).into_response()
        }
        Format::Csv => {
            let rows: Vec<VersionRow> = versions
                .iter()
                .map(|v| {
                    let years: Vec<String> = years(v).iter().map(i32::to_string).collect();
                    VersionRow { at: v.at, by: &v.by, years: years.join(" ") }
                })
                .collect();
            csv_response(&rows, "cost-model-history")
        }
    })
}

/// Every server's facts, from the latest records and their histories.
fn fleet(app: &AppState) -> Result<Vec<ServerFacts>, ApiError> {
    let registers = app.registers.get();
    let assets = registers.assets.index();
    let mut out = Vec::new();
    for record in app.store.devices() {
        if record.kind != arsring_protocol::DeviceKind::Server {
            continue;
        }
        let history = app.store.history(record.device_id).map_err(ApiError::internal)?;
        out.extend(server_facts(&record, &history, &assets));
    }
    Ok(out)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportQuery {
    year: Option<i32>,
    as_of: Option<NaiveDate>,
    #[serde(default)]
    format: Format,
    #[serde(default)]
    dialect: Dialect,
}

pub fn build_report(
    app: &AppState,
    year: Option<i32>,
    as_of: Option<NaiveDate>,
) -> Result<(CostVersion, Report, Vec<ServerFacts>), ApiError> {
    let version = version(app, as_of)?;
    let today = moment(as_of).date_naive();
    let servers = fleet(app)?;
    let report = engine::report(&version.model, year.unwrap_or(today.year()), &servers, today)
        .map_err(|e| ApiError::bad_query("year", e.to_string()))?;
    Ok((version, report, servers))
}

/// One charge line as a CSV row.
#[derive(Serialize)]
struct LineRow<'a> {
    year: i32,
    entity: &'a str,
    department: &'a str,
    department_name: &'a str,
    pool: &'a str,
    pool_name: &'a str,
    method: &'a str,
    driver: &'a str,
    quantity: i64,
    unit_price_sek: String,
    amount_sek: String,
}

async fn report(
    State(app): State<AppState>,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let (version, report, _) = build_report(&app, q.year, q.as_of)?;
    Ok(match q.format {
        Format::Json => Json(json!({"model": {"at": version.at, "by": version.by}, "report": report})).into_response(),
        Format::Csv => {
            let names: std::collections::BTreeMap<&str, &str> =
                version.model.departments.iter().map(|d| (d.id.as_str(), d.name.as_str())).collect();
            let rows: Vec<LineRow> = report
                .lines
                .iter()
                .map(|l| LineRow {
                    year: report.year,
                    entity: l.entity.as_deref().unwrap_or(engine::UNASSIGNED),
                    department: l.department.as_deref().unwrap_or(""),
                    department_name: l.department.as_deref().and_then(|d| names.get(d).copied()).unwrap_or(""),
                    pool: &l.pool,
                    pool_name: &l.pool_name,
                    method: l.method,
                    driver: &l.driver,
                    quantity: l.quantity,
                    unit_price_sek: l.unit_price.map(|p| q.dialect.amount(p)).unwrap_or_default(),
                    amount_sek: q.dialect.amount(l.amount),
                })
                .collect();
            csv_dialect_response(&rows, &format!("charges-{}", report.year), q.dialect)
        }
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServersQuery {
    year: Option<i32>,
    department: Option<String>,
    as_of: Option<NaiveDate>,
    #[serde(default)]
    format: Format,
    #[serde(default)]
    dialect: Dialect,
}

#[derive(Serialize)]
struct ServerRow {
    hostname: String,
    device_id: uuid::Uuid,
    department: String,
    pool: String,
    class: Option<&'static str>,
    /// 1 for a head count, days for pro rata.
    units: i64,
    placed_by: String,
    cost_per_year_sek: String,
}

/// The servers each department is charged for, pool by pool, and how each was placed.
async fn servers(
    State(app): State<AppState>,
    query: Result<Query<ServersQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let (version, report, servers) = build_report(&app, q.year, q.as_of)?;
    let model = &version.model;
    let year = model.year(report.year).ok_or_else(|| ApiError::bad_query("year", "no such year"))?;
    let mut rows = Vec::new();
    for s in &servers {
        let cost = q.dialect.amount(savings::server_cost(model, &report, s));
        for pool in &year.pools {
            for (department, units, source) in driver(model, s, &pool.counting, report.year, report.today) {
                let department = department.unwrap_or_else(|| engine::UNASSIGNED.into());
                if q.department.as_ref().is_some_and(|d| *d != department) {
                    continue;
                }
                rows.push(ServerRow {
                    hostname: s.hostname.clone(),
                    device_id: s.device_id,
                    department,
                    pool: pool.id.clone(),
                    class: s.class.map(|c| match c {
                        crate::costs::model::ServerClass::Physical => "physical",
                        crate::costs::model::ServerClass::Virtual => "virtual",
                    }),
                    units: i64::try_from(units).unwrap_or(i64::MAX),
                    placed_by: source,
                    cost_per_year_sek: cost.clone(),
                });
            }
        }
    }
    rows.sort_by(|a, b| (&a.department, &a.hostname, &a.pool).cmp(&(&b.department, &b.hostname, &b.pool)));
    let counted_on = year.pools.first().map(|p| count_day(&p.counting, report.year, report.today));
    Ok(match q.format {
        Format::Csv => csv_dialect_response(&rows, "charged-servers", q.dialect),
        Format::Json => {
            Json(json!({"year": report.year, "counted_on": counted_on, "count": rows.len(), "servers": rows}))
                .into_response()
        }
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavingsQuery {
    year: Option<i32>,
    window_days: Option<u32>,
    cpu_below: Option<f64>,
    net_below_mb_per_day: Option<u64>,
    #[serde(default)]
    format: Format,
    #[serde(default)]
    dialect: Dialect,
}

async fn savings(
    State(app): State<AppState>,
    query: Result<Query<SavingsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let defaults = Thresholds::default();
    let thresholds = Thresholds {
        window_days: q.window_days.unwrap_or(defaults.window_days).clamp(1, 366),
        cpu_below: q.cpu_below.unwrap_or(defaults.cpu_below),
        net_below_mb_per_day: q.net_below_mb_per_day.unwrap_or(defaults.net_below_mb_per_day),
        ..defaults
    };
    if !(0.0..=1.0).contains(&thresholds.cpu_below) {
        return Err(ApiError::bad_query("cpu_below", "a share between 0 and 1"));
    }
    let (version, report, servers) = build_report(&app, q.year, None)?;
    let now = Utc::now();
    let since = now - chrono::Duration::days(i64::from(thresholds.window_days));
    let with_usage: Vec<(ServerFacts, Vec<crate::store::UsageSample>)> = servers
        .into_iter()
        .map(|s| {
            let usage = app.store.usage(s.device_id, since).unwrap_or_default();
            (s, usage)
        })
        .collect();
    let found = savings::candidates(&version.model, &report, &with_usage, &thresholds, now);
    let total: i64 = found.iter().map(|c| c.cost_per_year).sum();
    Ok(match q.format {
        Format::Json => Json(json!({"thresholds": {"window_days": thresholds.window_days, "cpu_below": thresholds.cpu_below,
            "net_below_mb_per_day": thresholds.net_below_mb_per_day}, "count": found.len(), "cost_per_year": total, "servers": found}))
        .into_response(),
        Format::Csv => {
            #[derive(Serialize)]
            struct Row<'a> {
                hostname: &'a str,
                department: &'a str,
                avg_cpu_busy: f64,
                net_mb_per_day: f64,
                observed_days: f64,
                cost_per_year_sek: String,
            }
            let rows: Vec<Row> = found
                .iter()
                .map(|c| Row {
                    hostname: &c.hostname,
                    department: c.department.as_deref().unwrap_or(engine::UNASSIGNED),
                    avg_cpu_busy: c.avg_cpu_busy,
                    net_mb_per_day: c.net_mb_per_day,
                    observed_days: c.observed_days,
                    cost_per_year_sek: q.dialect.amount(c.cost_per_year),
                })
                .collect();
            csv_dialect_response(&rows, "possible-savings", q.dialect)
        }
    })
}
