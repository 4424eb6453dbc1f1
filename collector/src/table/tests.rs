use super::*;

#[test]
fn swedish_excel_flavour() {
    let table = Table::read("\u{feff}Serial;Purchase_Date;Cost\nABC;2021-03-31;12 500,00\n;;\n".as_bytes()).unwrap();
    assert_eq!(table.headers, ["serial", "purchase_date", "cost"]);
    assert_eq!(table.rows.len(), 1, "blank lines are skipped");
    let row = &table.rows[0];
    assert_eq!(row.line, 2);
    assert_eq!(table.get(row, "serial"), Some("ABC"));
    assert_eq!(date(&table, row, "purchase_date").unwrap(), NaiveDate::from_ymd_opt(2021, 3, 31));
    assert_eq!(sek(&table, row, "cost").unwrap(), Some(1_250_000));
}

#[test]
fn errors_name_line_and_column() {
    let table = Table::read(b"serial,purchase_date\nA,31/03/2021\n").unwrap();
    let err = date(&table, &table.rows[0], "purchase_date").unwrap_err();
    assert_eq!(err.to_string(), "line 2, column purchase_date: \"31/03/2021\" is not a date as YYYY-MM-DD");
    let err = Table::read(b"a,b\n1,2\n3\n").err().unwrap();
    assert_eq!(err.line, 3);
    assert_eq!(Table::read(b"a,a\n1,2\n").err().unwrap().column.as_deref(), Some("a"));
    let table = Table::read(b"vendor,colour\nx,y\n").unwrap();
    assert_eq!(table.only(&["vendor"]).unwrap_err().column.as_deref(), Some("colour"));
}

proptest::proptest! {
    #[test]
    fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        if let Ok(table) = Table::read(&bytes) {
            for row in &table.rows {
                for h in table.headers.clone() {
                    let _ = date(&table, row, &h);
                    let _ = sek(&table, row, &h);
                }
            }
        }
    }
}
