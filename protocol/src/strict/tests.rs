use super::*;

#[test]
fn duplicate_keys_are_found_at_any_depth() {
    assert!(no_duplicate_keys(br#"{"a":1,"b":{"c":[{"d":1},{"d":2}]}}"#).is_ok());
    let err = no_duplicate_keys(br#"{"a":1,"b":{"c":[{"d":1,"d":2}]}}"#).unwrap_err();
    assert_eq!(err, Refusal::Duplicate("b.c[0].d".into()));
    assert_eq!(err.to_string(), "b.c[0].d: the key appears twice in one object");
    assert_eq!(no_duplicate_keys(br#"{"a":1,"a":1}"#), Err(Refusal::Duplicate("a".into())));
    assert!(matches!(no_duplicate_keys(b"{\"a\":1} x"), Err(Refusal::Malformed(_))));
}

#[test]
fn dates_are_exactly_yyyy_mm_dd() {
    assert_eq!(date::parse("2023-06-14").unwrap().to_string(), "2023-06-14");
    for bad in [
        "2023-6-14",
        "23-06-14",
        "2023-06-14T00:00:00",
        "2023-02-30",
        "+2023-06-14",
        "0000-01-01",
        "1899-12-31",
        "",
        "2023/06/14",
    ] {
        assert!(date::parse(bad).is_err(), "{bad}");
    }
}

proptest::proptest! {
    #[test]
    fn any_bytes_are_answered_without_panic(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
        let _ = no_duplicate_keys(&body);
    }
}

#[test]
fn large_objects_and_escaped_keys_are_checked_too() {
    let keys: Vec<String> = (0..100).map(|i| format!("\"k{i}\":{{\"x\":[1,{{\"y\":2}}]}}")).collect();
    let wide = format!("{{\"outer\":{{{}}}}}", keys.join(","));
    assert_eq!(no_duplicate_keys(wide.as_bytes()), Ok(()));
    let twice = format!("{{\"outer\":{{{},\"k77\":1}}}}", keys.join(","));
    assert_eq!(no_duplicate_keys(twice.as_bytes()), Err(Refusal::Duplicate("outer.k77".into())));
    // `\u0061` is `a`: the same key written two ways is still the same key.
    assert_eq!(no_duplicate_keys(br#"{"x":[{},{"a":1,"\u0061":2}]}"#), Err(Refusal::Duplicate("x[1].a".into())));
    assert_eq!(no_duplicate_keys(br#"{"a":{"b":1},"b":{"a":1,"b":2}}"#), Ok(()));
}
