//! The heat map, the items behind one of its cells, and the renewal plan.

use arsring_dashboard::{Bar, Card, Cell, Control, Header, HeatCell, HeatRow, Heatmap, Lang, Nav, Section, Table};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate, Utc};

use super::{Params, arrangement, failed, kronor, paging, param, query, render, select};
use crate::app::AppState;
use crate::app::assessed;
use crate::app::lifecycle::{PlanRequest, horizon, plan_input};
use crate::lifecycle::heatmap::{self, Column, RowBy};
use crate::lifecycle::model::Project;
use crate::lifecycle::plan::{PlanYear, plan as make_plan};
use crate::lifecycle::{Assessed, age_years};
use crate::money::parse_sek;
use crate::web::Viewer;
use crate::web::error::PageError;
use crate::web::sorting::{PAGE, page_range};

const ROWS: [(&str, &str); 4] =
    [("site", "site"), ("department", "department"), ("category", "category"), ("model", "model")];
const PROJECTS: [(&str, &str); 3] = [("", "both projects"), ("datacenter", "datacenter"), ("network", "network")];

fn row_by(p: &Params) -> Result<RowBy, PageError> {
    match param(p, "rows").unwrap_or("site") {
        "site" => Ok(RowBy::Site),
        "department" => Ok(RowBy::Department),
        "category" => Ok(RowBy::Category),
        "model" => Ok(RowBy::Model),
        _ => Err(PageError::bad_query("rows", "site, department, category or model")),
    }
}

fn project(p: &Params) -> Result<Option<Project>, PageError> {
    match param(p, "project") {
        None => Ok(None),
        Some("datacenter") => Ok(Some(Project::Datacenter)),
        Some("network") => Ok(Some(Project::Network)),
        Some(_) => Err(PageError::bad_query("project", "datacenter or network")),
    }
}

fn years(app: &AppState, p: &Params) -> Result<u32, PageError> {
    match param(p, "years").map(str::parse::<u32>) {
        None => Ok(horizon(app, None)?),
        Some(Ok(y @ 0..=30)) => Ok(y),
        Some(_) => Err(PageError::bad_query("years", "a whole number from 0 to 30")),
    }
}

/// What the heat map and the cell page both need from the query.
struct Selection {
    by: RowBy,
    project: Option<Project>,
    years: u32,
    today: NaiveDate,
}

fn selection(app: &AppState, p: &Params) -> Result<Selection, PageError> {
    Ok(Selection { by: row_by(p)?, project: project(p)?, years: years(app, p)?, today: Utc::now().date_naive() })
}

pub async fn heatmap(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let result = selection(&app, &p).and_then(|s| Ok((assessed(&app, s.today).map_err(PageError::from)?, s)));
    let (items, s) = match result {
        Ok(found) => found,
        Err(err) => return failed(&viewer, Nav::Heatmap, err),
    };
    let by_cost = param(&p, "measure") == Some("cost");
    let map = heatmap::heatmap(&items, s.by, s.project, s.years, s.today);
    let (rows, project, years) =
        (param(&p, "rows").unwrap_or("site"), param(&p, "project").unwrap_or(""), s.years.to_string());
    let measure = if by_cost { "cost" } else { "count" };
    let cell_href = |key: Option<&str>, column: Column| {
        let column = column.label();
        format!(
            "/heatmap/cell{}",
            query(&[
                ("rows", rows),
                ("project", project),
                ("years", &years),
                ("column", &column),
                ("key", key.unwrap_or(""))
            ])
        )
    };
    let shown = Heatmap {
        columns: map.columns.iter().map(|c| c.label()).collect(),
        rows: map
            .rows
            .iter()
            .map(|r| HeatRow {
                label: r.key.clone().unwrap_or_else(|| "(none)".into()),
                unknown: r.unknown,
                cells: r
                    .cells
                    .iter()
                    .zip(&map.columns)
                    .map(|(c, col)| HeatCell {
                        value: if by_cost { c.cost_ore as f64 } else { f64::from(c.count) },
                        label: if by_cost { thousands(c.cost_ore) } else { c.count.to_string() },
                        title: cell_title(c, viewer.lang),
                        href: cell_href(r.key.as_deref(), *col),
                    })
                    .collect(),
            })
            .collect(),
        measure: if by_cost { "kkr".into() } else { "items".into() },
    };
    let api = query(&[("rows", rows), ("project", project), ("years", &years), ("format", "csv")]);
    let total: u32 = map.totals.iter().map(|c| c.count).sum();
    let sections = vec![
        Section::Filters {
            action: "/heatmap".into(),
            controls: vec![
                select("project", "Project", &PROJECTS, project),
                select("rows", "Rows", &ROWS, rows),
                select("measure", "Show", &[("count", "number of items"), ("cost", "replacement cost")], measure),
                Control::Input {
                    name: "years".into(),
                    label: "Years ahead".into(),
                    value: years.clone(),
                    kind: "number",
                },
            ],
            submit: "Show".into(),
        },
        Section::Note(format!(
            "{total} items reach end of life (or end of security updates) by {}; each column is the year they do. \
             Click a cell for its devices. “no date”: items with no known end-of-life date, never guessed.",
            s.today.year() + s.years as i32
        )),
        Section::Heatmap(shown),
        Section::Downloads(vec![("Heat map (CSV)".into(), format!("/api/v1/lifecycle/heatmap{api}"))]),
    ];
    render(&viewer, Nav::Heatmap, "End-of-life heat map", sections)
}

