//! The collector's boundary: what is accepted, and that every rejection names its field.

use arsring_protocol::*;
use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
}

fn valid() -> Value {
    let report =
        example_report(Uuid::from_u128(1), Uuid::from_u128(2), Utc.with_ymd_and_hms(2026, 11, 25, 11, 0, 0).unwrap());
    serde_json::to_value(report).unwrap()
}

fn reject(body: &Value) -> InputError {
    decode_report(body.to_string().as_bytes(), now()).expect_err("must be rejected")
}

#[test]
fn example_report_round_trips() {
    let body = valid().to_string();
    let report = decode_report(body.as_bytes(), now()).unwrap();
    assert_eq!(report.device_id(), Uuid::from_u128(2));
    assert_eq!(serde_json::to_value(&report).unwrap(), valid());
}

/// An agent's report ids grow with time (UUIDv7), and an older agent's random ones (v4) are
/// accepted alike.
#[test]
fn new_report_ids_are_time_ordered_and_any_uuid_is_accepted() {
    let first = new_report_id();
    std::thread::sleep(std::time::Duration::from_millis(2));
    let later = new_report_id();
    assert_eq!((first.get_version_num(), later.get_version_num()), (7, 7));
    assert!(first < later, "{first} then {later}");
    for id in [first, Uuid::new_v4()] {
        let mut body = valid();
        body["report_id"] = json!(id);
        assert_eq!(decode_report(body.to_string().as_bytes(), now()).unwrap().report_id, id);
    }
}

// Long on purpose: a table of malformed bodies and the error each must give.
#[test]
fn malformed_json_is_rejected_as_a_whole() {
    let err = decode_report(b"{\"schema_version\": 1,", now()).unwrap_err();
    assert_eq!(err.field, "");
    assert!(err.message.contains("malformed JSON"), "{err}");
}

#[test]
fn schema_version_missing_or_unsupported() {
    let mut body = valid();
    body.as_object_mut().unwrap().remove("schema_version");
    assert_eq!(reject(&body).field, "schema_version");
    body["schema_version"] = json!(7);
    let err = reject(&body);
    assert_eq!(err.field, "schema_version");
    assert!(err.message.contains("unsupported schema version 7; this collector accepts 1 to 6"), "{err}");
    for bad in [json!("1"), json!(0), json!(2.0)] {
        body["schema_version"] = bad;
        assert_eq!(reject(&body).field, "schema_version");
    }
}

#[test]
fn version_1_reports_without_addresses_are_still_accepted() {
    let mut body = valid();
    body["schema_version"] = json!(1);
    body["device"]["patch"]["updates"].as_object_mut().unwrap().remove("checked_at");
    body["device"]["identity"].as_object_mut().unwrap().remove("addresses");
    body["device"]["identity"].as_object_mut().unwrap().remove("mac_addresses");
    body["device"]["hardware"].as_object_mut().unwrap().remove("product_uuid");
    let report = decode_report(body.to_string().as_bytes(), now()).unwrap();
    let Device::Server(server) = report.device else { panic!("a server") };
    assert_eq!(server.identity.addresses, None, "not collected, not an empty list");
    body["device"]["identity"]["addresses"] = json!([]);
    assert_eq!(reject(&body).field, "device.identity.addresses");
}

#[test]
fn version_2_reports_cannot_carry_what_version_3_added() {
    let mut body = valid();
    body["schema_version"] = json!(2);
    body["device"]["patch"]["updates"].as_object_mut().unwrap().remove("checked_at");
    assert_eq!(reject(&body).field, "device.identity.mac_addresses");
    body["device"]["identity"].as_object_mut().unwrap().remove("mac_addresses");
    assert_eq!(reject(&body).field, "device.hardware.product_uuid");
    body["device"]["hardware"].as_object_mut().unwrap().remove("product_uuid");
    let report = decode_report(body.to_string().as_bytes(), now()).unwrap();
    let Device::Server(server) = report.device else { panic!("a server") };
    assert_eq!((server.identity.mac_addresses, server.hardware.product_uuid), (None, None));
    let mut vm = serde_json::to_value(example_vm_report(Uuid::from_u128(3), Uuid::from_u128(4), now())).unwrap();
    vm["schema_version"] = json!(2);
    assert_eq!(reject(&vm).field, "device.kind");
}

