//! One recogniser per OS family, tried in order by [`detect`].
//!
//! Each recogniser keys on the fixed wording its vendor uses in sysDescr and returns the
//! family even when no version can be read (an IOS box that only says `Cisco Internetwork
//! Operating System Software` is still IOS). Order matters only where wordings overlap:
//! IOS-XR / NX-OS / ASA / IOS-XE are checked before plain IOS.

use super::*;

type Recogniser = fn(&str) -> Option<OsInfo>;

const RECOGNISERS: &[Recogniser] = &[
    cisco,
    junos,
    trapeze,
    arista,
    arubaos,
    arubaos_cx,
    procurve,
    comware,
    huawei,
    ironware,
    dell,
    fastpath::recognise,
    extreme,
    allied,
    zte,
    ruijie,
    fortios,
    panos,
    routeros,
    edgeos,
    screenos,
    dlink,
    boss,
    vyatta,
    bdcom,
    dcn,
    maipu,
    dptech,
    brocade_fos,
    clavister,
    venus,
    topsec,
];

pub(super) fn detect(d: &str) -> Option<OsInfo> {
    let mut found = RECOGNISERS.iter().find_map(|recognise| recognise(d))?;
    found.version = found.version.and_then(sane_version);
    Some(found)
}

/// The last word on any version a recogniser read: one short line of printable text.
/// Recognisers cut at blanks, but some take a span (`SW Version : (…)`) that garbage can
/// stretch across lines or kilobytes; such a span is no version, and `None` beats a
/// mangled one.
pub(super) fn sane_version(v: String) -> Option<String> {
    let ok = !v.trim().is_empty() && v.len() <= 64 && !v.contains(char::is_control);
    ok.then_some(v)
}

fn info(family: &'static str, version: Option<String>) -> Option<OsInfo> {
    Some(OsInfo { family, version })
}

/// The version after the first `marker` (`Version ` in most Cisco strings).
fn version_after(d: &str, marker: &str) -> Option<String> {
    after(d, marker).and_then(version_at)
}

fn cisco(d: &str) -> Option<OsInfo> {
    if d.contains("Cisco IOS XR Software") {
        // `Version 5.3.4[Default]`: the bracket names the package set, not the release.
        let v = version_after(d, "Version ").map(|v| v.split('[').next().unwrap_or_default().to_owned());
        return info(CISCO_IOS_XR, v.filter(|v| !v.is_empty()));
    }
    if d.contains("Cisco NX-OS") {
        return info(CISCO_NX_OS, version_after(d, "Version "));
    }
    if d.contains("Cisco Adaptive Security Appliance") {
        return info(CISCO_ASA, version_after(d, "Version "));
    }
    if d.trim() == "Cisco Controller" {
        return info(CISCO_AIREOS, None);
    }
    let ios =
        ["Cisco IOS Software", "IOS (tm)", "Cisco Internetwork Operating System Software", "Cisco IOS XE Software"];
    if !ios.iter().any(|m| d.contains(m)) {
        return None;
    }
    // IOS-XE runs IOSd on Linux: older images say so in the image name (`PPC_LINUX_IOSD-…`,
    // `CAT9K_IOSXE`), 16.x+ add a release-train name in brackets (`Cisco IOS Software [Fuji]`).
    let xe = ["IOS-XE", "IOS XE", "IOSXE", "LINUX_IOSD", "Cisco IOS Software ["].iter().any(|m| d.contains(m));
    info(if xe { CISCO_IOS_XE } else { CISCO_IOS }, version_after(d, "Version "))
}

