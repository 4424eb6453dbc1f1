use super::*;

const CSV: &str = "serial;hostname;purchase_date;purchase_cost_sek;warranty_end;department;site;category;invoice\n\
        FOC1408Z61U;;2011-05-02;18 500;2016-05-02;it-drift;stadshuset;switch;F-2011-77\n\
        ;web01;2019-09-12;61 200,00;;socialforvaltningen;dc-norra;server;\n\
        XYZ999;;2020-01-01;;;;;;\n";

#[test]
fn parses_and_keeps_free_fields() {
    let assets = parse(CSV.as_bytes()).unwrap().rows;
    assert_eq!(assets.len(), 3);
    assert_eq!(assets[0].purchase_cost, Some(1_850_000));
    assert_eq!(assets[0].category, Some(Category::Switch));
    assert_eq!(assets[0].extra["invoice"], "F-2011-77");
    assert_eq!(assets[1].key(), "hostname:web01");
}

#[test]
fn reimport_changes_nothing() {
    let first = merge(&Register::default(), parse(CSV.as_bytes()).unwrap().rows);
    assert_eq!((first.added, first.changed, first.unchanged), (3, 0, 0));
    let again = merge(&first.register, parse(CSV.as_bytes()).unwrap().rows);
    assert_eq!((again.added, again.changed, again.unchanged), (0, 0, 3));
    assert_eq!(again.register, first.register);
    let edited = CSV.replace("18 500", "19 000");
    let third = merge(&again.register, parse(edited.as_bytes()).unwrap().rows);
    assert_eq!((third.added, third.changed, third.unchanged), (0, 1, 2));
}

#[test]
fn matching_reports_strays_and_doubles() {
    let a = Uuid::from_u128(1);
    let b = Uuid::from_u128(2);
    let devices = vec![
        DeviceKeys { device_id: a, serials: vec!["foc1408z61u".into()], names: vec!["sw1".into()] },
        DeviceKeys { device_id: b, serials: vec![], names: vec!["web01".into()] },
        DeviceKeys { device_id: Uuid::from_u128(3), serials: vec![], names: vec!["WEB01".into()] },
    ];
    let m = match_devices(&parse(CSV.as_bytes()).unwrap().rows, &devices);
    assert_eq!(m.matched, 1);
    assert_eq!(m.unmatched, vec![4]);
    assert_eq!(m.ambiguous, vec![(3, vec![b, Uuid::from_u128(3)])]);
}

#[test]
fn bad_rows_are_named() {
    let err = parse(b"serial,category\nA,toaster\n").unwrap_err();
    assert_eq!(err.column.as_deref(), Some("category"));
    let err = parse(b"serial,hostname,site\n,,dc-norra\nB,,\n").unwrap_err();
    assert_eq!(err.line, 2);
    let err = parse(b"serial\nA\na\n").unwrap_err();
    assert!(err.to_string().contains("line 3") && err.to_string().contains("line 2"), "{err}");
    assert!(parse(b"owner\nx\n").is_err());
}
