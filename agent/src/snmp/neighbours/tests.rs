//! Rows as snmpsim-data switch/hpe-procurve-516733-b21 and switch/cisco-c3560 hold them.

use super::*;
use proptest::prelude::*;

fn hex(h: &str) -> Value {
    Value::Bytes((0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect())
}

fn text(t: &str) -> Value {
    Value::Bytes(t.as_bytes().to_vec())
}

fn cell(cells: &mut Cells, column: u32, index: &[u32], value: Value) {
    cells.insert((column, index.to_vec()), value);
}

#[test]
fn lldp_rows_name_mac_chassis_ids_and_prefer_port_descriptions_over_macs() {
    let mut lldp = Cells::new();
    // Port 17, neighbour 1: chassis id a MAC (4), port id a local name (7), and a system name.
    cell(&mut lldp, 4, &[0, 17, 1], Value::Integer(4));
    cell(&mut lldp, 5, &[0, 17, 1], hex("8c604f19163a"));
    cell(&mut lldp, 6, &[0, 17, 1], Value::Integer(7));
    cell(&mut lldp, 7, &[0, 17, 1], hex("457468312f3139"));
    cell(&mut lldp, 8, &[0, 17, 1], hex("45746865726e6574312f3139"));
    cell(&mut lldp, 9, &[0, 17, 1], text("nexus-a"));
    // Port 8: an end station, MAC for both ids, empty description, no name.
    cell(&mut lldp, 4, &[0, 8, 1], Value::Integer(4));
    cell(&mut lldp, 5, &[0, 8, 1], hex("e839351aca99"));
    cell(&mut lldp, 6, &[0, 8, 1], Value::Integer(3));
    cell(&mut lldp, 7, &[0, 8, 1], hex("e839351aca99"));
    cell(&mut lldp, 8, &[0, 8, 1], text(""));
    let mut local = Cells::new();
    cell(&mut local, 2, &[17], Value::Integer(7));
    cell(&mut local, 3, &[17], text("17"));
    cell(&mut local, 4, &[17], text("A17"));
    let got = assemble(&Seen { lldp, local, ..Seen::default() });
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].local_port.as_deref(), Some("LLDP port 8"));
    assert_eq!(got[0].chassis_id.as_deref(), Some("e8:39:35:1a:ca:99"));
    assert_eq!(got[0].port.as_deref(), Some("e8:39:35:1a:ca:99"));
    assert_eq!(got[0].name, None);
    assert_eq!(got[1].local_port.as_deref(), Some("A17"));
    assert_eq!(got[1].name.as_deref(), Some("nexus-a"));
    assert_eq!(got[1].port.as_deref(), Some("Eth1/19"));
    assert_eq!(got[1].chassis_id.as_deref(), Some("8c:60:4f:19:16:3a"));
}

#[test]
fn cdp_rows_name_the_local_port_by_if_name_and_decode_the_address() {
    let mut cdp = Cells::new();
    cell(&mut cdp, 4, &[10101, 1], hex("0a000101"));
    cell(&mut cdp, 6, &[10101, 1], text("dist-sw1.example"));
    cell(&mut cdp, 7, &[10101, 1], text("GigabitEthernet1/0/24"));
    cell(&mut cdp, 8, &[10101, 1], text("cisco WS-C3750G-12S"));
    // A row without name or address says nothing.
    cell(&mut cdp, 7, &[10102, 3], text("Gi0/1"));
    // snmpsim-data switch/hpe-procurve-516733-b21: a station's binary MAC as device id.
    cell(&mut cdp, 6, &[8, 1], hex("e839351aca99"));
    cell(&mut cdp, 7, &[8, 1], hex("e839351aca99"));
    let names = HashMap::from([(10101, "Gi0/1".to_string())]);
    let got = assemble(&Seen { cdp, if_names: names, ..Seen::default() });
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].name.as_deref(), got[0].chassis_id.as_deref()), (None, Some("e8:39:35:1a:ca:99")));
    assert_eq!(got[0].port.as_deref(), Some("e8:39:35:1a:ca:99"));
    assert_eq!(got[0].local_port.as_deref(), Some("ifIndex 8"));
    let n = &got[1];
    assert_eq!(n.protocol, NeighbourProtocol::Cdp);
    assert_eq!(n.local_port.as_deref(), Some("Gi0/1"));
    assert_eq!(n.address.as_deref(), Some("10.0.1.1"));
    assert_eq!(n.platform.as_deref(), Some("cisco WS-C3750G-12S"));
}

