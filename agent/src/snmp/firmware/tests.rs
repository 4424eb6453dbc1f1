//! `from_sys_descr` against real sysDescr strings. Every row names where the string was
//! published; hex-encoded snmprec values (`|4x|`) were decoded to text.
//!
//! Sources, abbreviated in the rows:
//! - `SD`: snmpsim-data 1.0.1 (PyPI), `snmpsim_data/data/network/<path>.snmprec.bz2`
//!   (the six primary ones are also in the workspace's tests/fixtures/snmp/expected.json);
//! - `LN`: github.com/librenms/librenms, path given;
//! - `ND`: github.com/netdisco/snmp-info, `xt/lib/Test/SNMP/Info/<path>.pm` (`_description`);
//! - `SP`: github.com/mtoshi/sysdescrparser, `sysdescrparser/tests/test_data.json` or
//!   `samples/sample_data.json` (`raw`).

use super::*;

/// `(source, sysDescr, family, version)`.
type Case = (&'static str, &'static str, &'static str, Option<&'static str>);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // ---- Cisco IOS ----
    ("SD switch/cisco-c3560", "Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3, RELEASE SOFTWARE (fc1)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2011 by Cisco Systems, Inc.\r\nCompiled Thu 05-May-11 16:14 by prod_rel_team", CISCO_IOS, Some("12.2(55)SE3")),
    ("SD switch/cisco-c3750", "Cisco IOS Software, C3750 Software (C3750-IPBASE-M), Version 12.2(50)SE5, RELEASE SOFTWARE (fc1)", CISCO_IOS, Some("12.2(50)SE5")),
    ("LN tests/data/ios.json", "Cisco Internetwork Operating System Software \r\nIOS (tm) C2950 Software (C2950-I6K2L2Q4-M), Version 12.1(22)EA14, RELEASE SOFTWARE (fc1)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2010 by cisco Systems, Inc.\r\nCompiled Tue 26-O", CISCO_IOS, Some("12.1(22)EA14")),
    ("ND Layer3/Cisco", "Cisco Internetwork Operating System Software IOS (tm) C1700 Software (C1700-NY-M), Version 12.2(8)YM, EARLY DEPLOYMENT RELEASE SOFTWARE (fc1)", CISCO_IOS, Some("12.2(8)YM")),
    ("SP tests/test_data.json", "Cisco IOS Software, c7600s72033_rp Software (c7600s72033_rp-ADVIPSERVICESK9-M), Version 12.2(33)SRC5, RELEASE SOFTWARE (fc2)", CISCO_IOS, Some("12.2(33)SRC5")),
    ("SP tests/test_data.json", "Cisco IOS Software, Catalyst 4500 L3 Switch Software (cat4500e-ENTSERVICESK9-M), Version 12.2(50)SG3, RELEASE SOFTWARE (fc2)", CISCO_IOS, Some("12.2(50)SG3")),
    ("SD appliance/cisco-unknown-01", "Cisco Internetwork Operating System Software", CISCO_IOS, None),
    // ---- Cisco IOS-XE ----
    ("LN tests/snmpsim/iosxe.snmprec", "Cisco IOS Software, ASR1000 Software (PPC_LINUX_IOSD-ADVENTERPRISEK9-M), Version 15.5(3)S1a, RELEASE SOFTWARE (fc1)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2015 by Cisco Systems, Inc.\r\nCompiled Wed 04-Nov-15 17:40 by mcpre", CISCO_IOS_XE, Some("15.5(3)S1a")),
    ("ND Layer3/C9800", "Cisco IOS Software [Cupertino], C9800-CL Software (C9800-CL-K9_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)", CISCO_IOS_XE, Some("17.9.4a")),
    ("ND Layer3/C9800", "Cisco IOS Software [IOSXE], CW9800 Software (C9800_IOSXE-K9), Version 17.15.5, RELEASE SOFTWARE (fc3)", CISCO_IOS_XE, Some("17.15.5")),
    ("ND Layer3/C9800", "Cisco IOS Software [Dublin], C9800-CL Software (C9800-CL-K9_IOSXE), Version 17.12.6a, RELEASE SOFTWARE (fc2)", CISCO_IOS_XE, Some("17.12.6a")),
    // ---- Cisco NX-OS ----
    ("SD switch/cisco-n5000", "Cisco NX-OS(tm) n5000, Software (n5000-uk9), Version 6.0(2)N2(3), RELEASE SOFTWARE Copyright (c) 2002-2012 by Cisco Systems, Inc. Device Manager Version 6.2(1),  Compiled 12/17/2013 2:00:00", CISCO_NX_OS, Some("6.0(2)N2(3)")),
    ("SD appliance/cisco-ucs-6100", "Cisco NX-OS(tm) ucs, Software (ucs-6100-k9-system), Version 5.2(3)N2(2.28g), RELEASE SOFTWARE Copyright (c) 2002-2013 by Cisco Systems, Inc.   Compiled 3/10/2017 14:00:00", CISCO_NX_OS, Some("5.2(3)N2(2.28g)")),
    ("LN tests/data/nxos.json", "Cisco NX-OS(tm) n5000, Software (n5000-uk9), Version 7.0(8)N1(1), RELEASE SOFTWARE Copyright (c) 2002-2012 by Cisco Systems, Inc. Device Manager Version 6.0(2)N1(1),  Compiled 2/20/2016 21:00:00", CISCO_NX_OS, Some("7.0(8)N1(1)")),
    ("ND Layer3/Nexus", "Cisco NX-OS(tm) n7000, Software (n7000-s1-dk9), Version 6.1(4), RELEASE SOFTWARE ", CISCO_NX_OS, Some("6.1(4)")),
    ("SP tests/test_data.json", "Cisco NX-OS(tm) cgr1000, Software (cgr1000-uk9), Version 5.2(1)CG2(1), Interim version 5.2(1)CG2(0.167), RELEASE SOFTWARE Copyright (c) 2002-2011 by Cisco Systems, Inc. Compiled 1/1/2012 1:00:00", CISCO_NX_OS, Some("5.2(1)CG2(1)")),
    ("SP tests/test_data.json", "Cisco NX-OS(tm) m9100, Software (m9100-s2ek9-mz), Version 4.1(1c), RELEASE SOFTWARE Copyright (c) 2002-2008 by Cisco Systems, Inc. Compiled 11/24/2008 18:00:00", CISCO_NX_OS, Some("4.1(1c)")),
    // ---- Cisco IOS-XR ----
    ("LN tests/snmpsim/iosxr.snmprec", "Cisco IOS XR Software (Cisco ASR9K Series),  Version 5.3.4[Default]\r\nCopyright (c) 2017 by Cisco Systems, Inc.", CISCO_IOS_XR, Some("5.3.4")),
    ("SP tests/test_data.json", "Cisco IOS XR Software (Cisco ASR9K Series), Version 4.2.3[Default] Copyright (c) 2013 by Cisco Systems, Inc.", CISCO_IOS_XR, Some("4.2.3")),
    ("SP tests/test_data.json", "Cisco IOS XR Software (Cisco 12816/PRP), Version 4.3.2[Default] Copyright (c) 2014 by Cisco Systems, Inc.", CISCO_IOS_XR, Some("4.3.2")),
    ("SP tests/test_data.json", "Cisco IOS XR Software (Cisco 12404/PRP), Version 3.6.0[00] Copyright (c) 2007 by Cisco Systems, Inc.", CISCO_IOS_XR, Some("3.6.0")),
    // ---- Cisco ASA / AireOS ----
    ("LN tests/data/asa.json", "Cisco Adaptive Security Appliance Version 8.2(5)", CISCO_ASA, Some("8.2(5)")),
    ("ND Layer3/CiscoASA", "Cisco Adaptive Security Appliance Version 9.2(1)", CISCO_ASA, Some("9.2(1)")),
    ("SD appliance/cisco-controller", "Cisco Controller", CISCO_AIREOS, None),
    // ---- Junos ----
    ("SD router/juniper-mx960-16-1r6-7-a", "Juniper Networks, Inc. mx960 internet router, kernel JUNOS 16.1R6.7, Build date: 2017-11-22 02:47:00 UTC Copyright (c) 1996-2017 Juniper Networks, Inc.", JUNOS, Some("16.1R6.7")),
    ("SD router/juniper-mx960-12-3r6-6", "Juniper Networks, Inc. mx960 internet router, kernel JUNOS 12.3R6.6, Build date: 2014-03-13 07:12:28 UTC Copyright (c) 1996-2014 Juniper Networks, Inc.", JUNOS, Some("12.3R6.6")),
    ("SD router/juniper-mx960-13-3r9-13", "Juniper Networks, Inc. mx960 internet router, kernel JUNOS 13.3R9.13, Build date: 2016-03-01 08:56:00 UTC Copyright (c) 1996-2016 Juniper Networks, Inc.", JUNOS, Some("13.3R9.13")),
    ("LN tests/snmpsim/dell-os10.snmprec (LLDP neighbour)", "Juniper Networks, Inc. ex4300-32f internet router, kernel JUNOS 17.3R3.10, Build date: 2018-09-07 02:06:48 UTC Copyright (c) 1996-2018 Juniper Networks, Inc.", JUNOS, Some("17.3R3.10")),
    ("ND Layer3/Juniper", "Juniper Networks, Inc. ex4200-24t internet router, kernel JUNOS 10.4R6.5 ", JUNOS, Some("10.4R6.5")),
    ("ND Layer3/Juniper (lldpLocSysDesc)", "Juniper Networks, Inc. srx240h-poe , version 12.1R3.5 Build date: ", JUNOS, Some("12.1R3.5")),
    ("SP tests/test_data.json", "Juniper Networks, Inc. j2300 internet router, kernel JUNOS 8.5-20080528.0 #0: 2008-05-28 06:18:51 UTC", JUNOS, Some("8.5-20080528.0")),
    ("SP tests/test_data.json", "Juniper Networks, Inc. m120 internet router, kernel JUNOS 10.0S14 #0: 2011-03-25 07:25:26 UTC", JUNOS, Some("10.0S14")),
    ("ND Layer3/ERX", "Juniper Networks, Inc. ERX-1400 Edge Routing Switch SW Version : (12.3.2 patch-0.1 [BuildId 14534]) Build Date : August 13, 2012  12:31 Copyright (c) 1999, 2001 Juniper Networks, Inc.", JUNOSE, Some("12.3.2 patch-0.1 [BuildId 14534]")),
    ("SP tests/test_data.json", "Juniper Networks, Inc. ERX-700 Edge Routing Switch SW Version : (11.1.0 release-0.0 [BuildId 12065]) Build Date : April 20, 2010 20:41 Copyright", JUNOSE, Some("11.1.0 release-0.0 [BuildId 12065]")),
    ("SP samples/sample_data.json", "SSG5-Serial version 6.1.0r2.0 (SN: 0123456789012345, Firewall+VPN)", SCREENOS, Some("6.1.0r2.0")),
    ("SP samples/sample_data.json", "SSG-140 version 6.2.0r5.0 (SN: JN123456ABCD, Firewall+VPN)", SCREENOS, Some("6.2.0r5.0")),
    // ---- ProCurve / ArubaOS-Switch ----
    ("SD switch/hpe-procurve-516733-b21", "ProCurve 516733-B21 6120XG Blade Switch, revision Z.14.31, ROM Z.14.09 (/ws/swbuildm/ec_Z_zint4b_qaoff/code/build/vern(ec_Z_zint1.3.6.1.4.1.11.2.3.7.11.107", PROCURVE, Some("Z.14.31")),
    ("ND Layer2/HP", "HP J4887A ProCurve Switch 4104GL, revision G.05.02, ROM G.05.01", PROCURVE, Some("G.05.02")),
    ("SP samples/sample_data.json", "HP J4813A ProCurve Switch 2524, revision F.05.34, ROM F.02.01  (/sw/code/build/info(s02))", PROCURVE, Some("F.05.34")),
    ("github.com/rapid7/recog pull 462, xml/snmp_sysdescr.xml example", "Aruba JL256A 2930F-48G-PoE+-4SFP+ Switch, revision WC.16.11.0004, ROM WC.16.01.0010", ARUBAOS_SWITCH, Some("WC.16.11.0004")),
    // ---- ArubaOS (controllers) ----
    ("SD wifi/aruba-7010", "ArubaOS (MODEL: Aruba7010), Version 8.3.0.0 (64659)", ARUBAOS, Some("8.3.0.0")),
    ("SD wifi/aruba-7210", "ArubaOS (MODEL: Aruba7210), Version 6.5.1.6 (60228)", ARUBAOS, Some("6.5.1.6")),
    ("ND Layer3/Aruba", "ArubaOS (MODEL: Aruba7210-US), Version 6.5.3.5 (65355)", ARUBAOS, Some("6.5.3.5")),
    ("LN tests/snmpsim/iosxe.snmprec (LLDP neighbour, an AP)", "ArubaOS (MODEL: 205H), Version Aruba AP", ARUBAOS, None),
    // ---- ArubaOS-CX ----
    ("LN tests/snmpsim/arubaos-cx.snmprec", "Aruba JL635A 8325 GL.10.04.2000", ARUBAOS_CX, Some("GL.10.04.2000")),
    ("LN tests/snmpsim/iosxe.snmprec (LLDP neighbour)", "Aruba JL662A  FL.10.13.1110", ARUBAOS_CX, Some("FL.10.13.1110")),
    ("ND Layer3/ArubaCX", "Aruba JL728B 6200F", ARUBAOS_CX, None),
    // ---- Comware ----
    ("SD switch/h3c-e528-1", "H3C Switch E528 Software Version 5.20, Release 1513P62\r\nCopyright(c) 2004-2013 Hangzhou H3C Tech. Co., Ltd. All rights reserved.", COMWARE, Some("5.20 Release 1513P62")),
    ("SD switch/h3c-comware-7-1-075", "H3C Comware Platform Software, Software Version 7.1.075, Release 7751P01", COMWARE, Some("7.1.075 Release 7751P01")),
    ("SD switch/h3c-comware-lsq1wcmd0-2509p61", "H3C Comware Platform Software LSQ1WCMD0. Product Version Release 2509P61 Copyright (c) 2004-2017 New H3C Technologies Co., Ltd. All rights reserved.", COMWARE, Some("Release 2509P61")),
    ("SD switch/h3c-wx6103", "H3C Comware Platform Software H3C WX6103. Product Version Release 2509P33 Copyright (c) 2004-2014 Hangzhou H3C Technologies Co., Ltd. All rights reserved.", COMWARE, Some("Release 2509P33")),
    ("ND Layer3/H3C", "Hangzhou H3C Comware Platform Software, Software Version 3.10, Release 2107 H3C S3100-52TP-SI ", COMWARE, Some("3.10 Release 2107")),
    // ---- Huawei ----
    ("SD router/huawei-s5720", "S5720-36C-EI-AC \r\nHuawei Versatile Routing Platform Software \r\n VRP (R) software,Version 5.160 (S5720 V200R007C00SPC500) \r\n Copyright (C) 2007 Huawei Technologies Co., Ltd.", HUAWEI_VRP, Some("V200R007C00SPC500")),
    ("SD router/huawei-acu2", "Huawei ACU2 Huawei Versatile Routing Platform Software  VRP (R) software,Version 5.170 (ACU2 V200R007C20SPC200) Copyright (C) 2011-2017 Huawei Technologies Co., Ltd", HUAWEI_VRP, Some("V200R007C20SPC200")),
    ("ND Layer3/Huawei", "Huawei Versatile Routing Platform Software VRP (R) software, Version 8.100 (CE6810EI V100R005C10SPC200) ", HUAWEI_VRP, Some("V100R005C10SPC200")),
    ("ND Layer3/Huawei", "Huawei Versatile Routing Platform Software\r\nVRP (R) software,Version 5.170 (S5700 V200R011C10SPC600) \r\nCopyright (C) 2007 Huawei Technologies Co., Ltd.", HUAWEI_VRP, Some("V200R011C10SPC600")),
    ("ND Layer3/Huawei", "Huawei YunShan OS\nVersion 1.23.1.1 (S5700 V600R023C10SPC500)\nCopyright (C) 2021-2024 Huawei Technologies Co., Ltd.", HUAWEI_YUNSHAN, Some("V600R023C10SPC500")),
    // ---- IronWare ----
    ("SD switch/brocade-icx6430-24", "Brocade Communications Systems, Inc. ICX6430-24, IronWare Version 08.0.30tT311 Compiled on Feb 13 2019 at 17:44:50 labeled as ICX64S08030t", IRONWARE, Some("08.0.30tT311")),
    ("ND Layer3/Foundry", "Brocade Communications Systems, Inc. Stacking System ICX6610-48-HPOE, IronWare Version 08.0.00aT7f1 ", IRONWARE, Some("08.0.00aT7f1")),
    ("SP samples/sample_data.json", "Brocade Communications Systems, Inc. FESX624+2XG, IronWare Version 07.3.00cT3e1 Compiled on Apr 25 2012 at 17:01:00 labeled as SXS07300c", IRONWARE, Some("07.3.00cT3e1")),
    ("SP samples/sample_data.json", "Brocade NetIron CES, IronWare Version V5.2.0cT183 Compiled on Oct 28 2011 at 02:58:44 labeled as V5.2.00c", IRONWARE, Some("V5.2.0cT183")),
    ("SP samples/sample_data.json", "Foundry Networks, Inc. BigIron RX, IronWare Version V2.7.2mT143 Compiled on Apr 03 2012 at 19:38:35 labeled as V2.7.02m", IRONWARE, Some("V2.7.2mT143")),
    // ---- D-Link (no release in sysDescr) ----
    ("SD switch/dlink-des3200", "DES-3200-18 Fast Ethernet Switch", DLINK, None),
    ("SD switch/dlink-des3038", "D-Link DES-3028 Fast Ethernet Switch", DLINK, None),
    ("ND Layer3/DLink", "DGS-3620-28SC Gigabit Ethernet Switch", DLINK, None),
    // ---- Ruijie (release only in ENTITY-MIB) ----
    ("SD switch/ruijie-s5750-24gt12sfp", "Ruijie 10G Routing Switch(S5750-24GT/12SFP) By Ruijie Networks", RUIJIE_RGOS, None),
    ("SD router/ruijie-n18010", "Ruijie High-density IPv6 100G Core Routing Switch(N18010) By Ruijie Networks", RUIJIE_RGOS, None),
    ("SD wifi/ruijie-m18000", "Ruijie 10G Wireless Switch Module(M18000-WS-ED) By Ruijie Networks.", RUIJIE_RGOS, None),
    // ---- PAN-OS / RouterOS / EdgeOS (no release in sysDescr except EdgeOS) ----
    ("SD firewall/paloalto-pa-5000", "Palo Alto Networks PA-5000 series firewall", PAN_OS, None),
    ("ND Layer3/PaloAlto", "Palo Alto Networks PA-500 series firewall", PAN_OS, None),
    ("ND Layer3/Mikrotik", "RouterOS CRS125-24G-1S", ROUTEROS, None),
    ("ND Layer2/Ubiquiti", "EdgeOS v4.3.16.4879270.160520.1505", EDGEOS, Some("4.3.16")),
    // ---- Dell ----
    ("LN tests/snmpsim/dell-os10.snmprec", "Dell EMC Networking OS10 Enterprise.", DELL_OS10, None),
    ("github.com/opensolutions/OSS_SNMP issue 10", "Dell Networking OS\nOperating System Version: 2.0\nApplication Software Version: 9.6(0.0)\nSeries: S4810\nCopyright (c) 1999-2014 by Dell Inc. All Rights Reserved.\nBuild Time: Sun Sep 28 10:02:15 2014", FTOS, Some("9.6(0.0)")),
    ("github.com/netdisco/snmp-info pull 247", "Dell Networking OS Operating System Version: 2.0 Application Software Version: 9.11(0.0P6) Series: S3048-ON Copyright (c) 1999-2017 by Dell Inc. All Rights Reserved. Build Time: Mon Feb 27 16:56:22 2017", FTOS, Some("9.11(0.0P6)")),
    ("ND Layer3/Force10", "Dell Networking OS Operating System Version: 1.0 Application Software Version: E8-3-16-0 Series: MXL-10/40GbE ", FTOS, Some("E8-3-16-0")),
    ("github.com/librenms/librenms pull 3930", "Dell Networking N3024, 6.1.2.4, Linux 3.6.5-601418a5", DELL_OS6, Some("6.1.2.4")),
    ("ND Layer3/EdgeSwitch", "EFOS, 3.9.0.2, Linux 4.15.18-d60bb35b, 2016.05.00.06 ", EFOS, Some("3.9.0.2")),
    // ---- ExtremeXOS ----
    ("ND Layer3/Extreme", "ExtremeXOS version 12.3.4.12 v1234b12-patch1-6 by ", EXTREMEXOS, Some("12.3.4.12")),
    ("SP samples/sample_data.json", "ExtremeXOS version 12.0.3.16 v1203b16 by release-manager on Tue Apr 8 01:08:39 PDT 2008", EXTREMEXOS, Some("12.0.3.16")),
    ("SP samples/sample_data.json", "ExtremeXOS version 12.1.4.2 v1214b2 by release-manager on Wed Dec 9 13:32:31 PST 2009", EXTREMEXOS, Some("12.1.4.2")),
    // ---- Arista EOS ----
    ("ND Layer3/Arista", "Arista Networks EOS version 4.10.4 running on an Arista Networks DCS-7048T-A", ARISTA_EOS, Some("4.10.4")),
    ("SP tests/test_data.json", "Arista Networks EOS version 4.12.7.1 running on an Arista Networks DCS-7150S-24", ARISTA_EOS, Some("4.12.7.1")),
    ("SP tests/test_data.json", "Arista Networks EOS version 4.14.2F running on an Arista Networks DCS-7504", ARISTA_EOS, Some("4.14.2F")),
    // ---- AlliedWare Plus ----
    ("LN tests/snmpsim/awplus.snmprec", "Allied Telesis router/switch, AW+ v5.4.7-2.1", ALLIEDWARE_PLUS, Some("5.4.7-2.1")),
    ("LN includes/polling/os/awplus.inc.php (comment)", "Allied Telesis router/switch, AW+ v5.3.4-0.2", ALLIEDWARE_PLUS, Some("5.3.4-0.2")),
    ("LN includes/polling/os/awplus.inc.php (comment)", "Allied Telesis router/switch, AW+ v5.2.2-0.11", ALLIEDWARE_PLUS, Some("5.2.2-0.11")),
    // ---- ZTE ----
    ("SD switch/zte-zrx10", "ZTE ZXR10 9908 Software, 9900 Version: V1.01.10.B19P06,  RELEASE SOFTWARE", ZTE_ZXROS, Some("V1.01.10.B19P06")),
    ("SD switch/zte-zxr10-5250", "ZTE Ethernet Switch  ZXR10 5250-52TM-H, Version: V2.05.11B19", ZTE_ZXROS, Some("V2.05.11B19")),
];

