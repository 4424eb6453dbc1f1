//! Finance's page: a year's charges per department and entity, the per-server cost of each
//! pool, and the servers nobody pays for yet, shown first.

use arsring_dashboard::{Card, Cell, Header, Nav, Section, Table};
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, Utc};

use super::{Params, failed, param, query, render, select};
use crate::app::AppState;
use crate::app::costs::{Charges, charges};
use crate::costs::engine::{ChargeReport, Total};
use crate::money::format_sek_sv;
use crate::web::Viewer;
use crate::web::error::PageError;

/// Unassigned servers listed on the page; the servers CSV has them all.
const UNASSIGNED_LIST: usize = 100;

pub async fn costs(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let Some(latest) = app.registers.get(&app.store).costs.latest().cloned() else {
        let note =
            "No cost model has been imported yet: arsring-collector costs import costs.toml (see deploy/costs.toml).";
        return render(&viewer, Nav::Costs, "Costs", vec![Section::Note(note.into())]);
    };
    let years: Vec<String> = latest.model.years.iter().map(|y| y.year.to_string()).collect();
    let this_year = Utc::now().year().to_string();
    let default = if years.contains(&this_year) { this_year } else { years.last().cloned().unwrap_or(this_year) };
    let year_text = param(&p, "year").unwrap_or(&default).to_string();
    let year = match year_text.parse::<i32>() {
        Ok(y) => y,
        Err(_) => return failed(&viewer, Nav::Costs, PageError::bad_query("year", "a year, e.g. 2026")),
    };
    let Charges { version, report, .. } = match charges(&app, Some(year), None) {
        Ok(built) => built,
        Err(err) => return failed(&viewer, Nav::Costs, err.into()),
    };
    let options: Vec<(&str, &str)> = years.iter().map(|y| (y.as_str(), y.as_str())).collect();
    let csv = |path: &str, sv: bool| {
        format!(
            "/api/v1/costs/{path}{}",
            query(&[("year", &year_text), ("format", "csv"), ("dialect", if sv { "sv" } else { "" })])
        )
    };
    let mut sections = vec![
        Section::Filters {
            action: "/costs".into(),
            controls: vec![select("year", "Year", &options, &year_text)],
            submit: "Show".into(),
        },
        Section::Note(format!(
            "Cost model imported {} by {}. Amounts are exact to the öre; every split sums to its pool.",
            version.at.format("%Y-%m-%d %H:%M"),
            version.by
        )),
    ];
    if !report.unassigned.is_empty() {
        sections.push(unassigned_alert(&report));
    }
    sections.push(Section::Cards(cards(&report)));
    let not_allocated: Vec<String> = report
        .pools
        .iter()
        .filter_map(|p| {
            Some(format!("{}: {} ({})", p.name, exact(p.not_allocated_amount), p.not_allocated_reason.as_ref()?))
        })
        .collect();
    if !not_allocated.is_empty() {
        sections.push(Section::Alert { title: "Pools not allocated this year".into(), body: not_allocated });
    }
    sections.push(Section::Downloads(vec![
        (
            "Charges: Excel workbook (debiteringsunderlag)".into(),
            format!("/api/v1/costs/report{}", query(&[("year", &year_text), ("format", "xlsx")])),
        ),
        ("Charges (CSV)".into(), csv("report", false)),
        ("Charges (CSV for Swedish Excel)".into(), csv("report", true)),
        ("Servers and who pays (CSV)".into(), csv("servers", false)),
        ("Servers and who pays (CSV for Swedish Excel)".into(), csv("servers", true)),
    ]));
    sections.push(Section::Heading("Per department".into()));
    sections.push(Section::Table(totals_table("departments", "Department", &report.departments)));
    sections.push(Section::Heading("Per billed entity".into()));
    sections.push(Section::Table(totals_table("entities", "Entity", &report.entities)));
    sections.push(Section::Heading("Pools and the cost of one server".into()));
    sections.push(Section::Table(pools_table(&report)));
    sections.push(Section::Heading("Charge lines".into()));
    sections.push(Section::Table(lines_table(&report)));
    render(&viewer, Nav::Costs, &format!("Costs {year}"), sections)
}