#[test]
fn lldp_v2_rows_are_read_one_column_on_with_the_local_port_an_if_index() {
    let mut lldp_v2 = Cells::new();
    // ifIndex 10105, destination 1 (the nearest bridge), neighbour 3.
    let row = [0, 10105, 1, 3];
    cell(&mut lldp_v2, 5, &row, Value::Integer(4));
    cell(&mut lldp_v2, 6, &row, hex("8c604f19163a"));
    cell(&mut lldp_v2, 7, &row, Value::Integer(5));
    cell(&mut lldp_v2, 8, &row, text("Ethernet1/19"));
    cell(&mut lldp_v2, 9, &row, text("to acc-7"));
    cell(&mut lldp_v2, 10, &row, text("core-b.kommun.example"));
    // A row on a port whose ifName was not given, with a name only.
    cell(&mut lldp_v2, 10, &[0, 7, 1, 1], text("ap-12"));
    // A three-arc index is LLDP-MIB's shape, not LLDP-V2-MIB's: not a row.
    cell(&mut lldp_v2, 10, &[0, 7, 1], text("stray"));
    let if_names = HashMap::from([(10105, "Gi1/0/5".to_string())]);
    let got = assemble(&Seen { lldp_v2, if_names, ..Seen::default() });
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].local_port.as_deref(), Some("ifIndex 7"));
    assert_eq!(got[0].name.as_deref(), Some("ap-12"));
    let n = &got[1];
    assert_eq!(n.protocol, NeighbourProtocol::Lldp);
    assert_eq!(n.local_port.as_deref(), Some("Gi1/0/5"));
    assert_eq!(n.name.as_deref(), Some("core-b.kommun.example"));
    assert_eq!(n.port.as_deref(), Some("Ethernet1/19"));
    assert_eq!(n.chassis_id.as_deref(), Some("8c:60:4f:19:16:3a"));
}

#[test]
fn local_ports_are_named_by_interface_name_ids_else_descriptions() {
    let mut local = Cells::new();
    // snmpsim-data router/ruijie-n18010: id an interface name, description only the type.
    cell(&mut local, 2, &[1], Value::Integer(5));
    cell(&mut local, 3, &[1], text("Gi1/1/1"));
    cell(&mut local, 4, &[1], text("GigabitEthernet "));
    // An id that is a MAC says less than the description.
    cell(&mut local, 2, &[2], Value::Integer(3));
    cell(&mut local, 3, &[2], hex("e839351aca99"));
    cell(&mut local, 4, &[2], text("uplink"));
    // snmpsim-data router/juniper-mx960-16-1r6-7-a: description "-".
    cell(&mut local, 2, &[3], Value::Integer(7));
    cell(&mut local, 3, &[3], text("fxp0"));
    cell(&mut local, 4, &[3], text("-"));
    assert_eq!(local_port_name(&local, 1).as_deref(), Some("Gi1/1/1"));
    assert_eq!(local_port_name(&local, 2).as_deref(), Some("uplink"));
    assert_eq!(local_port_name(&local, 3).as_deref(), Some("fxp0"));
    assert_eq!(local_port_name(&local, 4), None);
}

#[test]
fn network_address_ids_are_dotted() {
    assert_eq!(identifier(&hex("010a000001"), Some(5), CHASSIS_MAC, CHASSIS_ADDRESS).as_deref(), Some("10.0.0.1"));
    // A MAC subtype with the wrong length is shown as the device gave it.
    assert_eq!(identifier(&hex("0a0b"), Some(4), CHASSIS_MAC, CHASSIS_ADDRESS).as_deref(), Some("0a:0b"));
    // A MAC subtype the device wrote as text (cisco-n5000's lldpLocChassisId) is that MAC.
    let written = text("8C:60:4F:19:16:7C");
    assert_eq!(identifier(&written, Some(4), CHASSIS_MAC, CHASSIS_ADDRESS).as_deref(), Some("8c:60:4f:19:16:7c"));
    let dotted = text("8c60.4f19.167c");
    assert_eq!(identifier(&dotted, Some(4), CHASSIS_MAC, CHASSIS_ADDRESS).as_deref(), Some("8c:60:4f:19:16:7c"));
    // Twelve hex digits as text are not told from binary so simply: left as hex of the bytes.
    let bare = text("8c604f19167c");
    assert_eq!(identifier(&bare, Some(4), CHASSIS_MAC, CHASSIS_ADDRESS).unwrap().len(), 35);
}

fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bytes),
        any::<i64>().prop_map(Value::Integer),
        Just(Value::Missing),
        Just(Value::Null),
    ]
}

proptest! {
    #[test]
    fn any_cells_assemble_without_panicking(
        cells in proptest::collection::vec((1u32..12, proptest::collection::vec(0u32..5, 0..5), any_value()), 0..40)
    ) {
        let table: Cells = cells.into_iter().map(|(c, i, v)| ((c, i), v)).collect();
        let seen = Seen { lldp: table.clone(), lldp_v2: table.clone(), local: table.clone(), cdp: table, ..Seen::default() };
        let got = assemble(&seen);
        for n in got {
            prop_assert!(n.name.is_some() || n.chassis_id.is_some() || n.address.is_some());
            for text in [&n.name, &n.port, &n.local_port, &n.platform].into_iter().flatten() {
                prop_assert!(!text.contains('\n'));
            }
        }
    }
}