fn cell_title(c: &heatmap::Cell, lang: Lang) -> String {
    let unknown = if c.cost_unknown > 0 { format!(" ({} without a price)", c.cost_unknown) } else { String::new() };
    format!("{} items, replacement {}{unknown}", c.count, kronor(c.cost_ore, lang))
}

/// Thousands of kronor, for a cell that has little room.
fn thousands(ore: i64) -> String {
    format!("{} kkr", (ore + 50_000) / 100_000)
}

pub async fn cell(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let column = param(&p, "column")
        .ok_or_else(|| PageError::bad_query("column", "required: overdue or a year"))
        .and_then(|c| Column::parse(c).ok_or_else(|| PageError::bad_query("column", "overdue or a year")));
    let result = selection(&app, &p).and_then(|s| Ok((assessed(&app, s.today).map_err(PageError::from)?, s, column?)));
    let (items, s, column) = match result {
        Ok(found) => found,
        Err(err) => return failed(&viewer, Nav::Heatmap, err),
    };
    let key = param(&p, "key");
    let chosen = heatmap::cell(&items, s.by, key, column, s.project, s.years, s.today);
    let title = format!("{} · {}", key.unwrap_or("(none)"), column.label());
    let pairs: Vec<(&str, &str)> =
        ["rows", "project", "years", "column", "key"].iter().filter_map(|k| Some((*k, param(&p, k)?))).collect();
    let mut csv = pairs.clone();
    csv.push(("format", "csv"));
    // A busy cell holds thousands of items; the page shows one slice, the CSV has them all.
    let (_, _, page) = arrangement(&p);
    let shown = page_range(page, chosen.len());
    let mut sections = vec![
        Section::Note(format!("{} items. Most urgent first.", chosen.len())),
        Section::Links(vec![(
            "← back to the heat map".into(),
            format!("/heatmap{}", query(&pairs[..pairs.len().min(3)])),
        )]),
        Section::Downloads(vec![(
            "These items (CSV)".into(),
            format!("/api/v1/lifecycle/heatmap/cell{}", query(&csv)),
        )]),
    ];
    if chosen.len() > PAGE {
        sections.extend(paging(&format!("/heatmap/cell{}", query(&pairs)), shown.start, chosen.len(), viewer.lang));
    }
    sections.push(Section::Table(items_table("cell-items", &chosen[shown], s.today, viewer.lang)));
    render(&viewer, Nav::Heatmap, &title, sections)
}

