//! The heat map, the items behind one of its cells, and the renewal plan.

pub(crate) mod text;

use arsring_dashboard::i18n::{decimal, integer};
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
use crate::lifecycle::status::Status;
use crate::lifecycle::words;
use crate::lifecycle::{Assessed, age_years};
use crate::money::parse_sek;
use crate::web::Viewer;
use crate::web::error::PageError;
use crate::web::sorting::{PAGE, page_range};

fn rows_options(lang: Lang) -> [(&'static str, &'static str); 4] {
    [
        ("site", text::ROWS_SITE.get(lang)),
        ("department", text::ROWS_DEPARTMENT.get(lang)),
        ("category", text::ROWS_CATEGORY.get(lang)),
        ("model", text::ROWS_MODEL.get(lang)),
    ]
}

fn project_options(lang: Lang) -> [(&'static str, &'static str); 3] {
    [
        ("", text::BOTH_PROJECTS.get(lang)),
        ("datacenter", text::PROJECT_DATACENTER.get(lang)),
        ("network", text::PROJECT_NETWORK.get(lang)),
    ]
}

fn row_by(p: &Params, lang: Lang) -> Result<RowBy, PageError> {
    match param(p, "rows").unwrap_or("site") {
        "site" => Ok(RowBy::Site),
        "department" => Ok(RowBy::Department),
        "category" => Ok(RowBy::Category),
        "model" => Ok(RowBy::Model),
        _ => Err(PageError::bad_query("rows", text::BAD_ROWS.get(lang))),
    }
}

fn project(p: &Params, lang: Lang) -> Result<Option<Project>, PageError> {
    match param(p, "project") {
        None => Ok(None),
        Some("datacenter") => Ok(Some(Project::Datacenter)),
        Some("network") => Ok(Some(Project::Network)),
        Some(_) => Err(PageError::bad_query("project", text::BAD_PROJECT.get(lang))),
    }
}

fn years(app: &AppState, p: &Params, lang: Lang) -> Result<u32, PageError> {
    match param(p, "years").map(str::parse::<u32>) {
        None => Ok(horizon(app, None)?),
        Some(Ok(y @ 0..=30)) => Ok(y),
        Some(_) => Err(PageError::bad_query("years", text::BAD_YEARS.get(lang))),
    }
}

/// What the heat map and the cell page both need from the query.
struct Selection {
    by: RowBy,
    project: Option<Project>,
    years: u32,
    today: NaiveDate,
}

fn selection(app: &AppState, p: &Params, lang: Lang) -> Result<Selection, PageError> {
    Ok(Selection {
        by: row_by(p, lang)?,
        project: project(p, lang)?,
        years: years(app, p, lang)?,
        today: Utc::now().date_naive(),
    })
}

pub async fn heatmap(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let lang = viewer.lang;
    let result = selection(&app, &p, lang).and_then(|s| Ok((assessed(&app, s.today).map_err(PageError::from)?, s)));
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
        columns: map.columns.iter().map(|c| text::column(*c, lang)).collect(),
        rows: map
            .rows
            .iter()
            .map(|r| HeatRow {
                label: text::row(s.by, r.key.as_deref(), lang),
                unknown: r.unknown,
                cells: r
                    .cells
                    .iter()
                    .zip(&map.columns)
                    .map(|(c, col)| HeatCell {
                        // Whole kkr, as the cell says: the legend's maximum is in the same unit.
                        value: if by_cost { kkr(c.cost_ore) as f64 } else { f64::from(c.count) },
                        // The count stays bare digits: it is also the cell's `data-value`.
                        label: if by_cost { thousands(c.cost_ore, lang) } else { c.count.to_string() },
                        title: cell_title(c, lang),
                        href: cell_href(r.key.as_deref(), *col),
                    })
                    .collect(),
            })
            .collect(),
        measure: if by_cost { text::KKR.get(lang).into() } else { text::ITEMS.get(lang).into() },
    };
    let api = query(&[("rows", rows), ("project", project), ("years", &years), ("format", "csv")]);
    let total: u32 = map.totals.iter().map(|c| c.count).sum();
    let measures = [("count", text::MEASURE_COUNT.get(lang)), ("cost", text::MEASURE_COST.get(lang))];
    let sections = vec![
        Section::Filters {
            action: "/heatmap".into(),
            controls: vec![
                select("project", text::PROJECT.get(lang), &project_options(lang), project),
                select("rows", super::text::ROWS.get(lang), &rows_options(lang), rows),
                select("measure", super::text::SHOW.get(lang), &measures, measure),
                Control::Input {
                    name: "years".into(),
                    label: text::YEARS_AHEAD.get(lang).into(),
                    value: years.clone(),
                    kind: "number",
                },
            ],
            submit: super::text::SHOW.get(lang).into(),
        },
        Section::Note(text::HEATMAP_NOTE.fill(
            lang,
            &[("total", &integer(lang, total.into())), ("year", &(s.today.year() + s.years as i32).to_string())],
        )),
        Section::Heatmap(shown),
        Section::Downloads(vec![(text::HEATMAP_CSV.get(lang).into(), format!("/api/v1/lifecycle/heatmap{api}"))]),
    ];
    render(&viewer, Nav::Heatmap, text::HEATMAP_TITLE.get(lang), sections)
}

