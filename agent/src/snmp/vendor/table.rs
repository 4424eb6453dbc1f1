//! Lookup tables for `vendor.rs`: enterprise numbers and well-known product OIDs.
//!
//! Enterprise numbers were checked one by one against IANA's Private Enterprise Numbers
//! registry (<https://www.iana.org/assignments/enterprise-numbers>), as shipped in Wireshark's
//! `enterprises.tsv` (Debian package libwireshark-data 4.0.17, "last updated 2024-08-23").
//! The IANA registrant name is quoted where the display name differs from it.

/// `(IANA enterprise number, display name)`, sorted by number for binary search.
pub(super) const ENTERPRISES: &[(u32, &str)] = &[
    (2, "IBM"),
    (9, "Cisco"),
    // IANA: "Hewlett-Packard". ProCurve / ArubaOS-Switch use 11.2.3.7.11.*; the networking
    // business went to Hewlett Packard Enterprise at the 2015 split.
    (11, "HPE"),
    (42, "Sun Microsystems"),
    (43, "3Com"),
    // IANA: "SynOptics". Nortel's, then Avaya's Ethernet Routing Switch, BayStack and VSP lines
    // report it (Extreme Networks has sold them since 2017); the boxes in service say Avaya.
    (45, "Avaya"),
    (94, "Nokia"),
    (171, "D-Link"),
    (207, "Allied Telesis"),
    (248, "Hirschmann"),
    // IANA: "ACCTON Technology" (Edgecore's parent; many white-label switches).
    (259, "Accton"),
    (311, "Microsoft"),
    // IANA: "American Power Conversion Corp."
    (318, "APC"),
    (637, "Nokia"),
    (674, "Dell"),
    // IANA: "Network Appliance Corporation".
    (789, "NetApp"),
    // IANA: "Xylan Corp." — the OmniSwitch line Alcatel bought; older AOS devices still use it.
    (800, "Alcatel-Lucent (Xylan)"),
    (890, "Zyxel"),
    (1271, "Ciena"),
    (1588, "Brocade"),
    (1872, "Alteon"),
    (1916, "Extreme Networks"),
    // IANA: "Brocade Communication Systems, Inc." — originally Foundry Networks' number; the
    // FastIron / ICX line (now sold by Ruckus / CommScope) still reports it.
    (1991, "Brocade"),
    (2011, "Huawei"),
    // IANA: "U.C. Davis, ECE Dept. Tom" — UCD-SNMP, net-snmp's predecessor (old Linux agents).
    (2021, "UCD-SNMP"),
    (2352, "Ericsson"),
    (2544, "ADVA"),
    (2620, "Check Point"),
    (2636, "Juniper"),
    (3097, "WatchGuard"),
    // IANA: "NetScreen Technologies, Inc." (ScreenOS firewalls, bought by Juniper).
    (3224, "NetScreen"),
    // IANA: "Shanghai Baud Data Communication Development Corp."
    (3320, "BDCOM"),
    // IANA: "F5 Labs, Inc."
    (3375, "F5"),
    // IANA: "Zhongxing Telecom Co.,ltd. (abbr. ZTE)".
    (3902, "ZTE"),
    (4329, "Siemens"),
    // IANA: "Broadcom Limited". Broadcom's FASTPATH/EFOS switch software answers with this
    // number on rebranded switches too (Ubiquiti EdgeSwitch, some Netgear/Dell), so the vendor
    // it names is the software's, not necessarily the box's.
    (4413, "Broadcom"),
    (4526, "Netgear"),
    // IANA: "Juniper Networks/Unisphere" (E-series / ERX routers).
    (4874, "Juniper"),
    (4881, "Ruijie"),
    (5089, "Clavister"),
    (5624, "Enterasys"),
    // IANA: "Maipu Electric Industrial Co., Ltd".
    (5651, "Maipu"),
    // IANA: "Netscaler".
    (5951, "Citrix NetScaler"),
    // IANA: "Force10 Networks, Inc." — Dell bought Force10; FTOS / OS9 switches keep this arc.
    (6027, "Dell"),
    // IANA: "Digital China (Shanghai) Networks Ltd."
    (6339, "Digital China"),
    // IANA: "Alcatel-Lucent Enterprise (previous was 'Alcatel')".
    (6486, "Alcatel-Lucent Enterprise"),
    // IANA: "Nokia" (the former Alcatel-Lucent / Timetra service-router arc).
    (6527, "Nokia"),
    (6574, "Synology"),
    (6876, "VMware"),
    // IANA: "Avaya Communication".
    (6889, "Avaya"),
    (7779, "Infoblox"),
    // IANA: "net-snmp" — the stock agent on Linux/BSD hosts and many appliances.
    (8072, "Net-SNMP"),
    (8691, "Moxa"),
    (8741, "SonicWall"),
    (8886, "Raisecom"),
    // IANA: "Super Micro Computer Inc."
    (10876, "Supermicro"),
    (11863, "TP-Link"),
    (12356, "Fortinet"),
    (13191, "OneAccess"),
    (14525, "Trapeze"),
    // IANA: "Aruba, a Hewlett Packard Enterprise company" (ArubaOS controllers and APs).
    (14823, "Aruba"),
    (14988, "MikroTik"),
    (17163, "Riverbed"),
    (17713, "Cambium"),
    // IANA: "Lenovo Enterprise Business Group".
    (19046, "Lenovo"),
    (20632, "Barracuda"),
    (22610, "A10 Networks"),
    (24681, "QNAP"),
    // IANA: "Ruckus Wireless, Inc."
    (25053, "Ruckus"),
    // IANA: "PALO ALTO NETWORKS".
    (25461, "Palo Alto Networks"),
    // IANA: "H3C". HPE-branded Comware switches (ex-3Com/H3C lines) also answer under 25506.
    (25506, "H3C"),
    (26928, "Aerohive"),
    (29671, "Meraki"),
    (30065, "Arista"),
    // IANA: "HANGZHOU DPTECH Technologies Co., Ltd."
    (31648, "DPtech"),
    (33049, "Mellanox"),
    (35047, "Sangfor"),
    (35265, "Eltex"),
    (39165, "Hikvision"),
    (40310, "Cumulus"),
    (41112, "Ubiquiti"),
    // IANA: "Hewlett Packard Enterprise". Used by ArubaOS-CX switches: LibreNMS
    // tests/snmpsim/arubaos-cx.snmprec (8325, .47196.4.1.1.1.50) and Netdisco
    // xt/lib/Test/SNMP/Info/Layer3/ArubaCX.pm (6200F, .47196.4.1.1.1.309).
    (47196, "Aruba"),
    (48690, "Teltonika"),
];

