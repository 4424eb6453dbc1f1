use super::*;

fn cell(col: u32, index: u32, v: Value) -> ((u32, u32), Value) {
    ((col, index), v)
}

fn bytes(s: &str) -> Value {
    Value::Bytes(s.as_bytes().to_vec())
}

#[test]
fn classes_from_a_walk() {
    let col = entry_oid().child(CLASS);
    let rows = vec![
        (col.child(1), Value::Integer(3)),
        (col.child(2), Value::Integer(10)),
        (col.child(1001), Value::Integer(6)),
        (col.child(7).child(1), Value::Integer(3)), // two-arc index: not ENTITY-MIB shaped
        (col.child(8), Value::Integer(99)),         // undefined class
        (col.child(9), bytes("x")),
    ];
    assert_eq!(
        classes(&rows),
        vec![(1, EntityClass::Chassis), (2, EntityClass::Port), (1001, EntityClass::PowerSupply)]
    );
}

#[test]
fn assemble_counts_ports_and_keeps_parts() {
    let classes = vec![
        (1, EntityClass::Chassis),
        (2, EntityClass::Port),
        (3, EntityClass::Port),
        (4, EntityClass::PowerSupply),
        (5, EntityClass::Container),
    ];
    let cells: HashMap<_, _> = [
        cell(13, 1, bytes("WS-C3560-24PS-S")),
        cell(11, 1, bytes("CAT1010Z1XY")),
        cell(10, 1, bytes("12.2(44)SE6")),
        cell(16, 1, Value::Integer(2)),
        cell(4, 1, Value::Integer(0)),
        cell(11, 4, bytes("")),
        cell(4, 4, Value::Integer(1)),
        cell(17, 4, Value::Bytes(vec![0x07, 0xda, 3, 15, 0, 0, 0, 0])),
    ]
    .into_iter()
    .collect();
    let e = assemble(&classes, &cells);
    assert_eq!(e.ports, 2);
    assert_eq!(e.chassis.len(), 1);
    assert_eq!(e.chassis[0].model.as_deref(), Some("WS-C3560-24PS-S"));
    assert_eq!(e.chassis[0].fru, Some(false));
    assert_eq!(e.chassis[0].parent, None);
    assert_eq!(e.components.len(), 1, "containers are not components");
    assert_eq!(e.components[0].serial, None, "an empty serial is unknown");
    assert_eq!(e.components[0].parent, Some(1));
    assert_eq!(e.components[0].manufactured, NaiveDate::from_ymd_opt(2010, 3, 15));
}

#[test]
fn a_table_is_classless_when_the_class_walk_lands_in_a_later_column() {
    let entry = entry_oid();
    // Cisco's wireless controllers: GETNEXT past the absent class column gives column 6.
    assert!(table_without_classes(&entry.child(6).child(1)));
    assert!(table_without_classes(&entry.child(13).child(40)));
    // Past the table, or no ENTITY-MIB at all: nothing to walk.
    assert!(!table_without_classes(&Oid(vec![1, 3, 6, 1, 2, 1, 47, 1, 2, 1, 1, 2, 1])));
    assert!(!table_without_classes(&Oid(vec![1, 3, 6, 1, 4, 1, 9, 9, 1])));
    // A class row is a class row, and a row of an earlier column cannot follow the class column.
    assert!(!table_without_classes(&entry.child(CLASS).child(1)));
    assert!(!table_without_classes(&entry.child(2).child(1)));
    // An index of two arcs is not ENTITY-MIB shaped.
    assert!(!table_without_classes(&entry.child(7).child(1).child(2)));
}

