//! Tests for `vendor.rs`. sysObjectIDs are the ones real devices reported (sources per row).

use super::*;
use proptest::prelude::*;

#[test]
fn enterprise_of_real_object_ids() {
    #[rustfmt::skip]
    let cases: &[(&str, u32)] = &[
        // snmpsim-data switch/cisco-c3560
        ("1.3.6.1.4.1.9.1.617", 9),
        // LibreNMS tests/snmpsim/awplus.snmprec stores it with a leading dot
        (".1.3.6.1.4.1.207.1.14.137", 207),
        // snmpsim-data router/juniper-mx960-16-1r6-7-a
        ("1.3.6.1.4.1.2636.1.1.1.2.21", 2636),
        // snmpsim-data switch/h3c-e528-1
        ("1.3.6.1.4.1.25506.1.578", 25506),
        // snmpsim-data switch/huawei-s12704
        ("1.3.6.1.4.1.2011.2.279.3", 2011),
        // snmpsim-data switch/dlink-des3200
        ("1.3.6.1.4.1.171.10.113.3.1", 171),
        // snmpsim-data wifi/aruba-7010
        ("1.3.6.1.4.1.14823.1.1.40", 14823),
        // LibreNMS tests/snmpsim/arubaos-cx.snmprec
        ("1.3.6.1.4.1.47196.4.1.1.1.50", 47196),
        // Netdisco Layer3/Mikrotik.pm: the bare enterprise arc plus one
        (".1.3.6.1.4.1.14988.1", 14988),
        // snmpsim-data appliance/infosec-nsae-6500: just the enterprise arc
        ("1.3.6.1.4.1.27971", 27971),
    ];
    for &(oid, want) in cases {
        assert_eq!(enterprise(oid), Some(want), "{oid}");
    }
}

#[test]
fn enterprise_rejects_non_enterprise_and_malformed() {
    for oid in [
        "",
        ".",
        "1.3.6.1.4.1",
        "1.3.6.1.4.1.",
        // snmpsim-data firewall/nsfocus-osms really answers this (a vendor typo): not 1.3.6.1.4.1
        "1.3.6.1.4.19849",
        "1.3.6.1.2.1.1.2.0",
        "1.3.6.1.4.1.9..1",
        "1.3.6.1.4.1.x.1",
        "1.3.6.1.4.1.+9.1",
        "iso.3.6.1.4.1.9.1.516",
        "SNMPv2-SMI::enterprises.9.1.516",
        "1.3.6.1.4.1.99999999999.1",
        "11.3.6.1.4.1.9.1",
    ] {
        assert_eq!(enterprise(oid), None, "{oid:?}");
    }
}

#[test]
fn vendor_names_for_the_primary_recordings_and_common_vendors() {
    #[rustfmt::skip]
    let cases: &[(u32, &str)] = &[
        (9, "Cisco"),
        (11, "HPE"),
        (43, "3Com"),
        (171, "D-Link"),
        (207, "Allied Telesis"),
        (674, "Dell"),
        (890, "Zyxel"),
        (1588, "Brocade"),
        (1916, "Extreme Networks"),
        (1991, "Brocade"),
        (2011, "Huawei"),
        (2620, "Check Point"),
        (2636, "Juniper"),
        (3902, "ZTE"),
        (4413, "Broadcom"),
        (4526, "Netgear"),
        (4881, "Ruijie"),
        (6027, "Dell"),
        (6486, "Alcatel-Lucent Enterprise"),
        (6527, "Nokia"),
        (8072, "Net-SNMP"),
        (8741, "SonicWall"),
        (12356, "Fortinet"),
        (14823, "Aruba"),
        (14988, "MikroTik"),
        (25053, "Ruckus"),
        (25461, "Palo Alto Networks"),
        (25506, "H3C"),
        (30065, "Arista"),
        (41112, "Ubiquiti"),
        (47196, "Aruba"),
        (311, "Microsoft"),
    ];
    for &(n, want) in cases {
        assert_eq!(vendor(n), Some(want), "{n}");
    }
    assert_eq!(vendor(0), None);
    assert_eq!(vendor(27971), None);
    assert_eq!(vendor(u32::MAX), None);
}

#[test]
fn enterprise_table_is_sorted_and_unique() {
    assert!(table::ENTERPRISES.windows(2).all(|w| w[0].0 < w[1].0));
    let mut oids: Vec<&str> = table::MODELS.iter().map(|m| m.0).collect();
    oids.sort_unstable();
    oids.dedup();
    assert_eq!(oids.len(), table::MODELS.len(), "duplicate OID in MODELS");
    // Every product OID sits under a vendor the enterprise table knows.
    for &(suffix, model) in table::MODELS {
        let oid = format!("1.3.6.1.4.1.{suffix}");
        assert!(enterprise(&oid).and_then(vendor).is_some(), "{model}: {oid}");
    }
}