fn cell_title(c: &heatmap::Cell, lang: Lang) -> String {
    let unknown = if c.cost_unknown > 0 {
        text::WITHOUT_PRICE.fill(lang, &[("count", &integer(lang, c.cost_unknown.into()))])
    } else {
        String::new()
    };
    let amount = kronor(c.cost_ore, lang);
    text::CELL_TITLE.fill(lang, &[("count", &integer(lang, c.count.into())), ("amount", &amount)]) + &unknown
}

/// Öre as whole thousands of kronor, rounded half up.
fn kkr(ore: i64) -> i64 {
    (ore + 50_000) / 100_000
}

/// Thousands of kronor, for a cell or a bar that has little room.
fn thousands(ore: i64, lang: Lang) -> String {
    format!("{} {}", integer(lang, kkr(ore)), text::KKR.get(lang))
}

/// A status in the reader's words, coloured by its code.
fn status_cell(status: Status, lang: Lang) -> Cell {
    Cell::status_labelled(status.as_str(), super::text::status(status, lang))
}

pub async fn cell(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let lang = viewer.lang;
    let column = param(&p, "column")
        .ok_or_else(|| PageError::bad_query("column", text::COLUMN_REQUIRED.get(lang)))
        .and_then(|c| Column::parse(c).ok_or_else(|| PageError::bad_query("column", text::BAD_COLUMN.get(lang))));
    let result =
        selection(&app, &p, lang).and_then(|s| Ok((assessed(&app, s.today).map_err(PageError::from)?, s, column?)));
    let (items, s, column) = match result {
        Ok(found) => found,
        Err(err) => return failed(&viewer, Nav::Heatmap, err),
    };
    let key = param(&p, "key");
    let chosen = heatmap::cell(&items, s.by, key, column, s.project, s.years, s.today);
    let title = format!("{} · {}", text::row(s.by, key, lang), text::column(column, lang));
    let pairs: Vec<(&str, &str)> =
        ["rows", "project", "years", "column", "key"].iter().filter_map(|k| Some((*k, param(&p, k)?))).collect();
    let mut csv = pairs.clone();
    csv.push(("format", "csv"));
    // A busy cell holds thousands of items; the page shows one slice, the CSV has them all.
    let (_, _, page) = arrangement(&p);
    let shown = page_range(page, chosen.len());
    let mut sections = vec![
        Section::Note(text::CELL_NOTE.fill(lang, &[("count", &integer(lang, chosen.len() as i64))])),
        Section::Links(vec![(text::BACK.get(lang).into(), format!("/heatmap{}", query(&pairs[..pairs.len().min(3)])))]),
        Section::Downloads(vec![(
            text::CELL_CSV.get(lang).into(),
            format!("/api/v1/lifecycle/heatmap/cell{}", query(&csv)),
        )]),
    ];
    if chosen.len() > PAGE {
        sections.extend(paging(&format!("/heatmap/cell{}", query(&pairs)), shown.start, chosen.len(), lang));
    }
    sections.push(Section::Table(items_table("cell-items", &chosen[shown], s.today, lang)));
    render(&viewer, Nav::Heatmap, &title, sections)
}