#[test]
fn a_classless_walk_gives_parts_of_unknown_class_and_no_chassis() {
    // A controller (index 1), an access point it manages (16) and that AP's radio (25): all
    // contained in nothing but the radio, as the recording of a Cisco 5508 has them.
    let column = |c: u32, rows: &[(u32, Value)]| -> Vec<(Oid, Value)> {
        rows.iter().map(|(i, v)| (entry_oid().child(c).child(*i), v.clone())).collect()
    };
    let mut walked: Vec<Vec<(Oid, Value)>> = vec![Vec::new(); DETAIL_COLUMNS.len()];
    let at = |c: u32| DETAIL_COLUMNS.iter().position(|x| *x == c).unwrap();
    walked[at(2)] = column(
        2,
        &[(1, bytes("Cisco 5500 Series Wireless LAN Controller")), (16, bytes("Cisco Wireless Access Point"))],
    );
    walked[at(4)] = column(4, &[(1, Value::Integer(0)), (16, Value::Integer(0)), (25, Value::Integer(16))]);
    walked[at(11)] = column(11, &[(1, bytes("FCW1430L0CZ")), (16, bytes("FGL1738S2MJ")), (25, bytes("FOC14290NWF"))]);
    walked[at(13)] = column(13, &[(1, bytes("AIR-CT5508-K9")), (16, bytes("AIR-CAP1602I-C-K9"))]);
    // An answer with a two-arc index in a column is not a row.
    walked[at(7)] = vec![(entry_oid().child(7).child(3).child(1), bytes("x"))];

    let (classes, cells) = classless(&walked);
    assert_eq!(classes, vec![(1, EntityClass::Unknown), (16, EntityClass::Unknown), (25, EntityClass::Unknown)]);
    let e = assemble(&classes, &cells);
    assert!(e.chassis.is_empty(), "no row is guessed to be the chassis");
    assert_eq!(e.components.len(), 3);
    let ap = e.components.iter().find(|c| c.index == 16).unwrap();
    assert_eq!(ap.serial.as_deref(), Some("FGL1738S2MJ"));
    assert_eq!(ap.model.as_deref(), Some("AIR-CAP1602I-C-K9"));
    assert_eq!(ap.class, EntityClass::Unknown);
    assert_eq!(e.components.iter().find(|c| c.index == 25).unwrap().parent, Some(16));
    // Two rows at the top of the tree: neither can be told to be the chassis.
    assert_eq!(lone_root(&cells), None);
}

/// A switch whose agent leaves out entPhysicalClass (LibreNMS ios_c3560.snmprec): the one
/// entity contained in nothing is its chassis; with its serial and model it is found.
#[test]
fn the_lone_top_of_a_classless_table_is_its_chassis() {
    let mut cells: Cells = [
        cell(4, 1001, Value::Integer(0)),
        cell(11, 1001, bytes("CAT0912N0CU")),
        cell(13, 1001, bytes("WS-C3560-48TS-S")),
        cell(4, 1002, Value::Integer(1001)),
        cell(7, 1002, bytes("WS-C3560-48TS - Fixed Module 0")),
        cell(7, 1005, bytes("GigabitEthernet0/1 Container")),
    ]
    .into_iter()
    .collect();
    assert_eq!(lone_root(&cells), Some(1001));
    // A top that names no hardware (a stack's logical group, say) is no chassis.
    cells.remove(&(11, 1001));
    cells.insert((13, 1001), bytes(""));
    assert_eq!(lone_root(&cells), None);
    // Nor is anything at the top where no row answers entPhysicalContainedIn.
    let unplaced: Cells = [cell(11, 7, bytes("X1")), cell(13, 7, bytes("M1"))].into_iter().collect();
    assert_eq!(lone_root(&unplaced), None);
}

#[test]
fn mfg_dates() {
    assert_eq!(mfg_date(&Value::Bytes(vec![0; 8])), None);
    assert_eq!(mfg_date(&Value::Bytes(vec![0x07, 0xe8, 2, 30, 0, 0, 0, 0])), None, "no 30 February");
    assert_eq!(mfg_date(&Value::Bytes(vec![0x07, 0xe8, 2, 29, 0, 0, 0, 0])), NaiveDate::from_ymd_opt(2024, 2, 29));
    // H3C writes the 11-octet form (snmpsim-data switch/h3c-e528-1).
    let h3c = vec![0x07, 0xdf, 0x08, 0x16, 0, 0, 0, 0, 0, 0, 0];
    assert_eq!(mfg_date(&Value::Bytes(h3c)), NaiveDate::from_ymd_opt(2015, 8, 22));
    // snmpsim-data switch/dptech-dpx800-a5 answers 7 octets: not a DateAndTime.
    assert_eq!(mfg_date(&Value::Bytes(vec![0x07, 0xe2, 3, 1, 0, 0, 0])), None);
    assert_eq!(mfg_date(&Value::Integer(5)), None);
}

proptest::proptest! {
    #[test]
    fn never_panics(
        rows in proptest::collection::vec((proptest::collection::vec(0u32..20, 0..14), -5i64..20), 0..50),
        date in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..12),
    ) {
        let rows: Vec<(Oid, Value)> = rows.into_iter().map(|(arcs, v)| (Oid(arcs), Value::Integer(v))).collect();
        let classes = classes(&rows);
        let _ = assemble(&classes, &HashMap::new());
        let _ = mfg_date(&Value::Bytes(date));
    }
}
