//! Tests for `plan`: worked examples, then properties checked against an independent oracle.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::*;

fn date(text: &str) -> NaiveDate {
    text.parse().expect("test date")
}

fn item(id: &str, urgency: Urgency, due: &str, cost: Ore) -> PlanItem {
    PlanItem {
        id: id.to_string(),
        label: format!("{id} (WS-C3560G-48TS-E)"),
        category: Category::Switch,
        urgency,
        due: Some(date(due)),
        cost: Some(cost),
        lifetime_years: None,
    }
}

fn input(years: u32, annual_budget: Ore, items: Vec<PlanItem>) -> PlanInput {
    PlanInput { start_year: 2025, years, annual_budget, max_units_per_year: None, items }
}

fn ids(year: &PlanYear) -> Vec<String> {
    year.replaced.iter().map(|p| p.id.to_string()).collect()
}

fn error(input: &PlanInput) -> String {
    plan(input).expect_err("invalid input").field
}

#[test]
fn spends_the_budget_exactly_and_carries_the_rest_over() {
    let items = vec![
        item("a", Urgency::Due, "2024-01-01", 100),
        item("b", Urgency::Due, "2024-02-01", 200),
        item("c", Urgency::Due, "2024-03-01", 50),
    ];
    let input = input(2, 300, items);
    let plan = plan(&input).unwrap();
    let first = &plan.years[0];
    assert_eq!(
        (ids(first), first.units, first.cost, first.budget_left),
        (vec!["a".to_string(), "b".to_string()], 2, 300, 0)
    );
    assert_eq!(
        (first.overdue_at_year_end, first.overdue_cost_at_year_end, first.stopped_by),
        (1, 50, Some(Stop::Budget))
    );
    let second = &plan.years[1];
    assert_eq!(
        (ids(second), second.carried_in, second.came_due, second.budget_left),
        (vec!["c".to_string()], 1, 0, 250)
    );
    assert_eq!((second.overdue_at_year_end, second.stopped_by), (0, None));
    assert_eq!((plan.totals.units, plan.totals.cost, plan.totals.backlog), (3, 350, 0));
}

#[test]
fn the_command_line_reads_a_plans_figures_back() {
    let items = vec![item("a", Urgency::Due, "2024-01-01", 100), item("b", Urgency::PastEndOfLife, "2023-02-01", 200)];
    let input = input(3, 150, items);
    let plan = plan(&input).unwrap();
    let figures: PlanFigures = serde_json::from_value(serde_json::to_value(&plan).unwrap()).unwrap();
    assert_eq!(figures.totals, plan.totals);
    let expected: Vec<YearFigures> = plan
        .years
        .iter()
        .map(|y| YearFigures {
            year: y.year,
            units: y.units,
            cost: y.cost,
            budget_left: y.budget_left,
            carried_in: y.carried_in,
            came_due: y.came_due,
            overdue_at_year_end: y.overdue_at_year_end,
            overdue_cost_at_year_end: y.overdue_cost_at_year_end,
        })
        .collect();
    assert_eq!(figures.years, expected);
}

#[test]
fn an_item_that_does_not_fit_stops_the_year() {
    // `cheap` would fit the 40 left after `security`, but `eol` is more urgent and does not.
    let items = vec![
        item("cheap", Urgency::Due, "2025-01-01", 10),
        item("eol", Urgency::PastEndOfLife, "2023-01-01", 60),
        item("security", Urgency::PastEndOfSecurityUpdates, "2024-06-30", 60),
    ];
    let input = input(2, 100, items);
    let plan = plan(&input).unwrap();
    assert_eq!(ids(&plan.years[0]), ["security"]);
    assert_eq!((plan.years[0].budget_left, plan.years[0].overdue_at_year_end), (40, 2));
    assert_eq!(plan.years[0].overdue_cost_at_year_end, 70);
    assert_eq!(plan.years[0].replaced[0].why.to_string(), "past end of security updates since 2024-06-30");
    assert_eq!(ids(&plan.years[1]), ["eol", "cheap"]);
    assert_eq!(plan.years[1].replaced[1].why.to_string(), "past end of life since 2025-01-01");
}