fn items_table(id: &str, items: &[&Assessed], today: NaiveDate, lang: Lang) -> Table {
    let headers = [
        "Device",
        "Item",
        "Category",
        "Model",
        "Serial",
        "Site",
        "Department",
        "Age (years)",
        "Status",
        "Decided by",
        "Replace by",
        "Cost",
    ];
    Table {
        id: id.into(),
        headers: headers
            .iter()
            .map(|h| if matches!(*h, "Age (years)" | "Cost") { Header::num(h) } else { Header::new(h) })
            .collect(),
        rows: items
            .iter()
            .map(|a| {
                let (item, s) = (&a.item, &a.assessment);
                vec![
                    Cell::link(&item.device_name, format!("/device/{}", item.device_id)),
                    Cell::text(item.component_index.map_or("device".into(), |i| format!("component {i}"))),
                    Cell::text(item.category.as_str()),
                    Cell::text(item.model.clone().unwrap_or_default()),
                    Cell::text(item.serial.clone().unwrap_or_default()),
                    Cell::text(item.site.clone().unwrap_or_default()),
                    Cell::text(item.department.clone().unwrap_or_default()),
                    Cell::num(age_years(item, today).map_or(String::new(), |a| format!("{a:.1}"))),
                    Cell::status(s.status.as_str()),
                    Cell::text(s.decided_by.as_ref().map(|r| r.rule.clone()).unwrap_or_default()),
                    Cell::text(s.replace_by.map(|d| d.to_string()).unwrap_or_default()),
                    Cell::num(s.replacement_cost.as_ref().map_or("unknown".into(), |c| kronor(c.ore, lang))),
                ]
            })
            .collect(),
        filterable: true,
        empty: "No items in this cell.".into(),
    }
}

/// Entries listed per year on the page; the CSV has them all.
const YEAR_LIST: usize = 200;

pub async fn plan(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let budget_text = param(&p, "budget_sek").unwrap_or("");
    let years_text = param(&p, "years").unwrap_or("5");
    let units_text = param(&p, "max_units").unwrap_or("");
    let project_text = param(&p, "project").unwrap_or("");
    let mut sections = vec![Section::Filters {
        action: "/plan".into(),
        controls: vec![
            Control::Input {
                name: "budget_sek".into(),
                label: "Yearly budget (SEK)".into(),
                value: budget_text.into(),
                kind: "text",
            },
            Control::Input { name: "years".into(), label: "Years".into(), value: years_text.into(), kind: "number" },
            Control::Input {
                name: "max_units".into(),
                label: "At most units a year".into(),
                value: units_text.into(),
                kind: "number",
            },
            select("project", "Project", &PROJECTS, project_text),
        ],
        submit: "Plan".into(),
    }];
    if budget_text.is_empty() {
        sections.push(Section::Note(
            "Type a yearly budget and a number of years: the plan replaces what is most urgent first, \
             within the budget, and lists what each year buys."
                .into(),
        ));
        return render(&viewer, Nav::Plan, "Renewal plan", sections);
    }
    match plan_sections(&app, &p, viewer.lang) {
        Ok(more) => {
            sections.extend(more);
            render(&viewer, Nav::Plan, "Renewal plan", sections)
        }
        Err(err) => {
            sections.push(Section::Alert { title: format!("Check `{}`", err.field), body: vec![err.message] });
            (StatusCode::BAD_REQUEST, render(&viewer, Nav::Plan, "Renewal plan", sections)).into_response()
        }
    }
}

