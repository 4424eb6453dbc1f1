//! What kind of device it is: switch, router, firewall, wireless controller, access point,
//! load balancer or server, with the reason for the call.
//!
//! Evidence is weighed from most to least specific: explicit words in sysDescr
//! ("firewall", "Wireless LAN Controller"), then model-number patterns (of the given model,
//! then of the model sysDescr names), then the OS family, words like "Switch", the vendor,
//! host-OS hints, and last sysServices. The first rule that fires decides.

use super::*;

pub const SWITCH: &str = "switch";
pub const ROUTER: &str = "router";
pub const FIREWALL: &str = "firewall";
pub const WIRELESS_CONTROLLER: &str = "wireless_controller";
pub const ACCESS_POINT: &str = "access_point";
pub const LOAD_BALANCER: &str = "load_balancer";
pub const SERVER: &str = "server";

/// `(category, reason)`. `vendor` is the display name from `vendor::vendor`, `model` the
/// chassis model (ENTITY-MIB or sysObjectID), `sys_services` the SNMPv2-MIB sysServices value.
/// The reason is fixed text, e.g. `model matches WS-C* (Catalyst switch)`; callers that want
/// the model in it have the model at hand.
pub fn category(
    vendor: Option<&str>,
    descr: &str,
    model: Option<&str>,
    sys_services: Option<u8>,
) -> Option<(&'static str, &'static str)> {
    let descr = clip(descr);
    let family = from_sys_descr(descr).map(|info| info.family);
    let vendor = vendor.or_else(|| family.and_then(vendor_of_family));
    let descr_model = model_from_sys_descr(descr);
    let models = [model.map(clip), descr_model];

    phrase(descr, STRONG_PHRASES)
        .or_else(|| models.iter().flatten().find_map(|m| by_model(vendor, strip_brand(m.trim()))))
        .or_else(|| family.and_then(by_family))
        .or_else(|| phrase(descr, WEAK_PHRASES))
        .or_else(|| vendor.and_then(by_vendor))
        .or_else(|| server(vendor, descr))
        .or_else(|| sys_services.and_then(by_services))
}

type Verdict = (&'static str, &'static str);

