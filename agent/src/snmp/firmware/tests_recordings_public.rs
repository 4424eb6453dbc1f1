//! Published strings of the families the brief names that the 74 recordings lack or show
//! one way only (FortiOS, PAN-OS, RouterOS, AlliedWare Plus, Comware 5/7 as HP words them),
//! and of products that look like a known family but are not one. Each row names its
//! source; `tests.rs` and `tests_more.rs` hold the earlier ones (ArubaOS-CX, Arista EOS,
//! ExtremeXOS, AW+ 5.x, Comware as H3C words it, …).
//!
//! Sources, abbreviated in the rows:
//! - `LN`: github.com/librenms/librenms, path given;
//! - `ND`: github.com/netdisco/snmp-info, `xt/lib/Test/SNMP/Info/<path>.pm` (`_description`);
//! - `GB`: Greenbone's NVT `gb_hp_comware_platform_detect_snmp.nasl` (mirror:
//!   github.com/xqcyberscore/nvt), the sysDescr examples in its comment. The comment shows
//!   line breaks as new lines without saying which bytes; they are written CR LF here, as
//!   the Comware recordings of snmpsim-data send them;
//! - `NC`: github.com/hogehuga/nwfrm2cpe, `appendix/data.md` (values read off devices);
//! - `OB`: github.com/pgmillon/observium (a mirror of Observium CE), the sysDescr examples in
//!   the comments of `includes/polling/os/<os>.inc.php`.
//!
//! The later families (Vyatta, VyOS, BDCOM, DCN, Fabric OS, Trapeze, Clavister) are here too;
//! for Maipu, DPtech, Venus and Topsec no published sysDescr was found beyond the recordings.

use super::category::*;
use super::*;

