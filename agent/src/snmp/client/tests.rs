use super::*;

#[test]
fn credentials_are_never_shown() {
    let v3 = Credentials::V3 {
        user: "inventory".into(),
        auth: Some((AuthProtocol::Sha256, "authsecret".into())),
        privacy: Some((Cipher::Aes128, "privsecret".into())),
        context: None,
    };
    let shown = format!("{v3:?} {:?}", Credentials::V2c { community: "c0mmunity".into() });
    assert!(!shown.contains("secret") && !shown.contains("c0mmunity"), "{shown}");
}

proptest::proptest! {
    /// Whatever a device sends back, decoding it into owned values never panics.
    #[test]
    fn garbage_answers_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1500)) {
        if let Ok(pdu) = Pdu::from_bytes(&bytes) {
            let _ = owned(&pdu);
        }
    }

    /// A valid v2c Response with mutated bytes: decoded or refused, never a panic.
    #[test]
    fn corrupted_answers_never_panic(pos in 0usize..64, byte in proptest::prelude::any::<u8>(), cut in 0usize..64) {
        // v2c Response: community "public", request 1, one varbind sysName.0 = "sw1".
        let mut bytes = vec![
            0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, b'p', b'u', b'b', b'l', b'i', b'c', 0xa2, 0x1c, 0x02, 0x01,
            0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x11, 0x30, 0x0f, 0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 5,
            0, 0x04, 0x03, b's', b'w', b'1',
        ];
        let len = bytes.len();
        bytes[pos % len] = byte;
        bytes.truncate(len - cut % len);
        if let Ok(pdu) = Pdu::from_bytes(&bytes) {
            let _ = owned(&pdu);
        }
    }
}

#[test]
fn a_valid_answer_decodes() {
    let bytes = [
        0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, b'p', b'u', b'b', b'l', b'i', b'c', 0xa2, 0x1c, 0x02, 0x01, 0x01,
        0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x11, 0x30, 0x0f, 0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 5, 0, 0x04, 0x03,
        b's', b'w', b'1',
    ];
    let pdu = Pdu::from_bytes(&bytes).unwrap();
    let answer = owned(&pdu).unwrap();
    assert_eq!(answer, vec![(Oid(vec![1, 3, 6, 1, 2, 1, 1, 5, 0]), Value::Bytes(b"sw1".to_vec()))]);
}
