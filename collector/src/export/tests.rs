use super::*;

#[derive(Serialize)]
struct Row {
    name: String,
    count: i64,
    note: Option<String>,
}

#[test]
fn header_rows_and_formula_cells() {
    let rows = [
        Row { name: "web01".into(), count: -3, note: None },
        Row { name: "=cmd|' /C calc'!A0".into(), count: 2, note: Some("a,b".into()) },
    ];
    let text = String::from_utf8(to_csv(&rows).unwrap()).unwrap();
    assert_eq!(text, "name,count,note\nweb01,-3,\n'=cmd|' /C calc'!A0,2,\"a,b\"\n");
    assert_eq!(defuse("-12000,50"), "-12000,50", "a negative amount in the Swedish dialect");
    assert_eq!(defuse("-1+1"), "'-1+1");
}
