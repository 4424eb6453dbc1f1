//! Tests for the model, ENTITY-MIB and category helpers (the properties are in `proptests.rs`).
//! Source abbreviations as in `tests.rs` (SD = snmpsim-data 1.0.1, ND = Netdisco, LN = LibreNMS).

use super::category::*;
use super::*;

/// `(vendor, entPhysicalSoftwareRev, entPhysicalFirmwareRev, family, version)`.
type EntityCase = (Option<&'static str>, &'static str, &'static str, &'static str, Option<&'static str>);
/// `(vendor, sysDescr, model, sysServices, category)`.
type CategoryCase = (Option<&'static str>, &'static str, Option<&'static str>, Option<u8>, &'static str);

#[test]
fn models_named_in_real_sys_descr() {
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        // SD router/juniper-mx960-16-1r6-7-a
        ("Juniper Networks, Inc. mx960 internet router, kernel JUNOS 16.1R6.7, Build date: 2017-11-22 02:47:00 UTC Copyright (c) 1996-2017 Juniper Networks, Inc.", "mx960"),
        // SD wifi/aruba-7010, ND Layer3/Aruba
        ("ArubaOS (MODEL: Aruba7010), Version 8.3.0.0 (64659)", "Aruba7010"),
        ("ArubaOS (MODEL: Aruba7210-US), Version 6.5.3.5 (65355)", "Aruba7210-US"),
        // ND Layer3/Arista
        ("Arista Networks EOS version 4.10.4 running on an Arista Networks DCS-7048T-A", "DCS-7048T-A"),
        // ND Layer2/HP, SD switch/hpe-procurve-516733-b21, LN arubaos-cx.snmprec
        ("HP J4887A ProCurve Switch 4104GL, revision G.05.02, ROM G.05.01", "J4887A"),
        ("ProCurve 516733-B21 6120XG Blade Switch, revision Z.14.31, ROM Z.14.09 (/ws/swbuildm/ec_Z_zint4b_qaoff/code/build/vern(ec_Z_zint1.3.6.1.4.1.11.2.3.7.11.107", "516733-B21"),
        ("Aruba JL635A 8325 GL.10.04.2000", "JL635A"),
        // SD switch/brocade-icx6430-24
        ("Brocade Communications Systems, Inc. ICX6430-24, IronWare Version 08.0.30tT311 Compiled on Feb 13 2019 at 17:44:50 labeled as ICX64S08030t", "ICX6430-24"),
        // SD router/huawei-s5720, ND Layer3/Huawei, SD switch/huawei-s12704
        ("S5720-36C-EI-AC \r\nHuawei Versatile Routing Platform Software \r\n VRP (R) software,Version 5.160 (S5720 V200R007C00SPC500) \r\n Copyright (C) 2007 Huawei Technologies Co., Ltd.", "S5720-36C-EI-AC"),
        ("Huawei Versatile Routing Platform Software VRP (R) software, Version 8.100 (CE6810EI V100R005C10SPC200) ", "CE6810EI"),
        ("S12704", "S12704"),
        // SD switch/h3c-e528-1, SD switch/h3c-wx6103, ND Layer3/H3C
        ("H3C Switch E528 Software Version 5.20, Release 1513P62\r\nCopyright(c) 2004-2013 Hangzhou H3C Tech. Co., Ltd. All rights reserved.", "E528"),
        ("H3C Comware Platform Software H3C WX6103. Product Version Release 2509P33 Copyright (c) 2004-2014 Hangzhou H3C Technologies Co., Ltd. All rights reserved.", "WX6103"),
        ("Hangzhou H3C Comware Platform Software, Software Version 3.10, Release 2107 H3C S3100-52TP-SI ", "S3100-52TP-SI"),
        // SD switch/zte-zxr10-5250, SD switch/zte-zrx10
        ("ZTE Ethernet Switch  ZXR10 5250-52TM-H, Version: V2.05.11B19", "ZXR10 5250-52TM-H"),
        ("ZTE ZXR10 9908 Software, 9900 Version: V1.01.10.B19P06,  RELEASE SOFTWARE", "ZXR10 9908"),
        // SD switch/ruijie-s5750-24gt12sfp
        ("Ruijie 10G Routing Switch(S5750-24GT/12SFP) By Ruijie Networks", "S5750-24GT/12SFP"),
        // ND Layer3/Mikrotik
        ("RouterOS CRS125-24G-1S", "CRS125-24G-1S"),
        // github.com/opensolutions/OSS_SNMP issue 10
        ("Dell Networking OS\nOperating System Version: 2.0\nApplication Software Version: 9.6(0.0)\nSeries: S4810\nCopyright (c) 1999-2014 by Dell Inc. All Rights Reserved.", "S4810"),
        // github.com/librenms/librenms pull 3930
        ("Dell Networking N3024, 6.1.2.4, Linux 3.6.5-601418a5", "N3024"),
        // SD switch/dlink-des3200, SD switch/dlink-des3038
        ("DES-3200-18 Fast Ethernet Switch", "DES-3200-18"),
        ("D-Link DES-3028 Fast Ethernet Switch", "DES-3028"),
    ];
    for &(descr, want) in cases {
        assert_eq!(model_from_sys_descr(descr), Some(want), "{descr:?}");
    }
    for descr in [
        "",
        "xcu",
        "FIREWALL",
        "Cisco Controller",
        "Linux sic 2.4.20_mvl31-integrator #17  10 22 18:21:13 CST 2007 armv4l",
        "10.40.1.39",
    ] {
        assert_eq!(model_from_sys_descr(descr), None, "{descr:?}");
    }
}