fn junos(d: &str) -> Option<OsInfo> {
    if let Some(rest) = after(d, "JUNOS ") {
        return info(JUNOS, version_at(rest));
    }
    if !d.starts_with("Juniper Networks") {
        return None;
    }
    if let Some(rest) = after(d, "SW Version : (") {
        // `(12.3.2 patch-0.1 [BuildId 14534])`: the whole parenthesis is the release name.
        let v = rest.split(')').next().map(str::trim).filter(|v| v.bytes().any(|b| b.is_ascii_digit()));
        return info(JUNOSE, v.map(str::to_owned));
    }
    // LLDP-style wording some boxes also use: `Juniper Networks, Inc. srx240h-poe , version 12.1R3.5 …`.
    after(d, ", version ")
        .and_then(version_at)
        .filter(|v| looks_like_junos_version(v))
        .and_then(|v| info(JUNOS, Some(v)))
}

/// `16.1R6.7`, `14.1X53-D40.8`, `10.0S14`, `8.5-20080528.0`: major.minor then a letter or `-`.
pub(super) fn looks_like_junos_version(v: &str) -> bool {
    let mut parts = v.splitn(2, '.');
    let (major, rest) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let minor_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    !major.is_empty()
        && major.bytes().all(|b| b.is_ascii_digit())
        && minor_end > 0
        && rest[minor_end..].starts_with(|c: char| c.is_ascii_uppercase() || c == '-')
}

fn arista(d: &str) -> Option<OsInfo> {
    d.contains("Arista Networks EOS").then(|| OsInfo { family: ARISTA_EOS, version: version_after(d, "EOS version ") })
}

/// `ArubaOS (MODEL: Aruba7010), Version 6.4.4.4-4.2.3.1`; Alcatel-Lucent sold the same
/// controllers as `AOS-W (MODEL: OAW-6000), Version 6.3.1.23 (56687)`.
fn arubaos(d: &str) -> Option<OsInfo> {
    if !(d.starts_with("ArubaOS") || d.starts_with("AOS-W ")) {
        return None;
    }
    // APs answer `…, Version Aruba AP` (seen in LLDP): no release in it.
    let v = version_after(d, "Version ").filter(|v| v.starts_with(|c: char| c.is_ascii_digit()));
    info(ARUBAOS, v)
}

/// `Aruba JL635A 8325 GL.10.04.2000`: product number, model, then the release. AOS-S boxes
/// say `…, revision WC.16.11.0004, ROM …` instead and are left to [`procurve`].
fn arubaos_cx(d: &str) -> Option<OsInfo> {
    let rest = d.strip_prefix("Aruba ")?;
    let part_no = rest.split_whitespace().next()?;
    let is_part_no = part_no.len() >= 5
        && part_no.starts_with(['J', 'R', 'S'])
        && part_no.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && part_no.bytes().any(|b| b.is_ascii_digit());
    if !is_part_no || d.contains(", revision ") {
        return None;
    }
    info(ARUBAOS_CX, d.split_whitespace().find(|t| is_cx_release(t)).map(str::to_owned))
}

/// `GL.10.04.2000`: two capital letters (the platform), then `NN.NN.NNNN`.
fn is_cx_release(t: &str) -> bool {
    let parts: Vec<&str> = t.split('.').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    parts.len() == 4
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_uppercase())
        && digits(parts[1], 2)
        && digits(parts[2], 2)
        && digits(parts[3], 4)
}

/// `HP J4887A ProCurve Switch 4104GL, revision G.05.02, ROM G.05.01`.
fn procurve(d: &str) -> Option<OsInfo> {
    let rest = after(d, ", revision ")?;
    let branded = ["ProCurve", "HP ", "Aruba ", "HPE "].iter().any(|m| d.starts_with(m)) || d.contains("ProCurve");
    if !branded {
        return None;
    }
    let version = version_at(rest);
    // Release 16 renamed the software ArubaOS-Switch; the letter prefix names the platform.
    let major = version.as_deref().and_then(|v| v.split('.').nth(1)).and_then(|m| m.parse::<u32>().ok());
    let family = if d.starts_with("Aruba") || major.is_some_and(|m| m >= 16) { ARUBAOS_SWITCH } else { PROCURVE };
    info(family, version)
}

