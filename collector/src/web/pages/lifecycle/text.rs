//! The heat map's, the cell page's and the renewal plan's texts. A text with `{name}` in it is
//! a template: the page fills it with `Text::fill`.

use arsring_dashboard::Lang;
use chrono::{Datelike, NaiveDate};

use crate::lifecycle::heatmap::{Column, RowBy};
use crate::lifecycle::model::Category;
use crate::lifecycle::plan::Urgency;
use crate::lifecycle::policy::Scope;
use crate::lifecycle::status::{Basis, Milestone, RuleMatch, Status};
use crate::web::pages::text::age_source;

arsring_dashboard::texts! {
    HEATMAP_TITLE = "End-of-life heat map", "Värmekarta över livslängd";
    PROJECT = "Project", "Projekt";
    BOTH_PROJECTS = "both projects", "båda projekten";
    PROJECT_DATACENTER = "datacenter", "datacenterprojektet";
    PROJECT_NETWORK = "network", "nätverksprojektet";
    ROWS_SITE = "site", "plats";
    ROWS_DEPARTMENT = "department", "verksamhet";
    ROWS_CATEGORY = "category", "kategori";
    ROWS_MODEL = "model", "modell";
    MEASURE_COUNT = "number of items", "antal objekt";
    MEASURE_COST = "replacement cost", "återanskaffningskostnad";
    YEARS_AHEAD = "Years ahead", "År framåt";
    HEATMAP_NOTE = "{total} items reach end of life (or end of security updates) by {year}; each column is the year they do. Click a cell for its devices. “no date”: items with no known end-of-life date, never guessed.", "{total} objekt når slutet av sin livslängd (eller av säkerhetsuppdateringarna) senast {year}; varje kolumn är året då det sker. Klicka på en ruta för att se dess enheter. ”inget datum”: objekt utan känt slutdatum, som aldrig gissas.";
    HEATMAP_CSV = "Heat map (CSV)", "Värmekarta (CSV)";
    OVERDUE = "overdue", "förfallna";
    NO_KEY = "(none)", "(saknas)";
    ITEMS = "items", "objekt";
    KKR = "kkr", "tkr";
    CELL_TITLE = "{count} items, replacement {amount}", "{count} objekt, återanskaffning {amount}";
    WITHOUT_PRICE = " ({count} without a price)", " ({count} utan pris)";
    CELL_NOTE = "{count} items. Most urgent first.", "{count} objekt. Mest brådskande först.";
    BACK = "← back to the heat map", "← tillbaka till värmekartan";
    CELL_CSV = "These items (CSV)", "Dessa objekt (CSV)";
    DEVICE = "Device", "Enhet";
    ITEM = "Item", "Objekt";
    CATEGORY = "Category", "Kategori";
    MODEL = "Model", "Modell";
    SERIAL = "Serial", "Serienummer";
    SITE = "Site", "Plats";
    DEPARTMENT = "Department", "Verksamhet";
    AGE = "Age (years)", "Ålder (år)";
    STATUS = "Status", "Status";
    DECIDED_BY = "Decided by", "Grund";
    REPLACE_BY = "Replace by", "Byts senast";
    COST = "Cost", "Kostnad";
    WHOLE_DEVICE = "device", "enhet";
    COMPONENT = "component {index}", "komponent {index}";
    NO_ITEMS_IN_CELL = "No items in this cell.", "Inga objekt i den här rutan.";
    BAD_ROWS = "site, department, category or model", "site, department, category eller model";
    BAD_PROJECT = "datacenter or network", "datacenter eller network";
    BAD_YEARS = "a whole number from 0 to 30", "ett heltal från 0 till 30";
    COLUMN_REQUIRED = "required: overdue or a year", "krävs: overdue eller ett årtal";
    BAD_COLUMN = "overdue or a year", "overdue eller ett årtal";
    PLAN_TITLE = "Renewal plan", "Förnyelseplan";
    YEARLY_BUDGET = "Yearly budget (SEK)", "Årsbudget (kr)";
    YEARS = "Years", "Antal år";
    MAX_UNITS = "At most units a year", "Högst antal enheter per år";
    PLAN = "Plan", "Planera";
    PLAN_INTRO = "Type a yearly budget and a number of years: the plan replaces what is most urgent first, within the budget, and lists what each year buys.", "Ange en årsbudget och ett antal år: planen byter ut det mest brådskande först, inom budgeten, och visar vad som köps in varje år.";
    CHECK = "Check `{field}`", "Kontrollera `{field}`";
    NOT_AN_AMOUNT = "{text} is not an amount in SEK (e.g. 125000 or 125 000,50)", "{text} är inget belopp i kronor (t.ex. 125000 eller 125 000,50)";
    WHOLE_YEARS = "a whole number of years", "ett helt antal år";
    WHOLE_UNITS = "a whole number of units", "ett helt antal enheter";
    YEAR_HEADING = "{year}: {units} units, {cost}", "{year}: {units} st, {cost}";
    STILL_OVERDUE = "{count} still overdue at the year's end ({cost}).", "{count} är fortfarande förfallna vid årets slut ({cost}).";
    FIRST_LISTED = " The first {count} are listed; the CSV has all.", " De första {count} visas; CSV-filen har alla.";
    CAME_DUE = "{due} came due, {carried} carried in. ", "{due} blev aktuella, {carried} fördes över från året innan. ";
    URGENCY = "Urgency", "Brådska";
    DUE = "Due", "Förfaller";
    WHY = "Why", "Motivering";
    NOTHING_REPLACED = "Nothing replaced this year.", "Inget byts ut det här året.";
    REPLACED = "Replaced in the plan", "Byts ut i planen";
    BACKLOG = "Backlog after the last year", "Eftersläpning efter sista året";
    NEVER_FITS = "Cost more than a year's budget", "Kostar mer än ett års budget";
    NOT_PLANNABLE = "Unknown date or price", "Okänt datum eller pris";
    NOT_PLANNED = "not planned; fill the registers", "planeras inte; komplettera registren";
    COST_PER_YEAR = "Cost per year", "Kostnad per år";
    SEK = "SEK", "kr";
    UNITS_PER_YEAR = "Units per year", "Enheter per år";
    UNITS = "units", "st";
    BUDGET = "budget {amount}", "årsbudget {amount}";
    AT_MOST = "at most {count}", "högst {count}";
    PLAN_CSV = "The whole plan (CSV)", "Hela planen (CSV)";
    PLAN_EXCEL = "The whole plan (Excel)", "Hela planen (Excel)";
    WHY_CYCLE_ENDED = "the {lifetime}-year lifetime of its {installed} replacement ended {due}", "livslängden på {lifetime} år för ersättaren från {installed} tog slut {due}";
    WHY_CYCLE_ENDS = "the {lifetime}-year lifetime of its {installed} replacement ends {due}", "livslängden på {lifetime} år för ersättaren från {installed} tar slut {due}";
    WHY_NO_UPDATES_SINCE = "past end of security updates since {due}", "utan säkerhetsuppdateringar sedan {due}";
    WHY_NO_UPDATES = "past end of security updates (end of life {due})", "utan säkerhetsuppdateringar (livslängden tar slut {due})";
    WHY_PAST_SINCE = "past end of life since {due}", "förbi livslängden sedan {due}";
    WHY_PAST_RECORDED = "past end of life (recorded end of life {due})", "förbi livslängden (registrerat slutdatum {due})";
    WHY_REACHES = "reaches end of life on {due}", "livslängden tar slut {due}";
    RULE_FROM = "{rule} from {date} ({source})", "{rule} från {date} ({source})";
    RULE_LIFETIME = "lifecycle.toml: {category} lifetime {years} years", "lifecycle.toml: {category}, livslängd {years} år";
    RULE_LIFETIME_FOR = "lifecycle.toml: {category} {years} years for {scope}", "lifecycle.toml: {category} {years} år för {scope}";
    RULE_SITE = "site {site}", "plats {site}";
    RULE_DEPARTMENT = "department {department}", "verksamhet {department}";
    RULE_CATALOGUE = "catalogue line {line}: {model} {milestone}", "katalograd {line}: {model} – {milestone}";
    END_OF_SUPPORT = "end of support", "slut på support";
    END_OF_SECURITY_UPDATES = "end of security updates", "slut på säkerhetsuppdateringar";
    END_OF_SALE = "end of sale", "slut på försäljning";
    RULE_ENDOFLIFE = "endoflife.date {release}: security support ends", "endoflife.date {release}: säkerhetsstödet upphör";
    RULE_EXTENDED = "; extended support until {date}", "; utökat stöd till {date}";
}

