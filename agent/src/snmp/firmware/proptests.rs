//! Properties of every public parser on any input: no panic, and nothing invented. sysDescr
//! and ENTITY-MIB revisions come off the wire from devices nobody vetted, so the inputs are
//! arbitrary text, lossy-decoded random bytes (NUL, 0xFF, lone continuation bytes), text
//! far past [`MAX_SCAN`], thousands of lines, and soups of the markers the recognisers key
//! on (the only way random input reaches the version-reading code).

use super::category::*;
use super::*;
use proptest::prelude::*;

/// Markers the recognisers and model rules key on, plus separators that have bitten parsers.
#[rustfmt::skip]
const MARKERS: &[&str] = &[
    "Cisco IOS Software", "Cisco IOS XR Software", "Cisco NX-OS", "Cisco Adaptive Security Appliance",
    "Cisco IOS Software [", "IOS (tm)", "LINUX_IOSD", "Version ", "version ", ", version ", "JUNOS ",
    "Juniper Networks, Inc. ", "Juniper Networks, Inc ", "SW Version : (", "Arista Networks EOS", "EOS version ",
    "running on an Arista Networks ", "ArubaOS", "(MODEL: ", "Aruba ", "JL635A", "GL.10.04.2000", "HP ", "ProCurve",
    ", revision ", "Comware", "H3C ", "H3C Switch ", "Software Version ", "Release ", "Product Version ",
    "Comware Platform Software ", "Huawei Versatile Routing Platform", "VRP (R) software", "Huawei YunShan OS",
    "V200R012C00SPC500", "V2", "IronWare Version ", "Application Software Version:", "Dell", "OS10", "OS Version: ",
    "Dell Networking N", ", Linux ", "EFOS", "ExtremeXOS", "AW+ v", "AlliedWare Plus", "AlliedWare Plus (TM) ",
    "ZXR10 ", "Version: ", "Ruijie", "RGOS ", "FortiGate", " v5.4.5,", "Palo Alto Networks", "RouterOS ", " on ",
    "EdgeOS v", "SSG", "(SN: ", "D-Link ", "DES-", "Series: ", " Device, Compiled", "Digital China ", "BDCOM(tm) ",
    "NGFW", "firewall", "Vyatta", "Vyatta ", "VyOS ", "Vyatta VyOS ", "unknown-version", "Software, Version ",
    "Internetwork Operating System Software", "SoftWare Version ", "Digital China", "Maipu Communication Technology",
    "_", "AC_6.0.222.39", "DPTECH Conplat", ", Version ", "Fibre Channel Switch.", "Juniper Networks, Inc WLC", " REL",
    "Clavister cOS Core ", "Clavister CorePlus ", "Amaranten Firewall ", "VENUS VSOS", "VENUS VSOS-", "-V0700R0600",
    "Topsec ", "v7.0.2c", "(", ")", "[", "]", ",", ", ", ".", "-", " ", "\r\n", "\n", "\r", "\0", "\u{FF}",
    "\u{FFFD}", "é", "漢", "\u{2028}", "\u{85}", "1", "12.2(55)SE3", "5.20", "7751P01", "9",
];

/// Text that reaches the parsers: markers, digits and junk in any order.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(MARKERS).prop_map(str::to_owned),
        1 => "[A-Za-z0-9.()\\-]{0,8}",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Random bytes as a device's OCTET STRING would arrive, decoded the way the poller does.
fn wire_bytes() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 0..400).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Any input at all.
fn input() -> impl Strategy<Value = String> {
    prop_oneof![3 => soup(), 1 => any::<String>(), 1 => wire_bytes()]
}

/// A version is one short printable line, and nothing in it was made up: a piece of the
/// input, or for Comware (which joins `5.20` and `Release 1513P62`) words of the input.
fn check_version(family: &str, version: &str, inputs: &[&str]) -> Result<(), TestCaseError> {
    prop_assert!(!version.trim().is_empty(), "blank version");
    prop_assert!(version.len() <= 64, "long version {version:?}");
    prop_assert!(!version.contains(char::is_control), "control character in {version:?}");
    let found = |piece: &str| inputs.iter().any(|i| i.contains(piece));
    if family == COMWARE {
        prop_assert!(version.split_whitespace().all(found), "{version:?} has words not in the input");
    } else {
        prop_assert!(found(version), "{version:?} is not in the input");
    }
    Ok(())
}

fn check_os(info: &Option<OsInfo>, inputs: &[&str]) -> Result<(), TestCaseError> {
    let Some(info) = info else { return Ok(()) };
    prop_assert!(ALL.contains(&info.family), "{:?} is not in the shared list", info.family);
    if let Some(v) = &info.version {
        check_version(info.family, v, inputs)?;
    }
    Ok(())
}