#[test]
fn an_item_larger_than_the_budget_goes_to_never_fits_and_blocks_nothing() {
    let items = vec![
        item("huge", Urgency::PastEndOfSecurityUpdates, "2020-01-01", 15_000),
        item("small", Urgency::Due, "2025-05-01", 4_000),
    ];
    let input = input(1, 10_000, items);
    let plan = plan(&input).unwrap();
    assert_eq!(ids(&plan.years[0]), ["small"]);
    assert_eq!(plan.never_fits.len(), 1);
    let huge = &plan.never_fits[0];
    assert_eq!((huge.id, huge.reason, huge.cost), ("huge", UnplannedReason::ExceedsAnnualBudget, Some(15_000)));
    assert_eq!(
        huge.why,
        "costs 150.00 SEK, more than the whole annual budget of 100.00 SEK: needs a separate investment decision"
    );
    assert_eq!((plan.totals.never_fits, plan.totals.never_fits_cost), (1, 15_000));
    assert!(plan.backlog_after_horizon.is_empty() && plan.due_after_horizon.is_empty());
}

#[test]
fn the_unit_cap_stops_the_year() {
    let items = (0..5).map(|n| item(&format!("s{n}"), Urgency::Due, "2024-01-01", 1)).collect();
    let input = PlanInput { max_units_per_year: Some(2), ..input(3, 1_000, items) };
    let plan = plan(&input).unwrap();
    let units: Vec<u32> = plan.years.iter().map(|y| y.units).collect();
    assert_eq!(units, [2, 2, 1]);
    assert_eq!(plan.years[0].stopped_by, Some(Stop::UnitCap));
    assert_eq!((plan.years[1].carried_in, plan.years[1].overdue_at_year_end), (3, 1));
    assert_eq!(plan.years[2].stopped_by, None);
}

#[test]
fn future_items_wait_for_their_year_but_overdue_status_does_not() {
    let items = vec![
        item("later", Urgency::Ok, "2027-12-31", 10),
        // Past security updates although its end-of-life date is later: a candidate now.
        item("insecure", Urgency::PastEndOfSecurityUpdates, "2029-06-30", 10),
    ];
    let input = input(5, 100, items);
    let plan = plan(&input).unwrap();
    assert_eq!(ids(&plan.years[0]), ["insecure"]);
    assert_eq!(plan.years[0].replaced[0].why.to_string(), "past end of security updates (end of life 2029-06-30)");
    assert!(plan.years[1].replaced.is_empty());
    assert_eq!(ids(&plan.years[2]), ["later"]);
    assert_eq!(plan.years[2].replaced[0].why.to_string(), "reaches end of life on 2027-12-31");
}

#[test]
fn a_lifetime_brings_the_replacement_back_within_the_horizon() {
    let mut switch = item("sw", Urgency::Due, "2025-03-01", 500);
    switch.lifetime_years = Some(3);
    let input = input(10, 1_000, vec![switch]);
    let plan = plan(&input).unwrap();
    let replaced: Vec<(i32, String, NaiveDate)> =
        plan.years.iter().flat_map(|y| y.replaced.iter().map(move |p| (y.year, p.id.to_string(), p.due))).collect();
    let expected = [
        (2025, "sw", "2025-03-01"),
        (2028, "sw#2", "2028-12-31"),
        (2031, "sw#3", "2031-12-31"),
        (2034, "sw#4", "2034-12-31"),
    ];
    assert_eq!(replaced, expected.map(|(year, id, due)| (year, id.to_string(), date(due))));
    assert_eq!(
        plan.years[3].replaced[0].why.to_string(),
        "the 3-year lifetime of its 2025 replacement ends 2028-12-31"
    );
    assert_eq!((plan.years[3].replaced[0].cycle, plan.years[3].replaced[0].urgency), (2, Urgency::Due));
    let next = &plan.due_after_horizon[0];
    assert_eq!((next.id.to_string(), next.due), ("sw#5".to_string(), date("2037-12-31")));
    assert_eq!(next.why.to_string(), "the 3-year lifetime of its 2034 replacement ends 2037-12-31");
}

#[test]
fn what_is_left_is_listed_after_the_horizon() {
    let items = vec![
        item("replaced", Urgency::Due, "2024-01-01", 80),
        item("left", Urgency::Due, "2024-02-01", 50),
        item("later", Urgency::Ok, "2030-04-30", 10),
    ];
    let input = input(1, 100, items);
    let plan = plan(&input).unwrap();
    assert_eq!(ids(&plan.years[0]), ["replaced"]);
    let left = &plan.backlog_after_horizon[0];
    assert_eq!(
        (left.id.to_string(), left.why.to_string()),
        ("left".into(), "past end of life since 2024-02-01".into())
    );
    let later = &plan.due_after_horizon[0];
    assert_eq!(later.why.to_string(), "reaches end of life on 2030-04-30");
    let totals = &plan.totals;
    assert_eq!((totals.backlog, totals.backlog_cost, totals.due_after_horizon), (1, 50, 1));
}

