use super::*;

/// A Report as an agent sends it, built with the same encoder.
fn report(engine: &[u8], stat: u32) -> Vec<u8> {
    let global = seq(&[int(2), int(65_507), tlv(0x04, &[0x00]), int(3)]);
    let usm = seq(&[tlv(0x04, engine), int(7), int(12345), tlv(0x04, b""), tlv(0x04, b""), tlv(0x04, b"")]);
    let oid = tlv(0x06, &[0x2b, 6, 1, 6, 3, 15, 1, 1, stat as u8, 0]);
    let varbinds = seq(&[seq(&[oid, tlv(0x41, &[1])])]);
    let pdu = tlv(0xa8, &[int(2), int(0), int(0), varbinds].concat());
    seq(&[int(3), global, tlv(0x04, &usm), seq(&[tlv(0x04, engine), tlv(0x04, b""), pdu])])
}

#[test]
fn reads_engine_and_report_oid() {
    let bytes = report(&[0x80, 0x00, 0x1f, 0x88, 0x80], 3);
    assert_eq!(report_engine(&bytes), Some((vec![0x80, 0x00, 0x1f, 0x88, 0x80], 7, 12345)));
    assert_eq!(answer_pdu(&bytes), Some(Pdu::Report(vec![1, 3, 6, 1, 6, 3, 15, 1, 1, 3, 0])));
}

#[test]
fn integers_encode_minimally() {
    assert_eq!(int(0), [0x02, 0x01, 0x00]);
    assert_eq!(int(127), [0x02, 0x01, 0x7f]);
    assert_eq!(int(128), [0x02, 0x02, 0x00, 0x80]);
    assert_eq!(int(65_507), [0x02, 0x03, 0x00, 0xff, 0xe3]);
    assert_eq!(int(-1), [0x02, 0x01, 0xff]);
    assert_eq!(Ber(&int(-300)).integer(), Some(-300));
    assert_eq!(Ber(&int(i64::MAX)).integer(), Some(i64::MAX));
}

#[test]
fn long_lengths() {
    let body = vec![7u8; 300];
    let encoded = tlv(0x04, &body);
    assert_eq!(&encoded[..4], &[0x04, 0x82, 0x01, 0x2c]);
    assert_eq!(Ber(&encoded).expect(0x04), Some(&body[..]));
}

proptest::proptest! {
    #[test]
    fn decoders_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
        let _ = report_engine(&bytes);
        let _ = answer_pdu(&bytes);
        let _ = report_oid(&bytes);
        let _ = decode_oid(&bytes);
    }

    #[test]
    fn truncated_reports_never_panic(cut in 0usize..200) {
        let bytes = report(&[0x80, 0, 0x1f, 0x88], 5);
        let _ = answer_pdu(&bytes[..cut.min(bytes.len())]);
    }
}