/// `H3C Comware Platform Software, Software Version 7.1.075, Release 7751P01` → `7.1.075 Release 7751P01`;
/// `… Product Version Release 2509P61 …` → `Release 2509P61`.
fn comware(d: &str) -> Option<OsInfo> {
    if !(contains_ci(d, "Comware") || (d.contains("H3C") && d.contains("Software Version"))) {
        return None;
    }
    let software = after(d, "Software Version ").and_then(version_at);
    let release = after(d, "Release ").and_then(version_at);
    let version = match (software, release) {
        (Some(s), Some(r)) => Some(format!("{s} Release {r}")),
        (Some(s), None) => Some(s),
        (None, Some(r)) => Some(format!("Release {r}")),
        // `HP Comware Software. HP 12508 Product Version 12500-CMW710-R7328P01.`: the only
        // version HP gives there is the product version (series, Comware 7.1.0, release).
        (None, None) => after(d, "Product Version ").and_then(version_at),
    };
    info(COMWARE, version)
}

fn huawei(d: &str) -> Option<OsInfo> {
    let family = if d.contains("Huawei YunShan OS") {
        HUAWEI_YUNSHAN
    } else if d.contains("Huawei Versatile Routing Platform") || d.contains("VRP (R) software") {
        HUAWEI_VRP
    } else {
        return None;
    };
    // `Version 5.170 (S5720 V200R011C10SPC600)`: 5.170 is the VRP platform, the V-code is the
    // release operators upgrade to and the one Huawei publishes.
    info(family, vrp_code(d).map(str::to_owned))
}

/// The first `V<3 digits>R<3 digits>…` product release code in `s` (`V200R012C00SPC500`).
pub(super) fn vrp_code(s: &str) -> Option<&str> {
    s.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',')).find(|t| {
        let b = t.as_bytes();
        b.len() >= 8
            && b[0] == b'V'
            && b[1..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'R'
            && b[5..8].iter().all(u8::is_ascii_digit)
            && b.iter().all(u8::is_ascii_alphanumeric)
    })
}

fn ironware(d: &str) -> Option<OsInfo> {
    after(d, "IronWare Version ").map(|rest| OsInfo { family: IRONWARE, version: version_at(rest) })
}

fn dell(d: &str) -> Option<OsInfo> {
    // OS9 / FTOS: `Dell Networking OS\nOperating System Version: 2.0\nApplication Software Version: 9.6(0.0)\n…`;
    // the "Operating System Version" is the kernel's, the application version is the release.
    if let Some(rest) = after(d, "Application Software Version:") {
        return info(FTOS, version_at(rest));
    }
    if d.contains("Dell") && d.contains("OS10") {
        return info(DELL_OS10, version_after(d, "OS Version: "));
    }
    None
}

fn extreme(d: &str) -> Option<OsInfo> {
    // `ExtremeXOS version 12.3.4.12 v1234b12-patch1-6 by …`: the second token is the build tag.
    d.contains("ExtremeXOS").then(|| OsInfo { family: EXTREMEXOS, version: version_after(d, "version ") })
}

fn allied(d: &str) -> Option<OsInfo> {
    if let Some(rest) = after(d, "AW+ v") {
        return info(ALLIEDWARE_PLUS, version_at(rest));
    }
    if !d.contains("AlliedWare Plus") {
        return None;
    }
    // `AlliedWare Plus (TM) 2.2.3.0` (AT-8100S): the release follows the trademark sign.
    let version = version_after(d, "Version ").or_else(|| version_after(d, "AlliedWare Plus (TM) "));
    info(ALLIEDWARE_PLUS, version.filter(|v| v.starts_with(|c: char| c.is_ascii_digit())))
}

/// `ZTE ZXR10 9908 Software, 9900 Version: V1.01.10.B19P06,  RELEASE SOFTWARE`.
fn zte(d: &str) -> Option<OsInfo> {
    if !d.contains("ZXR10") {
        return None;
    }
    info(ZTE_ZXROS, version_after(d, "Version: ").or_else(|| version_after(d, "Version ")))
}

