use std::io::Cursor;

use proptest::prelude::*;

use super::*;

fn rows() -> Vec<Row> {
    let at = DateTime::parse_from_rfc3339("2026-11-30T08:00:00.123456789Z").unwrap().with_timezone(&Utc);
    let mut event = Event::new("anna (command line)", "import.assets", "12 assets");
    event.at = at;
    vec![
        Row::Binding { device_id: Uuid::from_u128(7), credential_id: "cred_1".into() },
        Row::register("assets".into(), br#"{"items":[{"serial":"CZ1","price_ore":1250000}]}"#).unwrap(),
        Row::Report {
            report_id: Uuid::from_u128(1),
            device_id: Uuid::from_u128(7),
            sent_by: "cred_1".into(),
            received_at: None,
        },
        Row::Report {
            report_id: Uuid::from_u128(2),
            device_id: Uuid::from_u128(7),
            sent_by: "cred_1".into(),
            received_at: Some(at),
        },
        Row::audit(event),
    ]
}

fn written(rows: &[Row]) -> (Vec<u8>, Trailer) {
    let mut writer = Writer::new(Vec::new(), &Header::new("sled")).unwrap();
    for row in rows {
        writer.row(row).unwrap();
    }
    writer.finish().unwrap()
}

fn read_all(bytes: &[u8]) -> Result<(Vec<Row>, Trailer), BadLine> {
    let mut reader = Reader::open(Cursor::new(bytes))?;
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row()? {
        rows.push(row);
    }
    Ok((rows, reader.finish()?))
}

#[test]
fn a_snapshot_reads_back_row_for_row_with_its_trailer() {
    let (bytes, trailer) = written(&rows());
    let (back, read) = read_all(&bytes).unwrap();
    assert_eq!(read, trailer);
    let lines = |rows: &[Row]| rows.iter().map(|r| r.line().unwrap()).collect::<Vec<_>>();
    assert_eq!(lines(&back), lines(&rows()));
    assert_eq!(trailer.end["report"].rows, 2);
    assert_eq!(trailer.end["device"], TableSum { rows: 0, sha256: "0".repeat(64) });
    assert_eq!(trailer.end.len(), TABLES.len(), "every table is in the trailer, empty ones too");
}

#[test]
fn audit_times_are_kept_to_the_microsecond_as_postgresql_keeps_them() {
    let Row::Audit { event } = &rows()[4] else { panic!() };
    assert_eq!(event.at.timestamp_subsec_nanos(), 123_456_000);
}

#[test]
fn the_checksum_ignores_order_but_counts_every_row() {
    let mut reversed = rows();
    reversed.reverse();
    assert_eq!(written(&rows()).1, written(&reversed).1);
    let mut twice = rows();
    twice.push(rows()[0].clone());
    let (one, two) = (written(&rows()).1, written(&twice).1);
    assert_ne!(one.end["binding"], two.end["binding"]);
    assert_eq!(one.end["report"], two.end["report"]);
}

#[test]
fn a_file_cut_short_is_refused_at_the_line_where_it_ends() {
    let (bytes, _) = written(&rows());
    let text = String::from_utf8(bytes).unwrap();
    let without_trailer: String = text.lines().take(4).map(|l| format!("{l}\n")).collect();
    let err = read_all(without_trailer.as_bytes()).unwrap_err();
    assert_eq!(err.line, 5);
    assert!(err.problem.contains("cut short"), "{err}");
    // A last line without its newline was cut in the middle.
    let err = read_all(&text.as_bytes()[..text.len() - 1]).unwrap_err();
    assert!(err.problem.contains("cut short"), "{err}");
}

#[test]
fn a_changed_record_is_found_by_its_tables_checksum() {
    let (bytes, _) = written(&rows());
    let text =
        String::from_utf8(bytes).unwrap().replace("cred_1\",\"received_at\":null", "cred_9\",\"received_at\":null");
    let err = read_all(text.as_bytes()).unwrap_err();
    assert!(err.problem.starts_with("table report:"), "{err}");
}

#[test]
fn a_line_that_is_not_a_record_is_named() {
    let (bytes, _) = written(&rows());
    let mut lines: Vec<String> = String::from_utf8(bytes).unwrap().lines().map(String::from).collect();
    lines[2] = r#"{"table":"device","record":{"device_id":"not a uuid"}}"#.into();
    let err = read_all((lines.join("\n") + "\n").as_bytes()).unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    lines[2] = r#"{"table":"gadget"}"#.into();
    assert_eq!(read_all((lines.join("\n") + "\n").as_bytes()).unwrap_err().line, 3);
}

#[test]
fn another_format_or_a_newer_version_is_refused_at_line_one() {
    for header in [
        r#"{"tokens":[]}"#,
        r#"{"format":"arsring-store","version":2,"created_at":"2026-11-30T08:00:00Z","source":"sled","collector":"9.0.0"}"#,
    ] {
        let err = read_all(format!("{header}\n").as_bytes()).unwrap_err();
        assert_eq!(err.line, 1, "{err}");
    }
}

#[test]
fn nothing_may_follow_the_trailer() {
    let (mut bytes, _) = written(&rows());
    bytes.extend_from_slice(b"{\"table\":\"binding\"}\n");
    assert!(read_all(&bytes).unwrap_err().problem.contains("follows the trailer"));
}

proptest! {
    #[test]
    fn any_bytes_are_read_or_refused_never_a_panic(body in proptest::collection::vec(any::<u8>(), 0..400), cut in 0usize..2000) {
        let (good, _) = written(&rows());
        let _ = read_all(&body);
        let mut spliced = good[..cut.min(good.len())].to_vec();
        spliced.extend_from_slice(&body);
        let _ = read_all(&spliced);
    }
}