/// `(source, sysDescr, (family, version), model)`.
pub(super) type Case = (&'static str, &'static str, Option<(&'static str, Option<&'static str>)>, Option<&'static str>);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // ---- Comware 5 and 7, HP-branded ----
    ("LN tests/snmpsim/comware.snmprec", "HP Comware Platform Software, Software Version 7.1.045, Release 2416 HP FF 5700-40XG-2QSFP  Switch Copyright (c) 2010-2014 Hewlett-Packard Development Company, L.P.", Some((COMWARE, Some("7.1.045 Release 2416"))), None),
    ("GB example 1", concat!(
        "HP Comware Platform Software, Software Version 7.1.045, Release 3108P02\r\n",
        "HP 1950-48G-2SFP+-2XGT\r\n",
        "Copyright (c) 2010-2015 Hewlett-Packard Development Company, L.P.",
    ), Some((COMWARE, Some("7.1.045 Release 3108P02"))), None),
    ("GB example 2", concat!(
        "HP Series Router MSR931\r\n",
        "HP Comware Platform Software\r\n",
        "Comware Software Version 5.20, Release 2511\r\n",
        "Copyright(c) 2010-2013 Hewlett-Packard Development Company, L.P",
    ), Some((COMWARE, Some("5.20 Release 2511"))), None),
    // Only a product version: series 12500, Comware 7.1.0 (CMW710), release R7328P01.
    ("GB example 3", "HP Comware Software. HP 12508 Product Version 12500-CMW710-R7328P01. Copyright (c) 2010-2014 Hewlett-Packard Development Company, L.P.", Some((COMWARE, Some("12500-CMW710-R7328P01"))), Some("12508")),
    // ---- PAN-OS: never a release in sysDescr ----
    ("LN tests/snmpsim/panos.snmprec", "Palo Alto Networks PA-3000 series firewall", Some((PAN_OS, None)), None),
    ("NC (PA-220)", "Palo Alto Networks PA-220 series firewall", Some((PAN_OS, None)), None),
    // ---- Cisco IOS (its chassis revision is in the ENTITY test below) ----
    ("NC (C2900)", "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.4(3)M3, RELEASE SOFTWARE (fc2)", Some((CISCO_IOS, Some("15.4(3)M3"))), None),
    // ---- AlliedWare Plus 2.x (AT-8100S): the release after the trademark sign ----
    ("LN LibreNMS/OS/Allied.php (comment)", "AlliedWare Plus (TM) 2.2.3.0", Some((ALLIEDWARE_PLUS, Some("2.2.3.0"))), None),
    // ---- RouterOS: the chassis entPhysicalDescr (index 65536) has release and board ----
    ("LN tests/snmpsim/routeros.snmprec (entPhysicalDescr)", "RouterOS 6.40.5 (stable) on RB952Ui-5ac2nD", Some((ROUTEROS, Some("6.40.5"))), Some("RB952Ui-5ac2nD")),
    // ---- No family in the shared list: the older AlliedWare ----
    ("LN LibreNMS/OS/Allied.php (comment)", "Allied Telesyn AT-8948 version 2.7.4-02 22-Aug-2005", None, None),
    ("LN LibreNMS/OS/Allied.php (comment)", "Allied Telesis AT-8624T/2M version 2.9.1-13 11-Dec-2007", None, None),
    ("LN LibreNMS/OS/Allied.php (comment)", "CentreCOM 9924Ts, version 3.2.1-04, built 08-Sep-2009", None, None),
    ("LN LibreNMS/OS/Allied.php (comment)", "AT-8126XL, AT-S21 version 1.4.2", None, None),
    // ---- Vyatta and VyOS (VyOS 1.0-1.1 kept the Vyatta prefix) ----
    ("LN tests/snmpsim/vyatta.snmprec", "Vyatta VC6.6R1", Some((VYATTA, Some("VC6.6R1"))), None),
    ("LN tests/snmpsim/vyos.snmprec", "VyOS 1.2.0-beta1", Some((VYOS, Some("1.2.0-beta1"))), None),
    ("OB vyos (comment)", "Vyatta VyOS 1.1.3", Some((VYOS, Some("1.1.3"))), None),
    // ---- BDCOM: switches, OLTs, and routers in Cisco's wording ----
    ("LN tests/snmpsim/bdcom.snmprec", "BDCOM(tm) GP3600-16B Software, Version 74104\nhardware version: A", Some((BDCOM, Some("74104"))), Some("GP3600-16B")),
    ("OB bdcom-ios (comment)", "BDCOM(tm) S2228-POE Software, Version 2.0.2B Compiled: 2010-7-13 12:1:29 by WANGRENLEI ROM: System Bootstrap,Version 0.3.6,Serial num:2407xxxx", Some((BDCOM, Some("2.0.2B"))), Some("S2228-POE")),
    ("OB bdcom-ios (comment)", "BDCOM Internetwork Operating System Software I-8006 Series Software, Version 5.1.1C (FULL), RELEASE SOFTWARE Copyright (c) 2010 by Shanghai Baud Data Communication CO.LTD Compiled: 2011-04-14 13:42:21 by SYS_1239, Image text-base: 0x108000 ROM: System Boo", Some((BDCOM, Some("5.1.1C"))), None),
    // ---- DCN, on one line where the recording has several ----
    ("LN tests/snmpsim/dcn-software.snmprec", "S4600-52P-SI Device, Compiled Jun 06 16:24:54 2016 SoftWare Version 7.0.3.5(R0241.0101) BootRom Version 7.2.16 HardWare Version 1.0.1  Serial No.:SW045010FB16000330 Copyright (C) 2001-2016 by Digital China Networks Limited. All rights reserved", Some((DCN, Some("7.0.3.5(R0241.0101)"))), Some("S4600-52P-SI")),
    // ---- Fabric OS: the factory sysDescr (release in SW-MIB, see below) ----
    ("LN tests/snmpsim/fabos.snmprec", "Fibre Channel Switch.", Some((BROCADE_FOS, None)), None),
    // ---- Trapeze MSS on a Juniper-branded controller ----
    ("ND Layer2/Trapeze", "Juniper Networks, Inc WLC880R 7.5.1.6 REL", Some((TRAPEZE_MSS, Some("7.5.1.6"))), Some("WLC880R")),
    // ---- Clavister, before (CorePlus) and after (cOS Core) the 10.x rename; `TP` is no part of the release ----
    ("OB clavister-cos (comment)", "Clavister cOS Core 10.21.02.01-25325", Some((CLAVISTER_COS, Some("10.21.02.01-25325"))), None),
    ("OB clavister-cos (comment)", "Clavister CorePlus 9.30.08.21-22257 TP", Some((CLAVISTER_COS, Some("9.30.08.21-22257"))), None),
    ("OB clavister-cos (comment)", "Clavister CorePlus 9.30.04.10-18175", Some((CLAVISTER_COS, Some("9.30.04.10-18175"))), None),
];