fn ruijie(d: &str) -> Option<OsInfo> {
    // ENTITY-MIB on Ruijie names the OS itself: `RGOS 10.4(3)p4 Release(161753)`.
    if !(d.contains("Ruijie") || d.starts_with("RGOS ")) {
        return None;
    }
    info(RUIJIE_RGOS, version_after(d, "RGOS "))
}

fn fortios(d: &str) -> Option<OsInfo> {
    let named = ["FortiGate", "FortiOS", "FortiCarrier", "FortiWiFi"].iter().any(|m| d.contains(m));
    named.then(|| OsInfo { family: FORTIOS, version: fortios_version(d) })
}

/// `FortiCarrier-3000D v5.4.5,build1138b1138,170531 (GA)` → `5.4.5`.
pub(super) fn fortios_version(s: &str) -> Option<String> {
    s.split_whitespace().find_map(|t| {
        let v = t.strip_prefix('v')?.split(',').next()?;
        let ok = v.starts_with(|c: char| c.is_ascii_digit()) && v.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        (ok && v.contains('.')).then(|| v.to_owned())
    })
}

/// `<model> v<release>,build…` or `<model>-v<release>-build…`: a Fortinet version string that
/// names the model (see `model::fortinet_release`), split into model and release.
pub(super) fn fortinet_release(s: &str) -> Option<(&str, String)> {
    let at = s.find(",build").or_else(|| s.find("-build"))?;
    let (model, tagged) = s[..at].rsplit_once(['-', ' '])?;
    let release = tagged.strip_prefix('v')?;
    let model = model.trim();
    let ok = dotted_release(release) && !model.is_empty() && model.len() <= 40 && !model.contains(char::is_whitespace);
    ok.then(|| (model, release.to_owned()))
}

fn panos(d: &str) -> Option<OsInfo> {
    // `Palo Alto Networks PA-5000 series firewall`: no release; PAN-COMMON-MIB or ENTITY-MIB has it.
    d.starts_with("Palo Alto Networks").then_some(OsInfo { family: PAN_OS, version: None })
}

fn routeros(d: &str) -> Option<OsInfo> {
    if !d.starts_with("RouterOS") {
        return None;
    }
    // `RouterOS CRS125-24G-1S`: the board, no release (MIKROTIK-MIB has that). The chassis
    // entPhysicalDescr words it `RouterOS 6.40.5 (stable) on RB952Ui-5ac2nD`: there the
    // word after the name is the release.
    let version = version_after(d, "RouterOS ").filter(|v| v.starts_with(|c: char| c.is_ascii_digit()));
    info(ROUTEROS, version)
}

/// `EdgeOS v1.9.7+hotfix.4.5024279.171006.0255` → `1.9.7+hotfix.4`: the last three dotted parts
/// are build number, build date (yymmdd) and time (hhmm).
fn edgeos(d: &str) -> Option<OsInfo> {
    let tok = token(after(d, "EdgeOS v")?);
    let parts: Vec<&str> = tok.split('.').collect();
    let all_digits = |s: &&str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let n = parts.len();
    let version =
        if n >= 6 && parts[n - 3..].iter().all(all_digits) { parts[..n - 3].join(".") } else { tok.to_owned() };
    info(EDGEOS, Some(version).filter(|v| v.bytes().any(|b| b.is_ascii_digit())))
}

/// `SSG-140 version 6.2.0r5.0 (SN: JN123456ABCD, Firewall+VPN)`.
fn screenos(d: &str) -> Option<OsInfo> {
    let netscreen = ["SSG", "ISG", "NetScreen"].iter().any(|m| d.starts_with(m)) && d.contains("(SN: ");
    netscreen.then(|| OsInfo { family: SCREENOS, version: version_after(d, " version ") })
}

