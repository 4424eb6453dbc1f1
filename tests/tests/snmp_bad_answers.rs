//! Issue 14, bad input: a device that answers garbage where the serial, model and
//! neighbours should be. Served by SNMP Simulator, polled by `arsring-agent snmp poll`:
//! each value is normalised or left unknown with its reason in the report's notes, the
//! poll succeeds, and the collector's decoder accepts the report.

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;

use arsring_e2e::peers::{snmpsim_dirs, snmpsim_serving};
use arsring_e2e::*;
use serde_json::Value;

const ENTITY: &str = "1.3.6.1.2.1.47.1.1.1.1";

/// `(OID, snmprec tag, value)`, written sorted by OID.
fn recording() -> String {
    let mut lines: Vec<(String, &str, String)> = vec![
        // sysDescr over several lines, with CR LF, as IOS writes it.
        (
            "1.3.6.1.2.1.1.1.0".into(),
            "4x",
            hex(
                "Cisco IOS Software, C3750 Software (C3750-IPSERVICESK9-M), Version 12.2(55)SE5, RELEASE SOFTWARE (fc1)\r\nCopyright (c) 1986-2012 by Cisco Systems, Inc.\r\n",
            ),
        ),
        ("1.3.6.1.2.1.1.2.0".into(), "6", "1.3.6.1.4.1.9.1.516".into()),
        ("1.3.6.1.2.1.1.5.0".into(), "4", "stack-1".into()),
        // A stack (class 11) of two chassis that both answer the stack's serial, padded.
        (format!("{ENTITY}.5.1"), "2", "11".into()),
        (format!("{ENTITY}.5.1001"), "2", "3".into()),
        (format!("{ENTITY}.4.1001"), "2", "1".into()),
        (format!("{ENTITY}.11.1001"), "4x", hex("  FOC1234X0AB  ")),
        (format!("{ENTITY}.13.1001"), "4", "WS-C3750G-48TS-S".into()),
        (format!("{ENTITY}.5.2001"), "2", "3".into()),
        (format!("{ENTITY}.4.2001"), "2", "1".into()),
        (format!("{ENTITY}.11.2001"), "4", "FOC1234X0AB".into()),
        (format!("{ENTITY}.13.2001"), "4", "WS-C3750G-48TS-S".into()),
        // A module whose serial is a placeholder, a power supply with a blank EEPROM (0xFF),
        // a fan whose serial is an INTEGER, and a manufacturing date that is 7 octets.
        (format!("{ENTITY}.5.1002"), "2", "9".into()),
        (format!("{ENTITY}.11.1002"), "4", "N/A".into()),
        (format!("{ENTITY}.5.1003"), "2", "6".into()),
        (format!("{ENTITY}.11.1003"), "4x", "ffffffffffffffff".into()),
        (format!("{ENTITY}.5.1004"), "2", "7".into()),
        (format!("{ENTITY}.11.1004"), "2", "0".into()),
        (format!("{ENTITY}.17.1001"), "4x", "07e20301000000".into()),
        // Vendor objects of the wrong type or blank: CISCO-STACK-MIB serial as 0xFF, the old
        // chassis MIB's chassisId as an INTEGER.
        ("1.3.6.1.4.1.9.5.1.2.19.0".into(), "4x", "ffffffff".into()),
        ("1.3.6.1.4.1.9.3.6.3.0".into(), "2", "12345".into()),
        // An LLDP row whose MAC chassis id is 3 bytes and whose name is binary; a row with
        // nothing to name the neighbour by.
        ("1.0.8802.1.1.2.1.4.1.1.4.0.1.1".into(), "2", "4".into()),
        ("1.0.8802.1.1.2.1.4.1.1.5.0.1.1".into(), "4x", "aabbcc".into()),
        ("1.0.8802.1.1.2.1.4.1.1.9.0.1.1".into(), "4x", "01ff02".into()),
        ("1.0.8802.1.1.2.1.4.1.1.7.0.2.1".into(), "4", "Gi0/2".into()),
        // An agent that answers genErr where it should name its LLDP chassis id subtype
        // (snmpsim's error variation), in the poll's very first request.
        ("1.0.8802.1.1.2.1.3.1.0".into(), "2:error", "op=any,status=generror".into()),
    ];
    let arcs = |oid: &str| oid.split('.').map(|a| a.parse::<u64>().unwrap()).collect::<Vec<_>>();
    lines.sort_by_key(|(oid, _, _)| arcs(oid));
    lines.iter().fold(String::new(), |mut out, (oid, tag, value)| {
        writeln!(out, "{oid}|{tag}|{value}").unwrap();
        out
    })
}

fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn garbage_is_normalised_or_unknown_with_its_reason_and_nothing_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let (data, cache) = snmpsim_dirs(dir.path());
    let state = dir.path().join("state");
    let file = data.join("bad.snmprec");
    std::fs::write(&file, recording()).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let Some(sim) = snmpsim_serving(&data, Some(&cache), "bad") else { return };

    let out = agent(&[
        "--state-dir",
        state.to_str().unwrap(),
        "snmp",
        "poll",
        "--target",
        &sim.address(),
        "--community",
        "bad",
        "--print",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let device = &report["device"];
    assert_eq!(device["reachability"]["reachable"], true);

    // The padded serial is trimmed, and it names the device, from ENTITY-MIB.
    assert_eq!(device["derived"]["serial"]["value"], "FOC1234X0AB");
    assert_eq!(device["derived"]["serial"]["source"], "ENTITY-MIB entPhysicalSerialNum of chassis 1001");
    let chassis = device["chassis"].as_array().unwrap();
    assert_eq!(chassis.len(), 2);
    assert_eq!(chassis[1]["serial"], Value::Null, "the second member repeats the first's serial");
    for part in device["components"].as_array().unwrap() {
        assert_eq!(part["serial"], Value::Null, "{part}");
    }
    // A 7-octet DateAndTime is no date; nothing is guessed.
    assert_eq!(device["derived"]["manufactured"], Value::Null);
    assert_eq!(device["derived"]["os_version"]["value"], "12.2(55)SE5");

    let notes: Vec<&str> = device["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    let noted = |what: &str| assert!(notes.iter().any(|n| n.contains(what)), "{what:?} not in {notes:#?}");
    noted("chassis 2001 entPhysicalSerialNum: \"FOC1234X0AB\" repeats another member's");
    noted("module 1002 entPhysicalSerialNum: placeholder \"N/A\"");
    noted("power_supply 1003 entPhysicalSerialNum: only padding (spaces, NULs or 0xFF)");
    noted("fan 1004 entPhysicalSerialNum: not a string (integer)");
    noted("CISCO-STACK-MIB chassisSerialNumberString: only padding (spaces, NULs or 0xFF)");
    noted("OLD-CISCO-CHASSIS-MIB chassisId: not a string (integer)");
    // The first request refused: asked again without the LLDP identity, which is left out.
    noted("LLDP identity not read: the device refused it");
    assert_eq!(device["lldp_local"], Value::Null);

    // The LLDP row with a 3-byte MAC keeps it as the device gave it; the nameless row goes.
    let neighbours = device["neighbours"].as_array().unwrap();
    assert_eq!(neighbours.len(), 1, "{neighbours:?}");
    assert_eq!(neighbours[0]["chassis_id"], "aa:bb:cc");

    let body = serde_json::to_vec(&report).unwrap();
    arsring_protocol::decode_report(&body, chrono::Utc::now()).expect("the collector accepts it");
}