/// Texts of this module that read the same in both languages on purpose, for the
/// translation tests beside `pages::text`'s own list.
#[cfg(test)]
pub const SAME_IN_BOTH: &[&str] = &["Status"];

/// The heat map's column as a heading: `overdue` in words, a year as the number.
pub fn column(column: Column, lang: Lang) -> String {
    match column {
        Column::Overdue => OVERDUE.get(lang).to_string(),
        Column::Year(year) => year.to_string(),
    }
}

/// A heat-map row's key as shown: categories in words, `(none)` for items without one.
pub fn row(by: RowBy, key: Option<&str>, lang: Lang) -> String {
    match key {
        None => NO_KEY.get(lang).to_string(),
        Some(key) => match Category::parse(key).filter(|_| by == RowBy::Category) {
            Some(category) => super::super::text::category(category, lang).to_string(),
            None => key.to_string(),
        },
    }
}

pub fn urgency_status(urgency: Urgency) -> Status {
    match urgency {
        Urgency::PastEndOfSecurityUpdates => Status::PastEndOfSecurityUpdates,
        Urgency::PastEndOfLife => Status::PastEndOfLife,
        Urgency::Due => Status::Due,
        Urgency::Ok => Status::Ok,
    }
}

/// Why a plan entry is replaced in `year`, as the plan's `Why` says it in English
/// (`lifecycle::plan::Why`; the tests hold the two together). `lifetime` is the item's
/// lifetime in years (only replacements of replacements, `cycle > 1`, use it).
pub fn why(year: i32, urgency: Urgency, due: NaiveDate, cycle: u32, lifetime: u32, lang: Lang) -> String {
    let (reached, past) = (due.year() <= year, due.year() < year);
    let due_text = due.to_string();
    if cycle > 1 {
        let installed = (due.year() - lifetime as i32).to_string();
        let text = if past { WHY_CYCLE_ENDED } else { WHY_CYCLE_ENDS };
        let lifetime = lifetime.to_string();
        return text.fill(lang, &[("lifetime", &lifetime), ("installed", &installed), ("due", &due_text)]);
    }
    let text = match urgency {
        Urgency::PastEndOfSecurityUpdates if reached => WHY_NO_UPDATES_SINCE,
        Urgency::PastEndOfSecurityUpdates => WHY_NO_UPDATES,
        Urgency::PastEndOfLife if reached => WHY_PAST_SINCE,
        Urgency::PastEndOfLife => WHY_PAST_RECORDED,
        Urgency::Due | Urgency::Ok if past => WHY_PAST_SINCE,
        Urgency::Due | Urgency::Ok => WHY_REACHES,
    };
    text.fill(lang, &[("due", &due_text)])
}

