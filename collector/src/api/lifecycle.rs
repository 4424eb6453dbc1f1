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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemsQuery {
    project: Option<Project>,
    category: Option<String>,
    status: Option<Status>,
    device_id: Option<uuid::Uuid>,
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    format: Format,
}

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsOfQuery {
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    format: Format,
}

/// The share of items and devices past end of life: the overview's headline figure.
pub async fn share(State(app): State<AppState>, Query(q): Query<AsOfQuery>) -> Result<Response, ApiError> {
    let answer = app::lifecycle::share(&app, q.as_of)?;
    Ok(match q.format {
        Format::Json => Json(answer).into_response(),
        Format::Csv => csv_response(&[answer], "end-of-life-share"),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeatmapQuery {
    rows: Option<RowBy>,
    project: Option<Project>,
    years: Option<u32>,
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    /// For `/heatmap/cell`: the row (absent for the row of items without the attribute).
    key: Option<String>,
    /// For `/heatmap/cell`: `overdue` or a year.
    column: Option<String>,
    #[serde(default)]
    format: Format,
}

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutdatedQuery {
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    format: Download,
}

pub async fn outdated(State(app): State<AppState>, Query(q): Query<OutdatedQuery>) -> Result<Response, ApiError> {
    let (all, today) = assessed_on(&app, q.as_of)?;
    let devices = outdated::outdated(&all, today, &crate::app::fleet(&app).topology);
    Ok(match q.format {
        Download::Csv => csv_response(&devices, "outdated-network-devices"),
        Download::Xlsx => xlsx_response(&workbooks::outdated(&devices, today), "foraldrade-natverksenheter"),
        Download::Json => Json(OutdatedAnswer { as_of: today, count: devices.len(), devices }).into_response(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanQuery {
    /// The yearly budget in SEK, e.g. `2000000` or `2 000 000`.
    budget_sek: String,
    years: Option<u32>,
    max_units: Option<u32>,
    project: Option<Project>,
    start_year: Option<i32>,
    #[serde(default, with = "arsring_protocol::strict::date")]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    format: Download,
}

/// The cyclic renewal plan for a yearly budget. Amounts in the JSON are öre; the CSV has SEK.
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