fn unassigned_alert(report: &ChargeReport) -> Section {
    let carried = report.unassigned_amount();
    let mut body = vec![format!(
        "They carry {} that is billed to nobody until an ownership rule, the asset register or a department tag places them.",
        exact(carried)
    )];
    body.extend(report.unassigned.iter().take(UNASSIGNED_LIST).map(|u| format!("{}: {}", u.hostname, u.reason)));
    if report.unassigned.len() > UNASSIGNED_LIST {
        body.push(format!("… and {} more in the servers CSV.", report.unassigned.len() - UNASSIGNED_LIST));
    }
    Section::Alert { title: format!("{} servers belong to no department", report.unassigned.len()), body }
}

fn cards(report: &ChargeReport) -> Vec<Card> {
    let carried = report.unassigned_amount();
    let mut note = format!("{} pools", report.pools.len());
    if let Some(settlement) = report.settlement {
        note.push_str(&format!(", settlement {}", exact(settlement)));
    }
    if carried != 0 {
        note.push_str(&format!("; {} billed to nobody yet", exact(carried)));
    }
    let mut cards = vec![Card { label: "All charge lines".into(), value: exact(report.grand_total), note: Some(note) }];
    cards.extend(report.pools.iter().filter_map(|p| {
        Some(Card {
            label: format!("One server, {}", p.name),
            value: exact(p.unit_cost?),
            note: Some(format!("{} servers counted", p.quantity)),
        })
    }));
    cards.push(Card { label: "Unassigned servers".into(), value: report.unassigned.len().to_string(), note: None });
    cards
}

fn amount(ore: i64) -> Cell {
    Cell::num(exact(ore))
}

/// Charges are shown to the öre, as they are billed.
fn exact(ore: i64) -> String {
    format!("{} kr", format_sek_sv(ore))
}

fn totals_table(id: &str, first: &str, totals: &[Total]) -> Table {
    Table {
        id: id.into(),
        headers: vec![Header::new(first), Header::new("Name"), Header::num("Amount")],
        rows: totals.iter().map(|t| vec![Cell::text(&t.id), Cell::text(&t.name), amount(t.amount)]).collect(),
        filterable: false,
        empty: "No charges this year.".into(),
    }
}

fn pools_table(report: &ChargeReport) -> Table {
    let headers =
        ["Pool", "Method", "Amount", "Quantity", "Per server", "Unassigned", "Unassigned amount", "Not allocated"];
    Table {
        id: "pools".into(),
        headers: headers
            .iter()
            .enumerate()
            .map(|(i, h)| if i >= 2 { Header::num(h) } else { Header::new(h) })
            .collect(),
        rows: report
            .pools
            .iter()
            .map(|p| {
                vec![
                    Cell::text(&p.name),
                    Cell::text(p.method.as_str()),
                    amount(p.amount),
                    Cell::num(p.quantity.to_string()),
                    p.unit_cost.map_or_else(|| Cell::num(""), amount),
                    Cell::num(p.unassigned_quantity.to_string()),
                    amount(p.unassigned_amount),
                    amount(p.not_allocated_amount),
                ]
            })
            .collect(),
        filterable: false,
        empty: "The year has no pools.".into(),
    }
}

fn lines_table(report: &ChargeReport) -> Table {
    let headers = ["Entity", "Department", "Pool", "Method", "Driver", "Unit price", "Amount"];
    Table {
        id: "lines".into(),
        headers: headers
            .iter()
            .enumerate()
            .map(|(i, h)| if i >= 5 { Header::num(h) } else { Header::new(h) })
            .collect(),
        rows: report
            .lines
            .iter()
            .map(|l| {
                vec![
                    Cell::text(l.entity.as_deref().unwrap_or("(unassigned)")),
                    Cell::text(l.department.as_deref().unwrap_or("")),
                    Cell::text(&l.pool_name),
                    Cell::text(l.method.as_str()),
                    Cell::text(&l.driver),
                    l.unit_price.map_or_else(|| Cell::num(""), amount),
                    amount(l.amount),
                ]
            })
            .collect(),
        filterable: true,
        empty: "No charge lines.".into(),
    }
}