#[test]
fn entity_mib_fallback_with_real_chassis_revisions() {
    // (vendor, entPhysicalSoftwareRev, entPhysicalFirmwareRev, family, version), chassis rows of SD recordings.
    #[rustfmt::skip]
    let cases: &[EntityCase] = &[
        (Some("Huawei"), "Version 5.170 V200R012C00SPC500", "", HUAWEI_VRP, Some("V200R012C00SPC500")), // switch/huawei-s12704
        (Some("Huawei"), "V200R007C20SPC200", "", HUAWEI_VRP, Some("V200R007C20SPC200")), // router/huawei-acu2
        (Some("Juniper"), "16.1R6.7", "", JUNOS, Some("16.1R6.7")), // router/juniper-mx960-16-1r6-7-a
        (Some("Palo Alto Networks"), "8.0.1", "", PAN_OS, Some("8.0.1")), // firewall/paloalto-pa-5000
        (Some("Ruijie"), "RGOS 10.4(3)p4 Release(161753)", "", RUIJIE_RGOS, Some("10.4(3)p4")), // switch/ruijie-s5750-24gt12sfp
        (Some("Fortinet"), "FortiCarrier-3000D v5.4.5,build1138b1138,170531 (GA)", "", FORTIOS, Some("5.4.5")), // firewall/fortinet-xcu
        (None, "FortiCarrier-3000D v5.4.5,build1138b1138,170531 (GA)", "", FORTIOS, Some("5.4.5")),
        (Some("H3C"), "7.1.075 7751P01", "144", COMWARE, Some("7.1.075 7751P01")), // switch/h3c-comware-7-1-075
    ];
    for &(vendor, sw, fw, family, version) in cases {
        let want = Some(OsInfo { family, version: version.map(str::to_owned) });
        assert_eq!(from_entity(vendor, Some(sw), Some(fw)), want, "{vendor:?} {sw:?}");
    }
    // SD router/huawei-unknown-001: the revision names VRP but no release code.
    let vrp = from_entity(Some("Huawei"), Some("VRP (R) software, Version 5.160 (CN), RELEASE 0089"), Some(""));
    assert_eq!(vrp, Some(OsInfo { family: HUAWEI_VRP, version: None }));
    // Without a release code or the VRP name, the vendor alone claims nothing.
    assert_eq!(from_entity(Some("Huawei"), Some("Version 5.160"), Some("")), None);
    // Cisco runs several OS lines; `12.2(55)SE3` alone does not say which.
    assert_eq!(from_entity(Some("Cisco"), Some("12.2(55)SE3"), None), None);
    assert_eq!(from_entity(None, None, None), None);
    assert_eq!(from_entity(Some("Juniper"), Some(""), Some("")), None);
}

#[test]
fn version_from_entity_for_a_known_family() {
    // SD switch/cisco-c3560 chassis: both columns say 12.2(55)SE3.
    assert_eq!(
        version_from_entity(CISCO_IOS, Some("12.2(55)SE3"), Some("12.2(55)SE3")).as_deref(),
        Some("12.2(55)SE3")
    );
    // SD switch/hpe-procurve-516733-b21: software Z.14.31, firmware (ROM) Z.14.09.
    assert_eq!(version_from_entity(PROCURVE, Some("Z.14.31"), Some("Z.14.09")).as_deref(), Some("Z.14.31"));
    // Empty software revision: fall back to the firmware column.
    assert_eq!(version_from_entity(PROCURVE, Some(""), Some("Z.14.09")).as_deref(), Some("Z.14.09"));
    // SD router/huawei-s5720: "Version 5.160 V200R007C00SPC500".
    assert_eq!(
        version_from_entity(HUAWEI_VRP, Some("Version 5.160 V200R007C00SPC500"), None).as_deref(),
        Some("V200R007C00SPC500")
    );
    // A free-text revision is not a version.
    assert_eq!(version_from_entity(CISCO_IOS, Some("see the release notes"), None), None);
    assert_eq!(version_from_entity(CISCO_IOS, None, None), None);
}

