//! Vendor MIB objects that name the chassis where ENTITY-MIB is silent: the serial in
//! JUNIPER-MIB `jnxBoxSerialNo`, FOUNDRY-SN-AGENT-MIB `snChasSerNum`, FORTINET-CORE-MIB
//! `fnSysSerial`, and so on.
//!
//! Each object is fetched only from devices whose sysObjectID is under one of its
//! enterprises, so a poll asks for a handful of scalars, never a walk of a private tree.
//! The order of the table is the order of preference for a fact.
//!
//! Evidence, per entry: `verified` means the object and every arc of its OID were read in the
//! MIB text (public copies in librenms/librenms `mibs/` or netdisco/netdisco-mibs);
//! `corroborated` means the OID and name appear in independent public pollers. Nothing
//! weaker is listed.

/// What an object tells about the chassis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    Serial,
    Model,
    Firmware,
}

/// One scalar object (its instance, ending in `.0`).
#[derive(Clone, Copy, Debug)]
pub struct Scalar {
    /// The sysObjectID enterprise numbers of devices that carry it.
    pub enterprises: &'static [u32],
    /// The instance OID, dotted, e.g. `1.3.6.1.4.1.2636.3.1.3.0`.
    pub oid: &'static str,
    /// `MIB-NAME objectName`, as the source of the fact.
    pub object: &'static str,
    pub fact: Fact,
}

const fn scalar(enterprises: &'static [u32], oid: &'static str, object: &'static str, fact: Fact) -> Scalar {
    Scalar { enterprises, oid, object, fact }
}

use Fact::*;

