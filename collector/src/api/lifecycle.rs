//! `/api/v1/lifecycle/…`: statuses, the share past end of life, the heat map and its cells,
//! the outdated network devices, the renewal plan. Each also answers `?format=csv`;
//! `as_of=YYYY-MM-DD` assesses as of another day (a report re-run as it was, or a look ahead).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use super::error::ApiError;
use super::extract::Query;
use super::format::{Download, Format, csv_response, csv_table, xlsx_response};
use super::openapi::{Csv, Workbook};
use crate::app::lifecycle::{
    HeatmapAnswer, ItemsAnswer, OutdatedAnswer, PlanAnswer, PlanRequest, assessed_on, day, horizon, plan_input,
};
use crate::app::{self, AppState};
use crate::export::workbooks;
use crate::lifecycle::heatmap::{self, Column, RowBy};
use crate::lifecycle::model::{Category, Project};
use crate::lifecycle::plan::plan as make_plan;
use crate::lifecycle::status::Status;
use crate::lifecycle::{Assessed, ItemFilter, ItemRow, item_row, outdated};
use crate::money::{format_sek, parse_sek};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ItemsQuery {
    project: Option<Project>,
    /// A category, e.g. `switch`, `server`, `disk`.
    category: Option<String>,
    status: Option<Status>,
    device_id: Option<uuid::Uuid>,
    /// Assess as of this day (YYYY-MM-DD) instead of today.
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    /// `json` (the default) or `csv`.
    #[serde(default)]
    format: Format,
}

