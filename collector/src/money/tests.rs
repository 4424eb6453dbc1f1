use super::*;

#[test]
fn parses_the_ways_people_write_amounts() {
    assert_eq!(parse_sek("1000000"), Ok(100_000_000));
    assert_eq!(parse_sek("1 000 000,50"), Ok(100_000_050));
    assert_eq!(parse_sek("1\u{a0}000,5"), Ok(100_050));
    assert_eq!(parse_sek("125000.75"), Ok(12_500_075));
    assert_eq!(parse_sek("-250"), Ok(-25_000));
    assert_eq!(parse_sek("99 kr"), Ok(9_900));
    assert!(parse_sek("12,345").is_err(), "three decimals would need rounding");
    assert!(parse_sek("").is_err());
    assert!(parse_sek("abc").is_err());
    assert!(parse_sek("1.000.000").is_err());
    assert!(parse_sek("99999999999999999999").is_err());
}

#[test]
fn formats() {
    assert_eq!(format_sek(28_571_429), "285714.29");
    assert_eq!(format_sek(-5), "-0.05");
    assert_eq!(format_sek_sv(28_571_429), "285\u{a0}714,29");
    assert_eq!(format_sek_sv(100_000_000), "1\u{a0}000\u{a0}000,00");
}

proptest::proptest! {
    #[test]
    fn round_trip(ore in -1_000_000_000_000i64..1_000_000_000_000) {
        proptest::prop_assert_eq!(parse_sek(&format_sek(ore)), Ok(ore));
        proptest::prop_assert_eq!(parse_sek(&format_sek_sv(ore)), Ok(ore));
    }

    #[test]
    fn never_panics(text in "\\PC*") {
        let _ = parse_sek(&text);
    }
}
