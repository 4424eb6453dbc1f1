use chrono::NaiveDate;

use super::*;
use crate::lifecycle::model::AgeSource;
use crate::lifecycle::plan::{PlanInput, PlanItem, plan};

fn item(id: &str, urgency: Urgency, due: &str, lifetime: Option<u32>) -> PlanItem {
    PlanItem {
        id: id.into(),
        label: id.into(),
        category: Category::Switch,
        urgency,
        due: Some(due.parse().unwrap()),
        cost: Some(100),
        lifetime_years: lifetime,
    }
}

/// Every kind of reason the plan gives, in English exactly as the plan says it.
#[test]
fn why_reads_as_the_plan_in_english() {
    let items = vec![
        item("a", Urgency::PastEndOfSecurityUpdates, "2024-06-30", Some(3)),
        item("b", Urgency::PastEndOfSecurityUpdates, "2029-06-30", None),
        item("c", Urgency::PastEndOfLife, "2025-01-01", Some(2)),
        item("d", Urgency::PastEndOfLife, "2030-01-01", None),
        item("e", Urgency::Due, "2024-03-01", None),
        item("f", Urgency::Ok, "2027-12-31", Some(1)),
    ];
    let mut seen = std::collections::HashSet::new();
    // One item a year delays some; a large budget replaces each in its own year.
    for annual_budget in [150, 10_000] {
        let items = items.clone();
        let input = PlanInput { start_year: 2025, years: 10, annual_budget, max_units_per_year: None, items };
        let plan = plan(&input).unwrap();
        for y in &plan.years {
            for e in &y.replaced {
                let en = why(&e.why, Lang::En);
                assert_eq!(en, e.why.to_string());
                let sv = why(&e.why, Lang::Sv);
                assert!(!sv.contains('{') && !sv.contains("end of"), "{sv}");
                seen.insert(en.chars().filter(|c| !c.is_ascii_digit()).collect::<String>());
            }
        }
    }
    assert_eq!(seen.len(), 7, "every reason: {seen:?}");
}

/// A rule as the engine gives it: its English and its facts.
fn rule_of(english: &str, basis: Basis) -> RuleMatch {
    let date = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    RuleMatch { rule: english.into(), milestone: Milestone::EndOfLife, date, status: Status::Ok, basis: Some(basis) }
}

#[test]
fn rules_read_in_swedish() {
    let sv = |english: &str, basis: Basis| rule(&rule_of(english, basis), Lang::Sv);
    let date = |s: &str| s.parse::<NaiveDate>().unwrap();
    let life = "lifecycle.toml: switch lifetime 8 years from 2019-03-01 (purchase date (asset register))";
    let basis = Basis::Lifetime {
        category: Category::Switch,
        years: 8,
        scope: vec![],
        since: date("2019-03-01"),
        source: AgeSource::AssetRegister,
    };
    assert_eq!(
        sv(life, basis.clone()),
        "lifecycle.toml: switch, livslängd 8 år från 2019-03-01 (inköpsdatum (inventarieregistret))"
    );
    assert_eq!(rule(&rule_of(life, basis), Lang::En), life, "English is the engine's own sentence");
    let scoped = Basis::Lifetime {
        category: Category::AccessPoint,
        years: 6,
        scope: vec![Scope::Site("skola-1".into()), Scope::Department("bun".into())],
        since: date("2020-01-31"),
        source: AgeSource::FirstSeen,
    };
    assert_eq!(
        sv("", scoped),
        "lifecycle.toml: access_point 6 år för plats skola-1, verksamhet bun från 2020-01-31 (först sedd av insamlaren (minst så gammal))"
    );
    let catalogue = |milestone| Basis::Catalogue { line: 12, model: "Cisco WS-C3560*".into(), milestone };
    assert_eq!(
        sv("", catalogue(Milestone::EndOfSecurityUpdates)),
        "katalograd 12: Cisco WS-C3560* – slut på säkerhetsuppdateringar"
    );
    assert_eq!(sv("", catalogue(Milestone::EndOfSale)), "katalograd 12: Cisco WS-C3560* – slut på försäljning");
    let release = |extended_until| Basis::Release { product: "rhel".into(), cycle: "7".into(), extended_until };
    assert_eq!(sv("", release(None)), "endoflife.date rhel 7: säkerhetsstödet upphör");
    assert_eq!(
        sv("", release(Some(date("2028-06-30")))),
        "endoflife.date rhel 7: säkerhetsstödet upphör; utökat stöd till 2028-06-30"
    );
    // Read back from JSON, a rule has no facts: its English is shown.
    let bare = RuleMatch { basis: None, ..rule_of("a rule of its own", release(None)) };
    assert_eq!(rule(&bare, Lang::Sv), "a rule of its own");
}

/// The engine's English and the page's English templates say the same, for every kind
/// of rule: the Swedish is the same sentence in other words.
#[test]
fn the_engine_and_the_templates_word_a_rule_alike() {
    use crate::lifecycle::catalogue::Entry;
    use crate::lifecycle::model::{InService, Item};
    use crate::lifecycle::policy::Policy;
    use crate::lifecycle::status::{Release, assess_with};
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    let policy = Policy::parse(
        "[[overrides]]\nsite = \"dc-norra\"\ndepartment = \"skola\"\ncategory = \"server\"\nlifetime_years = 4\n",
    )
    .unwrap();
    let item = |site: Option<&str>| Item {
        id: "x".into(),
        device_id: uuid::Uuid::nil(),
        device_name: "srv1".into(),
        component_index: None,
        category: Category::Server,
        vendor: Some("HPE".into()),
        model: Some("ProLiant DL380 Gen9".into()),
        serial: None,
        site: site.map(String::from),
        department: Some("skola".into()),
        in_service: Some(InService { date: day("2019-03-01"), source: AgeSource::BiosDate }),
        software: None,
        purchase_cost: None,
        warranty_end: None,
        last_seen: chrono::Utc::now(),
    };
    let entry = Entry {
        line: 3,
        vendor: "HPE".into(),
        model_pattern: "ProLiant DL380 Gen9".into(),
        end_of_sale: Some(day("2022-01-01")),
        end_of_security_updates: Some(day("2025-06-30")),
        end_of_support: Some(day("2026-06-30")),
        replacement_cost: None,
        replacement_model: None,
    };
    let release = Release::Found {
        product: "debian".into(),
        cycle: "10".into(),
        eol_from: Some(day("2024-06-30")),
        extended_until: Some(day("2029-06-30")),
    };
    let today = day("2026-12-03");
    let mut rules = assess_with(&item(Some("dc-norra")), &policy, Some(&entry), &release, today).rules;
    rules.extend(assess_with(&item(None), &policy, None, &Release::None, today).rules);
    assert_eq!(rules.len(), 6, "{rules:?}");
    for r in &rules {
        assert_eq!(worded(r.basis.as_ref().unwrap(), Lang::En), r.rule);
    }
}

#[test]
fn every_status_and_category_has_a_swedish_name() {
    for c in Category::ALL {
        assert!(!category(c, Lang::Sv).is_empty());
    }
    assert_eq!(status(Status::PastEndOfLife, Lang::Sv), "förbi livslängden");
}

/// The English stays what the model says, so the pages read as before.
#[test]
fn english_age_sources_are_the_models_words() {
    for a in [AgeSource::AssetRegister, AgeSource::ManufacturingDate, AgeSource::BiosDate, AgeSource::FirstSeen] {
        assert_eq!(age_source(a, Lang::En), a.describe());
    }
}
