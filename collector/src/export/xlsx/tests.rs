use super::*;

#[test]
fn sheet_names_are_what_excel_accepts_and_unique() {
    assert_eq!(sheet_name("Kultur & fritid", &[]), "Kultur & fritid");
    assert_eq!(sheet_name("IT/Drift: [kärna]?", &[]), "IT-Drift- -kärna--");
    let long = "Samhällsbyggnadsförvaltningen i Storkommunen";
    assert_eq!(sheet_name(long, &[]).chars().count(), 31);
    let taken = vec!["Skola".to_string(), "skola (2)".to_string()];
    assert_eq!(sheet_name("SKOLA", &taken), "SKOLA (3)");
    assert_eq!(sheet_name("''", &[]), "Blad");
    let first = sheet_name(long, &[]);
    let second = sheet_name(long, std::slice::from_ref(&first));
    assert_ne!(first, second);
    assert_eq!(second.chars().count(), 31);
}

#[test]
fn a_workbook_is_a_zip_holding_its_sheets() {
    let sheet = Sheet {
        name: "Blad".into(),
        headers: vec!["Namn".into(), "Belopp".into(), "Dag".into()],
        rows: vec![vec![
            Value::text("a"),
            Value::Money(123_456),
            Value::Date(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()),
        ]],
        total: Some(vec![Value::text("Summa"), Value::Money(123_456)]),
        notes: vec!["Avrundning: största rest".into()],
    };
    let bytes = workbook(&[sheet.clone(), Sheet { name: "Två".into(), ..sheet }]).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an .xlsx is a zip");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("xl/worksheets/sheet2.xml"));
}

#[test]
fn amounts_survive_the_trip_through_a_double_to_the_ore() {
    for ore in [0, 1, 99, 100, 12_345_678_901, -5, 9_007_199_254_740, 123_456_789_012_345] {
        assert_eq!((sek(ore) * 100.0).round() as i64, ore, "{ore}");
    }
}