fn items_table(id: &str, items: &[&Assessed], today: NaiveDate, lang: Lang) -> Table {
    let headers = [
        text::DEVICE,
        text::ITEM,
        text::CATEGORY,
        text::MODEL,
        text::SERIAL,
        text::SITE,
        text::DEPARTMENT,
        text::AGE,
        text::STATUS,
        text::DECIDED_BY,
        text::REPLACE_BY,
        text::COST,
    ];
    Table {
        id: id.into(),
        headers: headers
            .iter()
            .map(|h| {
                let label = h.get(lang);
                if matches!(*h, text::AGE | text::COST) { Header::num(label) } else { Header::new(label) }
            })
            .collect(),
        rows: items
            .iter()
            .map(|a| {
                let (item, s) = (&a.item, &a.assessment);
                let part = match item.component_index {
                    None => text::WHOLE_DEVICE.get(lang).to_string(),
                    Some(i) => text::COMPONENT.fill(lang, &[("index", &i.to_string())]),
                };
                vec![
                    Cell::link(&item.device_name, format!("/device/{}", item.device_id)),
                    Cell::text(part),
                    Cell::text(super::text::category(item.category, lang)),
                    Cell::text(item.model.clone().unwrap_or_default()),
                    Cell::text(item.serial.clone().unwrap_or_default()),
                    Cell::text(item.site.clone().unwrap_or_default()),
                    Cell::text(item.department.clone().unwrap_or_default()),
                    Cell::num(age_years(item, today).map_or(String::new(), |a| decimal(lang, a, 1))),
                    status_cell(s.status, lang),
                    Cell::text(s.decided_by.as_ref().map(|r| words::rule(r, lang)).unwrap_or_default()),
                    Cell::text(s.replace_by.map(|d| d.to_string()).unwrap_or_default()),
                    Cell::num(
                        s.replacement_cost
                            .as_ref()
                            .map_or(super::text::UNKNOWN.get(lang).into(), |c| kronor(c.ore, lang)),
                    ),
                ]
            })
            .collect(),
        filterable: true,
        empty: text::NO_ITEMS_IN_CELL.get(lang).into(),
    }
}

/// Entries listed per year on the page; the CSV has them all.
const YEAR_LIST: usize = 200;

pub async fn plan(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let lang = viewer.lang;
    let budget_text = param(&p, "budget_sek").unwrap_or("");
    let years_text = param(&p, "years").unwrap_or("5");
    let units_text = param(&p, "max_units").unwrap_or("");
    let project_text = param(&p, "project").unwrap_or("");
    let title = text::PLAN_TITLE.get(lang);
    let mut sections = vec![Section::Filters {
        action: "/plan".into(),
        controls: vec![
            Control::Input {
                name: "budget_sek".into(),
                label: text::YEARLY_BUDGET.get(lang).into(),
                value: budget_text.into(),
                kind: "text",
            },
            Control::Input {
                name: "years".into(),
                label: text::YEARS.get(lang).into(),
                value: years_text.into(),
                kind: "number",
            },
            Control::Input {
                name: "max_units".into(),
                label: text::MAX_UNITS.get(lang).into(),
                value: units_text.into(),
                kind: "number",
            },
            select("project", text::PROJECT.get(lang), &project_options(lang), project_text),
        ],
        submit: text::PLAN.get(lang).into(),
    }];
    if budget_text.is_empty() {
        sections.push(Section::Note(text::PLAN_INTRO.get(lang).into()));
        return render(&viewer, Nav::Plan, title, sections);
    }
    match plan_sections(&app, &p, lang) {
        Ok(more) => {
            sections.extend(more);
            render(&viewer, Nav::Plan, title, sections)
        }
        Err(err) => {
            let check = text::CHECK.fill(lang, &[("field", &err.field)]);
            sections.push(Section::Alert { title: check, body: vec![err.message] });
            (StatusCode::BAD_REQUEST, render(&viewer, Nav::Plan, title, sections)).into_response()
        }
    }
}

/// One year of the plan: what it buys, why, and what is still overdue at its end.
fn year_sections(y: &PlanYear, lang: Lang) -> Vec<Section> {
    let mut out = Vec::new();
    let n = |count: u32| integer(lang, count.into());
    out.push(Section::Heading(
        text::YEAR_HEADING
            .fill(lang, &[("year", &y.year.to_string()), ("units", &n(y.units)), ("cost", &kronor(y.cost, lang))]),
    ));
    let overdue = text::STILL_OVERDUE
        .fill(lang, &[("count", &n(y.overdue_at_year_end)), ("cost", &kronor(y.overdue_cost_at_year_end, lang))]);
    let listed = if y.replaced.len() > YEAR_LIST {
        text::FIRST_LISTED.fill(lang, &[("count", &YEAR_LIST.to_string())])
    } else {
        String::new()
    };
    let came = text::CAME_DUE.fill(lang, &[("due", &n(y.came_due)), ("carried", &n(y.carried_in))]);
    out.push(Section::Note(format!("{came}{overdue}{listed}")));
    let header = |t: arsring_dashboard::Text| Header::new(t.get(lang));
    out.push(Section::Table(Table {
        id: format!("plan-{}", y.year),
        headers: vec![
            header(text::ITEM),
            header(text::CATEGORY),
            header(text::URGENCY),
            header(text::DUE),
            Header::num(text::COST.get(lang)),
            header(text::WHY),
        ],
        rows: y
            .replaced
            .iter()
            .take(YEAR_LIST)
            .map(|e| {
                vec![
                    Cell::text(e.label),
                    Cell::text(super::text::category(e.category, lang)),
                    status_cell(e.urgency.status(), lang),
                    Cell::text(e.due.to_string()),
                    Cell::num(kronor(e.cost, lang)),
                    Cell::text(words::why(&e.why, lang)),
                ]
            })
            .collect(),
        filterable: false,
        empty: text::NOTHING_REPLACED.get(lang).into(),
    }));
    out
}

