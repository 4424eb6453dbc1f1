//! `/api/v1/lifecycle/…`: statuses, the heat map and its cells, the outdated network
//! devices, the renewal plan. Each also answers `?format=csv`; `as_of=YYYY-MM-DD` assesses
//! as of another day (a report re-run as it was, or a look ahead).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::ApiError;
use super::format::{Format, csv_response, csv_table};
use crate::lifecycle::heatmap::{self, Column, RowBy};
use crate::lifecycle::model::{Category, Project};
use crate::lifecycle::status::Status;
use crate::lifecycle::{Assessed, age_years, outdated};

pub use super::assessment::assessed;
use crate::money::format_sek;

fn today(as_of: Option<NaiveDate>) -> NaiveDate {
    as_of.unwrap_or_else(|| Utc::now().date_naive())
}

/// One assessed item as a flat row (the CSV columns).
#[derive(Serialize)]
pub struct ItemRow {
    pub id: String,
    pub device_id: uuid::Uuid,
    pub device: String,
    pub component_index: Option<u32>,
    pub category: &'static str,
    pub vendor: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub site: Option<String>,
    pub department: Option<String>,
    pub software: Option<String>,
    pub in_service: Option<NaiveDate>,
    pub age_years: Option<f64>,
    pub age_source: Option<&'static str>,
    pub status: Status,
    pub decided_by: Option<String>,
    pub since: Option<NaiveDate>,
    pub replace_by: Option<NaiveDate>,
    pub replacement_cost_sek: Option<String>,
    pub replacement_cost_source: Option<String>,
    pub replacement_model: Option<String>,
    pub rules: usize,
    pub notes: String,
}

pub fn item_row(a: &Assessed, today: NaiveDate) -> ItemRow {
    let (item, s) = (&a.item, &a.assessment);
    ItemRow {
        id: item.id.clone(),
        device_id: item.device_id,
        device: item.device_name.clone(),
        component_index: item.component_index,
        category: item.category.as_str(),
        vendor: item.vendor.clone(),
        model: item.model.clone(),
        serial: item.serial.clone(),
        site: item.site.clone(),
        department: item.department.clone(),
        software: item.software.as_ref().map(|sw| format!("{} {}", sw.family, sw.version)),
        in_service: item.in_service.map(|i| i.date),
        age_years: age_years(item, today),
        age_source: item.age_source(),
        status: s.status,
        decided_by: s.decided_by.as_ref().map(|r| r.rule.clone()),
        since: s.decided_by.as_ref().map(|r| r.date),
        replace_by: s.replace_by,
        replacement_cost_sek: s.replacement_cost.as_ref().map(|c| format_sek(c.ore)),
        replacement_cost_source: s.replacement_cost.as_ref().map(|c| c.source.clone()),
        replacement_model: s.replacement_model.clone(),
        rules: s.rules.len(),
        notes: s.notes.join("; "),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemsQuery {
    project: Option<Project>,
    category: Option<String>,
    status: Option<Status>,
    device_id: Option<uuid::Uuid>,
    as_of: Option<NaiveDate>,
    #[serde(default)]
    format: Format,
}

pub async fn list(
    State(app): State<AppState>,
    query: Result<Query<ItemsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let category = match &q.category {
        Some(c) => {
            Some(Category::parse(c).ok_or_else(|| ApiError::bad_query("category", format!("unknown category {c:?}")))?)
        }
        None => None,
    };
    let today = today(q.as_of);
    let all = assessed(&app, today)?;
    let selected: Vec<&Assessed> = all
        .iter()
        .filter(|a| heatmap::in_project(a, q.project))
        .filter(|a| category.is_none_or(|c| a.item.category == c))
        .filter(|a| q.status.is_none_or(|s| a.assessment.status == s))
        .filter(|a| q.device_id.is_none_or(|d| a.item.device_id == d))
        .collect();
    Ok(match q.format {
        Format::Csv => {
            csv_response(&selected.iter().map(|a| item_row(a, today)).collect::<Vec<_>>(), "lifecycle-items")
        }
        Format::Json => {
            Json(serde_json::json!({"as_of": today, "count": selected.len(), "items": selected})).into_response()
        }
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeatmapQuery {
    rows: Option<RowBy>,
    project: Option<Project>,
    years: Option<u32>,
    as_of: Option<NaiveDate>,
    /// For `/heatmap/cell`: the row (absent for the row of items without the attribute).
    key: Option<String>,
    /// For `/heatmap/cell`: `overdue` or a year.
    column: Option<String>,
    #[serde(default)]
    format: Format,
}

fn horizon(app: &AppState, years: Option<u32>) -> Result<u32, ApiError> {
    let default = app.policy.get().map_err(ApiError::internal)?.horizon_years;
    match years.unwrap_or(default) {
        y @ 0..=30 => Ok(y),
        _ => Err(ApiError::bad_query("years", "between 0 and 30")),
    }
}

pub async fn heatmap(
    State(app): State<AppState>,
    query: Result<Query<HeatmapQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let (today, years, by) = (today(q.as_of), horizon(&app, q.years)?, q.rows.unwrap_or(RowBy::Site));
    let map = heatmap::heatmap(&assessed(&app, today)?, by, q.project, years, today);
    Ok(match q.format {
        Format::Json => Json(serde_json::json!({"as_of": today, "heatmap": map})).into_response(),
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

pub async fn cell(
    State(app): State<AppState>,
    query: Result<Query<HeatmapQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let (today, years, by) = (today(q.as_of), horizon(&app, q.years)?, q.rows.unwrap_or(RowBy::Site));
    let column = q.column.as_deref().ok_or_else(|| ApiError::bad_query("column", "required: overdue or a year"))?;
    let column = Column::parse(column).ok_or_else(|| ApiError::bad_query("column", "overdue or a year"))?;
    let all = assessed(&app, today)?;
    let items = heatmap::cell(&all, by, q.key.as_deref(), column, q.project, years, today);
    let rows: Vec<ItemRow> = items.iter().map(|a| item_row(a, today)).collect();
    Ok(match q.format {
        Format::Csv => csv_response(&rows, "heatmap-cell"),
        Format::Json => Json(serde_json::json!({"as_of": today, "count": rows.len(), "items": rows})).into_response(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsOfQuery {
    as_of: Option<NaiveDate>,
    #[serde(default)]
    format: Format,
}

pub async fn outdated(
    State(app): State<AppState>,
    query: Result<Query<AsOfQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let today = today(q.as_of);
    let rows = outdated::outdated(&assessed(&app, today)?, today);
    Ok(match q.format {
        Format::Csv => csv_response(&rows, "outdated-network-devices"),
        Format::Json => Json(serde_json::json!({"as_of": today, "count": rows.len(), "devices": rows})).into_response(),
    })
}