/// `(needle, case-insensitive, category, reason)`.
type Phrase = (&'static str, bool, &'static str, &'static str);

const STRONG_PHRASES: &[Phrase] = &[
    ("Adaptive Security Appliance", false, FIREWALL, "sysDescr names a Cisco Adaptive Security Appliance"),
    ("firewall", true, FIREWALL, "sysDescr says \"firewall\""),
    ("Wireless LAN Controller", true, WIRELESS_CONTROLLER, "sysDescr says \"Wireless LAN Controller\""),
    ("Mobility Controller", true, WIRELESS_CONTROLLER, "sysDescr says \"Mobility Controller\""),
    ("Wireless Switch Module", true, WIRELESS_CONTROLLER, "sysDescr says \"Wireless Switch Module\""),
    ("Access Point", true, ACCESS_POINT, "sysDescr says \"Access Point\""),
    ("Traffic Manager", true, LOAD_BALANCER, "sysDescr says \"Traffic Manager\" (load balancer)"),
    ("ServerIron", false, LOAD_BALANCER, "sysDescr names ServerIron (Brocade load balancer)"),
    ("NetScaler", false, LOAD_BALANCER, "sysDescr names NetScaler (Citrix load balancer)"),
    ("BIG-IP", false, LOAD_BALANCER, "sysDescr names BIG-IP (F5 load balancer)"),
    // `Netentsec NGFW`, `Topsec  NGFW4000-UF(…)`: next-generation firewall.
    ("NGFW", false, FIREWALL, "sysDescr says \"NGFW\" (next-generation firewall)"),
    // Ruckus' carrier WLAN controller says only its product name.
    ("SmartCell Gateway", false, WIRELESS_CONTROLLER, "sysDescr names a Ruckus SmartCell Gateway (WLAN controller)"),
    // Software routers; their agents set sysServices to anything (Vyatta's says 14: layers 2-4).
    ("Vyatta", false, ROUTER, "sysDescr names Vyatta (software router)"),
    ("VyOS", false, ROUTER, "sysDescr names VyOS (software router)"),
];

/// Generic words, used only after model and family had their say: Junos calls every box an
/// "internet router", Huawei's switches run a "Versatile Routing Platform".
const WEAK_PHRASES: &[Phrase] = &[
    ("Routing Switch", false, SWITCH, "sysDescr says \"Routing Switch\" (layer-3 switch)"),
    (" Switch", false, SWITCH, "sysDescr says \"Switch\""),
    (" Router", false, ROUTER, "sysDescr says \"Router\""),
];

fn phrase(descr: &str, phrases: &[Phrase]) -> Option<Verdict> {
    phrases.iter().find_map(|&(needle, ci, cat, why)| {
        let hit =
            if ci { contains_ci(descr, needle) } else { descr.contains(needle) || descr.starts_with(needle.trim()) };
        hit.then_some((cat, why))
    })
}

/// ENTITY-MIB model names often carry the brand: `H3C SR8808-X`, `HP J9775A`.
fn strip_brand(model: &str) -> &str {
    ["H3C ", "HPE ", "HP ", "Aruba ", "Cisco ", "Juniper ", "Huawei "]
        .iter()
        .find_map(|b| model.strip_prefix(b))
        .unwrap_or(model)
}

/// A model rule: `prefix` matched case-insensitively at the start of the model; with
/// `digit` set the next character must be a digit (so `MX` matches `MX960`, not `MXL`);
/// `vendor` restricts prefixes that mean different things at different vendors.
struct ModelRule {
    prefix: &'static str,
    digit: bool,
    vendor: Option<&'static str>,
    category: &'static str,
    reason: &'static str,
}

const fn rule(
    prefix: &'static str,
    digit: bool,
    vendor: Option<&'static str>,
    category: &'static str,
    reason: &'static str,
) -> ModelRule {
    ModelRule { prefix, digit, vendor, category, reason }
}

const CISCO: Option<&str> = Some("Cisco");
const JUNIPER: Option<&str> = Some("Juniper");
const HUAWEI: Option<&str> = Some("Huawei");
const H3C: Option<&str> = Some("H3C");
const MIKROTIK: Option<&str> = Some("MikroTik");
const RUIJIE: Option<&str> = Some("Ruijie");
const DELL: Option<&str> = Some("Dell");
const HPE: Option<&str> = Some("HPE");
const ARUBA: Option<&str> = Some("Aruba");
const FORTINET: Option<&str> = Some("Fortinet");
const UBIQUITI: Option<&str> = Some("Ubiquiti");
const ALLIED: Option<&str> = Some("Allied Telesis");
const EXTREME: Option<&str> = Some("Extreme Networks");
const DIGITAL_CHINA: Option<&str> = Some("Digital China");
const MAIPU: Option<&str> = Some("Maipu");
const BDCOM: Option<&str> = Some("BDCOM");

/// Earlier rules win, so vendor-specific and longer prefixes come before generic ones.
const MODEL_RULES: &[ModelRule] = &[
    // Cisco
    rule("WS-C", false, None, SWITCH, "model matches WS-C* (Catalyst switch)"),
    rule("catalyst", false, None, SWITCH, "model matches catalyst* (CISCO-PRODUCTS-MIB Catalyst switch)"),
    rule("ciscoWSC", false, None, SWITCH, "model matches ciscoWSC* (CISCO-PRODUCTS-MIB Catalyst chassis)"),
    rule("C9800", false, None, WIRELESS_CONTROLLER, "model matches C9800* (Catalyst 9800 wireless controller)"),
    rule("C9", true, CISCO, SWITCH, "model matches C9nnn (Catalyst 9000 switch)"),
    rule("AIR-CT", false, None, WIRELESS_CONTROLLER, "model matches AIR-CT* (Cisco wireless controller)"),
    rule("AIR-AP", false, None, ACCESS_POINT, "model matches AIR-AP* (Cisco access point)"),
    rule("AIR-CAP", false, None, ACCESS_POINT, "model matches AIR-CAP* (Cisco access point)"),
    rule("AIR-LAP", false, None, ACCESS_POINT, "model matches AIR-LAP* (Cisco access point)"),
    rule("ciscoAIR", false, None, ACCESS_POINT, "model matches ciscoAIR* (CISCO-PRODUCTS-MIB Aironet)"),
    rule("N9K-", false, None, SWITCH, "model matches N9K-* (Nexus switch)"),
    rule("N7K-", false, None, SWITCH, "model matches N7K-* (Nexus switch)"),
    rule("N5K-", false, None, SWITCH, "model matches N5K-* (Nexus switch)"),
    rule("N3K-", false, None, SWITCH, "model matches N3K-* (Nexus switch)"),
    rule("ASA", true, None, FIREWALL, "model matches ASAnnnn (Cisco ASA firewall)"),
    rule("ciscoASA", false, None, FIREWALL, "model matches ciscoASA* (CISCO-PRODUCTS-MIB ASA firewall)"),
    rule("FPR", false, CISCO, FIREWALL, "model matches FPR* (Cisco Firepower firewall)"),
    rule("ASR", false, CISCO, ROUTER, "model matches ASR* (Cisco ASR router)"),
    rule("ISR", false, CISCO, ROUTER, "model matches ISR* (Cisco ISR router)"),
    rule("CRS", false, CISCO, ROUTER, "model matches CRS* (Cisco Carrier Routing System)"),
    rule("ciscoCRS", false, None, ROUTER, "model matches ciscoCRS* (Cisco Carrier Routing System)"),
    rule("NCS", false, CISCO, ROUTER, "model matches NCS* (Cisco NCS router)"),
    rule("cisco", true, None, ROUTER, "model matches cisco<number> (CISCO-PRODUCTS-MIB router)"),
    // Juniper
    rule("mx", true, None, ROUTER, "model matches MXnnn (Juniper MX router)"),
    rule("ptx", true, None, ROUTER, "model matches PTXnnn (Juniper PTX router)"),
    rule("acx", true, None, ROUTER, "model matches ACXnnn (Juniper ACX router)"),
    rule("m", true, JUNIPER, ROUTER, "model matches Mnn (Juniper M-series router)"),
    rule("t", true, JUNIPER, ROUTER, "model matches Tnnn (Juniper T-series router)"),
    rule("j", true, JUNIPER, ROUTER, "model matches Jnnnn (Juniper J-series router)"),
    rule("ERX", false, JUNIPER, ROUTER, "model matches ERX* (Juniper E-series router)"),
    rule("ex", true, None, SWITCH, "model matches EXnnnn (Juniper EX switch)"),
    rule("qfx", true, None, SWITCH, "model matches QFXnnnn (Juniper QFX switch)"),
    rule("srx", true, None, FIREWALL, "model matches SRXnnn (Juniper SRX firewall)"),
    rule("WLC", true, None, WIRELESS_CONTROLLER, "model matches WLCnnnn (wireless LAN controller)"),
    // Huawei
    rule("S", true, HUAWEI, SWITCH, "model matches Snnnn (Huawei S-series switch)"),
    rule("CE", true, HUAWEI, SWITCH, "model matches CEnnnn (Huawei CloudEngine switch)"),
    rule("AR", true, HUAWEI, ROUTER, "model matches ARnnnn (Huawei AR router)"),
    rule("NE", true, HUAWEI, ROUTER, "model matches NEnn (Huawei NE router)"),
    rule("NetEngine", false, HUAWEI, ROUTER, "model matches NetEngine* (Huawei NE router)"),
    rule("USG", false, HUAWEI, FIREWALL, "model matches USG* (Huawei firewall)"),
    rule("AC6", false, HUAWEI, WIRELESS_CONTROLLER, "model matches AC6* (Huawei wireless controller)"),
    rule("ACU", true, HUAWEI, WIRELESS_CONTROLLER, "model matches ACUn (Huawei wireless controller card)"),
    // H3C / HPE Comware
    rule("SR", true, H3C, ROUTER, "model matches SRnnnn (H3C router)"),
    rule("MSR", false, H3C, ROUTER, "model matches MSR* (H3C router)"),
    rule("WX", true, H3C, WIRELESS_CONTROLLER, "model matches WXnnnn (H3C wireless controller)"),
    rule("LSQ1WCM", false, H3C, WIRELESS_CONTROLLER, "model matches LSQ1WCM* (H3C access controller module)"),
    rule("LSQM1WCM", false, H3C, WIRELESS_CONTROLLER, "model matches LSQM1WCM* (H3C access controller module)"),
    rule("S", true, H3C, SWITCH, "model matches Snnnn (H3C switch)"),
    rule("E", true, H3C, SWITCH, "model matches Ennn (H3C switch)"),
    // HPE / Aruba
    rule("Aruba", true, None, WIRELESS_CONTROLLER, "model matches Aruba<number> (Aruba mobility controller)"),
    rule("JL", true, None, SWITCH, "model matches JLnnnA (HPE Aruba switch)"),
    rule("J", true, HPE, SWITCH, "model matches JnnnnA (HPE ProCurve switch)"),
    // D-Link
    rule("DES-", false, None, SWITCH, "model matches DES-* (D-Link switch)"),
    rule("DGS-", false, None, SWITCH, "model matches DGS-* (D-Link switch)"),
    rule("DXS-", false, None, SWITCH, "model matches DXS-* (D-Link switch)"),
    rule("DWS-", false, None, WIRELESS_CONTROLLER, "model matches DWS-* (D-Link wireless controller)"),
    rule("DWC-", false, None, WIRELESS_CONTROLLER, "model matches DWC-* (D-Link wireless controller)"),
    rule("DFL-", false, None, FIREWALL, "model matches DFL-* (D-Link firewall)"),
    rule("DSR-", false, None, ROUTER, "model matches DSR-* (D-Link router)"),
    // Digital China names its switches DCS-/DCRS- too: its rule goes before Arista's.
    rule("DCS-", false, DIGITAL_CHINA, SWITCH, "model matches DCS-* (Digital China switch)"),
    rule("DCRS-", false, None, SWITCH, "model matches DCRS-* (Digital China routing switch)"),
    rule("SM", true, MAIPU, SWITCH, "model matches SMnnnn (Maipu switch)"),
    rule("S", true, BDCOM, SWITCH, "model matches Snnnn (BDCOM switch)"),
    // Arista
    rule("DCS-", false, None, SWITCH, "model matches DCS-* (Arista switch)"),
    // Brocade / Foundry / Ruckus
    rule("ICX", true, None, SWITCH, "model matches ICXnnnn (Brocade/Ruckus ICX switch)"),
    rule("FESX", false, None, SWITCH, "model matches FESX* (Foundry FastIron switch)"),
    rule("FCX", true, None, SWITCH, "model matches FCXnnn (Brocade FastIron switch)"),
    rule("TurboIron", false, None, SWITCH, "model matches TurboIron* (Brocade switch)"),
    rule("BigIron", false, None, SWITCH, "model matches BigIron* (Foundry chassis switch)"),
    rule("NetIron", false, None, ROUTER, "model matches NetIron* (Brocade router)"),
    rule("MLX", false, None, ROUTER, "model matches MLX* (Brocade MLX router)"),
    // Fortinet / Palo Alto
    rule("FGT", false, None, FIREWALL, "model matches FGT* (FortiGate firewall)"),
    rule("FortiGate", false, None, FIREWALL, "model matches FortiGate* (firewall)"),
    rule("FWF", false, None, FIREWALL, "model matches FWF* (FortiWiFi firewall)"),
    rule("FS-", false, FORTINET, SWITCH, "model matches FS-* (FortiSwitch)"),
    rule("FortiSwitch", false, FORTINET, SWITCH, "model matches FortiSwitch*"),
    rule("FAP", false, FORTINET, ACCESS_POINT, "model matches FAP* (FortiAP)"),
    rule("PA-", false, None, FIREWALL, "model matches PA-* (Palo Alto firewall)"),
    // MikroTik
    rule("CRS", true, MIKROTIK, SWITCH, "model matches CRSnnn (MikroTik Cloud Router Switch)"),
    rule("CCR", true, MIKROTIK, ROUTER, "model matches CCRnnnn (MikroTik Cloud Core Router)"),
    rule("RB", false, MIKROTIK, ROUTER, "model matches RB* (MikroTik RouterBOARD)"),
    // Ubiquiti
    rule("ER-", false, UBIQUITI, ROUTER, "model matches ER-* (EdgeRouter)"),
    rule("EdgeRouter", false, None, ROUTER, "model matches EdgeRouter*"),
    rule("EdgeSwitch", false, None, SWITCH, "model matches EdgeSwitch*"),
    rule("USW", false, UBIQUITI, SWITCH, "model matches USW* (UniFi switch)"),
    rule("UAP", false, UBIQUITI, ACCESS_POINT, "model matches UAP* (UniFi access point)"),
    // ZTE
    rule("ZXR10 M", true, None, ROUTER, "model matches ZXR10 Mnnnn (ZTE router)"),
    rule("ZXR10 T", true, None, ROUTER, "model matches ZXR10 Tnnnn (ZTE router)"),
    rule("ZXR10 ", true, None, SWITCH, "model matches ZXR10 nnnn (ZTE switch)"),
    // Ruijie
    rule("RG-S", true, None, SWITCH, "model matches RG-Snnnn (Ruijie switch)"),
    rule("RG-RSR", false, None, ROUTER, "model matches RG-RSR* (Ruijie router)"),
    rule("RG-WS", false, None, WIRELESS_CONTROLLER, "model matches RG-WS* (Ruijie wireless controller)"),
    rule("RG-AP", false, None, ACCESS_POINT, "model matches RG-AP* (Ruijie access point)"),
    rule("S", true, RUIJIE, SWITCH, "model matches Snnnn (Ruijie switch)"),
    rule("N18", false, RUIJIE, SWITCH, "model matches N18* (Ruijie core switch)"),
    // Dell
    rule("S", true, DELL, SWITCH, "model matches Snnnn (Dell switch)"),
    rule("N", true, DELL, SWITCH, "model matches Nnnnn (Dell N-series switch)"),
    rule("Z9", false, DELL, SWITCH, "model matches Z9* (Dell switch)"),
    rule("MXL", false, None, SWITCH, "model matches MXL* (Dell blade switch)"),
    // Allied Telesis / Extreme
    rule("x", true, ALLIED, SWITCH, "model matches xnnn (Allied Telesis switch)"),
    rule("SBx", false, ALLIED, SWITCH, "model matches SBx* (Allied Telesis chassis switch)"),
    rule("AR", true, ALLIED, ROUTER, "model matches ARnnnn (Allied Telesis router)"),
    rule("summit", false, None, SWITCH, "model matches summit* (Extreme switch)"),
    rule("X", true, EXTREME, SWITCH, "model matches Xnnn (Extreme switch)"),
    // Aruba gateways / APs under their own arc
    rule("AP-", true, ARUBA, ACCESS_POINT, "model matches AP-nnn (Aruba access point)"),
];

fn by_model(vendor: Option<&str>, model: &str) -> Option<Verdict> {
    MODEL_RULES.iter().find_map(|r| {
        let head = model.get(..r.prefix.len())?;
        let next_ok = !r.digit || model[r.prefix.len()..].starts_with(|c: char| c.is_ascii_digit());
        let vendor_ok = r.vendor.is_none() || r.vendor == vendor;
        (head.eq_ignore_ascii_case(r.prefix) && next_ok && vendor_ok).then_some((r.category, r.reason))
    })
}

/// Families that ship on one kind of device only.
fn by_family(family: &str) -> Option<Verdict> {
    Some(match family {
        CISCO_IOS_XR => (ROUTER, "OS family Cisco IOS-XR runs on routers"),
        CISCO_NX_OS => (SWITCH, "OS family Cisco NX-OS runs on Nexus switches"),
        CISCO_ASA => (FIREWALL, "OS family Cisco ASA runs on firewalls"),
        CISCO_AIREOS => (WIRELESS_CONTROLLER, "sysDescr \"Cisco Controller\" is an AireOS wireless controller"),
        JUNOSE => (ROUTER, "OS family JunosE runs on E-series routers"),
        SCREENOS => (FIREWALL, "OS family ScreenOS runs on firewalls"),
        ARISTA_EOS => (SWITCH, "OS family Arista EOS runs on switches"),
        ARUBAOS => (WIRELESS_CONTROLLER, "OS family ArubaOS (MODEL: …) is a mobility controller"),
        ARUBAOS_CX | ARUBAOS_SWITCH | PROCURVE => (SWITCH, "OS family runs on HPE Aruba switches"),
        DELL_OS10 | FTOS | DELL_OS6 | EFOS => (SWITCH, "OS family runs on Dell / Broadcom switches"),
        EXTREMEXOS => (SWITCH, "OS family ExtremeXOS runs on switches"),
        DLINK => (SWITCH, "sysDescr names a D-Link DES/DGS/DXS switch"),
        FORTIOS => (FIREWALL, "OS family FortiOS runs on FortiGate firewalls"),
        FORTISWITCH_OS => (SWITCH, "OS family FortiSwitchOS runs on FortiSwitches"),
        EDGESWITCH | NETGEAR => (SWITCH, "OS family runs on EdgeSwitch / Netgear switches"),
        BOSS => (SWITCH, "OS family BOSS runs on Ethernet Routing Switches"),
        PAN_OS => (FIREWALL, "OS family PAN-OS runs on Palo Alto firewalls"),
        EDGEOS => (ROUTER, "OS family EdgeOS runs on EdgeRouters"),
        ROUTEROS => (ROUTER, "OS family RouterOS; no switch model (CRS) named"),
        CLAVISTER_COS | VENUS_VSOS | TOPSEC_TOS => (FIREWALL, "OS family runs on firewalls only"),
        BROCADE_FOS => (SWITCH, "OS family Brocade Fabric OS runs on Fibre Channel switches"),
        TRAPEZE_MSS => (WIRELESS_CONTROLLER, "OS family Trapeze MSS runs on wireless LAN controllers"),
        _ => return None,
    })
}

/// The vendor a family implies, for vendor-specific model rules when sysObjectID was not read.
pub fn vendor_of_family(family: &str) -> Option<&'static str> {
    Some(match family {
        CISCO_IOS | CISCO_IOS_XE | CISCO_NX_OS | CISCO_IOS_XR | CISCO_ASA | CISCO_AIREOS => "Cisco",
        JUNOS | JUNOSE | SCREENOS => "Juniper",
        HUAWEI_VRP | HUAWEI_YUNSHAN => "Huawei",
        COMWARE => "H3C",
        ROUTEROS => "MikroTik",
        RUIJIE_RGOS => "Ruijie",
        DELL_OS10 | FTOS | DELL_OS6 => "Dell",
        PROCURVE | ARUBAOS_SWITCH => "HPE",
        ALLIEDWARE_PLUS => "Allied Telesis",
        EXTREMEXOS => "Extreme Networks",
        EDGESWITCH => "Ubiquiti",
        _ => return None,
    })
}