#[test]
fn real_sys_descr_strings() {
    let mut failures = Vec::new();
    for &(source, descr, family, version) in CASES {
        let got = from_sys_descr(descr);
        let want = Some(OsInfo { family, version: version.map(str::to_owned) });
        if got != want {
            failures.push(format!("{source}: {descr:?}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

/// Real sysDescr values no family here claims: `None`, not a guess.
#[test]
fn unrecognised_real_strings_give_none() {
    #[rustfmt::skip]
    let none: &[(&str, &str)] = &[
        ("SD switch/huawei-s12704 (model only)", "S12704"),
        ("SD firewall/fortinet-xcu (host name)", "xcu"),
        ("ND Layer3/Fortinet (empty)", ""),
        ("SD appliance/empirical-hw-mgmt", "Hardware management system"),
        ("SD appliance/infosec-nsae-6500", "Hardware: INFOSEC NSAE 6500 Intel(R) Xeon(R) CPU - Software: NSAE Rel.NSAE.8.4.0.8 build on Wed Aug 28 15:42:47 2013"),
        ("SD appliance/tripplite-poweralert", "Ubuntu 16.04.4 LTS Linux 4.4.31 flash: 3.4G ram: 247204kB processor: armv7l software: PowerAlert 15.5.4 (Build 1045)"),
        ("SD appliance/ucdavis-sic", "Linux sic 2.4.20_mvl31-integrator #17  10 22 18:21:13 CST 2007 armv4l"),
        ("SD firewall/legend-holdings-firewall", "FIREWALL"),
        ("SD router/brocade-unknown-001", "10.40.1.39"),
        ("SD switch/brocade-ds-5100b", "DS-5100B"),
        ("SD switch/metel-poe-box", "2G-2S.0.2.F-BOX-PoE (M-PoE), fw:60.7050, PoEfw:118"),
        ("SD wifi/ruckus-smartcell-gateway", "SmartCell Gateway"),
        ("SD wifi/ubiquiti-m5", "Linux 2.6.32.61 #1 Wed May 21 18:37:41 EEST 2014 mips"),
        ("SD appliance/vss-monitoring-optimizer-2400-span", "Optimizer 2400-SPAN"),
    ];
    for &(source, descr) in none {
        assert_eq!(from_sys_descr(descr), None, "{source}: {descr:?}");
    }
}

/// The six recordings of the workspace's tests/fixtures/snmp/expected.json (values copied from it).
/// That file spells some families differently (`H3C Comware`, `Junos OS`,
/// `D-Link DES-3200 firmware`); the versions are the contract and match exactly.
#[test]
fn primary_recordings_match_expected_json() {
    let c3560 = from_sys_descr(CASES[0].1).unwrap();
    assert_eq!((c3560.family, c3560.version.as_deref()), (CISCO_IOS, Some("12.2(55)SE3")));
    let e528 = from_sys_descr("H3C Switch E528 Software Version 5.20, Release 1513P62\r\nCopyright(c) 2004-2013 Hangzhou H3C Tech. Co., Ltd. All rights reserved.").unwrap();
    assert_eq!((e528.family, e528.version.as_deref()), (COMWARE, Some("5.20 Release 1513P62")));
    // The chassis softwareRev says the same without the comma.
    assert_eq!(
        version_from_entity(COMWARE, Some("5.20 Release 1513P62"), Some("163")).as_deref(),
        Some("5.20 Release 1513P62")
    );
    // S12704: sysDescr is only the model; family and release come from ENTITY-MIB + vendor.
    assert_eq!(from_sys_descr("S12704"), None);
    let s12704 = from_entity(Some("Huawei"), Some("Version 5.170 V200R012C00SPC500"), Some("")).unwrap();
    assert_eq!((s12704.family, s12704.version.as_deref()), (HUAWEI_VRP, Some("V200R012C00SPC500")));
    let des = from_sys_descr("DES-3200-18 Fast Ethernet Switch").unwrap();
    assert_eq!((des.family, des.version), (DLINK, None));
    let mx = from_sys_descr("Juniper Networks, Inc. mx960 internet router, kernel JUNOS 16.1R6.7, Build date: 2017-11-22 02:47:00 UTC Copyright (c) 1996-2017 Juniper Networks, Inc.").unwrap();
    assert_eq!((mx.family, mx.version.as_deref()), (JUNOS, Some("16.1R6.7")));
    assert_eq!(version_from_entity(JUNOS, Some("16.1R6.7"), Some("")).as_deref(), Some("16.1R6.7"));
    let aruba = from_sys_descr("ArubaOS (MODEL: Aruba7010), Version 8.3.0.0 (64659)").unwrap();
    assert_eq!((aruba.family, aruba.version.as_deref()), (ARUBAOS, Some("8.3.0.0")));
}

/// Every family a parser returns is one the collector knows: the protocol's list.
#[test]
fn every_family_found_is_in_the_shared_list() {
    for &(source, _, family, _) in CASES {
        assert!(ALL.contains(&family), "{source}: {family:?} is not in arsring_protocol::os_family::ALL");
    }
    let mut sorted = ALL.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ALL.len(), "a family is listed twice");
}

#[test]
fn families_cover_the_brief() {
    let families: std::collections::BTreeSet<&str> = CASES.iter().map(|c| c.2).collect();
    for f in [
        CISCO_IOS,
        CISCO_IOS_XE,
        CISCO_NX_OS,
        CISCO_IOS_XR,
        CISCO_ASA,
        JUNOS,
        PROCURVE,
        ARUBAOS_SWITCH,
        ARUBAOS,
        ARUBAOS_CX,
        COMWARE,
        HUAWEI_VRP,
        IRONWARE,
        DLINK,
        RUIJIE_RGOS,
        PAN_OS,
        ROUTEROS,
        EDGEOS,
        DELL_OS10,
        FTOS,
        EXTREMEXOS,
        ARISTA_EOS,
        ALLIEDWARE_PLUS,
        ZTE_ZXROS,
    ] {
        assert!(families.contains(f), "no real sysDescr tested for {f}");
    }
}
