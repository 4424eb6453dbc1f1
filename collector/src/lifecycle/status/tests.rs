use super::*;
use crate::lifecycle::model::{AgeSource, Category, InService};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn item(category: Category, since: Option<(NaiveDate, AgeSource)>) -> Item {
    Item {
        id: "x".into(),
        device_id: uuid::Uuid::nil(),
        device_name: "sw1".into(),
        component_index: None,
        category,
        vendor: Some("Cisco".into()),
        model: Some("WS-C3560G-48TS-E".into()),
        serial: None,
        site: None,
        department: None,
        in_service: since.map(|(date, source)| InService { date, source }),
        software: None,
        purchase_cost: None,
        warranty_end: None,
        last_seen: chrono::Utc::now(),
    }
}

const TODAY: (i32, u32, u32) = (2026, 11, 25);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

#[test]
fn no_date_is_unknown_never_guessed() {
    let a = assess(&item(Category::Switch, None), &Policy::default(), &Catalogue::default(), &Release::None, today());
    assert_eq!(a.status, Status::Unknown);
    assert_eq!(a.replace_by, None);
    assert!(a.notes.iter().any(|n| n.contains("age unknown")));
}

#[test]
fn policy_age_ok_due_and_past() {
    let policy = Policy::default(); // switches 8 years, due 12 months ahead
    let status = |since| {
        assess(
            &item(Category::Switch, Some((since, AgeSource::AssetRegister))),
            &policy,
            &Catalogue::default(),
            &Release::None,
            today(),
        )
    };
    assert_eq!(status(day(2020, 1, 1)).status, Status::Ok);
    assert_eq!(status(day(2019, 6, 1)).status, Status::Due, "ends 2027-06-01, within 12 months");
    let past = status(day(2011, 5, 2));
    assert_eq!(past.status, Status::PastEndOfLife);
    assert_eq!(past.replace_by, Some(day(2019, 5, 2)));
    assert!(past.decided_by.unwrap().rule.contains("purchase date (asset register)"));
    // An in-service date in the future (a purchase booked ahead) is simply ok.
    assert_eq!(status(day(2027, 3, 1)).status, Status::Ok);
}

#[test]
fn leap_day_in_service() {
    assert_eq!(add_years(day(2020, 2, 29), 5), day(2025, 2, 28));
    assert_eq!(add_years(day(2020, 2, 29), 8), day(2028, 2, 29));
    let a = assess(
        &item(Category::Server, Some((day(2021, 2, 28), AgeSource::BiosDate))),
        &Policy::default(),
        &Catalogue::default(),
        &Release::None,
        day(2026, 2, 28),
    );
    assert_eq!(a.status, Status::PastEndOfLife, "the end date itself counts as past");
}

#[test]
fn most_severe_rule_wins_and_all_are_listed() {
    let catalogue = super::super::catalogue::parse(
        b"vendor,model_pattern,end_of_sale,end_of_security_updates,end_of_support,replacement_cost_sek\n\
              Cisco,WS-C3560*,2016-10-30,2019-10-30,2021-10-31,45000\n",
    )
    .unwrap()
    .rows;
    let release = Release::Found {
        product: "cisco-ios-xe".into(),
        cycle: "16.9".into(),
        eol_from: Some(day(2023, 7, 31)),
        extended_until: None,
    };
    let it = item(Category::Switch, Some((day(2020, 1, 1), AgeSource::ManufacturingDate)));
    let a = assess(&it, &Policy::default(), &catalogue, &release, today());
    assert_eq!(a.status, Status::PastEndOfSecurityUpdates);
    let decided = a.decided_by.unwrap();
    assert_eq!(decided.date, day(2019, 10, 30), "the earliest of the most severe");
    assert_eq!(a.rules.len(), 5, "policy, support, security, sale, release: {:?}", a.rules);
    assert_eq!(a.replace_by, Some(day(2019, 10, 30)));
    assert_eq!(a.replacement_cost.unwrap().ore, 4_500_000);
}

#[test]
fn missing_release_cycle_is_said() {
    let it = item(Category::Router, Some((day(2024, 1, 1), AgeSource::FirstSeen)));
    let a = assess(
        &it,
        &Policy::default(),
        &Catalogue::default(),
        &Release::Missing("Junos is not on endoflife.date".into()),
        today(),
    );
    assert_eq!(a.status, Status::Ok);
    assert!(a.notes.iter().any(|n| n.contains("Junos")));
}