/// `(sysObjectID below 1.3.6.1.4.1., product)`. Each entry names its evidence:
/// - `CPM`: CISCO-PRODUCTS-MIB as kept in netdisco/netdisco-mibs `cisco/CISCO-PRODUCTS-MIB.my`
///   (object name quoted verbatim);
/// - `snmpsim-data`: the recording of that device in the snmpsim-data package (PyPI),
///   `snmpsim_data/data/network/<path>.snmprec.bz2`, whose sysDescr/ENTITY-MIB names the model;
/// - `Netdisco`: the MIB object named in netdisco/snmp-info `xt/lib/Test/SNMP/Info/<class>.pm`;
/// - `LibreNMS`: librenms/librenms test data under `tests/`.
pub(super) const MODELS: &[(&str, &str)] = &[
    // --- Cisco (CPM unless noted) ---
    ("9.1.359", "catalyst2950t24"), // LibreNMS tests/data/ios.json hardware
    ("9.1.444", "cisco1721"),       // Netdisco Layer3/Cisco.pm
    ("9.1.516", "catalyst37xxStack"),
    ("9.1.527", "catalyst297024"),
    ("9.1.528", "cisco7613"),
    ("9.1.530", "catalyst3750Ge12Sfp"),
    ("9.1.534", "ciscoWSC6509neba"),
    ("9.1.535", "catalyst375048PS"),
    ("9.1.536", "catalyst375024PS"),
    ("9.1.537", "catalyst4510"),
    ("9.1.543", "cisco3825"),
    ("9.1.544", "cisco3845"),
    ("9.1.559", "catalyst295048T"),
    ("9.1.561", "catalyst297024TS"),
    ("9.1.563", "catalyst356024PS"),
    ("9.1.564", "catalyst356048PS"),
    ("9.1.576", "cisco2811"),
    ("9.1.577", "cisco2821"),
    ("9.1.578", "cisco2851"),
    ("9.1.591", "catalyst3750G16TD"),
    ("9.1.602", "catalyst3750G24PS"),
    ("9.1.603", "catalyst3750G48PS"),
    ("9.1.604", "catalyst3750G48TS"),
    ("9.1.613", "ciscoCRS16S"),
    ("9.1.614", "catalyst3560G24PS"),
    ("9.1.615", "catalyst3560G24TS"),
    ("9.1.616", "catalyst3560G48PS"),
    ("9.1.617", "catalyst3560G48TS"),
    ("9.1.619", "cisco2801"),
    ("9.1.620", "cisco1841"),
    ("9.1.624", "catalyst3750G24TS1U"),
    ("9.1.626", "catalyst4948"),
    ("9.1.633", "catalyst356024TS"),
    ("9.1.634", "catalyst356048TS"),
    ("9.1.656", "catalyst375024FS"),
    ("9.1.657", "ciscoWSC6504E"),
    ("9.1.658", "cisco7604"),
    ("9.1.659", "catalyst494810GE"),
    ("9.1.745", "ciscoASA5505"), // Netdisco Layer3/CiscoASA.pm
    // --- HPE ProCurve (snmpsim-data / Netdisco sysDescr) ---
    ("11.2.3.7.11.27", "J4887A"), // Netdisco Layer2/HP.pm: "HP J4887A ProCurve Switch 4104GL"
    ("11.2.3.7.11.107", "516733-B21"), // snmpsim-data switch/hpe-procurve-516733-b21
    // --- D-Link ---
    ("171.10.63.6", "DES-3028"), // snmpsim-data switch/dlink-des3038 (sysDescr "D-Link DES-3028")
    ("171.10.113.3.1", "DES-3200-18"), // snmpsim-data switch/dlink-des3200
    ("171.10.118.2", "DGS-3620-28SC"), // Netdisco Layer3/DLink.pm
    // --- Brocade / Foundry ---
    ("1991.1.3.48.3.1", "ICX6610"), // Netdisco Layer3/Foundry.pm (snFastIronStackICX6610Switch)
    ("1991.1.3.57.1.1.1.1", "ICX6430-24"), // snmpsim-data switch/brocade-icx6430-24
    // --- Extreme ---
    ("1916.2.65", "summitX450-24x"), // Netdisco Layer3/Extreme.pm (EXTREME-BASE-MIB)
    // --- Huawei ---
    ("2011.2.23.276", "S5720-36C-EI-AC"), // snmpsim-data router/huawei-s5720
    ("2011.2.239.12", "ce6810-48S4Q-EI"), // Netdisco Layer3/Huawei.pm (HUAWEI-MIB)
    ("2011.2.279.3", "S12704"),           // snmpsim-data switch/huawei-s12704
    // --- Juniper (JUNIPER-CHASSIS-DEFINES-MIB jnxProductName*) ---
    ("2636.1.1.1.2.21", "MX960"),  // snmpsim-data router/juniper-mx960-* (sysDescr "mx960")
    ("2636.1.1.1.2.31", "EX4200"), // Netdisco Layer3/Juniper.pm
    // --- ZTE ---
    ("3902.3.100.614", "ZXR10 5250-52TM-H"), // snmpsim-data switch/zte-zxr10-5250
    // --- Ruijie ---
    ("4881.1.1.10.1.41", "RG-S5750-24GT/12SFP"), // snmpsim-data switch/ruijie-s5750-24gt12sfp (ENTITY-MIB)
    ("4881.1.1.10.1.165", "N18010"),             // snmpsim-data router/ruijie-n18010
    // --- Dell (Force10) ---
    ("6027.1.4.1", "MXL-10/40GbE"), // Netdisco Layer3/Force10.pm (F10-PRODUCTS-MIB m-MXL; sysDescr series)
    // --- Fortinet ---
    ("12356.101.1.30000", "FGT_3000D"), // snmpsim-data firewall/fortinet-xcu (ENTITY-MIB)
    // --- Aruba controllers (ARUBA-MIB) ---
    ("14823.1.1.32", "Aruba7210"), // Netdisco Layer3/Aruba.pm (a7210); snmpsim-data wifi/aruba-7210
    ("14823.1.1.40", "Aruba7010"), // snmpsim-data wifi/aruba-7010 ("MODEL: Aruba7010")
    // --- Palo Alto ---
    ("25461.2.3.6", "PA-500"), // Netdisco Layer3/PaloAlto.pm (PAN-PRODUCTS-MIB panPA-500)
    // --- H3C (HH3C-PRODUCT-ID-MIB) ---
    ("25506.1.264", "WX6103"),        // snmpsim-data switch/h3c-wx6103
    ("25506.1.297", "S3100-52TP-SI"), // Netdisco Layer3/H3C.pm
    ("25506.1.578", "E528"),          // snmpsim-data switch/h3c-e528-1
    ("25506.1.921", "SR8808-X"),      // snmpsim-data switch/h3c-comware-7-1-075 (ENTITY-MIB)
    // --- Arista (ARISTA-PRODUCTS-MIB) ---
    ("30065.1.3011.7048.427.3648", "DCS-7048T-A"), // Netdisco Layer3/Arista.pm
    // --- Aruba CX ---
    ("47196.4.1.1.1.50", "JL635A 8325"), // LibreNMS tests/snmpsim/arubaos-cx.snmprec sysDescr
    ("47196.4.1.1.1.309", "JL728B 6200F"), // Netdisco Layer3/ArubaCX.pm sysDescr
];
