use super::*;

#[test]
fn swedish_when_the_browser_ranks_it_above_english() {
    assert_eq!(Lang::negotiate("sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7"), Lang::Sv);
    assert_eq!(Lang::negotiate("en-GB,en;q=0.9,sv;q=0.8"), Lang::En);
    assert_eq!(Lang::negotiate("de-DE,de;q=0.9,sv;q=0.5"), Lang::Sv, "Swedish is the only one offered");
    assert_eq!(Lang::negotiate("fi;q=1, en;q=0.4, sv-FI;q=0.6"), Lang::Sv);
    assert_eq!(Lang::negotiate("sv;q=0, en"), Lang::En, "q=0 means not at all");
    assert_eq!(Lang::negotiate(""), Lang::En);
    assert_eq!(Lang::negotiate("*"), Lang::En);
    assert_eq!(Lang::negotiate("en;q=0.8, sv;q=0.8"), Lang::En, "a tie goes to the first");
    assert_eq!(Lang::negotiate("x;;,sv;q=abc"), Lang::Sv, "garbage quality counts as 1");
}

#[test]
fn numbers_in_the_readers_notation() {
    assert_eq!(kronor(Lang::Sv, 123_456_789), "1\u{a0}234\u{a0}567,89 kr");
    assert_eq!(kronor(Lang::En, 123_456_789), "1,234,567.89 kr");
    assert_eq!(kronor(Lang::Sv, -5), "-0,05 kr");
    assert_eq!(integer(Lang::Sv, 12_345), "12\u{a0}345");
    assert_eq!(integer(Lang::En, -1_000), "-1,000");
    assert_eq!(decimal(Lang::Sv, 7.25, 1), "7,2");
    assert_eq!(decimal(Lang::En, 7.26, 1), "7.3");
}

crate::texts! {
    ONE = "Network devices", "Nätverksenheter";
    TWO = "Costs", "Kostnader";
}

#[test]
fn texts_are_listed_with_both_languages() {
    assert_eq!(ALL.len(), 2);
    assert_eq!(ALL[1], ("TWO", Text::new("Costs", "Kostnader")));
    assert_eq!(ONE.get(Lang::Sv), "Nätverksenheter");
}

#[test]
fn templates_are_filled_once() {
    let sourced = Text::new("{value} (from {source})", "{value} (källa: {source})");
    assert_eq!(sourced.fill(Lang::Sv, &[("value", "{source}"), ("source", "sysDescr")]), "{source} (källa: sysDescr)");
    assert_eq!(fill("{a} {b} {", &[("a", "1")]), "1 {b} {");
    assert_eq!(fill("é{a}å", &[("a", "ö")]), "éöå");
}

proptest::proptest! {
    #[test]
    fn any_header_negotiates_without_panicking(header in ".{0,200}") {
        let _ = Lang::negotiate(&header);
    }
}
