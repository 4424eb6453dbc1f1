use super::*;

/// Texts that read the same in both languages on purpose.
const SAME_IN_BOTH: &[&str] = &[
    "ok",
    "switch",
    "router",
    "transceiver",
    "server",
    "Token",
    "Firmware",
    "Status",
    "FQDN",
    "container",
    "BIOS",
    "sensor",
    "port",
    "stack",
    "vCenter",
    "Datacenter",
    "ESXi",
    "vCPU",
    "Server",
    "per server",
];

#[test]
fn every_text_has_both_languages_and_the_swedish_differs() {
    let mut seen = std::collections::HashSet::new();
    for (name, text) in all() {
        assert!(!text.en.trim().is_empty() && !text.sv.trim().is_empty(), "{name}");
        assert!(text.en != text.sv || SAME_IN_BOTH.contains(&text.en) || name == "TOKEN", "{name}: {:?}", text.en);
        assert!(!text.sv.contains("TODO"), "{name}");
        seen.insert(name);
    }
    assert!(seen.len() > 20);
}

#[test]
fn every_status_and_category_has_a_swedish_name() {
    for c in Category::ALL {
        assert!(!category(c, Lang::Sv).is_empty());
    }
    assert_eq!(status(Status::PastEndOfLife, Lang::Sv), "förbi livslängden");
}