#[test]
fn version_4_reports_cannot_say_when_updates_were_checked() {
    let mut body = valid();
    body["schema_version"] = json!(4);
    assert_eq!(reject(&body).field, "device.patch.updates.checked_at");
    body["device"]["patch"]["updates"].as_object_mut().unwrap().remove("checked_at");
    let report = decode_report(body.to_string().as_bytes(), now()).unwrap();
    let Device::Server(server) = report.device else { panic!("a server") };
    assert!(matches!(server.patch.updates, arsring_protocol::Updates::Known { checked_at: None, .. }));
    let mut body = valid();
    body["device"]["patch"]["updates"]["checked_at"] = json!("2099-01-01T00:00:00Z");
    assert_eq!(reject(&body).field, "device.patch.updates.checked_at", "not in the future");
    body["device"]["patch"]["updates"]["checked_at"] = json!("1999-12-31T00:00:00Z");
    assert_eq!(reject(&body).field, "device.patch.updates.checked_at");
}

#[test]
fn vsphere_reports_round_trip_and_bad_values_are_named() {
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 11, 0, 0).unwrap();
    for report in [
        example_vm_report(Uuid::from_u128(3), Uuid::from_u128(4), at),
        example_host_report(Uuid::from_u128(5), Uuid::from_u128(6), at),
    ] {
        let body = serde_json::to_vec(&report).unwrap();
        assert_eq!(decode_report(&body, now()).unwrap(), report);
    }
    let vm = || serde_json::to_value(example_vm_report(Uuid::from_u128(3), Uuid::from_u128(4), at)).unwrap();
    let cases: [(&str, Value, &str); 6] = [
        ("/device/mac_addresses/0", json!("00:50:56:AB:00:01"), "device.mac_addresses[0]"),
        ("/device/allocation/vcpu", json!(0), "device.allocation.vcpu"),
        ("/device/power_state", json!("exploded"), "device.power_state"),
        ("/device/placement/moref", json!(""), "device.placement.moref"),
        ("/device/guest/hostname", json!("a\u{0}b"), "device.guest.hostname"),
        ("/device/device_id", json!(Uuid::nil()), "device.device_id"),
    ];
    for (pointer, value, field) in cases {
        let mut body = vm();
        *body.pointer_mut(pointer).unwrap() = value;
        assert_eq!(reject(&body).field, field, "{pointer}");
    }
    let mut host = serde_json::to_value(example_host_report(Uuid::from_u128(5), Uuid::from_u128(6), at)).unwrap();
    host["device"]["bios"]["release_date"] = json!("2099-01-01");
    assert_eq!(reject(&host).field, "device.bios.release_date");
}

#[test]
fn bad_addresses_are_named() {
    let cases = [
        (json!([{"interface": "eth0", "address": "10.0.0.300", "prefix": 24}]), "device.identity.addresses"),
        (json!([{"interface": "eth0", "address": "10.0.0.3", "prefix": 33}]), "device.identity.addresses[0].prefix"),
        (json!([{"interface": "", "address": "10.0.0.3", "prefix": 24}]), "device.identity.addresses[0].interface"),
        (json!([{"interface": "eth0", "address": "::1", "prefix": 129}]), "device.identity.addresses[0].prefix"),
    ];
    for (addresses, field) in cases {
        let mut body = valid();
        body["device"]["identity"]["addresses"] = addresses.clone();
        let err = reject(&body);
        assert!(err.field.starts_with(field), "{addresses}: {err}");
    }
}

#[test]
fn missing_field_is_named() {
    let mut body = valid();
    body["device"]["identity"].as_object_mut().unwrap().remove("hostname");
    let err = reject(&body);
    assert!(err.to_string().contains("hostname"), "{err}");
}

#[test]
fn wrong_type_is_named() {
    let mut body = valid();
    body["device"]["hardware"]["memory_bytes"] = json!("lots");
    let err = reject(&body);
    assert!(err.to_string().contains("memory_bytes"), "{err}");
}

#[test]
fn negative_size_is_named() {
    let mut body = valid();
    body["device"]["hardware"]["disks"][0]["size_bytes"] = json!(-1);
    let err = reject(&body);
    assert!(err.to_string().contains("size_bytes"), "{err}");
}

#[test]
fn unknown_field_is_named() {
    let mut body = valid();
    body["device"]["hardware"]["colour"] = json!("beige");
    let err = reject(&body);
    assert!(err.to_string().contains("colour"), "{err}");
}

#[test]
fn future_dates_are_rejected() {
    let mut body = valid();
    body["collected_at"] = json!("2030-01-01T00:00:00Z");
    assert_eq!(reject(&body).field, "collected_at");
    let mut body = valid();
    body["device"]["hardware"]["bios"]["release_date"] = json!("2027-02-01");
    assert_eq!(reject(&body).field, "device.hardware.bios.release_date");
}