#[test]
fn a_zero_budget_replaces_only_what_costs_nothing() {
    let items = vec![item("free", Urgency::Due, "2024-01-01", 0), item("paid", Urgency::Due, "2024-01-01", 1)];
    let input = input(1, 0, items);
    let plan = plan(&input).unwrap();
    assert_eq!(ids(&plan.years[0]), ["free"]);
    assert_eq!(plan.never_fits.iter().map(|u| u.id).collect::<Vec<_>>(), ["paid"]);
}

#[test]
fn empty_input_gives_empty_years() {
    let input = input(3, 1_000, vec![]);
    let plan = plan(&input).unwrap();
    assert_eq!(plan.years.iter().map(|y| y.year).collect::<Vec<_>>(), [2025, 2026, 2027]);
    assert!(plan.years.iter().all(|y| y.units == 0 && y.budget_left == 1_000 && y.stopped_by.is_none()));
    assert_eq!(plan.totals, PlanTotals::default());
}

#[test]
fn unknown_date_or_cost_is_not_planned() {
    let mut no_date = item("no-date", Urgency::PastEndOfSecurityUpdates, "2020-01-01", 10);
    no_date.due = None;
    let mut no_cost = item("no-cost", Urgency::Due, "2020-01-01", 10);
    no_cost.cost = None;
    let mut neither = no_cost.clone();
    (neither.id, neither.due) = ("neither".into(), None);
    let input = input(2, 100, vec![neither, no_cost, no_date]);
    let plan = plan(&input).unwrap();
    let reasons: Vec<(&str, UnplannedReason)> = plan.not_plannable.iter().map(|u| (u.id, u.reason)).collect();
    let expected = [
        ("no-date", UnplannedReason::UnknownDue),
        ("neither", UnplannedReason::UnknownDueAndCost),
        ("no-cost", UnplannedReason::UnknownCost),
    ];
    assert_eq!(reasons, expected);
    assert_eq!(plan.not_plannable[1].why, "end-of-life date and replacement cost unknown");
    assert_eq!((plan.totals.not_plannable, plan.totals.units), (3, 0));
}

#[test]
fn priority_is_urgency_then_date_then_higher_cost_then_id() {
    let items = vec![
        item("ok-early", Urgency::Ok, "2024-01-01", 1),
        item("due-late", Urgency::Due, "2024-06-01", 1),
        item("b-cheap", Urgency::Due, "2024-03-01", 1),
        item("a-cheap", Urgency::Due, "2024-03-01", 1),
        item("dear", Urgency::Due, "2024-03-01", 5),
        item("eol", Urgency::PastEndOfLife, "2024-09-01", 1),
        item("security", Urgency::PastEndOfSecurityUpdates, "2025-01-01", 1),
    ];
    let input = input(1, 100, items);
    let plan = plan(&input).unwrap();
    assert_eq!(ids(&plan.years[0]), ["security", "eol", "ok-early", "dear", "a-cheap", "b-cheap", "due-late"]);
}

#[test]
fn invalid_input_names_the_field() {
    let good =
        || input(5, 100, vec![item("a", Urgency::Due, "2025-01-01", 1), item("b", Urgency::Due, "2025-01-01", 1)]);
    assert_eq!(error(&PlanInput { years: 0, ..good() }), "years");
    assert_eq!(error(&PlanInput { years: 31, ..good() }), "years");
    assert_eq!(error(&PlanInput { start_year: -5, ..good() }), "start_year");
    let negative = PlanInput { annual_budget: -1, ..good() };
    assert_eq!(plan(&negative).unwrap_err().to_string(), "annual_budget: must not be negative, got -1");
    let mut bad = good();
    bad.items[1].cost = Some(-1);
    assert_eq!(error(&bad), "items[1].cost");
    let mut bad = good();
    bad.items[0].lifetime_years = Some(0);
    assert_eq!(error(&bad), "items[0].lifetime_years");
    let mut bad = good();
    bad.items[1].id = String::new();
    assert_eq!(error(&bad), "items[1].id");
    let mut bad = good();
    bad.items[1].id = "a".into();
    assert_eq!(plan(&bad).unwrap_err().to_string(), "items[1].id: duplicate id \"a\" (also items[0])");
}

