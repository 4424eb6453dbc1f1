//! Tests of `costs.toml` parsing: the worked examples of docs/product.md, the shipped example
//! file, every refusal with its exact line, and that no input panics the parser.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::values::{cidr_problem, glob_problem};
use super::*;
use crate::costs::model::{Attribute, Counting, Method, Platforms, PoweredOff, ServerClass, VmWeight};

const EXAMPLE: &str = include_str!("../../../../deploy/costs.toml");

/// Two entities and two departments: 16 lines, so a case appended to it starts on line 17.
const ORG: &str = r#"[[entity]]
id = "x"
name = "X kommun"

[[entity]]
id = "y"
name = "Y kommun"

[[department]]
id = "a"
name = "A"
entity = "x"
[[department]]
id = "b"
name = "B"
entity = "y"
"#;

fn org(rest: &str) -> String {
    format!("{ORG}{rest}")
}

/// ORG, year 2025 and key "k" on lines 17–22; `rest` starts on line 23.
pub(super) fn year(rest: &str) -> String {
    org(&format!("[[year]]\nyear = 2025\n[[year.key]]\nid = \"k\"\nname = \"K\"\nweights = {{ x = 1, y = 2 }}\n{rest}"))
}

/// A pool "p" whose table starts on line 23; `rest` starts on line 26.
pub(super) fn pool(rest: &str) -> String {
    year(&format!("[[year.pool]]\nid = \"p\"\nname = \"P\"\n{rest}"))
}

/// Year 2025 with one key whose `weights` line is line 22.
fn weights(table: &str) -> String {
    org(&format!("[[year]]\nyear = 2025\n[[year.key]]\nid = \"k\"\nname = \"K\"\nweights = {table}\n"))
}

/// Year 2025 with a key whose weights follow as a `[year.key.weights]` table on line 22.
const KEY_TABLE: &str = "[[year]]\nyear = 2025\n[[year.key]]\nid = \"k\"\nname = \"K\"\n[year.key.weights]\n";

#[test]
fn fixtures_start_where_the_cases_assume() {
    assert_eq!(ORG.lines().count(), 16);
    assert_eq!(parse(&pool("method = \"per_server\"\namount_sek = 1\n")).unwrap().years[0].pools[0].line, 23);
}

// Long on purpose: the product document's worked examples, each checked to the öre.
#[test]
fn worked_examples_of_the_product_doc() {
    let text = r#"
[[entity]]
id = "x"
name = "X"
[[entity]]
id = "y"
name = "Y"
[[entity]]
id = "z"
name = "Z"

[[department]]
id = "a"
name = "A"
entity = "x"
[[department]]
id = "b"
name = "B"
entity = "y"
[[department]]
id = "c"
name = "C"
entity = "z"

[[year]]
year = 2025

[[year.key]]
id = "members"
name = "Employees + pupils 2025"
weights = { x = 150, y = 300, z = 50 }   # X 100 + 50

[[year.pool]]
id = "server-platform"
name = "Server platform 2025"
method = "per_server"
amount_sek = "1 000 000"

[[year.pool]]
id = "shared-services"
name = "Shared services 2025"
method = "key"
key = "members"
amount_sek = 600000
"#;
    let both = Counting {
        platforms: Platforms::Both,
        as_of: None,
        seen_within_days: None,
        pro_rata: false,
        powered_off: PoweredOff::Count,
        vms_by: None,
    };
    let entity = |id: &str, name: &str| Entity { id: id.into(), name: name.into() };
    let department =
        |id: &str, name: &str, entity: &str| Department { id: id.into(), name: name.into(), entity: entity.into() };
    let expected = CostModel {
        entities: vec![entity("x", "X"), entity("y", "Y"), entity("z", "Z")],
        departments: vec![department("a", "A", "x"), department("b", "B", "y"), department("c", "C", "z")],
        rules: vec![],
        years: vec![Year {
            year: 2025,
            keys: vec![Key {
                line: 28,
                id: "members".into(),
                name: "Employees + pupils 2025".into(),
                weights: [("x".to_string(), 150), ("y".to_string(), 300), ("z".to_string(), 50)].into(),
            }],
            pools: vec![
                Pool {
                    line: 33,
                    id: "server-platform".into(),
                    name: "Server platform 2025".into(),
                    amount: Some(100_000_000),
                    method: Method::PerServer,
                    counting: both.clone(),
                },
                Pool {
                    line: 39,
                    id: "shared-services".into(),
                    name: "Shared services 2025".into(),
                    amount: Some(60_000_000),
                    method: Method::Key { key: "members".into() },
                    counting: both,
                },
            ],
            settlement: None,
        }],
    };
    assert_eq!(parse(text), Ok(expected));
}

