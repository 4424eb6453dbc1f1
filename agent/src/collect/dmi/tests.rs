use super::*;
use std::collections::HashMap;

fn dmi(pairs: &[(&str, &str)]) -> Dmi {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Dmi::from_fields(|name| map.get(name).cloned())
}

#[test]
fn dell_poweredge() {
    let d = dmi(&[
        ("sys_vendor", "Dell Inc."),
        ("product_name", "PowerEdge R640"),
        ("product_serial", "4XK2M53"),
        ("chassis_type", "23"),
        ("bios_vendor", "Dell Inc."),
        ("bios_version", "2.19.1"),
        ("bios_date", "06/14/2023"),
    ]);
    assert_eq!(d.product_name.as_deref(), Some("PowerEdge R640"));
    assert_eq!(d.chassis_type.as_deref(), Some("Rack Mount Chassis"));
    assert_eq!(d.bios_date, NaiveDate::from_ymd_opt(2023, 6, 14));
}

#[test]
fn placeholders_are_unknown() {
    let d = dmi(&[
        ("sys_vendor", "To Be Filled By O.E.M."),
        ("product_serial", "System Serial Number"),
        ("product_uuid", "03000200-0400-0500-0006-000700080009"),
        ("chassis_type", "2"),
        ("bios_version", "   "),
        ("product_name", "0000000000"),
    ]);
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn chassis_lock_bit_is_ignored_and_out_of_range_is_unknown() {
    assert_eq!(chassis_name("151").as_deref(), Some("Rack Mount Chassis")); // 0x80 | 23
    assert_eq!(chassis_name("17").as_deref(), Some("Main Server Chassis"));
    assert_eq!(chassis_name("99"), None);
    assert_eq!(chassis_name("x"), None);
}

#[test]
fn bios_dates() {
    assert_eq!(parse_bios_date("04/01/2014"), NaiveDate::from_ymd_opt(2014, 4, 1));
    assert_eq!(parse_bios_date("12/01/06"), NaiveDate::from_ymd_opt(2006, 12, 1));
    assert_eq!(parse_bios_date("02/29/2023"), None, "not a leap year");
    assert_eq!(parse_bios_date("02/29/2024"), NaiveDate::from_ymd_opt(2024, 2, 29));
    assert_eq!(parse_bios_date("2024-01-01"), None);
    assert_eq!(parse_bios_date("1/2/3/4"), None);
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "\\PC*") {
        let _ = parse_bios_date(&text);
        let _ = chassis_name(&text);
        let _ = clean(&text);
    }
}
