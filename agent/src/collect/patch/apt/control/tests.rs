use proptest::prelude::*;

use super::{Op, Relation, for_each_raw_stanza, for_each_stanza, parse_relations};

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

/// Reads in small pieces, as a decompressor may hand them over.
struct Trickle<'a>(&'a [u8]);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = out.len().min(self.0.len()).min(7);
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

fn fields_of(text: &[u8]) -> Vec<Vec<Option<String>>> {
    let mut seen = Vec::new();
    for_each_stanza(text, &["Package", "Version"], |f| seen.push(f.iter().map(|v| v.map(str::to_string)).collect()))
        .unwrap();
    seen
}

#[test]
fn raw_stanzas_are_the_stanzas_whatever_the_reads() {
    let text = b"Package: a\nVersion: 1\n\nPackage: b\nDepends: x,\n y\n\n\n\nPackage: c\nVersion: 3";
    let mut raw = Vec::new();
    for_each_raw_stanza(Trickle(text), |s| raw.push(s.to_vec())).unwrap();
    assert_eq!(raw.len(), 3);
    assert_eq!(raw[1], b"Package: b\nDepends: x,\n y\n");
    let from_raw: Vec<_> = raw.iter().flat_map(|s| fields_of(s)).collect();
    assert_eq!(from_raw, fields_of(text));
}

proptest! {
    #[test]
    fn decoders_never_panic(text in "\\PC{0,200}") {
        let _ = parse_relations(&text);
        let _ = for_each_stanza(text.as_bytes(), &["Package", "Depends"], |_| {});
        let _ = for_each_raw_stanza(Trickle(text.as_bytes()), |_| {});
    }

    #[test]
    fn raw_stanzas_read_as_the_whole_text(names in proptest::collection::vec("[a-z]{1,8}", 0..20), gaps in proptest::collection::vec(1usize..4, 20)) {
        let text: String = names.iter().zip(&gaps).map(|(n, g)| format!("Package: {n}\nVersion: 1.{g}\n{}", "\n".repeat(*g))).collect();
        let mut from_raw = Vec::new();
        for_each_raw_stanza(Trickle(text.as_bytes()), |s| from_raw.extend(fields_of(s))).unwrap();
        prop_assert_eq!(from_raw, fields_of(text.as_bytes()));
    }
}