#[test]
fn the_shipped_example_parses() {
    let model = parse(EXAMPLE).unwrap_or_else(|e| panic!("deploy/costs.toml: {e}"));
    assert_eq!(model.entities.len(), 5);
    assert_eq!(model.departments.len(), 10);
    assert_eq!(model.rules.len(), 9);
    let folder = model.rules.iter().find(|r| r.folder.is_some()).unwrap();
    assert_eq!((folder.folder.as_deref(), folder.department.as_str()), (Some("Socialtjänst/*"), "socialforvaltningen"));
    assert!(model.rules.iter().any(|r| r.tag.is_some()) && model.rules.iter().any(|r| r.attribute.is_some()));
    let methods: BTreeSet<&str> = model.years.iter().flat_map(|y| &y.pools).map(|p| p.method.name()).collect();
    assert_eq!(methods.len(), 7, "every method is shown: {methods:?}");
    let y2025 = model.year(2025).unwrap();
    let settlement = y2025.settlement.as_ref().unwrap();
    assert_eq!((settlement.outcome, settlement.key.as_str()), (-12_000_000, "members"));
    assert_eq!(EXAMPLE.lines().nth(settlement.line - 1), Some("  [year.settlement]"));
    let school = y2025.pools.iter().find(|p| p.id == "school-network").unwrap();
    assert_eq!(school.amount, Some(41_850_050));
    let y2026 = model.year(2026).unwrap();
    let price = &y2026.pools[0];
    assert_eq!(EXAMPLE.lines().nth(price.line - 1), Some("  [[year.pool]]"));
    let Method::UnitPrice { by_class, .. } = &price.method else { panic!("{price:?}") };
    assert_eq!(by_class[&ServerClass::Physical], 2_400_000);
    assert_eq!(
        price.method,
        Method::UnitPrice { price: 2_400_000, by_class: by_class.clone() },
        "unknown class pays most"
    );
    assert!(price.counting.pro_rata);
    assert_eq!(y2026.pools[1].counting.as_of, NaiveDate::from_ymd_opt(2026, 6, 30));
    let compute = y2026.pools.iter().find(|p| p.id == "compute").unwrap();
    assert_eq!(compute.counting.powered_off, PoweredOff::Skip);
    let hosts = y2026.pools.iter().find(|p| p.id == "esxi-hosts").unwrap();
    assert_eq!((&hosts.method, hosts.amount), (&Method::HostSplit, Some(180_000_000)));
    assert_eq!((hosts.counting.vms_by, hosts.counting.seen_within_days), (Some(VmWeight::Memory), Some(30)));
    assert!(y2026.settlement.is_none());
}

#[test]
fn the_error_quoted_in_the_example_is_the_real_one() {
    let broken = EXAMPLE.replacen("amount_sek = \"1 250 000\"", "amount_sek = \"-5 000\"", 1);
    let message = parse(&broken).unwrap_err().to_string();
    // The comment spells the no-break space of format_sek_sv as a plain one.
    let message = message.replace('\u{a0}', " ");
    assert!(EXAMPLE.contains(&format!("#     {message}\n")), "update the comment at the top: {message}");
}

