//! Serials as real devices answer them.

use super::*;
use proptest::prelude::*;

fn bytes(b: &[u8]) -> Value {
    Value::Bytes(b.to_vec())
}

#[test]
fn real_serials_pass_through_trimmed() {
    // snmpsim-data switch/cisco-c3560, router/juniper-mx960-12-3r6-6 (jnxContentsSerialNo),
    // switch/huawei-s12704 (padded with spaces by the recording's device).
    assert_eq!(serial(&bytes(b"FOC1408Z61U")), Ok("FOC1408Z61U".into()));
    assert_eq!(serial(&bytes(b"S/N ACAB6788")), Ok("ACAB6788".into()));
    assert_eq!(serial(&bytes(b"  2102114480P0J7000105 \0\0")), Ok("2102114480P0J7000105".into()));
    assert_eq!(serial(&bytes(b"SN: 9017EHC410215")), Ok("9017EHC410215".into()));
}

#[test]
fn placeholders_and_padding_are_unknown_with_a_reason() {
    for (value, reason) in [
        (bytes(b""), "empty"),
        (bytes(b"    "), "only padding (spaces, NULs or 0xFF)"),
        (bytes(&[0xff; 16]), "only padding (spaces, NULs or 0xFF)"),
        (bytes(&[0; 8]), "only padding (spaces, NULs or 0xFF)"),
        (bytes(b"N/A"), "placeholder \"N/A\""),
        (bytes(b"unknown"), "placeholder \"unknown\""),
        (bytes(b"0"), "placeholder \"0\""),
        (bytes(b"0000000000"), "placeholder \"0000000000\""),
        (bytes(b"BUILTIN"), "placeholder \"BUILTIN\""),
        (bytes(b"S/N "), "only a label"),
        (bytes(&[0x01, 0x02, 0x41]), "not printable ASCII"),
        (Value::Integer(12), "not a string (integer)"),
        (Value::Missing, "not answered"),
    ] {
        assert_eq!(serial(&value), Err(reason.to_string()), "{value:?}");
    }
}

proptest! {
    #[test]
    fn any_answer_gives_a_clean_serial_or_a_reason(raw in proptest::collection::vec(any::<u8>(), 0..100)) {
        match serial(&bytes(&raw)) {
            Ok(s) => {
                prop_assert!(!s.is_empty() && s.len() <= 64);
                prop_assert!(s.bytes().all(|b| (0x20..0x7f).contains(&b)));
                prop_assert_eq!(s.trim(), s.as_str());
                // Nothing is made up: the serial is a piece of what the device said.
                prop_assert!(raw.windows(s.len()).any(|w| w == s.as_bytes()));
            }
            Err(reason) => prop_assert!(!reason.is_empty()),
        }
    }
}
