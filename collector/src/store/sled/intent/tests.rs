use super::*;

/// The hash is kept on disk: a build that hashed differently would take every record of a
/// cut group for one that did not land.
#[test]
fn the_record_hash_is_the_same_in_every_build() {
    assert_eq!(record_hash(b""), 0x1e92_4b9d_7377_00d7);
    assert_eq!(record_hash(b"a stored record"), record_hash(b"a stored record"));
    assert_ne!(record_hash(b"a stored record"), record_hash(b"a stored recorD"));
}

#[test]
fn an_intent_reads_back_as_written() {
    let intended = Intended {
        report_id: Uuid::from_u128(1),
        device_id: Uuid::from_u128(2),
        by: "cred_x".into(),
        history_at: Some(DateTime::parse_from_rfc3339("2026-12-02T03:04:05.123456Z").unwrap().to_utc()),
        record: Some(u64::MAX),
    };
    let bare = Intended { history_at: None, record: None, by: String::new(), ..intended.clone() };
    let bytes = encode(&[&intended, &bare, &intended]).unwrap();
    assert_eq!(bytes.len(), 3 * 37 + 2 * (16 + 6));
    assert_eq!(decode(&bytes).unwrap(), vec![intended.clone(), bare, intended]);
    // Every shorter prefix but the whole reports' ends is refused, naming the report.
    let ends = [53 + 6, 53 + 6 + 37];
    for cut in (1..bytes.len()).filter(|n| !ends.contains(n)) {
        let err = format!("{:#}", decode(&bytes[..cut]).unwrap_err());
        assert!(err.contains("of the group") && err.contains("cut short"), "{cut}: {err}");
    }
    assert!(format!("{:#}", decode(&[0; 33].map(|_| 7)).unwrap_err()).contains("unknown flags"));
}

#[test]
fn an_intent_that_does_not_decode_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = sled::Config::new().temporary(true).path(dir.path()).open().unwrap();
    let [meta, devices, reports, history] = ["meta", "devices", "reports", "history"].map(|n| db.open_tree(n).unwrap());
    meta.insert(KEY, b"{not an intent".as_slice()).unwrap();
    let err = finish(&meta, &devices, &reports, &history).unwrap_err().to_string();
    assert!(err.contains("meta/ingest_intent"), "{err}");
    meta.remove(KEY).unwrap();
    assert_eq!(finish(&meta, &devices, &reports, &history).unwrap(), Finished::default());
}
