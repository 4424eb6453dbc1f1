use super::super::fixture;
use super::*;
use proptest::prelude::*;

const LU: &str = include_str!("../fixtures/zypper-lu-lab.txt");
const LU_NONE: &str = include_str!("../fixtures/zypper-lu-none-lab.txt");
const LU_SKIPPED: &str = include_str!("../fixtures/zypper-lu-skipped-lab.txt");
const LU_SKIPPED_ERR: &str = include_str!("../fixtures/zypper-lu-skipped-lab.stderr.txt");
const LU_LEAP: &str = include_str!("../fixtures/zypper-lu-leap156.txt");
const LP: &str = include_str!("../fixtures/zypper-lp-security-lab.txt");
const LP_NONE: &str = include_str!("../fixtures/zypper-lp-none-lab.txt");
const LP_SLES: &str = include_str!("../fixtures/zypper-lp-sles12-two-tables.txt");
const LP_OLD: &str = include_str!("../fixtures/zypper-lp-old-columns.txt");
const INFO: &str = include_str!("../fixtures/zypper-info-patch-lab.txt");
const HISTORY_LOG: &str = include_str!("../fixtures/zypp-history-lab.log");
const NO_REPOS: &str = include_str!("../fixtures/zypper-lu-norepos.txt");

#[test]
fn list_updates_gives_installed_and_candidate_versions() {
    let packages = parse_list_updates(fixture(LU)).expect("table");
    assert_eq!(packages.len(), 4);
    assert_eq!(packages[1].name, "openssl-libs");
    assert_eq!(packages[1].installed.as_deref(), Some("1:3.0.7-24.el9"));
    assert_eq!(packages[1].candidate, "1:3.0.7-27.el9");
    let leap = parse_list_updates(fixture(LU_LEAP)).expect("table");
    assert_eq!((leap[0].name.as_str(), leap[0].candidate.as_str()), ("git-core", "2.43.0-150600.3.3.1"));
}

#[test]
fn no_updates_is_zero_but_unrecognised_output_is_not() {
    assert_eq!(parse_list_updates(fixture(LU_NONE)), Some(vec![]));
    assert_eq!(parse_list_updates(""), None);
    assert_eq!(parse_list_updates(fixture(LU_SKIPPED_ERR)), None);
    // Without repositories zypper also says "No updates found.": the warning decides.
    assert_eq!(
        no_repositories(fixture(NO_REPOS)),
        Some(
            "Warning: No repositories defined. Operating only with the installed resolvables. Nothing can be installed."
        )
    );
    assert_eq!(no_repositories(fixture(LU_NONE)), None);
}

#[test]
fn a_skipped_repository_is_visible_in_the_output() {
    // zypper exits 106 here; the table alone would look complete.
    assert_eq!(parse_list_updates(fixture(LU_SKIPPED)).map(|p| p.len()), Some(4));
    assert!(fixture(LU_SKIPPED).contains("Warning: Skipping repository 'broken' because of the above error."));
}

#[test]
fn needed_security_patches_in_every_table_layout() {
    assert_eq!(parse_needed_patches(fixture(LP), Some("security")), ["LAB-2024:0001"]);
    assert!(parse_needed_patches(fixture(LP_NONE), Some("security")).is_empty());
    assert_eq!(parse_needed_patches(fixture(LP_SLES), Some("security")), ["SUSE-SLE-SERVER-12-SP2-2017-1252"]);
    assert_eq!(parse_needed_patches(fixture(LP_SLES), None).len(), 2);
    assert_eq!(parse_needed_patches(fixture(LP_OLD), None).len(), 3);
    assert!(parse_needed_patches(fixture(LP_OLD), Some("security")).is_empty());
}

#[test]
fn patch_conflicts_name_the_fixed_packages() {
    let names = parse_patch_packages(fixture(INFO));
    assert_eq!(names, HashSet::from(["openssl-libs".to_string(), "curl".to_string()]));
    assert!(parse_patch_packages("Conflicts   : [1]\n    libcurl4.x86_64 < 8.0.1-1\n").contains("libcurl4"));
}

#[test]
fn history_takes_the_newest_install_line() {
    assert_eq!(
        last_history_install(fixture(HISTORY_LOG)).map(|t| t.to_string()).as_deref(),
        Some("2026-11-25 02:19:46")
    );
    assert_eq!(last_history_install("2026-11-25 02:18:56|radd   |lab|file:/x|\n"), None);
}

proptest! {
    #[test]
    fn parsers_never_panic(text in "\\PC*") {
        let _ = parse_list_updates(&text);
        let _ = parse_needed_patches(&text, Some("security"));
        let _ = parse_patch_packages(&text);
        let _ = last_history_install(&text);
    }

    #[test]
    fn table_like_input_never_panics(text in "(([a-z ]{0,6}\\|){0,6}[a-z ]{0,6}\n|-{1,3}\\+-{1,3}\n|Conflicts : \\[1\\]\n| +[a-z.]{0,8} < [0-9.]{0,4}\n){0,10}") {
        let _ = parse_list_updates(&text);
        let _ = parse_needed_patches(&text, None);
        let _ = parse_patch_packages(&text);
    }
}
