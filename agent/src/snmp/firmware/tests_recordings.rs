//! All 74 network recordings of snmpsim-data 1.0.1 (PyPI), `snmpsim_data/data/network/
//! {appliance,firewall,router,switch,wifi}/`, with sysDescr (`1.3.6.1.2.1.1.1.0`) verbatim:
//! `|4x|` hex values decoded, line breaks kept as sent (CR LF, LF, or DPtech's bare CR).
//! Each row also names what the poller would hand to [`category`]: the vendor
//! `vendor::vendor` gives for the sysObjectID enterprise today (None where its table has
//! none), the chassis model of the recording's ENTITY-MIB / vendor MIB
//! (tests/coverage/truth.json), and sysServices (`1.3.6.1.2.1.1.7.0`).
//!
//! Traps in the set, kept on purpose: a sysDescr that is an IP address (brocade-unknown-001),
//! a host name (fortinet-xcu), empty (huawei-unknown-00x) or missing with sysObjectID too
//! (network-research-squid); a file name that disagrees with its content (aruba-7020 holds
//! a 7010, dlink-des3038 a DES-3028, dcs-3726c a DCS-3726S); a Juniper-branded Trapeze WLC
//! that is not Junos; a ProCurve string cut mid-path with the sysObjectID glued on; VRP
//! and Comware lines split by CR LF, Digital China and Maipu by LF with blanks around.

use super::category::*;
use super::*;

/// `(source, sysDescr, (family, version) from sysDescr, model from sysDescr,
///   vendor, chassis model, sysServices, category)`.
type Row = (
    &'static str,
    &'static str,
    Option<(&'static str, Option<&'static str>)>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<u8>,
    Option<&'static str>,
);