pub const SCALARS: &[Scalar] = &[
    // --- Juniper. JUNIPER-MIB jnxBoxAnatomy (2636.3.1): 2 jnxBoxDescr, 3 jnxBoxSerialNo (verified).
    scalar(&[2636], "1.3.6.1.4.1.2636.3.1.3.0", "JUNIPER-MIB jnxBoxSerialNo", Serial),
    scalar(&[2636], "1.3.6.1.4.1.2636.3.1.2.0", "JUNIPER-MIB jnxBoxDescr", Model),
    // --- Brocade / Foundry / Ruckus FastIron and ICX. FOUNDRY-SN-AGENT-MIB snChasGen 2
    // snChasSerNum, snAgentGbl 11 snAgImgVer (verified).
    scalar(&[1991], "1.3.6.1.4.1.1991.1.1.1.1.2.0", "FOUNDRY-SN-AGENT-MIB snChasSerNum", Serial),
    scalar(&[1991], "1.3.6.1.4.1.1991.1.1.2.1.11.0", "FOUNDRY-SN-AGENT-MIB snAgImgVer", Firmware),
    // --- Brocade Fibre Channel. SW-MIB swSystem 10 swSsn, 6 swFirmwareVersion (verified).
    scalar(&[1588], "1.3.6.1.4.1.1588.2.1.1.1.1.10.0", "SW-MIB swSsn", Serial),
    scalar(&[1588], "1.3.6.1.4.1.1588.2.1.1.1.1.6.0", "SW-MIB swFirmwareVersion", Firmware),
    // --- Cisco. CISCO-STACK-MIB chassisSerialNumberString (corroborated: Torrus, SNMP::Info);
    // OLD-CISCO-CHASSIS-MIB chassis 3 chassisId (verified).
    scalar(&[9], "1.3.6.1.4.1.9.5.1.2.19.0", "CISCO-STACK-MIB chassisSerialNumberString", Serial),
    scalar(&[9], "1.3.6.1.4.1.9.3.6.3.0", "OLD-CISCO-CHASSIS-MIB chassisId", Serial),
    // Cisco wireless controllers (AireOS): AIRESPACE-SWITCHING-MIB agentInventoryGroup 3
    // model, 4 serial, 14 version (corroborated: Zenoss, NetXMS).
    scalar(&[9, 14179], "1.3.6.1.4.1.14179.1.1.1.4.0", "AIRESPACE-SWITCHING-MIB agentInventorySerialNumber", Serial),
    scalar(&[9, 14179], "1.3.6.1.4.1.14179.1.1.1.3.0", "AIRESPACE-SWITCHING-MIB agentInventoryMachineModel", Model),
    scalar(
        &[9, 14179],
        "1.3.6.1.4.1.14179.1.1.1.14.0",
        "AIRESPACE-SWITCHING-MIB agentInventoryProductVersion",
        Firmware,
    ),
    // --- Fortinet. FORTINET-CORE-MIB fnSysSerial (verified); FORTINET-FORTIGATE-MIB
    // fgSysVersion (corroborated).
    scalar(&[12356], "1.3.6.1.4.1.12356.100.1.1.1.0", "FORTINET-CORE-MIB fnSysSerial", Serial),
    scalar(&[12356], "1.3.6.1.4.1.12356.101.4.1.1.0", "FORTINET-FORTIGATE-MIB fgSysVersion", Firmware),
    // FortiSwitch: FORTINET-FORTISWITCH-MIB fnFortiSwitchMib 106, fsSysSerial 1.1.1, fsSysVersion
    // 4.1.1, which leads with the model (`FortiSwitch-248D-FPOE v3.3.3,build4047,…`) (corroborated:
    // NetXMS's FortiSwitch driver, Datadog's SNMP profile docs; LibreNMS fortiswitch.snmprec).
    scalar(&[12356], "1.3.6.1.4.1.12356.106.1.1.1.0", "FORTINET-FORTISWITCH-MIB fsSysSerial", Serial),
    scalar(&[12356], "1.3.6.1.4.1.12356.106.4.1.1.0", "FORTINET-FORTISWITCH-MIB fsSysVersion", Firmware),
    // --- Palo Alto. PAN-COMMON-MIB panSys 1 panSysSwVersion, 3 panSysSerialNumber
    // (corroborated: Observium, SNMP::Info).
    scalar(&[25461], "1.3.6.1.4.1.25461.2.1.2.1.3.0", "PAN-COMMON-MIB panSysSerialNumber", Serial),
    scalar(&[25461], "1.3.6.1.4.1.25461.2.1.2.1.1.0", "PAN-COMMON-MIB panSysSwVersion", Firmware),
    // --- MikroTik. MIKROTIK-MIB mtxrSystem 3 mtxrSerialNumber, 4 mtxrFirmwareVersion (verified).
    scalar(&[14988], "1.3.6.1.4.1.14988.1.1.7.3.0", "MIKROTIK-MIB mtxrSerialNumber", Serial),
    // mtxrFirmwareVersion is the RouterBOOT loader's version; the RouterOS version a
    // technician patches is mtxrLicVersion (below), preferred to it.
    // --- Aruba controllers. WLSX-SYSTEMEXT-MIB wlsxSysExt 3 model, 28 version, 29 serial
    // (corroborated: NetXMS, NAV).
    scalar(&[14823], "1.3.6.1.4.1.14823.2.2.1.2.1.29.0", "WLSX-SYSTEMEXT-MIB wlsxSysExtSerialNumber", Serial),
    scalar(&[14823], "1.3.6.1.4.1.14823.2.2.1.2.1.3.0", "WLSX-SYSTEMEXT-MIB wlsxSysExtModelName", Model),
    scalar(&[14823], "1.3.6.1.4.1.14823.2.2.1.2.1.28.0", "WLSX-SYSTEMEXT-MIB wlsxSysExtSwVersion", Firmware),
    // --- Trapeze (Juniper WLC). TRAPEZE-NETWORK-ROOT-MIB 1 serial, 4 version (corroborated).
    scalar(&[14525], "1.3.6.1.4.1.14525.4.2.1.1.0", "TRAPEZE-NETWORK-ROOT-MIB trpzSerialNumber", Serial),
    scalar(&[14525], "1.3.6.1.4.1.14525.4.2.1.4.0", "TRAPEZE-NETWORK-ROOT-MIB trpzVersionString", Firmware),
    // --- HPE: SEMI-MIB hpHttpMg 9 serial, 5 product (corroborated: SNMP::Info, FusionInventory).
    scalar(&[11], "1.3.6.1.4.1.11.2.36.1.1.2.9.0", "SEMI-MIB hpHttpMgSerialNumber", Serial),
    scalar(&[11], "1.3.6.1.4.1.11.2.36.1.1.2.5.0", "SEMI-MIB hpHttpMgProduct", Model),
    // --- Huawei servers' iBMC. HUAWEI-SERVER-IBMC-MIB 7 deviceSerialNo, 6 deviceName
    // (corroborated).
    scalar(&[2011], "1.3.6.1.4.1.2011.2.235.1.1.1.7.0", "HUAWEI-SERVER-IBMC-MIB deviceSerialNo", Serial),
    scalar(&[2011], "1.3.6.1.4.1.2011.2.235.1.1.1.6.0", "HUAWEI-SERVER-IBMC-MIB deviceName", Model),
    // Huawei switches and routers: HUAWEI-ENTITY-EXTENT-MIB hwEntityExtentMIB 2011.5.25.31,
    // hwSystemGlobalObjects 6, 5 hwEntitySystemModel (`NetEngine 8000 F1A-8H20Q`, `S5700-52P-PWR-LI-AC`)
    // (verified in a pysmi compilation of the MIB; Observium's vrp poller reads it as hardware).
    scalar(&[2011], "1.3.6.1.4.1.2011.5.25.31.6.5.0", "HUAWEI-ENTITY-EXTENT-MIB hwEntitySystemModel", Model),
    // --- Ruijie. RUIJIE-SYSTEM-MIB ruijieSystemMIBObjects (4881.1.1.10.2.1.1): 2
    // ruijieSystemSwVersion, 24 ruijieSystemSerialno (verified in a pysmi compilation of
    // librenms mibs/ruijie/RUIJIE-SYSTEM-MIB, scottpeterman/python-librenms-mibs; the same
    // OIDs in a Zabbix Ruijie template and FusionInventory-style SwitchRuijie.pm).
    scalar(&[4881], "1.3.6.1.4.1.4881.1.1.10.2.1.1.24.0", "RUIJIE-SYSTEM-MIB ruijieSystemSerialno", Serial),
    scalar(&[4881], "1.3.6.1.4.1.4881.1.1.10.2.1.1.2.0", "RUIJIE-SYSTEM-MIB ruijieSystemSwVersion", Firmware),
    // --- MikroTik, more. librenms mibs/mikrotik/MIKROTIK-MIB: mikrotik 14988, module 1,
    // mtXRouterOs 1, mtxrSystem 7 9 mtxrBoardName; mtxrLicense 4 4 mtxrLicVersion, the RouterOS
    // version (mtxrFirmwareVersion above is RouterBOOT's) (verified; LibreNMS, Zabbix use it).
    // Enterprise: LibreNMS os_detection/routeros.yaml sysObjectID .1.3.6.1.4.1.14988.1.
    scalar(&[14988], "1.3.6.1.4.1.14988.1.1.7.9.0", "MIKROTIK-MIB mtxrBoardName", Model),
    scalar(&[14988], "1.3.6.1.4.1.14988.1.1.4.4.0", "MIKROTIK-MIB mtxrLicVersion", Firmware),
    scalar(&[14988], "1.3.6.1.4.1.14988.1.1.7.4.0", "MIKROTIK-MIB mtxrFirmwareVersion", Firmware),
    // --- Dell PowerConnect / N-series (DNOS 6). librenms mibs/dell/Dell-Vendor-MIB: dell 674,
    // dellLan 10895, powerConnectVendorMIB 3000, objects 1, hardware 2, productIdentification
    // 100: 1 DisplayName, 4 Version (verified). Per-unit serials: UNIT_TABLES. Enterprise:
    // LibreNMS tests/snmpsim/powerconnect.snmprec sysObjectID 1.3.6.1.4.1.674.10895.3000.
    scalar(&[674], "1.3.6.1.4.1.674.10895.3000.1.2.100.1.0", "Dell-Vendor-MIB productIdentificationDisplayName", Model),
    scalar(&[674], "1.3.6.1.4.1.674.10895.3000.1.2.100.4.0", "Dell-Vendor-MIB productIdentificationVersion", Firmware),
    // --- Dell Force10 (FTOS / OS9). FORCE10-SMI (librenms fork twentyfouronline mibs/dell/):
    // force10 6027, f10Mgmt 3. netdisco-mibs force10/f10-chassis.mib F10-CHASSIS-MIB (E-series)
    // f10Mgmt 1, 1 1 chObjects 2 chSerialNumber; force10/f10-es-chassis.mib F10-C-SERIES-CHASSIS-MIB
    // f10Mgmt 8, chObjects 5 chSerialNumber, 3 chSwVersion (verified; C-series serial also in
    // FusionInventory). S-series units: UNIT_TABLES. Enterprise: LibreNMS ftos.snmprec and
    // dnos.snmprec sysObjectID 1.3.6.1.4.1.6027.1.3.4 / .20.
    scalar(&[6027], "1.3.6.1.4.1.6027.3.1.1.1.2.0", "F10-CHASSIS-MIB chSerialNumber", Serial),
    scalar(&[6027], "1.3.6.1.4.1.6027.3.8.1.1.5.0", "F10-C-SERIES-CHASSIS-MIB chSerialNumber", Serial),
    scalar(&[6027], "1.3.6.1.4.1.6027.3.8.1.1.3.0", "F10-C-SERIES-CHASSIS-MIB chSwVersion", Firmware),
    // --- Extreme (EXOS). librenms mibs/extreme/EXTREME-BASE-MIB extremenetworks 1916, extremeAgent
    // 1; EXTREME-SYSTEM-MIB extremeSystem 1, extremeSystemCommon 1: 16 extremeSystemID (the
    // serial, on some models after the part number; as serial in HP UCMDB, Cityware),
    // 13 extremePrimarySoftwareRev (the primary image's; extremeImageBooted 32 says if it is the
    // one running) (verified). Enterprise: EXTREME-BASE-MIB extremeProduct 1916.2, used as
    // sysObjectID by LibreNMS Xos.php's hardware map (.1.3.6.1.4.1.1916.2.x).
    scalar(&[1916], "1.3.6.1.4.1.1916.1.1.1.16.0", "EXTREME-SYSTEM-MIB extremeSystemID", Serial),
    scalar(&[1916], "1.3.6.1.4.1.1916.1.1.1.13.0", "EXTREME-SYSTEM-MIB extremePrimarySoftwareRev", Firmware),
    // --- Allied Telesis AlliedWare Plus. librenms mibs/awplus/AT-SMI-MIB alliedTelesis 207,
    // mibObject 8, brouterMib 4, atRouter 4, modules 4; AT-SETUP-MIB setup 500, firmware 2,
    // currentFirmware 1, 1 currSoftVersion (verified). Boards: UNIT_TABLES. Enterprise: LibreNMS
    // os_detection/awplus.yaml sysObjectID .1.3.6.1.4.1.207.
    scalar(&[207], "1.3.6.1.4.1.207.8.4.4.4.500.2.1.1.0", "AT-SETUP-MIB currSoftVersion", Firmware),
    // --- Zyxel. librenms mibs/zyxel/ZYXEL-ES-SMI zyxel 890, products 1, enterpriseSolution 15,
    // esMgmt 3; ZYXEL-ES-COMMON esSysInfo 1: 12 serial, 11 model, 6 version (verified; LibreNMS
    // zyxelnwa/zywall, FusionInventory). Enterprise: os_detection/zynos.yaml .1.3.6.1.4.1.890.
    scalar(&[890], "1.3.6.1.4.1.890.1.15.3.1.12.0", "ZYXEL-ES-COMMON sysProductSerialNumber", Serial),
    scalar(&[890], "1.3.6.1.4.1.890.1.15.3.1.11.0", "ZYXEL-ES-COMMON sysProductModel", Model),
    scalar(&[890], "1.3.6.1.4.1.890.1.15.3.1.6.0", "ZYXEL-ES-COMMON sysSwVersionString", Firmware),
    // --- Netgear FASTPATH. librenms mibs/netgear/NETGEAR-REF-MIB netgear 4526,
    // ng7000managedswitch 10; NETGEAR-SWITCHING-MIB fastPathSwitching 1, agentInfoGroup 1,
    // agentInventoryGroup 1: 3 model, 4 serial, 13 software (verified; SNMP::Info, Open-AudIT).
    // Enterprise: NETGEAR-REF-MIB productID 4526.100 holds the sysObjectIDs (Checkmk's Netgear
    // checks scan .1.3.6.1.4.1.4526.100).
    scalar(&[4526], "1.3.6.1.4.1.4526.10.1.1.1.4.0", "NETGEAR-SWITCHING-MIB agentInventorySerialNumber", Serial),
    scalar(&[4526], "1.3.6.1.4.1.4526.10.1.1.1.3.0", "NETGEAR-SWITCHING-MIB agentInventoryMachineModel", Model),
    scalar(&[4526], "1.3.6.1.4.1.4526.10.1.1.1.13.0", "NETGEAR-SWITCHING-MIB agentInventorySoftwareVersion", Firmware),
    // --- Ubiquiti EdgeSwitch (Broadcom FASTPATH). librenms mibs/edgeswitch/EdgeSwitch-REF-MIB
    // broadcom 4413, broadcomProducts 1, fastPath 1; EdgeSwitch-SWITCHING-MIB fastPathSwitching 1,
    // agentInfoGroup 1, agentInventoryGroup 1: 3, 4, 13 as Netgear's (verified; LibreNMS, NetXMS).
    // Enterprise: LibreNMS os_detection/edgeswitch.yaml sysObjectID .1.3.6.1.4.1.4413.
    scalar(&[4413], "1.3.6.1.4.1.4413.1.1.1.1.1.4.0", "EdgeSwitch-SWITCHING-MIB agentInventorySerialNumber", Serial),
    scalar(&[4413], "1.3.6.1.4.1.4413.1.1.1.1.1.3.0", "EdgeSwitch-SWITCHING-MIB agentInventoryMachineModel", Model),
    scalar(
        &[4413],
        "1.3.6.1.4.1.4413.1.1.1.1.1.13.0",
        "EdgeSwitch-SWITCHING-MIB agentInventorySoftwareVersion",
        Firmware,
    ),
    // --- HPE, more. librenms mibs/hp/SEMI-MIB hp 11, nm 2, hpWebMgmt 36, hpHttpMgMod 1,
    // hpHttpMgObjects 1, hpHttpMgNetCitizen 2: 6 hpHttpMgVersion, the software version (verified).
    scalar(&[11], "1.3.6.1.4.1.11.2.36.1.1.2.6.0", "SEMI-MIB hpHttpMgVersion", Firmware),
];