#[test]
fn line_fields_and_optional_parts() {
    let text = pool(
        "method = \"unit_price\"\nunit_price_sek = \"9 000,50\"\nplatforms = \"virtual\"\nas_of = \"2025-06-30\"\n\
         seen_within_days = 30\n[year.settlement]\noutcome_sek = \"85 000,25\"\nkey = \"k\"\n\
         [[rule]]\ndepartment = \"a\"\nhostname = \"SRV-A-*\"\nsubnet = \" 10.1.0.0/16 \"\n",
    );
    let model = parse(&text).unwrap();
    let year = &model.years[0];
    assert_eq!(year.keys[0].line, 19);
    let p = &year.pools[0];
    assert_eq!(p.method, Method::UnitPrice { price: 900_050, by_class: BTreeMap::new() });
    assert_eq!(p.amount, None);
    let expected_counting = Counting {
        platforms: Platforms::Virtual,
        as_of: NaiveDate::from_ymd_opt(2025, 6, 30),
        seen_within_days: Some(30),
        pro_rata: false,
        powered_off: PoweredOff::Count,
        vms_by: None,
    };
    assert_eq!(p.counting, expected_counting);
    assert_eq!(year.settlement, Some(Settlement { line: 31, outcome: 8_500_025, key: "k".into() }));
    let rule = &model.rules[0];
    assert_eq!(
        (rule.line, rule.hostname.as_deref(), rule.subnet.map(|n| n.to_string())),
        (34, Some("SRV-A-*"), Some("10.1.0.0/16".to_string()))
    );
}

#[test]
fn vsphere_rule_criteria() {
    let text = org("[[rule]]\ndepartment = \"a\"\nfolder = \" Socialtjänst/* \"\ntag = \"Verksamhet/Socialtjänst\"\n\
         attribute = { name = \" Verksamhet\", value = \"Socialtjänst \" }\n");
    let rule = &parse(&text).unwrap().rules[0];
    assert_eq!(rule.line, 17);
    assert_eq!(
        (rule.folder.as_deref(), rule.tag.as_deref()),
        (Some("Socialtjänst/*"), Some("Verksamhet/Socialtjänst"))
    );
    let attribute = Attribute { name: "Verksamhet".into(), value: "Socialtjänst".into() };
    assert_eq!(rule.attribute, Some(attribute));
    assert_eq!((rule.hostname.as_ref(), rule.subnet, rule.site.as_ref()), (None, None, None));
}

#[test]
fn empty_file_is_an_empty_model() {
    assert_eq!(parse(""), Ok(CostModel::default()));
    assert_eq!(parse("# nothing yet\n"), Ok(CostModel::default()));
}

#[test]
fn display_names_the_line() {
    let e = parse(&pool("method = \"per_server\"\namount_sek = -5\n")).unwrap_err();
    assert_eq!(e.to_string(), "line 27: year 2025, pool \"p\": amount_sek must not be negative (it is -5,00 SEK)");
    assert_eq!(ModelError { line: None, message: "m".into() }.to_string(), "m");
}

