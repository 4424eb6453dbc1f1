use super::*;
use crate::costs::engine::{PoolSummary, Total};
use crate::costs::model::MethodKind;

fn line(entity: Option<&str>, department: Option<&str>, amount: Ore) -> Line {
    Line {
        pool: "platform".into(),
        pool_name: "Serverplattform".into(),
        method: MethodKind::PerServer,
        department: department.map(str::to_string),
        entity: entity.map(str::to_string),
        driver: "3 servers".into(),
        driven_by: Some(crate::costs::driver::Driver::Servers { count: 3, class: None, days: false }),
        quantity: 3,
        unit_price: None,
        amount,
    }
}

fn report() -> ChargeReport {
    let lines = vec![
        line(Some("kommun"), Some("skola"), 33_333_334),
        line(Some("kommun"), Some("kultur"), 33_333_333),
        line(Some("bolag/energi"), Some("energi"), 33_333_333),
        line(None, None, 1),
    ];
    ChargeReport {
        year: 2026,
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        rounding: "largest remainder".into(),
        pools: vec![PoolSummary {
            id: "platform".into(),
            name: "Serverplattform".into(),
            method: MethodKind::PerServer,
            amount: 100_000_001,
            quantity: 10,
            unit_cost: Some(10_000_000),
            unassigned_quantity: 1,
            unassigned_amount: 1,
            not_allocated_amount: 0,
            not_allocated_reason: None,
            not_allocated_why: None,
        }],
        departments: vec![],
        entities: vec![
            Total { id: "bolag/energi".into(), name: "Energibolaget".into(), amount: 33_333_333 },
            Total { id: "kommun".into(), name: "Kommunen".into(), amount: 66_666_667 },
        ],
        unassigned: vec![],
        settlement: None,
        grand_total: 100_000_001,
        lines,
    }
}

fn money(values: &[Value]) -> Vec<Ore> {
    values.iter().filter_map(|v| if let Value::Money(o) = v { Some(*o) } else { None }).collect()
}

#[test]
fn a_summary_row_per_billed_entity_and_a_sheet_each_that_add_up_to_the_ore() {
    let names = BTreeMap::from([("skola", "Skolförvaltningen"), ("kultur", "Kultur och fritid")]);
    let sheets = charges(&report(), &names, "av 2026-11-30");
    let titles: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(titles, ["Sammanfattning 2026", "Ej fördelat", "Energibolaget", "Kommunen"]);
    let summary = &sheets[0];
    let entity_rows: Ore = summary.rows.iter().flat_map(|r| money(r)).sum();
    assert_eq!(entity_rows, 100_000_001, "entities plus the unassigned share");
    assert_eq!(money(summary.total.as_ref().unwrap()), [100_000_001]);
    assert!(summary.notes.iter().any(|n| n.contains("largest remainder")), "the rounding rule is stated");
    for sheet in &sheets[1..] {
        let rows: Ore = sheet.rows.iter().map(|r| *money(r).last().unwrap()).sum();
        assert_eq!(money(sheet.total.as_ref().unwrap()), [rows], "{}", sheet.name);
    }
    let kommun = &sheets[3];
    assert_eq!(kommun.rows[0][2], Value::text("Skolförvaltningen"));
    assert!(kommun.rows[0].contains(&Value::text("3 servrar")), "drivers in Swedish: {:?}", kommun.rows[0]);
    assert_eq!(money(kommun.total.as_ref().unwrap()), [66_666_667]);
}

#[test]
fn pools_not_allocated_are_stated() {
    let mut r = report();
    r.pools[0].not_allocated_amount = 500_000;
    r.pools[0].not_allocated_reason = Some("no servers are counted this year".into());
    let sheets = charges(&r, &BTreeMap::new(), "");
    assert!(
        sheets[0].notes.iter().any(|n| n.contains("Ej fördelat: Serverplattform (5\u{a0}000,00 kr)")),
        "{:?}",
        sheets[0].notes
    );
    // With its facts (a report just computed), the reason is in Swedish.
    r.pools[0].not_allocated_why = Some(crate::costs::reason::NotAllocated::NoServersCounted);
    let sheets = charges(&r, &BTreeMap::new(), "");
    let note = "Ej fördelat: Serverplattform (5\u{a0}000,00 kr): inga servrar räknas det här året, så beloppet kan inte fördelas.";
    assert!(sheets[0].notes.iter().any(|n| n == note), "{:?}", sheets[0].notes);
}

#[test]
fn the_plan_says_category_urgency_and_why_in_swedish() {
    use crate::lifecycle::model::Category;
    use crate::lifecycle::plan::{PlanInput, PlanItem, Urgency, plan as make_plan};
    let item = PlanItem {
        id: "fw-1".into(),
        label: "fw-1".into(),
        category: Category::Firewall,
        urgency: Urgency::PastEndOfSecurityUpdates,
        due: Some(chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()),
        cost: Some(100),
        lifetime_years: None,
    };
    let input =
        PlanInput { start_year: 2025, years: 2, annual_budget: 1_000, max_units_per_year: None, items: vec![item] };
    let sheets = plan(&make_plan(&input).unwrap(), 1_000);
    let row = &sheets[1].rows[0];
    assert_eq!(row[3], Value::text("brandvägg"));
    assert_eq!(row[4], Value::text("utan säkerhetsuppdateringar"));
    assert_eq!(row[7], Value::text("utan säkerhetsuppdateringar sedan 2024-06-30"));
}

#[test]
fn the_outdated_list_says_status_age_source_and_rule_in_swedish() {
    use crate::lifecycle::model::{AgeSource, Category};
    use crate::lifecycle::outdated::Outdated;
    use crate::lifecycle::status::{Basis, Milestone, RuleMatch, Status};
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let rule = RuleMatch {
        rule: "lifecycle.toml: switch lifetime 8 years from 2015-03-01 (purchase date (asset register))".into(),
        milestone: Milestone::EndOfLife,
        date: day("2023-03-01"),
        status: Status::PastEndOfLife,
        basis: Some(Basis::Lifetime {
            category: Category::Switch,
            years: 8,
            scope: vec![],
            since: day("2015-03-01"),
            source: AgeSource::AssetRegister,
        }),
    };
    let row = Outdated {
        device_id: uuid::Uuid::nil(),
        name: "acc-1".into(),
        site: None,
        category: Category::Switch,
        vendor: None,
        model: None,
        serial: None,
        firmware: None,
        age_years: Some(11.8),
        age_source: Some(AgeSource::AssetRegister.describe().into()),
        age_from: Some(AgeSource::AssetRegister),
        status: Status::PastEndOfLife,
        reason: Some(rule.rule.clone()),
        decided_by: Some(rule),
        since: Some(day("2023-03-01")),
        replace_by: Some(day("2023-03-01")),
        replacement_model: None,
        replacement_cost_ore: None,
        last_seen: chrono::Utc::now(),
        connections: 0,
        connected_to: None,
    };
    let sheets = outdated(&[row], day("2026-12-03"));
    let cells = &sheets[0].rows[0];
    assert_eq!(cells[8], Value::text("inköpsdatum (inventarieregistret)"));
    assert_eq!(cells[9], Value::text("förbi livslängden"));
    assert_eq!(
        cells[10],
        Value::text("lifecycle.toml: switch, livslängd 8 år från 2015-03-01 (inköpsdatum (inventarieregistret))")
    );
}
