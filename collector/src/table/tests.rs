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

/// What Swedish Excel writes for "CSV (semikolonavgränsad)": Windows-1252, å ä ö one byte
/// each; and for "Unicode text": UTF-16 with its mark, tab-separated.
#[test]
fn excel_encodings_are_read() {
    let ansi = b"Serial;Department;Cost\nABC;Socialf\xf6rvaltningen;1 250,00\nDEF;\xc5r\xe4ng;\n";
    let table = Table::read(ansi).unwrap();
    assert_eq!(table.encoding, "windows-1252");
    assert_eq!(table.get(&table.rows[0], "department"), Some("Socialförvaltningen"));
    assert_eq!(table.get(&table.rows[1], "department"), Some("Åräng"));
    assert_eq!(sek(&table, &table.rows[0], "cost").unwrap(), Some(125_000));

    let text = "Serial\tDepartment\nABC\tSocialförvaltningen\n";
    let mut utf16: Vec<u8> = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let table = Table::read(&utf16).unwrap();
    assert_eq!(
        (table.encoding, table.headers.as_slice()),
        ("UTF-16LE", &["serial".to_string(), "department".into()][..])
    );
    assert_eq!(table.get(&table.rows[0], "department"), Some("Socialförvaltningen"));

    // UTF-8 stays UTF-8, with or without its mark: "Ã¶" would mean it was read as 1252.
    for bytes in [
        "serial;department\nA;Socialförvaltningen\n".as_bytes(),
        "\u{feff}serial;department\nA;Socialförvaltningen\n".as_bytes(),
    ] {
        let table = Table::read(bytes).unwrap();
        assert_eq!((table.encoding, table.get(&table.rows[0], "department")), ("UTF-8", Some("Socialförvaltningen")));
    }
}