// Long on purpose: a table of bad costs.toml files, each with the line and words it must name.
/// Each case: what it shows, the file, the line the error must name, and words it must say.
fn refusals() -> Vec<(&'static str, String, usize, &'static str)> {
    let per_server = |line: &str| pool(&format!("method = \"per_server\"\namount_sek = 1\n{line}\n"));
    let amount = |method: &str, extra: &str, amount: &str| {
        pool(&format!("method = \"{method}\"\n{extra}\namount_sek = {amount}\n"))
    };
    let unit = |price: &str, platforms: &str| {
        pool(&format!("method = \"unit_price\"\nplatforms = \"{platforms}\"\nunit_price_sek = {price}\n"))
    };
    let rule = |criterion: &str| org(&format!("[[rule]]\ndepartment = \"a\"\n{criterion}\n"));
    vec![
        // Amounts: line 27 holds amount_sek after the extra parameter line.
        ("negative per_server", pool("method = \"per_server\"\namount_sek = -5\n"), 27, "must not be negative"),
        ("negative key", amount("key", "key = \"k\"", "\"-1 000\""), 28, "must not be negative"),
        ("negative equal", amount("equal", "between = [\"a\"]", "-1"), 28, "must not be negative"),
        ("negative direct", amount("direct", "to = \"a\"", "-1"), 28, "must not be negative"),
        ("negative consumption", amount("consumption", "measure = \"vcpu\"", "-1"), 28, "must not be negative"),
        ("three decimals", amount("direct", "to = \"a\"", "\"100,125\""), 28, "more than two decimals"),
        ("float amount", amount("direct", "to = \"a\"", "100.5"), 28, "decimal number"),
        ("text no amount", amount("direct", "to = \"a\"", "\"lots\""), 28, "not an amount in SEK"),
        ("bool amount", amount("direct", "to = \"a\"", "true"), 28, "not a boolean"),
        ("huge amount", amount("direct", "to = \"a\"", "99999999999999999"), 28, "too large"),
        // Keys.
        ("negative weight", weights("{ x = -1, y = 2 }"), 22, "negative"),
        ("weights sum to zero", weights("{ x = 0, y = 0 }"), 22, "sum to zero"),
        ("no weights", weights("{}"), 22, "sum to zero"),
        ("weight for unknown id", weights("{ x = 1, nobody = 2 }"), 22, "\"nobody\" is no entity or department"),
        ("weights mix kinds", weights("{ a = 1, y = 2 }"), 22, "names both the department \"a\" and the entity \"y\""),
        ("float weight", weights("{ x = 1.5 }"), 22, "invalid type"),
        ("zero sum, sub-table", org(&format!("{KEY_TABLE}x = 0\n")), 22, "sum to zero"),
        ("negative, sub-table", org(&format!("{KEY_TABLE}y = 2\nx = -1\n")), 24, "weight of \"x\" is negative"),
        ("pool with unknown key", amount("key", "key = \"nope\"", "1"), 27, "key \"nope\" is not a key of year 2025"),
        (
            "settlement with unknown key",
            year("[year.settlement]\noutcome_sek = -5\nkey = \"nope\"\n"),
            25,
            "settlement: key \"nope\" is not a key of year 2025 (it has k)",
        ),
        ("settlement in floats", year("[year.settlement]\noutcome_sek = -5.5\nkey = \"k\"\n"), 24, "decimal number"),
        // References.
        ("unknown entity", org("[[department]]\nid = \"c\"\nname = \"C\"\nentity = \"zz\"\n"), 20, "no entity"),
        (
            "entity is a department",
            org("[[department]]\nid = \"c\"\nname = \"C\"\nentity = \"a\"\n"),
            20,
            "not an entity",
        ),
        ("rule for unknown department", org("[[rule]]\ndepartment = \"zz\"\nsite = \"s\"\n"), 18, "no entity"),
        ("rule for an entity", org("[[rule]]\ndepartment = \"x\"\nsite = \"s\"\n"), 18, "is an entity"),
        (
            "rule without criteria",
            org("# a rule\n[[rule]]\ndepartment = \"a\"\n"),
            18,
            "give hostname, subnet, site, folder, tag or attribute",
        ),
        ("direct to nobody", amount("direct", "to = \"zz\"", "1"), 27, "\"zz\" is no entity or department"),
        ("equal with nobody", amount("equal", "between = [\"a\", \"zz\"]", "1"), 27, "\"zz\" is no entity"),
        ("equal mixes kinds", amount("equal", "between = [\"a\", \"y\"]", "1"), 27, "names both"),
        ("equal twice", amount("equal", "between = [\"a\", \"a\"]", "1"), 27, "listed twice"),
        ("equal between none", amount("equal", "between = []", "1"), 27, "between is empty"),
        // Duplicates.
        (
            "duplicate entity",
            org("[[entity]]\nid = \"x\"\nname = \"X2\"\n"),
            18,
            "already used by the entity on line 2",
        ),
        (
            "department id of entity",
            org("[[department]]\nid = \"y\"\nname = \"Y\"\nentity = \"x\"\n"),
            18,
            "entity on line 6",
        ),
        (
            "duplicate pool",
            pool(
                "method = \"per_server\"\namount_sek = 1\n[[year.pool]]\nid = \"p\"\nname = \"P2\"\nmethod = \"per_server\"\namount_sek = 1\n",
            ),
            29,
            "pool id \"p\" is already used on line 23",
        ),
        ("duplicate key", year("[[year.key]]\nid = \"k\"\nname = \"K2\"\nweights = { x = 1 }\n"), 24, "line 19"),
        ("duplicate year", year("[[year]]\nyear = 2025\n"), 24, "year 2025 is already on line 17"),
        // Method parameters: missing ones are reported at the pool's table (line 23).
        ("key without key", pool("method = \"key\"\namount_sek = 1\n"), 23, "method \"key\" needs key ="),
        ("equal without between", pool("method = \"equal\"\namount_sek = 1\n"), 23, "needs between ="),
        ("direct without to", pool("method = \"direct\"\namount_sek = 1\n"), 23, "needs to ="),
        ("unit_price without price", pool("method = \"unit_price\"\n"), 23, "needs unit_price_sek ="),
        ("consumption without measure", pool("method = \"consumption\"\namount_sek = 1\n"), 23, "needs measure ="),
        ("per_server without amount", pool("method = \"per_server\"\n"), 23, "needs amount_sek"),
        ("key given to per_server", per_server("key = \"k\""), 28, "key does not apply to method \"per_server\""),
        ("measure given to per_server", per_server("measure = \"vcpu\""), 28, "it is for method consumption"),
        ("to given to per_server", per_server("to = \"a\""), 28, "it is for method direct"),
        ("between given to key", amount("key", "key = \"k\"\nbetween = [\"a\"]", "1"), 28, "it is for method equal"),
        (
            "platforms given to key",
            amount("key", "key = \"k\"\nplatforms = \"both\"", "1"),
            28,
            "unit_price, per_server",
        ),
        ("price given to per_server", per_server("unit_price_sek = 5"), 28, "it is for method unit_price"),
        ("amount given to unit_price", unit("5\namount_sek = 1", "both"), 29, "a unit-price pool's total"),
        ("unknown method", pool("method = \"per-server\"\n"), 26, "unknown variant `per-server`"),
        ("unknown measure", amount("consumption", "measure = \"ram\"", "1"), 27, "unknown variant `ram`"),
        // Unit prices.
        ("unit price missing class", unit("{ physical = 24000 }", "both"), 28, "no price for virtual servers"),
        ("unit price extra class", unit("{ physical = 1, virtual = 2 }", "physical"), 28, "does not count"),
        ("unit price unknown not counted", unit("{ physical = 1, unknown = 2 }", "physical"), 28, "does not count"),
        ("unit price unknown class", unit("{ gpu = 1 }", "both"), 28, "\"gpu\" is no server class"),
        (
            "unit price negative class",
            unit("{ physical = 1, virtual = -2 }", "both"),
            28,
            "virtual must not be negative",
        ),
        ("unit price negative", unit("-2", "both"), 28, "must not be negative"),
        ("unit price in floats", unit("{ physical = 1.5, virtual = 2 }", "both"), 28, "decimal number"),
        // Dates and counting.
        ("as_of not padded", per_server("as_of = \"2025-1-5\""), 28, "not a date written YYYY-MM-DD"),
        ("as_of Swedish style", per_server("as_of = \"31.12.2025\""), 28, "YYYY-MM-DD"),
        ("as_of not in calendar", per_server("as_of = \"2025-02-30\""), 28, "not a day in the calendar"),
        ("as_of in another year", per_server("as_of = 2024-12-31"), 28, "as_of 2024-12-31 is not in 2025"),
        ("as_of with a time", per_server("as_of = 2025-12-31T10:00:00"), 28, "not a plain date"),
        ("as_of a number", per_server("as_of = 20251231"), 28, "expected a date YYYY-MM-DD, not an integer"),
        ("as_of with pro_rata", per_server("pro_rata = true\nas_of = 2025-06-30"), 29, "does not go with pro_rata"),
        ("seen within zero days", per_server("seen_within_days = 0"), 28, "give 1 to 366 days"),
        ("seen within -1 days", per_server("seen_within_days = -1"), 28, "give 1 to 366 days"),
        ("unknown platforms", per_server("platforms = \"all\""), 28, "unknown variant `all`"),
        // Unknown fields anywhere.
        ("unknown pool field", per_server("amout_sek = 1"), 28, "unknown field `amout_sek`"),
        ("unknown top table", org("[[entities]]\nid = \"q\"\n"), 17, "unknown field `entities`"),
        ("unknown rule field", rule("host = \"x\""), 19, "unknown field `host`"),
        ("unknown year field", org("[[year]]\nyear = 2025\nbudget = 5\n"), 19, "unknown field `budget`"),
        ("unknown settlement field", year("[year.settlement]\noutcome = 5\n"), 24, "unknown field `outcome`"),
        ("pool at top level", org("[[pool]]\nid = \"p\"\n"), 17, "unknown field `pool`"),
        // Globs and subnets.
        ("glob with class", rule("hostname = \"srv-[ab]*\""), 19, "has '['"),
        ("glob with space", rule("hostname = \"srv a\""), 19, "has ' '"),
        ("empty glob", rule("hostname = \"\""), 19, "is empty"),
        ("empty site", rule("site = \" \""), 19, "is empty"),
        ("subnet without prefix", rule("subnet = \"10.20.0.0\""), 19, "not a subnet like 10.20.0.0/16"),
        ("subnet prefix too long", rule("subnet = \"10.20.0.0/33\""), 19, "give 0 to 32"),
        ("subnet prefix with sign", rule("subnet = \"10.0.0.0/+8\""), 19, "give 0 to 32"),
        ("subnet bad address", rule("subnet = \"10.300.0.0/16\""), 19, "no IPv4 or IPv6 address"),
        ("subnet host bits", rule("subnet = \"10.20.1.0/16\""), 19, "the subnet is 10.20.0.0/16"),
        ("ipv6 host bits", rule("subnet = \"2001:db8::1/48\""), 19, "the subnet is 2001:db8::/48"),
        ("ipv6 prefix too long", rule("subnet = \"2001:db8::/129\""), 19, "give 0 to 128"),
        // vSphere placement.
        ("empty folder", rule("folder = \" \""), 19, "is empty"),
        ("folder from the root", rule("folder = \"/Socialtjänst/*\""), 19, "starts with '/'"),
        ("folder ending in a slash", rule("folder = \"Socialtjänst/\""), 19, "has an empty folder name"),
        ("folder as a list", rule("folder = [\"Socialtjänst\"]"), 19, "invalid type: sequence"),
        ("tag without category", rule("tag = \"Socialtjänst\""), 19, "not a vSphere tag written Category/Tag"),
        ("tag without name", rule("tag = \"Verksamhet/ \""), 19, "Category/Tag"),
        ("attribute without value", rule("attribute = { name = \"Verksamhet\" }"), 19, "missing field `value`"),
        ("attribute empty name", rule("attribute = { name = \" \", value = \"Soc\" }"), 19, "attribute name is empty"),
        ("attribute empty value", rule("attribute = { name = \"V\", value = \"\" }"), 19, "attribute value is empty"),
        (
            "attribute unknown field",
            rule("attribute = { name = \"V\", value = \"Soc\", exact = true }"),
            19,
            "unknown field `exact`",
        ),
        ("attribute as text", rule("attribute = \"Verksamhet=Soc\""), 19, "invalid type: string"),
        // Ids, names and years.
        ("empty entity id", org("[[entity]]\nid = \"\"\nname = \"Q\"\n"), 18, "entity id \"\" is empty"),
        ("id with a space", org("[[entity]]\nid = \"q r\"\nname = \"Q\"\n"), 18, "contains a space"),
        ("empty pool id", year("[[year.pool]]\nid = \"\"\nname = \"P\"\nmethod = \"per_server\"\n"), 24, "is empty"),
        ("empty key id", weights("{ x = 1 }").replace("id = \"k\"", "id = \"\""), 20, "key id \"\" is empty"),
        ("empty name", org("[[entity]]\nid = \"q\"\nname = \"  \"\n"), 19, "name is empty"),
        ("year too early", org("[[year]]\nyear = 1999\n"), 18, "year 1999 is not between 2000 and 2100"),
        ("year too late", org("[[year]]\nyear = 2101\n"), 18, "not between"),
        ("year as text", org("[[year]]\nyear = \"2025\"\n"), 18, "invalid type: string"),
        ("year without year", org("[[year]]\n# year = 2025 forgotten\n"), 17, "missing field `year`"),
        // Syntax errors keep the toml crate's line.
        ("syntax error", org("[[year]\nyear = 2025\n"), 17, ""),
        ("unterminated string", org("[[entity]]\nid = \"q\nname = \"Q\"\n"), 18, ""),
        ("duplicate toml key", org("[[entity]]\nid = \"q\"\nid = \"r\"\n"), 19, "duplicate key"),
    ]
}