/// One year of the plan: what it buys, why, and what is still overdue at its end.
fn year_sections(y: &PlanYear, lang: Lang) -> Vec<Section> {
    let mut out = Vec::new();
    out.push(Section::Heading(format!("{}: {} units, {}", y.year, y.units, kronor(y.cost, lang))));
    let overdue = format!(
        "{} still overdue at the year's end ({}).",
        y.overdue_at_year_end,
        kronor(y.overdue_cost_at_year_end, lang)
    );
    let listed = if y.replaced.len() > YEAR_LIST {
        format!(" The first {YEAR_LIST} are listed; the CSV has all.")
    } else {
        String::new()
    };
    out.push(Section::Note(format!("{} came due, {} carried in. {overdue}{listed}", y.came_due, y.carried_in)));
    out.push(Section::Table(Table {
        id: format!("plan-{}", y.year),
        headers: vec![
            Header::new("Item"),
            Header::new("Category"),
            Header::new("Urgency"),
            Header::new("Due"),
            Header::num("Cost"),
            Header::new("Why"),
        ],
        rows: y
            .replaced
            .iter()
            .take(YEAR_LIST)
            .map(|e| {
                vec![
                    Cell::text(e.label),
                    Cell::text(e.category.as_str()),
                    Cell::status(e.urgency.as_str()),
                    Cell::text(e.due.to_string()),
                    Cell::num(kronor(e.cost, lang)),
                    Cell::text(e.why.to_string()),
                ]
            })
            .collect(),
        filterable: false,
        empty: "Nothing replaced this year.".into(),
    }));
    out
}

fn number<T: std::str::FromStr>(p: &Params, key: &str, what: &str) -> Result<Option<T>, PageError> {
    param(p, key).map(|v| v.trim().parse::<T>().map_err(|_| PageError::bad_query(key, what))).transpose()
}

fn plan_sections(app: &AppState, p: &Params, lang: Lang) -> Result<Vec<Section>, PageError> {
    let budget = parse_sek(param(p, "budget_sek").unwrap_or("")).map_err(|m| PageError::bad_query("budget_sek", m))?;
    let request = PlanRequest {
        annual_budget: budget,
        years: number(p, "years", "a whole number of years")?.unwrap_or(5),
        max_units_per_year: number(p, "max_units", "a whole number of units")?,
        project: project(p)?,
        start_year: None,
        today: Utc::now().date_naive(),
    };
    let input = plan_input(app, request)?;
    let plan = make_plan(&input).map_err(|e| PageError::bad_query(&e.field, e.message.clone()))?;
    let t = &plan.totals;
    let budget_line = Some((budget as f64 / 100.0, format!("budget {}", kronor(budget, lang))));
    let download = |format: &str| {
        query(&[
            ("budget_sek", param(p, "budget_sek").unwrap_or("")),
            ("years", &input.years.to_string()),
            ("max_units", param(p, "max_units").unwrap_or("")),
            ("project", param(p, "project").unwrap_or("")),
            ("format", format),
        ])
    };
    let mut sections = vec![
        Section::Cards(vec![
            Card { label: "Replaced in the plan".into(), value: t.units.to_string(), note: Some(kronor(t.cost, lang)) },
            Card {
                label: "Backlog after the last year".into(),
                value: t.backlog.to_string(),
                note: Some(kronor(t.backlog_cost, lang)),
            },
            Card {
                label: "Cost more than a year's budget".into(),
                value: t.never_fits.to_string(),
                note: Some(kronor(t.never_fits_cost, lang)),
            },
            Card {
                label: "Unknown date or price".into(),
                value: t.not_plannable.to_string(),
                note: Some("not planned; fill the registers".into()),
            },
        ]),
        Section::Bars {
            title: "Cost per year".into(),
            unit: "SEK".into(),
            bars: plan
                .years
                .iter()
                .map(|y| Bar { label: y.year.to_string(), value: y.cost as f64 / 100.0, text: thousands(y.cost) })
                .collect(),
            limit: budget_line,
        },
        Section::Bars {
            title: "Units per year".into(),
            unit: "units".into(),
            bars: plan
                .years
                .iter()
                .map(|y| Bar { label: y.year.to_string(), value: f64::from(y.units), text: y.units.to_string() })
                .collect(),
            limit: input.max_units_per_year.map(|m| (f64::from(m), format!("at most {m}"))),
        },
        Section::Downloads(vec![
            ("The whole plan (CSV)".into(), format!("/api/v1/lifecycle/plan{}", download("csv"))),
            ("The whole plan (Excel)".into(), format!("/api/v1/lifecycle/plan{}", download("xlsx"))),
        ]),
    ];
    for y in &plan.years {
        sections.extend(year_sections(y, lang));
    }
    Ok(sections)
}