#[test]
fn absurd_values_are_rejected() {
    type Mutation = fn(&mut Value);
    let cases: [(&str, Mutation); 5] = [
        ("device.hardware.memory_bytes", |b| b["device"]["hardware"]["memory_bytes"] = json!(u64::MAX)),
        ("device.hardware.cpu.threads", |b| b["device"]["hardware"]["cpu"]["threads"] = json!(0)),
        ("device.utilisation.cpu_busy_ratio", |b| b["device"]["utilisation"]["cpu_busy_ratio"] = json!(1.5)),
        ("device.patch.updates.security", |b| b["device"]["patch"]["updates"]["security"] = json!(9)),
        ("device.identity.hostname", |b| b["device"]["identity"]["hostname"] = json!("")),
    ];
    for (field, mutate) in cases {
        let mut body = valid();
        mutate(&mut body);
        assert_eq!(reject(&body).field, field);
    }
}

#[test]
fn a_key_sent_twice_is_named_not_silently_overwritten() {
    let body = valid().to_string().replacen("\"hostname\":", "\"hostname\":\"decoy\",\"hostname\":", 1);
    let err = decode_report(body.as_bytes(), now()).unwrap_err();
    assert_eq!(err.field, "device.identity.hostname");
    assert!(err.message.contains("twice"), "{err}");
}

#[test]
fn dates_are_written_exactly_yyyy_mm_dd() {
    for bad in ["2023-6-14", "2023-06-14T00:00:00", "14/06/2023"] {
        let mut body = valid();
        body["device"]["hardware"]["bios"]["release_date"] = json!(bad);
        assert_eq!(reject(&body).field, "device.hardware.bios.release_date", "{bad}");
    }
}

#[test]
fn line_breaks_only_in_descriptions() {
    type Mutation = fn(&mut Value);
    let cases: [(&str, Mutation); 5] = [
        ("device.identity.hostname", |b| b["device"]["identity"]["hostname"] = json!("web01\nadmin")),
        ("device.hardware.serial", |b| b["device"]["hardware"]["serial"] = json!("X1\r\nX2")),
        ("device.hardware.disks[0].model", |b| b["device"]["hardware"]["disks"][0]["model"] = json!("a\u{7}")),
        ("device.hardware.platform.technology", |b| b["device"]["hardware"]["platform"]["technology"] = json!("kvm\n")),
        ("device.patch.updates.source", |b| b["device"]["patch"]["updates"]["source"] = json!("apt\nx")),
    ];
    for (field, mutate) in cases {
        let mut body = valid();
        mutate(&mut body);
        assert_eq!(reject(&body).field, field);
    }
}

#[test]
fn echoed_input_is_clipped() {
    let mut body = valid();
    body["device"]["kind"] = json!("x".repeat(100_000));
    let err = reject(&body);
    assert_eq!(err.field, "device.kind");
    assert!(err.message.len() < 400, "{} bytes", err.message.len());
}

#[test]
fn trailing_garbage_is_rejected() {
    let body = format!("{} x", valid());
    assert!(decode_report(body.as_bytes(), now()).is_err());
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = decode_report(&bytes, now());
    }

    /// Cutting or corrupting a valid body anywhere gives an error or a valid report, never a panic.
    #[test]
    fn corrupted_reports_never_panic(cut in 0usize..4000, pos in 0usize..4000, byte in any::<u8>()) {
        let mut body = valid().to_string().into_bytes();
        let pos = pos % body.len();
        body[pos] = byte;
        body.truncate(cut.max(1).min(body.len()));
        if let Ok(report) = decode_report(&body, now()) {
            prop_assert!(validate(&report, now()).is_ok());
        }
    }
}

/// The example in docs/protocol.md is exactly what `example_report` writes, so the document
/// cannot drift from the types.
#[test]
fn the_documented_example_is_the_example_report() {
    let doc = include_str!("../../docs/protocol.md");
    let start = doc.find("```json\n{\n  \"schema_version\"").expect("the example block") + "```json\n".len();
    let end = start + doc[start..].find("\n```").unwrap();
    let documented: Value = serde_json::from_str(&doc[start..end]).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    let report = example_report(
        Uuid::parse_str("0b7c6f1e-3d0a-4c55-9a53-0f3e2f1d8a10").unwrap(),
        Uuid::parse_str("5d1f2c3b-8e7a-5b6c-9d0e-1f2a3b4c5d6e").unwrap(),
        at,
    );
    assert_eq!(documented, serde_json::to_value(&report).unwrap());
    assert!(decode_report(&doc.as_bytes()[start..end], at + chrono::Duration::minutes(1)).is_ok());
}

