//! sysDescr strings (and vendor version objects) of LibreNMS's test recordings
//! (github.com/librenms/librenms `tests/snmpsim/<name>.snmprec`, checked against what its
//! `tests/data/<name>.json` expects) of families and wordings the other tables lack: Force10
//! lines split by a byte that is no line break, FASTPATH from Netgear and Ubiquiti, D-Link's
//! web-smart switches, Nortel/Avaya's BOSS, AOS-W, FortiSwitch, Huawei NetEngine.

use super::tests_recordings_public::{Case, check};
use super::*;

/// `(recording, sysDescr, (family, version), model)`.
#[rustfmt::skip]
const CASES: &[Case] = &[
    // Force10 separates the lines with 0xDA, which is no line break (decoded as Latin-1 here).
    ("ftos", "Force10 Networks Real Time Operating System Software\u{da}Force10 Operating System Version: 1.0\u{da}Force10 Application Software Version: 8.4.2.5\u{da}Copyright (c) 1999-2010 by Force10 Networks, Inc.", Some((FTOS, Some("8.4.2.5"))), None),
    ("edgeswitch", "EdgeSwitch 24-Port 250W, 1.0.1.4720839, Linux 3.6.5-f4a26ed5", Some((EDGESWITCH, Some("1.0.1.4720839"))), Some("EdgeSwitch 24-Port 250W")),
    ("netgear", "GS724Tv4 ProSafe 24-port Gigabit Ethernet Smart Switch, 6.3.1.11, B1.0.0.4", Some((NETGEAR, Some("6.3.1.11"))), Some("GS724Tv4")),
    ("dlink", "WS6-DGS-1210-52/F1 6.10.007", Some((DLINK, Some("6.10.007"))), Some("WS6-DGS-1210-52/F1")),
    ("boss", "Ethernet Routing Switch 5530-24TFD    HW:32       FW:6.0.0.18  SW:v6.3.2.011 BN:11 (c) Avaya Networks", Some((BOSS, Some("6.3.2.011"))), Some("Ethernet Routing Switch 5530-24TFD")),
    ("arubaos_aosw", "AOS-W (MODEL: OAW-6000), Version 6.3.1.23 (56687)", Some((ARUBAOS, Some("6.3.1.23"))), Some("OAW-6000")),
    ("vrp_ne8000", "Huawei Versatile Routing Platform Software\nVRP (R) software, Version 8.200 (NetEngine 8000 V800R012C10SPC300) \r\nCopyright (C) 2012-2020 Huawei Technologies Co., Ltd. \r\nHUAWEI NetEngine 8000 F1A-8H20Q", Some((HUAWEI_VRP, Some("V800R012C10SPC300"))), Some("NetEngine 8000")),
    ("vrp", "Huawei AR1220 Huawei Versatile Routing Platform Software  VRP (R) software,Version 5.120 (AR1220 V200R003C01SPC900) Copyright (C) 2011-2013 Huawei Technologies Co., Ltd", Some((HUAWEI_VRP, Some("V200R003C01SPC900"))), Some("AR1220")),
    // A model and a release alone is D-Link's wording only with a D-Link series in the model.
    ("(made up)", "XYZ-1210 6.10.007", None, None),
];

#[test]
fn librenms_recordings_sys_descr() {
    check(CASES);
}

/// FORTINET-FORTISWITCH-MIB fsSysVersion, before 7.x (LibreNMS fortiswitch.snmprec) and in
/// 7.x's wording: FortiSwitchOS's own release, and the model it leads with.
#[test]
fn fortiswitch_version_object() {
    for (object, release, model) in [
        ("FortiSwitch-248D-FPOE v3.3.3,build4047,160219 (GA)", "3.3.3", "FortiSwitch-248D-FPOE"),
        ("S548DF-v7.2.5-build0453,230511 (GA)", "7.2.5", "S548DF"),
    ] {
        assert_eq!(version_from_entity(FORTISWITCH_OS, Some(object), None).as_deref(), Some(release), "{object}");
        assert_eq!(model_from_sys_descr(object), Some(model), "{object}");
    }
    // FortiGate's fgSysVersion names no model.
    assert_eq!(model_from_sys_descr("v6.4.8,build1914,211117 (GA)"), None);
}
