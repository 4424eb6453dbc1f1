//! Answers as snmpsim-data's recordings hold them (router/juniper-mx960-*, switch/dptech-dpx800-a5).

use super::*;

fn hex(h: &str) -> Value {
    Value::Bytes((0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect())
}

/// GETNEXT answers to [`columns`]: `v1` and `v2` give each MIB's three scalars; `None` is a
/// device without that MIB, whose next objects lie elsewhere.
fn answers(v1: Option<[Value; 3]>, v2: Option<[Value; 3]>) -> Vec<(Oid, Value)> {
    let elsewhere = (oid("1.3.6.1.2.1.1.1.0"), Value::Bytes(b"sysDescr".to_vec()));
    let mut out = Vec::new();
    for (system, values) in SYSTEMS.iter().zip([v1, v2]) {
        match values {
            Some(values) => out.extend(COLUMNS.iter().zip(values).map(|(c, v)| (oid(system).child(*c).child(0), v))),
            None => out.extend(std::iter::repeat_n(elsewhere.clone(), 3)),
        }
    }
    out
}

#[test]
fn a_router_names_its_chassis_mac_and_its_lldp_name() {
    // juniper-mx960-16-1r6-7-a: sysName is DUMSYS-20, the name its neighbours know it by is this.
    let v1 = [Value::Integer(4), hex("a8d0e5f7f7c0"), hex("7265302d534e4e552d43412d434f52452d32")];
    let (local, note) = read(&answers(Some(v1), None));
    let local = local.unwrap();
    assert_eq!(local.chassis_id.as_deref(), Some("a8:d0:e5:f7:f7:c0"));
    assert_eq!(local.name.as_deref(), Some("re0-SNNU-CA-CORE-2"));
    assert_eq!(note, None);
}

#[test]
fn a_chassis_id_of_zeros_is_a_placeholder_and_said_so() {
    // dptech-dpx800-a5 answers lldpLocChassisId 00:00:00:00:00:00 and no system name.
    let v1 = [Value::Integer(4), hex("000000000000"), Value::Missing];
    let (local, note) = read(&answers(Some(v1), None));
    assert_eq!(local, None);
    assert_eq!(note.as_deref(), Some("lldpLocChassisId: placeholder 00:00:00:00:00:00"));
    let ones = [Value::Integer(4), hex("ffffffffffff"), hex("737731")];
    let (local, _) = read(&answers(Some(ones), None));
    assert_eq!(local, Some(LldpLocal { chassis_id: None, name: Some("sw1".into()) }));
}

#[test]
fn lldp_v2_is_read_when_lldp_mib_names_nothing() {
    // A chassis id of subtype local (7) is the device's own text.
    let v2 = [Value::Integer(7), Value::Bytes(b"SN-4711".to_vec()), Value::Bytes(b"core-1".to_vec())];
    let (local, _) = read(&answers(None, Some(v2.clone())));
    assert_eq!(local, Some(LldpLocal { chassis_id: Some("SN-4711".into()), name: Some("core-1".into()) }));
    // Both: LLDP-MIB's answer is taken.
    let v1 = [Value::Integer(4), hex("001122334455"), Value::Missing];
    let (local, _) = read(&answers(Some(v1), Some(v2)));
    assert_eq!(local.unwrap().chassis_id.as_deref(), Some("00:11:22:33:44:55"));
}

#[test]
fn a_device_without_lldp_names_nothing() {
    assert_eq!(read(&answers(None, None)), (None, None));
    // Fewer answers than asked (a device that cut its answer) are not misread.
    assert_eq!(read(&answers(None, None)[..2]), (None, None));
    assert_eq!(read(&[]), (None, None));
}