/// The scalars worth asking a device under `enterprise`, in order of preference.
pub fn scalars_for(enterprise: u32) -> impl Iterator<Item = &'static Scalar> {
    SCALARS.iter().filter(move |s| s.enterprises.contains(&enterprise))
}

/// A vendor table with one row per stack unit or field-replaceable part, each with its own
/// serial: read (a walk of its few columns) only when ENTITY-MIB names no chassis.
#[derive(Clone, Copy, Debug)]
pub struct UnitTable {
    pub enterprises: &'static [u32],
    /// The table's entry OID, dotted; columns are its children, rows follow the column.
    pub entry: &'static str,
    /// `MIB-NAME tableName`, as the source of every row.
    pub object: &'static str,
    pub serial: u32,
    pub model: Option<u32>,
    pub description: Option<u32>,
    /// Each row is a stack member (a chassis of its own) rather than a part of the chassis.
    pub members: bool,
}

pub const UNIT_TABLES: &[UnitTable] = &[
    // JUNIPER-MIB jnxContentsEntry (2636.3.1.8.1): 6 Descr, 7 SerialNo, 10 PartNo (verified).
    UnitTable {
        enterprises: &[2636],
        entry: "1.3.6.1.4.1.2636.3.1.8.1",
        object: "JUNIPER-MIB jnxContentsTable",
        serial: 7,
        model: Some(10),
        description: Some(6),
        members: false,
    },
    // JUNIPER-VIRTUALCHASSIS-MIB (jnxExMibRoot 2636.3.40, jnxExVirtualChassis 1.4)
    // jnxVirtualChassisMemberEntry 1.1.1: 2 Serialnumber, 8 Model, one row per member of an EX
    // or QFX Virtual Chassis, indexed by member id (corroborated: SNMP::Info's Layer3::Juniper,
    // Centreon's Juniper plugin, Zabbix; LibreNMS junos.snmprec).
    UnitTable {
        enterprises: &[2636],
        entry: "1.3.6.1.4.1.2636.3.40.1.4.1.1.1",
        object: "JUNIPER-VIRTUALCHASSIS-MIB jnxVirtualChassisMemberTable",
        serial: 2,
        model: Some(8),
        description: None,
        members: true,
    },
    // FOUNDRY-SN-AGENT-MIB snChasUnitEntry (1991.1.1.1.4.1.1): 2 snChasUnitSerNum, one row per
    // stack unit (verified).
    UnitTable {
        enterprises: &[1991],
        entry: "1.3.6.1.4.1.1991.1.1.1.4.1.1",
        object: "FOUNDRY-SN-AGENT-MIB snChasUnitTable",
        serial: 2,
        model: None,
        description: None,
        members: true,
    },
    // Dell-Vendor-MIB (librenms mibs/dell/) productIdentification 8 PerUnitTable, 1 entry:
    // 2 SerialNumber (4 ServiceTag), one row per stack unit (verified; Open-AudIT reads .2.1).
    UnitTable {
        enterprises: &[674],
        entry: "1.3.6.1.4.1.674.10895.3000.1.2.100.8.1",
        object: "Dell-Vendor-MIB productIdentificationPerUnitTable",
        serial: 2,
        model: None,
        description: None,
        members: true,
    },
    // F10-S-SERIES-CHASSIS-MIB (librenms fork twentyfouronline mibs/dell/) f10SSerChassisMib
    // f10Mgmt 10, object 1, chSysObjects 2, chStackUnitTable 2, entry 1: 12 SerialNumber,
    // 7 ModelID, 9 Description (verified; FusionInventory, NetXMS, RackTables read .12).
    UnitTable {
        enterprises: &[6027],
        entry: "1.3.6.1.4.1.6027.3.10.1.2.2.1",
        object: "F10-S-SERIES-CHASSIS-MIB chStackUnitTable",
        serial: 12,
        model: Some(7),
        description: Some(9),
        members: true,
    },
    // EXTREME-SYSTEM-MIB extremeChassisGroup 2, extremeSlotTable 2, entry 1: 6 ModuleSerialNumber,
    // 2 SlotName (verified). Rows are line cards of a chassis but the members of a SummitStack,
    // so not marked as members.
    UnitTable {
        enterprises: &[1916],
        entry: "1.3.6.1.4.1.1916.1.1.2.2.1",
        object: "EXTREME-SYSTEM-MIB extremeSlotTable",
        serial: 6,
        model: None,
        description: Some(2),
        members: false,
    },
    // AT-RESOURCE-MIB (librenms mibs/awplus/) resource sysinfo 21 (atRouter 3), rscBoardTable 1,
    // entry 1 (index stack id, resource id): 8 SerialNumber, 4 BoardName, 3 BoardType; boards,
    // PSUs, fans of every stack member (verified; LibreNMS awplus reads 8 and 4).
    UnitTable {
        enterprises: &[207],
        entry: "1.3.6.1.4.1.207.8.4.4.3.21.1.1",
        object: "AT-RESOURCE-MIB rscBoardTable",
        serial: 8,
        model: Some(4),
        description: Some(3),
        members: false,
    },
];

/// The unit tables worth walking on a device under `enterprise`.
pub fn unit_tables_for(enterprise: u32) -> impl Iterator<Item = &'static UnitTable> {
    UNIT_TABLES.iter().filter(move |t| t.enterprises.contains(&enterprise))
}
