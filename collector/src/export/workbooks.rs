//! The workbooks finance and the renewal projects are handed: the charge report
//! (debiteringsunderlag), the renewal plan and the outdated network devices. Pure: reports
//! in, sheets out; `xlsx::workbook` writes them. Labels are Swedish, the language of the
//! finance office that reads them.

use std::collections::BTreeMap;

use arsring_i18n::Lang;

use super::xlsx::{Sheet, Value, sheet_name};
use crate::costs::engine::{ChargeReport, Line, UNASSIGNED};
use crate::costs::swedish;
use crate::lifecycle::outdated::Outdated;
use crate::lifecycle::plan::Plan;
use crate::lifecycle::words;
use crate::money::Ore;

const TOTAL: &str = "Summa";
/// The workbooks' language.
const SV: Lang = Lang::Sv;

/// The charge report of one year: a summary with one row per billed entity, then one sheet
/// per billed entity with its departments' lines, and one for the unassigned servers' share.
/// `departments` names department ids.
pub fn charges(report: &ChargeReport, departments: &BTreeMap<&str, &str>, model: &str) -> Vec<Sheet> {
    let mut sheets = vec![summary(report, model)];
    let mut taken: Vec<String> = vec![sheets[0].name.clone()];
    let mut by_entity: BTreeMap<Option<&str>, Vec<&Line>> = BTreeMap::new();
    for line in &report.lines {
        by_entity.entry(line.entity.as_deref()).or_default().push(line);
    }
    for (entity, lines) in by_entity {
        let title = match entity {
            Some(id) => report.entities.iter().find(|e| e.id == id).map_or(id, |e| e.name.as_str()),
            None => "Ej fördelat",
        };
        let name = sheet_name(title, &taken);
        taken.push(name.clone());
        sheets.push(entity_sheet(name, entity, &lines, departments, report.year));
    }
    sheets
}

fn summary(report: &ChargeReport, model: &str) -> Sheet {
    let mut rows: Vec<Vec<Value>> = report
        .entities
        .iter()
        .map(|e| vec![Value::text(&e.id), Value::text(&e.name), Value::Money(e.amount)])
        .collect();
    let unassigned: Ore = report.lines.iter().filter(|l| l.entity.is_none()).map(|l| l.amount).sum();
    if unassigned != 0 {
        rows.push(vec![Value::text(UNASSIGNED), Value::text("Servrar utan verksamhet"), Value::Money(unassigned)]);
    }
    let mut notes = vec![
        format!("Debiteringsunderlag {}, beräknat {} enligt kostnadsmodellen {model}.", report.year, report.today),
        format!("Avrundning: {}", report.rounding),
        "Beloppen är exakta på öret; summan är ett värde, inte en formel.".into(),
    ];
    if let Some(settlement) = report.settlement {
        notes.push(format!("Årets avräkning ingår: {} kr.", crate::money::format_sek_sv(settlement)));
    }
    for p in report.pools.iter().filter(|p| p.not_allocated_reason.is_some()) {
        let reason = match p.not_allocated_why {
            Some(why) => swedish::not_allocated(why),
            None => p.not_allocated_reason.as_deref().unwrap_or_default(),
        };
        let amount = crate::money::format_sek_sv(p.not_allocated_amount);
        notes.push(format!("Ej fördelat: {} ({amount} kr): {reason}.", p.name));
    }
    Sheet {
        name: format!("Sammanfattning {}", report.year),
        headers: ["Enhet", "Namn", "Belopp (kr)"].map(String::from).to_vec(),
        rows,
        total: Some(vec![Value::text(TOTAL), Value::Empty, Value::Money(report.grand_total)]),
        notes,
    }
}