#[test]
fn large_sums_saturate_instead_of_wrapping() {
    let items = (0..3).map(|n| item(&format!("x{n}"), Urgency::Due, "2024-01-01", Ore::MAX)).collect();
    let input = input(3, Ore::MAX, items);
    let plan = plan(&input).unwrap();
    assert!(plan.years.iter().all(|y| y.units == 1 && y.cost == Ore::MAX && y.budget_left == 0));
    assert_eq!(plan.years[0].overdue_cost_at_year_end, Ore::MAX, "2 × i64::MAX saturates");
    assert_eq!(plan.years[1].overdue_cost_at_year_end, Ore::MAX);
    assert_eq!((plan.totals.units, plan.totals.cost), (3, Ore::MAX));
}

#[test]
fn serialises_to_json_with_snake_case_names() {
    let items = vec![item("a", Urgency::PastEndOfLife, "2024-01-01", 200), item("b", Urgency::Ok, "2025-04-30", 100)];
    let input = input(1, 100, items);
    let plan = plan(&input).unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["years"][0]["replaced"][0]["why"], "reaches end of life on 2025-04-30");
    assert_eq!(json["never_fits"][0]["reason"], "exceeds_annual_budget");
    assert_eq!(json["never_fits"][0]["urgency"], "past_end_of_life");
    assert_eq!(json["years"][0]["stopped_by"], serde_json::Value::Null);
}

// ---- properties -------------------------------------------------------------------------

fn arb_item(index: usize) -> impl Strategy<Value = PlanItem> {
    let urgency = prop_oneof![
        Just(Urgency::PastEndOfSecurityUpdates),
        Just(Urgency::PastEndOfLife),
        Just(Urgency::Due),
        Just(Urgency::Ok)
    ];
    // Few distinct dates and costs, so that ties on every key but the id are common.
    let due = prop::option::weighted(0.9, (2020..2036i32, 0..3u32).prop_map(|(y, m)| date_of(y, 1 + m * 5)));
    let cost = prop::option::weighted(0.9, prop_oneof![0..4i64, Just(50), Just(100), 0..1_500i64]);
    let lifetime = prop::option::of(1..5u32);
    (urgency, due, cost, lifetime).prop_map(move |(urgency, due, cost, lifetime_years)| PlanItem {
        // Unique (7 is coprime to 40) but not in input order.
        id: format!("i{:02}", (index * 7) % 40),
        label: String::new(),
        category: Category::Other,
        urgency,
        due,
        cost,
        lifetime_years,
    })
}

fn date_of(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap()
}

fn arb_input() -> impl Strategy<Value = PlanInput> {
    let items = (0..40usize).prop_flat_map(|n| (0..n).map(arb_item).collect::<Vec<_>>());
    let cap = prop::option::weighted(0.3, 0..6u32);
    (items, prop_oneof![Just(0i64), 0..2_000i64], cap, 1..12u32).prop_map(|(items, budget, cap, years)| PlanInput {
        start_year: 2025,
        years,
        annual_budget: budget,
        max_units_per_year: cap,
        items,
    })
}

/// The state of one item's current cycle, kept by the oracle independently of the planner.
#[derive(Clone, Debug)]
struct Live {
    cycle: u32,
    due: NaiveDate,
    urgency: Urgency,
    cost: Ore,
    lifetime: Option<u32>,
}

type Key = (u8, NaiveDate, Reverse<Ore>, String, u32);

fn key(origin: &str, live: &Live) -> Key {
    (live.urgency.rank(), live.due, Reverse(live.cost), origin.to_string(), live.cycle)
}

fn sorted_ids(list: &[Unplanned]) -> Vec<String> {
    let mut ids: Vec<String> = list.iter().map(|u| u.id.to_string()).collect();
    ids.sort();
    ids
}

