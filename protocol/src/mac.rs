//! MAC addresses written as text, as agents, operating systems and network devices write
//! them. The agent reads them into its reports and the collector compares what any agent
//! sent, so both read them here.

/// The six octets of a MAC written as text: `aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF`, Cisco's
/// `aabb.ccdd.eeff` or HP's `aabbcc-ddeeff`; `None` for anything else, twelve bare hex digits
/// included (as often a serial number as a MAC).
pub fn octets(text: &str) -> Option<[u8; 6]> {
    let text = text.trim();
    let groups: Vec<&str> = text.split([':', '-', '.']).collect();
    let width = match groups.len() {
        6 => 2,
        3 if text.contains('.') => 4,
        2 if text.contains('-') => 6,
        _ => return None,
    };
    if groups.iter().any(|g| g.len() != width || !g.bytes().all(|b| b.is_ascii_hexdigit())) {
        return None;
    }
    let digits = groups.concat();
    let mut octets = [0; 6];
    for (i, octet) in octets.iter_mut().enumerate() {
        *octet = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(octets)
}

/// Octets as MACs are written in reports: `aa:bb:cc:dd:ee:ff`.
pub fn colon_hex(octets: &[u8]) -> String {
    octets.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_notation_reads_as_the_same_octets() {
        let want = [0x00, 0x50, 0x56, 0xab, 0xcd, 0xef];
        for written in
            ["00:50:56:ab:cd:ef", "00-50-56-AB-CD-EF", "0050.56ab.cdef", "005056-abcdef", " 00:50:56:AB:cd:ef "]
        {
            assert_eq!(octets(written), Some(want), "{written}");
        }
        assert_eq!(colon_hex(&want), "00:50:56:ab:cd:ef");
    }

    #[test]
    fn what_is_not_a_mac_is_none() {
        for bad in [
            "",
            "0050.56ab",
            "00:50:56:ab:cd:e",
            "0050-56ab-cdef",
            "005056.abcdef",
            "+0:50:56:ab:cd:ef",
            "005056abcdef",
            "zz:50:56:ab:cd:ef",
            "core-sw1",
            "10.9.0.1",
        ] {
            assert_eq!(octets(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panic(text in "\\PC{0,40}") {
            let _ = octets(&text);
        }

        #[test]
        fn written_then_read_is_the_same(bytes in proptest::array::uniform6(proptest::num::u8::ANY)) {
            proptest::prop_assert_eq!(octets(&colon_hex(&bytes)), Some(bytes));
        }
    }
}
