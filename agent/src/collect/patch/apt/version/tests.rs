use std::cmp::Ordering::{self, Equal, Greater, Less};

use proptest::prelude::*;

use super::compare;

#[test]
fn the_orderings_deb_version_documents() {
    let cases: &[(&str, &str, Ordering)] = &[
        ("1.0", "1.0", Equal),
        ("1.0~rc1", "1.0", Less),
        ("1.0", "1.0+b1", Less),
        ("1.0-1", "1.0-1~deb12u1", Greater),
        ("3.0.14-1~deb12u2", "3.0.15-1~deb12u1", Less),
        ("1:1.0", "2.0", Greater),
        ("0:1.0", "1.0", Equal),
        ("1.01", "1.1", Equal),
        ("1.0a", "1.0", Greater),
        ("1.0a", "1.0+", Less),
        ("2.36-9+deb12u13", "2.36-9+deb12u9", Greater),
        ("6.1.0-28", "6.1.0-3", Greater),
        ("1.2.3-1ubuntu0.22.04.1", "1.2.3-1ubuntu0.22.04.2", Less),
        ("~~", "~~a", Less),
        ("~", "", Less),
    ];
    for &(a, b, expected) in cases {
        assert_eq!(compare(a, b), expected, "{a} vs {b}");
        assert_eq!(compare(b, a), expected.reverse(), "{b} vs {a}");
    }
}

/// dpkg itself is the reference: every pair is checked with `dpkg --compare-versions`.
fn dpkg_order(a: &str, b: &str) -> Option<Ordering> {
    let run = |op: &str| {
        std::process::Command::new("dpkg").args(["--compare-versions", a, op, b]).status().ok().map(|s| s.success())
    };
    match (run("lt")?, run("eq")?) {
        (true, _) => Some(Less),
        (false, true) => Some(Equal),
        (false, false) => Some(Greater),
    }
}

fn version() -> impl Strategy<Value = String> {
    ("(1:)?", "[0-9][0-9a-z.+~]{0,6}", "(-[0-9a-z.+~]{1,5})?").prop_map(|(e, u, r)| format!("{e}{u}{r}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn agrees_with_dpkg(a in version(), b in version()) {
        let Some(expected) = dpkg_order(&a, &b) else {
            assert!(std::env::var_os("ARSRING_REQUIRE_PEERS").is_none(), "dpkg is required");
            return Ok(());
        };
        prop_assert_eq!(compare(&a, &b), expected, "{} vs {}", a, b);
    }

    #[test]
    fn never_panics_and_is_antisymmetric(a in "\\PC{0,12}", b in "\\PC{0,12}") {
        prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
    }
}