#[test]
fn every_refusal_names_its_line() {
    assert_refused(refusals());
}

/// Each case must be refused naming its line and saying its words.
pub(super) fn assert_refused(cases: Vec<(&str, String, usize, &str)>) {
    let mut wrong = Vec::new();
    for (what, text, line, words) in cases {
        match parse(&text) {
            Ok(_) => wrong.push(format!("{what}: accepted")),
            Err(e) if e.line != Some(line) || !e.message.contains(words) => {
                wrong.push(format!("{what}: want line {line} and {words:?}, got {e}"));
            }
            Err(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn settlement_may_be_a_deficit_and_dates_may_be_text_or_toml() {
    let text = pool(
        "method = \"per_server\"\namount_sek = 0\nas_of = 2025-03-31\n[year.settlement]\noutcome_sek = \"-120 000,50\"\nkey = \"k\"\n",
    );
    let model = parse(&text).unwrap();
    assert_eq!(model.years[0].settlement.as_ref().unwrap().outcome, -12_000_050);
    assert_eq!(model.years[0].pools[0].counting.as_of, NaiveDate::from_ymd_opt(2025, 3, 31));
}

#[test]
fn unit_price_for_servers_of_unknown_class() {
    let text = pool(
        "method = \"unit_price\"\nunit_price_sek = { physical = 24000, virtual = \"9 000,50\", unknown = 12000 }\n",
    );
    let by_class = [(ServerClass::Physical, 2_400_000), (ServerClass::Virtual, 900_050)].into();
    assert_eq!(parse(&text).unwrap().years[0].pools[0].method, Method::UnitPrice { price: 1_200_000, by_class });
}

#[test]
fn weights_may_name_departments() {
    let model = parse(&weights("{ a = 3, b = 0 }")).unwrap();
    assert_eq!(model.years[0].keys[0].weights, [("a".to_string(), 3), ("b".to_string(), 0)].into());
}

#[test]
fn subnets_and_globs() {
    for ok in ["10.0.0.0/8", "10.20.0.5/32", "0.0.0.0/0", "2001:db8::/32", "::/0", "fe80::1/128"] {
        assert_eq!(cidr_problem(ok), None, "{ok}");
    }
    for ok in ["srv-*", "*", "vg-fil??", "host.example.se", "ÅRSRING_01"] {
        assert_eq!(glob_problem(ok), None, "{ok}");
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        let _ = parse(&text);
    }

    /// Damage the real example: a cut, or a splice of TOML-ish text, lands deep in the checks.
    #[test]
    fn damaged_example_never_panics(at in 0usize..20_000, len in 0usize..40, splice in "[\\[\\]=\"a-z0-9 \\n.,{}-]{0,12}") {
        let chars: Vec<char> = EXAMPLE.chars().collect();
        let at = at % chars.len();
        let end = (at + len).min(chars.len());
        let damaged: String = chars[..at].iter().chain(splice.chars().collect::<Vec<_>>().iter()).chain(&chars[end..]).collect();
        if let Err(e) = parse(&damaged) {
            proptest::prop_assert!(e.line.is_some_and(|l| l <= damaged.lines().count() + 1), "{e}");
        }
    }
}
