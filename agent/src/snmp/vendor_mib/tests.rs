//! Vendor answers as snmpsim-data recordings hold them.

use super::*;
use crate::snmp::vendor::objects::unit_tables_for;
use chrono::NaiveDate;
use proptest::prelude::*;

fn oid(dotted: &str) -> Oid {
    Oid::parse(dotted).unwrap()
}

fn text(t: &str) -> Value {
    Value::Bytes(t.as_bytes().to_vec())
}

#[test]
fn juniper_box_serial_and_description_fill_in_for_an_empty_entity_mib() {
    // snmpsim-data router/juniper-mx960-12-3r6-6: no ENTITY-MIB, JUNIPER-MIB jnxBoxAnatomy.
    let answers = HashMap::from([
        (oid("1.3.6.1.4.1.2636.3.1.3.0"), text("JN11FCEC5AFA")),
        (oid("1.3.6.1.4.1.2636.3.1.2.0"), text("Juniper MX960 Internet Backbone Router")),
    ]);
    let facts = read_scalars(2636, &answers);
    let serial = facts.serial.unwrap();
    assert_eq!((serial.value.as_str(), serial.source.as_str()), ("JN11FCEC5AFA", "JUNIPER-MIB jnxBoxSerialNo"));
    assert_eq!(facts.model.unwrap().value, "Juniper MX960 Internet Backbone Router");
    assert!(facts.firmware.is_none());
}

#[test]
fn only_the_vendors_own_objects_are_asked_and_read() {
    assert!(scalar_oids(2636).contains(&oid("1.3.6.1.4.1.2636.3.1.3.0")));
    assert!(!scalar_oids(9).contains(&oid("1.3.6.1.4.1.2636.3.1.3.0")));
    assert!(scalar_oids(8072).is_empty(), "Net-SNMP hosts get no vendor GET");
    // A Juniper object in a Cisco answer is not Cisco's serial.
    let answers = HashMap::from([(oid("1.3.6.1.4.1.2636.3.1.3.0"), text("JN11FCEC5AFA"))]);
    assert_eq!(read_scalars(9, &answers), VendorFacts::default());
}

#[test]
fn placeholders_are_refused_with_a_note_and_the_next_object_is_tried() {
    // Cisco: CISCO-STACK-MIB first, OLD-CISCO-CHASSIS-MIB chassisId second.
    let answers = HashMap::from([
        (oid("1.3.6.1.4.1.9.5.1.2.19.0"), text("N/A")),
        (oid("1.3.6.1.4.1.9.3.6.3.0"), text("CAT0625X0DP")),
        (oid("1.3.6.1.4.1.14179.1.1.1.4.0"), Value::Missing),
    ]);
    let facts = read_scalars(9, &answers);
    assert_eq!(facts.serial.unwrap().source, "OLD-CISCO-CHASSIS-MIB chassisId");
    assert_eq!(facts.notes, vec!["CISCO-STACK-MIB chassisSerialNumberString: placeholder \"N/A\"".to_string()]);
}

fn part(index: u32) -> Component {
    Component {
        index,
        class: EntityClass::Chassis,
        description: None,
        name: None,
        model: None,
        hardware_rev: None,
        firmware_rev: None,
        software_rev: None,
        serial: None,
        manufacturer: None,
        manufactured: None,
        fru: None,
        parent: None,
        source: None,
    }
}

#[test]
fn huawei_manufacturing_dates_complete_entity_rows_and_zero_dates_stay_unknown() {
    // snmpsim-data switch/huawei-s12704: 07e2071f… = 2018-07-31 at the chassis; zeros elsewhere.
    let column = "1.3.6.1.4.1.2011.5.25.31.1.1.2.1.4";
    let answers = HashMap::from([
        (oid(&format!("{column}.67108867")), Value::Bytes(vec![0x07, 0xe2, 0x07, 0x1f, 0, 0, 0, 0])),
        (oid(&format!("{column}.67485710")), Value::Bytes(vec![0; 8])),
    ]);
    assert_eq!(entity_column_oids(2011, &[67108867]), vec![oid(&format!("{column}.67108867"))]);
    assert!(entity_column_oids(9, &[67108867]).is_empty());
    let mut parts = vec![part(67108867), part(67485710)];
    let filled = complete_entities(&mut parts, &answers);
    assert_eq!(parts[0].manufactured, NaiveDate::from_ymd_opt(2018, 7, 31));
    assert_eq!(parts[1].manufactured, None);
    let object = "HUAWEI-ENTITY-EXTENT-MIB hwEntityManufacturedDate";
    assert_eq!(filled, vec![Completion { index: 67108867, field: Field::Manufactured, object }]);
}

