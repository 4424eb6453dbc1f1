use super::*;
use proptest::prelude::*;

const DEBIAN: &[u8] = include_bytes!("../../../../tests/fixtures/eol/debian.json");
const UBUNTU: &[u8] = include_bytes!("../../../../tests/fixtures/eol/ubuntu.json");
const ROUTEROS: &[u8] = include_bytes!("../../../../tests/fixtures/eol/routeros.json");
const PANOS: &[u8] = include_bytes!("../../../../tests/fixtures/eol/panos.json");

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn minimal(release: &str) -> String {
    format!(r#"{{"schema_version":"1.2.1","result":{{"name":"x","releases":[{release}]}}}}"#)
}

#[test]
fn parses_debian_fixture() {
    let p = parse_api_product(DEBIAN).expect("debian parses");
    assert_eq!(p.name, "debian");
    let bookworm = p.releases.iter().find(|c| c.name == "12").expect("debian 12");
    assert_eq!(bookworm.codename.as_deref(), Some("Bookworm"));
    assert_eq!(bookworm.release_date, Some(date("2023-06-10")));
    assert_eq!(bookworm.eol_from, Some(date("2026-07-11")));
    assert_eq!(bookworm.eoes_from, Some(date("2028-06-30")));
    assert_eq!(bookworm.eoas_from, None, "debian has no active-support column");
    assert_eq!(bookworm.latest.as_deref(), Some("12.15"));
    assert!(bookworm.is_eol);
    assert_eq!((p.fetched_at, p.etag, p.last_modified), (None, None, None));
}

#[test]
fn parses_lts_eoas_and_boolean_eol() {
    let ubuntu = parse_api_product(UBUNTU).expect("ubuntu parses");
    let jammy = ubuntu.releases.iter().find(|c| c.name == "22.04").expect("22.04");
    assert!(jammy.lts);
    assert_eq!(jammy.eoas_from, Some(date("2024-09-30")));
    assert_eq!(jammy.eol_from, Some(date("2027-04-01")));

    // RouterOS 7.21 is the long-term cycle whose end is `eol: false`: not EOL, no date.
    let routeros = parse_api_product(ROUTEROS).expect("routeros parses");
    let lt = routeros.releases.iter().find(|c| c.name == "7.21").expect("7.21");
    assert!(lt.lts && !lt.is_eol && lt.eol_from.is_none());
    let old = routeros.releases.iter().find(|c| c.name == "6.48").expect("6.48");
    assert!(old.is_eol && old.eol_from.is_none());
}

#[test]
fn empty_latest_is_none_and_aliases_are_kept() {
    let parsed = parse_response(PANOS).expect("panos parses");
    assert_eq!(parsed.product.name, "panos");
    assert!(parsed.aliases.iter().any(|a| a == "pan-os"));
    let old = parsed.product.releases.iter().find(|c| c.name == "5.1").expect("5.1");
    assert_eq!(old.latest, None);
    assert_eq!(parsed.generated_at.map(|t| t.date_naive()), Some(date("2026-08-22")));
}

#[test]
fn errors_name_the_json_path() {
    let cases = [
        (minimal(r#"{"name":"1","isEol":false,"eolFrom":"2024-5-1"}"#), "result.releases[0].eolFrom", "YYYY-MM-DD"),
        (
            minimal(r#"{"name":"1","isEol":false,"releaseDate":"2024-02-30"}"#),
            "result.releases[0].releaseDate",
            "calendar",
        ),
        (minimal(r#"{"name":"1","isEol":false,"eoesFrom":"0001-01-01"}"#), "result.releases[0].eoesFrom", "1970"),
        (minimal(r#"{"name":"","isEol":false}"#), "result.releases[0].name", "empty cycle name"),
        (minimal(r#"{"name":"  ","isEol":false}"#), "result.releases[0].name", "empty cycle name"),
        (minimal(r#"{"name":"1"}"#), "result.releases[0]", "isEol"),
        (minimal(r#"{"name":"1","isEol":"no"}"#), "result.releases[0].isEol", "boolean"),
        (minimal(r#"{"name":"1","isEol":true},{"name":"1","isEol":true}"#), "result.releases[1].name", "duplicate"),
        (minimal(""), "result.releases", "no release cycles"),
        (r#"{"schema_version":"2.0.0","result":{"name":"x","releases":[]}}"#.into(), "schema_version", "v1"),
        (r#"{"result":{"name":"../etc","releases":[]}}"#.into(), "result.name", "product name"),
        (r#"{"result":{"name":"x"}}"#.into(), "result", "releases"),
        (format!("{} trailing", minimal(r#"{"name":"1","isEol":true}"#)), ".", "trailing"),
        ("{".into(), ".", "EOF"),
        (r#"{"result": 5}"#.into(), "result", "a product object"),
    ];
    for (json, path, needle) in cases {
        let e = parse_api_product(json.as_bytes()).expect_err(&json);
        assert_eq!(e.path, path, "{json}: {e}");
        assert!(e.message.contains(needle), "{json}: {e}");
        assert!(e.to_string().starts_with(path));
    }
}

#[test]
fn tolerates_nulls_and_unknown_fields() {
    let json = minimal(
        r#"{"name":"9","codename":null,"releaseDate":null,"isLts":null,"isEol":false,"eolFrom":null,
                "latest":null,"someNewField":{"nested":[1,2]}}"#,
    );
    let p = parse_api_product(json.as_bytes()).expect("lenient on optional fields");
    assert_eq!(p.releases[0].release_date, None);
    assert!(!p.releases[0].lts);
}

#[test]
fn stored_json_round_trips() {
    let mut p = parse_api_product(DEBIAN).expect("debian parses");
    p.etag = Some("\"abc\"".into());
    let json = serde_json::to_vec(&p).expect("serialises");
    assert_eq!(serde_json::from_slice::<Product>(&json).expect("deserialises"), p);
}

#[test]
fn product_names() {
    for ok in ["debian", "alpine-linux", "windows-server", "x.y_z"] {
        assert!(valid_product_name(ok), "{ok}");
    }
    for bad in ["", ".", "..", "a/b", "a b", "ä", "a?x=1", &"a".repeat(65)] {
        assert!(!valid_product_name(bad), "{bad}");
    }
}

proptest! {
    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_api_product(&bytes);
    }

    #[test]
    fn never_panics_on_mangled_fixture(cuts in proptest::collection::vec((0usize..4096, any::<u8>()), 1..8)) {
        let mut bytes = ROUTEROS[..4096.min(ROUTEROS.len())].to_vec();
        bytes.extend_from_slice(b"]}}");
        for (at, byte) in cuts {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        let _ = parse_api_product(&bytes);
    }

    #[test]
    fn never_panics_on_release_fields(
        name in ".{0,70}",
        day in "[0-9-]{0,12}",
        eol in prop_oneof![Just("true".to_owned()), Just("null".to_owned()), "\"[ -~]{0,12}\""],
    ) {
        let release = serde_json::json!({"name": name, "isEol": true, "eolFrom": day, "releaseDate": day});
        let json = minimal(&release.to_string().replace("\"isEol\":true", &format!("\"isEol\":{eol}")));
        if let Ok(p) = parse_api_product(json.as_bytes()) {
            prop_assert!(!p.releases[0].name.trim().is_empty());
        }
    }
}