fn number<T: std::str::FromStr>(
    p: &Params,
    key: &str,
    what: arsring_dashboard::Text,
    lang: Lang,
) -> Result<Option<T>, PageError> {
    param(p, key).map(|v| v.trim().parse::<T>().map_err(|_| PageError::bad_query(key, what.get(lang)))).transpose()
}

/// The budget typed in, in öre; the parser's message in English, its translation in Swedish.
fn budget(p: &Params, lang: Lang) -> Result<i64, PageError> {
    let typed = param(p, "budget_sek").unwrap_or("");
    parse_sek(typed).map_err(|message| {
        let message = match lang {
            Lang::En => message,
            Lang::Sv => text::NOT_AN_AMOUNT.fill(lang, &[("text", &format!("”{typed}”"))]),
        };
        PageError::bad_query("budget_sek", message)
    })
}

fn plan_sections(app: &AppState, p: &Params, lang: Lang) -> Result<Vec<Section>, PageError> {
    let budget = budget(p, lang)?;
    let request = PlanRequest {
        annual_budget: budget,
        years: number(p, "years", text::WHOLE_YEARS, lang)?.unwrap_or(5),
        max_units_per_year: number(p, "max_units", text::WHOLE_UNITS, lang)?,
        project: project(p, lang)?,
        start_year: None,
        today: Utc::now().date_naive(),
    };
    let input = plan_input(app, request)?;
    let plan = make_plan(&input).map_err(|e| PageError::bad_query(&e.field, e.message.clone()))?;
    let t = &plan.totals;
    let count = |n: u64| integer(lang, i64::try_from(n).unwrap_or(i64::MAX));
    let budget_line = Some((budget as f64 / 100.0, text::BUDGET.fill(lang, &[("amount", &kronor(budget, lang))])));
    let download = |format: &str| {
        query(&[
            ("budget_sek", param(p, "budget_sek").unwrap_or("")),
            ("years", &input.years.to_string()),
            ("max_units", param(p, "max_units").unwrap_or("")),
            ("project", param(p, "project").unwrap_or("")),
            ("format", format),
        ])
    };
    let card = |label: arsring_dashboard::Text, value: u64, note: String| Card {
        label: label.get(lang).into(),
        value: count(value),
        note: Some(note),
    };
    let mut sections = vec![
        Section::Cards(vec![
            card(text::REPLACED, t.units, kronor(t.cost, lang)),
            card(text::BACKLOG, t.backlog.into(), kronor(t.backlog_cost, lang)),
            card(text::NEVER_FITS, t.never_fits.into(), kronor(t.never_fits_cost, lang)),
            card(text::NOT_PLANNABLE, t.not_plannable.into(), text::NOT_PLANNED.get(lang).into()),
        ]),
        Section::Bars {
            title: text::COST_PER_YEAR.get(lang).into(),
            unit: text::SEK.get(lang).into(),
            bars: plan
                .years
                .iter()
                .map(|y| Bar { label: y.year.to_string(), value: y.cost as f64 / 100.0, text: thousands(y.cost, lang) })
                .collect(),
            limit: budget_line,
        },
        Section::Bars {
            title: text::UNITS_PER_YEAR.get(lang).into(),
            unit: text::UNITS.get(lang).into(),
            bars: plan
                .years
                .iter()
                .map(|y| Bar { label: y.year.to_string(), value: f64::from(y.units), text: count(y.units.into()) })
                .collect(),
            limit: input
                .max_units_per_year
                .map(|m| (f64::from(m), text::AT_MOST.fill(lang, &[("count", &count(m.into()))]))),
        },
        Section::Downloads(vec![
            (text::PLAN_CSV.get(lang).into(), format!("/api/v1/lifecycle/plan{}", download("csv"))),
            (text::PLAN_EXCEL.get(lang).into(), format!("/api/v1/lifecycle/plan{}", download("xlsx"))),
        ]),
    ];
    for y in &plan.years {
        sections.extend(year_sections(y, lang));
    }
    Ok(sections)
}