#[test]
fn category_of_the_primary_recordings() {
    // (vendor, sysDescr, model, sysServices) as in the workspace's tests/fixtures/snmp/expected.json.
    #[rustfmt::skip]
    let cases: &[CategoryCase] = &[
        (Some("Cisco"), "Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3, RELEASE SOFTWARE (fc1)\r\nTechnical Support: http://www.cisco.com/techsupport", Some("WS-C3560G-48TS-E"), Some(6), SWITCH),
        (Some("H3C"), "H3C Switch E528 Software Version 5.20, Release 1513P62\r\nCopyright(c) 2004-2013 Hangzhou H3C Tech. Co., Ltd. All rights reserved.", Some("H3C Switch E528"), Some(78), SWITCH),
        (Some("Huawei"), "S12704", None, Some(78), SWITCH),
        (Some("D-Link"), "DES-3200-18 Fast Ethernet Switch", None, Some(3), SWITCH),
        (Some("Juniper"), "Juniper Networks, Inc. mx960 internet router, kernel JUNOS 16.1R6.7, Build date: 2017-11-22 02:47:00 UTC Copyright (c) 1996-2017 Juniper Networks, Inc.", Some("710-030012"), Some(6), ROUTER),
        (Some("Aruba"), "ArubaOS (MODEL: Aruba7010), Version 8.3.0.0 (64659)", None, None, WIRELESS_CONTROLLER),
    ];
    for &(vendor, descr, model, services, want) in cases {
        let got = category(vendor, descr, model, services);
        assert_eq!(got.map(|g| g.0), Some(want), "{vendor:?} {descr:?}: {got:?}");
    }
    let (_, why) = category(Some("Cisco"), cases[0].1, Some("WS-C3560G-48TS-E"), Some(6)).unwrap();
    assert_eq!(why, "model matches WS-C* (Catalyst switch)");
}