/// Every lifecycle item (chassis, parts, OS, firmware) with its status and where its dates
/// came from.
/// The cyclic renewal plan for a yearly budget. Amounts in the JSON are öre; the CSV has SEK.
#[utoipa::path(
    get,
    path = "/api/v1/lifecycle/items",
    tag = "lifecycle",
    params(ItemsQuery),
    responses((status = 200, description = "The items.", content((ItemsAnswer<Assessed> = "application/json"), (Csv = "text/csv")))),
)]
pub async fn list(State(app): State<AppState>, Query(q): Query<ItemsQuery>) -> Result<Response, ApiError> {
    let category = match &q.category {
        Some(c) => {
            Some(Category::parse(c).ok_or_else(|| ApiError::bad_query("category", format!("unknown category {c:?}")))?)
        }
        None => None,
    };
    let filter = ItemFilter { project: q.project, category, status: q.status, device_id: q.device_id };
    let (all, today) = assessed_on(&app, q.as_of)?;
    let selected = all.iter().filter(|a| filter.matches(a));
    Ok(match q.format {
        Format::Csv => csv_response(&selected.map(|a| item_row(a, today)).collect::<Vec<_>>(), "lifecycle-items"),
        Format::Json => {
            let items: Vec<&Assessed> = selected.collect();
            Json(ItemsAnswer { as_of: today, count: items.len(), items }).into_response()
        }
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AsOfQuery {
    /// Assess as of this day (YYYY-MM-DD) instead of today.
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    /// `json` (the default) or `csv`.
    #[serde(default)]
    format: Format,
}

/// The share of items and devices past end of life: the overview's headline figure.
#[utoipa::path(
    get,
    path = "/api/v1/lifecycle/summary",
    tag = "lifecycle",
    params(AsOfQuery),
    responses((status = 200, description = "The share.", content((crate::app::lifecycle::ShareAnswer = "application/json"), (Csv = "text/csv")))),
)]
pub async fn share(State(app): State<AppState>, Query(q): Query<AsOfQuery>) -> Result<Response, ApiError> {
    let answer = app::lifecycle::share(&app, q.as_of)?;
    Ok(match q.format {
        Format::Json => Json(answer).into_response(),
        Format::Csv => csv_response(&[answer], "end-of-life-share"),
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HeatmapQuery {
    /// What a row is (default `site`).
    rows: Option<RowBy>,
    project: Option<Project>,
    /// Years ahead, 0 to 30 (default from the configuration).
    #[param(maximum = 30)]
    years: Option<u32>,
    /// Assess as of this day (YYYY-MM-DD) instead of today.
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    /// For `/heatmap/cell`: the row (absent for the row of items without the attribute).
    key: Option<String>,
    /// For `/heatmap/cell`: `overdue` or a year.
    column: Option<String>,
    /// `json` (the default) or `csv`.
    #[serde(default)]
    format: Format,
}

/// End-of-life items per row (site, category…) and year, with their replacement cost.
#[utoipa::path(
    get,
    path = "/api/v1/lifecycle/heatmap",
    tag = "lifecycle",
    params(HeatmapQuery),
    responses((status = 200, description = "The heat map.", content((HeatmapAnswer = "application/json"), (Csv = "text/csv")))),
)]
pub async fn heatmap(State(app): State<AppState>, Query(q): Query<HeatmapQuery>) -> Result<Response, ApiError> {
    let (years, by) = (horizon(&app, q.years)?, q.rows.unwrap_or(RowBy::Site));
    let (all, today) = assessed_on(&app, q.as_of)?;
    let map = heatmap::heatmap(&all, by, q.project, years, today);
    Ok(match q.format {
        Format::Json => Json(HeatmapAnswer { as_of: today, heatmap: map }).into_response(),
        Format::Csv => {
            let mut headers = vec![format!("{by:?}").to_lowercase()];
            for c in &map.columns {
                headers.push(format!("{} count", c.label()));
                headers.push(format!("{} cost SEK", c.label()));
            }
            headers.extend(["unknown date".to_string(), "later".to_string()]);
            let rows: Vec<Vec<String>> = map
                .rows
                .iter()
                .map(|r| {
                    let mut cells = vec![r.key.clone().unwrap_or_else(|| "(none)".into())];
                    for c in &r.cells {
                        cells.push(c.count.to_string());
                        cells.push(format_sek(c.cost_ore));
                    }
                    cells.extend([r.unknown.to_string(), r.later.to_string()]);
                    cells
                })
                .collect();
            csv_table(&headers, &rows, "heatmap")
        }
    })
}

/// The items of one heat map cell (`key`, `column`).
#[utoipa::path(
    get,
    path = "/api/v1/lifecycle/heatmap/cell",
    tag = "lifecycle",
    params(HeatmapQuery),
    responses((status = 200, description = "The cell's items.", content((ItemsAnswer<ItemRow> = "application/json"), (Csv = "text/csv")))),
)]
pub async fn cell(State(app): State<AppState>, Query(q): Query<HeatmapQuery>) -> Result<Response, ApiError> {
    let (years, by) = (horizon(&app, q.years)?, q.rows.unwrap_or(RowBy::Site));
    let column = q.column.as_deref().ok_or_else(|| ApiError::bad_query("column", "required: overdue or a year"))?;
    let column = Column::parse(column).ok_or_else(|| ApiError::bad_query("column", "overdue or a year"))?;
    let (all, today) = assessed_on(&app, q.as_of)?;
    let items = heatmap::cell(&all, by, q.key.as_deref(), column, q.project, years, today);
    let rows: Vec<ItemRow> = items.iter().map(|a| item_row(a, today)).collect();
    Ok(match q.format {
        Format::Csv => csv_response(&rows, "heatmap-cell"),
        Format::Json => Json(ItemsAnswer { as_of: today, count: rows.len(), items: rows }).into_response(),
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutdatedQuery {
    /// Assess as of this day (YYYY-MM-DD) instead of today.
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    /// `json` (the default), `csv` or `xlsx`.
    #[serde(default)]
    format: Download,
}

/// Network devices past end of life or support, worst first, with what they connect to.
#[utoipa::path(
    get,
    path = "/api/v1/lifecycle/outdated",
    tag = "lifecycle",
    params(OutdatedQuery),
    responses((
        status = 200,
        description = "The outdated network devices.",
        content((OutdatedAnswer = "application/json"), (Csv = "text/csv"), (Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
    )),
)]
pub async fn outdated(State(app): State<AppState>, Query(q): Query<OutdatedQuery>) -> Result<Response, ApiError> {
    let (all, today) = assessed_on(&app, q.as_of)?;
    let devices = outdated::outdated(&all, today, &crate::app::fleet(&app).topology);
    Ok(match q.format {
        Download::Csv => csv_response(&devices, "outdated-network-devices"),
        Download::Xlsx => xlsx_response(&workbooks::outdated(&devices, today), "foraldrade-natverksenheter"),
        Download::Json => Json(OutdatedAnswer { as_of: today, count: devices.len(), devices }).into_response(),
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PlanQuery {
    /// The yearly budget in SEK, e.g. `2000000` or `2 000 000`.
    budget_sek: String,
    /// Years to plan (default 10).
    years: Option<u32>,
    /// At most this many replacements a year.
    max_units: Option<u32>,
    project: Option<Project>,
    /// The plan's first year (default: this year).
    start_year: Option<i32>,
    /// Assess as of this day (YYYY-MM-DD) instead of today.
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    /// `json` (the default), `csv` or `xlsx`.
    #[serde(default)]
    format: Download,
}

/// A renewal plan within a yearly budget, year by year, most urgent first.
///
/// What each year replaces and why, and what is left over at the end.
#[utoipa::path(
    get,
    path = "/api/v1/lifecycle/plan",
    tag = "lifecycle",
    params(PlanQuery),
    responses((
        status = 200,
        description = "The plan.",
        content((PlanAnswer<crate::lifecycle::plan::Plan> = "application/json"), (Csv = "text/csv"), (Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
    )),
)]
pub async fn plan(State(app): State<AppState>, Query(q): Query<PlanQuery>) -> Result<Response, ApiError> {
    let budget = parse_sek(&q.budget_sek).map_err(|m| ApiError::bad_query("budget_sek", m))?;
    let today = day(q.as_of);
    let request = PlanRequest {
        annual_budget: budget,
        years: q.years.unwrap_or(10),
        max_units_per_year: q.max_units,
        project: q.project,
        start_year: q.start_year,
        today,
    };
    let input = plan_input(&app, request)?;
    let plan = make_plan(&input).map_err(|e| ApiError::bad_query(&e.field, e.message.clone()))?;
    Ok(match q.format {
        Download::Json => Json(PlanAnswer { as_of: today, annual_budget: budget, plan }).into_response(),
        Download::Xlsx => xlsx_response(&workbooks::plan(&plan, budget), "fornyelseplan"),
        Download::Csv => {
            let headers: Vec<String> =
                ["year", "id", "label", "category", "urgency", "due", "cost SEK", "why"].map(String::from).to_vec();
            let rows: Vec<Vec<String>> = plan
                .years
                .iter()
                .flat_map(|y| {
                    y.replaced.iter().map(move |e| {
                        vec![
                            y.year.to_string(),
                            e.id.to_string(),
                            e.label.to_string(),
                            e.category.as_str().to_string(),
                            e.urgency.as_str().to_string(),
                            e.due.to_string(),
                            format_sek(e.cost),
                            e.why.to_string(),
                        ]
                    })
                })
                .collect();
            csv_table(&headers, &rows, "renewal-plan")
        }
    })
}
