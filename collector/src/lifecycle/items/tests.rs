//! Network devices as lifecycle items: each stack member and each part with its own serial
//! is an item of its own, with its serial, model and age.

use arsring_protocol::Report;
use chrono::{NaiveDate, TimeZone};

use super::*;
use crate::sample;

fn member(index: u32, serial: &str, made: Option<NaiveDate>) -> Component {
    Component {
        index,
        class: EntityClass::Chassis,
        description: Some("ICX6430-24 stack unit".into()),
        name: None,
        model: Some("ICX6430-24".into()),
        hardware_rev: None,
        firmware_rev: None,
        software_rev: None,
        serial: Some(serial.into()),
        manufacturer: None,
        manufactured: made,
        fru: None,
        parent: None,
        source: None,
    }
}

/// A sample switch turned into a two-member stack with a line card read from a vendor table.
fn stack() -> (std::sync::Arc<DeviceRecord>, Report) {
    let at = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
    let mut report = sample::fleet(0, 1, 3, at).remove(0);
    let Device::Network(n) = &mut report.device else { panic!("a network device") };
    n.chassis = vec![member(1, "BZN3215N09A", NaiveDate::from_ymd_opt(2013, 5, 2)), member(2, "BZN3215N0ZZ", None)];
    n.derived.serial = Some(arsring_protocol::Sourced {
        value: "BZN3215N09A".into(),
        source: "ENTITY-MIB entPhysicalSerialNum of chassis 1".into(),
    });
    n.components = vec![Component {
        index: 7_010_000,
        class: EntityClass::Module,
        description: Some("FPC: MPC Type 2 3D EQ @ 1/*/*".into()),
        model: Some("750-031092".into()),
        serial: Some("ZG1234".into()),
        source: Some("JUNIPER-MIB jnxContentsTable 7.1.0.0".into()),
        ..member(0, "", None)
    }];
    let records = sample::records(std::slice::from_ref(&report), at - chrono::Duration::days(30));
    (records[0].clone(), report)
}

#[test]
fn every_stack_member_and_line_card_is_an_item_with_its_serial_model_and_age() {
    let (record, _) = stack();
    let mut out = Vec::new();
    push_device_items(&record, &Register::default().index(), &mut out);
    let by_serial =
        |s: &str| out.iter().find(|i| i.serial.as_deref() == Some(s)).unwrap_or_else(|| panic!("{s}: {out:#?}"));

    let device = by_serial("BZN3215N09A");
    assert_eq!(device.component_index, None, "the first member speaks for the device");
    let in_service = device.in_service.unwrap();
    assert_eq!(
        (in_service.date, in_service.source),
        (NaiveDate::from_ymd_opt(2013, 5, 2).unwrap(), AgeSource::ManufacturingDate)
    );

    let second = by_serial("BZN3215N0ZZ");
    assert_eq!(second.component_index, Some(2));
    assert_eq!(second.category, device.category, "a stack member is a switch of its own");
    assert_eq!(second.model.as_deref(), Some("ICX6430-24"));
    assert_eq!(
        second.in_service.unwrap().source,
        AgeSource::FirstSeen,
        "no date of its own: first seen, not the first member's"
    );

    let card = by_serial("ZG1234");
    assert_eq!((card.category, card.model.as_deref()), (Category::Module, Some("750-031092")));
    assert_eq!(card.id, format!("{}/7010000", record.device_id));
    assert_eq!(out.len(), 3);
}