#[test]
fn category_of_other_real_devices() {
    #[rustfmt::skip]
    let cases: &[CategoryCase] = &[
        // SD firewall/paloalto-pa-5000 (ENTITY model PA-5050), SD firewall/fortinet-xcu (FGT_3000D)
        (Some("Palo Alto Networks"), "Palo Alto Networks PA-5000 series firewall", Some("PA-5050"), None, FIREWALL),
        (Some("Fortinet"), "xcu", Some("FGT_3000D"), Some(78), FIREWALL),
        // LN tests/data/asa.json
        (Some("Cisco"), "Cisco Adaptive Security Appliance Version 8.2(5)", None, None, FIREWALL),
        // SD switch/cisco-n5000 (N5K-C5548UP), SD appliance/cisco-ucs-6100 (UCS-FI-6248UP)
        (Some("Cisco"), "Cisco NX-OS(tm) n5000, Software (n5000-uk9), Version 6.0(2)N2(3), RELEASE SOFTWARE", Some("N5K-C5548UP"), Some(70), SWITCH),
        (Some("Cisco"), "Cisco NX-OS(tm) ucs, Software (ucs-6100-k9-system), Version 5.2(3)N2(2.28g), RELEASE SOFTWARE", Some("UCS-FI-6248UP"), Some(70), SWITCH),
        // LN tests/snmpsim/iosxr.snmprec, SD appliance/cisco-controller, SD appliance/cisco-unknown-01 (WS-C6509-E)
        (Some("Cisco"), "Cisco IOS XR Software (Cisco ASR9K Series),  Version 5.3.4[Default]\r\nCopyright (c) 2017 by Cisco Systems, Inc.", None, None, ROUTER),
        (Some("Cisco"), "Cisco Controller", None, Some(2), WIRELESS_CONTROLLER),
        (Some("Cisco"), "Cisco Internetwork Operating System Software", Some("WS-C6509-E"), Some(78), SWITCH),
        // SD wifi/ruijie-m18000, SD switch/h3c-wx6103 (model from sysDescr), SD switch/h3c-comware-7-1-075
        (Some("Ruijie"), "Ruijie 10G Wireless Switch Module(M18000-WS-ED) By Ruijie Networks.", None, Some(7), WIRELESS_CONTROLLER),
        (Some("H3C"), "H3C Comware Platform Software H3C WX6103. Product Version Release 2509P33", Some("H3C WX6103"), Some(78), WIRELESS_CONTROLLER),
        (Some("H3C"), "H3C Comware Platform Software, Software Version 7.1.075, Release 7751P01", Some("H3C SR8808-X"), Some(78), ROUTER),
        // ND Layer3/Juniper (EX switch and the SRX LLDP string), SP ERX
        (Some("Juniper"), "Juniper Networks, Inc. ex4200-24t internet router, kernel JUNOS 10.4R6.5 ", None, Some(6), SWITCH),
        (None, "Juniper Networks, Inc. srx240h-poe , version 12.1R3.5 Build date: ", None, None, FIREWALL),
        // ND Layer3/Arista, LN arubaos-cx.snmprec, ND Layer2/HP
        (Some("Arista"), "Arista Networks EOS version 4.10.4 running on an Arista Networks DCS-7048T-A", None, Some(4), SWITCH),
        (Some("Aruba"), "Aruba JL635A 8325 GL.10.04.2000", None, None, SWITCH),
        (Some("HPE"), "HP J4887A ProCurve Switch 4104GL, revision G.05.02, ROM G.05.01", None, Some(2), SWITCH),
        // ND Layer3/Mikrotik (vendor implied by RouterOS), SD switch/brocade-icx6430-24
        (None, "RouterOS CRS125-24G-1S", None, Some(78), SWITCH),
        (Some("Brocade"), "Brocade Communications Systems, Inc. ICX6430-24, IronWare Version 08.0.30tT311", None, Some(6), SWITCH),
        // SD switch/ruijie-s5750-24gt12sfp (ENTITY model RG-S5750-24GT/12SFP), SD router/ruijie-n18010
        (Some("Ruijie"), "Ruijie 10G Routing Switch(S5750-24GT/12SFP) By Ruijie Networks", Some("RG-S5750-24GT/12SFP"), Some(7), SWITCH),
        (Some("Ruijie"), "Ruijie High-density IPv6 100G Core Routing Switch(N18010) By Ruijie Networks", None, Some(7), SWITCH),
        // SD switch/zte-zxr10-5250, SD firewall/clavister-amaranten, ND Layer2/Ubiquiti
        (Some("ZTE"), "ZTE Ethernet Switch  ZXR10 5250-52TM-H, Version: V2.05.11B19", None, Some(6), SWITCH),
        (Some("Clavister"), "Amaranten Firewall 8.90.07.01-11595", None, Some(4), FIREWALL),
        (Some("Ubiquiti"), "EdgeOS v4.3.16.4879270.160520.1505", None, Some(14), ROUTER),
        // SD appliance/ucdavis-sic: stock agent on Linux
        (Some("UCD-SNMP"), "Linux sic 2.4.20_mvl31-integrator #17  10 22 18:21:13 CST 2007 armv4l", None, None, SERVER),
        // Last resort, sysServices: SD switch/cts-media-converter (2), SD switch/dcrs-5980-28t-dc (6)
        (None, "10/100 Media Converter", None, Some(2), SWITCH),
        (None, "DCRS-5980-28T-DC Device, Compiled Mar 27 14:45:44 2015", None, Some(6), SWITCH),
        (None, "Huawei ACU2", None, Some(76), ROUTER),
    ];
    for &(vendor, descr, model, services, want) in cases {
        let got = category(vendor, descr, model, services);
        assert_eq!(got.map(|g| g.0), Some(want), "{vendor:?} {descr:?} {model:?}: {got:?}");
    }
}

#[test]
fn clip_cuts_on_a_char_boundary() {
    let s = format!("x{}", "é".repeat(MAX_SCAN));
    assert!(!s.is_char_boundary(MAX_SCAN));
    assert_eq!(clip(&s).len(), MAX_SCAN - 1);
    assert_eq!(clip("short"), "short");
}

#[test]
fn category_gives_none_without_evidence() {
    // SD wifi/sangfor-wac has sysServices 72 (layers 4 and 7 only) and a bare "Linux Wac".
    assert_eq!(category(Some("Sangfor"), "Linux Wac", None, Some(72)), None);
    assert_eq!(category(None, "", None, None), None);
    assert_eq!(category(None, "controller", None, Some(0)), None);
    // A Linux box that is not on net-snmp's own OID (SD wifi/ubiquiti-m5, airOS) is not called a server.
    assert_eq!(category(Some("Ubiquiti"), "Linux 2.6.32.61 #1 Wed May 21 18:37:41 EEST 2014 mips", None, None), None);
}

/// A property test found it: a multi-byte space before a VRP release code split a character.
#[test]
fn a_no_break_space_before_the_release_code_is_no_panic() {
    let descr =
        "Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.170 (S12704\u{a0}V200R012C00SPC500)";
    assert_eq!(model_from_sys_descr(descr), Some("S12704"));
}
