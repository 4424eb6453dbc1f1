//! Finance's page: a year's charges per department and entity, the per-server cost of each
//! pool, and the servers nobody pays for yet, shown first.

pub(crate) mod text;

use arsring_dashboard::i18n::integer;
use arsring_dashboard::{Card, Cell, Header, Lang, Nav, Section, Table};
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, Utc};

use super::{Params, failed, param, query, render, select};
use crate::app::AppState;
use crate::app::costs::{Charges, charges};
use crate::costs::engine::{ChargeReport, Total};
use crate::web::Viewer;
use crate::web::error::PageError;

/// Unassigned servers listed on the page; the servers CSV has them all.
const UNASSIGNED_LIST: usize = 100;

pub async fn costs(State(app): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let lang = viewer.lang;
    let Some(latest) = app.registers.get(&app.store).costs.latest().cloned() else {
        let note = text::NO_MODEL.get(lang);
        return render(&viewer, Nav::Costs, text::TITLE.get(lang), vec![Section::Note(note.into())]);
    };
    let years: Vec<String> = latest.model.years.iter().map(|y| y.year.to_string()).collect();
    let this_year = Utc::now().year().to_string();
    let default = if years.contains(&this_year) { this_year } else { years.last().cloned().unwrap_or(this_year) };
    let year_text = param(&p, "year").unwrap_or(&default).to_string();
    let year = match year_text.parse::<i32>() {
        Ok(y) => y,
        Err(_) => return failed(&viewer, Nav::Costs, PageError::bad_query("year", text::BAD_YEAR.get(lang))),
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
    let imported = version.at.format("%Y-%m-%d %H:%M").to_string();
    let mut sections = vec![
        Section::Filters {
            action: "/costs".into(),
            controls: vec![select("year", text::YEAR.get(lang), &options, &year_text)],
            submit: super::text::SHOW.get(lang).into(),
        },
        Section::Note(text::IMPORTED.fill(lang, &[("at", &imported), ("by", &version.by)])),
    ];
    if !report.unassigned.is_empty() {
        sections.push(unassigned_alert(&report, lang));
    }
    sections.push(Section::Cards(cards(&report, lang)));
    let not_allocated: Vec<String> = report
        .pools
        .iter()
        .filter_map(|p| {
            let reason = text::not_allocated_reason(p, lang)?;
            Some(format!("{}: {} ({reason})", p.name, exact(p.not_allocated_amount, lang)))
        })
        .collect();
    if !not_allocated.is_empty() {
        sections.push(Section::Alert { title: text::NOT_ALLOCATED_TITLE.get(lang).into(), body: not_allocated });
    }
    sections.push(Section::Downloads(vec![
        (
            text::WORKBOOK.get(lang).into(),
            format!("/api/v1/costs/report{}", query(&[("year", &year_text), ("format", "xlsx")])),
        ),
        (text::CHARGES_CSV.get(lang).into(), csv("report", false)),
        (text::CHARGES_CSV_SV.get(lang).into(), csv("report", true)),
        (text::SERVERS_CSV.get(lang).into(), csv("servers", false)),
        (text::SERVERS_CSV_SV.get(lang).into(), csv("servers", true)),
    ]));
    sections.push(Section::Heading(text::PER_DEPARTMENT.get(lang).into()));
    sections.push(Section::Table(totals_table("departments", text::DEPARTMENT, &report.departments, lang)));
    sections.push(Section::Heading(text::PER_ENTITY.get(lang).into()));
    sections.push(Section::Table(totals_table("entities", text::ENTITY, &report.entities, lang)));
    sections.push(Section::Heading(text::POOLS_HEADING.get(lang).into()));
    sections.push(Section::Table(pools_table(&report, lang)));
    sections.push(Section::Heading(text::LINES_HEADING.get(lang).into()));
    sections.push(Section::Table(lines_table(&report, lang)));
    render(&viewer, Nav::Costs, &text::TITLE_YEAR.fill(lang, &[("year", &year.to_string())]), sections)
}

fn count(n: usize, lang: Lang) -> String {
    integer(lang, i64::try_from(n).unwrap_or(i64::MAX))
}

fn unassigned_alert(report: &ChargeReport, lang: Lang) -> Section {
    let carried = report.unassigned_amount();
    let mut body = vec![text::UNASSIGNED_BODY.fill(lang, &[("amount", &exact(carried, lang))])];
    body.extend(
        report
            .unassigned
            .iter()
            .take(UNASSIGNED_LIST)
            .map(|u| format!("{}: {}", u.hostname, text::unassigned_reason(u, lang))),
    );
    if report.unassigned.len() > UNASSIGNED_LIST {
        let more = count(report.unassigned.len() - UNASSIGNED_LIST, lang);
        body.push(text::MORE_IN_CSV.fill(lang, &[("count", &more)]));
    }
    let title = text::UNASSIGNED_TITLE.fill(lang, &[("count", &count(report.unassigned.len(), lang))]);
    Section::Alert { title, body }
}

fn cards(report: &ChargeReport, lang: Lang) -> Vec<Card> {
    let carried = report.unassigned_amount();
    let mut note = text::POOLS_COUNT.fill(lang, &[("count", &count(report.pools.len(), lang))]);
    if let Some(settlement) = report.settlement {
        note.push_str(&text::SETTLEMENT.fill(lang, &[("amount", &exact(settlement, lang))]));
    }
    if carried != 0 {
        note.push_str(&text::BILLED_TO_NOBODY.fill(lang, &[("amount", &exact(carried, lang))]));
    }
    let mut cards = vec![Card {
        label: text::ALL_LINES.get(lang).into(),
        value: exact(report.grand_total, lang),
        note: Some(note),
    }];
    cards.extend(report.pools.iter().filter_map(|p| {
        let quantity = integer(lang, p.quantity);
        Some(Card {
            label: text::ONE_SERVER.fill(lang, &[("pool", &p.name)]),
            value: exact(p.unit_cost?, lang),
            note: Some(text::SERVERS_COUNTED.fill(lang, &[("count", &quantity)])),
        })
    }));
    cards.push(Card {
        label: text::UNASSIGNED_SERVERS.get(lang).into(),
        value: count(report.unassigned.len(), lang),
        note: None,
    });
    cards
}

fn amount(ore: i64, lang: Lang) -> Cell {
    Cell::num(exact(ore, lang))
}

/// Charges are shown to the öre, as they are billed, in the reader's notation.
fn exact(ore: i64, lang: Lang) -> String {
    arsring_dashboard::i18n::kronor(lang, ore)
}

fn headers(labels: &[arsring_dashboard::Text], numeric_from: usize, lang: Lang) -> Vec<Header> {
    labels
        .iter()
        .enumerate()
        .map(|(i, h)| if i >= numeric_from { Header::num(h.get(lang)) } else { Header::new(h.get(lang)) })
        .collect()
}

fn totals_table(id: &str, first: arsring_dashboard::Text, totals: &[Total], lang: Lang) -> Table {
    Table {
        id: id.into(),
        headers: headers(&[first, text::NAME, text::AMOUNT], 2, lang),
        rows: totals.iter().map(|t| vec![Cell::text(&t.id), Cell::text(&t.name), amount(t.amount, lang)]).collect(),
        filterable: false,
        empty: text::NO_CHARGES.get(lang).into(),
    }
}

fn pools_table(report: &ChargeReport, lang: Lang) -> Table {
    let labels = [
        text::POOL,
        text::METHOD,
        text::AMOUNT,
        text::QUANTITY,
        text::PER_SERVER,
        text::UNASSIGNED,
        text::UNASSIGNED_AMOUNT,
        text::NOT_ALLOCATED,
    ];
    Table {
        id: "pools".into(),
        headers: headers(&labels, 2, lang),
        rows: report
            .pools
            .iter()
            .map(|p| {
                vec![
                    Cell::text(&p.name),
                    Cell::text(text::method(p.method, lang)),
                    amount(p.amount, lang),
                    Cell::num(integer(lang, p.quantity)),
                    p.unit_cost.map_or_else(|| Cell::num(""), |ore| amount(ore, lang)),
                    Cell::num(integer(lang, p.unassigned_quantity)),
                    amount(p.unassigned_amount, lang),
                    amount(p.not_allocated_amount, lang),
                ]
            })
            .collect(),
        filterable: false,
        empty: text::NO_POOLS.get(lang).into(),
    }
}

fn lines_table(report: &ChargeReport, lang: Lang) -> Table {
    let labels =
        [text::ENTITY, text::DEPARTMENT, text::POOL, text::METHOD, text::DRIVER, text::UNIT_PRICE, text::AMOUNT];
    Table {
        id: "lines".into(),
        headers: headers(&labels, 5, lang),
        rows: report
            .lines
            .iter()
            .map(|l| {
                vec![
                    Cell::text(l.entity.as_deref().unwrap_or(text::NO_ENTITY.get(lang))),
                    Cell::text(l.department.as_deref().unwrap_or("")),
                    Cell::text(text::pool_name(&l.pool_name, report.year, lang)),
                    Cell::text(text::method(l.method, lang)),
                    Cell::text(text::driver(l, lang)),
                    l.unit_price.map_or_else(|| Cell::num(""), |ore| amount(ore, lang)),
                    amount(l.amount, lang),
                ]
            })
            .collect(),
        filterable: true,
        empty: text::NO_LINES.get(lang).into(),
    }
}
