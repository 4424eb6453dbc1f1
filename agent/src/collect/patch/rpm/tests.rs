use super::super::fixture;
use super::*;
use proptest::prelude::*;

const LAB_NO_PLUGIN: &str = include_str!("../fixtures/dnf-needs-restarting-missing-lab.stderr.txt");
const LAB_RPM: &str = include_str!("../fixtures/rpm-qa-lab.txt");
const NEEDS_RESTARTING: &str = include_str!("../fixtures/needs-restarting-messages.txt");

#[test]
fn rpm_query_gives_versions_kernels_and_last_install() {
    let db = parse_rpm_query(fixture(LAB_RPM));
    assert_eq!(db.last_install, Some(1_795_573_186));
    assert_eq!(
        db.installed.get(&("openssl-libs".into(), "noarch".into())).map(|v| v.0.as_str()),
        Some("1:3.0.7-24.el9")
    );
    assert_eq!(db.kernels, ["5.14.0-427.13.1.el9_4.x86_64", "5.14.0-427.18.1.el9_4.x86_64"]);
    assert_eq!(
        db.installed.get(&("kernel-core".into(), "x86_64".into())).map(|v| v.0.as_str()),
        Some("5.14.0-427.18.1.el9_4")
    );
}

#[test]
fn needs_restarting_is_read_from_its_text() {
    assert_eq!(parse_needs_restarting(fixture(NEEDS_RESTARTING), Some(1)), Some(true));
    let not_needed =
        "No core libraries or services have been updated since boot-up.\nReboot should not be necessary.\n";
    assert_eq!(parse_needs_restarting(not_needed, Some(0)), Some(false));
    // The plugin is missing: exit 1 like "reboot required", but no answer.
    assert_eq!(parse_needs_restarting("", Some(1)), None);
    assert!(fixture(LAB_NO_PLUGIN).starts_with("No such command: needs-restarting"));
}

proptest! {
    #[test]
    fn parsers_never_panic(text in "\\PC*") {
        let _ = parse_rpm_query(&text);
        let _ = parse_needs_restarting(&text, None);
    }
}
