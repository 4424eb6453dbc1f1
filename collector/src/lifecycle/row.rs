//! One assessed item as a flat row: the CSV columns of every item list, and what the command
//! line prints.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{Category, Project};
use super::status::Status;
use super::{Assessed, age_years};
use crate::money::format_sek;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemRow {
    pub id: String,
    pub device_id: uuid::Uuid,
    pub device: String,
    pub component_index: Option<u32>,
    pub category: Category,
    pub vendor: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub site: Option<String>,
    pub department: Option<String>,
    pub software: Option<String>,
    pub in_service: Option<NaiveDate>,
    pub age_years: Option<f64>,
    pub age_source: Option<Cow<'static, str>>,
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
        category: item.category,
        vendor: item.vendor.clone(),
        model: item.model.clone(),
        serial: item.serial.clone(),
        site: item.site.clone(),
        department: item.department.clone(),
        software: item.software.as_ref().map(|sw| format!("{} {}", sw.family, sw.version)),
        in_service: item.in_service.map(|i| i.date),
        age_years: age_years(item, today),
        age_source: item.age_source().map(Cow::Borrowed),
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

/// Which items a list shows; every criterion given must hold.
#[derive(Clone, Copy, Debug, Default)]
pub struct ItemFilter {
    pub project: Option<Project>,
    pub category: Option<Category>,
    pub status: Option<Status>,
    pub device_id: Option<uuid::Uuid>,
}

impl ItemFilter {
    pub fn matches(&self, a: &Assessed) -> bool {
        super::heatmap::in_project(a, self.project)
            && self.category.is_none_or(|c| a.item.category == c)
            && self.status.is_none_or(|s| a.assessment.status == s)
            && self.device_id.is_none_or(|d| a.item.device_id == d)
    }
}
