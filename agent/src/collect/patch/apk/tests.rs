use super::super::fixture;
use super::*;
use proptest::prelude::*;

const ALPINE318: &str = include_str!("../fixtures/apk-version-alpine318.txt");
const VULS: &str = include_str!("../fixtures/apk-version-vuls.txt");
const MISSING_INDEX: &str = include_str!("../fixtures/apk-missing-index.stderr.txt");
const INSTALLED: &str = include_str!("../fixtures/apk-installed-trivy.txt");

#[test]
fn version_list_splits_names_from_versions() {
    let packages = parse_version_list(fixture(ALPINE318)).expect("header");
    assert_eq!(packages.len(), 14);
    let bundle = &packages[6];
    assert_eq!(bundle.name, "ca-certificates-bundle");
    assert_eq!(bundle.installed.as_deref(), Some("20241121-r1"));
    assert_eq!(bundle.candidate, "20250911-r0");
    assert!(packages.iter().all(|p| !p.security));
    let vuls = parse_version_list(fixture(VULS)).expect("header");
    let names: Vec<_> = vuls.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["libcrypto1.0", "libssl1.0", "nrpe"]);
}

#[test]
fn only_the_header_means_nothing_pending_and_no_header_means_unknown() {
    assert_eq!(parse_version_list("Installed:                                Available:\n"), Some(vec![]));
    assert_eq!(parse_version_list(""), None);
    assert_eq!(parse_version_list(fixture(MISSING_INDEX)), None);
}

#[test]
fn a_missing_index_is_detected() {
    assert_eq!(
        missing_index(fixture(MISSING_INDEX)),
        Some("WARNING: Ignoring APKINDEX.adfa7ceb.tar.gz: No such file or directory")
    );
    assert_eq!(missing_index(""), None);
}

#[test]
fn container_databases_have_no_kernel() {
    assert!(installed_kernels(fixture(INSTALLED)).is_empty());
    // The record shape of a kernel package, reduced to the lines read.
    let lts =
        "P:linux-lts\nV:6.6.31-r0\nF:boot\nR:System.map-lts\nR:vmlinuz-lts\n\nP:linux-firmware-none\nV:20240513-r0\n";
    assert_eq!(installed_kernels(lts), ["6.6.31-0-lts"]);
}

proptest! {
    #[test]
    fn parsers_never_panic(text in "\\PC*") {
        let _ = parse_version_list(&text);
        let _ = installed_kernels(&text);
        let _ = missing_index(&text);
        let _ = split_name_version(&text);
    }

    #[test]
    fn version_rows_never_panic(rows in "(Installed: Available:\n)?([a-z0-9.-]{0,16} +< +[a-z0-9.-]{0,8}\n){0,8}") {
        let _ = parse_version_list(&rows);
    }
}
