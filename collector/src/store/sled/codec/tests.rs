use arsring_protocol::{Report, example_report};
use proptest::prelude::*;
use uuid::Uuid;

use super::*;

fn report() -> Report {
    example_report(Uuid::from_u128(1), Uuid::from_u128(2), chrono::Utc::now())
}

#[test]
fn a_report_is_stored_smaller_and_read_back_whole() {
    let report = report();
    let stored = encode(&report).unwrap();
    assert!(stored.starts_with(&MAGIC));
    let json = serde_json::to_vec(&report).unwrap().len();
    assert!(stored.len() * 3 < json * 2, "{} bytes of {json}", stored.len());
    assert_eq!(decode::<Report>(&stored).unwrap(), report);
}

#[test]
fn records_written_as_plain_json_still_read() {
    let report = report();
    let plain = serde_json::to_vec(&report).unwrap();
    assert_eq!(decode::<Report>(&plain).unwrap(), report);
    // What compression would not shrink stays JSON.
    assert_eq!(encode(&1u8).unwrap(), b"1");
}

#[test]
fn damage_is_an_error_not_a_panic() {
    let stored = encode(&report()).unwrap();
    assert!(decode::<Report>(&stored[..stored.len() / 2]).is_err());
    assert!(decode::<Report>(&MAGIC).is_err());
    // A frame that does not state its size is not one this store wrote.
    let mut streamed = zstd::stream::Encoder::new(Vec::new(), LEVEL).unwrap();
    std::io::Write::write_all(&mut streamed, &serde_json::to_vec(&report()).unwrap()).unwrap();
    let err = decode::<Report>(&streamed.finish().unwrap()).unwrap_err();
    assert!(err.to_string().contains("size is not stated"), "{err}");
}

proptest! {
    #[test]
    fn any_bytes_decode_or_fail_cleanly(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = MAGIC.to_vec();
        bytes.extend(tail);
        let _ = decode::<serde_json::Value>(&bytes);
    }
}

#[test]
fn frames_without_the_dictionary_read_too() {
    let report = report();
    let plain = zstd::bulk::compress(&serde_json::to_vec(&report).unwrap(), LEVEL).unwrap();
    assert_eq!(decode::<Report>(&plain).unwrap(), report);
}

/// The records the dictionary is trained on: the sample fleet (servers and network
/// devices) over two rounds, as the store writes them: device records, history entries and
/// usage samples.
fn training_records() -> Vec<Vec<u8>> {
    use crate::store::Sender;
    use crate::store::effect::effect_of;
    let sender = Sender { by: "cred_0123456789ab".into(), bind_to: None };
    let start = chrono::Utc::now() - chrono::Duration::days(2);
    let mut previous = std::collections::HashMap::new();
    let mut records = Vec::new();
    for round in 0..2 {
        let at = start + chrono::Duration::hours(round);
        for report in crate::sample::fleet(300, 300, 7 + round as u64, at) {
            let id = report.device_id();
            let effect = effect_of(previous.get(&id), report, at, &sender);
            records.push(serde_json::to_vec(&effect.record).unwrap());
            records.extend(effect.history.iter().map(|h| serde_json::to_vec(h).unwrap()));
            records.extend(effect.usage.iter().map(|u| serde_json::to_vec(u).unwrap()));
            previous.insert(id, effect.record);
        }
    }
    records
}

/// `ARSRING_TRAIN_DICTIONARY=1 cargo test -p arsring-collector --lib train_the_dictionary`
/// writes `codec/records.zdict`. A new dictionary gets a new id: the old one must then stay
/// readable (keep its file and decode by id) before a store holds frames of either.
#[test]
fn train_the_dictionary() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/sled/codec/records.zdict");
    if std::env::var_os("ARSRING_TRAIN_DICTIONARY").is_some() {
        let dictionary = zstd::dict::from_samples(&training_records(), 64 * 1024).unwrap();
        std::fs::write(&file, dictionary).unwrap();
    }
    let kept = std::fs::read(&file).unwrap();
    assert!(kept == DICTIONARY, "the dictionary in use is the file");
    assert!(zstd::zstd_safe::get_dict_id_from_dict(DICTIONARY).is_some(), "a trained dictionary has an id");
}

#[test]
fn the_dictionary_makes_short_records_short() {
    let records = training_records();
    let (json, stored): (usize, usize) = records
        .iter()
        .map(|r| (r.len(), encode(&serde_json::from_slice::<serde_json::Value>(r).unwrap()).unwrap().len()))
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    assert!(stored * 4 < json, "{stored} bytes stored for {json} of JSON");
}

/// The writer's shortcut (the report's JSON written on the caller's thread) stores exactly
/// what encoding the whole record stores, for every kind of device and an unreachable one;
/// with the body as sent (here pretty-printed), a record that reads back the same.
#[test]
fn a_record_with_its_report_written_ahead_encodes_the_same() {
    use crate::store::{DeviceRecord, Unreachable};
    let at = chrono::Utc::now();
    let mut records = crate::sample::records(&crate::sample::fleet(3, 3, 5, at), at - chrono::Duration::days(9));
    let mut unreachable = (*records[0]).clone();
    unreachable.unreachable = Some(Unreachable { since: at, last_attempt: at, reason: "timeout".into() });
    records.push(std::sync::Arc::new(unreachable));
    for record in records {
        let record: &DeviceRecord = &record;
        let json = serde_json::to_vec(&record.report).unwrap();
        assert_eq!(encode_record(record, &json).unwrap(), encode(record).unwrap());
        let sent = serde_json::to_vec_pretty(&record.report).unwrap();
        let read: DeviceRecord = decode(&encode_record(record, &sent).unwrap()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), serde_json::to_value(record).unwrap());
    }
}