#[test]
fn models_of_the_recordings() {
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        ("1.3.6.1.4.1.9.1.617", "catalyst3560G48TS"),  // switch/cisco-c3560
        ("1.3.6.1.4.1.9.1.516", "catalyst37xxStack"),  // switch/cisco-c3750: a stack, not one model
        (".1.3.6.1.4.1.9.1.359", "catalyst2950t24"),   // LibreNMS ios.json, leading dot
        ("1.3.6.1.4.1.25506.1.578", "E528"),           // switch/h3c-e528-1
        ("1.3.6.1.4.1.2011.2.279.3", "S12704"),        // switch/huawei-s12704
        ("1.3.6.1.4.1.171.10.113.3.1", "DES-3200-18"), // switch/dlink-des3200
        ("1.3.6.1.4.1.2636.1.1.1.2.21", "MX960"),      // router/juniper-mx960-16-1r6-7-a
        ("1.3.6.1.4.1.14823.1.1.40", "Aruba7010"),     // wifi/aruba-7010
    ];
    for &(oid, want) in cases {
        assert_eq!(model_from_object_id(oid), Some(want), "{oid}");
    }
    // A prefix of a known OID, or a longer one, is a different product.
    assert_eq!(model_from_object_id("1.3.6.1.4.1.9.1.61"), None);
    assert_eq!(model_from_object_id("1.3.6.1.4.1.9.1.6170"), None);
    assert_eq!(model_from_object_id("1.3.6.1.4.1.9.1.617.1"), None);
    assert_eq!(model_from_object_id("1.3.6.1.4.1.9"), None);
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(s in ".*") {
        let _ = enterprise(&s);
        let _ = model_from_object_id(&s);
    }

    #[test]
    fn never_panics_on_oid_like_text(s in "[.0-9]{0,300}") {
        if let Some(n) = enterprise(&s) {
            let _ = vendor(n);
        }
        let _ = model_from_object_id(&s);
    }

    #[test]
    fn any_enterprise_number_round_trips(n in any::<u32>(), tail in proptest::collection::vec(0u32..100_000, 0..8)) {
        let mut oid = format!("1.3.6.1.4.1.{n}");
        for arc in &tail {
            oid.push_str(&format!(".{arc}"));
        }
        prop_assert_eq!(enterprise(&oid), Some(n));
        let dotted = format!(".{oid}");
        prop_assert_eq!(enterprise(&dotted), Some(n));
    }

    #[test]
    fn never_panics_on_long_or_non_ascii(s in "[0-9.äö€\u{1F600}]{0,64}", reps in 0usize..2000) {
        let long = s.repeat(reps);
        let _ = enterprise(&long);
        let _ = model_from_object_id(&long);
    }
}

#[test]
fn brocade_fibre_channel_switches_run_fabric_os_by_their_product_arc() {
    // snmpsim-data switch/brocade-ds-5100b and router/brocade-unknown-001.
    assert_eq!(os_from_object_id("1.3.6.1.4.1.1588.2.1.1.1"), Some(crate::snmp::firmware::BROCADE_FOS));
    assert_eq!(os_from_object_id(".1.3.6.1.4.1.1588.2.1.1.43"), Some(crate::snmp::firmware::BROCADE_FOS));
    // FastIron (1991) and the arc's neighbours are not Fabric OS.
    assert_eq!(os_from_object_id("1.3.6.1.4.1.1991.1.3.57.1.1.1.1"), None);
    assert_eq!(os_from_object_id("1.3.6.1.4.1.1588.2.1.10"), None);
    assert_eq!(os_from_object_id("1.3.6.1.4.1.1588.2.1"), None);
}

/// FortiSwitches run FortiSwitchOS whatever the rest of Fortinet runs (LibreNMS
/// fortiswitch.snmprec: 12356.106.1.2482); a FortiGate's product OID names no OS here.
#[test]
fn fortiswitches_run_fortiswitch_os_by_their_product_arc() {
    use crate::snmp::firmware::FORTISWITCH_OS;
    assert_eq!(os_from_object_id("1.3.6.1.4.1.12356.106.1.2482"), Some(FORTISWITCH_OS));
    assert_eq!(os_from_object_id("1.3.6.1.4.1.12356.101.1.15"), None);
    assert_eq!(os_from_object_id("1.3.6.1.4.1.12356.1061.1"), None);
    // Nortel's SynOptics number, which Avaya's ERS switches answer (LibreNMS boss.snmprec).
    assert_eq!(vendor(enterprise("1.3.6.1.4.1.45.3.65").unwrap()), Some("Avaya"));
}
