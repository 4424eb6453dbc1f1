use super::super::{command, fixture};
use super::*;
use proptest::prelude::*;

const LAB: &str = include_str!("../fixtures/dnf-check-update-lab.txt");
const LAB_NONE: &str = include_str!("../fixtures/dnf-check-update-none-lab.txt");
const LAB_SECURITY: &str = include_str!("../fixtures/dnf-updateinfo-security-lab.txt");
const LAB_NO_CACHE: &str = include_str!("../fixtures/dnf-nocache-lab.stderr.txt");
const LAB_NO_REPOS: &str = include_str!("../fixtures/dnf-norepos-lab.stderr.txt");
const DNF4_OBSOLETING: &str = include_str!("../fixtures/dnf4-obsoleting-fedora36.txt");
const DNF4_INSTALLED_OBSOLETING: &str = include_str!("../fixtures/dnf4-obsoleting-installed-openmandriva.txt");
const DNF5: &str = include_str!("../fixtures/dnf5-check-upgrade-fedora44.txt");
const DNF5_ADVISORIES: &str = include_str!("../fixtures/dnf5-advisory-list.txt");
const YUM_OBSOLETES: &str = include_str!("../fixtures/yum-check-update-rhel7-obsoletes.txt");
const YUM_WRAPPED: &str = include_str!("../fixtures/yum-check-update-wrapped.txt");
const YUM_WRAPPED_REPO: &str = include_str!("../fixtures/yum-check-update-wrapped-repo.txt");
const YUM_PLUGIN_ERROR: &str = include_str!("../fixtures/yum-plugin-load-error.txt");
const YUM_SECURITY: &str = include_str!("../fixtures/yum-updateinfo-security-rhel7.txt");
const YUM_SECURITY_HEADER: &str = include_str!("../fixtures/yum-updateinfo-plugins-header.txt");

fn names(candidates: &[Candidate]) -> Vec<&str> {
    candidates.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn dnf_lab_output_with_obsoletes() {
    let c = parse_check_update(fixture(LAB));
    assert_eq!(
        names(&c),
        [
            "curl",
            "openssl-libs",
            "python3-a-rather-long-package-name-to-force-wrapping-of-columns",
            "vim-enhanced",
            "newtool"
        ]
    );
    assert_eq!(
        c[1],
        Candidate {
            name: "openssl-libs".into(),
            arch: "noarch".into(),
            version: "1:3.0.7-27.el9".into(),
            repo: "lab".into()
        }
    );
    assert!(parse_check_update(fixture(LAB_NONE)).is_empty());
}

#[test]
fn obsoleting_packages_count_once_and_obsoleted_ones_not_at_all() {
    let c = parse_check_update(fixture(DNF4_OBSOLETING));
    assert_eq!(names(&c), ["kernel-headers", "python3-dnf-plugins-core"]);
    let installed = parse_check_update(fixture(DNF4_INSTALLED_OBSOLETING));
    assert_eq!(names(&installed), ["gwenview"], "entries from @repositories are installed already");
    let dnf5 = parse_check_update(fixture(DNF5));
    assert_eq!(dnf5.len(), 5, "two obsoleting packages repeat upgrades: {dnf5:?}");
    assert_eq!(dnf5[3].arch, "aarch64");
}

#[test]
fn yum_output_with_wrapped_rows_and_obsoletes() {
    let c = parse_check_update(fixture(YUM_OBSOLETES));
    assert_eq!(c.len(), 18, "12 updates + 6 obsoleting: {:?}", names(&c));
    assert!(!names(&c).contains(&"pyxdg") && !names(&c).contains(&"python-bugzilla-develdashboardfixes"));
    assert_eq!(c[0].version, "1:1.2.6-1.el7");
    let wrapped = parse_check_update(fixture(YUM_WRAPPED));
    assert_eq!(names(&wrapped)[1], "libtiff");
    assert_eq!(wrapped[0].repo, "addons");
    assert_eq!(wrapped[0].version, "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1-0");
    let repo = parse_check_update(fixture(YUM_WRAPPED_REPO));
    assert_eq!(repo.len(), 7);
    assert_eq!(repo[0].repo, "rhelosp-9.0-director-puddle");
    assert!(parse_check_update(fixture(YUM_PLUGIN_ERROR)).is_empty());
}

#[test]
fn security_advisories_name_packages_in_every_format() {
    let lab = parse_security_packages(fixture(LAB_SECURITY));
    let expected: HashSet<_> =
        [("curl", "noarch"), ("openssl-libs", "noarch")].iter().map(|(n, a)| (n.to_string(), a.to_string())).collect();
    assert_eq!(lab, expected);
    let yum = parse_security_packages(fixture(YUM_SECURITY));
    assert!(yum.contains(&("dbus-libs".to_string(), "x86_64".to_string())), "epoch inside the NEVRA");
    assert!(yum.contains(&("elfutils-default-yama-scope".to_string(), "noarch".to_string())));
    assert_eq!(yum.len(), 13);
    assert_eq!(parse_security_packages(fixture(YUM_SECURITY_HEADER)).len(), 2);
    assert_eq!(parse_security_packages(fixture(DNF5_ADVISORIES)), [("flac".to_string(), "x86_64".to_string())].into());
    assert!(
        parse_security_packages("Last metadata expiration check: 0:00:13 ago on Wed Nov 25 02:18:39 2026.").is_empty()
    );
}

#[test]
fn a_missing_cache_is_detected_although_dnf_exits_0() {
    assert_eq!(skipped_repositories(fixture(LAB_NO_CACHE)), Some("Error: Cache-only enabled but no cache for 'lab'"));
    assert_eq!(skipped_repositories("Ignoring repositories: epel\n"), Some("Ignoring repositories: epel"));
    assert_eq!(skipped_repositories(""), None);
    let detail = command::failure_detail(Some(1), fixture(LAB_NO_REPOS), "");
    assert!(detail.starts_with("exited with status 1: Error: There are no enabled repositories"), "{detail}");
}

proptest! {
    #[test]
    fn parsers_never_panic(text in "\\PC*") {
        let _ = parse_check_update(&text);
        let _ = parse_security_packages(&text);
        let _ = skipped_repositories(&text);
    }

    #[test]
    fn table_like_input_never_panics(text in "([ \\t]{0,3}[a-z0-9._:@-]{0,12}([ \\t]+[a-z0-9._:@-]{0,12}){0,3}\n){0,12}") {
        let _ = parse_check_update(&text);
        let _ = parse_security_packages(&text);
    }
}