/// `DES-3200-18 Fast Ethernet Switch`, `D-Link DES-3028 Fast Ethernet Switch`: the firmware
/// release is not in sysDescr on these; the D-Link agent MIBs carry it. The web-smart ones
/// say the model and the release and nothing else: `WS6-DGS-1210-52/F1 6.10.007`.
fn dlink(d: &str) -> Option<OsInfo> {
    let mut words = d.split_whitespace();
    let first = words.next().unwrap_or("");
    if !(d.starts_with("D-Link ") || is_dlink_model(first)) {
        return None;
    }
    let (second, rest) = (words.next(), words.next());
    let release = second.filter(|v| rest.is_none() && dotted_release(v));
    info(DLINK, release.map(str::to_owned))
}

/// `DGS-1210-28`, `DES-3028`, and the web-smart generation's `WS6-DGS-1210-52/F1`: a D-Link
/// series prefix, at the start or after a dash, then a digit.
pub(super) fn is_dlink_model(word: &str) -> bool {
    let series = |s: &str| {
        ["DES-", "DGS-", "DXS-", "DWS-"]
            .iter()
            .any(|p| s.strip_prefix(p).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())))
    };
    series(word) || word.match_indices('-').any(|(at, _)| series(&word[at + 1..]))
}

/// Nortel's, then Avaya's Ethernet Routing Switch and BayStack lines: `Ethernet Routing
/// Switch 5530-24TFD    HW:32       FW:6.0.0.18  SW:v6.3.2.011 BN:11 (c) Avaya Networks`. FW
/// is the boot loader's release, SW the one a technician upgrades.
fn boss(d: &str) -> Option<OsInfo> {
    let rest = after(d, "SW:v")?;
    let named = ["Ethernet Routing Switch", "BayStack", "Business Policy Switch", "Ethernet Switch"]
        .iter()
        .any(|m| d.starts_with(m));
    named.then(|| OsInfo { family: BOSS, version: version_at(rest) })
}

/// `Vyatta VC6.6R1`, `Vyatta unknown-version` (no release); VyOS 1.0–1.1 kept the prefix,
/// `Vyatta VyOS 1.1.3`, later ones say `VyOS 1.2.0-beta1`.
fn vyatta(d: &str) -> Option<OsInfo> {
    if d.starts_with("VyOS ") || d.starts_with("Vyatta VyOS ") {
        let v = version_after(d, "VyOS ").filter(|v| v.starts_with(|c: char| c.is_ascii_digit()));
        return info(VYOS, v);
    }
    let rest = d.strip_prefix("Vyatta ")?;
    info(VYATTA, version_at(rest))
}

/// `BDCOM(tm) S5612 Software, Version 2.1.1B Build 31318`; older routers copy Cisco's
/// wording, `BDCOM Internetwork Operating System Software I-8006 Series Software, Version 5.1.1C (FULL), …`.
fn bdcom(d: &str) -> Option<OsInfo> {
    let named =
        d.contains("BDCOM(tm) ") || (d.contains("BDCOM") && d.contains("Internetwork Operating System Software"));
    named.then(|| OsInfo { family: BDCOM, version: version_after(d, "Software, Version ") })
}

/// The agent Digital China's switches share with Maipu's SM series: the model, `Device,
/// Compiled …`, then `SoftWare Version …`, `BootRom Version …` on lines of their own.
fn dcn_software_version(d: &str) -> Option<&str> {
    let at = find_ci(d, "SoftWare Version ")?;
    let t = token(&d[at + "SoftWare Version ".len()..]);
    t.bytes().any(|b| b.is_ascii_digit()).then_some(t)
}

/// `… SoftWare Version 7.0.3.1(B0232.0031) … Copyright (C) 2001-2015 by Digital China Networks
/// Limited.`; older boxes say only `Digital China DCS-3726S`.
fn dcn(d: &str) -> Option<OsInfo> {
    d.contains("Digital China").then(|| OsInfo { family: DCN, version: dcn_software_version(d).map(str::to_owned) })
}