// Long on purpose: the oracle checks every property of one plan against its input in one place.
/// Replays the plan year by year and checks it against the rules.
fn check(input: &PlanInput, plan: &Plan) {
    let budget = input.annual_budget;
    let mut live: BTreeMap<String, Live> = BTreeMap::new();
    let (mut never_fits, mut not_plannable) = (vec![], vec![]);
    for item in &input.items {
        match (item.due, item.cost) {
            (Some(_), Some(cost)) if cost > budget => never_fits.push(item.id.clone()),
            (Some(due), Some(cost)) => {
                let state = Live { cycle: 1, due, urgency: item.urgency, cost, lifetime: item.lifetime_years };
                live.insert(item.id.clone(), state);
            }
            _ => not_plannable.push(item.id.clone()),
        }
    }
    never_fits.sort();
    not_plannable.sort();
    assert_eq!(sorted_ids(&plan.never_fits), never_fits);
    assert_eq!(sorted_ids(&plan.not_plannable), not_plannable);

    let mut carried = 0;
    let mut total_cost: i128 = 0;
    for year in &plan.years {
        let is_candidate = |l: &Live| l.urgency.is_overdue() || l.due.year() <= year.year;
        let spent: Ore = year.replaced.iter().map(|p| p.cost).sum();
        assert!(year.cost <= budget && year.budget_left >= 0, "over budget in {}", year.year);
        assert_eq!((year.cost, year.budget_left, year.units as usize), (spent, budget - spent, year.replaced.len()));
        if let Some(cap) = input.max_units_per_year {
            assert!(year.units <= cap);
        }
        assert_eq!(year.carried_in, carried);
        let mut taken = vec![];
        for p in &year.replaced {
            let state = live.remove(p.origin_id).expect("replaced item is live");
            assert!(is_candidate(&state), "{} taken before it is due", p.id);
            assert_eq!((p.cycle, p.due, p.cost, p.urgency), (state.cycle, state.due, state.cost, state.urgency));
            taken.push(key(p.origin_id, &state));
            if let Some(lifetime) = state.lifetime {
                let due = NaiveDate::from_ymd_opt(year.year + lifetime as i32, 12, 31).unwrap();
                let next = Live { cycle: state.cycle + 1, due, urgency: Urgency::Due, ..state };
                live.insert(p.origin_id.to_string(), next);
            }
        }
        assert!(taken.windows(2).all(|w| w[0] < w[1]), "replaced in priority order");
        let mut skipped: Vec<(Key, Ore)> =
            live.iter().filter(|(_, l)| is_candidate(l)).map(|(id, l)| (key(id, l), l.cost)).collect();
        skipped.sort();
        // The invariant: nothing more urgent skipped while something less urgent is taken.
        if let (Some(last), Some((first, _))) = (taken.last(), skipped.first()) {
            assert!(last < first, "{last:?} taken while {first:?} skipped in {}", year.year);
        }
        // And the year stopped only because the next one did not fit.
        match (skipped.first(), year.stopped_by) {
            (None, stop) => assert_eq!(stop, None),
            (Some(_), Some(Stop::UnitCap)) => assert_eq!(Some(year.units), input.max_units_per_year),
            (Some((_, cost)), Some(Stop::Budget)) => assert!(*cost > year.budget_left),
            (Some(_), None) => panic!("candidates left but the year did not stop"),
        }
        assert_eq!(year.overdue_at_year_end as usize, skipped.len());
        let backlog: i128 = skipped.iter().map(|(_, cost)| i128::from(*cost)).sum();
        assert_eq!(i128::from(year.overdue_cost_at_year_end), backlog);
        assert_eq!(year.carried_in + year.came_due, year.units + year.overdue_at_year_end);
        carried = year.overdue_at_year_end;
        total_cost += i128::from(year.cost);
    }
    assert_eq!(i128::from(plan.totals.cost), total_cost);
    assert_eq!(plan.totals.units, plan.years.iter().map(|y| u64::from(y.units)).sum::<u64>());

    // Everything plannable was replaced once per cycle (checked above) or remains, exactly once:
    // in the backlog if it is a candidate by the last year, else due after the horizon.
    let last_year = plan.years.last().unwrap().year;
    let (mut backlog, mut later): (Vec<Key>, Vec<Key>) = (vec![], vec![]);
    for (id, l) in &live {
        let list = if l.urgency.is_overdue() || l.due.year() <= last_year { &mut backlog } else { &mut later };
        list.push(key(id, l));
    }
    backlog.sort();
    later.sort();
    let keys = |list: &[PlanEntry]| -> Vec<Key> {
        list.iter().map(|r| (r.urgency.rank(), r.due, Reverse(r.cost), r.origin_id.to_string(), r.cycle)).collect()
    };
    assert_eq!(keys(&plan.backlog_after_horizon), backlog);
    assert_eq!(keys(&plan.due_after_horizon), later);
    assert_eq!((plan.totals.backlog, plan.totals.due_after_horizon), (count(backlog.len()), count(later.len())));
    assert_eq!(plan.totals.backlog, plan.years.last().unwrap().overdue_at_year_end);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn plans_follow_the_rules(input in arb_input()) {
        let first = plan(&input).unwrap();
        check(&input, &first);
        prop_assert_eq!(&first, &plan(&input).unwrap());
        // Deterministic beyond repetition: the order of the input does not matter either.
        let reversed = PlanInput { items: input.items.iter().rev().cloned().collect(), ..input.clone() };
        prop_assert_eq!(&first, &plan(&reversed).unwrap());
    }
}
