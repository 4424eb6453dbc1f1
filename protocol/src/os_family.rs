//! The network OS families a poller names in `derived.os_family`: the agent's firmware
//! parsers produce them, the collector maps them to endoflife.date products. One list, so a
//! family added on one side cannot be missing on the other (a test on each side walks
//! [`ALL`]).

pub const CISCO_IOS: &str = "Cisco IOS";
pub const CISCO_IOS_XE: &str = "Cisco IOS-XE";
pub const CISCO_NX_OS: &str = "Cisco NX-OS";
pub const CISCO_IOS_XR: &str = "Cisco IOS-XR";
pub const CISCO_ASA: &str = "Cisco ASA";
/// AireOS wireless LAN controllers, whose sysDescr is just `Cisco Controller`.
pub const CISCO_AIREOS: &str = "Cisco AireOS";
pub const JUNOS: &str = "Junos";
/// E-series / ERX broadband routers (ex-Unisphere).
pub const JUNOSE: &str = "JunosE";
pub const SCREENOS: &str = "ScreenOS";
/// HP/HPE ProCurve switch software before the 16.x rename.
pub const PROCURVE: &str = "ProCurve";
/// The same software line from 16.x on, and Aruba-branded (`Aruba JL256A 2930F…`).
pub const ARUBAOS_SWITCH: &str = "ArubaOS-Switch";
/// ArubaOS on mobility controllers / gateways (`ArubaOS (MODEL: Aruba7010), Version …`).
pub const ARUBAOS: &str = "ArubaOS";
pub const ARUBAOS_CX: &str = "ArubaOS-CX";
/// H3C and HPE-branded Comware.
pub const COMWARE: &str = "Comware";
pub const HUAWEI_VRP: &str = "Huawei VRP";
/// Huawei's V600 successor of VRP on S-series campus switches.
pub const HUAWEI_YUNSHAN: &str = "Huawei YunShan OS";
/// Foundry / Brocade / Ruckus FastIron and NetIron (`…, IronWare Version 08.0.30tT311 …`).
pub const IRONWARE: &str = "IronWare";
pub const DLINK: &str = "D-Link";
pub const RUIJIE_RGOS: &str = "Ruijie RGOS";
pub const FORTIOS: &str = "FortiOS";
/// FortiSwitch's own OS, not FortiOS: its releases (3.x, 6.x, 7.x) follow another calendar.
pub const FORTISWITCH_OS: &str = "FortiSwitchOS";
pub const PAN_OS: &str = "PAN-OS";
pub const ROUTEROS: &str = "RouterOS";
pub const EDGEOS: &str = "EdgeOS";
pub const DELL_OS10: &str = "Dell OS10";
/// Force10 / Dell Networking OS9.
pub const FTOS: &str = "FTOS";
/// Dell Networking N-series (ex-PowerConnect), `Dell Networking N3024, 6.1.2.4, Linux …`.
pub const DELL_OS6: &str = "Dell Networking OS6";
/// Broadcom's EFOS (FASTPATH) as shipped on white-label switches.
pub const EFOS: &str = "EFOS";
/// Ubiquiti's EdgeSwitch firmware, FASTPATH underneath (`EdgeSwitch 24-Port 250W, 1.0.1.4720839, Linux …`).
pub const EDGESWITCH: &str = "EdgeSwitch";
/// Netgear's managed and smart switch firmware, FASTPATH underneath (`GS724Tv4 ProSafe …, 6.3.1.11, B1.0.0.4`).
pub const NETGEAR: &str = "Netgear";
/// The Nortel / Avaya Ethernet Routing Switch and BayStack software (`… SW:v6.3.2.011 …`),
/// called BOSS since Extreme Networks took the line over.
pub const BOSS: &str = "BOSS";
pub const EXTREMEXOS: &str = "ExtremeXOS";
pub const ARISTA_EOS: &str = "Arista EOS";
pub const ALLIEDWARE_PLUS: &str = "AlliedWare Plus";
pub const ZTE_ZXROS: &str = "ZTE ZXROS";
/// Vyatta Core and its commercial successors (`Vyatta VC6.6R1`).
pub const VYATTA: &str = "Vyatta";
/// The community fork of Vyatta Core; 1.0–1.1 still say `Vyatta VyOS 1.1.3`.
pub const VYOS: &str = "VyOS";
/// BDCOM switches, routers and OLTs (`BDCOM(tm) S5612 Software, Version 2.1.1B …`).
pub const BDCOM: &str = "BDCOM";
/// Digital China Networks switches (`… SoftWare Version 7.0.3.1(B0232.0031) … by Digital China
/// Networks Limited.`); the company trades as DCN.
pub const DCN: &str = "DCN";
/// Maipu's network OS, on its routers and on the SM switches that share DCN's agent wording.
pub const MAIPU_MYPOWER: &str = "Maipu MyPower";
/// DPtech's platform software (`DPTECH Conplat Platform Software …`).
pub const DPTECH_CONPLAT: &str = "DPtech ConPlat";
/// Brocade (now Broadcom) Fibre Channel switches.
pub const BROCADE_FOS: &str = "Brocade Fabric OS";
/// Trapeze Mobility System Software on WLAN controllers, also Juniper-branded (`WLC2800`).
pub const TRAPEZE_MSS: &str = "Trapeze MSS";
/// Clavister firewalls, CorePlus before 10.x; also under another brand on Clavister's
/// enterprise number (`Amaranten Firewall 8.90.07.01-11595`).
pub const CLAVISTER_COS: &str = "Clavister cOS Core";
/// Venustech firewalls (`VENUS VSOS-V0700R0600`).
pub const VENUS_VSOS: &str = "Venus VSOS";
/// Topsec firewalls (`Topsec  NGFW4000-UF(…) Software Version V3.2073N.2060N_NGFW.1`).
pub const TOPSEC_TOS: &str = "Topsec TOS";

/// Every family above.
pub const ALL: &[&str] = &[
    CISCO_IOS,
    CISCO_IOS_XE,
    CISCO_NX_OS,
    CISCO_IOS_XR,
    CISCO_ASA,
    CISCO_AIREOS,
    JUNOS,
    JUNOSE,
    SCREENOS,
    PROCURVE,
    ARUBAOS_SWITCH,
    ARUBAOS,
    ARUBAOS_CX,
    COMWARE,
    HUAWEI_VRP,
    HUAWEI_YUNSHAN,
    IRONWARE,
    DLINK,
    RUIJIE_RGOS,
    FORTIOS,
    FORTISWITCH_OS,
    PAN_OS,
    ROUTEROS,
    EDGEOS,
    DELL_OS10,
    FTOS,
    DELL_OS6,
    EFOS,
    EDGESWITCH,
    NETGEAR,
    BOSS,
    EXTREMEXOS,
    ARISTA_EOS,
    ALLIEDWARE_PLUS,
    ZTE_ZXROS,
    VYATTA,
    VYOS,
    BDCOM,
    DCN,
    MAIPU_MYPOWER,
    DPTECH_CONPLAT,
    BROCADE_FOS,
    TRAPEZE_MSS,
    CLAVISTER_COS,
    VENUS_VSOS,
    TOPSEC_TOS,
];
