//! `/api/v1/costs/…`: the cost model (import, current, history), the charge report of a
//! year, the servers a department is charged for, and possible savings. CSV in two
//! flavours: `format=csv` (comma) and `format=csv&dialect=sv` (Swedish Excel).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::Query;
use super::format::{Dialect, Download, Format, FormatQuery, csv_dialect_response, csv_response, xlsx_response};
use super::openapi::{CostsToml, Csv, Workbook};
use crate::app::AppState;
use crate::app::costs::{self, ModelImport, VersionList};
use crate::costs::engine;
use crate::costs::savings::Thresholds;
use crate::export::workbooks;
use crate::tokens::Caller;
use arsring_protocol::ErrorBody;

pub fn read_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(model))
        .routes(routes!(history))
        .routes(routes!(report))
        .routes(routes!(servers))
        .routes(routes!(savings))
}

pub fn admin_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_model))
}

/// Stores a new version of the cost model when it differs from the current one.
/// The servers each department is charged for, pool by pool, and how each was placed.
#[utoipa::path(
    post,
    path = "/api/v1/costs/model",
    tag = "costs",
    request_body(content = CostsToml, content_type = "application/toml"),
    responses(
        (status = 200, description = "Stored as a new version, or unchanged.", body = ModelImport),
        (status = 422, description = "Not a valid cost model; `field` names what is wrong.", body = ErrorBody),
    ),
)]
async fn import_model(
    State(app): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Json<ModelImport>, ApiError> {
    let text = String::from_utf8(body.to_vec()).map_err(|_| ApiError::bad_query("", "costs.toml must be UTF-8"))?;
    Ok(Json(costs::import_model(&app, text, &caller.name).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AsOfQuery {
    /// The cost model in force on this day (YYYY-MM-DD), not today's.
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
}

/// The cost model in force, as imported.
#[derive(Serialize, utoipa::ToSchema)]
struct ModelSource {
    at: DateTime<Utc>,
    by: String,
    source: String,
}

/// The cost model in force on a day (default today), as imported.
#[utoipa::path(
    get,
    path = "/api/v1/costs/model",
    tag = "costs",
    params(AsOfQuery),
    responses(
        (status = 200, description = "The cost model's text, who imported it and when.", body = ModelSource),
        (status = 404, description = "No cost model was in force then.", body = ErrorBody),
    ),
)]
async fn model(State(app): State<AppState>, Query(q): Query<AsOfQuery>) -> Result<Json<ModelSource>, ApiError> {
    let v = costs::version(&app, q.as_of)?;
    Ok(Json(ModelSource { at: v.at, by: v.by, source: v.source }))
}

/// Every version of the cost model, newest last.
#[utoipa::path(
    get,
    path = "/api/v1/costs/model/history",
    tag = "costs",
    params(FormatQuery),
    responses((status = 200, description = "The versions.", content((VersionList = "application/json"), (Csv = "text/csv")))),
)]
async fn history(State(app): State<AppState>, Query(q): Query<FormatQuery>) -> Result<Response, ApiError> {
    let versions = costs::versions(&app);
    Ok(match q.format {
        Format::Json => Json(VersionList { count: versions.len(), versions }).into_response(),
        Format::Csv => {
            /// One version as a CSV row: the years it holds as `2025 2026`.
            #[derive(Serialize)]
            struct Row<'a> {
                at: DateTime<Utc>,
                by: &'a str,
                years: String,
            }
            let rows: Vec<Row> = versions
                .iter()
                .map(|v| {
                    let years: Vec<String> = v.years.iter().map(i32::to_string).collect();
                    Row { at: v.at, by: &v.by, years: years.join(" ") }
                })
                .collect();
            csv_response(&rows, "cost-model-history")
        }
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ReportQuery {
    year: Option<i32>,
    /// The cost model in force on this day (YYYY-MM-DD), not today's.
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    /// `json` (the default), `csv` or `xlsx`.
    #[serde(default)]
    format: Download,
    /// The CSV's flavour: `plain` (comma) or `sv` (semicolon, decimal comma).
    #[serde(default)]
    dialect: Dialect,
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

/// The charge report of a year: every department's lines, pool by pool, summing exactly to
/// each pool (debiteringsunderlag).
#[utoipa::path(
    get,
    path = "/api/v1/costs/report",
    tag = "costs",
    params(ReportQuery),
    responses(
        (
            status = 200,
            description = "The report.",
            content(
                (costs::ChargesAnswer = "application/json"),
                (Csv = "text/csv"),
                (Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ),
        ),
        (status = 404, description = "No cost model was in force then.", body = ErrorBody),
    ),
)]
async fn report(State(app): State<AppState>, Query(q): Query<ReportQuery>) -> Result<Response, ApiError> {
    let charges = costs::charges(&app, q.year, q.as_of)?;
    Ok(match q.format {
        Download::Json => Json(charges.answer()).into_response(),
        Download::Xlsx => {
            let (model, report) = (&charges.version.model, &charges.report);
            let names: std::collections::BTreeMap<&str, &str> =
                model.departments.iter().map(|d| (d.id.as_str(), d.name.as_str())).collect();
            let version = format!("av {} ({})", charges.version.at.format("%Y-%m-%d %H:%M UTC"), charges.version.by);
            xlsx_response(
                &workbooks::charges(report, &names, &version),
                &format!("debiteringsunderlag-{}", report.year),
            )
        }
        Download::Csv => {
            let (model, report) = (&charges.version.model, &charges.report);
            let names: std::collections::BTreeMap<&str, &str> =
                model.departments.iter().map(|d| (d.id.as_str(), d.name.as_str())).collect();
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
                    method: l.method.as_str(),
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ServersQuery {
    year: Option<i32>,
    department: Option<String>,
    /// The cost model in force on this day (YYYY-MM-DD), not today's.
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    /// `json` (the default) or `csv`.
    #[serde(default)]
    format: Format,
    /// The CSV's flavour: `plain` (comma) or `sv` (semicolon, decimal comma).
    #[serde(default)]
    dialect: Dialect,
}

#[derive(Serialize)]
struct ServerRow<'a> {
    hostname: &'a str,
    device_id: uuid::Uuid,
    department: &'a str,
    pool: &'a str,
    class: Option<&'static str>,
    /// 1 for a head count, days for pro rata.
    units: i64,
    placed_by: &'a str,
    cost_per_year_sek: String,
}

/// Every server the year's charge counts, with its department, pool and cost a year.
///
/// Each says what placed it in its department (an ownership rule, a register, a tag).
#[utoipa::path(
    get,
    path = "/api/v1/costs/servers",
    tag = "costs",
    params(ServersQuery),
    responses(
        (status = 200, description = "The servers charged.", content((costs::ChargedServers = "application/json"), (Csv = "text/csv"))),
        (status = 404, description = "No cost model was in force then.", body = ErrorBody),
    ),
)]
async fn servers(State(app): State<AppState>, Query(q): Query<ServersQuery>) -> Result<Response, ApiError> {
    let charged = costs::charged_servers(&app, q.year, q.as_of, q.department.as_deref())?;
    Ok(match q.format {
        Format::Json => Json(charged).into_response(),
        Format::Csv => {
            let rows: Vec<ServerRow> = charged
                .servers
                .iter()
                .map(|s| ServerRow {
                    hostname: &s.hostname,
                    device_id: s.device_id,
                    department: &s.department,
                    pool: &s.pool,
                    class: s.class.map(|c| c.as_str()),
                    units: s.units,
                    placed_by: &s.placed_by,
                    cost_per_year_sek: q.dialect.amount(s.cost_per_year),
                })
                .collect();
            csv_dialect_response(&rows, "charged-servers", q.dialect)
        }
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct SavingsQuery {
    year: Option<i32>,
    window_days: Option<u32>,
    cpu_below: Option<f64>,
    net_below_mb_per_day: Option<u64>,
    /// `json` (the default) or `csv`.
    #[serde(default)]
    format: Format,
    /// The CSV's flavour: `plain` (comma) or `sv` (semicolon, decimal comma).
    #[serde(default)]
    dialect: Dialect,
}

/// Servers that cost money and do little: candidates to switch off or merge.
#[utoipa::path(
    get,
    path = "/api/v1/costs/savings",
    tag = "costs",
    params(SavingsQuery),
    responses(
        (status = 200, description = "The candidates.", content((costs::Savings = "application/json"), (Csv = "text/csv"))),
        (status = 404, description = "No cost model was in force then.", body = ErrorBody),
    ),
)]
async fn savings(State(app): State<AppState>, Query(q): Query<SavingsQuery>) -> Result<Response, ApiError> {
    let defaults = Thresholds::default();
    let thresholds = Thresholds {
        window_days: q.window_days.unwrap_or(defaults.window_days).clamp(1, 366),
        cpu_below: q.cpu_below.unwrap_or(defaults.cpu_below),
        net_below_mb_per_day: q.net_below_mb_per_day.unwrap_or(defaults.net_below_mb_per_day),
        ..defaults
    };
    let found = costs::savings(&app, q.year, thresholds)?;
    Ok(match q.format {
        Format::Json => Json(found).into_response(),
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
                .servers
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