/// Vendors that make one kind of network device.
fn by_vendor(vendor: &str) -> Option<Verdict> {
    Some(match vendor {
        "Palo Alto Networks" | "Check Point" | "SonicWall" | "NetScreen" | "WatchGuard" | "Barracuda" | "Clavister" => {
            (FIREWALL, "vendor makes firewalls only")
        }
        "F5" | "A10 Networks" | "Citrix NetScaler" | "Alteon" => (LOAD_BALANCER, "vendor makes load balancers"),
        "Arista" => (SWITCH, "vendor makes switches"),
        _ => return None,
    })
}

fn server(vendor: Option<&str>, descr: &str) -> Option<Verdict> {
    if descr.starts_with("Hardware:") && descr.contains("Software: Windows") {
        return Some((SERVER, "sysDescr is the Windows SNMP service's (Hardware: … Software: Windows …)"));
    }
    if vendor == Some("Microsoft") {
        return Some((SERVER, "sysObjectID is Microsoft's"));
    }
    let host_os = ["Linux ", "FreeBSD ", "SunOS ", "OpenBSD ", "NetBSD "].iter().any(|p| descr.starts_with(p));
    // Net-SNMP's own sysObjectID means nobody customised the agent: a general-purpose host.
    (host_os && matches!(vendor, Some("Net-SNMP" | "UCD-SNMP")))
        .then_some((SERVER, "stock Net-SNMP agent on a general-purpose OS"))
}

/// sysServices (RFC 3418): bit value 2 = layer 2 (bridging), 4 = layer 3 (routing).
fn by_services(services: u8) -> Option<Verdict> {
    if services & 0x02 != 0 {
        Some((SWITCH, "sysServices has the layer-2 (bridging) bit"))
    } else if services & 0x04 != 0 {
        Some((ROUTER, "sysServices has the layer-3 bit without layer 2"))
    } else {
        None
    }
}
