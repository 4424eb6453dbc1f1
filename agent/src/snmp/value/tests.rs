use super::*;

#[test]
fn text_of_values() {
    assert_eq!(Value::Bytes(b"FOC1010X104\0\0".to_vec()).text().as_deref(), Some("FOC1010X104"));
    assert_eq!(Value::Bytes(b"  ".to_vec()).text(), None);
    assert_eq!(Value::Bytes(vec![0x00, 0x1b, 0x54, 0xc2, 0x1a, 0x80]).text().as_deref(), Some("00:1b:54:c2:1a:80"));
    assert_eq!(Value::Bytes(b"Gr\xf6na".to_vec()).text().as_deref(), Some("Gröna"));
    assert_eq!(Value::Bytes("Växel 1".as_bytes().to_vec()).text().as_deref(), Some("Växel 1"));
    assert_eq!(Value::Missing.text(), None);
    assert_eq!(Value::Oid(Oid(vec![1, 3, 6, 1])).text().as_deref(), Some("1.3.6.1"));
}

#[test]
fn a_line_has_no_line_breaks() {
    let multi = Value::Bytes(b"Cisco IOS Software\r\nTechnical Support\r\n".to_vec());
    assert_eq!(multi.text().as_deref(), Some("Cisco IOS Software\r\nTechnical Support"));
    assert_eq!(multi.line().as_deref(), Some("Cisco IOS Software Technical Support"));
    assert_eq!(Value::Bytes(b"WS-C2960\t ".to_vec()).line().as_deref(), Some("WS-C2960"));
    assert_eq!(Value::Bytes(b"\n\n".to_vec()).line(), None);
}

#[test]
fn oids() {
    let base = Oid::parse(".1.3.6.1.2.1.47").unwrap();
    let child = base.child(1);
    assert!(child.starts_with(&base));
    assert_eq!(child.suffix(&base), Some(&[1][..]));
    assert_eq!(Oid::parse("1.3.x"), None);
    assert_eq!(Oid::parse("1"), None);
}

proptest::proptest! {
    #[test]
    fn text_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
        let value = Value::Bytes(bytes);
        let _ = value.text();
        if let Some(line) = value.line() {
            proptest::prop_assert!(!line.contains(['\n', '\r']));
        }
    }
}
