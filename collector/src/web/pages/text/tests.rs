use super::*;

/// Texts of this module and of the frame that read the same in both languages on purpose;
/// each page module lists its own beside its texts.
const SAME_IN_BOTH: &[&str] = &["ok", "switch", "router", "transceiver", "server", "container", "Token"];

fn same_in_both() -> Vec<&'static str> {
    use super::super::{costs, device, fleet, lifecycle};
    let lists: [&[&'static str]; 5] = [
        SAME_IN_BOTH,
        fleet::text::SAME_IN_BOTH,
        device::text::SAME_IN_BOTH,
        costs::text::SAME_IN_BOTH,
        lifecycle::text::SAME_IN_BOTH,
    ];
    lists.into_iter().flatten().copied().collect()
}

/// The `{key}`s of a template, sorted.
fn keys(s: &str) -> Vec<&str> {
    let mut keys: Vec<&str> = s.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(k, _)| k).collect();
    keys.sort_unstable();
    keys
}

#[test]
fn every_text_has_both_languages_and_the_swedish_differs() {
    let same = same_in_both();
    let mut seen = std::collections::HashSet::new();
    for (name, text) in all() {
        assert!(!text.en.trim().is_empty() && !text.sv.trim().is_empty(), "{name}");
        assert!(text.en != text.sv || same.contains(&text.en), "{name}: {:?}", text.en);
        assert!(!text.sv.contains("TODO"), "{name}");
        assert_eq!(keys(text.en), keys(text.sv), "{name}: every placeholder in both languages");
        seen.insert(name);
    }
    assert!(seen.len() > 20);
}

/// The English stays what the model says, so the pages read as before.
#[test]
fn english_platforms_are_the_models_words() {
    for p in [PlatformKind::Physical, PlatformKind::Virtual, PlatformKind::Container, PlatformKind::Unknown] {
        assert_eq!(platform(p, Lang::En), p.as_str());
    }
}