/// Bodies tried against the collector while probing it, kept as a corpus
/// (`tests/corpus/make.py` rebuilds it from the documented example): each must be refused
/// naming the field in `expected.tsv`, with an answer that echoes little of what was sent.
#[test]
fn the_corpus_of_hostile_bodies_is_refused_field_by_field() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 8, 1, 0).unwrap();
    let mut tried = 0;
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let (name, field) = line.split_once('\t').unwrap();
        let body = std::fs::read(dir.join(format!("{name}.json"))).unwrap();
        match decode_report(&body, at) {
            Ok(_) => assert_eq!(field, "OK", "{name} was accepted"),
            Err(err) => {
                assert_eq!(err.field, field, "{name}: {err}");
                assert!(err.to_string().len() < 700, "{name}: the error echoes {} bytes", err.to_string().len());
            }
        }
        tried += 1;
    }
    assert!(tried >= 30, "only {tried} bodies in the corpus");
}

/// A switch with one neighbour, in the shape an agent of schema version 4 sends.
fn switch_with_a_neighbour(version: u32) -> Value {
    let mut body = valid();
    body["schema_version"] = json!(version);
    body["device"] = json!({
        "kind": "network",
        "identity": {"device_id": "7d1f2c3b-8e7a-5b6c-9d0e-1f2a3b4c5d6e", "device_id_source": "chassis_serial", "address": "10.0.0.1:161"},
        "reachability": {"reachable": true, "reason": null, "requests": 6, "elapsed_ms": 40},
        "system": {"descr": "Cisco IOS Software", "object_id": "1.3.6.1.4.1.9.1.617", "uptime_secs": 5, "name": "acc-1", "location": null, "contact": null},
        "derived": {"vendor": null, "model": null, "category": null, "os_family": null, "os_version": null, "serial": null},
        "chassis": [], "components": [], "port_count": 52, "entities_truncated": false,
        "neighbours": [{"protocol": "lldp", "local_port": "Gi1/0/52", "name": "dist-1", "port": "Te1/1/1", "chassis_id": null, "platform": null, "address": null}],
        "tags": {"extra": {}}
    });
    body
}

#[test]
fn neighbours_need_schema_version_4() {
    let body = serde_json::to_vec(&switch_with_a_neighbour(4)).unwrap();
    let report = decode_report(&body, Utc::now()).unwrap();
    let Device::Network(n) = report.device else { panic!("a network device") };
    assert_eq!(n.neighbours[0].name.as_deref(), Some("dist-1"));
    assert!(n.notes.is_empty() && n.derived.manufactured.is_none(), "absent fields default");
    let err = reject(&switch_with_a_neighbour(3));
    assert_eq!((err.field.as_str(), err.message.as_str()), ("device.neighbours", "needs schema version 4"));
    let mut nameless = switch_with_a_neighbour(4);
    nameless["device"]["neighbours"][0]["name"] = Value::Null;
    assert_eq!(reject(&nameless).field, "device.neighbours[0]", "a neighbour needs something to know it by");
}

#[test]
fn a_devices_own_lldp_identity_needs_schema_version_6() {
    let mut body = switch_with_a_neighbour(6);
    body["device"]["lldp_local"] = json!({"chassis_id": "a8:d0:e5:f7:f7:c0", "name": "re0-SNNU-CA-CORE-2"});
    let report = decode_report(&serde_json::to_vec(&body).unwrap(), Utc::now()).unwrap();
    let Device::Network(n) = report.device else { panic!("a network device") };
    let local = n.lldp_local.unwrap();
    assert_eq!(
        (local.chassis_id.as_deref(), local.name.as_deref()),
        (Some("a8:d0:e5:f7:f7:c0"), Some("re0-SNNU-CA-CORE-2"))
    );
    body["schema_version"] = json!(5);
    let err = reject(&body);
    assert_eq!((err.field.as_str(), err.message.as_str()), ("device.lldp_local", "needs schema version 6"));
    // Absent (every agent before 6) or null: none.
    let older = switch_with_a_neighbour(5);
    let report = decode_report(&serde_json::to_vec(&older).unwrap(), Utc::now()).unwrap();
    let Device::Network(n) = report.device else { panic!("a network device") };
    assert_eq!(n.lldp_local, None);
    let mut bad = switch_with_a_neighbour(6);
    bad["device"]["lldp_local"] = json!({"chassis_id": "a\u{7}b", "name": null});
    assert_eq!(reject(&bad).field, "device.lldp_local.chassis_id");
    bad["device"]["lldp_local"] = json!({"chassis_id": null, "name": null, "serial": "x"});
    assert_eq!(reject(&bad).field, "device.lldp_local.serial", "unknown fields are named");
}