/// A lifecycle rule as the reader reads it: the engine's English sentence in English, and
/// in Swedish the same facts (`RuleMatch::basis`) in Swedish words. A rule without them (read
/// back from JSON) is shown as the engine wrote it.
pub fn rule(rule: &RuleMatch, lang: Lang) -> String {
    match (&rule.basis, lang) {
        (Some(basis), Lang::Sv) => worded(basis, lang),
        _ => rule.rule.clone(),
    }
}

fn worded(basis: &Basis, lang: Lang) -> String {
    match basis {
        Basis::Lifetime { category, years, scope, since, source } => {
            let (category, years) = (category.as_str(), years.to_string());
            let life = if scope.is_empty() {
                RULE_LIFETIME.fill(lang, &[("category", category), ("years", &years)])
            } else {
                let scope: Vec<String> = scope
                    .iter()
                    .map(|part| match part {
                        Scope::Site(site) => RULE_SITE.fill(lang, &[("site", site)]),
                        Scope::Department(department) => RULE_DEPARTMENT.fill(lang, &[("department", department)]),
                    })
                    .collect();
                RULE_LIFETIME_FOR.fill(lang, &[("category", category), ("years", &years), ("scope", &scope.join(", "))])
            };
            let values = [("rule", life.as_str()), ("date", &since.to_string()), ("source", age_source(*source, lang))];
            RULE_FROM.fill(lang, &values)
        }
        Basis::Catalogue { line, model, milestone } => {
            let milestone = match milestone {
                Milestone::EndOfLife => END_OF_SUPPORT,
                Milestone::EndOfSecurityUpdates => END_OF_SECURITY_UPDATES,
                Milestone::EndOfSale => END_OF_SALE,
            };
            let line = line.to_string();
            RULE_CATALOGUE.fill(lang, &[("line", &line), ("model", model), ("milestone", milestone.get(lang))])
        }
        Basis::Release { product, cycle, extended_until } => {
            let extended = extended_until.map(|d| RULE_EXTENDED.fill(lang, &[("date", &d.to_string())]));
            RULE_ENDOFLIFE.fill(lang, &[("release", &format!("{product} {cycle}"))]) + &extended.unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
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
                    let lifetime = input.items.iter().find(|i| i.id == e.origin_id).unwrap().lifetime_years;
                    let en = why(y.year, e.urgency, e.due, e.cycle, lifetime.unwrap_or_default(), Lang::En);
                    assert_eq!(en, e.why.to_string());
                    let sv = why(y.year, e.urgency, e.due, e.cycle, lifetime.unwrap_or_default(), Lang::Sv);
                    assert!(!sv.contains('{') && !sv.contains("end of"), "{sv}");
                    seen.insert(en.chars().filter(|c| !c.is_ascii_digit()).collect::<String>());
                }
            }
        }
        assert_eq!(seen.len(), 7, "every reason: {seen:?}");
    }

    #[test]
    fn templates_fill_in_both_languages() {
        assert_eq!(CELL_NOTE.fill(Lang::En, &[("count", "12")]), "12 items. Most urgent first.");
        assert_eq!(CHECK.fill(Lang::Sv, &[("field", "budget_sek")]), "Kontrollera `budget_sek`");
    }

    /// A rule as the engine gives it: its English and its facts.
    fn rule_of(english: &str, basis: Basis) -> RuleMatch {
        let date = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        RuleMatch {
            rule: english.into(),
            milestone: Milestone::EndOfLife,
            date,
            status: Status::Ok,
            basis: Some(basis),
        }
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
    fn rows_by_category_are_named() {
        assert_eq!(row(RowBy::Category, Some("access_point"), Lang::Sv), "accesspunkt");
        assert_eq!(row(RowBy::Site, Some("access_point"), Lang::Sv), "access_point");
        assert_eq!(row(RowBy::Site, None, Lang::En), "(none)");
        assert_eq!(column(Column::Overdue, Lang::Sv), "förfallna");
    }
}
