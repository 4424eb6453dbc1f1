//! `GET /api/v1/lifecycle/plan`: the cyclic renewal plan for a yearly budget.
//! Amounts in the JSON are öre; the CSV has SEK.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate, Utc};
use serde::Deserialize;

use super::AppState;
use super::error::ApiError;
use super::format::{Format, csv_table};
use super::lifecycle::assessed;
use crate::lifecycle::Assessed;
use crate::lifecycle::model::{Category, Project};
use crate::lifecycle::plan::{PlanInput, PlanItem, Urgency, plan};
use crate::lifecycle::policy::Policy;
use crate::lifecycle::status::Status;
use crate::money::{format_sek, parse_sek};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanQuery {
    /// The yearly budget in SEK, e.g. `2000000` or `2 000 000`.
    budget_sek: String,
    years: Option<u32>,
    max_units: Option<u32>,
    project: Option<Project>,
    start_year: Option<i32>,
    as_of: Option<NaiveDate>,
    #[serde(default)]
    format: Format,
}

/// Devices (and stack members) of a renewal project; their parts go with them. Virtual
/// machines are left out: the plan buys hardware, and a VM is upgraded, not bought.
pub fn plan_items(assessed: &[Assessed], policy: &Policy, project: Option<Project>) -> Vec<PlanItem> {
    assessed
        .iter()
        .filter(|a| a.item.category != Category::VirtualMachine)
        .filter(|a| a.item.category.project().is_some() && project.is_none_or(|p| a.item.category.project() == Some(p)))
        .map(|a| {
            let (item, s) = (&a.item, &a.assessment);
            let urgency = match s.status {
                Status::PastEndOfSecurityUpdates => Urgency::PastEndOfSecurityUpdates,
                Status::PastEndOfLife => Urgency::PastEndOfLife,
                Status::Due => Urgency::Due,
                Status::Ok | Status::Unknown => Urgency::Ok,
            };
            PlanItem {
                id: item.id.clone(),
                label: match &item.model {
                    Some(model) => format!("{} ({model})", item.device_name),
                    None => item.device_name.clone(),
                },
                category: item.category,
                urgency,
                due: s.replace_by,
                cost: s.replacement_cost.as_ref().map(|c| c.ore),
                lifetime_years: policy
                    .lifetime(item.category, item.site.as_deref(), item.department.as_deref())
                    .map(|l| l.years),
            }
        })
        .collect()
}

pub async fn get(
    State(app): State<AppState>,
    query: Result<Query<PlanQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(ApiError::query)?;
    let budget = parse_sek(&q.budget_sek).map_err(|m| ApiError::bad_query("budget_sek", m))?;
    let today = q.as_of.unwrap_or_else(|| Utc::now().date_naive());
    let policy = app.policy.get().map_err(ApiError::internal)?;
    let input = PlanInput {
        start_year: q.start_year.unwrap_or(today.year()),
        years: q.years.unwrap_or(10),
        annual_budget: budget,
        max_units_per_year: q.max_units,
        items: plan_items(&assessed(&app, today)?, &policy, q.project),
    };
    let plan = plan(&input).map_err(|e| ApiError::bad_query(&e.field, e.message.clone()))?;
    Ok(match q.format {
        Format::Json => {
            Json(serde_json::json!({"as_of": today, "annual_budget": budget, "plan": plan})).into_response()
        }
        Format::Csv => {
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
                            urgency(e.urgency).to_string(),
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

pub fn urgency(u: Urgency) -> &'static str {
    match u {
        Urgency::PastEndOfSecurityUpdates => Status::PastEndOfSecurityUpdates.as_str(),
        Urgency::PastEndOfLife => Status::PastEndOfLife.as_str(),
        Urgency::Due => Status::Due.as_str(),
        Urgency::Ok => Status::Ok.as_str(),
    }
}
