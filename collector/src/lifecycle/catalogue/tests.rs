use super::*;

const CSV: &str = "vendor,model_pattern,end_of_sale,end_of_security_updates,end_of_support,replacement_cost_sek,replacement_model\n\
        Cisco,WS-C3560*,2016-10-30,2019-10-30,2021-10-31,45 000,C9200L-48T-4G\n\
        Cisco,WS-C3560G-48TS-E,2016-10-30,2019-10-30,2021-10-31,52 000,C9300-48T\n\
        Cisco,WS-C3560G-48TS-?,,,,,\n\
        Juniper,MX960,,,2030-06-30,900 000,MX10008\n";

#[test]
fn most_specific_pattern_wins() {
    let c = parse(CSV.as_bytes()).unwrap().rows;
    let e = c.find(Some("Cisco"), Some("WS-C3560G-48TS-E")).unwrap();
    assert_eq!(e.line, 3, "exact model beats both wildcards");
    assert_eq!(e.replacement_cost, Some(5_200_000));
    assert_eq!(c.find(Some("cisco systems"), Some("ws-c3560x-24p")).unwrap().line, 2);
    assert_eq!(c.find(Some("Juniper"), Some("MX960")).unwrap().end_of_support, NaiveDate::from_ymd_opt(2030, 6, 30));
    assert!(c.find(Some("Huawei"), Some("WS-C3560G-48TS-E")).is_none(), "vendor must match");
    assert!(c.find(None, Some("MX960")).is_none());
}

#[test]
fn equal_specificity_goes_to_the_earlier_line() {
    let csv = "vendor,model_pattern,end_of_support\nHP,J97*,2025-01-01\nHP,J9?2*,2026-01-01\n";
    let c = parse(csv.as_bytes()).unwrap().rows;
    assert_eq!(c.find(Some("HP"), Some("J9727A-24")).unwrap().line, 2);
}

#[test]
fn bad_lines_are_named() {
    let bad_date = "vendor,model_pattern,end_of_support\nCisco,WS-C2960*,31.10.2021\n";
    assert_eq!(
        parse(bad_date.as_bytes()).unwrap_err().to_string(),
        "line 2, column end_of_support: \"31.10.2021\" is not a date as YYYY-MM-DD"
    );
    let unknown = "vendor,model_pattern,eol\nCisco,X,2020-01-01\n";
    assert_eq!(parse(unknown.as_bytes()).unwrap_err().column.as_deref(), Some("eol"));
    let empty = "vendor,model_pattern\n,X\n";
    assert_eq!(parse(empty.as_bytes()).unwrap_err().line, 2);
    let order = "vendor,model_pattern,end_of_sale,end_of_support\nCisco,X,2022-01-01,2021-01-01\n";
    assert_eq!(parse(order.as_bytes()).unwrap_err().column.as_deref(), Some("end_of_sale"));
    let negative = "vendor,model_pattern,replacement_cost_sek\nCisco,X,-5\n";
    assert!(parse(negative.as_bytes()).is_err());
    let leap = "vendor,model_pattern,end_of_support\nCisco,X,2023-02-29\n";
    assert!(parse(leap.as_bytes()).is_err(), "no 29 February in 2023");
}

#[test]
fn globbing() {
    assert!(glob("WS-C3560*", "ws-c3560g-48ts-e"));
    assert!(glob("*3560*", "WS-C3560G"));
    assert!(glob("J9?2*", "J9727A"));
    assert!(!glob("J9?7*", "J9727A"));
    assert!(glob("*", ""));
    assert!(!glob("a*b", "ac"));
    assert!(glob("a*b*c", "aXbYbZc"));
    assert!(glob("SÖDRA-*", "södra-sw01"), "non-ASCII names match without regard to case too");
    assert!(!glob("SÖDRA-?", "södra-sw01"));
}

proptest::proptest! {
    #[test]
    fn glob_never_panics(p in "[a-c*?]{0,12}", t in "[a-c]{0,20}") {
        let _ = glob(&p, &t);
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_the_unicode_one(p in "[aAbB*?-]{0,10}", t in "[aAbB-]{0,16}") {
        let (pc, tc): (Vec<char>, Vec<char>) = (p.to_lowercase().chars().collect(), t.to_lowercase().chars().collect());
        proptest::prop_assert_eq!(glob(&p, &t), glob_in(&pc, &tc, |a, b| a == b, '*', '?'));
    }
}
