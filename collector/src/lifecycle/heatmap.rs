//! The heat map: rows by site, department, category or model; columns "overdue", then this
//! year up to N years ahead; each cell the number of items reaching end of life (or end of
//! security updates) in that year and what replacing them costs. Items with no date are
//! counted per row as unknown, never spread over the years.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Assessed;
use super::model::{Ore, Project};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowBy {
    Site,
    Department,
    Category,
    Model,
}

/// A column: overdue, or a calendar year. In JSON and CSV: `"overdue"`, `"2027"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Overdue,
    Year(i32),
}

arsring_protocol::text_schema!(Column, "`overdue`, or a year: `2027`.");

impl Serialize for Column {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.label())
    }
}

impl<'de> Deserialize<'de> for Column {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Column::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("{text:?} is neither overdue nor a year")))
    }
}

impl Column {
    pub fn label(self) -> String {
        match self {
            Column::Overdue => "overdue".into(),
            Column::Year(y) => y.to_string(),
        }
    }

    pub fn parse(text: &str) -> Option<Column> {
        if text == "overdue" { Some(Column::Overdue) } else { text.parse().ok().map(Column::Year) }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Cell {
    pub count: u32,
    /// Replacement cost, in öre, of the items whose cost is known.
    pub cost_ore: Ore,
    /// Items in the cell whose replacement cost is unknown (not in `cost`).
    pub cost_unknown: u32,
}

impl Cell {
    fn add(&mut self, cost: Option<Ore>) {
        self.count += 1;
        match cost {
            Some(ore) => self.cost_ore = self.cost_ore.saturating_add(ore),
            None => self.cost_unknown += 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Row {
    /// `null` for items without the attribute (no site, say).
    pub key: Option<String>,
    pub cells: Vec<Cell>,
    /// Items with no end-of-life date at all.
    pub unknown: u32,
    /// Items whose date lies beyond the last column.
    pub later: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Heatmap {
    pub rows_by: RowBy,
    pub project: Option<Project>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub totals: Vec<Cell>,
}

pub fn row_key(a: &Assessed, by: RowBy) -> Option<String> {
    match by {
        RowBy::Site => a.item.site.clone(),
        RowBy::Department => a.item.department.clone(),
        RowBy::Category => Some(a.item.category.as_str().to_string()),
        RowBy::Model => a.item.model.clone(),
    }
}

/// The column an item falls in, if any: `None` for no date or beyond the horizon.
pub fn column_of(a: &Assessed, today: NaiveDate, years: u32) -> Option<Column> {
    let date = a.assessment.replace_by?;
    if date <= today {
        return Some(Column::Overdue);
    }
    let last = today.year() + i32::try_from(years).unwrap_or(0);
    (date.year() <= last).then_some(Column::Year(date.year()))
}

pub fn in_project(a: &Assessed, project: Option<Project>) -> bool {
    project.is_none_or(|p| a.item.category.project() == Some(p))
}

pub fn heatmap(assessed: &[Assessed], by: RowBy, project: Option<Project>, years: u32, today: NaiveDate) -> Heatmap {
    let columns: Vec<Column> = std::iter::once(Column::Overdue)
        .chain((0..=i32::try_from(years).unwrap_or(0)).map(|y| Column::Year(today.year() + y)))
        .collect();
    let mut rows: BTreeMap<Option<String>, Row> = BTreeMap::new();
    let mut totals = vec![Cell::default(); columns.len()];
    for a in assessed.iter().filter(|a| in_project(a, project)) {
        let key = row_key(a, by);
        let row = rows.entry(key.clone()).or_insert_with(|| Row {
            key,
            cells: vec![Cell::default(); columns.len()],
            unknown: 0,
            later: 0,
        });
        let cost = a.assessment.replacement_cost.as_ref().map(|c| c.ore);
        match column_of(a, today, years) {
            Some(column) => {
                let i = columns.iter().position(|c| *c == column).unwrap_or(0);
                row.cells[i].add(cost);
                totals[i].add(cost);
            }
            None if a.assessment.replace_by.is_none() => row.unknown += 1,
            None => row.later += 1,
        }
    }
    Heatmap { rows_by: by, project, columns, rows: rows.into_values().collect(), totals }
}

/// The items behind one cell, most urgent first.
pub fn cell<'a>(
    assessed: &'a [Assessed],
    by: RowBy,
    key: Option<&str>,
    column: Column,
    project: Option<Project>,
    years: u32,
    today: NaiveDate,
) -> Vec<&'a Assessed> {
    let mut items: Vec<&Assessed> = assessed
        .iter()
        .filter(|a| in_project(a, project))
        .filter(|a| row_key(a, by).as_deref() == key)
        .filter(|a| column_of(a, today, years) == Some(column))
        .collect();
    items.sort_by(|a, b| {
        (b.assessment.status, a.assessment.replace_by, &a.item.id).cmp(&(
            a.assessment.status,
            b.assessment.replace_by,
            &b.item.id,
        ))
    });
    items
}
