use super::{Controls, controls};

#[test]
fn the_byte_scan_finds_exactly_the_characters_unicode_calls_control() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let expected = match c {
            '\t' => Controls::None,
            '\n' | '\r' => Controls::Breaks,
            c if c.is_control() => Controls::Other,
            _ => Controls::None,
        };
        // Alone, and between text whose bytes border it (`Â` is C3 82, `\u{a0}` is C2 A0).
        for value in [c.to_string(), format!("Â{c}\u{a0}x")] {
            assert_eq!(controls(&value), expected, "{:?} in {value:?}", c);
        }
    }
    assert_eq!(controls("a\tb\nc\u{85}"), Controls::Other, "a C1 after a line break");
}