fn entity_sheet(
    name: String,
    entity: Option<&str>,
    lines: &[&Line],
    departments: &BTreeMap<&str, &str>,
    year: i32,
) -> Sheet {
    let rows = lines
        .iter()
        .map(|l| {
            let department = l.department.as_deref();
            vec![
                Value::Int(i64::from(year)),
                Value::opt_text(department),
                Value::opt_text(department.and_then(|d| departments.get(d).copied())),
                Value::text(&l.pool_name),
                Value::text(l.method.as_str()),
                Value::text(l.driven_by.as_ref().map_or_else(|| l.driver.clone(), swedish::driver)),
                Value::Int(l.quantity),
                l.unit_price.map_or(Value::Empty, Value::Money),
                Value::Money(l.amount),
            ]
        })
        .collect();
    let amount: Ore = lines.iter().map(|l| l.amount).sum();
    let mut total = vec![Value::text(TOTAL)];
    total.extend(std::iter::repeat_n(Value::Empty, 7));
    total.push(Value::Money(amount));
    Sheet {
        name,
        headers: [
            "År",
            "Verksamhet",
            "Namn",
            "Kostnadspool",
            "Metod",
            "Fördelas efter",
            "Antal",
            "À-pris (kr)",
            "Belopp (kr)",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        total: Some(total),
        notes: vec![match entity {
            Some(id) => format!("Debiteringsunderlag {year} för {id}."),
            None => format!("{year}: servrar som ingen ägarregel, inget register och ingen tagg placerar."),
        }],
    }
}

/// The renewal plan: one row per replacement, year by year, and the totals per year.
pub fn plan(plan: &Plan<'_>, budget: Ore) -> Vec<Sheet> {
    let rows = plan
        .years
        .iter()
        .flat_map(|y| {
            y.replaced.iter().map(move |e| {
                vec![
                    Value::Int(i64::from(y.year)),
                    Value::text(e.id.to_string()),
                    Value::text(e.label),
                    Value::text(words::category(e.category, SV)),
                    Value::text(words::status(e.urgency.status(), SV)),
                    Value::Date(e.due),
                    Value::Money(e.cost),
                    Value::text(words::why(&e.why, SV)),
                ]
            })
        })
        .collect();
    let years = plan
        .years
        .iter()
        .map(|y| {
            vec![
                Value::Int(i64::from(y.year)),
                Value::Int(i64::from(y.units)),
                Value::Money(y.cost),
                Value::Money(y.budget_left),
                Value::Int(i64::from(y.overdue_at_year_end)),
                Value::Money(y.overdue_cost_at_year_end),
            ]
        })
        .collect();
    let t = &plan.totals;
    let budget = crate::money::format_sek_sv(budget);
    vec![
        Sheet {
            name: "Per år".into(),
            headers: [
                "År",
                "Enheter",
                "Kostnad (kr)",
                "Kvar av budget (kr)",
                "Försenade vid årets slut",
                "Deras kostnad (kr)",
            ]
            .map(String::from)
            .to_vec(),
            rows: years,
            total: Some(vec![
                Value::text(TOTAL),
                Value::Int(i64::try_from(t.units).unwrap_or(i64::MAX)),
                Value::Money(t.cost),
            ]),
            notes: vec![
                format!("Cyklisk förvaltning: årsbudget {budget} kr."),
                format!(
                    "Kvar efter planperioden: {} enheter, {} kr.",
                    t.backlog,
                    crate::money::format_sek_sv(t.backlog_cost)
                ),
                format!(
                    "Ryms aldrig i en årsbudget: {} enheter; kan inte planeras (okänt datum eller pris): {}.",
                    t.never_fits, t.not_plannable
                ),
            ],
        },
        Sheet {
            name: "Utbyten".into(),
            headers: ["År", "Id", "Vad", "Kategori", "Angelägenhet", "Förfaller", "Kostnad (kr)", "Varför"]
                .map(String::from)
                .to_vec(),
            rows,
            total: Some(vec![
                Value::text(TOTAL),
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Money(t.cost),
            ]),
            notes: vec![],
        },
    ]
}

/// The technicians' work list of outdated network devices.
pub fn outdated(rows: &[Outdated], as_of: chrono::NaiveDate) -> Vec<Sheet> {
    let rows = rows
        .iter()
        .map(|d| {
            vec![
                Value::text(&d.name),
                Value::opt_text(d.site.as_deref()),
                Value::text(words::category(d.category, SV)),
                Value::opt_text(d.vendor.as_deref()),
                Value::opt_text(d.model.as_deref()),
                Value::opt_text(d.serial.as_deref()),
                Value::opt_text(d.firmware.as_deref()),
                d.age_years.map_or(Value::Empty, |a| Value::Number((a * 10.0).round() / 10.0)),
                Value::opt_text(d.age_from.map(|source| words::age_source(source, SV))),
                Value::text(words::status(d.status, SV)),
                Value::opt_text(d.decided_by.as_ref().map(|rule| words::rule(rule, SV)).as_deref()),
                d.replace_by.map_or(Value::Empty, Value::Date),
                d.replacement_cost_ore.map_or(Value::Empty, Value::Money),
                Value::opt_text(d.connected_to.as_deref()),
                Value::Date(d.last_seen.date_naive()),
            ]
        })
        .collect();
    vec![Sheet {
        name: "Föråldrade nätverksenheter".into(),
        headers: [
            "Enhet",
            "Plats",
            "Kategori",
            "Tillverkare",
            "Modell",
            "Serienummer",
            "Firmware",
            "Ålder (år)",
            "Ålder enligt",
            "Status",
            "Regel",
            "Bytes senast",
            "Ersättning (kr)",
            "Ansluten till",
            "Senast sedd",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        total: None,
        notes: vec![format!("Läge {as_of}. Värst först.")],
    }]
}

#[cfg(test)]
mod tests;