#[test]
fn published_sys_descr_strings() {
    check(CASES);
}

/// Every case's family, version and model as [`from_sys_descr`] and [`model_from_sys_descr`]
/// read them; all the failures at once.
pub(super) fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for &(source, descr, os, model) in cases {
        let want = os.map(|(family, version)| OsInfo { family, version: version.map(str::to_owned) });
        let got = (from_sys_descr(descr), model_from_sys_descr(descr));
        if got != (want.clone(), model) {
            failures.push(format!("{source}: {descr:?}\n   got  {got:?}\n   want {:?}", (want, model)));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn published_categories() {
    #[rustfmt::skip]
    let cases: &[(Option<&str>, &str, &str)] = &[
        (None, "VyOS 1.2.0-beta1", ROUTER), // LN tests/snmpsim/vyos.snmprec
        (Some("Trapeze"), "Juniper Networks, Inc WLC880R 7.5.1.6 REL", WIRELESS_CONTROLLER), // ND Layer2/Trapeze
        (Some("Palo Alto Networks"), "Palo Alto Networks PA-220 series firewall", FIREWALL), // NC
        (Some("H3C"), "HP Comware Platform Software, Software Version 7.1.045, Release 2416 HP FF 5700-40XG-2QSFP  Switch Copyright (c) 2010-2014 Hewlett-Packard Development Company, L.P.", SWITCH), // LN comware.snmprec
    ];
    for &(vendor, descr, want) in cases {
        assert_eq!(category(vendor, descr, None, None).map(|c| c.0), Some(want), "{descr:?}");
    }
}

/// Chassis revisions as published (NC): FortiGate and Palo Alto through the vendor,
/// Cisco's IOS tail after the release; Fabric OS's vendor object (LN, OB).
#[test]
fn published_chassis_revisions() {
    let fortios = |v: &str| Some(OsInfo { family: FORTIOS, version: Some(v.to_owned()) });
    // entPhysicalSoftwareRev.1 names the product itself, so no vendor is needed.
    assert_eq!(from_entity(None, Some("FortiGate-60D v5.2.5,build0701b701,151203 (GA)"), None), fortios("5.2.5"));
    assert_eq!(
        from_entity(Some("Fortinet"), Some("FortiGate-60F v6.4.11,build2030,221031 (GA.M)"), None),
        fortios("6.4.11")
    );
    // fgSysVersion (FORTINET-FORTIGATE-MIB) wording, for a caller that has it.
    assert_eq!(version_from_entity(FORTIOS, Some("v6.4.6,build1879,210520 (GA)"), None).as_deref(), Some("6.4.6"));
    assert_eq!(version_from_entity(FORTIOS, Some("v5.2.5,build0701,151203 (GA)"), None).as_deref(), Some("5.2.5"));
    assert_eq!(
        from_entity(Some("Palo Alto Networks"), Some("10.0.0"), None),
        Some(OsInfo { family: PAN_OS, version: Some("10.0.0".to_owned()) })
    );
    // entPhysicalSoftwareRev.1 of a C2900 repeats sysDescr's tail; .3 is the bare release.
    assert_eq!(
        version_from_entity(CISCO_IOS, Some("15.4(3)M3, RELEASE SOFTWARE (fc2)"), None).as_deref(),
        Some("15.4(3)M3")
    );
    assert_eq!(version_from_entity(CISCO_IOS, Some("15.4(3)M3"), None).as_deref(), Some("15.4(3)M3"));
    // Fabric OS: SW-MIB swFirmwareVersion as LN tests/data/fabos.json reports it, and the
    // FCMGMT-MIB connUnitRevsRevId fallback of OB fabos.
    assert_eq!(version_from_entity(BROCADE_FOS, Some("v8.1.2g"), None).as_deref(), Some("8.1.2g"));
    assert_eq!(version_from_entity(BROCADE_FOS, Some("v6.4.2b4"), None).as_deref(), Some("6.4.2b4"));
    // Cisco runs several OS lines: the revision alone names none.
    assert_eq!(from_entity(Some("Cisco"), Some("15.4(3)M3, RELEASE SOFTWARE (fc2)"), None), None);
}
