use proptest::prelude::*;

use super::{Op, Relation, for_each_stanza, parse_relations};

#[test]
fn stanzas_keep_only_the_wanted_fields_with_their_continuations() {
    let text = "Package: a\nDescription: x\n more\nversion: 1.0\nDepends: b,\n c (>= 2)\n\n\n\
                Package: b\r\nVersion: 2\r\n\nPackage: c";
    let mut seen = Vec::new();
    for_each_stanza(text.as_bytes(), &["Package", "Version", "Depends"], |f| {
        seen.push(f.iter().map(|v| v.map(str::to_string)).collect::<Vec<_>>())
    })
    .unwrap();
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        seen,
        vec![vec![s("a"), s("1.0"), s("b,\nc (>= 2)")], vec![s("b"), s("2"), None], vec![s("c"), None, None]]
    );
}

#[test]
fn relations_with_alternatives_versions_and_qualifiers() {
    let groups =
        parse_relations("libc6 (>= 2.36), python3:any | python3-minimal (<< 3.12~), debconf (>= 0.5) | debconf-2.0")
            .unwrap();
    assert_eq!(groups.len(), 3);
    assert_eq!(
        groups[0],
        vec![Relation { name: "libc6".into(), arch: None, version: Some((Op::LaterOrEqual, "2.36".into())) }]
    );
    assert_eq!(groups[1][0].arch.as_deref(), Some("any"));
    assert_eq!(groups[1][1].version, Some((Op::Earlier, "3.12~".into())));
    assert_eq!(groups[2].len(), 2);
    assert_eq!(parse_relations("").unwrap(), Vec::<Vec<Relation>>::new());
    assert!(parse_relations("a (>= )").is_none());
    assert!(parse_relations("a [amd64]").is_none());
    assert!(parse_relations("a b").is_none());
}

proptest! {
    #[test]
    fn decoders_never_panic(text in "\\PC{0,200}") {
        let _ = parse_relations(&text);
        let _ = for_each_stanza(text.as_bytes(), &["Package", "Depends"], |_| {});
    }
}