#[test]
fn juniper_contents_rows_become_parts_with_their_row_as_source() {
    // snmpsim-data router/juniper-mx960-12-3r6-6 jnxContentsTable.
    let table = unit_tables_for(2636).next().unwrap();
    let entry = "1.3.6.1.4.1.2636.3.1.8.1";
    let rows = |col: u32, cells: &[(&str, &str)]| -> Vec<(Oid, Value)> {
        cells.iter().map(|(i, v)| (oid(&format!("{entry}.{col}.{i}")), text(v))).collect()
    };
    let columns = vec![
        rows(
            7,
            &[
                ("1.1.0.0", "S/N ACAB6788"),
                ("2.1.0.0", "QCS1614N076"),
                ("7.1.0.0", "BUILTIN"),
                ("9.1.0.0", "QCS1614N076"),
            ],
        ),
        rows(10, &[("1.1.0.0", "750-021323"), ("2.1.0.0", "740-029970")]),
        rows(6, &[("1.1.0.0", "midplane"), ("2.1.0.0", "PEM 0")]),
    ];
    let parts = unit_components(table, &columns);
    type Row<'a> = (u32, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    let got: Vec<Row> =
        parts.iter().map(|p| (p.index, p.serial.as_deref(), p.model.as_deref(), p.source.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            (1010000, Some("ACAB6788"), Some("750-021323"), Some("JUNIPER-MIB jnxContentsTable 1.1.0.0")),
            (2010000, Some("QCS1614N076"), Some("740-029970"), Some("JUNIPER-MIB jnxContentsTable 2.1.0.0")),
        ],
        "BUILTIN is no serial, and a repeated serial is one part"
    );
    let classes: Vec<EntityClass> = parts.iter().map(|p| p.class).collect();
    assert_eq!(classes, vec![EntityClass::Backplane, EntityClass::PowerSupply]);
    assert_eq!(class_of(Some("Fan Tray 1")), EntityClass::Fan);
    assert_eq!(class_of(Some("FPC: MPC Type 2 3D EQ @ 1/*/*")), EntityClass::Module);
    assert_eq!(class_of(Some("Fantastic card")), EntityClass::Module, "words, not letters");
}

#[test]
fn row_indexes_pack_stably() {
    assert_eq!(pack(&[3]), 3);
    assert_eq!(pack(&[7, 1, 0, 0]), 7_010_000);
    assert_ne!(pack(&[0, 150]), pack(&[1, 50]));
    assert!(pack(&[1, 200, 3]) >= 0x8000_0000);
}

proptest! {
    #[test]
    fn random_answers_never_panic_and_facts_come_from_answers(
        values in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..30), 1..6),
        enterprise in prop::sample::select(vec![9u32, 11, 1588, 1991, 2011, 2636, 12356, 14823, 25461]),
    ) {
        let oids = scalar_oids(enterprise);
        let answers: HashMap<Oid, Value> =
            oids.iter().cloned().zip(values.iter().cloned().map(Value::Bytes)).collect();
        let facts = read_scalars(enterprise, &answers);
        for fact in [&facts.serial, &facts.model, &facts.firmware].into_iter().flatten() {
            prop_assert!(!fact.value.is_empty());
            prop_assert!(scalars_for(enterprise).any(|s| s.object == fact.source));
        }
    }
}

proptest! {
    #[test]
    fn random_unit_rows_never_panic_and_keep_only_clean_distinct_serials(
        rows in proptest::collection::vec(
            (proptest::collection::vec(0u32..300, 1..5), proptest::collection::vec(any::<u8>(), 0..20)),
            0..30,
        ),
    ) {
        for table in crate::snmp::vendor::objects::UNIT_TABLES {
            let serial_column = Oid::parse(table.entry).unwrap().child(table.serial);
            let column: Vec<(Oid, Value)> = rows
                .iter()
                .map(|(index, bytes)| (Oid([serial_column.0.clone(), index.clone()].concat()), Value::Bytes(bytes.clone())))
                .collect();
            let parts = unit_components(table, &[column]);
            let serials: Vec<&str> = parts.iter().filter_map(|p| p.serial.as_deref()).collect();
            prop_assert_eq!(serials.len(), parts.len());
            let mut distinct = serials.clone();
            distinct.sort_unstable();
            distinct.dedup();
            prop_assert_eq!(distinct.len(), serials.len());
            prop_assert!(parts.iter().all(|p| p.source.as_deref().is_some_and(|s| s.starts_with(table.object))));
        }
    }
}