/// `SoftWare Version SM4200-16GEF8GE-AC_6.0.222.39 … Copyright (C) 2009 Maipu Communication
/// Technology Co., Ltd.`: the release follows the model and `_` (the BootRom line is written
/// the same way, `SM4200-16GEF8GE-AC_2.0.11`).
fn maipu(d: &str) -> Option<OsInfo> {
    if !d.contains("Maipu Communication Technology") {
        return None;
    }
    let version = dcn_software_version(d).map(|t| match t.rsplit_once('_') {
        Some((_, v)) if v.starts_with(|c: char| c.is_ascii_digit()) => v,
        _ => t,
    });
    info(MAIPU_MYPOWER, version.map(str::to_owned))
}

/// `DPTECH Conplat Platform Software\r Conplat software, Version V100R004B01D007P02PATCH03,
/// Release S111C011D007P02PATCH03\r …`: the platform version. The `Release` and `Product
/// Version` after it name the product build (the chassis' entPhysicalSoftwareRev is that `Release`).
fn dptech(d: &str) -> Option<OsInfo> {
    let named = contains_ci(d, "DPtech") && contains_ci(d, "Conplat");
    named.then(|| OsInfo { family: DPTECH_CONPLAT, version: version_after(d, ", Version ") })
}

/// Fabric OS's factory sysDescr is `Fibre Channel Switch.`; the release is only in SW-MIB
/// `swFirmwareVersion` (`v7.0.2c`), which the poller reads through [`version_from_entity`].
fn brocade_fos(d: &str) -> Option<OsInfo> {
    matches!(d.trim(), "Fibre Channel Switch." | "Fibre Channel Switch")
        .then_some(OsInfo { family: BROCADE_FOS, version: None })
}

/// Trapeze-made Juniper WLAN controllers: `Juniper Networks, Inc WLC2800 9.0.3.5 REL` (no dot
/// after `Inc`, unlike Junos): model, release, release type.
fn trapeze(d: &str) -> Option<OsInfo> {
    let mut words = d.strip_prefix("Juniper Networks, Inc ")?.split_whitespace();
    if !words.next()?.starts_with("WLC") {
        return None;
    }
    let release = words.next().filter(|w| {
        w.starts_with(|c: char| c.is_ascii_digit())
            && w.contains('.')
            && w.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    });
    info(TRAPEZE_MSS, release.map(str::to_owned))
}

/// `Clavister cOS Core 10.21.02.01-25325`, `Clavister CorePlus 9.30.08.21-22257 TP`, and the
/// same agent under another brand on Clavister's enterprise number: `Amaranten Firewall 8.90.07.01-11595`.
fn clavister(d: &str) -> Option<OsInfo> {
    let rest =
        ["Clavister cOS Core ", "Clavister CorePlus ", "Amaranten Firewall "].iter().find_map(|m| after(d, m))?;
    let version = version_at(rest).filter(|v| v.starts_with(|c: char| c.is_ascii_digit()));
    info(CLAVISTER_COS, version)
}

/// `VENUS VSOS-V0600R0705B20180507`, `VENUS VSOS-V0700R0600`: the release is joined to the name.
fn venus(d: &str) -> Option<OsInfo> {
    let rest = d.strip_prefix("VENUS VSOS")?;
    let v = token(rest.strip_prefix(['-', ' ']).unwrap_or(""));
    let is_release = v.starts_with('V') && v[1..].starts_with(|c: char| c.is_ascii_digit());
    info(VENUS_VSOS, is_release.then(|| v.to_owned()))
}

/// `Topsec  NGFW4000-UF(TG-72282) Software Version V3.2073N.2060N_NGFW.1`.
/// Other Topsec products need not run TOS, so the wording of both halves is required.
fn topsec(d: &str) -> Option<OsInfo> {
    if !d.starts_with("Topsec ") {
        return None;
    }
    info(TOPSEC_TOS, version_at(after(d, " Software Version ")?))
}