#[rustfmt::skip]
const RECORDINGS: &[Row] = &[
    ("snmpsim-data appliance/cisco-controller.snmprec.bz2", "Cisco Controller", Some((CISCO_AIREOS, None)), None, Some("Cisco"), Some("AIR-CT5508-K9"), Some(2), Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data appliance/cisco-ucs-6100-k9.snmprec.bz2", "Cisco NX-OS(tm) ucs, Software (ucs-6100-k9-system), Version 5.2(3)N2(2.28g), RELEASE SOFTWARE Copyright (c) 2002-2013 by Cisco Systems, Inc.   Compiled 3/10/2017 14:00:00", Some((CISCO_NX_OS, Some("5.2(3)N2(2.28g)"))), None, Some("Cisco"), Some("UCS-FI-6248UP"), Some(70), Some(SWITCH)),
    ("snmpsim-data appliance/cisco-ucs-6100.snmprec.bz2", "Cisco NX-OS(tm) ucs, Software (ucs-6100-k9-system), Version 5.2(3)N2(2.28g), RELEASE SOFTWARE Copyright (c) 2002-2013 by Cisco Systems, Inc.   Compiled 3/10/2017 14:00:00", Some((CISCO_NX_OS, Some("5.2(3)N2(2.28g)"))), None, Some("Cisco"), Some("UCS-FI-6248UP"), Some(70), Some(SWITCH)),
    ("snmpsim-data appliance/cisco-unknown-01.snmprec.bz2", "Cisco Internetwork Operating System Software", Some((CISCO_IOS, None)), None, Some("Cisco"), Some("WS-C6509-E"), Some(78), Some(SWITCH)),
    ("snmpsim-data appliance/empirical-hw-mgmt.snmprec.bz2", "Hardware management system", None, None, Some("Huawei"), Some("RH5885 V3"), Some(64), None),
    ("snmpsim-data appliance/huawei-ism.snmprec.bz2", "ISM SNMP Agent", None, None, Some("Huawei"), None, Some(10), Some(SWITCH)),
    ("snmpsim-data appliance/infosec-nsae-6500.snmprec.bz2", "Hardware: INFOSEC NSAE 6500 Intel(R) Xeon(R) CPU - Software: NSAE Rel.NSAE.8.4.0.8 build on Wed Aug 28 15:42:47 2013", None, None, None, None, None, None),
    ("snmpsim-data appliance/meru-networks-controller.snmprec.bz2", "controller", None, None, None, None, Some(72), None),
    ("snmpsim-data appliance/network-research-squid.snmprec.bz2", "", None, None, None, None, None, None),
    ("snmpsim-data appliance/nsfocus-ads.snmprec.bz2", "ads", None, None, None, None, Some(78), Some(SWITCH)),
    ("snmpsim-data appliance/tripplite-poweralert.snmprec", "Ubuntu 16.04.4 LTS Linux 4.4.31 flash: 3.4G ram: 247204kB processor: armv7l software: PowerAlert 15.5.4 (Build 1045)", None, None, None, None, None, None),
    ("snmpsim-data appliance/ucdavis-sic.snmprec.bz2", "Linux sic 2.4.20_mvl31-integrator #17  10 22 18:21:13 CST 2007 armv4l", None, None, Some("UCD-SNMP"), None, None, Some(SERVER)),
    ("snmpsim-data appliance/vss-monitoring-optimizer-2400-span.snmprec.bz2", "Optimizer 2400-SPAN", None, None, None, None, Some(1), None),
    ("snmpsim-data firewall/clavister-amaranten.snmprec.bz2", "Amaranten Firewall 8.90.07.01-11595", Some((CLAVISTER_COS, Some("8.90.07.01-11595"))), None, Some("Clavister"), None, Some(4), Some(FIREWALL)),
    ("snmpsim-data firewall/fortinet-xcu.snmprec.bz2", "xcu", None, None, Some("Fortinet"), Some("FGT_3000D"), Some(78), Some(FIREWALL)),
    ("snmpsim-data firewall/legend-holdings-firewall-2.snmprec.bz2", "FIREWALL", None, None, None, None, Some(6), Some(FIREWALL)),
    ("snmpsim-data firewall/legend-holdings-firewall.snmprec.bz2", "FIREWALL", None, None, None, None, Some(6), Some(FIREWALL)),
    ("snmpsim-data firewall/netentsec-ngfw.snmprec.bz2", "Netentsec NGFW", None, None, None, None, Some(14), Some(FIREWALL)),
    ("snmpsim-data firewall/nsfocus-osms.snmprec.bz2", "NSFOCUS-OSMS", None, None, None, None, Some(79), Some(SWITCH)),
    ("snmpsim-data firewall/paloalto-pa-5000.snmprec.bz2", "Palo Alto Networks PA-5000 series firewall", Some((PAN_OS, None)), None, Some("Palo Alto Networks"), Some("PA-5050"), None, Some(FIREWALL)),
    ("snmpsim-data firewall/sangfor-ad1800-fp2.snmprec.bz2", "Linux AD-1800-FP2 2.6.30 #1 SMP Tue Feb 23 12:45:59 CST 2016 x86_64", None, None, Some("Sangfor"), None, None, None),
    ("snmpsim-data firewall/sangfor-vad1.snmprec.bz2", "Linux vAD1 2.6.30 #1 SMP Tue Nov 10 20:59:36 CST 2015 x86_64", None, None, Some("Sangfor"), None, None, None),
    ("snmpsim-data firewall/topsec-ngfw4000-uf.snmprec.bz2", "Topsec  NGFW4000-UF(TG-72282) Software Version V3.2073N.2060N_NGFW.1", Some((TOPSEC_TOS, Some("V3.2073N.2060N_NGFW.1"))), None, None, None, None, Some(FIREWALL)),
    ("snmpsim-data firewall/venus-unknown-001.snmprec.bz2", "FIREWALL", None, None, None, None, Some(6), Some(FIREWALL)),
    ("snmpsim-data firewall/venus-vsos-v0600r0705b20180507.snmprec.bz2", "VENUS VSOS-V0600R0705B20180507", Some((VENUS_VSOS, Some("V0600R0705B20180507"))), None, None, None, Some(79), Some(FIREWALL)),
    ("snmpsim-data firewall/venus-vsos-v070060600.snmprec.bz2", "VENUS VSOS-V0700R0600", Some((VENUS_VSOS, Some("V0700R0600"))), None, None, None, Some(79), Some(FIREWALL)),
    ("snmpsim-data router/brocade-unknown-001.snmprec.bz2", "10.40.1.39", None, None, Some("Brocade"), Some("40-1000165-14"), Some(79), Some(SWITCH)),
    ("snmpsim-data router/cisco-unmarked-0.snmprec.bz2", "Cisco Internetwork Operating System Software", Some((CISCO_IOS, None)), None, Some("Cisco"), None, Some(2), Some(SWITCH)),
    ("snmpsim-data router/huawei-acu2.snmprec.bz2", "Huawei ACU2 Huawei Versatile Routing Platform Software  VRP (R) software,Version 5.170 (ACU2 V200R007C20SPC200) Copyright (C) 2011-2017 Huawei Technologies Co., Ltd", Some((HUAWEI_VRP, Some("V200R007C20SPC200"))), Some("ACU2"), Some("Huawei"), None, Some(78), Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data router/huawei-s5720.snmprec.bz2", concat!(
        "S5720-36C-EI-AC \r\n",
        "Huawei Versatile Routing Platform Software \r\n",
        " VRP (R) software,Version 5.160 (S5720 V200R007C00SPC500) \r\n",
        " Copyright (C) 2007 Huawei Technologies Co., Ltd.",
    ), Some((HUAWEI_VRP, Some("V200R007C00SPC500"))), Some("S5720-36C-EI-AC"), Some("Huawei"), None, Some(78), Some(SWITCH)),
    ("snmpsim-data router/huawei-unknown-001.snmprec.bz2", "", None, None, Some("Huawei"), None, Some(78), Some(SWITCH)),
    ("snmpsim-data router/huawei-unknown-002.snmprec.bz2", "", None, None, Some("Huawei"), None, Some(78), Some(SWITCH)),
    ("snmpsim-data router/juniper-mx960-12-3r6-6.snmprec.bz2", "Juniper Networks, Inc. mx960 internet router, kernel JUNOS 12.3R6.6, Build date: 2014-03-13 07:12:28 UTC Copyright (c) 1996-2014 Juniper Networks, Inc.", Some((JUNOS, Some("12.3R6.6"))), Some("mx960"), Some("Juniper"), Some("Juniper MX960 Internet Backbone Router"), Some(6), Some(ROUTER)),
    ("snmpsim-data router/juniper-mx960-13-3r9-13.snmprec.bz2", "Juniper Networks, Inc. mx960 internet router, kernel JUNOS 13.3R9.13, Build date: 2016-03-01 08:56:00 UTC Copyright (c) 1996-2016 Juniper Networks, Inc.", Some((JUNOS, Some("13.3R9.13"))), Some("mx960"), Some("Juniper"), Some("Juniper MX960 Internet Backbone Router"), Some(6), Some(ROUTER)),
    ("snmpsim-data router/juniper-mx960-16-1r6-7-a.snmprec.bz2", "Juniper Networks, Inc. mx960 internet router, kernel JUNOS 16.1R6.7, Build date: 2017-11-22 02:47:00 UTC Copyright (c) 1996-2017 Juniper Networks, Inc.", Some((JUNOS, Some("16.1R6.7"))), Some("mx960"), Some("Juniper"), Some("710-030012"), Some(6), Some(ROUTER)),
    ("snmpsim-data router/juniper-mx960-16-1r6-7-b.snmprec.bz2", "Juniper Networks, Inc. mx960 internet router, kernel JUNOS 16.1R6.7, Build date: 2017-11-22 02:47:00 UTC Copyright (c) 1996-2017 Juniper Networks, Inc.", Some((JUNOS, Some("16.1R6.7"))), Some("mx960"), Some("Juniper"), Some("710-030012"), Some(6), Some(ROUTER)),
    ("snmpsim-data router/ruijie-n18010.snmprec.bz2", "Ruijie High-density IPv6 100G Core Routing Switch(N18010) By Ruijie Networks", Some((RUIJIE_RGOS, None)), Some("N18010"), Some("Ruijie"), None, Some(7), Some(SWITCH)),
    ("snmpsim-data router/vyatta-unknown.snmprec.bz2", "Vyatta unknown-version", Some((VYATTA, None)), None, None, None, Some(14), Some(ROUTER)),
    ("snmpsim-data switch/bdcom-s5612.snmprec.bz2", "BDCOM(tm) S5612 Software, Version 2.1.1B Build 31318", Some((BDCOM, Some("2.1.1B"))), Some("S5612"), Some("BDCOM"), None, Some(6), Some(SWITCH)),
    ("snmpsim-data switch/brocade-ds-5100b.snmprec.bz2", "DS-5100B", None, Some("DS-5100B"), Some("Brocade"), Some("40-1000133-14"), Some(79), Some(SWITCH)),
    ("snmpsim-data switch/brocade-fiber-channel.snmprec.bz2", "Fibre Channel Switch.", Some((BROCADE_FOS, None)), None, Some("Brocade"), Some("40-1000569-13"), Some(79), Some(SWITCH)),
    ("snmpsim-data switch/brocade-icx6430-24.snmprec.bz2", "Brocade Communications Systems, Inc. ICX6430-24, IronWare Version 08.0.30tT311 Compiled on Feb 13 2019 at 17:44:50 labeled as ICX64S08030t", Some((IRONWARE, Some("08.0.30tT311"))), Some("ICX6430-24"), Some("Brocade"), None, Some(6), Some(SWITCH)),
    ("snmpsim-data switch/cisco-c3560.snmprec.bz2", concat!(
        "Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3, RELEASE SOFTWARE (fc1)\r\n",
        "Technical Support: http://www.cisco.com/techsupport\r\n",
        "Copyright (c) 1986-2011 by Cisco Systems, Inc.\r\n",
        "Compiled Thu 05-May-11 16:14 by prod_rel_team",
    ), Some((CISCO_IOS, Some("12.2(55)SE3"))), None, Some("Cisco"), Some("WS-C3560G-48TS-E"), Some(6), Some(SWITCH)),
    ("snmpsim-data switch/cisco-c3750.snmprec.bz2", "Cisco IOS Software, C3750 Software (C3750-IPBASE-M), Version 12.2(50)SE5, RELEASE SOFTWARE (fc1)", Some((CISCO_IOS, Some("12.2(50)SE5"))), None, Some("Cisco"), Some("WS-C3750G-12S-S"), Some(6), Some(SWITCH)),
    ("snmpsim-data switch/cisco-n5000-uk9.snmprec.bz2", "Cisco NX-OS(tm) n5000, Software (n5000-uk9), Version 6.0(2)N2(3), RELEASE SOFTWARE Copyright (c) 2002-2012 by Cisco Systems, Inc. Device Manager Version 6.2(1),  Compiled 12/17/2013 2:00:00", Some((CISCO_NX_OS, Some("6.0(2)N2(3)"))), None, Some("Cisco"), Some("N5K-C5548UP"), Some(70), Some(SWITCH)),
    ("snmpsim-data switch/cisco-n5000.snmprec.bz2", "Cisco NX-OS(tm) n5000, Software (n5000-uk9), Version 6.0(2)N2(3), RELEASE SOFTWARE Copyright (c) 2002-2012 by Cisco Systems, Inc. Device Manager Version 6.2(1),  Compiled 12/17/2013 2:00:00", Some((CISCO_NX_OS, Some("6.0(2)N2(3)"))), None, Some("Cisco"), Some("N5K-C5548UP"), Some(70), Some(SWITCH)),
    ("snmpsim-data switch/cts-media-converter.snmprec.bz2", "10/100 Media Converter", None, None, None, None, Some(2), Some(SWITCH)),
    ("snmpsim-data switch/dcrs-5980-28t-dc.snmprec.bz2", concat!(
        "DCRS-5980-28T-DC Device, Compiled Mar 27 14:45:44 2015\n",
        " SoftWare Version 7.0.3.1(B0232.0031)\n",
        " BootRom Version 7.1.4\n",
        " HardWare Version 2.0.2\n",
        " Device serial number GOSWE120F327000001\n",
        " Copyright (C) 2001-2015 by Digital China Networks Limited.\n",
    ), Some((DCN, Some("7.0.3.1(B0232.0031)"))), Some("DCRS-5980-28T-DC"), Some("Digital China"), Some("DCRS-5980-28T-DC"), Some(6), Some(SWITCH)),
    ("snmpsim-data switch/dcs-3726c.snmprec.bz2", "Digital China DCS-3726S", Some((DCN, None)), Some("DCS-3726S"), Some("Digital China"), None, Some(3), Some(SWITCH)),
    ("snmpsim-data switch/dlink-des3038.snmprec.bz2", "D-Link DES-3028 Fast Ethernet Switch", Some((DLINK, None)), Some("DES-3028"), Some("D-Link"), None, Some(3), Some(SWITCH)),
    ("snmpsim-data switch/dlink-des3200.snmprec.bz2", "DES-3200-18 Fast Ethernet Switch", Some((DLINK, None)), Some("DES-3200-18"), Some("D-Link"), None, Some(3), Some(SWITCH)),
    ("snmpsim-data switch/dptech-dpx800-a5.snmprec.bz2", concat!(
        "DPTECH Conplat Platform Software\r",
        " Conplat software, Version V100R004B01D007P02PATCH03, Release S111C011D007P02PATCH03\r",
        " DPX8000-A5 Product Version DPX8000-A5-S111C011D007P02PATCH03\r",
        " Copyright (c) 2008-2018 Hangzhou DPtech Technologies Co.,Ltd. All rights",
    ), Some((DPTECH_CONPLAT, Some("V100R004B01D007P02PATCH03"))), Some("DPX8000-A5"), Some("DPtech"), Some("VSM_0"), Some(78), Some(SWITCH)),
    ("snmpsim-data switch/h3c-comware-7-1-075.snmprec.bz2", "H3C Comware Platform Software, Software Version 7.1.075, Release 7751P01", Some((COMWARE, Some("7.1.075 Release 7751P01"))), None, Some("H3C"), Some("H3C SR8808-X"), Some(78), Some(ROUTER)),
    ("snmpsim-data switch/h3c-comware-lsq1wcmd0-2509p61.snmprec.bz2", "H3C Comware Platform Software LSQ1WCMD0. Product Version Release 2509P61 Copyright (c) 2004-2017 New H3C Technologies Co., Ltd. All rights reserved.", Some((COMWARE, Some("Release 2509P61"))), Some("LSQ1WCMD0"), Some("H3C"), Some("LSQ1WCMD0"), Some(78), Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data switch/h3c-comware-lsq1wcmd0.snmprec.bz2", "H3C Comware Platform Software LSQ1WCMD0. Product Version Release 2509P61 Copyright (c) 2004-2017 New H3C Technologies Co., Ltd. All rights reserved.", Some((COMWARE, Some("Release 2509P61"))), Some("LSQ1WCMD0"), Some("H3C"), None, Some(78), Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data switch/h3c-e528-1.snmprec.bz2", concat!(
        "H3C Switch E528 Software Version 5.20, Release 1513P62\r\n",
        "Copyright(c) 2004-2013 Hangzhou H3C Tech. Co., Ltd. All rights reserved.",
    ), Some((COMWARE, Some("5.20 Release 1513P62"))), Some("E528"), Some("H3C"), Some("H3C Switch E528"), Some(78), Some(SWITCH)),
    ("snmpsim-data switch/h3c-e528-2.snmprec.bz2", concat!(
        "H3C Switch E528 Software Version 5.20, Release 1513P62\r\n",
        "Copyright(c) 2004-2013 Hangzhou H3C Tech. Co., Ltd. All rights reserved.",
    ), Some((COMWARE, Some("5.20 Release 1513P62"))), Some("E528"), Some("H3C"), Some("H3C Switch E528"), Some(78), Some(SWITCH)),
    ("snmpsim-data switch/h3c-wx6103.snmprec.bz2", "H3C Comware Platform Software H3C WX6103. Product Version Release 2509P33 Copyright (c) 2004-2014 Hangzhou H3C Technologies Co., Ltd. All rights reserved.", Some((COMWARE, Some("Release 2509P33"))), Some("WX6103"), Some("H3C"), Some("H3C WX6103"), Some(78), Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data switch/hpe-procurve-516733-b21.snmprec.bz2", "ProCurve 516733-B21 6120XG Blade Switch, revision Z.14.31, ROM Z.14.09 (/ws/swbuildm/ec_Z_zint4b_qaoff/code/build/vern(ec_Z_zint1.3.6.1.4.1.11.2.3.7.11.107", Some((PROCURVE, Some("Z.14.31"))), Some("516733-B21"), Some("HPE"), Some("516733-B21"), Some(74), Some(SWITCH)),
    ("snmpsim-data switch/huawei-s12704.snmprec.bz2", "S12704", None, Some("S12704"), Some("Huawei"), None, Some(78), Some(SWITCH)),
    ("snmpsim-data switch/maipu-sm4200-16gef8ge-ac.snmprec.bz2", concat!(
        "  SM4200-16GEF8GE-AC Device, Compiled Mar 17 18:33:56 2010\n",
        "  SoftWare Version SM4200-16GEF8GE-AC_6.0.222.39\n",
        "  BootRom Version SM4200-16GEF8GE-AC_2.0.11\n",
        "  HardWare Version 3.5\n",
        "  Copyright (C) 2009 Maipu Communication Technology Co., Ltd.\n",
    ), Some((MAIPU_MYPOWER, Some("6.0.222.39"))), Some("SM4200-16GEF8GE-AC"), Some("Maipu"), None, Some(6), Some(SWITCH)),
    ("snmpsim-data switch/metel-poe-box.snmprec.bz2", "2G-2S.0.2.F-BOX-PoE (M-PoE), fw:60.7050, PoEfw:118", None, None, None, None, Some(2), Some(SWITCH)),
    ("snmpsim-data switch/ruijie-s5750-24gt12sfp.snmprec.bz2", "Ruijie 10G Routing Switch(S5750-24GT/12SFP) By Ruijie Networks", Some((RUIJIE_RGOS, None)), Some("S5750-24GT/12SFP"), Some("Ruijie"), Some("RG-S5750-24GT/12SFP"), Some(7), Some(SWITCH)),
    ("snmpsim-data switch/zte-zrx10.snmprec.bz2", "ZTE ZXR10 9908 Software, 9900 Version: V1.01.10.B19P06,  RELEASE SOFTWARE", Some((ZTE_ZXROS, Some("V1.01.10.B19P06"))), Some("ZXR10 9908"), Some("ZTE"), Some("9900"), Some(79), Some(SWITCH)),
    ("snmpsim-data switch/zte-zxr10-5250.snmprec.bz2", "ZTE Ethernet Switch  ZXR10 5250-52TM-H, Version: V2.05.11B19", Some((ZTE_ZXROS, Some("V2.05.11B19"))), Some("ZXR10 5250-52TM-H"), Some("ZTE"), None, Some(6), Some(SWITCH)),
    ("snmpsim-data wifi/aruba-7010.snmprec.bz2", "ArubaOS (MODEL: Aruba7010), Version 8.3.0.0 (64659)", Some((ARUBAOS, Some("8.3.0.0"))), Some("Aruba7010"), Some("Aruba"), None, None, Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data wifi/aruba-7020.snmprec.bz2", "ArubaOS (MODEL: Aruba7010), Version 8.3.0.0 (64659)", Some((ARUBAOS, Some("8.3.0.0"))), Some("Aruba7010"), Some("Aruba"), None, None, Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data wifi/aruba-7210.snmprec.bz2", "ArubaOS (MODEL: Aruba7210), Version 6.5.1.6 (60228)", Some((ARUBAOS, Some("6.5.1.6"))), Some("Aruba7210"), Some("Aruba"), Some("A7210"), Some(72), Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data wifi/juniper-wlc2800.snmprec.bz2", "Juniper Networks, Inc WLC2800 9.0.3.5 REL", Some((TRAPEZE_MSS, Some("9.0.3.5"))), Some("WLC2800"), Some("Trapeze"), None, Some(72), Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data wifi/ruckus-smartcell-gateway.snmprec.bz2", "SmartCell Gateway", None, None, Some("Ruckus"), None, Some(78), Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data wifi/ruijie-m18000.snmprec.bz2", "Ruijie 10G Wireless Switch Module(M18000-WS-ED) By Ruijie Networks.", Some((RUIJIE_RGOS, None)), Some("M18000-WS-ED"), Some("Ruijie"), None, Some(7), Some(WIRELESS_CONTROLLER)),
    ("snmpsim-data wifi/sangfor-wac-2.snmprec.bz2", "Linux Wac", None, None, Some("Sangfor"), None, Some(72), None),
    ("snmpsim-data wifi/sangfor-wac.snmprec.bz2", "Linux Wac", None, None, Some("Sangfor"), None, Some(72), None),
    ("snmpsim-data wifi/ubiquiti-m5.snmprec.bz2", "Linux 2.6.32.61 #1 Wed May 21 18:37:41 EEST 2014 mips", None, None, Some("Ubiquiti"), None, Some(79), Some(SWITCH)),
];

/// The sysDescr of every recording, for the property tests' mangling.
pub(super) fn descriptions() -> impl Iterator<Item = &'static str> {
    RECORDINGS.iter().map(|r| r.1)
}

#[test]
fn the_table_holds_each_recording_once() {
    let files: std::collections::BTreeSet<&str> = RECORDINGS.iter().map(|r| r.0).collect();
    assert_eq!((RECORDINGS.len(), files.len()), (74, 74));
}

#[test]
fn family_version_and_model_of_every_recording() {
    let mut failures = Vec::new();
    for &(source, descr, os, model, ..) in RECORDINGS {
        let want = os.map(|(family, version)| OsInfo { family, version: version.map(str::to_owned) });
        let got = from_sys_descr(descr);
        if got != want {
            failures.push(format!("{source}: {descr:?}\n   os    got {got:?}\n         want {want:?}"));
        }
        let got = model_from_sys_descr(descr);
        if got != model {
            failures.push(format!("{source}: {descr:?}\n   model got {got:?}, want {model:?}"));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn category_of_every_recording() {
    let mut failures = Vec::new();
    for &(source, descr, _, _, vendor, model, services, want) in RECORDINGS {
        let got = category(vendor, descr, model, services);
        if got.map(|g| g.0) != want {
            failures
                .push(format!("{source}: {descr:?} {vendor:?} {model:?} {services:?}\n   got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// `(source, entPhysicalSoftwareRev, entPhysicalFirmwareRev of the chassis, family and
///   version the poller ends with)`; sysDescr and vendor are the row's in [`RECORDINGS`].
type EntityRow =
    (&'static str, Option<&'static str>, Option<&'static str>, Option<(&'static str, Option<&'static str>)>);

/// The recordings with a chassis software or firmware revision, through the caller's order
/// (see the module doc of `firmware`): sysDescr, then its family's version from the chassis,
/// else the chassis and the vendor alone.
#[rustfmt::skip]
const WITH_CHASSIS_REVISIONS: &[EntityRow] = &[
    ("snmpsim-data firewall/fortinet-xcu.snmprec.bz2", Some("FortiCarrier-3000D v5.4.5,build1138b1138,170531 (GA)"), None, Some((FORTIOS, Some("5.4.5")))),
    ("snmpsim-data firewall/paloalto-pa-5000.snmprec.bz2", Some("8.0.1"), None, Some((PAN_OS, Some("8.0.1")))),
    // Fabric OS, but sysDescr is an address and the vendor name alone does not say so: the
    // table gives `Brocade` for 1588 (Fabric OS, and Network OS on VDX) and for Foundry's 1991
    // (IronWare). The poller reports the revision without a family.
    ("snmpsim-data router/brocade-unknown-001.snmprec.bz2", Some("7.2.1"), Some("7.2.1"), None),
    ("snmpsim-data router/huawei-acu2.snmprec.bz2", Some("V200R007C20SPC200"), None, Some((HUAWEI_VRP, Some("V200R007C20SPC200")))),
    // VRP named, but no V-code: `5.160` is the platform, not the release Huawei publishes.
    ("snmpsim-data router/huawei-unknown-001.snmprec.bz2", Some("VRP (R) software, Version 5.160 (CN), RELEASE 0089"), None, Some((HUAWEI_VRP, None))),
    ("snmpsim-data router/huawei-unknown-002.snmprec.bz2", Some("VRP (R) software, Version 5.160 (CN), RELEASE 0089"), None, Some((HUAWEI_VRP, None))),
    ("snmpsim-data router/juniper-mx960-16-1r6-7-a.snmprec.bz2", Some("16.1R6.7"), None, Some((JUNOS, Some("16.1R6.7")))),
    ("snmpsim-data router/juniper-mx960-16-1r6-7-b.snmprec.bz2", Some("16.1R6.7"), None, Some((JUNOS, Some("16.1R6.7")))),
    // sysDescr has the release; the chassis agrees (DCN) or gives the product release (DPtech).
    ("snmpsim-data switch/dcrs-5980-28t-dc.snmprec.bz2", Some("7.0.3.1(B0232.0031)"), Some("7.1.4"), Some((DCN, Some("7.0.3.1(B0232.0031)")))),
    ("snmpsim-data switch/dptech-dpx800-a5.snmprec.bz2", Some("Release S111C011D007P02PATCH03"), Some("1.25_1.1561"), Some((DPTECH_CONPLAT, Some("V100R004B01D007P02PATCH03")))),
    ("snmpsim-data switch/h3c-comware-lsq1wcmd0-2509p61.snmprec.bz2", Some("Release 2509P61"), Some("2.05"), Some((COMWARE, Some("Release 2509P61")))),
    ("snmpsim-data switch/hpe-procurve-516733-b21.snmprec.bz2", Some("Z.14.31"), Some("Z.14.09"), Some((PROCURVE, Some("Z.14.31")))),
    ("snmpsim-data switch/huawei-s12704.snmprec.bz2", Some("Version 5.170 V200R012C00SPC500"), None, Some((HUAWEI_VRP, Some("V200R012C00SPC500")))),
    // sysDescr names RGOS without a release; the chassis has it.
    ("snmpsim-data switch/ruijie-s5750-24gt12sfp.snmprec.bz2", Some("RGOS 10.4(3)p4 Release(161753)"), None, Some((RUIJIE_RGOS, Some("10.4(3)p4")))),
];

/// Fabric OS names its release only in SW-MIB `swFirmwareVersion` (1.3.6.1.4.1.1588.2.1.1.1.1.6.0),
/// which the poller reads with [`version_from_entity`] (`derive::vendor_version`).
#[test]
fn fabric_os_release_from_sw_mib() {
    // switch/brocade-fiber-channel: sysDescr names the family, the chassis revisions are empty.
    let row = RECORDINGS.iter().find(|r| r.0 == "snmpsim-data switch/brocade-fiber-channel.snmprec.bz2").unwrap();
    assert_eq!(os_of(row.1, row.4, Some(""), Some("")), Some(OsInfo { family: BROCADE_FOS, version: None }));
    assert_eq!(version_from_entity(BROCADE_FOS, Some("v7.0.2c"), None).as_deref(), Some("7.0.2c"));
    // switch/brocade-ds-5100b's swFirmwareVersion; router/brocade-unknown-001's chassis revisions.
    assert_eq!(version_from_entity(BROCADE_FOS, Some("v6.4.3d"), None).as_deref(), Some("6.4.3d"));
    assert_eq!(version_from_entity(BROCADE_FOS, Some("7.2.1"), Some("7.2.1")).as_deref(), Some("7.2.1"));
}

/// What `derive::os_of` does with these functions.
fn os_of(descr: &str, vendor: Option<&str>, sw: Option<&str>, fw: Option<&str>) -> Option<OsInfo> {
    match from_sys_descr(descr) {
        Some(OsInfo { family, version: None }) => Some(OsInfo { family, version: version_from_entity(family, sw, fw) }),
        Some(found) => Some(found),
        None => from_entity(vendor, sw, fw),
    }
}

#[test]
fn chassis_revisions_of_the_recordings() {
    for &(source, sw, fw, want) in WITH_CHASSIS_REVISIONS {
        let row = RECORDINGS.iter().find(|r| r.0 == source).expect("a row of RECORDINGS");
        let (descr, vendor) = (row.1, row.4);
        let want = want.map(|(family, version)| OsInfo { family, version: version.map(str::to_owned) });
        assert_eq!(os_of(descr, vendor, sw, fw), want, "{source}");
    }
    // Where sysDescr has the version, the chassis agrees (ENTITY-MIB of the same recordings).
    let agree: &[(&str, &str, Option<&str>, &str)] = &[
        (CISCO_IOS, "12.2(55)SE3", Some("12.2(55)SE3"), "12.2(55)SE3"), // switch/cisco-c3560
        (CISCO_IOS, "12.2(50)SE5", Some("12.2(50)SE5"), "12.2(50)SE5"), // switch/cisco-c3750
        (HUAWEI_VRP, "Version 5.160 V200R007C00SPC500", None, "V200R007C00SPC500"), // router/huawei-s5720
        (COMWARE, "7.1.075 7751P01", Some("144"), "7.1.075 7751P01"),   // switch/h3c-comware-7-1-075
        (COMWARE, "5.20 Release 1513P62", Some("163"), "5.20 Release 1513P62"), // switch/h3c-e528-1, -2
        (COMWARE, "Release 2509P33", Some("2.00"), "Release 2509P33"),  // switch/h3c-wx6103
        // router/ruijie-n18010 has no ENTITY chassis; its Ruijie MIB software-version object
        // (1.3.6.1.4.1.4881.1.1.10.2.1.1.2.0) has the same wording, model prefix and all.
        (RUIJIE_RGOS, "N18000_RGOS 11.0(1)B3P3T5, Release(05131117)", None, "11.0(1)B3P3T5"),
    ];
    for &(family, sw, fw, want) in agree {
        assert_eq!(version_from_entity(family, Some(sw), fw).as_deref(), Some(want), "{sw:?}");
    }
}