fn check_model(descr: &str) -> Result<(), TestCaseError> {
    let Some(model) = model_from_sys_descr(descr) else { return Ok(()) };
    prop_assert!(!model.is_empty() && model.len() <= 64, "model {model:?}");
    prop_assert_eq!(model, model.trim(), "model has blanks at its ends");
    prop_assert!(!model.contains(char::is_control), "control character in model {:?}", model);
    prop_assert!(descr.contains(model), "model {:?} is not in sysDescr", model);
    Ok(())
}

fn check_category(
    vendor: Option<&str>,
    descr: &str,
    model: Option<&str>,
    services: Option<u8>,
) -> Result<(), TestCaseError> {
    let kinds = [SWITCH, ROUTER, FIREWALL, WIRELESS_CONTROLLER, ACCESS_POINT, LOAD_BALANCER, SERVER];
    if let Some((kind, why)) = category(vendor, descr, model, services) {
        prop_assert!(kinds.contains(&kind), "unknown category {kind:?}");
        prop_assert!(!why.is_empty(), "no reason for {kind:?}");
    }
    Ok(())
}

/// Every function on one input, with every property checked.
fn check_all(s: &str, other: &str, services: Option<u8>) -> Result<(), TestCaseError> {
    check_os(&from_sys_descr(s), &[s])?;
    check_model(s)?;
    check_category(Some(other), s, Some(other), services)?;
    check_category(None, s, None, services)?;
    for vendor in [None, Some("Huawei"), Some("Juniper"), Some("H3C"), Some("Fortinet"), Some("Ruijie"), Some(other)] {
        check_os(&from_entity(vendor, Some(s), Some(other)), &[s, other])?;
    }
    for &family in ALL {
        if let Some(v) = version_from_entity(family, Some(s), Some(other)) {
            check_version(family, &v, &[s, other])?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_input_is_safe_and_nothing_is_invented(s in input(), other in input(), services in any::<Option<u8>>()) {
        check_all(&s, &other, services)?;
    }

    #[test]
    fn many_lines_are_safe(lines in proptest::collection::vec(soup(), 0..400), sep in "\\r\\n|\\n|\\r|\\n\\r") {
        let s = lines.join(&sep);
        check_all(&s, &lines.concat(), Some(78))?;
    }

    #[test]
    fn very_long_input_is_safe(unit in soup(), reps in 1usize..2000) {
        let long = unit.repeat(reps);
        check_all(&long, &unit, None)?;
        // One ASCII byte, then two-byte chars: byte MAX_SCAN falls inside a char.
        let mut multibyte = format!("x{}", "é".repeat(MAX_SCAN));
        multibyte.push_str(&unit);
        check_all(&multibyte, &long, Some(6))?;
    }

    /// Only the first MAX_SCAN bytes count: what follows them changes nothing.
    #[test]
    fn text_past_the_scan_limit_is_ignored(head in soup(), tail in input()) {
        let mut s = head.repeat(MAX_SCAN / head.len().max(1) + 1);
        s.push_str(&"x".repeat(MAX_SCAN));
        let longer = format!("{s}{tail}");
        prop_assert_eq!(from_sys_descr(&s), from_sys_descr(&longer));
        prop_assert_eq!(model_from_sys_descr(&s), model_from_sys_descr(&longer));
        prop_assert_eq!(category(None, &s, None, None), category(None, &longer, None, None));
        prop_assert_eq!(version_from_entity(JUNOS, Some(&s), None), version_from_entity(JUNOS, Some(&longer), None));
    }

    /// A revision that names its OS is read as sysDescr would be, whatever the vendor says.
    #[test]
    fn a_self_describing_revision_wins_over_the_vendor(rev in soup(), vendor in input(), fw in input()) {
        if let Some(info) = from_sys_descr(&rev) {
            prop_assert_eq!(from_entity(Some(&vendor), Some(&rev), Some(&fw)), Some(info));
        }
    }

    /// An empty software revision is no revision: the firmware column decides alone.
    #[test]
    fn an_empty_software_revision_is_skipped(fw in input(), family in proptest::sample::select(ALL)) {
        prop_assert_eq!(version_from_entity(family, Some(""), Some(&fw)), version_from_entity(family, None, Some(&fw)));
    }

    /// Cut real strings anywhere (on char boundaries) and wrap them in junk: no panic, and
    /// the properties above still hold.
    #[test]
    fn mangled_real_strings_are_safe(prefix in input(), cut in 0usize..300, suffix in input()) {
        for descr in super::tests_recordings::descriptions() {
            let cut = descr.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(descr.len());
            let s = format!("{prefix}{}{suffix}", &descr[..cut]);
            check_os(&from_sys_descr(&s), &[&s])?;
            check_model(&s)?;
        }
    }
}
